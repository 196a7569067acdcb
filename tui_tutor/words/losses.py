"""L1 against L2 for one miss, in words (loss-functions)."""

from __future__ import annotations

from tui_tutor.numbers import number


def miss_compared(l1: float, l2: float) -> str:
    """Which loss a miss of |ŷ − y| = l1 costs more under, and why (l2 = its square)."""
    if l1 == 0:
        return "ŷ = y: L1, L2 and Huber are at their minimum 0. ŷ − y is 0 too, but falls further below y."
    if l2 > l1:
        return f"a miss of {number(l1)} > 1: L2 > L1, squaring makes a big miss cost more"
    if l2 < l1:
        return f"a miss of {number(l1)} < 1: L2 < L1, squaring makes a small miss cheaper"
    return "a miss of exactly 1: L2 = L1"
