"""Bars that grow left for negative values and right for positive ones, from a centre line.

For contributions with a direction: how much each word pushes a spam filter towards "spam"
(right) or "not spam" (left). The sign is carried by the side, the colour and the number, so
it reads with NO_COLOR too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text

from tui_tutor.numbers import signed
from tui_tutor.widgets.readout import Readout


def half_cells(fraction: float, width: int) -> tuple[int, bool]:
    """Full cells and whether a half cell follows, for `fraction` (0..1) of `width` cells."""
    fraction = min(max(fraction, 0.0), 1.0) if math.isfinite(fraction) else 0.0
    halves = round(fraction * width * 2)
    return halves // 2, bool(halves % 2)


class SignedBars(Readout):
    """Labelled bars around a centre line, scaled to `scale` (default: the largest |value|).

    A `Readout`: give it a fixed height (rows beyond it are not drawn); it repaints without a relayout.
    """

    def __init__(self, *, id: str | None = None, positive: str = "red", negative: str = "green") -> None:
        super().__init__(id=id)
        self.colours = (positive, negative)
        self._shown: tuple | None = None

    def show_bars(self, labels: Sequence[str], values: Sequence[float], *, scale: float | None = None,
             heading: str = "") -> None:
        """Draw one bar per value under an optional `heading` line."""
        self._shown = (tuple(labels), tuple(values), scale, heading)
        finite = [abs(v) for v in values if math.isfinite(v)]
        top = scale or max(finite, default=1.0) or 1.0
        label_width = max((len(label) for label in labels), default=0)
        side = max(4, (self.size.width - label_width - 12) // 2) if self.size.width else 12
        text = Text(heading + ("\n" if heading and values else ""), style="bold")
        for i, (label, value) in enumerate(zip(labels, values)):
            full, half = half_cells(abs(value) / top, side)
            text.append(f"{label:>{label_width}} ")
            if value < 0:
                text.append(" " * (side - full - half) + ("▐" if half else "") + "█" * full, style=self.colours[1])
                text.append("│" + " " * side, style="dim")
            else:
                text.append(" " * side + "│", style="dim")
                text.append("█" * full + ("▌" if half else "") + " " * (side - full - half), style=self.colours[0])
            text.append(f" {signed(value):>9}" + ("\n" if i < len(values) - 1 else ""))
        self.show(text)

    def on_resize(self) -> None:
        if self._shown is not None:
            labels, values, scale, heading = self._shown
            self.show_bars(labels, values, scale=scale, heading=heading)
