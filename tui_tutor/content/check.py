"""`tui-tutor check [DIR]`: every lesson file (shipped, or a course folder laid over them) checked.

Structure, the panel's declaration, parameter ranges and defaults, scenario values,
question ids (unique in the whole course, as progress keys on them), hints, code-export
templates, and every numeric answer recomputed with the compute module. Prints each
problem as `FILE:LINE: what is wrong; what to write` and exits 2, or one line and 0.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from string import Template

from tui_tutor.content.course import read_course
from tui_tutor.content.model import Course, Lesson, Question
from tui_tutor.content.needs import needs_of
from tui_tutor.content.problems import Locator, Problem

RESERVED_IDS = ("serve", "check", "class", "preload", "handout", "review")
"""Words the command line reads before lesson ids: no lesson may be called so."""


def check_course(course: Course) -> list[Problem]:
    """What is wrong with a course that loaded (what the loader cannot see file by file)."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for lesson in course.lessons:
        locate = Locator(Path(lesson.source).read_text(encoding="utf-8")) if Path(lesson.source).is_file() else None

        def at(path: str) -> int:
            return locate.line_of(path) if locate is not None else 0

        if lesson.id in RESERVED_IDS:
            problems.append(Problem(lesson.source, at("id"), f"the id {lesson.id!r} is a command word",
                                    "choose another id"))
        for i, question in enumerate(lesson.questions):
            if question.id in seen and seen[question.id] != lesson.id:
                problems.append(Problem(lesson.source, at(f"questions[{i}].id"),
                                        f"question id {question.id!r} is used by lesson {seen[question.id]!r} too",
                                        "give each question of the course its own id"))
            seen.setdefault(question.id, lesson.id)
            problems += _check_answer(lesson, question, at(f"questions[{i}].answer") or at(f"questions[{i}]"))
        problems += _check_templates(lesson)
    return problems


def _check_answer(lesson: Lesson, question: Question, line: int) -> list[Problem]:
    """A numeric answer must say how it is computed, and be what the compute module computes."""
    from tui_tutor.content.recompute import recompute

    if question.kind != "numeric":
        return []
    if question.compute is None:
        return [Problem(lesson.source, line, f"the answer of {question.id!r} is not checked against the compute module",
                        'add compute = { function = "…", … } (tui-tutor check --functions lists them)')]
    try:
        value = recompute(question.compute)
    except ValueError as err:
        return [Problem(lesson.source, line, f"{question.id}: {err}", "fix the compute line")]
    allowed = max(question.tolerance, 1e-9 * max(1.0, abs(value)))
    if not math.isfinite(value) or abs(value - float(question.answer)) > allowed:
        return [Problem(lesson.source, line, f"{question.id}: the answer is {question.answer:g} but the compute module "
                        f"gives {value:.6g}", f"write answer = {value:.6g} (or fix the question)")]
    return []


def _check_templates(lesson: Lesson) -> list[Problem]:
    """A code template may only use the fields its panel fills."""
    needs = needs_of(lesson.panel)
    if needs is None:
        return []
    problems = []
    for export in needs.exports:
        template = lesson.code.get(export.name)
        if template is None:
            continue
        unknown = sorted(set(Template(template).get_identifiers()) - set(export.fields))
        if unknown:
            problems.append(Problem(f"code/{export.name}.py", 0, f"unknown fields ${', $'.join(unknown)}",
                                    f"use only ${', $'.join(export.fields)} (or $$ for a dollar sign)"))
    return problems


def summary(course: Course) -> str:
    """One line: how much was checked."""
    questions = [q for lesson in course.lessons for q in lesson.questions]
    numeric = sum(q.kind == "numeric" for q in questions)
    scenarios = sum(len(lesson.scenarios) for lesson in course.lessons)
    return (f"{len(course.lessons)} lessons, {len(questions)} questions ({numeric} numeric answers recomputed), "
            f"{scenarios} scenarios: no problems")


def main(argv: list[str]) -> int:
    """Run `tui-tutor check`; returns 0 when every file is good, 2 otherwise."""
    p = argparse.ArgumentParser(prog="tui-tutor check", description="Check lesson files (shipped, or a course folder).")
    p.add_argument("folder", nargs="?", metavar="DIR", help="a course folder (default: the shipped lessons only)")
    p.add_argument("--functions", action="store_true", help="list the functions a numeric answer's compute line may name")
    args = p.parse_args(argv)
    if args.functions:
        from tui_tutor.content.recompute import describe

        print("\n".join(describe()))
        return 0
    folder = Path(args.folder).expanduser() if args.folder else None
    course, problems = read_course(folder)
    problems = problems + check_course(course)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}", file=sys.stderr)
        return 2
    print(summary(course))
    return 0
