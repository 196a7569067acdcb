"""How numbers are written on screen: the one module that formats them.

Rules, everywhere: the minus sign is U+2212 (also in exponents); NaN and infinity are said
in words, and so is a value that is not a float at all (`None`: it overflowed); a quantity
keeps enough significant digits to be told from its neighbours (`column`), so a converged
run does not read as rows of identical numbers; nothing is wider than the cell it is
given (`number(..., width=)`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

MINUS = "−"
OVERFLOW = "overflow"
"""Shown for a value that is not a float (it overflowed float64 on the way)."""


def _minus(text: str) -> str:
    """ASCII minus signs (also an exponent's) as U+2212."""
    return text.replace("-", MINUS)


def _words(value: float) -> str | None:
    """NaN and infinity in words (None for a finite value)."""
    if math.isnan(value):
        return "not a number"
    if math.isinf(value):
        return "infinity" if value > 0 else f"{MINUS}infinity"
    return None


def fmt(value: float, digits: int = 4) -> str:
    """`value` with `digits` decimals, or scientific when very large or small."""
    words = _words(value)
    if words is not None:
        return words
    magnitude = abs(value)
    if magnitude != 0 and (magnitude >= 1e6 or magnitude < 10 ** -digits):
        text = f"{value:.{max(digits - 1, 1)}e}"
    else:
        text = f"{value:.{digits}f}"
    text = _minus(text)
    return "0." + "0" * digits if text == MINUS + "0." + "0" * digits else text


def fmt_sig(value: float, digits: int = 4) -> str:
    """`value` to `digits` significant digits, for quantities that span many decades (an MSE)."""
    words = _words(value)
    return words if words is not None else _minus(f"{value:.{digits}g}")


def fmt_signed(value: float, digits: int = 4) -> str:
    """Like `fmt`, with an explicit + for non-negative values (for sums written out)."""
    text = fmt(value, digits)
    return text if text.startswith(MINUS) or not text[0].isdigit() else "+" + text


def number(value: float | None, sig: int = 4, width: int | None = None) -> str:
    """A quantity in `sig` significant digits: plain decimal from 10⁻⁴ to 10⁶, scientific
    outside; `None` (not a float) and non-finite values in words. With `width`, fewer digits
    until it fits (scientific with one digit is the least)."""
    if value is None:
        return OVERFLOW
    words = _words(value)
    if words is not None:
        return words
    for digits in range(sig, 0, -1):
        text = _plain_or_scientific(value, digits)
        if width is None or len(text) <= width:
            return text
    return _minus(f"{value:.0e}")


def _plain_or_scientific(value: float, sig: int) -> str:
    magnitude = abs(value)
    if magnitude == 0:
        return "0"
    if 1e-4 <= magnitude < 1e6:
        decimals = max(sig - 1 - math.floor(math.log10(magnitude)), 0)
        text = f"{value:.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return _minus(text)
    mantissa, exponent = f"{value:.{max(sig - 1, 0)}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return _minus(f"{mantissa}e{exponent}")


def column(values: Sequence[float | None], sig: int = 4, max_sig: int = 12) -> list[str]:
    """A column of numbers in one format: the fewest significant digits (from `sig`) at which
    neighbours that differ also print differently, so iterates that creep towards a limit and
    small gradients stay visible (7.7e−06, not 0.000)."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    for digits in range(sig, max_sig + 1):
        texts = [number(v, digits) for v in values]
        if all(a == b or ta != tb for a, b, ta, tb in zip(values, values[1:], texts, texts[1:])) or not finite:
            return texts
    return [number(v, max_sig) for v in values]


_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def subscript(k: int) -> str:
    """`k` in subscript digits, for indices written on screen: ŷ₁, ỹ₁₀."""
    return str(k).translate(_SUBSCRIPT)


def ticks(values: Sequence[float], step: float) -> list[str]:
    """Labels for axis ticks `step` apart: one format for the whole axis, as many decimals as
    the step needs (0.5 → one, 0.25 → two, 20 → none), scientific with one shared exponent
    from 10⁶ on (and below 10⁻⁴): `−1e6 −5e5 0`, never `1.0 4.8 8.5`."""
    big = max((abs(v) for v in values), default=0.0)
    if big >= 1e6 or 0 < step < 1e-4:
        exponent = math.floor(math.log10(big if big >= 1e6 else step))
        mantissas = [v / 10**exponent for v in values]
        decimals = _decimals(step / 10**exponent)
        return ["0" if m == 0 else _minus(f"{m:.{decimals}f}e{exponent}") for m in mantissas]
    decimals = _decimals(step)
    return [_minus(f"{abs(v) if round(v, decimals) == 0 else v:.{decimals}f}") for v in values]


def _decimals(step: float) -> int:
    """The fewest decimals (up to 12) that write `step` exactly."""
    return next((d for d in range(13) if abs(round(step, d) - step) <= 1e-9 * abs(step)), 12)


def written_sum(texts: Sequence[str]) -> str:
    """Numbers already written (`column`, `number`) as a sum: "1.2 − 0.8 − 0.75 + 0.5"."""
    parts = []
    for i, text in enumerate(texts):
        negative = text.startswith(MINUS)
        if i == 0:
            parts.append(text)
        else:
            parts.append(f"{MINUS if negative else '+'} {text.removeprefix(MINUS)}")
    return " ".join(parts)


def vector(values: Sequence[float | None] | None, sig: int = 4) -> str:
    """A point or a gradient: one number alone, two or more in brackets, "(−1.2, 0.8)";
    `None` (it overflowed) as "overflow"."""
    if values is None:
        return OVERFLOW
    texts = [number(v, sig) for v in values]
    return texts[0] if len(texts) == 1 else "(" + ", ".join(texts) + ")"


def fitted_column(values: Sequence[float | None], width: int, sig: int = 4,
                  threshold: float | None = None) -> list[str]:
    """`column` within cells `width` characters wide: the fewest significant digits (from `sig`)
    at which neighbours that differ print differently, as long as every entry still fits; past
    that, the most digits that fit (each entry at least `number(v, width=width)`).

    With `threshold` (a stopping rule on the magnitude, |∇f| < 10⁻⁶), an entry that would read
    as the threshold or past it gets the digits that put it on its own side (`sided`), even where
    that is wider than `width`: the cell's owner makes room (`sided_width`)."""
    best = [number(v, sig, width) for v in values]
    used = 1  # (digits chosen by the width, entry by entry)
    for digits in range(sig, 13):
        texts = [number(v, digits) for v in values]
        if any(len(t) > width for t in texts):
            break
        best, used = texts, digits
        if all(a == b or ta != tb for a, b, ta, tb in zip(values, values[1:], texts, texts[1:])):
            break
    if threshold is None:
        return best
    return [t if on_its_side(v, t, threshold) else sided(v, threshold, used) for v, t in zip(values, best)]


def _side(magnitude: float, threshold: float) -> int:
    return (magnitude > threshold) - (magnitude < threshold)


def on_its_side(value: float | None, text: str, threshold: float) -> bool:
    """True when `text`, `value` as written, reads on the same side of `threshold` as `value` is
    (magnitudes compared; equal only when equal): "1e−06" is not on the side of 1.03e−06."""
    if value is None or not math.isfinite(value):
        return True
    try:
        written = float(text.replace(MINUS, "-"))
    except ValueError:
        return True
    return _side(abs(written), threshold) == _side(abs(value), threshold)


def sided(value: float | None, threshold: float, sig: int = 4, max_sig: int = 17) -> str:
    """`number(value, sig)` with more digits where fewer would read as `threshold` or past it
    (magnitudes compared): 1.03e−06 and 9.996e−07 beside |∇f| < 1e−06, never 1e−06."""
    for digits in range(sig, max_sig + 1):
        text = number(value, digits)
        if on_its_side(value, text, threshold):
            return text
    return number(value, max_sig)


def sided_width(values: Sequence[float | None], threshold: float, sig: int = 4) -> int:
    """The widest any of `values` is written by `sided` (the room a column beside a threshold needs)."""
    return max((len(sided(v, threshold, sig)) for v in values), default=0)


def given(value: float) -> str:
    """A value as the learner gave it (w₀ = 4, η = 0.3, 1e−05): the shortest text that reads
    back as the same float, U+2212 minus."""
    words = _words(value)
    if words is not None:
        return words
    text = repr(float(value))
    return _minus(text[:-2] if text.endswith(".0") else text)


def probability(p: float | None) -> str:
    """A probability with the digits that keep it apart from 0 and from 1 (0.9999937, not 1),
    in the format of `number`."""
    return column((0.0, p, 1.0))[1]


def operand(x: float, f: Callable[[float], float], show: Callable[[float], str] | None = None,
            sig: int = 4, max_sig: int = 12) -> str:
    """`x` with the fewest digits (from `sig`) at which `f` of the number as printed is shown as
    `f(x)` is (by `show`, default `number(·, sig)`), so the arithmetic on screen holds:
    "−log 0.95993 = 0.0409", never "−log 0.9599 = 0.0409" (whose −log is 0.04091)."""
    show = show or (lambda v: number(v, sig))
    if not math.isfinite(x):
        return number(x)
    wanted = show(f(x))
    for digits in range(sig, max_sig + 1):
        text = number(x, digits)
        try:
            if show(f(float(text.replace(MINUS, "-")))) == wanted:
                return text
        except (ValueError, ArithmeticError):
            pass
    return number(x, max_sig)


def signed(value: float, sig: int = 3) -> str:
    """`number` with an explicit + for non-negative values (a push to the right, a term added)."""
    text = number(value, sig)
    return text if text.startswith(MINUS) or not text[0].isdigit() else "+" + text
