"""A course: the shipped lessons, or an instructor's course folder laid over them.

The shipped lessons folder holds one Markdown file per lesson, `course.toml` (the course's
title and its lessons in lecture order) and `code/` (code-export templates). A course folder
(`tui-tutor --lessons DIR`) may hold any of these: a lesson file whose id is a shipped one
replaces it, a new id adds a lesson (after the lesson its `after = "id"` names, else at the
end), a `course.toml` sets the title and the order, and `code/NAME.py` replaces a template.
Lesson files are named freely: the order never comes from file names, so inserting a lesson
renumbers nothing.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from tui_tutor.content.cache import cached
from tui_tutor.content.model import Course, Lesson
from tui_tutor.content.needs import needs_of
from tui_tutor.content.problems import LessonError, Locator, Problem

COURSE_FILE = "course.toml"
CODE_FOLDER = "code"
LESSONS_ENV = "TUI_TUTOR_LESSONS"
"""A course folder named by the environment, as `--lessons` does."""


def lessons_dir() -> Path:
    """Where the shipped lesson files are: inside the installed package, or the source tree's `lessons/`."""
    shipped = Path(__file__).resolve().parents[1] / "lessons"  # the package's own folder
    return shipped if shipped.is_dir() else Path(__file__).resolve().parents[2] / "lessons"


def course_folder(given: str | None) -> Path | None:
    """The course folder from `--lessons` (given) or `TUI_TUTOR_LESSONS`, if any."""
    text = given if given is not None else os.environ.get(LESSONS_ENV, "")
    return Path(text).expanduser() if text else None


def course_files(folder: Path | None) -> list[Path]:
    """Every file a course is made of (shipped, then the folder's): what a change to invalidates it."""
    files = []
    for base in (lessons_dir(), folder):
        if base is not None and base.is_dir():
            files += sorted(base.glob("*.md")) + sorted(base.glob(COURSE_FILE)) + sorted((base / CODE_FOLDER).glob("*.py"))
    return files


def load_course(folder: Path | None = None) -> Course:
    """The course: shipped lessons, with `folder`'s lessons laid over them.

    Raises:
        LessonError: listing every problem of every file (see `problems.py`).
    """
    if folder is not None and not folder.is_dir():  # (its files would be none: the shipped course's key)
        raise LessonError(Problem(str(folder), 0, "is not a folder", "name a folder holding lesson files (*.md)"))
    return cached(course_files(folder), lambda: _strict(*read_course(folder)[:2]))


def load_lessons(folder: Path | None = None) -> tuple[Lesson, ...]:
    """The course's lessons in lecture order."""
    return load_course(folder).lessons


def _strict(course: Course, problems: list[Problem]) -> Course:
    if problems:
        raise LessonError(problems)
    return course


def read_course(folder: Path | None) -> tuple[Course, list[Problem], list[Lesson]]:
    """Every lesson that reads well, in order; every problem of every file; and the lessons
    with problems as far as they could be read (`check` looks further into them)."""
    from tui_tutor.content.loader import load_lesson

    if folder is not None and not folder.is_dir():
        return Course("", ()), [Problem(str(folder), 0, "is not a folder", "name a folder holding lesson files (*.md)")], []
    problems: list[Problem] = []
    by_id: dict[str, Lesson] = {}
    settings: dict[str, Any] = {}
    added: list[Lesson] = []
    partial: list[Lesson] = []
    for base in (lessons_dir(), folder):
        if base is None:
            continue
        settings.update(_course_settings(base / COURSE_FILE, problems))
        for path in sorted(base.glob("*.md")):
            try:
                lesson = load_lesson(path)
            except LessonError as err:
                problems += err.problems
                if isinstance(err.partial, Lesson):
                    partial.append(err.partial)
                continue
            if base == folder and lesson.id not in by_id:
                added.append(lesson)
            elif base != folder and lesson.id in by_id:
                problems.append(Problem(str(path), 2, f"a second lesson with the id {lesson.id!r}",
                                        f"ids are unique; {by_id[lesson.id].source} has it already"))
            by_id[lesson.id] = lesson
    if not by_id and not problems:
        problems.append(Problem(str(folder or lessons_dir()), 0, "no lesson files", "add lesson files (*.md)"))
    order = _order(settings, by_id, added, problems)
    code = _templates(folder)
    lessons = []
    for number, lesson_id in enumerate(order, start=1):
        lesson = replace(by_id[lesson_id], number=number)
        lessons.append(_with_code(lesson, code, problems))
    title = settings.get("title", "")
    return Course(title=title if isinstance(title, str) else "", lessons=tuple(lessons),
                  subtitle=str(settings.get("subtitle", ""))), problems, partial


def _course_settings(path: Path, problems: list[Problem]) -> dict[str, Any]:
    """The title, subtitle and order a `course.toml` sets ({} when there is none)."""
    import tomllib

    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
        settings = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        problems.append(Problem(str(path), 1, f"cannot be read: {err}", "fix the TOML (title = \"…\", lessons = [\"id\", …])"))
        return {}
    locate = Locator("+++\n" + text)
    for key, kind in (("title", str), ("subtitle", str), ("lessons", list)):
        if key in settings and not isinstance(settings[key], kind):
            problems.append(Problem(str(path), locate.line_of(key) - 1, f"'{key}' is {settings[key]!r}",
                                    'write title = "…" and lessons = ["id", …]'))
            settings.pop(key)
    for key in settings.keys() - {"title", "subtitle", "lessons"}:
        problems.append(Problem(str(path), locate.line_of(key) - 1, f"unknown field {key!r}", "use title, subtitle, lessons"))
    if "lessons" in settings:
        settings["lessons_line"] = (str(path), locate.line_of("lessons") - 1)
    return settings


def _order(settings: dict[str, Any], by_id: dict[str, Lesson], added: list[Lesson], problems: list[Problem]) -> list[str]:
    """Lesson ids in lecture order: the course file's list, then added lessons by `after`."""
    listed = settings.get("lessons", list(by_id))
    file, line = settings.get("lessons_line", ("course.toml", 1))
    order: list[str] = []
    for lesson_id in listed:
        if lesson_id not in by_id:
            problems.append(Problem(file, line, f"the course lists {lesson_id!r}, which no lesson file has",
                                    f"remove it, or add a lesson file with id = \"{lesson_id}\""))
        elif lesson_id not in order:
            order.append(lesson_id)
    for lesson in added + [other for other in by_id.values() if other.id not in order and other not in added]:
        if lesson.id in order:
            continue
        if lesson.after and lesson.after not in by_id:
            problems.append(Problem(lesson.source, Locator(Path(lesson.source).read_text("utf-8")).line_of("after"),
                                    f"after {lesson.after!r}: no such lesson", f"use one of {', '.join(order)}"))
        at = order.index(lesson.after) + 1 if lesson.after in order else len(order)
        order.insert(at, lesson.id)
    return order


def _templates(folder: Path | None) -> dict[str, str]:
    """Code-export templates by name: shipped, then the folder's."""
    code: dict[str, str] = {}
    for base in (lessons_dir(), folder):
        if base is not None:
            for path in sorted((base / CODE_FOLDER).glob("*.py")):
                code[path.stem] = path.read_text(encoding="utf-8")
    return code


def _with_code(lesson: Lesson, code: dict[str, str], problems: list[Problem]) -> Lesson:
    """The lesson with its panel's code-export templates; a missing one is a problem."""
    needs = needs_of(lesson.panel)
    if needs is None:
        return lesson
    mine = {}
    for export in needs.exports:
        if export.name in code:
            mine[export.name] = code[export.name]
        else:
            problems.append(Problem(f"{CODE_FOLDER}/{export.name}.py", 0, f"the {lesson.panel} panel's code template is missing",
                                    f"add {CODE_FOLDER}/{export.name}.py to the lessons folder"))
    return replace(lesson, code=mine)
