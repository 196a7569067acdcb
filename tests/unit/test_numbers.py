"""Screen formatting of numbers: fixed precision, words for NaN and infinity."""

import math

import pytest

from tui_tutor.numbers import fmt, fmt_signed


@pytest.mark.parametrize(("value", "text"), [
    (0.5374, "0.5374"), (-0.25, "−0.2500"), (0.0, "0.0000"), (-0.0, "0.0000"), (-1e-9, "−1.000e−09"),
    (1234567.0, "1.235e+06"), (math.nan, "not a number"), (math.inf, "infinity"), (-math.inf, "−infinity"),
])
def test_fmt(value, text):
    assert fmt(value) == text


def test_fmt_signed():
    assert fmt_signed(1.2) == "+1.2000"
    assert fmt_signed(-1.2) == "−1.2000"
    assert fmt_signed(math.nan) == "not a number"


@pytest.mark.parametrize(("value", "text"), [
    (0.0015225295, "0.001523"), (8.513480e-05, "8.513e−05"), (-0.46857, "−0.4686"), (43.6004, "43.6"),
    (math.nan, "not a number"), (-math.inf, "−infinity"),
])
def test_fmt_sig(value, text):
    from tui_tutor.numbers import fmt_sig

    assert fmt_sig(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (0.5374, "0.5374"), (-0.25, "−0.25"), (0.0, "0"), (2.0, "2"), (203.0, "203"), (1e-5, "1e−05"),
    (7.676e-06, "7.676e−06"), (-3.5e300, "−3.5e+300"), (123456.7, "123457"), (None, "overflow"),
    (math.inf, "infinity"), (math.nan, "not a number"),
])
def test_number(value, text):
    from tui_tutor.numbers import number

    assert number(value) == text


def test_number_fits_its_width():
    from tui_tutor.numbers import number

    assert number(-0.123456789, sig=8, width=7) == "−0.1235"
    assert len(number(-3.5e300, width=6)) <= 8  # the least: one digit and its exponent


def test_column_shows_neighbours_apart():
    """Iterates creeping to 1 and a shrinking gradient stay visible, in one format per column."""
    from tui_tutor.numbers import column

    iterates = [1.0 + 0.5 ** k for k in range(10, 16)]
    shown = column(iterates)
    assert len(set(shown)) == len(shown)
    assert column([7.676e-06, 3.1e-06]) == ["7.676e−06", "3.1e−06"]
    assert column([2.0, 2.0, 2.0]) == ["2", "2", "2"], "equal values may print alike"
    assert column([None, 1.0]) == ["overflow", "1"]
