"""Parsing and checking typed parameter values (from --set and from the editors).

Text is parsed as numbers only, never evaluated as code. Every refusal is a
ValueError whose message says what was wrong and what was expected.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from tui_tutor.content.model import Param, ParamValue

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_FRACTION = re.compile(r"^[+-]?\d+\s*/\s*\d+$")
MAX_TEXT = 200


def parse_number(text: str) -> float:
    """A finite float from `text`: a decimal (`-1.5`, `2e-3`) or a simple fraction (`1/3`).

    Raises:
        ValueError: for empty text, words, NaN, infinity, overflow or division by zero.
    """
    s = text.strip().replace("−", "-")
    if not s:
        raise ValueError("empty: type a number")
    if len(s) > MAX_TEXT:
        raise ValueError("too long to be a number")
    if _FRACTION.match(s):
        num, den = (part.strip() for part in s.split("/"))
        if int(den) == 0:
            raise ValueError(f"{s!r} divides by zero")
        return float(Fraction(int(num), int(den)))
    if not _NUMBER.match(s):
        shown = s if s.isprintable() else s.encode("unicode_escape").decode()
        if shown.lower().lstrip("+-") in ("nan", "inf", "infinity"):
            raise ValueError(f"{shown!r} is not a finite number")
        raise ValueError(f"{shown[:30]!r} is not a number")
    value = float(s)
    if not math.isfinite(value):
        raise ValueError(f"{s!r} is too large (overflows to infinity)")
    return value


def _check_range(param: Param, value: float) -> None:
    if param.min is not None and value < param.min:
        raise ValueError(f"{value:g} is below the minimum {param.min:g}")
    if param.max is not None and value > param.max:
        raise ValueError(f"{value:g} is above the maximum {param.max:g}")


def parse_value(param: Param, text: str) -> ParamValue:
    """Parse `text` as a value of `param`, checking type, range and list length.

    Lists are comma-separated: `1.5,-2,0.75`.

    Raises:
        ValueError: with a message fit to show beside the field.
    """
    if param.type == "choice":
        by_folded = {choice.casefold(): choice for choice in param.choices}
        try:
            return by_folded[text.strip().casefold()]
        except KeyError:
            raise ValueError(f"{text.strip()[:30]!r} is not one of {', '.join(param.choices)}") from None
    if param.type == "float_list":
        parts = text.replace(";", ",").split(",")
        if len(parts) == 1 and not parts[0].strip():
            raise ValueError("empty: type numbers separated by commas")
        values = []
        for i, part in enumerate(parts, start=1):
            try:
                v = parse_number(part)
                _check_range(param, v)
            except ValueError as err:
                raise ValueError(f"value {i}: {err}") from None
            values.append(v)
        if not param.min_length <= len(values) <= param.max_length:
            raise ValueError(f"{len(values)} values; expected {param.min_length} to {param.max_length}")
        return tuple(values)
    value = parse_number(text)
    if param.type == "int":
        if value != int(value):
            raise ValueError(f"{value:g} is not a whole number")
        value = int(value)
    _check_range(param, value)
    return value


def format_value(param: Param, value: ParamValue) -> str:
    """The text form of a value, as an editor shows it (read back by `parse_value`): every
    significant digit the value has, and the minus sign U+2212 as everywhere on screen."""
    if param.type == "float_list":
        return ", ".join(_number_text(v) for v in value)  # type: ignore[union-attr]
    if param.type in ("float", "int"):
        return _number_text(value)  # type: ignore[arg-type]
    return str(value)


def _number_text(value: float) -> str:
    """`value` in the shortest text that reads back as the same float."""
    if value == 0:
        return "0"  # also −0.0
    text = repr(float(value)) if isinstance(value, float) else str(value)
    if text.endswith(".0"):
        text = text[:-2]
    return text.replace("-", "−")


def check_together(params: tuple[Param, ...], values: dict[str, ParamValue]) -> dict[str, str]:
    """Problems that involve more than one parameter, by parameter name (empty when fine)."""
    problems: dict[str, str] = {}
    for p in params:
        if p.same_length_as and p.same_length_as in values and p.name in values:
            mine, theirs = values[p.name], values[p.same_length_as]
            if len(mine) != len(theirs):  # type: ignore[arg-type]
                problems[p.name] = (
                    f"{p.same_length_as} and {p.name} need the same length "
                    f"({len(theirs)} vs {len(mine)})"  # type: ignore[arg-type]
                )
    return problems
