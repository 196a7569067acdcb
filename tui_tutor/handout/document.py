"""What a handout holds, independent of its format: the lessons, each step's figures, and how
numbers, parameter values and answers are written."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui_tutor.content import Lesson, Question
from tui_tutor.handout.figures import lesson_figures, plain
from tui_tutor.handout.model import Cell, Figure, Table
from tui_tutor.numbers import column, number

_EXPONENT = re.compile(r"e([+\-−])0*(\d+)")
_SUPERSCRIPT = str.maketrans("−0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True, slots=True)
class Options:
    """How the handout is made."""

    answers: bool = False
    """Show the right answers and the explanations."""
    seed: int = 0
    """The seed of every random example (as `tui-tutor --seed`)."""
    title: str = ""
    """The course's title (course.toml's)."""


@dataclass(frozen=True, slots=True)
class LessonPart:
    """One lesson with the figures of its default run."""

    lesson: Lesson
    figures: tuple[Figure, ...]
    problem: str = ""
    """Why the figures are missing, when the compute module refused the lesson's values."""

    def at(self, step: int) -> tuple[Figure, ...]:
        """The figures that belong to step `step` (0-based)."""
        return tuple(f for f in self.figures if f.step == step)


def build(lessons: tuple[Lesson, ...], options: Options) -> tuple[LessonPart, ...]:
    """Every lesson with its figures, computed once for both formats."""
    return tuple(lesson_part(lesson, options.seed) for lesson in lessons)


def lesson_part(lesson: Lesson, seed: int) -> LessonPart:
    """`lesson` and its figures; a lesson whose values the compute module refuses keeps its text."""
    try:
        return LessonPart(lesson, lesson_figures(lesson, seed))
    except (ValueError, KeyError) as err:
        return LessonPart(lesson, (), f"no figures: the compute module refused its values ({err})")


def pretty(text: str) -> str:
    """A number's exponent as ×10ⁿ (7.7×10⁻⁶ rather than 7.7e−06), for print."""
    return _EXPONENT.sub(lambda m: "×10" + (("−" if m[1] in "-−" else "") + m[2]).translate(_SUPERSCRIPT), text)


def cell(value: Cell, sig: int = 4) -> str:
    """One value as the tutor writes it (`numbers.number`: significant digits, a real minus,
    NaN and ∞ in words); whole numbers and text as they are."""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value).replace("-", "−")
    return pretty(number(float(value), sig))


def table_cells(table: Table) -> list[list[str]]:
    """Every cell of `table` as text; each column of floats in one format (`numbers.column`:
    digits enough that neighbours that differ print differently)."""
    texts = [[cell(v) for v in row] for row in table.rows]
    for j in range(len(table.headers)):
        at = [i for i, row in enumerate(table.rows) if isinstance(row[j], float)]
        for i, text in zip(at, column([table.rows[i][j] for i in at])):
            texts[i][j] = pretty(text)
    return texts


def defaults_line(lesson: Lesson) -> str:
    """The parameter values every figure of the lesson was computed with."""
    return ", ".join(f"{p.label} = {plain(p.default)}" for p in lesson.params)


def numeric_answer(question: Question) -> str:
    """A numeric question's answer and tolerance: −0.5 (± 0.001)."""
    answer = plain(float(question.answer))
    return f"{answer} (± {plain(question.tolerance)})" if question.tolerance else answer


def letter(index: int) -> str:
    """A, B, C, … for the choices of a question."""
    return chr(ord("A") + index)
