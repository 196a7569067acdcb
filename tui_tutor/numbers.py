"""How numbers are written on screen: fixed precision, NaN and infinity in words."""

from __future__ import annotations

import math


def fmt(value: float, digits: int = 4) -> str:
    """`value` with `digits` decimals, or scientific when very large or small.

    NaN and infinity are said in words, never shown as `nan`/`inf`.
    """
    if math.isnan(value):
        return "not a number"
    if math.isinf(value):
        return "infinity" if value > 0 else "−infinity"
    magnitude = abs(value)
    if magnitude != 0 and (magnitude >= 1e6 or magnitude < 10 ** -digits):
        text = f"{value:.{max(digits - 1, 1)}e}"
    else:
        text = f"{value:.{digits}f}"
    if text.startswith("-"):
        text = "−" + text[1:]
    return "0." + "0" * digits if text == "−0." + "0" * digits else text


def fmt_sig(value: float, digits: int = 4) -> str:
    """`value` to `digits` significant digits, for quantities that span many decades (an MSE)."""
    if not math.isfinite(value):
        return fmt(value)
    text = f"{value:.{digits}g}"
    return "−" + text[1:] if text.startswith("-") else text


def fmt_signed(value: float, digits: int = 4) -> str:
    """Like `fmt`, with an explicit + for non-negative values (for sums written out)."""
    text = fmt(value, digits)
    return text if text.startswith("−") or not text[0].isdigit() else "+" + text


_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def subscript(k: int) -> str:
    """`k` in subscript digits, for indices written on screen: ŷ₁, ỹ₁₀."""
    return str(k).translate(_SUBSCRIPT)
