"""A terminal heat map: half-block cells (two rows of data per line), a colour scale legend,
optional axes (the ranges' ends and the axis names, or ticks where the caller puts them), a
path, a marker and an arrow drawn on top, and shading characters when NO_COLOR is set.

`grid[i][j]` is the value at y_i (i = 0 is the bottom) and x_j; the widget resamples it to
its own size (block means, or maxima, when shrinking; nearest cell when enlarging), so any
grid size works.

The map and legend are drawn once per grid; the path, marker and arrow are an overlay, so
moving along a path (`data = data.with_path(...)`) sends only the few cells that changed
(see `CellCanvas`).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence

from rich.color import Color
from rich.style import Style
from textual.reactive import reactive

from tui_tutor.numbers import number
from tui_tutor.widgets.cell_canvas import Cell, CellCanvas, clip_segment

STOPS = ((68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37))
"""Viridis, from low to high: readable on dark and light backgrounds and by the colour-blind."""
SHADES = " ░▒▓█"
LEGEND_WIDTH = 12
"""The widest the legend gets (swatch, space, value)."""
LEVELS = 256
MARKER_COLOUR = "#ff2a2a"
ARROWS = "→↗↑↖←↙↓↘"
"""Arrow heads by direction, counter-clockwise from east in steps of 45°."""


def colour(t: float) -> Color:
    """The colour for t in [0, 1] on the scale."""
    t = min(max(t, 0.0), 1.0) * (len(STOPS) - 1)
    i = min(int(t), len(STOPS) - 2)
    f = t - i
    a, b = STOPS[i], STOPS[i + 1]
    return Color.from_rgb(*(round(a[k] + (b[k] - a[k]) * f) for k in range(3)))


_PALETTE = tuple(colour(i / (LEVELS - 1)) for i in range(LEVELS))


def _contrast(c: Color) -> str:
    r, g, b = c.triplet or (0, 0, 0)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "white"


def short_label(value: float) -> str:
    """A value for the legend and axes: 3 significant digits (see `tui_tutor.numbers`)."""
    return number(value, 3)


def arrow_head(dx: float, dy: float) -> str:
    """The arrow character for a direction (dx right, dy up, in equal units), or '●' for none."""
    if dx == 0 and dy == 0:
        return "●"
    return ARROWS[round(math.atan2(dy, dx) / (math.pi / 4)) % 8]


class HeatMapData:
    """A grid with its axis ranges, and what to draw on it."""

    def __init__(self, grid: Sequence[Sequence[float]], x_range: tuple[float, float], y_range: tuple[float, float],
                 *, path: Sequence[tuple[float, float]] = (), title: str = "", log_scale: bool = False,
                 join_path: bool = False, arrow: tuple[tuple[float, float], tuple[float, float]] | None = None,
                 x_label: str = "", y_label: str = "", value_range: tuple[float, float] | None = None,
                 equal_aspect: bool = False, x_ticks: Sequence[tuple[float, str]] = (),
                 y_ticks: Sequence[tuple[float, str]] = (), peaks: bool = False) -> None:
        self.grid = grid
        self.x_range, self.y_range = x_range, y_range
        self.path = tuple(path)
        self.title = title
        self.log_scale = log_scale
        self.join_path = join_path
        """Draw dots between consecutive path points."""
        self.arrow = arrow
        """An arrow from the first point to the second (e.g. the next step)."""
        self.x_label, self.y_label = x_label, y_label
        """Axis names; when given (and no ticks), the axis ranges' ends are written beside the map."""
        self.x_ticks, self.y_ticks = tuple(x_ticks), tuple(y_ticks)
        """(position, label) pairs written at their place along the axis (outside the range: left out)."""
        self.peaks = peaks
        """Shrink by block maxima instead of means: a narrow peak (a harmonic among silent
        frequency bins) keeps its brightness in a small map."""
        self.equal_aspect = equal_aspect
        """Draw one unit of x as long as one unit of y (a circle stays round; the map may not fill the widget)."""
        values = [v for row in grid for v in row if math.isfinite(v)]
        self.lo, self.hi = value_range or ((min(values), max(values)) if values else (0.0, 1.0))
        """The colour scale's ends: `value_range` (e.g. one scale for two maps), else the grid's."""

    def with_path(self, path: Sequence[tuple[float, float]] = (),
                  arrow: tuple[tuple[float, float], tuple[float, float]] | None = None) -> HeatMapData:
        """The same map with another path and arrow (cheap: the grid is shared, not rescanned)."""
        other = copy.copy(self)
        other.path, other.arrow = tuple(path), arrow
        return other

    def background_key(self) -> tuple:
        """What the drawn map depends on (everything but the path and the arrow)."""
        return (id(self.grid), self.x_range, self.y_range, self.title, self.log_scale, self.x_label, self.y_label,
                self.equal_aspect, self.lo, self.hi, self.x_ticks, self.y_ticks, self.peaks)

    def scaled(self, value: float) -> float:
        """`value` mapped to [0, 1] on the colour scale (log scale for wide ranges)."""
        if not math.isfinite(value):
            return 1.0 if value > 0 else 0.0
        if self.hi == self.lo:
            return 0.5
        if self.log_scale:
            return math.log1p(max(value - self.lo, 0.0)) / math.log1p(self.hi - self.lo)
        return (value - self.lo) / (self.hi - self.lo)

    def legend_value(self, t: float) -> float:
        """The value at position t in [0, 1] of the colour scale."""
        if self.log_scale:
            return self.lo + math.expm1(t * math.log1p(self.hi - self.lo))
        return self.lo + t * (self.hi - self.lo)


class _Layout:
    """Where the title, map, legend and axis labels sit for a given size."""

    def __init__(self, data: HeatMapData, width: int, height: int) -> None:
        self.top = 1 if data.title else 0
        self.axis = 1 if data.x_label or data.x_ticks else 0
        self.lines = height - self.top - self.axis
        ends = (short_label(data.hi), short_label(data.legend_value(0.5)), short_label(data.lo))
        self.legend_labels = ends
        self.legend = min(LEGEND_WIDTH, 3 + max(len(s) for s in ends))
        if data.y_ticks:
            self.y_labels: tuple[str, ...] = (*(label for _, label in data.y_ticks), data.y_label)
        else:
            self.y_labels = (short_label(data.y_range[1]), data.y_label, short_label(data.y_range[0])) if data.y_label else ()
        self.left = max((len(s) for s in self.y_labels), default=-1) + 1
        self.cols = width - self.left - self.legend - 1
        if data.equal_aspect and self.usable:
            (x0, x1), (y0, y1) = data.x_range, data.y_range
            per_col, per_half_line = (x1 - x0) / self.cols, (y1 - y0) / (2 * self.lines)  # a cell is 2 units tall
            if per_col > per_half_line:
                self.lines = max(2, round((y1 - y0) / per_col / 2))
            else:
                self.cols = max(8, round((x1 - x0) / per_half_line))

    @property
    def usable(self) -> bool:
        return self.cols >= 8 and self.lines >= 2

    def y_axis(self, data: HeatMapData) -> dict[int, str]:
        """The label of each line that has one: the ticks where they fall (one per line, the
        first wins) and the axis name on a free line nearest the middle; or, without ticks, the
        range's ends and the name between them."""
        if not data.y_ticks:
            if not data.y_label:
                return {}
            hi, name, lo = self.y_labels
            return {self.lines // 2: name, self.lines - 1: lo, 0: hi}
        (y0, y1), labels = data.y_range, {}
        for y, label in data.y_ticks:
            if y0 <= y <= y1 and y1 != y0:
                labels.setdefault(min(int((y1 - y) / (y1 - y0) * self.lines), self.lines - 1), label)
        free = sorted((line for line in range(self.lines) if line not in labels), key=lambda k: abs(k - self.lines // 2))
        if data.y_label and free:
            labels[free[0]] = data.y_label
        return labels

    def x_axis(self, data: HeatMapData) -> str:
        """The line under the map: tick labels at their columns and the axis name after them, or,
        without ticks, the range's ends with the name between them. A y-axis name that found no
        free line beside the map sits in this line's corner."""
        if not data.x_ticks:
            lo, hi, name = short_label(data.x_range[0]), short_label(data.x_range[1]), data.x_label
            middle = self.cols - len(lo) - len(hi)
            return " " * self.left + lo + name.center(max(middle, 0))[: max(middle, 0)] + hi
        (x0, x1), row = data.x_range, [" "] * self.cols
        end = 0
        for x, label in data.x_ticks:
            if not (x0 <= x <= x1) or x1 == x0:
                continue
            start = max(0, min(round((x - x0) / (x1 - x0) * self.cols - len(label) / 2), self.cols - len(label)))
            if start >= end + (1 if end else 0):
                row[start:start + len(label)] = label
                end = start + len(label)
        name = f" {data.x_label}" if data.x_label else ""
        text = "".join(row).rstrip()
        if name and len(text) + len(name) <= self.cols + self.legend:
            text += name
        corner = data.y_label if data.y_label and data.y_label not in self.y_axis(data).values() else ""
        return (corner.rjust(self.left - 1) + " " if corner and len(corner) < self.left else " " * self.left) + text


class HeatMap(CellCanvas):
    """Draws a `HeatMapData`; the last path point is the current position (●)."""

    DEFAULT_CSS = """
    HeatMap { width: 1fr; height: 1fr; min-height: 6; }
    """

    data: reactive[HeatMapData | None] = reactive(None, repaint=False, always_update=True)
    """Set it to draw; a new path on the same grid repaints only the cells that changed."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._layout: _Layout | None = None
        self._tops: list[list[int]] = []
        """The colour level of the top half of every map cell (marks are drawn on it)."""
        self._drawn_key: tuple | None = None
        self._trail_cache: tuple = ((), [], {}, {})
        """(path, cell positions, dots, points) of the path drawn last (see `_trail`)."""

    def watch_data(self, data: HeatMapData | None) -> None:
        key = data.background_key() if data is not None else None
        if key != self._drawn_key:
            if data is not None and data.equal_aspect:
                self.refresh(layout=True)  # with `height: auto` the map's proportions set the height
            self.invalidate()
        else:
            self.update_overlay()

    def get_content_height(self, container, viewport, width: int) -> int:
        """For `height: auto`: the rows an `equal_aspect` map needs at this width, else all there is."""
        data = self.data
        if data is None or not data.equal_aspect or not data.grid:
            return container.height
        lay = _Layout(data, width, container.height)
        return min(container.height, lay.lines + lay.top + lay.axis) if lay.usable else container.height

    # --- the map ----------------------------------------------------------------------------

    def _cell_value(self, data: HeatMapData, row: int, col: int, rows: int, cols: int) -> float:
        """The mean (or, with `peaks`, the largest) of the grid cells under raster cell (row, col),
        or the nearest grid cell when the grid is coarser than the raster (a block keeps a
        narrow ridge, such as a spectrogram's harmonic, that sampling one cell in four would miss)."""
        grid = data.grid
        n, m = len(grid), len(grid[0])
        r = rows - 1 - row
        i0, j0 = min(n - 1, r * n // rows), min(m - 1, col * m // cols)
        i1, j1 = max(i0 + 1, (r + 1) * n // rows), max(j0 + 1, (col + 1) * m // cols)
        block = [v for line in grid[i0:i1] for v in line[j0:j1]]
        return max(block) if data.peaks else math.fsum(block) / len(block)

    def _level(self, data: HeatMapData, row: int, col: int, rows: int, cols: int) -> int:
        return round(data.scaled(self._cell_value(data, row, col, rows, cols)) * (LEVELS - 1))

    def draw_background(self, width: int, height: int) -> list[list[Cell]]:
        data = self.data
        self._layout, self._tops = None, []
        self._trail_cache: tuple = ((), [], {}, {})
        self._drawn_key = data.background_key() if data is not None else None
        if data is None or not data.grid or not data.grid[0]:
            return []
        lay = _Layout(data, width, height)
        if not lay.usable:
            return []
        self._layout = lay
        no_color = self.app.no_color
        plain, bold = Style(), Style(bold=True)
        rows: list[list[Cell]] = []
        if data.title:
            rows.append([(c, bold) for c in data.title[:width]])
        styles: dict[tuple[int, int], Style] = {}
        sub_rows = lay.lines if no_color else 2 * lay.lines
        y_axis = lay.y_axis(data)
        for line in range(lay.lines):
            row: list[Cell] = [(c, plain) for c in (y_axis.get(line, "").rjust(lay.left - 1) + " " if lay.left else "")]
            tops = []
            for col in range(lay.cols):
                if no_color:
                    level = self._level(data, line, col, sub_rows, lay.cols)
                    row.append((SHADES[round(level / (LEVELS - 1) * (len(SHADES) - 1))], plain))
                    tops.append(level)
                    continue
                top = self._level(data, 2 * line, col, sub_rows, lay.cols)
                bottom = self._level(data, 2 * line + 1, col, sub_rows, lay.cols)
                style = styles.get((top, bottom))
                if style is None:
                    style = styles[(top, bottom)] = Style(color=_PALETTE[top], bgcolor=_PALETTE[bottom])
                row.append(("▀", style))
                tops.append(top)
            self._tops.append(tops)
            row.append((" ", plain))
            row.extend(self._legend(data, lay, line, no_color))
            rows.append(row)
        if lay.axis:
            rows.append([(c, plain) for c in lay.x_axis(data)[:width]])
        return rows

    def _legend(self, data: HeatMapData, lay: _Layout, line: int, no_color: bool) -> list[Cell]:
        """One line of the colour scale: high at the top, low at the bottom, values at the ends."""
        t = 1.0 - line / max(lay.lines - 1, 1)
        if no_color:
            swatch = [(SHADES[round(t * (len(SHADES) - 1))], Style())] * 2
        else:
            swatch = [(" ", Style(bgcolor=_PALETTE[round(t * (LEVELS - 1))]))] * 2
        hi, mid, lo = lay.legend_labels
        label = hi if line == 0 else lo if line == lay.lines - 1 else mid if line == lay.lines // 2 else ""
        return swatch + [(c, Style()) for c in f" {label}"[: lay.legend - 2]]

    # --- the path, marker and arrow -----------------------------------------------------

    def _position(self, x: float, y: float) -> tuple[float, float] | None:
        """(col, line) of a data point as fractions of cells (may lie outside the map)."""
        lay, data = self._layout, self.data
        if lay is None or data is None or not (math.isfinite(x) and math.isfinite(y)):
            return None
        (x0, x1), (y0, y1) = data.x_range, data.y_range
        return (x - x0) / (x1 - x0) * lay.cols, (y1 - y) / (y1 - y0) * lay.lines

    def _inside(self, p: tuple[float, float]) -> bool:
        lay = self._layout
        return 0 <= p[0] < lay.cols and 0 <= p[1] < lay.lines

    def _mark(self, cells: dict[tuple[int, int], Cell], p: tuple[float, float], char: str, colour: str | None = None) -> None:
        """Put `char` at cell position p (inside the map), on the map's colour there."""
        lay = self._layout
        col, line = min(int(p[0]), lay.cols - 1), min(int(p[1]), lay.lines - 1)
        if self.app.no_color:
            style = Style(bold=True)
        else:
            bg = _PALETTE[self._tops[line][col]]
            style = Style(color=colour or _contrast(bg), bgcolor=bg, bold=True)
        cells[(lay.left + col, lay.top + line)] = (char, style)

    def _segment(self, cells: dict, a: tuple[float, float], b: tuple[float, float], char: str,
                 colour: str | None = None) -> tuple[float, float] | None:
        """Dots on the cells between a and b (clipped to the map); returns the clipped end."""
        lay = self._layout
        clipped = clip_segment(*a, *b, lay.cols - 1e-9, lay.lines - 1e-9)
        if clipped is None:
            return None
        ax, ay, bx, by = clipped
        n = int(max(abs(bx - ax), abs(by - ay)))
        ends = {(int(a[0]), int(a[1])), (int(b[0]), int(b[1]))}
        for i in range(1, n):
            p = (ax + (bx - ax) * i / n, ay + (by - ay) * i / n)
            if (int(p[0]), int(p[1])) not in ends:
                self._mark(cells, p, char, colour)
        return bx, by

    def _trail(self, data: HeatMapData) -> tuple[dict, dict, tuple[float, float] | None]:
        """The path's dots and points (all but the last point), and the last point's position.

        A path usually grows by one point at a time: the cells of the part drawn before are
        kept, so a long path costs the same per update as a short one."""
        path = data.path
        cached, positions, dots, points = self._trail_cache
        m = len(cached)
        if m > len(path) or path[:m] != cached:
            m, positions, dots, points = 0, [], {}, {}
        positions = positions + [self._position(x, y) for x, y in path[m:]]
        for k in range(max(m, 1), len(path)):
            a, b = positions[k - 1], positions[k]
            if data.join_path and a is not None and b is not None:
                self._segment(dots, a, b, "·")
        for k in range(max(m - 1, 0), len(path) - 1):
            if positions[k] is not None and self._inside(positions[k]):
                self._mark(points, positions[k], "∘" if k == 0 else "•")
        self._trail_cache = (path, positions, dots, points)
        return dots, points, positions[-1] if positions else None

    def draw_overlay(self, width: int, height: int) -> dict[tuple[int, int], Cell]:
        data, lay = self.data, self._layout
        if data is None or lay is None:
            return {}
        dots, points, last = self._trail(data)
        cells = {**dots, **points}
        if data.arrow is not None:
            a, b = (self._position(*q) for q in data.arrow)
            if a is not None and b is not None:
                end = self._segment(cells, a, b, "·", MARKER_COLOUR)
                if end is not None:
                    self._mark(cells, end, arrow_head(b[0] - a[0], 2 * (a[1] - b[1])), MARKER_COLOUR)
        if last is not None:
            if self._inside(last):
                self._mark(cells, last, "●", MARKER_COLOUR)
            else:  # off the map: an arrow at the edge, pointing where it went
                centre = (lay.cols / 2, lay.lines / 2)
                edge = clip_segment(*centre, *last, lay.cols - 1e-9, lay.lines - 1e-9)
                if edge is not None:
                    self._mark(cells, edge[2:], arrow_head(last[0] - centre[0], 2 * (centre[1] - last[1])), MARKER_COLOUR)
        return cells
