"""Gradient descent vs random search vs a genetic algorithm on one loss: thresholds reached
with the fixed seed, reproducibility, honest best-so-far curves, and what lesson 13 says
about seeds 0–9 read from its text and held to the compute module."""

from __future__ import annotations

import math
import re
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import search
from tui_tutor.content import load_lessons

X, Y = np.array(search.DATA_X), np.array(search.DATA_Y)


def test_loss_and_minimum_match_numpy_least_squares():
    a, b = np.polyfit(X, Y, 1)
    best = float(np.mean((a * X + b - Y) ** 2))
    value, theta = search.minimum()
    assert value == pytest.approx(best, rel=1e-10)
    assert theta == pytest.approx((a, b), rel=1e-10)
    assert search.loss((0.5, -2.0)) == pytest.approx(float(np.mean((0.5 * X - 2.0 - Y) ** 2)), rel=1e-12)
    assert value < search.THRESHOLD


@pytest.mark.parametrize("method", search.METHODS)
def test_each_method_reaches_the_threshold_with_the_fixed_seed(method):
    result = search.compare(seed=0)
    run = result.runs[search.METHODS.index(method)]
    count = run.evaluations_to_reach(search.THRESHOLD)
    assert count is not None and count <= search.BUDGET
    assert run.best[count - 1] <= search.THRESHOLD < (run.best[count - 2] if count > 1 else math.inf)
    assert result.counts[search.METHODS.index(method)] == count
    assert search.loss(run.theta) == pytest.approx(run.best[-1], rel=1e-12)


def test_gradient_descent_beats_the_search_methods_on_this_smooth_loss():
    gd, rs, ga = search.compare(seed=0).counts
    assert gd < ga < rs


def claims() -> str:
    """The prose of lesson 13's "Who gets there first?", on one line."""
    lesson = next(lesson for lesson in load_lessons() if lesson.id == "optimization")
    section = next(s for s in lesson.sections if s.title == "Who gets there first?")
    return " ".join(section.body.split())


def test_what_the_lesson_says_about_seeds_0_to_9_is_what_they_do():
    """Numbers quoted in the lesson are read from it, and recomputed (no counts pinned here)."""
    text = claims()
    loose_gd = int(re.search(r"to L ≤ 0.1 gradient descent needs (\d+) evaluations whatever the seed", text)[1])
    lucky_seed, lucky = map(int, re.search(r"seed (\d+): random search in (\d+)", text).groups())
    tight_gd, ga_lo, ga_hi = map(int, re.search(
        r"L ≤ 0.01 gradient descent needs (\d+), the genetic algorithm (\d+) to (\d+)", text).groups())
    assert "random search gets there for none of the seeds" in text
    loose = [search.compare(0.1, seed).counts for seed in range(10)]
    tight = [search.compare(0.01, seed).counts for seed in range(10)]
    assert {gd for gd, _, _ in loose} == {loose_gd} and loose[lucky_seed][1] == lucky
    assert lucky < min(gd for gd, _, _ in loose), "luck: random search beat gradient descent"
    assert {gd for gd, _, _ in tight} == {tight_gd} and all(rs is None for _, rs, _ in tight)
    assert (min(ga for _, _, ga in tight), max(ga for _, _, ga in tight)) == (ga_lo, ga_hi)


def test_gradient_descent_counts_two_evaluations_per_step_and_follows_the_hand_gradient():
    run = search.gradient_descent()
    assert run.status == search.CONVERGED and len(run.losses) % 2 == 0
    assert run.losses[::2] == run.losses[1::2]  # forward + backward of the same θ_t
    a, b = search.THETA0
    for expected in run.losses[::2]:
        residual = a * X + b - Y
        assert float(np.mean(residual**2)) == pytest.approx(expected, rel=1e-10, abs=1e-14)
        # ∂L/∂a = (2/n) Σ rᵢxᵢ, ∂L/∂b = (2/n) Σ rᵢ
        a, b = a - search.LR * 2 * float(np.mean(residual * X)), b - search.LR * 2 * float(np.mean(residual))


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), budget=st.integers(1, 300))
def test_best_so_far_is_the_running_minimum_and_reproducible(seed, budget):
    for run_it in (search.random_search, search.genetic_algorithm):
        run = run_it(seed, budget)
        assert run == run_it(seed, budget)
        assert len(run.losses) == len(run.best) == budget and run.status == search.OK
        assert all(b <= a for a, b in zip(run.best, run.best[1:]))
        assert list(run.best) == list(np.minimum.accumulate(run.losses))
        lo, hi = search.BOX
        if run.method == "random search":
            assert all(lo <= v <= hi for v in run.theta)


def test_different_seeds_give_different_runs():
    assert search.random_search(1).losses != search.random_search(2).losses
    assert search.genetic_algorithm(1).losses != search.genetic_algorithm(2).losses


def test_a_diverging_learning_rate_is_reported_not_hidden():
    run = search.gradient_descent(lr=5.0)
    assert run.status == search.DIVERGED and len(run.losses) < search.BUDGET
    assert all(math.isfinite(v) for v in run.losses + run.best)


def test_progress_stop_and_time():
    seen = []
    search.random_search(0, 250, on_progress=lambda k, n, best: seen.append((k, n)))
    assert seen == [(100, 250), (200, 250), (250, 250)]
    stopped = search.genetic_algorithm(0, should_stop=lambda: True)
    assert stopped.losses == () and stopped.status == search.STOPPED
    start = time.process_time()
    search.compare(seed=3)
    assert time.process_time() - start < 1.5


def test_compare_reports_one_job_of_three_parts_and_stops_every_part():
    seen = []
    search.compare(seed=0, budget=200, on_progress=lambda k, n, best: seen.append((k, n, best)))
    steps = [k for k, _, _ in seen]
    assert all(n == 600 for _, n, _ in seen) and steps == sorted(steps)
    assert steps[-1] == 600 and any(k <= 200 for k in steps) and any(200 < k <= 400 for k in steps)
    calls = []
    stopped = search.compare(seed=0, should_stop=lambda: calls.append(1) is None and len(calls) > 3)
    assert all(run.status == search.STOPPED for run in stopped.runs)
    assert all(len(run.losses) < search.BUDGET for run in stopped.runs)
