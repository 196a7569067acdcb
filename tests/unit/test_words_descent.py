"""Gradient descent said in words: every count in a sentence is counted from the run it describes,
every number is the iteration's own, written with U+2212 minus."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import descent
from tui_tutor.numbers import number
from tui_tutor.words import descent as words

RULES = {"tol": descent.TOL, "bound": descent.BOUND, "streak": descent.STREAK}


def rises(fs) -> int:
    """Steps in a row, at the end of `fs`, in which f rose (counted here, not by the code under test)."""
    count = 0
    for before, after in zip(reversed(fs[:-1]), reversed(fs[1:])):
        if after <= before:
            break
        count += 1
    return count


def test_a_streak_verdict_counts_the_rises_it_saw():
    run = descent.run("bowl", 4.0, 1.1)
    said = words.verdict(run.iterations[-1], **RULES)
    claimed = int(re.search(r"f rose at each of the last (\d+) steps", said)[1])
    window = [it.f for it in run.iterations[-(claimed + 1):]]
    assert rises(window) == claimed == descent.STREAK
    assert said.startswith(f"diverged at t = {run.iterations[-1].t}:")


def test_each_verdict_in_words():
    converged = descent.run("bowl", 4.0, 0.5).iterations[-1]
    assert words.verdict(converged, **RULES) == "converged at t = 1: |∇f(w₁)| = 0 < 1e−06, so w stops moving"
    bound = descent.step("bowl", 3.0, 1e6)
    assert words.verdict(bound, **RULES) == "diverged at t = 0: w passed 1e+06 with f rising: η is far too large"
    assert words.verdict(descent.step("saddle", (0.0, 3.0), 1e6), **RULES).startswith("unbounded below at t = 0")
    unbounded = descent.run("saddle", (3.0, 0.01), 0.1)
    assert "f fell at each of the last 4 steps" in words.verdict(unbounded.iterations[-1], **RULES)
    overflow = descent.step("bowl", 4.0, 1e308)
    assert words.verdict(overflow, **RULES).startswith("overflowed at t = 0: η∇f(w₀), w₁ are too large for a float")
    assert "f(w₀) is too large" in words.verdict(descent.step("bowl", 1e200, 0.1), **RULES)


@settings(max_examples=30, deadline=None)
@given(name=st.sampled_from(["bowl", "two-minima", "elongated-bowl", "saddle"]),
       lr=st.floats(0.01, 1.2), steps=st.integers(2, 12))
def test_the_trend_counts_right(name, lr, steps):
    w0 = (4.0,) if name in ("bowl",) else (1.6,) if name == "two-minima" else (-3.5, 1.5)
    run = descent.run(name, w0, lr, steps=steps)
    history = [it for it in run.iterations if it.status == "running"]
    if not history:
        return
    said = words.trend(history, descent.TOL)
    norms = [it.grad_norm for it in history]
    falling = re.search(r"falling for (\d+) steps", said)
    rising = re.search(r"rising for (\d+) steps", said)
    if falling:
        assert rises([-n for n in norms]) == int(falling[1]) >= 2
    elif rising:
        assert rises(norms) == int(rising[1]) >= 2
    else:
        assert rises(norms) < 2 and rises([-n for n in norms]) < 2
    flips = re.search(r"turned back at each of the last (\d+) steps", said)
    updates = [it.update for it in history]
    turned = 0
    for before, after in zip(reversed(updates[:-1]), reversed(updates[1:])):
        if sum(a * b for a, b in zip(before, after)) >= 0:
            break
        turned += 1
    assert (int(flips[1]) if flips else 0) == (turned if turned >= 2 else 0)
    assert "-" not in said, "U+2212 minus only"


@pytest.mark.parametrize(("w0", "goes"), [(4.0, "left"), (-2.0, "right")])
def test_the_first_step_says_which_way_is_downhill(w0, goes):
    it = descent.step("bowl", w0, 0.3)
    said = words.first_step(it)
    assert f"downhill is to the {goes}, so w₁ = " in said
    assert said.endswith(number(it.w_next[0]))
    assert words.first_step(descent.step("bowl", 1.0, 0.3)).endswith("flat here, so w stays where it is")
    two = words.first_step(descent.step("round-bowl", (-3.0, 2.0), 0.3))
    assert two == "∇f(w₀) = (−6, 4) points uphill; −η∇f steps downhill, to w₁ = (−1.2, 0.8)"


def test_a_preset_is_said_with_the_lessons_note():
    assert words.preset(0.3, "about right", "converges") == "η = 0.3 is “about right” here: converges"
    assert words.preset(0.3, "about right", "") == "η = 0.3 is “about right” here"


def test_a_whole_run_ends_with_its_verdict_or_its_budget():
    assert words.outcome(descent.run("bowl", 4.0, 1.1), **RULES).startswith("diverged at t = ")
    slow = descent.run("bowl", 4.0, 0.01)
    assert words.outcome(slow, **RULES) == \
        f"stopped after 50 of 50 iterations, not converged (|∇f| = {number(slow.iterations[-1].grad_norm)})"


def test_a_gradient_beside_the_tolerance_is_said_on_its_own_side():
    """2 significant digits would say "|∇f(w₀)| = 1e−06 < 1e−06"; the words take the digits the side needs."""
    below = descent.step("bowl", 1 + 4.999e-7, 0.3)
    assert below.status == "converged"
    assert words.verdict(below, **RULES).startswith("converged at t = 0: |∇f(w₀)| = 9.998e−07 < 1e−06")
    above = descent.step("bowl", 1 + 5.0015e-7, 0.3)
    assert above.status == "running"
    assert words.trend([above], descent.TOL) == "|∇f(w₀)| = 1.0003e−06 > 1e−06"
