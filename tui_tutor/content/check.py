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
from collections.abc import Sequence
from pathlib import Path
from string import Template

from tui_tutor.content.course import read_course
from tui_tutor.content.model import Course, Lesson, Question
from tui_tutor.content.needs import known_panels, needs_of
from tui_tutor.content.problems import Locator, Problem

RESERVED_IDS = ("serve", "check", "class", "preload", "handout", "review")
"""Words the command line reads before lesson ids: no lesson may be called so."""


def check_course(lessons: Sequence[Lesson]) -> list[Problem]:
    """What the loader cannot see file by file: ids across the course, recomputed answers, templates."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for lesson in lessons:
        source = Path(lesson.source)
        at = Locator(source.read_text(encoding="utf-8") if source.is_file() else "").line_of
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


def describe_panel(name: str) -> str:
    """What a lesson using the panel `name` must declare, in words (`tui-tutor check --panels`)."""
    needs = needs_of(name)
    lines = [f'panel = "{name}"']
    for p in needs.params:
        extra = f" (choices from {', '.join(p.choices)})" if p.choices else ""
        lines.append(f"  parameter {p.name}: {p.type}{extra}" + (f" — {p.does}" if p.does else ""))
    lines += [f"  view {v.name}: {v.shows}" for v in needs.views]
    for d in needs.data:
        fields = ", ".join(f"{f} ({kind})" for f, kind in d.fields)
        does = f" — {d.does}" if d.does else ""
        lines.append(f"  data {d.name}: at least {d.min_rows} [[data.{d.name}]] with {fields}{does}")
    lines += [f"  exercise {e}" for e in needs.exercises]
    lines += [f"  code template code/{e.name}.py with ${', $'.join(e.fields)}" for e in needs.exports]
    return "\n".join(lines)


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
    p.add_argument("--panels", action="store_true", help="list every panel: its parameters, views, data and exercises")
    args = p.parse_args(argv)
    if args.panels:
        print("\n\n".join(describe_panel(name) for name in known_panels()))
        return 0
    if args.functions:
        from tui_tutor.content.recompute import describe

        print("\n".join(describe()))
        return 0
    folder = Path(args.folder).expanduser() if args.folder else None
    course, problems, partial = read_course(folder)
    problems = problems + check_course([*course.lessons, *partial])
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}", file=sys.stderr)
        return 2
    print(summary(course))
    return 0
