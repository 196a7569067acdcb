"""A single neuron: ŷ = φ(Σ wᵢxᵢ + b) = φ(w·x + b)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch

from tui_tutor.compute.core import floats, linspace, tensor

ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "identity": lambda z: z,
    "step": lambda z: (z >= 0).to(z.dtype),
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
}
"""φ by name. `step` is 1 for z ≥ 0 and 0 otherwise (the Heaviside step)."""

@dataclass(frozen=True, slots=True)
class NeuronResult:
    """One forward pass of a neuron."""

    terms: tuple[float, ...]
    """wᵢxᵢ for each i."""
    z: float
    """The pre-activation Σ wᵢxᵢ + b."""
    y_hat: float
    """The output ŷ = φ(z)."""
    activation: str


@dataclass(frozen=True, slots=True)
class Curve:
    """Sampled points of a function, for plotting."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]


def activate(activation: str, z: torch.Tensor) -> torch.Tensor:
    """Apply the activation named `activation` to `z`."""
    try:
        phi = ACTIVATIONS[activation]
    except KeyError:
        raise ValueError(f"unknown activation {activation!r}; expected one of {', '.join(ACTIVATIONS)}") from None
    return phi(z)


def forward(x: Sequence[float], w: Sequence[float], b: float, activation: str) -> NeuronResult:
    """Compute each term wᵢxᵢ, the sum z = w·x + b and ŷ = φ(z).

    Raises:
        ValueError: if x and w differ in length or are empty, or φ is unknown.
    """
    if len(x) != len(w) or not x:
        raise ValueError(f"x and w need the same, non-zero length (got {len(x)} and {len(w)})")
    xt, wt = tensor(list(x)), tensor(list(w))
    terms = wt * xt
    z = terms.sum() + tensor(b)
    return NeuronResult(floats(terms), float(z), float(activate(activation, z)), activation)


def activation_curve(activation: str, lo: float, hi: float, n: int = 121) -> Curve:
    """φ sampled at `n` points over [lo, hi]."""
    zs = linspace(lo, hi, n)
    return Curve(floats(zs), floats(activate(activation, zs)))
