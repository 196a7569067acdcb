"""What a handout figure is made of: labelled numbers, a table, plots. Plain data, no drawing.

`tui_tutor.handout.figures` fills these from the compute module; `svg` draws the plots and
`html`/`markdown` lay everything out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Cell = float | int | str
"""A number (formatted when the page is written) or text."""


@dataclass(frozen=True, slots=True)
class Value:
    """One labelled number (or word) of a lesson's default run."""

    label: str
    value: Cell
    sig: int = 4
    """Significant digits when `value` is a float."""


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells under headers; `answer_columns` are left blank unless answers are shown."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    answer_columns: frozenset[int] = frozenset()
    highlight: int | None = None
    """A row to mark (the current one)."""


@dataclass(frozen=True, slots=True)
class Series:
    """One line (or set of points) of a line plot; `color` is an index into the palette."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    label: str = ""
    color: int = 0
    points: bool = False
    """Draw markers only, no line."""


@dataclass(frozen=True, slots=True)
class LinePlot:
    """Lines and points on x/y axes."""

    title: str
    series: tuple[Series, ...]
    xlabel: str = ""
    ylabel: str = ""
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    hlines: tuple[float, ...] = ()
    vlines: tuple[float, ...] = ()
    xlog: bool = False
    ylog: bool = False


@dataclass(frozen=True, slots=True)
class BarPlot:
    """One horizontal bar per label; negative values extend left of zero."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    highlight: int | None = None
    xlabel: str = ""
    xlim: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class HeatMap:
    """A grid of values as colours: `grid[row][col]`, row 0 at the bottom (lowest y)."""

    title: str
    grid: tuple[tuple[float, ...], ...]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    xlabel: str = ""
    ylabel: str = ""
    value_range: tuple[float, float] | None = None
    """The colour scale's ends (one scale for two maps); the grid's own by default."""
    log_scale: bool = False
    path: tuple[tuple[float, float], ...] = ()
    """Points drawn on the map, joined in order."""
    marks: tuple[tuple[float, float, str], ...] = ()
    """Single labelled points (x, y, label)."""
    equal_aspect: bool = False
    """One unit of x as long as one unit of y (a circle stays round, a glyph keeps its shape)."""


Plot = LinePlot | BarPlot | HeatMap


@dataclass(frozen=True, slots=True)
class Figure:
    """What one step of a lesson shows for the default run: numbers, a table and plots."""

    step: int | str
    """Where it belongs: a section index (0-based), or the name of a panel view, which places
    it at the first section showing that view (`## Title {view=NAME}`)."""
    title: str
    values: tuple[Value, ...] = ()
    table: Table | None = None
    plots: tuple[Plot, ...] = field(default=())
    note: str = ""
    """A sentence from the compute module (a status, a verdict)."""
