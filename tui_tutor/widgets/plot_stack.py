"""Several named plots in one place: all stacked when there is room, else one at a time.

At 80×24 a lesson panel has about 13 rows, enough for one readable plot; on a projector
(200×60) there is room for all of them. `PlotStack` shows every plot when it is at least
`rows_each` rows per plot tall, otherwise only the current one; `cycle()` moves to the next
(a panel binds it to a key such as `v`). Any plot widget works (`PlotPanel`, `LivePlot`).

`theme_colour()` gives the theme colour behind a `LivePlot` trace colour name, so a table row
or a line of text can be coloured to match its trace (a legend without covering the plot).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget


def theme_colour(widget: Widget, name: str) -> str:
    """The theme's text colour `name` ("primary", "error", "success", …) as a Rich colour."""
    colour = widget.app.theme_variables.get(f"text-{name}", "")
    return colour if colour.startswith("#") else ""


class PlotStack(Widget):
    """Named plot widgets; `plot(name)` gets one, `cycle()` switches when only one fits."""

    DEFAULT_CSS = """
    PlotStack { width: 1fr; height: 1fr; layout: vertical; }
    PlotStack > * { height: 1fr; }
    PlotStack.-one > * { display: none; }
    PlotStack.-one > .-current { display: block; }
    """

    current: reactive[int] = reactive(0, init=False)

    def __init__(self, plots: dict[str, Widget], *, rows_each: int = 12, id: str | None = None) -> None:
        super().__init__(id=id)
        self.plots = dict(plots)
        self.names = tuple(plots)
        self.rows_each = rows_each

    def compose(self) -> ComposeResult:
        for i, plot in enumerate(self.plots.values()):
            plot.set_class(i == self.current, "-current")
            yield plot

    def plot(self, name: str) -> Widget:
        """The plot called `name`."""
        return self.plots[name]

    @property
    def one_at_a_time(self) -> bool:
        """True when only the current plot fits."""
        return self.has_class("-one")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < self.rows_each * len(self.names), "-one")

    def show(self, name: str) -> None:
        """Make `name` the plot shown when only one fits."""
        self.current = self.names.index(name)

    def cycle(self) -> str:
        """Show the next plot (when only one fits); returns its name."""
        self.current = (self.current + 1) % len(self.names)
        return self.names[self.current]

    def next_plot(self) -> str:
        """The plot key's work: the next plot when only one fits, and what to say about it
        ("plot 2 of 3: gradients", or that every plot is on screen)."""
        if not self.one_at_a_time:
            return f"All {len(self.names)} plots are on screen."
        name = self.cycle()
        return f"plot {self.current + 1} of {len(self.names)}: {name}"

    def watch_current(self, current: int) -> None:
        for i, plot in enumerate(self.plots.values()):
            plot.set_class(i == current, "-current")
