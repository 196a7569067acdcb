"""Gradient descent, one iteration at a time: wₜ₊₁ = wₜ − η ∇f(wₜ).

∇f is computed by autograd. After every iteration the run is judged, in this order:

- "overflowed": f, ∇f, η∇f or wₜ₊₁ is not a finite float. The numbers that are not
  finite are left out of the `Iteration` (None).
- "converged": |∇f(wₜ)| < tol; the slope is flat, so w stops moving.
- "diverged" / "unbounded below": some |wₜ₊₁| passed `BOUND` (reason "bound"), or w left the
  plotting range at the end of `STREAK` steps in a row in which f rose every step (diverged:
  the steps overshoot further each time) or fell every step while the slope kept steepening
  (unbounded below: f has no minimum in that direction) (reason "streak").
- otherwise "running".

Numbers and verdict codes only: `tui_tutor.words.descent` says them in words. Every function
here is pure: the same inputs give the same result, so a screen can keep the iterations as
history and step back through them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import torch

from tui_tutor.compute.core import ProgressFn, StopFn, all_finite, floats, tensor
from tui_tutor.compute.functions import CONVERGED, DIVERGED, OVERFLOWED, RUNNING, UNBOUNDED, Objective, apply, get

TOL = 1e-6
"""Default convergence tolerance on |∇f|."""
BOUND = 1e6
"""Any |wᵢ| beyond this counts as run away."""
STREAK = 4
"""How many steps in a row of steady growth (ending outside the plotting range) count as run
away: f compared over the last STREAK + 1 iterations."""
BOUND_REASON = "bound"
STREAK_REASON = "streak"


@dataclass(frozen=True, slots=True)
class Iteration:
    """One row of the table: iteration t of wₜ₊₁ = wₜ − η∇f(wₜ).

    Vectors are tuples with one entry per coordinate (length 1 for a 1-D function).
    A value that is not a finite float is None, and `status` is "overflowed".
    """

    t: int
    w: tuple[float, ...]
    """wₜ (always finite)."""
    f: float | None
    """f(wₜ)."""
    grad: tuple[float, ...] | None
    """∇f(wₜ)."""
    update: tuple[float, ...] | None
    """η∇f(wₜ)."""
    w_next: tuple[float, ...] | None
    """wₜ₊₁ = wₜ − η∇f(wₜ)."""
    status: str
    """"running", "converged", "diverged", "overflowed" or "unbounded below"."""
    reason: str = ""
    """For "diverged" and "unbounded below": `BOUND_REASON` or `STREAK_REASON`."""

    @property
    def grad_norm(self) -> float | None:
        """|∇f(wₜ)|."""
        return None if self.grad is None else math.hypot(*self.grad)


@dataclass(frozen=True, slots=True)
class Trajectory:
    """A whole run: the iterations until a verdict or the step budget."""

    function: str
    w0: tuple[float, ...]
    lr: float
    iterations: tuple[Iteration, ...]
    status: str
    """The last iteration's status ("running" if the budget ran out first)."""
    budget: int
    """The iterations the run was allowed."""

    @property
    def losses(self) -> tuple[float, ...]:
        """f(wₜ) for every iteration that has a finite f (the loss-per-iteration plot)."""
        return tuple(it.f for it in self.iterations if it.f is not None)

    @property
    def path(self) -> tuple[tuple[float, ...], ...]:
        """w₀, w₁, … up to the last finite wₜ₊₁ (the path drawn on the plot)."""
        last = self.iterations[-1].w_next if self.iterations else None
        return tuple(it.w for it in self.iterations) + ((last,) if last is not None else ())


@dataclass(frozen=True, slots=True)
class Line:
    """y = slope · w + intercept."""

    slope: float
    intercept: float


def _point(objective: Objective, w: float | Sequence[float]) -> tuple[float, ...]:
    point = (float(w),) if isinstance(w, int | float) else tuple(float(v) for v in w)
    if len(point) != objective.dims:
        raise ValueError(f"{objective.name} takes {objective.dims} parameter(s), got {len(point)}")
    if not all_finite(point):
        raise ValueError(f"w must be finite, got {point}")
    return point


def _check_lr(lr: float) -> float:
    if not (math.isfinite(lr) and lr > 0):
        raise ValueError(f"the learning rate η must be a positive finite number, got {lr}")
    return float(lr)


def _outside(objective: Objective, w: tuple[float, ...]) -> bool:
    return any(not lo <= v <= hi for v, (lo, hi) in zip(w, objective.ranges, strict=True))


def _strictly(values: Sequence[float], rising: bool) -> bool:
    return all((b > a) if rising else (b < a) for a, b in zip(values, values[1:]))


def _judge(objective: Objective, it: Iteration, history: Sequence[Iteration], tol: float) -> tuple[str, str]:
    """The status and its reason after iteration `it` (whose numbers are all finite)."""
    assert it.f is not None and it.grad_norm is not None and it.w_next is not None
    if it.grad_norm < tol:
        return CONVERGED, ""
    if max(abs(v) for v in it.w_next) > BOUND:
        f_next = float(apply(objective, tensor(list(it.w_next))))
        return (UNBOUNDED if f_next < it.f else DIVERGED), BOUND_REASON
    window = (*history[len(history) - STREAK :], it) if len(history) >= STREAK else ()
    if window and _outside(objective, it.w_next):
        fs = [past.f for past in window]
        if _strictly(fs, rising=True):
            return DIVERGED, STREAK_REASON
        if _strictly(fs, rising=False) and _strictly([past.grad_norm for past in window], rising=True):
            return UNBOUNDED, STREAK_REASON
    return RUNNING, ""


def step(
    function: str, w: float | Sequence[float], lr: float, history: Sequence[Iteration] = (), tol: float = TOL
) -> Iteration:
    """One iteration from wₜ = `w`, numbered t = len(history).

    Args:
        function: a name from `functions.OBJECTIVES`.
        w: wₜ, a number (1-D) or a pair (2-D).
        lr: the learning rate η > 0.
        history: the iterations before this one (only used to judge steady growth).
        tol: convergence tolerance on |∇f(wₜ)|.
    """
    objective = get(function)
    point, lr, t = _point(objective, w), _check_lr(lr), len(history)
    wt = tensor(list(point), grad=True)
    f = apply(objective, wt)
    (g,) = torch.autograd.grad(f, wt)
    update = lr * g
    w_next = wt.detach().add(g, alpha=-lr)  # wₜ − η∇f(wₜ), computed as torch.optim.SGD does
    values = ((f.item(),), floats(g), floats(update), floats(w_next))
    f_t, grad, upd, nxt = (v if all_finite(v) else None for v in values)
    it = Iteration(t, point, f_t[0] if f_t else None, grad, upd, nxt, RUNNING)
    if None in (f_t, grad, upd, nxt):
        return replace(it, status=OVERFLOWED)
    status, reason = _judge(objective, it, history, tol)
    return replace(it, status=status, reason=reason)


def run(
    function: str,
    w0: float | Sequence[float],
    lr: float,
    steps: int | None = None,
    tol: float = TOL,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> Trajectory:
    """Up to `steps` iterations from w₀ (default: the function's budget), stopping at a verdict."""
    objective = get(function)
    total = objective.steps if steps is None else steps
    w = _point(objective, w0)
    iterations: list[Iteration] = []
    for _ in range(total):
        if should_stop is not None and should_stop():
            break
        it = step(function, w, lr, iterations, tol)
        iterations.append(it)
        if on_progress is not None:
            on_progress(it.t + 1, total, it.f if it.f is not None else math.inf)
        if it.status != RUNNING:
            break
        w = it.w_next
    status = iterations[-1].status if iterations else RUNNING
    return Trajectory(function, _point(objective, w0), lr, tuple(iterations), status, total)


def tangent(iteration: Iteration) -> Line:
    """The tangent line of a 1-D function at wₜ: f(wₜ) + f′(wₜ)(w − wₜ)."""
    if len(iteration.w) != 1:
        raise ValueError("the tangent line is for 1-D functions; use the gradient for 2-D")
    if iteration.f is None or iteration.grad is None:
        raise ValueError(f"no tangent at t = {iteration.t}: f or its slope is not a finite float")
    slope = iteration.grad[0]
    return Line(slope, iteration.f - slope * iteration.w[0])


def stable_eta_limit(function: str) -> float:
    """2 / λ_max of f's Hessian at its w₀: on a quadratic, gradient descent converges for
    every η below this and diverges above it (λ_max from autograd's Hessian)."""
    objective = get(function)
    hessian = torch.autograd.functional.hessian(lambda w: apply(objective, w), tensor(list(objective.w0)))
    return 2.0 / float(torch.linalg.eigvalsh(hessian.reshape(objective.dims, objective.dims)).max())
