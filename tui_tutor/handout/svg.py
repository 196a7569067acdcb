"""Plots as SVG, without dependencies: line plots, horizontal bars and heat maps.

Every plot has a title, axes with round-numbered ticks (a real minus sign, U+2212; powers of
ten on log axes), axis labels and a legend below the axes, so nothing covers the data. Heat
maps are embedded as a small PNG (`data:` URI): one pixel per cell, drawn without smoothing.
"""

from __future__ import annotations

import base64
import math
import struct
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape

from tui_tutor.handout.model import BarPlot, HeatMap, LinePlot, Plot

PALETTE = ("#1f5fbf", "#c2185b", "#2e7d32", "#e06c00", "#8a8a8a", "#6a1b9a", "#d32f2f")
"""Series colours by index: blue, magenta, green, orange, grey, purple, red."""
WIDTH, HEIGHT = 640, 340
CHAR = 7.0
"""Approximate width of one character of 12 px text, for laying out labels."""
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
VIRIDIS = ("#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#fde725")
MINUS = "\u2212"
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


# --- numbers on axes ------------------------------------------------------------------------


def minus(text: str) -> str:
    """`text` with every hyphen-minus written as a real minus sign."""
    return text.replace("-", MINUS)


def power_of_ten(exponent: int) -> str:
    """10ⁿ as an axis label (plain digits from 0.01 to 1000)."""
    if -2 <= exponent <= 3:
        return minus(f"{10.0 ** exponent:.{max(0, -exponent)}f}")
    return "10" + str(exponent).translate(SUPERSCRIPT)


def number(value: float, step: float) -> str:
    """A tick value with as many decimals as the tick spacing needs; ×10ⁿ when very large or small."""
    if value == 0:
        return "0"
    big = max(abs(value), step)
    if big >= 1e5 or step < 1e-4:
        exponent = math.floor(math.log10(abs(value)))
        mantissa = value / 10 ** exponent
        decimals = max(0, -math.floor(math.log10(step / 10 ** exponent) + 1e-9))
        return minus(f"{mantissa:.{decimals}f}") + "×" + power_of_ten(exponent)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    if round(step / 10 ** -decimals, 6) % 1:  # e.g. 0.25: one more decimal
        decimals += 1
    return minus(f"{value:.{decimals}f}")


def short(value: float) -> str:
    """Three significant digits (×10ⁿ for very large or small), NaN and infinity in words."""
    if math.isnan(value):
        return "not a number"
    if math.isinf(value):
        return "infinity" if value > 0 else "−infinity"
    mantissa, _, exponent = f"{value:.3g}".partition("e")
    return minus(mantissa) + ("×10" + str(int(exponent)).translate(SUPERSCRIPT) if exponent else "")


def nice_step(span: float, count: int) -> float:
    """A spacing of 1, 2, 2.5 or 5 × 10ⁿ that gives about `count` ticks over `span`."""
    raw = span / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * 0.999)


@dataclass(frozen=True, slots=True)
class Scale:
    """Maps data values in [lo, hi] to pixels in [start, end] (on a log scale if `log`)."""

    lo: float
    hi: float
    start: float
    end: float
    log: bool = False

    def _f(self, value: float) -> float:
        return math.log10(value) if self.log else value

    def __call__(self, value: float) -> float:
        t = (self._f(value) - self._f(self.lo)) / (self._f(self.hi) - self._f(self.lo))
        return self.start + t * (self.end - self.start)

    def ticks(self, count: int = 6) -> list[tuple[float, str]]:
        """(value, label) of round values inside the range."""
        if self.log and math.log10(self.hi / self.lo) >= 1:
            first, last = math.ceil(math.log10(self.lo) - 1e-9), math.floor(math.log10(self.hi) + 1e-9)
            every = max(1, math.ceil((last - first + 1) / 8))
            return [(10.0 ** e, power_of_ten(e)) for e in range(first, last + 1) if (e - first) % every == 0]
        step = nice_step(self.hi - self.lo, count)
        first = math.ceil(self.lo / step - 1e-9)
        values = [k * step for k in range(first, math.floor(self.hi / step + 1e-9) + 1)]
        return [(v, number(v, step)) for v in values if not self.log or v > 0]


def data_range(values: Iterable[float], log: bool, fixed: tuple[float, float] | None, pad: float) -> tuple[float, float]:
    """The axis range: `fixed`, else the finite values' (positive ones on a log axis) with some room."""
    if fixed is not None:
        return fixed
    finite = [v for v in values if math.isfinite(v) and (v > 0 or not log)]
    if not finite:
        return (1.0, 10.0) if log else (0.0, 1.0)
    lo, hi = min(finite), max(finite)
    if log:
        lo, hi = math.log10(lo), math.log10(hi)
    if hi - lo < 1e-12 * max(1.0, abs(hi)):
        lo, hi = lo - max(abs(lo) * 0.1, 0.5), hi + max(abs(hi) * 0.1, 0.5)
    room = (hi - lo) * pad
    lo, hi = lo - room, hi + room
    return (10 ** lo, 10 ** hi) if log else (lo, hi)


# --- SVG pieces -----------------------------------------------------------------------------


def text(x: float, y: float, content: str, *, size: int = 12, anchor: str = "middle", weight: str = "normal",
         rotate: bool = False, fill: str = "#222") -> str:
    turn = f' transform="rotate(-90 {x:.1f} {y:.1f})"' if rotate else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" font-weight="{weight}" '
            f'fill="{fill}"{turn}>{escape(content)}</text>')


def line(x1: float, y1: float, x2: float, y2: float, colour: str = "#999", width: float = 1.0, dash: str = "") -> str:
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" stroke-width="{width}"{dashes}/>'


def document(uid: str, height: float, title: str, body: list[str]) -> str:
    """The `<svg>` element around `body`, with the plot's title as its accessible name."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="plot" id="{uid}" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'width="{WIDTH}" height="{height:.0f}" font-family="{FONT}" role="img" aria-label="{escape(title)}">'
            f'<rect width="100%" height="100%" fill="#fff"/>'
            + text(WIDTH / 2, 18, title, size=13, weight="bold") + "".join(body) + "</svg>")


def legend(items: Sequence[tuple[str, str, bool]], top: float) -> tuple[list[str], float]:
    """Legend entries (label, colour, points) in rows from `top`; returns the parts and the height used."""
    parts, x, y = [], 12.0, top + 12
    for label, colour, points in items:
        width = 26 + len(label) * CHAR + 18
        if x + width > WIDTH - 8 and x > 12:
            x, y = 12.0, y + 18
        swatch = (f'<circle cx="{x + 9:.1f}" cy="{y - 4:.1f}" r="4" fill="{colour}"/>' if points
                  else line(x, y - 4, x + 18, y - 4, colour, 2.5))
        parts += [swatch, text(x + 24, y, label, anchor="start")]
        x += width
    return parts, (y - top + 8 if items else 0.0)


def axes(x: Scale, y: Scale, xlabel: str, ylabel: str, grid: bool = True) -> list[str]:
    """Frame, grid lines (unless over a picture), ticks and axis labels of a plot area."""
    left, right, top, bottom = x.start, x.end, y.end, y.start
    parts = [f'<rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" height="{bottom - top:.1f}" '
             'fill="none" stroke="#444"/>']
    for value, label in x.ticks():
        px = x(value)
        parts += [line(px, top, px, bottom, "#e4e4e4")] if grid else []
        parts += [line(px, bottom, px, bottom + 5, "#444"), text(px, bottom + 18, label)]
    for value, label in y.ticks():
        py = y(value)
        parts += [line(left, py, right, py, "#e4e4e4")] if grid else []
        parts += [line(left - 5, py, left, py, "#444"), text(left - 8, py + 4, label, anchor="end")]
    if xlabel:
        parts.append(text((left + right) / 2, bottom + 36, xlabel))
    if ylabel:
        parts.append(text(14, (top + bottom) / 2, ylabel, rotate=True))
    return parts


def left_margin(scale: Scale, ylabel: str) -> float:
    widest = max((len(label) for _, label in scale.ticks()), default=1)
    return 14 + widest * CHAR + (22 if ylabel else 4)


# --- line plots -----------------------------------------------------------------------------


def segments(xs: Sequence[float], ys: Sequence[float], x: Scale, y: Scale) -> list[list[tuple[float, float]]]:
    """Pixel runs of consecutive drawable points (a non-finite value, or ≤ 0 on a log axis, breaks the line)."""
    runs: list[list[tuple[float, float]]] = [[]]
    for a, b in zip(xs, ys):
        if all(math.isfinite(v) and (v > 0 or not s.log) for v, s in ((a, x), (b, y))):
            runs[-1].append((x(a), y(b)))
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def line_plot(plot: LinePlot, uid: str) -> str:
    xs = [v for s in plot.series for v in s.xs] + list(plot.vlines)
    ys = [v for s in plot.series for v in s.ys] + list(plot.hlines)
    xr = data_range(xs, plot.xlog, plot.xlim, 0.0)
    yr = data_range(ys, plot.ylog, plot.ylim, 0.05)
    named = [(s.label, PALETTE[s.color % len(PALETTE)], s.points) for s in plot.series if s.label]
    probe = Scale(*yr, 0, 1, plot.ylog)
    left = left_margin(probe, plot.ylabel)
    legend_parts, legend_height = legend(named, 0)
    bottom = HEIGHT - 18 - (18 if plot.xlabel else 0) - legend_height - 12
    x, y = Scale(*xr, left, WIDTH - 16, plot.xlog), Scale(*yr, bottom, 32, plot.ylog)
    parts = axes(x, y, plot.xlabel, plot.ylabel)
    parts.append(f'<clipPath id="{uid}-area"><rect x="{x.start:.1f}" y="{y.end:.1f}" width="{x.end - x.start:.1f}" '
                 f'height="{y.start - y.end:.1f}"/></clipPath><g clip-path="url(#{uid}-area)">')
    for value in plot.hlines:
        if math.isfinite(value) and (value > 0 or not plot.ylog):
            parts.append(line(x.start, y(value), x.end, y(value), "#777", 1.2, "5 4"))
    for value in plot.vlines:
        if math.isfinite(value) and (value > 0 or not plot.xlog):
            parts.append(line(x(value), y.end, x(value), y.start, "#777", 1.2, "5 4"))
    for s in plot.series:
        colour = PALETTE[s.color % len(PALETTE)]
        for run in segments(s.xs, s.ys, x, y):
            if s.points:
                parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{colour}" stroke="#fff"/>' for px, py in run]
            else:
                points = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
                parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
    parts.append("</g>")
    legend_top = y.start + (44 if plot.xlabel else 26)
    parts.append(f'<g transform="translate(0 {legend_top:.1f})">' + "".join(legend_parts) + "</g>")
    return document(uid, HEIGHT, plot.title, parts)


# --- bars -----------------------------------------------------------------------------------

ROW = 22


def bar_plot(plot: BarPlot, uid: str) -> str:
    values = [v if math.isfinite(v) else 0.0 for v in plot.values]
    lo, hi = plot.xlim or data_range([*values, 0.0], False, None, 0.08)
    label_width = 16 + max((len(label) for label in plot.labels), default=1) * CHAR
    top = 32
    bottom = top + ROW * len(values) + 6
    x = Scale(lo, hi, label_width, WIDTH - 70)
    zero = x(min(max(0.0, lo), hi))
    parts = [line(zero, top, zero, bottom, "#444")]
    for value, label in x.ticks():
        px = x(value)
        parts += [line(px, top, px, bottom, "#eee"), line(px, bottom, px, bottom + 5, "#444"), text(px, bottom + 18, label)]
    for i, (label, value, shown) in enumerate(zip(plot.labels, values, plot.values)):
        y0 = top + 4 + ROW * i
        end = x(min(max(value, lo), hi))
        colour = PALETTE[3] if i == plot.highlight else PALETTE[0]
        parts += [f'<rect x="{min(zero, end):.1f}" y="{y0:.1f}" width="{abs(end - zero):.1f}" height="{ROW - 6}" '
                  f'fill="{colour}"/>',
                  text(label_width - 8, y0 + 12, label, anchor="end",
                       weight="bold" if i == plot.highlight else "normal")]
        parts.append(text(max(zero, end) + 6, y0 + 12, short(shown), anchor="start"))
    if plot.xlabel:
        parts.append(text((x.start + x.end) / 2, bottom + 36, plot.xlabel))
    return document(uid, bottom + (46 if plot.xlabel else 28), plot.title, parts)


# --- heat maps ------------------------------------------------------------------------------


def colour(t: float) -> tuple[int, int, int]:
    """Viridis at t in [0, 1] (interpolated between nine anchors)."""
    t = min(max(t, 0.0), 1.0) * (len(VIRIDIS) - 1)
    i = min(int(t), len(VIRIDIS) - 2)
    a, b = (tuple(int(c[k:k + 2], 16) for k in (1, 3, 5)) for c in VIRIDIS[i:i + 2])
    return tuple(round(p + (q - p) * (t - i)) for p, q in zip(a, b))  # type: ignore[return-value]


def png(pixels: Sequence[Sequence[tuple[int, int, int]]]) -> bytes:
    """An 8-bit RGB PNG of `pixels` (rows top first)."""
    height, width = len(pixels), len(pixels[0])
    raw = b"".join(b"\0" + bytes(v for px in row for v in px) for row in pixels)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def value_scale(plot: HeatMap) -> tuple[float, float, Callable[[float], float]]:
    """The colour scale's ends and the map from a value to t in [0, 1] (log1p above the low end if asked)."""
    finite = [v for row in plot.grid for v in row if math.isfinite(v)]
    lo, hi = plot.value_range or ((min(finite), max(finite)) if finite else (0.0, 1.0))
    span = hi - lo or 1.0
    if plot.log_scale:
        return lo, hi, lambda v: math.log1p(max(v - lo, 0.0)) / math.log1p(span)
    return lo, hi, lambda v: (v - lo) / span


def heat_map(plot: HeatMap, uid: str) -> str:
    lo, hi, scaled = value_scale(plot)
    pixels = [[colour(scaled(v)) if math.isfinite(v) else (160, 160, 160) for v in row] for row in reversed(plot.grid)]
    image = base64.b64encode(png(pixels)).decode("ascii")
    left = left_margin(Scale(*plot.y_range, 0, 1), plot.ylabel)
    below = 30 + (18 if plot.xlabel else 0)
    right, top, bottom = WIDTH - 110, 32, HEIGHT - below
    if plot.equal_aspect:  # shrink one side so that a unit is as long across as up
        (x0, x1), (y0, y1) = plot.x_range, plot.y_range
        unit = min((right - left) / (x1 - x0), (bottom - top) / (y1 - y0))
        right, bottom = left + unit * (x1 - x0), top + unit * (y1 - y0)
    x, y = Scale(*plot.x_range, left, right), Scale(*plot.y_range, bottom, top)
    parts = [f'<image x="{left:.1f}" y="{top}" width="{right - left:.1f}" height="{bottom - top:.1f}" preserveAspectRatio="none" '
             f'style="image-rendering:pixelated" href="data:image/png;base64,{image}"/>']
    parts += axes(x, y, plot.xlabel, plot.ylabel, grid=False)
    if plot.path:
        points = " ".join(f"{x(a):.1f},{y(b):.1f}" for a, b in plot.path)
        parts.append(f'<polyline points="{points}" fill="none" stroke="#fff" stroke-width="1.5"/>')
        parts += [f'<circle cx="{x(a):.1f}" cy="{y(b):.1f}" r="3" fill="#d32f2f" stroke="#fff"/>' for a, b in plot.path]
    for a, b, label in plot.marks:
        parts += [f'<circle cx="{x(a):.1f}" cy="{y(b):.1f}" r="6" fill="none" stroke="#fff" stroke-width="2"/>',
                  text(x(a) + 9, y(b) - 8, label, anchor="start", fill="#fff", weight="bold")]
    parts += colour_bar(f"{uid}-scale", right + 24, top, bottom, lo, hi, plot.log_scale)
    return document(uid, bottom + below, plot.title, parts)


def colour_bar(gradient: str, left: float, top: float, bottom: float, lo: float, hi: float, log: bool) -> list[str]:
    """The colour scale beside a heat map: a gradient strip and the values at its ends and middle."""
    stops = "".join(f'<stop offset="{i / (len(VIRIDIS) - 1):.3f}" stop-color="{c}"/>' for i, c in enumerate(VIRIDIS))
    parts = [f'<linearGradient id="{gradient}" x1="0" y1="1" x2="0" y2="0">{stops}</linearGradient>',
             f'<rect x="{left:.1f}" y="{top:.1f}" width="14" height="{bottom - top:.1f}" fill="url(#{gradient})" stroke="#444"/>']
    span = hi - lo
    for t in (0.0, 0.5, 1.0):
        value = lo + (math.expm1(t * math.log1p(span)) if log else t * span)
        parts.append(text(left + 20, bottom - t * (bottom - top) + 4, short(value), anchor="start", size=11))
    return parts


RENDERERS = {LinePlot: line_plot, BarPlot: bar_plot, HeatMap: heat_map}


def render(plot: Plot, uid: str) -> str:
    """`plot` as one `<svg>` element; `uid` keeps its internal ids unique within a page."""
    return RENDERERS[type(plot)](plot, uid)
