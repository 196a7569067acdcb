"""A network is a set of functions chosen by θ; wide-shallow vs narrow-deep.

Part 1, a tiny network with one input, two hidden units and one output:
f_θ(x) = v₁·φ(w₁x + b₁) + v₂·φ(w₂x + b₂) + c, seven parameters θ. Changing θ picks a
different function from the set the architecture can draw.

Part 2, the same target curve y = sin(2x) + 0.5·sin(5x) fitted by two tanh networks with
full-batch Adam:
"wide" = 1 hidden layer of 64 units (193 parameters) and "deep" = 4 hidden layers of 6
units (145 parameters). With the default settings the deep one ends with the lower loss
despite having fewer parameters: depth is more parameter-efficient.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from tui_tutor.compute.adam import Adam
from tui_tutor.compute.core import DTYPE, all_finite, floats, generator, linspace, one_thread, tensor
from tui_tutor.compute.neuron import Curve, activate

X_RANGE = (-3.0, 3.0)
"""The input range of every curve."""
TINY_ACTIVATIONS = ("tanh", "relu", "sigmoid")
THETA_LIMIT = 100.0
"""Each θ of the tiny network must lie in [−THETA_LIMIT, THETA_LIMIT]."""
ARCHITECTURES: dict[str, tuple[int, ...]] = {"wide": (64,), "deep": (6, 6, 6, 6)}
"""Hidden-layer widths by name; every hidden layer uses tanh, the output is linear."""
STEPS = 600
LEARNING_RATE = 0.01
N_POINTS = 128
"""Training points, drawn uniformly from X_RANGE with the seed."""


@dataclass(frozen=True, slots=True)
class Theta:
    """One parameter of the tiny network."""

    name: str
    default: float


THETA = (
    Theta("w₁", 2.0), Theta("b₁", 1.0), Theta("w₂", -1.5), Theta("b₂", 1.0), Theta("v₁", 1.0), Theta("v₂", 0.8),
    Theta("c", 0.0),
)
"""θ of the tiny network f_θ(x) = v₁·φ(w₁x + b₁) + v₂·φ(w₂x + b₂) + c, in order."""


@dataclass(frozen=True, slots=True)
class FitResult:
    """One network fitted to the target curve."""

    architecture: str
    hidden: tuple[int, ...]
    parameter_count: int
    xs: tuple[float, ...]
    """Training inputs."""
    ys: tuple[float, ...]
    """Training targets."""
    predictions: tuple[float, ...]
    """The fitted network at `xs`."""
    final_loss: float
    """MSE of `predictions` against `ys` after the last step."""
    losses: tuple[float, ...]
    """MSE before each step."""
    curve_xs: tuple[float, ...]
    """An even grid of 121 points over X_RANGE."""
    curve_ys: tuple[float, ...]
    """The fitted network on `curve_xs`."""
    stopped: bool
    """`should_stop` ended the training early."""
    diverged: bool
    """The loss stopped being a finite number (training ends there)."""


def _theta(theta: Sequence[float]) -> torch.Tensor:
    if len(theta) != len(THETA):
        raise ValueError(f"θ needs {len(THETA)} values ({', '.join(t.name for t in THETA)}), got {len(theta)}")
    if not all_finite(float(v) for v in theta) or any(abs(v) > THETA_LIMIT for v in theta):
        raise ValueError(f"each θ must be a finite number from −{THETA_LIMIT:g} to {THETA_LIMIT:g}")
    return tensor([float(v) for v in theta])


def tiny_curve(theta: Sequence[float], activation: str = "tanh", xs: Sequence[float] | None = None) -> Curve:
    """f_θ at `xs` (default: 121 points over X_RANGE) for θ = (w₁, b₁, w₂, b₂, v₁, v₂, c).

    Raises:
        ValueError: wrong number of θ, θ outside ±THETA_LIMIT or not finite, unknown φ.
    """
    w1, b1, w2, b2, v1, v2, c = _theta(theta)
    if activation not in TINY_ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(TINY_ACTIVATIONS)} (got {activation!r})")
    x = linspace(*X_RANGE, 121) if xs is None else tensor([float(v) for v in xs])
    if not torch.isfinite(x).all():
        raise ValueError("xs must be finite numbers")
    y = v1 * activate(activation, w1 * x + b1) + v2 * activate(activation, w2 * x + b2) + c
    return Curve(floats(x), floats(y))


def _target(x: torch.Tensor) -> torch.Tensor:
    """The curve both networks learn: sin(2x) + 0.5·sin(5x)."""
    return torch.sin(2 * x) + 0.5 * torch.sin(5 * x)


def target_curve(n: int = 121) -> Curve:
    """The target on `n` even points over X_RANGE."""
    x = linspace(*X_RANGE, n)
    return Curve(floats(x), floats(_target(x)))


def parameter_count(hidden: Sequence[int]) -> int:
    """Weights and biases of a 1-input, 1-output MLP with these hidden widths."""
    widths = [1, *hidden, 1]
    return sum(a * b + b for a, b in zip(widths[:-1], widths[1:]))


def _mlp(hidden: Sequence[int], gen: torch.Generator) -> torch.nn.Sequential:
    """tanh MLP, initialised like nn.Linear's default (U(±1/√fan_in)) but from `gen`."""
    widths, layers = [1, *hidden, 1], []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        layer = torch.nn.Linear(fan_in, fan_out, dtype=DTYPE)
        bound = 1 / math.sqrt(fan_in)
        with torch.no_grad():
            layer.weight.uniform_(-bound, bound, generator=gen)
            layer.bias.uniform_(-bound, bound, generator=gen)
        layers += [layer, torch.nn.Tanh()]
    return torch.nn.Sequential(*layers[:-1])


def fit(
    architecture: str,
    seed: int = 0,
    steps: int = STEPS,
    on_progress: Callable[[int, int, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> FitResult:
    """Fit the "wide" or "deep" network to the target at N_POINTS seeded points with Adam.

    Args:
        architecture: a key of ARCHITECTURES.
        seed: draws the training inputs, then the initial weights.
        steps: full-batch Adam steps (learning rate LEARNING_RATE).
        on_progress: called as (step, steps, loss) every 10 steps and at the end.
        should_stop: polled every step; True ends training early.
    """
    if architecture not in ARCHITECTURES:
        raise ValueError(f"architecture must be one of {', '.join(ARCHITECTURES)} (got {architecture!r})")
    if steps < 0:
        raise ValueError("steps must be ≥ 0")
    hidden = ARCHITECTURES[architecture]
    gen = generator(seed)
    x = (torch.rand(N_POINTS, 1, generator=gen, dtype=DTYPE) * (X_RANGE[1] - X_RANGE[0]) + X_RANGE[0])
    y = _target(x)
    with one_thread():
        net = _mlp(hidden, gen)
        opt = Adam(net.parameters(), lr=LEARNING_RATE)
        losses, stopped, diverged = [], False, False
        for step in range(steps):
            if should_stop is not None and should_stop():
                stopped = True
                break
            opt.zero_grad()
            loss = F.mse_loss(net(x), y)
            losses.append(loss.item())
            if not math.isfinite(losses[-1]):
                diverged = True
                break
            loss.backward()
            opt.step()
            if on_progress is not None and step % 10 == 0:
                on_progress(step, steps, losses[-1])
        with torch.no_grad():
            pred = net(x)
            final = F.mse_loss(pred, y).item()
            grid = linspace(*X_RANGE, 121)
            curve_ys = floats(net(grid[:, None]))
    if on_progress is not None:
        on_progress(len(losses), steps, final)
    return FitResult(
        architecture, hidden, sum(p.numel() for p in net.parameters()),
        floats(x), floats(y), floats(pred), final, tuple(losses), floats(grid), curve_ys, stopped, diverged,
    )
