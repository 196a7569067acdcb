"""The optimisation race in words: how each method's evaluations are counted, how its run
ended, and who reached the threshold first, from `compute.search` results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui_tutor.numbers import given


def counting(method: str, population: int, children: int) -> str:
    """How `method`'s evaluations are counted (`population` and `children` per generation: the
    genetic algorithm's sizes)."""
    if method == "gradient descent":
        return "1 forward pass (the loss) + 1 backward pass (the gradient) = 2 evaluations per step"
    if method == "random search":
        return "1 evaluation per random θ tried"
    return f"1 evaluation per individual: {population} to start, then {children} new children per generation"


def ending(run: Any) -> str:
    """How a `SearchRun` ended."""
    done = len(run.losses)
    return {
        "ok": f"used all {done} evaluations",
        "converged": f"converged after {done} evaluations: the gradient vanished",
        "stopped": f"stopped after {done} of {run.budget} evaluations",
    }.get(run.status, f"diverged: the loss was not finite at evaluation {done + 1}")


def first(methods: Sequence[str], counts: Sequence[int | None], threshold: float) -> str:
    """Who reached L ≤ `threshold` in the fewest evaluations."""
    fewest = min((count for count in counts if count is not None), default=None)
    if fewest is None:
        return f"Nobody reaches L ≤ {given(threshold)} within n."
    winners = [method for method, count in zip(methods, counts) if count == fewest]
    each = " each" if len(winners) > 1 else ""
    return f"First to L ≤ {given(threshold)}: {' and '.join(winners)} ({fewest} evaluations{each})."
