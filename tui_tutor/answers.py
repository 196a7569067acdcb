"""Checking answers to review questions and exercises.

A typed answer is read as a number or a simple fraction (`0.25`, `1/3`, `−2/5`)
by `tui_tutor.content.values.parse_number`; it is never evaluated as code.
Every problem with the text (empty, words, NaN, infinity, overflow, control
characters, far too long) becomes a `Verdict` with `correct=False` and a
message in words, never an exception.

`rating` turns a verdict into the review schedule's rating (`tui_tutor.schedule`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from tui_tutor.content.values import parse_number
from tui_tutor.numbers import number

MAX_ANSWER = 200
"""Longer answers are refused before they are looked at."""
ROUNDING = 5e-5
"""Half a unit in the 4th decimal: answers rounded to the 4 decimals shown are accepted."""
_SIGN_SPACE = re.compile(r"^\s*([+\-−])\s+")

AGAIN, HARD, GOOD = 1, 2, 3
"""The schedule's ratings (the values of `fsrs.Rating.Again`, `.Hard`, `.Good`)."""
NEAR_MISS = 3.0
"""A wrong number within this many times the accepted error is a near miss (rated hard)."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The result of checking one answer."""

    correct: bool
    value: float | None
    """The number read from the answer (the chosen index for a choice), None if none was read."""
    message: str
    """One line for the learner."""


def allowed_error(expected: float, tolerance: float = 0.0) -> float:
    """The largest accepted |answer − expected|: `max(tolerance, 5e-5 · max(1, |expected|))`."""
    return max(tolerance, ROUNDING * max(1.0, abs(expected)))


def check_numeric(text: str, expected: float, tolerance: float = 0.0) -> Verdict:
    """Check a typed number against `expected`, allowing an absolute `tolerance`.

    Args:
        text: what the learner typed.
        expected: the right answer (finite).
        tolerance: the accepted absolute error; 0 still accepts rounding to 4 decimals.

    Raises:
        ValueError: only for a bad `expected` or `tolerance` (a lesson bug), never for `text`.
    """
    if not math.isfinite(expected):
        raise ValueError(f"expected answer {expected!r} is not a finite number")
    if not (math.isfinite(tolerance) and tolerance >= 0):
        raise ValueError(f"tolerance {tolerance!r} must be a finite number ≥ 0")
    value, problem = read_number(text)
    if value is None:
        return Verdict(False, None, f"{problem[:1].upper()}{problem[1:]}.")
    error = value - expected
    if abs(error) <= allowed_error(expected, tolerance) * (1 + 1e-9):
        return Verdict(True, value, f"Correct: {number(value, sig=6)}.")
    direction = "too high" if error > 0 else "too low"
    return Verdict(False, value, f"Not quite: {number(value, sig=6)} is {direction}.")


def read_number(text: str) -> tuple[float | None, str]:
    """The finite number in `text` and "", or None and what is wrong with the text."""
    if not isinstance(text, str):
        return None, "the answer is not text"
    if len(text) > MAX_ANSWER:
        return None, f"the answer is too long ({len(text)} characters) to be a number"
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        return None, "the answer contains a control character; type just the number"
    spaced = "".join(" " if ch.isspace() else ch for ch in text)
    try:
        return parse_number(_SIGN_SPACE.sub(r"\1", spaced)), ""
    except (ValueError, OverflowError) as err:
        return None, str(err)


def check_choice(index: int | None, answer: int) -> Verdict:
    """Check the chosen option `index` (0-based; None when nothing is chosen) against `answer`.

    Raises:
        ValueError: only for a bad `answer` (a lesson bug).
    """
    if isinstance(answer, bool) or not isinstance(answer, int) or answer < 0:
        raise ValueError(f"answer {answer!r} is not an option index")
    if index is None:
        return Verdict(False, None, "Choose an answer first.")
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        return Verdict(False, None, f"{index!r} is not one of the options.")
    if index == answer:
        return Verdict(True, float(index), "Correct.")
    return Verdict(False, float(index), "Not this one.")


def rating(verdict: Verdict, *, expected: float | None = None, tolerance: float = 0.0, hinted: bool = False) -> int:
    """The schedule's rating of one answer.

    Right: good, or hard when the hint was shown. Wrong: again, except a number within
    `NEAR_MISS` times the accepted error of `expected` without the hint (the method was
    right, the arithmetic slipped): hard. Easy is never given: one right answer is no
    evidence that a card is easy, and FSRS lengthens the interval of a card answered
    right again and again by itself.
    """
    if verdict.correct:
        return HARD if hinted else GOOD
    if hinted or expected is None or verdict.value is None:
        return AGAIN
    near = abs(verdict.value - expected) <= NEAR_MISS * allowed_error(expected, tolerance)
    return HARD if near else AGAIN
