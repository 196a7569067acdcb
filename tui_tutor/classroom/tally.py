"""What the projector shows while the class answers: counts per choice, or a histogram of numbers.

Anonymous: only values and counts, never names. The right answer stays out of it until the
instructor reveals it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tui_tutor.classroom.model import Question, Tally
from tui_tutor.numbers import number

BINS = 6
"""Numeric answers are counted in at most this many equal bins."""


@dataclass(frozen=True, slots=True)
class Row:
    """One bar: its label, how many answered so, and whether it holds the right answer (after the reveal)."""

    label: str
    count: int
    right: bool = False


def rows(question: Question, tally: Tally | None, revealed: bool) -> list[Row]:
    """The bars for `question`'s answers so far."""
    counts = tally.counts if tally is not None else ()
    if question.kind == "choice":
        by_choice = {int(value): n for value, n in counts}
        truth = int(question.answer) if revealed and question.answer is not None else None
        return [Row(f"{i + 1}. {choice}", by_choice.get(i, 0), i == truth) for i, choice in enumerate(question.choices)]
    return _histogram(counts, question.answer if revealed else None, question.tolerance or 0.0)


def _histogram(counts: tuple[tuple[float, int], ...], truth: float | None, tolerance: float) -> list[Row]:
    values = [v for v, _ in counts if math.isfinite(v)]
    if not values:
        return []
    lo, hi = min(values), max(values)
    if truth is not None:
        lo, hi = min(lo, truth), max(hi, truth)
    if hi - lo <= max(tolerance, 1e-12):
        return [Row(number(lo), sum(n for _, n in counts), truth is not None and abs(truth - lo) <= tolerance)]
    width = (hi - lo) / BINS
    bins = [0] * BINS
    for value, n in counts:
        if math.isfinite(value):
            bins[min(int((value - lo) / width), BINS - 1)] += n
    edges = [lo + i * width for i in range(BINS + 1)]
    return [Row(f"{number(edges[i], 3)} … {number(edges[i + 1], 3)}", bins[i],
                truth is not None and edges[i] <= truth <= edges[i + 1]) for i in range(BINS)]
