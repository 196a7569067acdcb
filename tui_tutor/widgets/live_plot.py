"""A plot for numbers that change many times a second: fixed axes, braille lines, markers,
and only the cells that changed are sent to the terminal.

A `PlotFrame` holds what stays put (axes limits, title, axis label, background traces such
as the curve of f); it is drawn once. The overlay traces (a moving point, a tangent, a
growing loss curve) are drawn over it on every `show`, and a `CellCanvas` sends only the
cells that differ from the screen. Points outside the axes are drawn as an arrow at the
edge (◀ ▶ ▲ ▼), so a run that leaves the plot is still visible; non-finite points are skipped.
Either axis may be logarithmic (`xlog`, `ylog`: ticks at powers of ten, points ≤ 0 skipped),
and an axis of counts (`whole_x`: steps, evaluations) gets whole-number ticks only. `grown`
widens limits that the data has left, so a plot can follow a run that runs away.

    plot.show(PlotFrame((-3, 5), (0, 17), title="f(w)", background=(Trace(xs, ys),)),
              (Trace((w,), (f,), color="error", marker="●"),))
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style

from tui_tutor.widgets.cell_canvas import Cell, CellCanvas, clip_segment

COLORS = ("primary", "secondary", "warning", "error", "success", "accent", "muted")
"""Trace colours: the theme's text colours of those names (readable on dark and light)."""
# Braille dot bits by (row 0-3, column 0-1) inside a cell.
DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))


@dataclass(frozen=True, slots=True)
class Trace:
    """A line through (xs, ys) drawn in braille dots, or a `marker` character at each point."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    color: str = "primary"
    """One of `COLORS`."""
    marker: str = ""
    """'' for a line; else one character drawn at each point."""


@dataclass(frozen=True, slots=True)
class PlotFrame:
    """What stays put between updates: the axes and the background traces."""

    xlim: tuple[float, float]
    ylim: tuple[float, float]
    title: str = ""
    xlabel: str = ""
    background: tuple[Trace, ...] = ()
    whole_x: bool = False
    """The x axis counts something (steps, evaluations): whole-number ticks only."""
    xlog: bool = False
    ylog: bool = False
    """Logarithmic axes (limits and points must be > 0)."""


def grown(lim: tuple[float, float], seen: tuple[float, float], *, double: bool = False) -> tuple[float, float]:
    """`lim`, widened to hold `seen` = (lowest, highest) if they left it: each side that is left
    moves out by at least half the range (or, with `double`, the top doubles its distance from the
    bottom until it fits), so a run that keeps leaving redraws its axes only now and then."""
    lo, hi = lim
    low, high = seen
    if not (math.isfinite(low) and math.isfinite(high)) or (lo <= low and high <= hi):
        return lim
    span = hi - lo if hi > lo else 1.0
    if high > hi:
        if double:
            while hi < high and math.isfinite(hi):
                hi = lo + 2 * (hi - lo if hi > lo else 1.0)
        else:
            hi = max(high + 0.06 * (high - lo), hi + span / 2)
    if low < lo:
        lo = min(low - 0.06 * (hi - low), lo - span / 2)
    return (lo, hi) if math.isfinite(hi - lo) else lim


def nice_ticks(lo: float, hi: float, count: int, whole: bool = False) -> list[float]:
    """About `count` round numbers between lo and hi (at least the ends' neighbourhood); with
    `whole`, whole numbers only."""
    span = hi - lo
    if not (math.isfinite(span) and span > 0):
        return [lo]
    raw = span / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if span / (m * magnitude) <= count)
    if whole and step != round(step):
        step = 1 if step < 1 else 5  # 0.5 → 1, 2.5 → 5: counts have no fractions
    first = math.ceil(lo / step - 1e-9)
    ticks = []
    k = first
    while k * step <= hi + 1e-9 * span:
        ticks.append(round(k * step, 12))
        k += 1
    return ticks


def log_ticks(lo: float, hi: float) -> list[float]:
    """The powers of ten from lo to hi (both > 0)."""
    first, last = math.ceil(math.log10(lo) - 1e-9), math.floor(math.log10(hi) + 1e-9)
    return [10.0**k for k in range(first, last + 1)]


def tick_label(value: float) -> str:
    """A short axis label: 4 significant digits at most, with a real minus sign."""
    text = f"{value:.4g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return "−" + text[1:] if text.startswith("-") else text


class _Geometry:
    """Where the plot area sits in the widget, and data → dot coordinates."""

    def __init__(self, frame: PlotFrame, width: int, height: int) -> None:
        self.frame = frame
        self.top = 1 if frame.title else 0
        self.rows = max(height - self.top - 1, 0)
        self.valid = all(v > 0 for v in frame.xlim) if frame.xlog else True
        self.valid &= all(v > 0 for v in frame.ylim) if frame.ylog else True
        (self.x0, self.x1), (self.y0, self.y1) = (self._scaled(frame.xlim, frame.xlog), self._scaled(frame.ylim, frame.ylog))
        if frame.ylog:
            self.yticks = log_ticks(*frame.ylim) if self.valid else []
        else:
            self.yticks = nice_ticks(self.y0, self.y1, max(2, min(5, self.rows // 2)))
        self.ylabels = [tick_label(v) for v in self.yticks]
        self.left = max((len(s) for s in self.ylabels), default=0) + 1
        self.cols = max(width - self.left, 0)
        self.dots_w, self.dots_h = 2 * self.cols, 4 * self.rows

    def _scaled(self, lim: tuple[float, float], log: bool) -> tuple[float, float]:
        return (math.log10(lim[0]), math.log10(lim[1])) if log and self.valid else lim

    @property
    def usable(self) -> bool:
        return self.valid and self.cols >= 4 and self.rows >= 1 and self.x1 > self.x0 and self.y1 > self.y0

    def xticks(self) -> list[float]:
        """Where the x axis gets labels (data units)."""
        frame = self.frame
        if frame.xlog:
            return log_ticks(*frame.xlim)
        return nice_ticks(self.x0, self.x1, max(2, min(6, self.cols // 6)), whole=frame.whole_x)

    def point(self, x: float, y: float) -> tuple[float, float] | None:
        """Data (x, y) in the axes' own units (logarithms on a log axis); None where it cannot be drawn."""
        if self.frame.xlog:
            x = math.log10(x) if x > 0 else math.nan
        if self.frame.ylog:
            y = math.log10(y) if y > 0 else math.nan
        return (x, y) if math.isfinite(x) and math.isfinite(y) else None

    def dot(self, x: float, y: float) -> tuple[float, float]:
        """Data (x, y), in the axes' own units, in dot coordinates (x right, y down; the plot area is
        [0, w-1] × [0, h-1])."""
        return ((x - self.x0) / (self.x1 - self.x0) * (self.dots_w - 1),
                (self.y1 - y) / (self.y1 - self.y0) * (self.dots_h - 1))

    def cell_of_dot(self, dx: int, dy: int) -> tuple[int, int]:
        return self.left + dx // 2, self.top + dy // 4


class LivePlot(CellCanvas):
    """A line plot with fixed axes; `show(frame, overlay)` redraws only what changed."""

    COMPONENT_CLASSES = {f"live-plot--{name}" for name in (*COLORS, "axis", "title")}
    DEFAULT_CSS = """
    LivePlot { width: 1fr; height: 1fr; min-height: 4; }
    LivePlot > .live-plot--axis { color: $text-muted; }
    LivePlot > .live-plot--title { text-style: bold; }
    LivePlot > .live-plot--primary { color: $text-primary; }
    LivePlot > .live-plot--secondary { color: $text-secondary; }
    LivePlot > .live-plot--warning { color: $text-warning; }
    LivePlot > .live-plot--error { color: $text-error; text-style: bold; }
    LivePlot > .live-plot--success { color: $text-success; text-style: bold; }
    LivePlot > .live-plot--accent { color: $text-accent; }
    LivePlot > .live-plot--muted { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.frame: PlotFrame | None = None
        self.overlay: tuple[Trace, ...] = ()
        self._geometry: _Geometry | None = None
        self._masks: dict[tuple[int, int], tuple[int, str]] = {}
        """Background braille dots per cell: (bits, colour of the topmost trace there)."""

    def show(self, frame: PlotFrame, overlay: Sequence[Trace] = ()) -> None:
        """Draw `overlay` over `frame` (a new frame redraws everything, else only what changed)."""
        self.overlay = tuple(overlay)
        if frame != self.frame:
            self.frame = frame
            self.invalidate()
        else:
            self.update_overlay()

    # --- drawing ----------------------------------------------------------------------------

    def _styles(self) -> dict[str, Style]:
        return {name: self.get_component_rich_style(f"live-plot--{name}", partial=True)
                for name in (*COLORS, "axis", "title")}

    def draw_background(self, width: int, height: int) -> list[list[Cell]]:
        self._geometry = None
        self._masks = {}
        frame = self.frame
        if frame is None:
            return []
        g = _Geometry(frame, width, height)
        if not g.usable:
            return []
        self._geometry, self._style = g, self._styles()
        axis, blank = self._style["axis"], Style()
        rows: list[list[Cell]] = [[(" ", blank)] * width for _ in range(height)]
        if frame.title:
            for i, char in enumerate(frame.title[:width]):
                rows[0][i] = (char, self._style["title"])
        tick_rows = {}
        for value, label in zip(g.yticks, g.ylabels):
            row = g.top + int(round(g.dot(g.x0, math.log10(value) if frame.ylog else value)[1])) // 4
            tick_rows[row] = label
        for r in range(g.top, g.top + g.rows):
            label = tick_rows.get(r, "")
            text = label.rjust(g.left - 1) + ("┤" if label else "│")
            rows[r][: g.left] = [(c, axis) for c in text]
        self._axis_row(rows, g, height - 1, width)
        for trace in frame.background:
            for cell, bits in self._rasterise(trace, g).items():
                old_bits, _ = self._masks.get(cell, (0, ""))
                self._masks[cell] = (old_bits | bits, trace.color)
        for (x, y), (bits, color) in self._masks.items():
            rows[y][x] = (chr(0x2800 + bits), self._style[color])
        for trace in frame.background:
            if trace.marker:
                for (x, y), char in self._markers(trace, g).items():
                    rows[y][x] = (char, self._style[trace.color])
        return rows

    def _axis_row(self, rows: list[list[Cell]], g: _Geometry, y: int, width: int) -> None:
        """The x axis with its tick labels written into the line, and the axis label at the end."""
        axis = self._style["axis"]
        line = [" "] * (g.left - 1) + ["└"] + ["─"] * g.cols
        label = f" {self.frame.xlabel}" if self.frame.xlabel else ""
        end = width - len(label)
        taken = g.left
        for value in g.xticks():
            text = tick_label(value)
            centre = g.left + int(round(g.dot(math.log10(value) if self.frame.xlog else value, g.y0)[0])) // 2
            start = min(max(centre - len(text) // 2, taken), end - len(text))
            if start < taken or start + len(text) > end:
                continue
            line[start : start + len(text)] = list(text)
            taken = start + len(text) + 1
        line[end:] = list(label)
        rows[y] = [(c, axis) for c in line[:width]]

    def _rasterise(self, trace: Trace, g: _Geometry) -> dict[tuple[int, int], int]:
        """The braille dots of a line trace, by cell."""
        cells: dict[tuple[int, int], int] = {}
        if trace.marker:
            return cells
        w, h = g.dots_w - 1, g.dots_h - 1
        previous = None
        for x, y in zip(trace.xs, trace.ys):
            scaled = g.point(x, y)
            if scaled is None:
                previous = None
                continue
            point = g.dot(*scaled)
            if previous is not None:
                clipped = clip_segment(*previous, *point, w, h)
                if clipped is not None:
                    ax, ay, bx, by = clipped
                    n = int(max(abs(bx - ax), abs(by - ay))) + 1
                    for i in range(n + 1):
                        dx, dy = int(round(ax + (bx - ax) * i / n)), int(round(ay + (by - ay) * i / n))
                        key = (g.left + dx // 2, g.top + dy // 4)
                        cells[key] = cells.get(key, 0) | DOTS[dy % 4][dx % 2]
            elif len(trace.xs) == 1 and 0 <= point[0] <= w and 0 <= point[1] <= h:
                dx, dy = int(round(point[0])), int(round(point[1]))
                cells[(g.left + dx // 2, g.top + dy // 4)] = DOTS[dy % 4][dx % 2]
            previous = point
        return cells

    def _markers(self, trace: Trace, g: _Geometry) -> dict[tuple[int, int], str]:
        """The marker cells of a marker trace; points off the axes become arrows at the edge."""
        cells: dict[tuple[int, int], str] = {}
        w, h = g.dots_w - 1, g.dots_h - 1
        for x, y in zip(trace.xs, trace.ys):
            scaled = g.point(x, y)
            if scaled is None:
                continue
            dx, dy = g.dot(*scaled)
            char = trace.marker
            over = {"◀": -dx / w, "▶": (dx - w) / w, "▲": -dy / h, "▼": (dy - h) / h}
            side, excess = max(over.items(), key=lambda kv: kv[1])
            if excess > 0:
                char = side
                dx, dy = min(max(dx, 0), w), min(max(dy, 0), h)
            cells[g.cell_of_dot(int(round(dx)), int(round(dy)))] = char
        return cells

    def draw_overlay(self, width: int, height: int) -> dict[tuple[int, int], Cell]:
        g = self._geometry
        if g is None:
            return {}
        out: dict[tuple[int, int], Cell] = {}
        bits: dict[tuple[int, int], tuple[int, str]] = {}
        for trace in self.overlay:
            for cell, b in self._rasterise(trace, g).items():
                old, _ = bits.get(cell, (0, ""))
                bits[cell] = (old | b, trace.color)
        for cell, (b, color) in bits.items():
            out[cell] = (chr(0x2800 + (b | self._masks.get(cell, (0, ""))[0])), self._style[color])
        for trace in self.overlay:
            if trace.marker:
                for cell, char in self._markers(trace, g).items():
                    out[cell] = (char, self._style[trace.color])
        return out
