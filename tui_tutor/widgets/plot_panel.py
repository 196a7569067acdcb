"""One plot widget for every lesson: a declarative `PlotSpec` drawn with plotext."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual_plotext import PlotextPlot

from tui_tutor.numbers import number
from tui_tutor.numbers import ticks as tick_labels


@dataclass(frozen=True, slots=True)
class Series:
    """A line or a set of points."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    label: str = ""
    color: str = "cyan"
    points: bool = False
    """Draw as separate points (scatter) instead of a line."""
    marker: str = "braille"
    yside: str = "left"
    """Which y axis the series uses: "left", or "right" for a second scale."""


@dataclass(frozen=True, slots=True)
class PlotSpec:
    """Everything one plot shows. Non-finite points are dropped before drawing."""

    series: tuple[Series, ...]
    title: str = ""
    xlabel: str = ""
    ylabel: str = ""
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    vlines: tuple[float, ...] = ()
    hlines: tuple[float, ...] = ()
    xlog: bool = False
    """Logarithmic x axis (ticks at powers of ten); points with x ≤ 0 are dropped."""
    ylog: bool = False
    """Logarithmic y axis (ticks at powers of ten); points with y ≤ 0 are dropped."""
    xticks: str = "auto"
    """"auto" (plotext's own), "nice" (round numbers: 0 0.5 1, U+2212 minus) or "whole" (whole
    numbers only, for counts such as k, steps and iterations)."""
    yticks: str = "auto"
    """The same for the y axes (each side its own ticks)."""


def _finite(xs: tuple[float, ...], ys: tuple[float, ...], xlog: bool = False,
            ylog: bool = False) -> tuple[list[float], list[float]]:
    pairs = [(x, y) for x, y in zip(xs, ys) if math.isfinite(x) and math.isfinite(y)
             and (x > 0 or not xlog) and (y > 0 or not ylog)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _decades(values: list[float]) -> tuple[list[float], list[str]]:
    """Ticks at the powers of ten spanning the positive `values` (at most 7, the first and
    last always kept), labelled 0.01, 0.1, 1, …"""
    positive = [v for v in values if v > 0] or [1.0]
    lo, hi = math.floor(math.log10(min(positive))), math.ceil(math.log10(max(positive)))
    hi = max(hi, lo + 1)
    step = max(1, math.ceil((hi - lo) / 6))
    exponents = sorted({*range(lo, hi, step), hi})
    ticks = [10.0**k for k in exponents]
    return ticks, [number(t, 1) for t in ticks]


def nice_ticks(lo: float, hi: float, count: int, whole: bool = False,
               extend: bool = False) -> tuple[list[float], list[str], tuple[float, float]]:
    """About `count` ticks within lo … hi at round numbers, 1, 2 or 5 × 10ⁿ apart, with their
    labels and the axis limits; `whole`: whole numbers only; `extend`: a limit within 5 % of
    the next tick moves out to it (a sigmoid's 0.0025 … 0.9975 is drawn from 0 to 1)."""
    if not hi > lo:
        lo, hi = lo - 1.0, hi + 1.0
    top = math.floor(math.log10(hi - lo))
    steps = [m * 10.0**e for e in range(top - 3, top + 2) for m in (1, 2, 5)]
    if whole:
        steps = [s for s in steps if s >= 1] or [1.0]

    def limits(step: float) -> tuple[float, float]:
        if not extend:
            return lo, hi
        below, above = math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step
        near = 0.05 * (hi - lo)
        return (min(below, lo) if lo - below <= near else lo), (max(above, hi) if above - hi <= near else hi)

    def span(step: float) -> range:
        a, b = limits(step)
        return range(math.ceil(a / step - 1e-9), math.floor(b / step + 1e-9) + 1)

    step = min(reversed(steps), key=lambda s: abs(len(span(s)) - count))  # ties: the larger step
    found = [round(i * step, 12) for i in span(step)]
    lo, hi = limits(step)
    if not found:  # whole numbers over less than one: the axis widens to the whole numbers around
        lo, hi = math.floor(lo), math.ceil(hi)
        found = [float(lo), float(hi)]
    return found, tick_labels(found, step), (lo, hi)


def _span(values: list[float]) -> tuple[float, float]:
    finite = [v for v in values if math.isfinite(v)] or [0.0]
    return min(finite), max(finite)


def _limits(lim: tuple[float, float], log: bool) -> tuple[float, float]:
    """Axis limits as plotext wants them: log10 of the (positive) limits on a log axis."""
    if not log:
        return lim
    lo, hi = (math.log10(v) if v > 0 else None for v in lim)
    return (lo if lo is not None else (hi or 0.0) - 1, hi if hi is not None else (lo or 0.0) + 1)


class PlotPanel(PlotextPlot):
    """A plotext plot that redraws itself whenever `spec` changes."""

    DEFAULT_CSS = """
    PlotPanel { width: 1fr; height: 1fr; min-height: 6; }
    """

    spec: reactive[PlotSpec | None] = reactive(None)

    def on_unmount(self) -> None:
        """Leave the App's theme signal, which PlotextPlot joins on mount and never leaves: its
        callback holds this plot, so every plot of every lesson left would stay alive."""
        self.app.theme_changed_signal.unsubscribe(self)

    def render(self) -> RenderResult:
        """Draw the current spec (or an empty frame until one arrives)."""
        plt = self.plt
        plt.clear_figure()
        spec = self.spec
        if spec is None or self.size.width < 10 or self.size.height < 4:
            return Text("")
        drawn: tuple[list[float], list[float]] = ([], [])
        sides: dict[str, list[float]] = {"left": [], "right": []}
        for s in spec.series:
            xs, ys = _finite(s.xs, s.ys, spec.xlog, spec.ylog)
            if not xs:
                continue
            drawn[0].extend(xs)
            drawn[1].extend(ys)
            sides[s.yside].extend(ys)
            draw = plt.scatter if s.points else plt.plot
            draw(xs, ys, label=s.label or None, color=s.color, marker=s.marker, yside=s.yside)
        vlines = [x for x in spec.vlines if math.isfinite(x) and (x > 0 or not spec.xlog)]
        hlines = [y for y in spec.hlines if math.isfinite(y) and (y > 0 or not spec.ylog)]
        for x in vlines:
            plt.vline(x, "gray")
        for y in hlines:
            plt.hline(y, "gray")
        if spec.xlim:  # plotext takes a log axis's limits as log10 values
            plt.xlim(*_limits(spec.xlim, spec.xlog))
        if spec.ylim:
            plt.ylim(*_limits(spec.ylim, spec.ylog))
        for log, lim, values, scale, ticks, limits in (
            (spec.xlog, spec.xlim, [*drawn[0], *vlines], plt.xscale, plt.xticks, plt.xlim),
            (spec.ylog, spec.ylim, [*drawn[1], *hlines], plt.yscale, plt.yticks, plt.ylim),
        ):
            if log:  # whole decades, so the end ticks sit where they say
                scale("log")
                at, labels = _decades([*values, *(lim or ())])
                ticks(at, labels)
                if not lim:
                    limits(math.log10(at[0]), math.log10(at[-1]))
        self._round_ticks(spec, [*drawn[0], *vlines], {**sides, "left": [*sides["left"], *hlines]})
        plt.title(spec.title)
        plt.xlabel(spec.xlabel)
        plt.ylabel(spec.ylabel)
        return super().render()

    def _round_ticks(self, spec: PlotSpec, xs: list[float], ys: dict[str, list[float]]) -> None:
        """Ticks at round or whole numbers where the spec asks for them (the axis then spans
        exactly the data, or the spec's limits)."""
        plt = self.plt
        if spec.xticks != "auto" and not spec.xlog and xs:
            at, labels, limits = nice_ticks(*(spec.xlim or _span(xs)), min(max(3, self.size.width // 12), 9),
                                            spec.xticks == "whole")
            plt.xlim(*limits)
            plt.xticks(at, labels)
        if spec.yticks == "auto" or spec.ylog:
            return
        for side, values in ys.items():
            if values:
                fixed = spec.ylim if side == "left" else None
                at, labels, limits = nice_ticks(*(fixed or _span(values)), min(max(3, self.size.height // 5), 7),
                                                spec.yticks == "whole", extend=fixed is None)
                plt.ylim(*limits, yside=side)
                plt.yticks(at, labels, yside=side)
