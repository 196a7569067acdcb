"""Lesson files: every shipped one loads; a bad one fails with file, field and expectation."""

from __future__ import annotations

import pytest

from tui_tutor.content import LessonError, load_lessons, lessons_dir
from tui_tutor.content.loader import PARAM_TYPES, load_lesson, parse_lesson
from importlib.util import find_spec

from tui_tutor.panels import panel_module

LESSON_MAP_IDS = [
    "neuron", "parameterized-functions", "regression-vs-classification", "loss-functions",
    "audio-codec-objective", "why-not-difference", "l1-vs-l2", "binary-cross-entropy", "softmax",
    "cross-entropy", "mse-for-classification", "output-space", "optimization", "gradient-descent",
    "gradient-descent-3d", "backpropagation",
]

GOOD = """+++
id = "demo"
number = 1
title = "Demo"
summary = "a demo"

[[params]]
name = "x"
type = "float_list"
default = [1.0, 2.0]
length = [1, 3]

[[params]]
name = "w"
type = "float_list"
default = [1.0, 2.0]
length = [1, 3]
same_length_as = "x"

[[questions]]
id = "q1"
kind = "choice"
prompt = "?"
choices = ["a", "b"]
answer = 1
hint = "look"
explanation = "because"
+++

## First

text

## Second

more
"""


def test_every_shipped_lesson_loads():
    lessons = load_lessons()
    assert [l.number for l in lessons] == sorted(l.number for l in lessons)
    for lesson in lessons:
        assert lesson.id in LESSON_MAP_IDS
        assert lesson.number == LESSON_MAP_IDS.index(lesson.id) + 1, "numbers follow the lesson map"
        assert lesson.sections and all(s.body for s in lesson.sections)
        assert not lesson.panel or find_spec(panel_module(lesson.panel)) is not None
        assert len(lesson.questions) >= 2
        for p in lesson.params:
            assert p.type in PARAM_TYPES


LECTURE_QUESTIONS = {  # the questions the lecture asks its students (LESSONS.md), by lesson
    "why-not-difference": 1, "mse-for-classification": 1, "output-space": 1, "audio-codec-objective": 2,
    "regression-vs-classification": 1, "cross-entropy": 1, "backpropagation": 1,
}


def test_every_lecture_question_is_posed_and_every_lesson_has_two_more():
    for lesson in load_lessons():
        from_lecture = [q for q in lesson.questions if q.source == "lecture"]
        assert len(from_lecture) == LECTURE_QUESTIONS.get(lesson.id, 0), lesson.id
        assert len(lesson.questions) - len(from_lecture) >= 2, lesson.id
        for q in lesson.questions:
            assert q.hint.strip() and q.explanation.strip(), q.id


def test_files_live_in_lessons_folder():
    assert sorted(p.stem.split("-", 1)[1] for p in lessons_dir().glob("*.md")) == sorted(l.id for l in load_lessons())


def test_good_file_parses():
    lesson = parse_lesson("demo.md", GOOD)
    assert [s.title for s in lesson.sections] == ["First", "Second"]
    assert lesson.param("x").default == (1.0, 2.0)
    assert lesson.questions[0].answer == 1


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('id = "demo"', 'id = "Demo Lesson"', "field 'id': expected lower-case words joined by '-'"),
        ('title = "Demo"\n', "", "field 'title': expected a non-empty string, got 'nothing'"),
        ("number = 1", 'number = "one"', "field 'number': expected a lesson number ≥ 1"),
        ('type = "float_list"\ndefault = [1.0, 2.0]\nlength = [1, 3]\n\n[[params]]\nname = "w"',
         'type = "matrix"\ndefault = [1.0, 2.0]\nlength = [1, 3]\n\n[[params]]\nname = "w"',
         "field 'params[0].type': expected one of float, int, choice, float_list"),
        ("length = [1, 3]\nsame", "length = [1, 1]\nsame", "field 'params[1].default': 2 values; expected 1 to 1"),
        ("answer = 1", "answer = 5", "field 'questions[0].answer': expected an index from 0 to 1"),
        ('explanation = "because"', "", "field 'questions[0].explanation': expected a non-empty string"),
        ('hint = "look"\n', "", "field 'questions[0].hint': expected a non-empty string"),
        ("answer = 1", "answer = 1\nordered = 1", "field 'questions[0].ordered': expected true or false"),
        ("## First\n\ntext\n\n## Second", "# First\n\ntext\n\n# Second", "body: expected at least one '## ' section heading"),
        ('summary = "a demo"', 'summary = "a demo', "front matter is not valid TOML"),
        ('kind = "choice"', 'kind = "essay"', "field 'questions[0].kind': expected one of choice, numeric, got 'essay'"),
    ],
)
def test_bad_file_names_file_and_field(old, new, expected):
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    with pytest.raises(LessonError) as err:
        parse_lesson("broken.md", text)
    assert str(err.value).startswith("broken.md: ")
    assert expected in str(err.value)


def test_mismatched_list_defaults_are_refused():
    text = GOOD.replace('default = [1.0, 2.0]\nlength = [1, 3]\nsame', 'default = [1.0]\nlength = [1, 3]\nsame')
    with pytest.raises(LessonError, match="x and w need the same length"):
        parse_lesson("broken.md", text)


def test_missing_front_matter():
    with pytest.raises(LessonError, match="^notes.md: expected a TOML front matter"):
        parse_lesson("notes.md", "## Only prose\n\ntext")


def test_unreadable_file(tmp_path):
    path = tmp_path / "binary.md"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(LessonError, match="^binary.md: cannot be read"):
        load_lesson(path)


def test_duplicate_ids_and_numbers(tmp_path):
    (tmp_path / "a.md").write_text(GOOD)
    (tmp_path / "b.md").write_text(GOOD.replace("number = 1", "number = 2"))
    with pytest.raises(LessonError, match="two lesson files have the id demo"):
        load_lessons(tmp_path)
    (tmp_path / "b.md").write_text(GOOD.replace('id = "demo"', 'id = "other"'))
    with pytest.raises(LessonError, match="share the number 1"):
        load_lessons(tmp_path)


def test_empty_folder(tmp_path):
    with pytest.raises(LessonError, match="no lesson files"):
        load_lessons(tmp_path)


def test_lesson_cache_is_a_shortcut_only(tmp_path, monkeypatch):
    from tui_tutor.content import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    files = sorted(lessons_dir().glob("*.md"))
    built = []
    first = cache.cached(files, lambda: built.append(1) or ("parsed",))
    second = cache.cached(files, lambda: built.append(1) or ("again",))
    assert first == second == ("parsed",) and built == [1]
    (next(tmp_path.rglob("*.pickle"))).write_bytes(b"garbage")
    assert cache.cached(files, lambda: ("rebuilt",)) == ("rebuilt",), "a broken cache is rebuilt"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    (tmp_path / "file").write_text("not a folder")
    assert cache.cached(files, lambda: ("no cache",)) == ("no cache",), "an unwritable cache costs nothing"


def test_every_code_fence_names_its_language():
    """A bare ``` makes Textual's Markdown guess the language with Pygments, which imports
    every lexer it has (about 250 modules, several MB per session): name it (```text)."""
    from tui_tutor.content.loader import lessons_dir

    for path in sorted(lessons_dir().glob("*.md")):
        fences = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("```")]
        openings = fences[::2]
        assert all(line.strip("`").strip() for line in openings), f"{path.name}: a code fence without a language"
