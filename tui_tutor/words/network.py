"""The shallow-vs-deep comparison in words."""

from __future__ import annotations


def depth_verdict(wide_loss: float, deep_loss: float, wide_count: int, deep_count: int) -> str:
    """Whether the deep network won on both counts: a lower loss with fewer parameters."""
    if deep_loss < wide_loss and deep_count < wide_count:
        return "deep wins: lower MSE, fewer θ"
    if deep_loss < wide_loss:
        return "deep: lower MSE, but more θ"
    return "wide: lower MSE this time"
