"""The named test functions f(w) that gradient descent runs on (1-D curves and 2-D surfaces).

Each function is a PyTorch expression in `w` (1-D) or `w1`, `w2` (2-D), kept as text for the
exported code and as a Python callable for computing; a test checks that the two agree.
Each comes with a display formula,
its gradient as a formula, a start w₀, a plotting range, a step budget, and learning-rate
presets named "too small", "about right", "too large", "diverges" whose behaviour from w₀
within the budget is stated in `Preset.expect` (and tested).
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
    note: str
    """What happens, in words."""


@dataclass(frozen=True, slots=True)
class Objective:
    """A named function f(w) to minimise, with everything a screen needs to show it."""

    name: str
    dims: int
    """1 (a curve over w) or 2 (a surface over w₁, w₂)."""
    formula: str
    gradient: str
    """f′(w) or ∇f(w) as a formula."""
    expr: str
    """f as a PyTorch expression in `w` (1-D) or `w1`, `w2` (2-D); elementwise, so it also
    evaluates whole grids."""
    w0: tuple[float, ...]
    ranges: tuple[tuple[float, float], ...]
    """The plotting range (lo, hi) of each coordinate."""
    steps: int
    """The default number of iterations (the budget the presets are judged by)."""
    presets: tuple[Preset, ...]
    note: str
    """Its shape in words (where the minima are)."""
    start: str = "about right"
    """The preset whose η a run starts with when this function is picked."""

    def preset(self, name: str) -> Preset:
        """The preset called `name`."""
        for p in self.presets:
            if p.name == name:
                return p
        raise ValueError(f"{self.name} has no preset {name!r}; it has {', '.join(p.name for p in self.presets)}")


def _presets(*table: tuple[str, float, str, str]) -> tuple[Preset, ...]:
    return tuple(Preset(*row) for row in table)


OBJECTIVES: dict[str, Objective] = {
    o.name: o
    for o in (
        Objective(
            "bowl", 1, "f(w) = (w − 1)² + 0.5", "f′(w) = 2(w − 1)", "(w - 1) ** 2 + 0.5",
            (4.0,), ((-3.0, 5.0),), 50,
            _presets(
                ("too small", 0.01, RUNNING, "each step cuts the distance to w = 1 by only 2 %: still far after 50"),
                ("about right", 0.3, CONVERGED, "each step removes 60 % of the distance: converges in under 20 steps"),
                ("too large", 0.9, RUNNING, "each step jumps past w = 1 to the other side; the jumps shrink only slowly"),
                ("diverges", 1.1, DIVERGED, "each jump lands 20 % further out on the other side: w runs away"),
            ),
            "convex: one minimum, f(1) = 0.5",
        ),
        Objective(
            "two-minima", 1, "f(w) = (w² − 1)² + 0.3w", "f′(w) = 4w(w² − 1) + 0.3", "(w ** 2 - 1) ** 2 + 0.3 * w",
            (1.6,), ((-2.0, 2.0),), 50,
            _presets(
                ("too small", 0.002, RUNNING, "creeps down the right-hand valley: still on the way after 50 steps"),
                ("about right", 0.05, CONVERGED, "settles in the right-hand valley: a local minimum, not the deepest"),
                ("too large", 0.25, RUNNING, "thrown over the hump into the left valley, w bounces between its walls"),
                ("diverges", 0.4, DIVERGED, "the steep wall throws w out further each step"),
            ),
            "not convex: a local minimum near w = 0.96 (f ≈ 0.29), the global one near w = −1.04 (f ≈ −0.31)",
        ),
        Objective(
            "round-bowl", 2, "f(w) = w₁² + w₂²", "∇f(w) = (2w₁, 2w₂)", "w1 ** 2 + w2 ** 2",
            (-3.0, 2.0), ((-4.0, 4.0), (-3.0, 3.0)), 50,
            _presets(
                ("too small", 0.01, RUNNING, "walks straight at the minimum, but 2 % of the way per step"),
                ("about right", 0.3, CONVERGED, "straight to the minimum in under 20 steps"),
                ("too large", 0.9, RUNNING, "jumps across the minimum every step, slowly closing in"),
                ("diverges", 1.1, DIVERGED, "every jump across lands further out"),
            ),
            "convex and round: the gradient points straight away from the minimum at (0, 0)",
        ),
        Objective(
            "elongated-bowl", 2, "f(w) = w₁² + 5w₂²", "∇f(w) = (2w₁, 10w₂)", "w1 ** 2 + 5 * w2 ** 2",
            (-3.5, 1.5), ((-4.0, 4.0), (-2.0, 2.0)), 100,
            _presets(
                ("too small", 0.005, RUNNING, "slides down the steep w₂ wall, then crawls along the flat valley"),
                ("about right", 0.15, CONVERGED, "w₂ flips across the narrow valley, shrinking fast, as w₁ slides in"),
                ("too large", 0.19, RUNNING, "zig-zags across the steep w₂ direction, barely shrinking"),
                ("diverges", 0.21, DIVERGED, "the zig-zag across the steep direction grows every step"),
            ),
            "convex but 5 times steeper in w₂ than in w₁: one η must suit both directions; minimum at (0, 0)",
        ),
        Objective(
            "saddle", 2, "f(w) = w₁² − w₂²", "∇f(w) = (2w₁, −2w₂)", "w1 ** 2 - w2 ** 2",
            (3.0, 0.01), ((-4.0, 4.0), (-3.0, 3.0)), 50,
            _presets(
                ("small", 0.01, RUNNING, "drifts towards the saddle point (0, 0), which is not a minimum"),
                ("moderate", 0.1, UNBOUNDED, "reaches the saddle point, then slides off along w₂ for ever"),
                ("large", 0.9, UNBOUNDED, "zig-zags in w₁ while escaping along w₂ faster"),
            ),
            "a saddle: a minimum along w₁ but a maximum along w₂, so f has no minimum (unbounded below)",
            start="moderate",  # no η is "about right" where there is no minimum
        ),
        Objective(
            "two-minima-2d", 2, "f(w) = (w₁² − 1)² + 0.3w₁ + 3w₂²", "∇f(w) = (4w₁(w₁² − 1) + 0.3, 6w₂)",
            "(w1 ** 2 - 1) ** 2 + 0.3 * w1 + 3 * w2 ** 2",
            (1.6, 1.5), ((-2.0, 2.0), (-2.0, 2.0)), 60,
            _presets(
                ("too small", 0.002, RUNNING, "creeps towards the right-hand valley"),
                ("about right", 0.05, CONVERGED, "settles in the right-hand valley, a local minimum"),
                ("too large", 0.25, RUNNING, "thrown over the hump into the left valley, w bounces between its walls"),
                ("diverges", 0.4, DIVERGED, "the steep wall throws w out further each step"),
            ),
            "not convex: a local minimum near (0.96, 0), the global one near (−1.04, 0)",
        ),
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


_CALLABLES: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "bowl": lambda w: (w[0] - 1) ** 2 + 0.5,
    "two-minima": lambda w: (w[0] ** 2 - 1) ** 2 + 0.3 * w[0],
    "round-bowl": lambda w: w[0] ** 2 + w[1] ** 2,
    "elongated-bowl": lambda w: w[0] ** 2 + 5 * w[1] ** 2,
    "saddle": lambda w: w[0] ** 2 - w[1] ** 2,
    "two-minima-2d": lambda w: (w[0] ** 2 - 1) ** 2 + 0.3 * w[0] + 3 * w[1] ** 2,
}
"""Each `Objective.expr` as Python; a test checks the two agree, so the exported code is the same f."""


def apply(objective: Objective, w: torch.Tensor) -> torch.Tensor:
    """f(w) as a tensor; `w` has the function's `dims` entries along its first axis."""
    return _CALLABLES[objective.name](w)


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
