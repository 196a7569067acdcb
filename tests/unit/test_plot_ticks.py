"""Plot ticks: round numbers, whole numbers for counts (k, steps), one label format per axis, U+2212."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.numbers import ticks
from tui_tutor.widgets.plot_panel import nice_ticks


def test_counts_get_whole_numbers():
    at, labels, limits = nice_ticks(1.0, 16.0, 4, whole=True)  # k = 1 … 16 (was 1.0 4.8 8.5 12.2 16.0)
    assert labels == ["5", "10", "15"] and limits == (1.0, 16.0)
    at, labels, _ = nice_ticks(0.0, 599.0, 3, whole=True)  # steps (was 0.0 149.8 299.5 449.2 599.0)
    assert labels == ["0", "200", "400"]


def test_round_numbers_with_one_format_and_the_unicode_minus():
    assert nice_ticks(-6.0, 6.0, 3)[1] == ["−5", "0", "5"]
    assert ticks([-1.0, -0.5, 0.0, 0.5], 0.5) == ["−1.0", "−0.5", "0.0", "0.5"]
    assert ticks([-1e6, -5e5, 0.0, 5e5, 1e6], 5e5) == ["−1.0e6", "−0.5e6", "0", "0.5e6", "1.0e6"]
    assert ticks([1e-5, 2e-5], 1e-5) == ["1e−5", "2e−5"]


def test_a_limit_close_to_a_tick_moves_out_to_it():
    at, labels, limits = nice_ticks(0.0025, 0.9975, 3, extend=True)  # a sigmoid over −6 … 6
    assert labels == ["0.0", "0.5", "1.0"] and limits == (0.0, 1.0)
    assert nice_ticks(-0.2, 1.4, 3, extend=True)[2] == (-0.2, 1.4), "a far tick does not stretch the axis"


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e7, 1e7), st.floats(1e-3, 1e7), st.integers(2, 8), st.booleans(), st.booleans())
def test_ticks_lie_on_the_axis_are_evenly_spaced_and_read_apart(lo, span, count, whole, extend):
    at, labels, (a, b) = nice_ticks(lo, lo + span, count, whole, extend)
    assert at and a <= lo + 1e-8 * span and b >= lo + span - 1e-8 * span
    assert all(a - 1e-8 * span <= t <= b + 1e-8 * span for t in at)
    assert len(set(labels)) == len(labels) and not any("-" in label for label in labels)
    if whole:
        assert all(t == round(t) for t in at)
    gaps = [y - x for x, y in zip(at, at[1:])]
    assert all(abs(g - gaps[0]) <= 1e-3 * gaps[0] for g in gaps), "evenly spaced"
