"""Columns of iterates that fit their cells and still tell neighbours apart; values as given; vectors."""

from __future__ import annotations

from hypothesis import given as hypothesis_given
from hypothesis import strategies as st

from tui_tutor.numbers import fitted_column, given, number, on_its_side, sided, sided_width, vector


def test_converged_iterates_and_small_gradients_stay_apart():
    assert fitted_column([1.0000038, 1.0000015, 1.0000006], 9) == ["1.0000038", "1.0000015", "1.0000006"]
    gradients = fitted_column([7.676e-06, 3.07e-06, 1.228e-06], 8)
    assert gradients == ["7.68e−06", "3.07e−06", "1.23e−06"]
    assert fitted_column([0.5, 0.25], 7) == ["0.5", "0.25"]


@hypothesis_given(values=st.lists(st.floats(-1e300, 1e300, allow_nan=False) | st.none(), min_size=1, max_size=8),
                  width=st.integers(5, 12))
def test_nothing_is_wider_than_its_cell(values, width):
    assert all(len(text) <= max(width, len("overflow")) for text in fitted_column(values, width))


@hypothesis_given(a=st.floats(-1e5, 1e5, allow_nan=False), step=st.floats(1e-9, 1e-3))
def test_neighbours_that_fit_are_told_apart(a, step):
    b = a + max(step, abs(a) * 1e-9)
    texts = fitted_column([a, b], 12)
    if a != b and all(len(number(v, 12)) <= 12 for v in (a, b)):
        assert texts[0] != texts[1]


def test_given_and_vector():
    assert [given(4.0), given(-3.5), given(1e-05), given(0.3)] == ["4", "−3.5", "1e−05", "0.3"]
    assert vector((-1.2, 0.8)) == "(−1.2, 0.8)" and vector((2.2,)) == "2.2" and vector(None) == "overflow"


TOL = 1e-6


def test_values_beside_a_threshold_read_on_their_own_side():
    """|∇f| just above and just below 1e−06 never reads as 1e−06 (or past it), even in a narrow cell."""
    assert fitted_column([2.6e-6, 1.0306e-6, 4.1e-7], 7, threshold=TOL) == ["2.6e−06", "1.03e−06", "4.1e−07"]
    assert fitted_column([2.6e-6, 9.9963e-7], 7, threshold=TOL) == ["2.6e−06", "9.996e−07"]
    assert fitted_column([-1.0306e-6], 7, threshold=TOL) == ["−1.03e−06"]
    assert sided(1.0000000001e-6, TOL) == "1.0000000001e−06" and sided(1e-6, TOL) == "1e−06"
    assert fitted_column([1.0306e-6], 7) == ["1e−06"], "without a threshold: the width rules"
    assert sided_width([2.6e-6, 9.9963e-7], TOL, 1) == len("9.996e−07")


@hypothesis_given(scale=st.floats(0.5, 2.0), negative=st.booleans(), width=st.integers(5, 12))
def test_any_value_reads_on_its_side_of_the_threshold(scale, negative, width):
    v = -scale * TOL if negative else scale * TOL
    (text,) = fitted_column([v], width, threshold=TOL)
    written = abs(float(text.replace("−", "-")))
    assert (written < TOL) == (abs(v) < TOL) and (written > TOL) == (abs(v) > TOL), (v, text)
    assert on_its_side(v, text, TOL)
