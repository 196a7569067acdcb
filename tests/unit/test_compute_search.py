"""Gradient descent vs random search vs a genetic algorithm on one loss: thresholds reached
with the fixed seed, reproducibility, honest best-so-far curves."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import search

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
    assert f"{method} {count} evaluations" in result.summary
    assert search.loss(run.theta) == pytest.approx(run.best[-1], rel=1e-12)


def test_gradient_descent_beats_the_search_methods_on_this_smooth_loss():
    gd, rs, ga = search.compare(seed=0).counts
    assert gd < ga < rs


def test_gradient_descent_counts_two_evaluations_per_step_and_follows_the_hand_gradient():
    run = search.gradient_descent()
    assert run.status.startswith("converged") and len(run.losses) % 2 == 0
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
        assert len(run.losses) == len(run.best) == budget and run.status == "ok"
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
    assert run.status.startswith("diverged") and "infinity" in run.status
    assert all(math.isfinite(v) for v in run.losses + run.best)


def test_progress_stop_and_time():
    seen = []
    search.random_search(0, 250, on_progress=lambda k, n, best: seen.append((k, n)))
    assert seen == [(100, 250), (200, 250), (250, 250)]
    stopped = search.genetic_algorithm(0, should_stop=lambda: True)
    assert stopped.losses == () and stopped.status.startswith("stopped")
    start = time.perf_counter()
    search.compare(seed=3)
    assert time.perf_counter() - start < 1.5
