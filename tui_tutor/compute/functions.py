"""The named test functions f(w) that gradient descent runs on (1-D curves and 2-D surfaces).

Each function is a PyTorch expression in w (a tensor whose first axis holds the function's
`dims` coordinates), with a start w₀, a plotting range, a step budget, and learning-rate
presets whose behaviour from w₀ within the budget is stated in `Preset.expect` (and tested).
Numbers only: how a function is written (its formula, its gradient, the PyTorch line an
exported script uses) and what its presets do in words are the lesson's (`[[data.functions]]`
and `[[data.presets]]` in lessons/14-gradient-descent.md and 15-gradient-descent-3d.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch

from tui_tutor.compute.core import floats, linspace, rows, tensor
from tui_tutor.compute.neuron import Curve

# Statuses of a gradient-descent run (set by `descent`, named here for the presets).
RUNNING = "running"
CONVERGED = "converged"
DIVERGED = "diverged"
OVERFLOWED = "overflowed"
UNBOUNDED = "unbounded below"


@dataclass(frozen=True, slots=True)
class Preset:
    """A named learning rate η and what it does from the function's w₀."""

    name: str
    """"too small", "about right", "too large" or "diverges" (the saddle, which has no minimum:
    "small", "moderate", "large")."""
    lr: float
    expect: str
    """The status `descent.run` ends with after the function's step budget."""


@dataclass(frozen=True, slots=True)
class Objective:
    """A named function f(w) to minimise, with the numbers a screen needs to show it."""

    name: str
    dims: int
    """1 (a curve over w) or 2 (a surface over the two coordinates of w)."""
    f: Callable[[torch.Tensor], torch.Tensor]
    """f(w), elementwise over any further axes of w (so it also evaluates whole grids)."""
    w0: tuple[float, ...]
    ranges: tuple[tuple[float, float], ...]
    """The plotting range (lo, hi) of each coordinate."""
    steps: int
    """The default number of iterations (the budget the presets are judged by)."""
    presets: tuple[Preset, ...]
    start: str = "about right"
    """The preset whose η a run starts with when this function is picked."""

    def preset(self, name: str) -> Preset:
        """The preset called `name`."""
        for p in self.presets:
            if p.name == name:
                return p
        raise ValueError(f"{self.name} has no preset {name!r}; it has {', '.join(p.name for p in self.presets)}")


def _presets(*table: tuple[str, float, str]) -> tuple[Preset, ...]:
    return tuple(Preset(*row) for row in table)


_USUAL = ("too small", "about right", "too large", "diverges")


def _usual(*rates: float, expect: tuple[str, ...] = (RUNNING, CONVERGED, RUNNING, DIVERGED)) -> tuple[Preset, ...]:
    """The four usual presets with these η."""
    return _presets(*zip(_USUAL, rates, expect, strict=True))


OBJECTIVES: dict[str, Objective] = {
    o.name: o
    for o in (
        Objective("bowl", 1, lambda w: (w[0] - 1) ** 2 + 0.5, (4.0,), ((-3.0, 5.0),), 50, _usual(0.01, 0.3, 0.9, 1.1)),
        Objective("two-minima", 1, lambda w: (w[0] ** 2 - 1) ** 2 + 0.3 * w[0], (1.6,), ((-2.0, 2.0),), 50,
                  _usual(0.002, 0.05, 0.25, 0.4)),
        Objective("round-bowl", 2, lambda w: w[0] ** 2 + w[1] ** 2, (-3.0, 2.0), ((-4.0, 4.0), (-3.0, 3.0)), 50,
                  _usual(0.01, 0.3, 0.9, 1.1)),
        Objective("elongated-bowl", 2, lambda w: w[0] ** 2 + 5 * w[1] ** 2, (-3.5, 1.5), ((-4.0, 4.0), (-2.0, 2.0)),
                  100, _usual(0.005, 0.15, 0.19, 0.21)),
        Objective("saddle", 2, lambda w: w[0] ** 2 - w[1] ** 2, (3.0, 0.01), ((-4.0, 4.0), (-3.0, 3.0)), 50,
                  _presets(("small", 0.01, RUNNING), ("moderate", 0.1, UNBOUNDED), ("large", 0.9, UNBOUNDED)),
                  start="moderate"),  # no η is "about right" where there is no minimum
        Objective("two-minima-2d", 2, lambda w: (w[0] ** 2 - 1) ** 2 + 0.3 * w[0] + 3 * w[1] ** 2, (1.6, 1.5),
                  ((-2.0, 2.0), (-2.0, 2.0)), 60, _usual(0.002, 0.05, 0.25, 0.4)),
    )
}
"""Every test function by name."""


@dataclass(frozen=True, slots=True)
class Grid:
    """f sampled on a grid over a 2-D function's range, for a heat map."""

    w1s: tuple[float, ...]
    w2s: tuple[float, ...]
    values: tuple[tuple[float, ...], ...]
    """values[j][i] = f(w1s[i], w2s[j]): one row per w₂, w₂ ascending."""
    lowest: float
    highest: float


def get(name: str) -> Objective:
    """The function called `name`."""
    try:
        return OBJECTIVES[name]
    except KeyError:
        raise ValueError(f"unknown function {name!r}; expected one of {', '.join(OBJECTIVES)}") from None


def apply(objective: Objective, w: torch.Tensor) -> torch.Tensor:
    """f(w) as a tensor; `w` has the function's `dims` entries along its first axis."""
    return objective.f(w)


def evaluate(name: str, w: Sequence[float]) -> float:
    """f(w) as a float (may be infinite for huge w)."""
    return float(apply(get(name), tensor(list(w))))


def curve(name: str, n: int = 161) -> Curve:
    """A 1-D function sampled at `n` points over its plotting range."""
    objective = get(name)
    if objective.dims != 1:
        raise ValueError(f"{name} is a function of 2 parameters; use grid()")
    ws = linspace(*objective.ranges[0], n)
    return Curve(floats(ws), floats(apply(objective, ws[None, :])))


def grid(name: str, nx: int = 120, ny: int = 60) -> Grid:
    """A 2-D function sampled on `nx` × `ny` points over its plotting range."""
    objective = get(name)
    if objective.dims != 2:
        raise ValueError(f"{name} is a function of 1 parameter; use curve()")
    w1s, w2s = linspace(*objective.ranges[0], nx), linspace(*objective.ranges[1], ny)
    values = apply(objective, torch.stack(torch.meshgrid(w1s, w2s, indexing="xy")))
    return Grid(floats(w1s), floats(w2s), rows(values), float(values.min()), float(values.max()))
