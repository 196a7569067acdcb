"""Shared helpers for the compute modules: dtype, tensor construction, conversion."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import torch

DTYPE = torch.float64


def tensor(values: float | Sequence[float] | Sequence[Sequence[float]], *, grad: bool = False) -> torch.Tensor:
    """A float64 tensor of `values`, optionally tracking gradients."""
    return torch.tensor(values, dtype=DTYPE, requires_grad=grad)


def floats(t: torch.Tensor) -> tuple[float, ...]:
    """A 1-D tensor as a tuple of Python floats."""
    return tuple(float(v) for v in t.detach().reshape(-1).tolist())


def rows(t: torch.Tensor) -> tuple[tuple[float, ...], ...]:
    """A 2-D tensor as a tuple of tuples of Python floats."""
    return tuple(tuple(float(v) for v in row) for row in t.detach().tolist())


def generator(seed: int) -> torch.Generator:
    """A CPU random generator seeded with `seed` (every random example uses one)."""
    return torch.Generator().manual_seed(int(seed))


def all_finite(values: Iterable[float]) -> bool:
    """Whether every value is a finite float."""
    return all(math.isfinite(v) for v in values)


def linspace(lo: float, hi: float, n: int) -> torch.Tensor:
    """`n` evenly spaced float64 points from `lo` to `hi`."""
    return torch.linspace(lo, hi, n, dtype=DTYPE)


def literal(x: float) -> str:
    """`x` as Python source: `repr(x)`, or `float('nan')` / `float('inf')` / `float('-inf')`."""
    x = float(x)
    return repr(x) if math.isfinite(x) else f"float({str(x)!r})"


ProgressFn = Callable[[int, int, float], None]
"""`on_progress(step, total, loss)` for training loops."""
StopFn = Callable[[], bool]
"""`should_stop()` for training loops: True asks the loop to end early."""


def part_progress(on_progress: ProgressFn | None, offset: int, total: int) -> ProgressFn | None:
    """`on_progress` for one part of a longer job: its step k is reported as step offset + k of `total`."""
    if on_progress is None:
        return None
    return lambda step, _part_total, loss: on_progress(offset + step, total, loss)


@dataclass(frozen=True, slots=True)
class Steps:
    """What `run_steps` did."""

    losses: tuple[float, ...]
    """The loss returned by each step that ran."""
    stopped: bool
    """True if `should_stop` ended the loop early."""
    status: str
    """"ok", "stopped" (`should_stop` ended it) or "diverged" (the last loss is not finite):
    `tui_tutor.words.training.run_end` says it, with `len(losses)`."""


@contextmanager
def one_thread() -> Iterator[None]:
    """Run torch on one intra-op thread inside the block, then restore the previous count.

    The tutor's tensors are tiny: a second thread saves nothing, and when the other core is
    busy (the UI, a test run) the threads' hand-offs make a training loop 10-30× slower.
    """
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def run_steps(
    step: Callable[[], float],
    total: int,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> Steps:
    """Call `step()` (one update; returns its loss) `total` times, reporting progress.

    Ends early when `should_stop()` is true or the loss stops being finite (diverged).
    Runs on one thread (see `one_thread`).
    """
    with one_thread():
        return _run_steps(step, total, on_progress, should_stop)


def _run_steps(
    step: Callable[[], float], total: int, on_progress: ProgressFn | None, should_stop: StopFn | None
) -> Steps:
    losses: list[float] = []
    for i in range(1, total + 1):
        if should_stop is not None and should_stop():
            return Steps(tuple(losses), True, "stopped")
        loss = float(step())
        losses.append(loss)
        if on_progress is not None:
            on_progress(i, total, loss)
        if not math.isfinite(loss):
            return Steps(tuple(losses), False, "diverged")
    return Steps(tuple(losses), False, "ok")
