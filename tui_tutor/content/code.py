"""Code-export templates: the standalone PyTorch script behind a screen, with its numbers filled in.

A template is a Python file in the lessons folder's `code/` (an instructor's course folder
may replace it) with `$name` fields (`$$` for a dollar sign). A panel fills it with
`fill(lesson.code["neuron"], x=literal(x), activation=literal(name))`; `tui-tutor check`
makes sure a template uses only the fields its panel declares.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from string import Template


def literal(value: float | int | str | Sequence) -> str:
    """Python source for a number (every digit it has; `float('inf')` where not finite), a
    string, or a (nested) list of them."""
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else f"float({str(value)!r})"
    if isinstance(value, str):
        return repr(value)
    return "[" + ", ".join(literal(v) for v in value) + "]"


def fill(template: str, **fields: str) -> str:
    """The template with every `$field` replaced by its source text (see `literal`).

    Raises:
        KeyError: for a field the template uses and the caller did not give.
    """
    return Template(template).substitute(fields)
