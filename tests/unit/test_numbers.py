"""Screen formatting of numbers: fixed precision, words for NaN and infinity."""

import math

import pytest

from tui_tutor.numbers import fmt, fmt_signed


@pytest.mark.parametrize(("value", "text"), [
    (0.5374, "0.5374"), (-0.25, "−0.2500"), (0.0, "0.0000"), (-0.0, "0.0000"), (-1e-9, "−1.000e-09"),
    (1234567.0, "1.235e+06"), (math.nan, "not a number"), (math.inf, "infinity"), (-math.inf, "−infinity"),
])
def test_fmt(value, text):
    assert fmt(value) == text


def test_fmt_signed():
    assert fmt_signed(1.2) == "+1.2000"
    assert fmt_signed(-1.2) == "−1.2000"
    assert fmt_signed(math.nan) == "not a number"


@pytest.mark.parametrize(("value", "text"), [
    (0.0015225295, "0.001523"), (8.513480e-05, "8.513e-05"), (-0.46857, "−0.4686"), (43.6004, "43.6"),
    (math.nan, "not a number"), (-math.inf, "−infinity"),
])
def test_fmt_sig(value, text):
    from tui_tutor.numbers import fmt_sig

    assert fmt_sig(value) == text
