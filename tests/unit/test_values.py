"""Typed values: numbers and fractions only, never code; clear refusals."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_tutor.content.model import Param
from tui_tutor.content.values import check_together, format_value, parse_number, parse_value

FLOAT = Param(name="b", type="float", default=0.0, min=-10, max=10)
INT = Param(name="n", type="int", default=1, min=1, max=5)
LIST = Param(name="x", type="float_list", default=(1.0,), min=-100, max=100, min_length=1, max_length=5)
CHOICE = Param(name="phi", type="choice", default="relu", choices=("relu", "tanh", "mel dB"))


@pytest.mark.parametrize(("text", "value"), [("1.5", 1.5), (" -2 ", -2.0), ("1e-3", 0.001), ("1/3", 1 / 3),
                                             ("-3/4", -0.75), ("−2", -2.0), (".5", 0.5), ("-0", 0.0)])
def test_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"), ("   ", "empty"), ("abc", "is not a number"), ("nan", "not a finite number"),
    ("inf", "not a finite number"), ("-Infinity", "not a finite number"), ("1e999", "overflows to infinity"),
    ("1e400", "overflows"), ("1/0", "divides by zero"), ("__import__('os')", "is not a number"),
    ("2**10", "is not a number"), ("1" * 500, "too long"), ("1\x1b[2J", "is not a number"), ("0x10", "is not a number"),
])
def test_refused_numbers(text, message):
    with pytest.raises(ValueError, match=message.replace("*", r"\*")):
        parse_number(text)


def test_range_and_type():
    assert parse_value(FLOAT, "9.5") == 9.5
    with pytest.raises(ValueError, match="above the maximum 10"):
        parse_value(FLOAT, "11")
    assert parse_value(INT, "3") == 3
    with pytest.raises(ValueError, match="not a whole number"):
        parse_value(INT, "2.5")
    with pytest.raises(ValueError, match="below the minimum 1"):
        parse_value(INT, "0")


def test_lists():
    assert parse_value(LIST, "1.5,-2, 0.75") == (1.5, -2.0, 0.75)
    with pytest.raises(ValueError, match="6 values; expected 1 to 5"):
        parse_value(LIST, "1,2,3,4,5,6")
    with pytest.raises(ValueError, match="value 2: 'x' is not a number"):
        parse_value(LIST, "1,x")
    with pytest.raises(ValueError, match="value 3: empty"):
        parse_value(LIST, "1,2,")
    with pytest.raises(ValueError, match="empty"):
        parse_value(LIST, "")


def test_choices():
    assert parse_value(CHOICE, " TANH ") == "tanh"
    assert parse_value(CHOICE, "MEL db") == "mel dB"
    with pytest.raises(ValueError, match="not one of relu, tanh, mel dB"):
        parse_value(CHOICE, "sigmoid")


def test_same_length():
    w = Param(name="w", type="float_list", default=(1.0,), max_length=5, same_length_as="x")
    assert check_together((LIST, w), {"x": (1.0,), "w": (2.0,)}) == {}
    assert "x and w need the same length (2 vs 1)" in check_together((LIST, w), {"x": (1.0, 2.0), "w": (2.0,)})["w"]


@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=1, max_size=5))
def test_format_then_parse_round_trips(values):
    text = format_value(LIST, tuple(values))
    assert parse_value(LIST, text) == pytest.approx(tuple(values), rel=1e-5, abs=1e-5)


@given(st.text(max_size=40))
def test_parse_never_raises_anything_but_value_error(text):
    for param in (FLOAT, INT, LIST, CHOICE):
        with contextlib.suppress(ValueError):
            parse_value(param, text)
