"""Gradient descent in words: the verdict of a run, how it is going, where the first step goes.

Reads `compute.descent.Iteration`s (status codes and numbers) and writes the sentences of the
status line; every number in them is the iteration's own, written by `tui_tutor.numbers`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui_tutor.numbers import number, sided, subscript, vector

STOP_WORDS = {"converged": "converged ✓ stop", "diverged": "diverged ✗ stop", "overflowed": "overflowed ✗ stop",
              "unbounded below": "f unbounded below ✗ stop"}
"""What the pseudocode's "repeat until convergence" line says once a run has stopped."""


def w(t: int) -> str:
    """The iterate wₜ with its number: w₀, w₁₂."""
    return f"w{subscript(t)}"


def verdict(it: Any, *, tol: float, bound: float, streak: int) -> str:
    """Why the run stopped at iteration `it` (a `descent.Iteration` whose status is not "running").

    `tol`, `bound` and `streak` are the rules the run was judged by (`descent.TOL`, `BOUND`, `STREAK`).
    """
    t, status = it.t, it.status
    if status == "overflowed":
        names = [name for name, value in ((f"f({w(t)})", it.f), (f"∇f({w(t)})", it.grad),
                                          (f"η∇f({w(t)})", it.update), (w(t + 1), it.w_next)) if value is None]
        verb = "is" if len(names) == 1 else "are"
        return f"overflowed at t = {t}: {', '.join(names)} {verb} too large for a float (infinity or not a number)"
    if status == "converged":
        return f"converged at t = {t}: |∇f({w(t)})| = {sided(it.grad_norm, tol, 2)} < {number(tol)}, so w stops moving"
    if it.reason == "bound":
        if status == "diverged":
            return f"diverged at t = {t}: w passed {number(bound)} with f rising: η is far too large"
        return f"unbounded below at t = {t}: w passed {number(bound)} with f still falling"
    if status == "diverged":
        return (f"diverged at t = {t}: f rose at each of the last {streak} steps and w left the plot; "
                "each step overshoots further (η is too large)")
    return (f"unbounded below at t = {t}: f fell at each of the last {streak} steps while the slope got steeper "
            "and w left the plot; f has no minimum this way")


def outcome(run: Any, *, tol: float, bound: float, streak: int) -> str:
    """How a whole `descent.Trajectory` ended: its verdict, or that its budget ran out first."""
    if run.status != "running":
        return verdict(run.iterations[-1], tol=tol, bound=bound, streak=streak)
    said = f"stopped after {len(run.iterations)} of {run.budget} iterations, not converged"
    return said + (f" (|∇f| = {sided(run.iterations[-1].grad_norm, tol)})" if run.iterations else "")


def _run_of(history: Sequence[Any], holds) -> int:
    """How many of the last steps in a row (pairs of iterations) satisfy `holds(before, after)`."""
    count = 0
    for before, after in zip(reversed(history[:-1]), reversed(history[1:])):
        if not holds(before, after):
            break
        count += 1
    return count


def _reversed(before: Any, after: Any) -> bool:
    return sum(a * b for a, b in zip(before.update, after.update)) < 0


def trend(history: Sequence[Any], tol: float) -> str:
    """How a running run is going: |∇f| at the last iterate, whether it has been falling or
    rising, and whether w turns back each step (overshooting), counted over the last steps."""
    last = history[-1]
    said = f"|∇f({w(last.t)})| = {sided(last.grad_norm, tol)} > {number(tol)}"
    falling = _run_of(history, lambda a, b: b.grad_norm < a.grad_norm)
    rising = _run_of(history, lambda a, b: b.grad_norm > a.grad_norm)
    if falling >= 2:
        said += f", falling for {falling} steps"
    elif rising >= 2:
        said += f", rising for {rising} steps"
    flips = _run_of(history, _reversed)
    if flips >= 2:
        said += f"; w turned back at each of the last {flips} steps (overshooting)"
    return said


def first_step(it: Any) -> str:
    """Where the first step from w₀ goes and why (the slope's sign), from iteration `it` at t = 0."""
    if it.grad is None or it.w_next is None:
        return f"∇f({w(it.t)}) or the step is too large for a float"
    grad, nxt = it.grad, vector(it.w_next)
    if len(grad) > 1:
        return f"∇f({w(it.t)}) = {vector(grad)} points uphill; −η∇f steps downhill, to {w(it.t + 1)} = {nxt}"
    g = grad[0]
    if g == 0:
        return f"∇f({w(it.t)}) = 0: flat here, so w stays where it is"
    sign, goes = (">", "left") if g > 0 else ("<", "right")
    return f"∇f({w(it.t)}) = {number(g)} {sign} 0: downhill is to the {goes}, so {w(it.t + 1)} = {nxt}"


def budget_used(budget: int, grad_norm: float) -> str:
    """The lecture's iterations are used up without a verdict."""
    return f"{budget} iterations done, |∇f| = {number(grad_norm)}: → moves on; . or space go further"


def limit(iterations: int) -> str:
    """The run hit the tutor's hard limit."""
    return f"stopped after {iterations} iterations without converging"


def preset(lr: float, name: str, note: str) -> str:
    """η is one of the function's presets, said with the lesson's note on it."""
    return f"η = {number(lr)} is “{name}” here: {note}" if note else f"η = {number(lr)} is “{name}” here"
