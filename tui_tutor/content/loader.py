"""Read and validate lesson files: Markdown with a TOML front matter between `+++` lines.

A file that does not fit fails with a LessonError naming the file, the field
and what was expected; nothing else escapes from here.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from tui_tutor.content.cache import cached
from tui_tutor.content.model import Lesson, Param, ParamValue, Question, Section
from tui_tutor.content.values import check_together, parse_value

PARAM_TYPES = ("float", "int", "choice", "float_list")
QUESTION_KINDS = ("choice", "numeric")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class LessonError(Exception):
    """A lesson file is missing or malformed; the message says where and what."""


class _Fields:
    """Typed access to one TOML table, raising LessonError with the field's path."""

    def __init__(self, file: str, table: dict[str, Any], where: str = "") -> None:
        self.file, self.table, self.where = file, table, where

    def fail(self, key: str, expected: str) -> LessonError:
        got = self.table.get(key, "nothing")
        return LessonError(f"{self.file}: field '{self.where}{key}': expected {expected}, got {got!r}")

    def get(self, key: str, kind: type | tuple[type, ...], expected: str, default: Any = ...) -> Any:
        if key not in self.table:
            if default is ...:
                raise self.fail(key, expected)
            return default
        value = self.table[key]
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise self.fail(key, expected)
        if not isinstance(value, kind):
            raise self.fail(key, expected)
        return value

    def text(self, key: str, default: Any = ...) -> str:
        value = self.get(key, str, "a non-empty string", default)
        if value == "" and default is ...:
            raise self.fail(key, "a non-empty string")
        return value

    def number(self, key: str, default: Any = ...) -> float | None:
        value = self.get(key, (int, float), "a number", default)
        return None if value is None else float(value)

    def strings(self, key: str, default: Any = ...) -> tuple[str, ...]:
        value = self.get(key, list, "a list of strings", default)
        if not all(isinstance(v, str) for v in value):
            raise self.fail(key, "a list of strings")
        return tuple(value)


def _param(file: str, table: dict[str, Any], index: int) -> Param:
    f = _Fields(file, table, f"params[{index}].")
    name = f.text("name")
    kind = f.text("type")
    if kind not in PARAM_TYPES:
        raise f.fail("type", f"one of {', '.join(PARAM_TYPES)}")
    length = f.get("length", list, "[min, max] list length", [1, 1])
    if len(length) != 2 or not all(isinstance(n, int) and n >= 1 for n in length) or length[0] > length[1]:
        raise f.fail("length", "[min, max] with 1 ≤ min ≤ max")
    param = Param(
        name=name, type=kind, default=0, label=f.text("label", name), help=f.text("help", ""),
        min=f.number("min", None), max=f.number("max", None), step=f.number("step", 0.1),
        choices=f.strings("choices", ()), min_length=length[0], max_length=length[1],
        same_length_as=f.text("same_length_as", ""),
    )
    if kind == "choice" and not param.choices:
        raise f.fail("choices", "a non-empty list of strings for a choice parameter")
    if "default" not in table:
        raise f.fail("default", f"a default value of type {kind}")
    default_text = _as_text(param, table["default"])
    try:
        default = parse_value(param, default_text)
    except ValueError as err:
        raise LessonError(f"{file}: field 'params[{index}].default': {err}") from None
    return Param(**{**{s: getattr(param, s) for s in Param.__slots__}, "default": default})


def _as_text(param: Param, raw: Any) -> str:
    """A TOML value in the text form `parse_value` reads."""
    if param.type == "float_list" and isinstance(raw, list):
        return ",".join(str(v) for v in raw)
    return str(raw)


def _question(file: str, table: dict[str, Any], index: int) -> Question:
    f = _Fields(file, table, f"questions[{index}].")
    kind = f.text("kind")
    if kind not in QUESTION_KINDS:
        raise f.fail("kind", f"one of {', '.join(QUESTION_KINDS)}")
    choices = f.strings("choices", ())
    if kind == "choice":
        if len(choices) < 2:
            raise f.fail("choices", "at least two choices")
        answer = f.get("answer", int, f"an index from 0 to {len(choices) - 1}")
        if not 0 <= answer < len(choices):
            raise f.fail("answer", f"an index from 0 to {len(choices) - 1}")
    else:
        answer = f.number("answer")
    tolerance = f.number("tolerance", 0.0)
    if tolerance < 0:
        raise f.fail("tolerance", "a number ≥ 0")
    return Question(
        id=f.text("id"), kind=kind, prompt=f.text("prompt"), explanation=f.text("explanation"),
        hint=f.text("hint"), choices=choices, answer=answer, tolerance=tolerance,
        source=f.text("source", ""), ordered=f.get("ordered", bool, "true or false", False),
    )


def _scenarios(file: str, raw: Any, params: tuple[Param, ...]) -> tuple:
    if not isinstance(raw, list):
        raise LessonError(f"{file}: field 'scenarios': expected a list of tables, got {raw!r}")
    by_name = {p.name: p for p in params}
    out = []
    for i, table in enumerate(raw):
        f = _Fields(file, table, f"scenarios[{i}].")
        name = f.text("name")
        values: dict[str, ParamValue] = {}
        for key, value in f.get("set", dict, "a table of parameter values").items():
            if key not in by_name:
                raise f.fail("set", f"parameters of this lesson ({', '.join(by_name)}), not {key!r}")
            try:
                values[key] = parse_value(by_name[key], _as_text(by_name[key], value))
            except ValueError as err:
                raise LessonError(f"{file}: field 'scenarios[{i}].set.{key}': {err}") from None
        out.append((name, tuple(values.items())))
    return tuple(out)


def _sections(file: str, body: str) -> tuple[Section, ...]:
    """Split the Markdown body into steps at each `## ` heading."""
    parts = re.split(r"^## +(.+)$", body, flags=re.MULTILINE)
    sections = [Section(title.strip(), text.strip()) for title, text in zip(parts[1::2], parts[2::2])]
    if not sections:
        raise LessonError(f"{file}: body: expected at least one '## ' section heading")
    return tuple(sections)


def parse_lesson(file: str, text: str) -> Lesson:
    """Validate the text of one lesson file (named `file` in messages)."""
    import tomllib  # only when the per-user cache misses (see cache.py)

    match = re.match(r"\A\+\+\+\s*\n(.*?)\n\+\+\+\s*\n(.*)\Z", text, flags=re.DOTALL)
    if not match:
        raise LessonError(f"{file}: expected a TOML front matter between '+++' lines at the top")
    try:
        meta = tomllib.loads(match.group(1))
    except tomllib.TOMLDecodeError as err:
        raise LessonError(f"{file}: front matter is not valid TOML: {err}") from None
    f = _Fields(file, meta)
    lesson_id = f.text("id")
    if not _ID.match(lesson_id):
        raise f.fail("id", "lower-case words joined by '-'")
    number = f.get("number", int, "a lesson number ≥ 1")
    if number < 1:
        raise f.fail("number", "a lesson number ≥ 1")
    params = tuple(_param(file, t, i) for i, t in enumerate(f.get("params", list, "a list of tables", [])))
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise f.fail("params", "parameters with distinct names")
    problems = check_together(params, {p.name: p.default for p in params})
    for p in params:
        if p.same_length_as and p.same_length_as not in names:
            raise LessonError(f"{file}: field 'params.{p.name}.same_length_as': expected one of {names}")
    if problems:
        name, message = next(iter(problems.items()))
        raise LessonError(f"{file}: field 'params.{name}.default': {message}")
    questions = tuple(_question(file, t, i) for i, t in enumerate(f.get("questions", list, "a list of tables", [])))
    return Lesson(
        id=lesson_id, number=number, title=f.text("title"), summary=f.text("summary"),
        sections=_sections(file, match.group(2)), panel=f.text("panel", ""), params=params,
        questions=questions, scenarios=_scenarios(file, meta.get("scenarios", []), params),
    )


def load_lesson(path: Path) -> Lesson:
    """Load and validate one lesson file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise LessonError(f"{path.name}: cannot be read: {err}") from None
    return parse_lesson(path.name, text)


def lessons_dir() -> Path:
    """Where the lesson files are: inside the installed package, or the source tree's `lessons/`."""
    shipped = Path(__file__).resolve().parents[1] / "lessons"  # the package's own folder
    return shipped if shipped.is_dir() else Path(__file__).resolve().parents[2] / "lessons"


@cache
def load_lessons(directory: Path | None = None) -> tuple[Lesson, ...]:
    """Every lesson in `directory` (default: the shipped ones), in lecture order."""
    folder = directory or lessons_dir()
    files = sorted(folder.glob("*.md"))
    if directory is None:  # the shipped lessons: parsed once per user and version, then cached
        return cached(files, lambda: _load_all(folder, files))
    return _load_all(folder, files)


def _load_all(folder: Path, files: list[Path]) -> tuple[Lesson, ...]:
    """Parse and check every lesson file of `folder`."""
    lessons = sorted((load_lesson(p) for p in files), key=lambda l: l.number)
    if not lessons:
        raise LessonError(f"{folder}: no lesson files (*.md) found")
    for a, b in zip(lessons, lessons[1:]):
        if a.number == b.number:
            raise LessonError(f"lessons {a.id} and {b.id} share the number {a.number}")
    ids = [lesson.id for lesson in lessons]
    for lesson_id in ids:
        if ids.count(lesson_id) > 1:
            raise LessonError(f"two lesson files have the id {lesson_id}")
    return tuple(lessons)
