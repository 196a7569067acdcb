"""One plot widget for every lesson: a declarative `PlotSpec` drawn with plotext."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual_plotext import PlotextPlot


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


def _finite(xs: tuple[float, ...], ys: tuple[float, ...]) -> tuple[list[float], list[float]]:
    pairs = [(x, y) for x, y in zip(xs, ys) if math.isfinite(x) and math.isfinite(y)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


class PlotPanel(PlotextPlot):
    """A plotext plot that redraws itself whenever `spec` changes."""

    DEFAULT_CSS = """
    PlotPanel { width: 1fr; height: 1fr; min-height: 6; }
    """

    spec: reactive[PlotSpec | None] = reactive(None)

    def render(self) -> RenderResult:
        """Draw the current spec (or an empty frame until one arrives)."""
        plt = self.plt
        plt.clear_figure()
        spec = self.spec
        if spec is None or self.size.width < 10 or self.size.height < 4:
            return Text("")
        for s in spec.series:
            xs, ys = _finite(s.xs, s.ys)
            if not xs:
                continue
            draw = plt.scatter if s.points else plt.plot
            draw(xs, ys, label=s.label or None, color=s.color, marker=s.marker)
        for x in spec.vlines:
            if math.isfinite(x):
                plt.vline(x, "gray")
        for y in spec.hlines:
            if math.isfinite(y):
                plt.hline(y, "gray")
        if spec.xlim:
            plt.xlim(*spec.xlim)
        if spec.ylim:
            plt.ylim(*spec.ylim)
        plt.title(spec.title)
        plt.xlabel(spec.xlabel)
        plt.ylabel(spec.ylabel)
        return super().render()
