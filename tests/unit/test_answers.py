"""Answer checking: numbers and fractions only, tolerances, garbage refused in words."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_tutor.answers import Verdict, allowed_error, check_choice, check_numeric


@pytest.mark.parametrize(("text", "value"), [
    ("0.25", 0.25), (" 0.25 ", 0.25), ("1/4", 0.25), ("1 / 4", 0.25), ("+0.25", 0.25), (".25", 0.25),
    ("2.5e-1", 0.25), ("25e-2", 0.25),
])
def test_accepted_forms(text, value):
    verdict = check_numeric(text, 0.25)
    assert verdict == Verdict(True, value, "Correct: 0.25.")


@pytest.mark.parametrize("text", ["-2/5", "−2/5", "- 2/5", "− 2 / 5", "-0.4", "−0.4", "\u00a0-0.4\u2009"])
def test_negative_fractions_and_unicode_minus(text):
    verdict = check_numeric(text, -0.4)
    assert verdict.correct
    assert verdict.value == -0.4


def test_fraction_is_exact_enough():
    assert check_numeric("1/3", 1 / 3).correct
    assert check_numeric("2/3", 0.6667).correct  # the shown value, rounded


def test_zero_tolerance_accepts_rounding_to_four_decimals():
    assert check_numeric("0.3333", 1 / 3).correct
    assert not check_numeric("0.3334", 1 / 3).correct
    assert not check_numeric("0.333", 1 / 3).correct
    assert allowed_error(1 / 3) == 5e-5
    # large answers: the same rounding, relative to the size
    assert allowed_error(2000.0) == pytest.approx(0.1)
    assert check_numeric("2000.09", 2000.0).correct
    assert not check_numeric("2000.2", 2000.0).correct


def test_explicit_tolerance_is_absolute_and_inclusive():
    assert check_numeric("0.51", 0.5, tolerance=0.01).correct  # exactly at the edge, despite float rounding
    assert check_numeric("0.49", 0.5, tolerance=0.01).correct
    assert not check_numeric("0.52", 0.5, tolerance=0.01).correct
    assert not check_numeric("0.4899", 0.5, tolerance=0.01).correct
    # a tolerance smaller than the rounding default does not make rounding fail
    assert check_numeric("0.3333", 1 / 3, tolerance=1e-9).correct


def test_wrong_answers_say_which_way():
    high = check_numeric("0.7", 0.5)
    low = check_numeric("-3", 0.5)
    assert (high.correct, high.value) == (False, 0.7)
    assert high.message == "Not quite: 0.7 is too high."
    assert (low.correct, low.value) == (False, -3.0)
    assert low.message == "Not quite: −3 is too low."


@pytest.mark.parametrize(("text", "words"), [
    ("", "empty"),
    ("   ", "empty"),
    ("abc", "is not a number"),
    ("__import__('os')", "is not a number"),
    ("__import__('os').system('true')", "is not a number"),
    ("2**10", "is not a number"),
    ("1+1", "is not a number"),
    ("0x10", "is not a number"),
    ("1e999", "too large (overflows to infinity)"),
    ("-1e999", "too large (overflows to infinity)"),
    ("nan", "not a finite number"),
    ("NaN", "not a finite number"),
    ("inf", "not a finite number"),
    ("-Infinity", "not a finite number"),
    ("1/0", "divides by zero"),
    ("1" * 201, "too long"),
    ("0.5" + " " * 10_000, "too long"),
    ("1" * 1_000_000, "too long"),
    ("0.5\x00", "control character"),
    ("\x1b[2J0.5", "control character"),
    ("0.5\n", "control character"),
    ("\t0.5", "control character"),
    ("0.\u200b5", "control character"),
    ("\u202e5.0", "control character"),
    ("1/3/4", "is not a number"),
    ("1.5/2", "is not a number"),
    ("0,5", "is not a number"),
])
def test_garbage_is_refused_in_words(text, words):
    verdict = check_numeric(text, 0.5)
    assert verdict.correct is False
    assert verdict.value is None
    assert words in verdict.message.lower()
    assert verdict.message.endswith(".")
    assert "\n" not in verdict.message and "\x1b" not in verdict.message and len(verdict.message) < 120


def test_text_is_never_run_as_code(tmp_path):
    marker = tmp_path / "ran"
    verdict = check_numeric(f"open({str(marker)!r}, 'w')", 0.5)
    assert not verdict.correct
    assert not marker.exists()


def test_non_text_answer_is_refused():
    verdict = check_numeric(None, 0.5)  # type: ignore[arg-type]
    assert verdict == Verdict(False, None, "The answer is not text.")


@pytest.mark.parametrize(("expected", "tolerance"), [(math.nan, 0.0), (math.inf, 0.0), (1.0, -0.1), (1.0, math.nan)])
def test_bad_lesson_data_is_a_value_error(expected, tolerance):
    with pytest.raises(ValueError):
        check_numeric("1", expected, tolerance)


@given(st.text(max_size=300), st.floats(-1e6, 1e6), st.floats(0, 10))
def test_any_text_gives_a_verdict(text, expected, tolerance):
    verdict = check_numeric(text, expected, tolerance)
    assert isinstance(verdict, Verdict)
    assert verdict.message and "\n" not in verdict.message
    if verdict.correct:
        assert verdict.value is not None and math.isfinite(verdict.value)
        assert abs(verdict.value - expected) <= allowed_error(expected, tolerance) * (1 + 1e-9)
    if verdict.value is None:
        assert not verdict.correct


@given(st.floats(-1e6, 1e6))
def test_the_expected_value_written_out_is_correct(expected):
    assert check_numeric(repr(expected), expected).correct
    assert check_numeric(f"{expected:.4f}", expected).correct


def test_choice():
    assert check_choice(2, 2) == Verdict(True, 2.0, "Correct.")
    assert check_choice(0, 2) == Verdict(False, 0.0, "Not this one.")
    assert check_choice(None, 1) == Verdict(False, None, "Choose an answer first.")
    for bad in (-1, True, "1", 1.0):
        verdict = check_choice(bad, 1)  # type: ignore[arg-type]
        assert verdict.correct is False and verdict.value is None and "not one of the options" in verdict.message
    with pytest.raises(ValueError):
        check_choice(0, -1)
    with pytest.raises(ValueError):
        check_choice(0, True)
