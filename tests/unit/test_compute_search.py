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


def test_the_lessons_claims_about_seeds_0_to_9():
    """What lessons/13-optimization.md says under "Who gets there first?"."""
    loose = [search.compare(0.1, seed).counts for seed in range(10)]
    tight = [search.compare(0.01, seed).counts for seed in range(10)]
    assert {gd for gd, _, _ in loose} == {15} and loose[1][1] == 7
    assert {gd for gd, _, _ in tight} == {23} and all(rs is None for _, rs, _ in tight)
    assert min(ga for _, _, ga in tight) == 82 and max(ga for _, _, ga in tight) == 227


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
    start = time.process_time()
    search.compare(seed=3)
    assert time.process_time() - start < 1.5


def test_pytorch_source_prints_the_same_counts_and_best_losses():
    import subprocess
    import sys

    cases = [(search.THRESHOLD, 0, search.BUDGET), (0.01, 3, 301), (1.0, 5, 50), (1e-4, 1, 200)]
    sources = [search.pytorch_source(*case) for case in cases]
    assert all("import torch" in s and "tui_tutor" not in s and "numpy" not in s for s in sources)
    runner = "import sys\nfor src in sys.argv[1:]:\n    exec(src, {'__name__': '__main__'})\n    print('---')\n"
    out = subprocess.run([sys.executable, "-c", runner, *sources], capture_output=True, text=True, timeout=60, check=True)
    blocks = out.stdout.split("---\n")[:-1]
    assert len(blocks) == len(cases)
    for block, case in zip(blocks, cases, strict=True):
        printed = dict(line.split(" = ") for line in block.strip().splitlines())
        result = search.compare(*case)
        for run, count in zip(result.runs, result.counts, strict=True):
            name = run.method.replace(" ", "_")
            assert printed[f"{name}_evaluations"] == str(count)
            assert float(printed[f"{name}_best_loss"]) == pytest.approx(run.best[-1], rel=1e-12)
    with pytest.raises(ValueError, match="finite threshold"):
        search.pytorch_source(math.nan)


def test_compare_reports_one_job_of_three_parts_and_stops_every_part():
    seen = []
    search.compare(seed=0, budget=200, on_progress=lambda k, n, best: seen.append((k, n, best)))
    steps = [k for k, _, _ in seen]
    assert all(n == 600 for _, n, _ in seen) and steps == sorted(steps)
    assert steps[-1] == 600 and any(k <= 200 for k in steps) and any(200 < k <= 400 for k in steps)
    calls = []
    stopped = search.compare(seed=0, should_stop=lambda: calls.append(1) is None and len(calls) > 3)
    assert all(run.status.startswith("stopped") for run in stopped.runs)
    assert all(len(run.losses) < search.BUDGET for run in stopped.runs)
