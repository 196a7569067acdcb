"""Gradient descent against torch.optim.SGD run independently here (on the functions written
out anew, expanded, not copied from the compute module), and the verdicts (converged, diverged,
overflowed, unbounded below) with their reasons on blow-ups."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import descent, functions
from tui_tutor.compute.functions import CONVERGED, DIVERGED, OVERFLOWED, RUNNING, UNBOUNDED

# The functions again, multiplied out by hand as torch code for the SGD oracle.
TORCH_F = {
    "bowl": lambda w: w[0] * w[0] - 2 * w[0] + 1.5,
    "two-minima": lambda w: w[0] ** 4 - 2 * w[0] * w[0] + 0.3 * w[0] + 1,
    "round-bowl": lambda w: (w * w).sum(),
    "elongated-bowl": lambda w: w[0] * w[0] + w[1] * w[1] * 5,
    "saddle": lambda w: (w[0] - w[1]) * (w[0] + w[1]),
    "two-minima-2d": lambda w: w[0] ** 4 - 2 * w[0] * w[0] + 0.3 * w[0] + 1 + 3 * w[1] * w[1],
}
NAMES = sorted(TORCH_F)


def sgd_path(name: str, w0, lr: float, steps: int) -> list[tuple[float, ...]]:
    """w_0 … w_steps from torch.optim.SGD."""
    w = torch.tensor(list(w0), dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w], lr=lr)
    path = [tuple(w.tolist())]
    for _ in range(steps):
        optimizer.zero_grad()
        TORCH_F[name](w).backward()
        optimizer.step()
        path.append(tuple(w.tolist()))
    return path


def assert_paths_equal(ours, theirs, tol=1e-9):
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        assert all(math.isclose(x, y, rel_tol=tol, abs_tol=tol) for x, y in zip(a, b, strict=True)), (a, b)


def numbers(it: descent.Iteration) -> list[float]:
    vectors = (it.w, it.grad, it.update, it.w_next)
    return [v for vec in vectors if vec is not None for v in vec] + ([it.f] if it.f is not None else [])


@pytest.mark.parametrize("name", NAMES)
def test_every_preset_trajectory_equals_torch_optim_sgd(name):
    o = functions.get(name)
    for p in o.presets:
        run = descent.run(name, o.w0, p.lr)
        assert_paths_equal(run.path, sgd_path(name, o.w0, p.lr, len(run.iterations)))


@settings(max_examples=25, deadline=None)
@given(
    name=st.sampled_from(NAMES),
    w0=st.tuples(st.floats(-3, 3), st.floats(-3, 3)),
    lr=st.floats(1e-3, 0.3),
)
def test_random_starts_and_rates_match_sgd(name, w0, lr):
    w0 = w0[: functions.get(name).dims]
    run = descent.run(name, w0, lr, steps=15)
    assert_paths_equal(run.path, sgd_path(name, w0, lr, len(run.iterations)))


def test_one_iteration_row_by_hand():
    it = descent.step("bowl", 4.0, 0.3)
    # f(4) = 9.5, f'(4) = 6, η f' = 1.8, w_1 = 2.2
    assert (it.t, it.w, it.status, it.reason) == (0, (4.0,), RUNNING, "")
    assert it.f == pytest.approx(9.5, abs=1e-12)
    assert it.grad == pytest.approx((6.0,), abs=1e-12)
    assert it.update == pytest.approx((1.8,), abs=1e-12)
    assert it.w_next == pytest.approx((2.2,), abs=1e-12)
    assert it.grad_norm == pytest.approx(6.0)


def test_step_is_pure_and_numbered_by_history():
    run = descent.run("elongated-bowl", (-3.5, 1.5), 0.19, steps=8)
    again = descent.step("elongated-bowl", run.iterations[5].w, 0.19, run.iterations[:5])
    assert again == run.iterations[5]
    assert descent.run("elongated-bowl", (-3.5, 1.5), 0.19, steps=8) == run
    assert [it.t for it in run.iterations] == list(range(8))
    assert all(a.w_next == b.w for a, b in zip(run.iterations, run.iterations[1:]))


def test_converged_is_said_with_t():
    run = descent.run("bowl", 4.0, 0.5)  # exactly onto the minimum in one step
    assert run.status == CONVERGED and len(run.iterations) == 2 and run.iterations[-1].t == 1


def test_saddle_start_on_the_ridge_converges_to_the_saddle_point():
    run = descent.run("saddle", (3.0, 0.0), 0.3)
    assert run.status == CONVERGED
    assert run.iterations[-1].w == pytest.approx((0.0, 0.0), abs=1e-6)


def test_overflow_is_a_status_and_never_returned_as_a_number():
    start = descent.step("bowl", 1e200, 0.1)  # f = 1e400 overflows; ∇f = 2e200 does not
    assert start.status == OVERFLOWED and start.f is None and start.grad == (2e200,)
    huge_rate = descent.step("round-bowl", (3.0, 1.0), 1e308)
    assert huge_rate.status == OVERFLOWED and huge_rate.update is None
    assert huge_rate.f == 10.0 and huge_rate.grad == (6.0, 2.0)
    nan = descent.step("saddle", (1e200, 1e200), 0.1)  # ∞ − ∞
    assert nan.status == OVERFLOWED and nan.f is None


def test_passing_the_bound_is_diverged_or_unbounded_by_the_direction_of_f():
    up = descent.step("bowl", 3.0, 1e6)
    assert (up.status, up.reason) == (DIVERGED, descent.BOUND_REASON)
    down = descent.step("saddle", (0.0, 3.0), 1e6)
    assert (down.status, down.reason) == (UNBOUNDED, descent.BOUND_REASON)


def test_a_streak_is_streak_steps_of_f_rising_ending_off_the_plot():
    """η = 1.1 on the bowl: |w − 1| grows by 1.2 a step; it is called diverged at the first
    iteration whose f is the last of STREAK rises in a row and whose wₜ₊₁ is off the plot."""
    run = descent.run("bowl", 4.0, 1.1)
    last = run.iterations[-1]
    assert (run.status, last.reason) == (DIVERGED, descent.STREAK_REASON)
    fs = [it.f for it in run.iterations[-descent.STREAK - 1:]]
    assert all(b > a for a, b in zip(fs, fs[1:])) and len(fs) == descent.STREAK + 1
    assert not -3 <= last.w_next[0] <= 5
    earlier = run.iterations[:-1]
    assert all(it.status == RUNNING for it in earlier)


@settings(max_examples=50, deadline=None)
@given(
    name=st.sampled_from(NAMES),
    w0=st.tuples(
        st.floats(-1e250, 1e250, allow_nan=False, allow_infinity=False),
        st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False),
    ),
    lr=st.floats(1e-6, 1e300, allow_nan=False, allow_infinity=False),
)
def test_no_iteration_ever_holds_nan_or_infinity_and_blow_ups_get_a_status(name, w0, lr):
    w0 = w0[: functions.get(name).dims]
    run = descent.run(name, w0, lr, steps=30)
    for it in run.iterations:
        assert all(math.isfinite(v) for v in numbers(it))
    assert all(it.status == RUNNING for it in run.iterations[:-1])
    assert run.status == run.iterations[-1].status
    if run.status == RUNNING:
        last = run.iterations[-1]
        assert None not in (last.f, last.grad, last.update, last.w_next)
        assert max(abs(v) for v in last.w_next) <= descent.BOUND
    else:
        last = run.iterations[-1]
        why = {OVERFLOWED: None in (last.f, last.grad, last.update, last.w_next),
               CONVERGED: last.grad_norm is not None and last.grad_norm < descent.TOL,
               DIVERGED: last.reason in (descent.BOUND_REASON, descent.STREAK_REASON),
               UNBOUNDED: last.reason in (descent.BOUND_REASON, descent.STREAK_REASON)}
        assert why[run.status], last


def test_tangent_line_touches_f_at_w_t():
    it = descent.step("two-minima", 1.3, 0.05)
    line = descent.tangent(it)
    assert line.slope == pytest.approx(4 * 1.3 * (1.3**2 - 1) + 0.3)
    assert line.slope * 1.3 + line.intercept == pytest.approx((1.3**2 - 1) ** 2 + 0.39)
    with pytest.raises(ValueError):
        descent.tangent(descent.step("saddle", (1.0, 1.0), 0.1))


def test_bad_inputs_are_refused():
    for lr in (0.0, -0.1, math.nan, math.inf):
        with pytest.raises(ValueError, match="learning rate"):
            descent.step("bowl", 1.0, lr)
    with pytest.raises(ValueError, match="2 parameter"):
        descent.step("saddle", 1.0, 0.1)
    with pytest.raises(ValueError, match="finite"):
        descent.run("bowl", math.inf, 0.1)


def test_progress_and_stop_hooks():
    seen = []
    run = descent.run("bowl", 4.0, 0.01, steps=10, on_progress=lambda s, n, loss: seen.append((s, n)))
    assert seen == [(s, 10) for s in range(1, 11)] and len(run.iterations) == 10
    stopped = descent.run("bowl", 4.0, 0.01, steps=10, should_stop=lambda: True)
    assert stopped.iterations == () and stopped.status == RUNNING and stopped.path == () and stopped.budget == 10
