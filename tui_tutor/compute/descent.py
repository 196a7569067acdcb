"""Gradient descent, one iteration at a time: w_{t+1} = w_t − η ∇f(w_t).

∇f is computed by autograd. After every iteration the run is judged, in this order:

- "overflowed": f, ∇f, η∇f or w_{t+1} is not a finite float. The numbers that are not
  finite are left out of the `Iteration` (None) and the note says which, in words.
- "converged": |∇f(w_t)| < tol; the slope is flat, so w stops moving.
- "diverged" / "unbounded below": some |w_{t+1}| passed `BOUND`, or over the last `WINDOW`
  iterations w left the plotting range while f rose every step (diverged: the steps
  overshoot further each time) or while f fell every step and the slope kept steepening
  (unbounded below: f has no minimum in that direction).
- otherwise "running".

Every function here is pure: the same inputs give the same result, so a screen can keep
the iterations as history and step back through them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import torch

from tui_tutor.compute.core import ProgressFn, StopFn, all_finite, floats, literal, tensor
from tui_tutor.compute.functions import CONVERGED, DIVERGED, OVERFLOWED, RUNNING, UNBOUNDED, Objective, apply, get
from tui_tutor.numbers import subscript

TOL = 1e-6
"""Default convergence tolerance on |∇f|."""
BOUND = 1e6
"""Any |wᵢ| beyond this counts as run away."""
WINDOW = 5
"""How many iterations of steady growth (outside the plotting range) count as run away."""


@dataclass(frozen=True, slots=True)
class Iteration:
    """One row of the table: iteration t of w_{t+1} = w_t − η∇f(w_t).

    Vectors are tuples with one entry per parameter (length 1 for a 1-D function).
    A value that is not a finite float is None, and `status`/`note` say why.
    """

    t: int
    w: tuple[float, ...]
    """w_t (always finite)."""
    f: float | None
    """f(w_t)."""
    grad: tuple[float, ...] | None
    """∇f(w_t)."""
    update: tuple[float, ...] | None
    """η∇f(w_t)."""
    w_next: tuple[float, ...] | None
    """w_{t+1} = w_t − η∇f(w_t)."""
    status: str
    """"running", "converged", "diverged", "overflowed" or "unbounded below"."""
    note: str
    """What happened, in words ('' while running)."""

    @property
    def grad_norm(self) -> float | None:
        """|∇f(w_t)|."""
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
    note: str

    @property
    def losses(self) -> tuple[float, ...]:
        """f(w_t) for every iteration that has a finite f (the loss-per-iteration plot)."""
        return tuple(it.f for it in self.iterations if it.f is not None)

    @property
    def path(self) -> tuple[tuple[float, ...], ...]:
        """w_0, w_1, … up to the last finite w_{t+1} (the path drawn on the plot)."""
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


def _judge(
    objective: Objective, it: Iteration, history: Sequence[Iteration], tol: float
) -> tuple[str, str]:
    """The status and note after iteration `it` (whose numbers are all finite)."""
    assert it.f is not None and it.grad_norm is not None and it.w_next is not None
    t = it.t
    if it.grad_norm < tol:
        return CONVERGED, f"converged at t = {t}: |∇f(w{subscript(t)})| = {it.grad_norm:.2g} < {tol:g}, so w stops moving"
    if max(abs(v) for v in it.w_next) > BOUND:
        f_next = float(apply(objective, tensor(list(it.w_next))))
        if f_next < it.f:
            return UNBOUNDED, f"unbounded below at t = {t}: w passed {BOUND:g} with f still falling"
        return DIVERGED, f"diverged at t = {t}: w passed {BOUND:g}, each step overshooting further"
    window = (*history[len(history) - WINDOW + 1 :], it) if len(history) >= WINDOW - 1 else ()
    if window and _outside(objective, it.w_next):
        fs = [past.f for past in window]
        if _strictly(fs, rising=True):
            return DIVERGED, (
                f"diverged at t = {t}: f rose at each of the last {WINDOW} steps and w left the plot; "
                "each step overshoots further (η is too large)"
            )
        if _strictly(fs, rising=False) and _strictly([past.grad_norm for past in window], rising=True):
            return UNBOUNDED, (
                f"unbounded below at t = {t}: f fell at each of the last {WINDOW} steps while the slope "
                "kept getting steeper and w left the plot; f has no minimum in this direction"
            )
    return RUNNING, ""


def step(
    function: str, w: float | Sequence[float], lr: float, history: Sequence[Iteration] = (), tol: float = TOL
) -> Iteration:
    """One iteration from w_t = `w`, numbered t = len(history).

    Args:
        function: a name from `functions.OBJECTIVES`.
        w: w_t, a number (1-D) or a pair (2-D).
        lr: the learning rate η > 0.
        history: the iterations before this one (only used to judge steady growth).
        tol: convergence tolerance on |∇f(w_t)|.
    """
    objective = get(function)
    point, lr, t = _point(objective, w), _check_lr(lr), len(history)
    wt = tensor(list(point), grad=True)
    f = apply(objective, wt)
    (g,) = torch.autograd.grad(f, wt)
    update = lr * g
    w_next = wt.detach().add(g, alpha=-lr)  # w_t − η∇f(w_t), computed as torch.optim.SGD does
    w_t, w_t1 = f"w{subscript(t)}", f"w{subscript(t + 1)}"  # as written on screen
    values = {
        f"f({w_t})": (f.item(),),
        f"∇f({w_t})": floats(g),
        f"η∇f({w_t})": floats(update),
        w_t1: floats(w_next),
    }
    bad = [name for name, v in values.items() if not all_finite(v)]
    f_t, grad, upd, nxt = (v if all_finite(v) else None for v in values.values())
    it = Iteration(t, point, f_t[0] if f_t else None, grad, upd, nxt, RUNNING, "")
    if bad:
        verb = "is" if len(bad) == 1 else "are"
        note = f"overflowed at t = {t}: {', '.join(bad)} {verb} too large for a float (infinity or not a number)"
        return replace(it, status=OVERFLOWED, note=note)
    status, note = _judge(objective, it, history, tol)
    return replace(it, status=status, note=note)


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
            return Trajectory(function, _point(objective, w0), lr, tuple(iterations), it.status, it.note)
        w = it.w_next
    last = iterations[-1] if iterations else None
    note = f"stopped after {len(iterations)} of {total} iterations, not converged"
    if last is not None:
        note += f" (|∇f| = {last.grad_norm:.3g})"
    return Trajectory(function, _point(objective, w0), lr, tuple(iterations), RUNNING, note)


def tangent(iteration: Iteration) -> Line:
    """The tangent line of a 1-D function at w_t: f(w_t) + f′(w_t)(w − w_t)."""
    if len(iteration.w) != 1:
        raise ValueError("the tangent line is for 1-D functions; use the gradient for 2-D")
    if iteration.f is None or iteration.grad is None:
        raise ValueError(f"no tangent at t = {iteration.t}: {iteration.note}")
    slope = iteration.grad[0]
    return Line(slope, iteration.f - slope * iteration.w[0])


def pytorch_source(function: str, w0: float | Sequence[float], lr: float, steps: int) -> str:
    """Standalone PyTorch code running `steps` steps of `torch.optim.SGD`, printing each w_t."""
    objective = get(function)
    point, lr = _point(objective, w0), _check_lr(lr)
    if objective.dims == 1:
        start, unpack, show = literal(point[0]), "", "w.item()"
    else:
        start = "[" + ", ".join(literal(v) for v in point) + "]"
        unpack, show = "    w1, w2 = w\n", "tuple(w.tolist())"
    return f"""import torch

w = torch.tensor({start}, dtype=torch.float64, requires_grad=True)
optimizer = torch.optim.SGD([w], lr={literal(lr)})
print(f"w_0 = {{{show}!r}}")
for t in range(1, {int(steps)} + 1):
    optimizer.zero_grad()
{unpack}    f = {objective.expr}  # {objective.formula}
    f.backward()
    optimizer.step()  # w = w - lr * w.grad
    print(f"w_{{t}} = {{{show}!r}}")
"""


def stable_eta_limit(function: str) -> float:
    """2 / λ_max of f's Hessian at its w₀: on a quadratic, gradient descent converges for
    every η below this and diverges above it (λ_max from autograd's Hessian)."""
    objective = get(function)
    hessian = torch.autograd.functional.hessian(lambda w: apply(objective, w), tensor(list(objective.w0)))
    return 2.0 / float(torch.linalg.eigvalsh(hessian.reshape(objective.dims, objective.dims)).max())
