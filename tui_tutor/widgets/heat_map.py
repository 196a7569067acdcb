"""A terminal heat map: half-block cells (two rows of data per line), a colour scale legend,
an optional path and marker drawn on top, and shading characters when NO_COLOR is set.

`grid[i][j]` is the value at y_i (i = 0 is the bottom) and x_j; the widget resamples it to
its own size by nearest neighbour, so any grid size works.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.color import Color
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

from tui_tutor.numbers import fmt

STOPS = ((68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37))
"""Viridis, from low to high: readable on dark and light backgrounds and by the colour-blind."""
SHADES = " ░▒▓█"
LEGEND_WIDTH = 12


def colour(t: float) -> Color:
    """The colour for t in [0, 1] on the scale."""
    t = min(max(t, 0.0), 1.0) * (len(STOPS) - 1)
    i = min(int(t), len(STOPS) - 2)
    f = t - i
    a, b = STOPS[i], STOPS[i + 1]
    return Color.from_rgb(*(round(a[k] + (b[k] - a[k]) * f) for k in range(3)))


class HeatMapData:
    """A grid with its axis ranges, and what to draw on it."""

    def __init__(self, grid: Sequence[Sequence[float]], x_range: tuple[float, float], y_range: tuple[float, float],
                 *, path: Sequence[tuple[float, float]] = (), title: str = "", log_scale: bool = False) -> None:
        self.grid = grid
        self.x_range, self.y_range = x_range, y_range
        self.path = tuple(path)
        self.title = title
        self.log_scale = log_scale
        values = [v for row in grid for v in row if math.isfinite(v)]
        self.lo, self.hi = (min(values), max(values)) if values else (0.0, 1.0)

    def scaled(self, value: float) -> float:
        """`value` mapped to [0, 1] on the colour scale (log scale for wide ranges)."""
        if not math.isfinite(value):
            return 1.0 if value > 0 else 0.0
        if self.hi == self.lo:
            return 0.5
        if self.log_scale:
            return math.log1p(value - self.lo) / math.log1p(self.hi - self.lo)
        return (value - self.lo) / (self.hi - self.lo)


class HeatMap(Widget):
    """Draws a `HeatMapData`; the last path point is the current position (●)."""

    DEFAULT_CSS = """
    HeatMap { width: 1fr; height: 1fr; min-height: 6; }
    """

    data: reactive[HeatMapData | None] = reactive(None)

    def _cell_value(self, data: HeatMapData, row: int, col: int, rows: int, cols: int) -> float:
        grid = data.grid
        i = min(len(grid) - 1, int((rows - 1 - row) * len(grid) / rows))
        j = min(len(grid[0]) - 1, int(col * len(grid[0]) / cols))
        return grid[i][j]

    def _to_cell(self, data: HeatMapData, x: float, y: float, rows: int, cols: int) -> tuple[int, int] | None:
        (x0, x1), (y0, y1) = data.x_range, data.y_range
        if not (math.isfinite(x) and math.isfinite(y) and x0 <= x <= x1 and y0 <= y <= y1):
            return None
        col = min(cols - 1, int((x - x0) / (x1 - x0) * cols))
        row = min(rows - 1, int((y1 - y) / (y1 - y0) * rows))
        return row, col

    def render(self) -> RenderResult:
        data = self.data
        width, height = self.size
        if data is None or not data.grid or width < LEGEND_WIDTH + 8 or height < 3:
            return Text("")
        cols, lines = width - LEGEND_WIDTH - 1, height - 1
        no_color = self.app.no_color
        sub_rows = lines if no_color else lines * 2
        marks: dict[tuple[int, int], str] = {}
        for k, (x, y) in enumerate(data.path):
            cell = self._to_cell(data, x, y, lines, cols)
            if cell is not None:
                marks[cell] = "●" if k == len(data.path) - 1 else ("∘" if k == 0 else "•")
        text = Text(f"{data.title}\n" if data.title else "", style="bold")
        if not data.title:
            lines += 1
        for line in range(lines if data.title else lines - 0):
            if line >= lines:
                break
            for col in range(cols):
                mark = marks.get((line, col))
                if no_color:
                    shade = SHADES[round(data.scaled(self._cell_value(data, line, col, sub_rows, cols)) * (len(SHADES) - 1))]
                    text.append(mark or shade)
                    continue
                top = colour(data.scaled(self._cell_value(data, 2 * line, col, sub_rows, cols)))
                bottom = colour(data.scaled(self._cell_value(data, 2 * line + 1, col, sub_rows, cols)))
                if mark:
                    text.append(mark, Style(color="white" if mark != "●" else "red", bgcolor=top, bold=True))
                else:
                    text.append("▀", Style(color=top, bgcolor=bottom))
            text.append(" ")
            text.append_text(self._legend(data, line, lines, no_color))
            text.append("\n")
        text.rstrip()
        return text

    def _legend(self, data: HeatMapData, line: int, lines: int, no_color: bool) -> Text:
        """One line of the colour scale: high at the top, low at the bottom, values at the ends."""
        t = 1.0 - line / max(lines - 1, 1)
        if data.log_scale:
            value = data.lo + math.expm1(t * math.log1p(data.hi - data.lo))
        else:
            value = data.lo + t * (data.hi - data.lo)
        swatch = Text(SHADES[round(t * (len(SHADES) - 1))] * 2) if no_color else Text("  ", Style(bgcolor=colour(t)))
        label = fmt(value, 2) if line in (0, lines - 1, lines // 2) else ""
        return swatch + Text(f" {label}"[: LEGEND_WIDTH - 2])
