"""Horizontal bars for a handful of labelled values (probabilities, losses, counts)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from tui_tutor.numbers import number

EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(fraction: float, width: int) -> str:
    """A bar `fraction` (0..1) of `width` cells long, in eighth-cell steps."""
    fraction = min(max(fraction, 0.0), 1.0) if math.isfinite(fraction) else 0.0
    full, part = divmod(round(fraction * width * 8), 8)
    return ("█" * full + (EIGHTHS[part] if part else "")).ljust(width)


class BarChart(Static):
    """Labelled horizontal bars scaled to `scale` (default: the largest |value|)."""

    DEFAULT_CSS = """
    BarChart { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple | None = None

    def show(self, labels: Sequence[str], values: Sequence[float], *, scale: float | None = None,
             highlight: int | None = None, texts: Sequence[str] | None = None) -> None:
        """Draw one bar per value; `highlight` marks one row (e.g. the true class); `texts` are the
        values as written beside the bars (default: `numbers.number`)."""
        texts = tuple(texts) if texts is not None else tuple(number(v) for v in values)
        self._shown = (tuple(labels), tuple(values), scale, highlight, texts)
        finite = [abs(v) for v in values if math.isfinite(v)]
        top = scale or max(finite, default=1.0) or 1.0
        label_width = max((len(label) for label in labels), default=0)
        text_width = max((len(t) for t in texts), default=0)
        width = max(8, self.size.width - label_width - text_width - 6) if self.size.width else 24
        text = Text()
        for i, (label, value, shown) in enumerate(zip(labels, values, texts)):
            mark = i == highlight
            text.append(f"{label:>{label_width}} ", style="bold" if mark else "")
            text.append(bar(abs(value) / top if math.isfinite(value) else 0.0, width),
                        style="bold magenta" if mark else "cyan")
            text.append(f" {shown:>{text_width}}{' ◀' if mark else ''}" + ("\n" if i < len(values) - 1 else ""),
                        style="bold" if mark else "")
        self.update(text)

    def on_resize(self) -> None:
        if self._shown is not None:
            labels, values, scale, highlight, texts = self._shown
            self.show(labels, values, scale=scale, highlight=highlight, texts=texts)
