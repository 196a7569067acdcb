"""Lesson files: every shipped one loads and checks; a bad one is refused with FILE:LINE and what to write."""

from __future__ import annotations

import re

import pytest

from tui_tutor.content import LessonError, lessons_dir, load_course, load_lessons
from tui_tutor.content.check import check_course
from tui_tutor.content.loader import PARAM_TYPES, load_lesson, parse_lesson
from tui_tutor.content.needs import known_panels, needs_of
from tui_tutor.panels import panel_class

GOOD = """+++
id = "demo"
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


def lesson_map() -> list[str]:
    """The lesson ids in lecture order, as the shipped course file lists them."""
    import tomllib

    return tomllib.loads((lessons_dir() / "course.toml").read_text(encoding="utf-8"))["lessons"]


def test_every_shipped_lesson_loads_in_course_order():
    course = load_course()
    assert course.title == "Deep Learning Fundamentals II"
    assert [lesson.id for lesson in course.lessons] == lesson_map()
    assert [lesson.number for lesson in course.lessons] == list(range(1, len(course.lessons) + 1))
    for lesson in course.lessons:
        assert lesson.sections and all(s.body for s in lesson.sections)
        assert len(lesson.questions) >= 2
        assert all(p.type in PARAM_TYPES for p in lesson.params)


def test_every_shipped_lesson_passes_check():
    """`tui-tutor check`: every numeric answer recomputed, ids unique, templates complete."""
    assert check_course(load_course().lessons) == []


def test_every_panel_has_a_declaration_and_every_declared_view_is_used():
    lessons = load_lessons()
    for lesson in lessons:
        if lesson.panel:
            needs = needs_of(lesson.panel)
            assert needs is not None and panel_class(lesson.panel) is not None
            assert {s.view for s in lesson.sections} == {v.name for v in needs.views}, lesson.id
    assert sorted({lesson.panel for lesson in lessons if lesson.panel}) == known_panels()


LECTURE_QUESTIONS = {  # the questions the lecture asks its students (the lesson map), by lesson
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


def test_good_file_parses():
    lesson = parse_lesson("demo.md", GOOD)
    assert [s.title for s in lesson.sections] == ["First", "Second"]
    assert [s.line for s in lesson.sections] == [29, 33]
    assert lesson.param("x").default == (1.0, 2.0)
    assert lesson.questions[0].answer == 1


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        ('id = "demo"', 'id = "Demo Lesson"', 2, "id 'Demo Lesson' is not lower-case words joined by '-'; write id ="),
        ('title = "Demo"\n', "", 0, "'title' is missing; write title ="),
        ('summary = "a demo"', 'summary = "a demo"\nnumber = 1', 5, "lesson numbers are not written in files any more"),
        ('type = "float_list"\ndefault = [1.0, 2.0]\nlength = [1, 3]\n\n[[params]]\nname = "w"',
         'type = "matrix"\ndefault = [1.0, 2.0]\nlength = [1, 3]\n\n[[params]]\nname = "w"', 8,
         "unknown parameter type 'matrix'; write one of float, int, choice, float_list"),
        ("length = [1, 3]\nsame", "length = [1, 1]\nsame", 15, "w: the default 2 values; expected 1 to 1"),
        ("answer = 1", "answer = 5", 24, "answer 5 is not a choice's index; write an index from 0"),
        ('explanation = "because"', "", 19, "'questions[0].explanation' is missing"),
        ('hint = "look"\n', "", 19, "'questions[0].hint' is missing"),
        ("answer = 1", "answer = 1\nordered = 1", 25, "'questions[0].ordered' is 1; write ordered = true or false"),
        ("## First\n\ntext\n\n## Second", "# First\n\ntext\n\n# Second", 29, "the lesson has no steps"),
        ('kind = "choice"', 'kind = "essay"', 21, "unknown question kind 'essay'; write one of choice, numeric"),
        ("## First", "## First {view=explore}", 29, "a lesson without a panel has no views"),
        ("## First", "## First {colour=red}", 29, "unknown heading setting 'colour'"),
        ('summary = "a demo"', 'summary = "a demo"\nmood = "happy"', 5, "unknown field 'mood'"),
    ],
)
def test_bad_file_says_file_line_and_what_to_write(old, new, line, expected):
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    with pytest.raises(LessonError) as err:
        parse_lesson("broken.md", text)
    first = err.value.problems[0]
    assert expected in str(first)
    if line:
        assert first.file == "broken.md" and first.line == line, str(first)
        assert str(first).startswith(f"broken.md:{line}: ")


def test_invalid_toml_names_its_line():
    with pytest.raises(LessonError) as err:
        parse_lesson("broken.md", GOOD.replace('summary = "a demo"', 'summary = "a demo'))
    assert err.value.problems[0].line == 4 and "front matter is not valid TOML" in str(err.value)


def test_every_problem_of_a_file_is_listed():
    text = GOOD.replace('kind = "choice"', 'kind = "essay"').replace('id = "demo"', 'id = "Demo"')
    with pytest.raises(LessonError) as err:
        parse_lesson("broken.md", text)
    assert len(err.value.problems) == 2


def test_a_list_that_follows_another_must_match_its_default_length():
    text = GOOD.replace('default = [1.0, 2.0]\nlength = [1, 3]\nsame', 'default = [1.0]\nlength = [1, 3]\nsame')
    with pytest.raises(LessonError, match="x and w need the same length"):
        parse_lesson("broken.md", text)


def test_missing_front_matter():
    with pytest.raises(LessonError, match="^notes.md:1: no front matter"):
        parse_lesson("notes.md", "## Only prose\n\ntext")


def test_unreadable_file(tmp_path):
    path = tmp_path / "binary.md"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(LessonError, match="binary.md: cannot be read"):
        load_lesson(path)


PANEL_LESSON = (lessons_dir() / "04-loss-functions.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("## The many names {view=names}", "## The many names {view=nmaes}",
         "panel 'loss-functions' has no view 'nmaes'; write {view=NAME} with NAME one of explore, names"),
        ('name = "y_hat"', 'name = "yhat"', "panel 'loss-functions' needs a parameter 'y_hat' (float)"),
        ('panel = "loss-functions"', 'panel = "loss-function"', "unknown panel 'loss-function'; write one of"),
        ("## The many names {view=names}", '## The many names {view=names scenario="nope"}',
         "no scenario is called 'nope'"),
    ],
)
def test_a_lesson_is_checked_against_its_panel(old, new, expected):
    text = PANEL_LESSON.replace(old, new, 1)
    assert text != PANEL_LESSON
    with pytest.raises(LessonError) as err:
        parse_lesson("loss.md", text)
    assert any(expected in str(p) for p in err.value.problems), err.value.problems
    lines = text.splitlines()
    for problem in err.value.problems:
        assert 1 <= problem.line <= len(lines)


def test_sections_keep_the_view_before_them_so_prose_can_be_inserted_anywhere():
    extra = "## An aside\n\nA section an instructor inserted.\n\n"
    text = PANEL_LESSON.replace("## Same minimum, different penalties", extra + "## Same minimum, different penalties")
    lesson = parse_lesson("loss.md", text)
    views = {s.title: s.view for s in lesson.sections}
    assert views["An aside"] == "explore" and views["The many names"] == "names"
    removed = re.sub(r"## Move ŷ, watch the losses\n.*?(?=## )", "", PANEL_LESSON, flags=re.DOTALL)
    assert [s.view for s in parse_lesson("loss.md", removed).sections] == ["explore", "explore", "names", "names"]


def test_lesson_cache_is_a_shortcut_only(tmp_path, monkeypatch):
    from tui_tutor.content import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(cache, "_IN_MEMORY", {})
    files = sorted(lessons_dir().glob("*.md"))
    built = []
    first = cache.cached(files, lambda: built.append(1) or ("parsed",))
    cache._IN_MEMORY.clear()
    second = cache.cached(files, lambda: built.append(1) or ("again",))
    assert first == second == ("parsed",) and built == [1], "read back from the disk"
    cache._IN_MEMORY.clear()
    (next(tmp_path.rglob("*.pickle"))).write_bytes(b"garbage")
    assert cache.cached(files, lambda: ("rebuilt",)) == ("rebuilt",), "a broken cache is rebuilt"
    cache._IN_MEMORY.clear()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    (tmp_path / "file").write_text("not a folder")
    assert cache.cached(files, lambda: ("no cache",)) == ("no cache",), "an unwritable cache costs nothing"


def test_every_code_fence_names_its_language():
    """A bare ``` makes Textual's Markdown guess the language with Pygments, which imports
    every lexer it has (about 250 modules, several MB per session): name it (```text)."""
    for path in sorted(lessons_dir().glob("*.md")):
        fences = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("```")]
        openings = fences[::2]
        assert all(line.strip("`").strip() for line in openings), f"{path.name}: a code fence without a language"
