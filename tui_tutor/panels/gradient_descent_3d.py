"""Lesson `gradient-descent-3d`: the same iteration with two weights, on a loss surface.

Left: f(w₁, w₂) as a heat map with the path so far, the current point (●) and the next step
−η∇f(w_t) as an arrow; under it f(w_t) against t when there is room. Right: the parameters,
the pseudocode (when there is room), a row per iteration, and the gradient at the current
point in numbers with its direction. The stepper, keys and lecture steps are
`DescentPanel`'s; this module only draws.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from tui_tutor.numbers import subscript
from tui_tutor.panels.descent_common import DescentPanel, page, short, vector
from tui_tutor.widgets.heat_map import HeatMap, HeatMapData, arrow_head
from tui_tutor.widgets.live_plot import LivePlot
from tui_tutor.widgets.live_text import LiveText
from tui_tutor.widgets.number_table import text_table

def general(values: tuple[float, ...]) -> str:
    """A vector with 3 significant digits per entry (tiny gradients stay readable)."""
    return "(" + ", ".join(f"{v:.3g}".replace("-", "−") for v in values) + ")"


HEADERS = ("t", "wₜ", "f(wₜ)", "|∇f(wₜ)|")
"""The table's columns (∇f(w_t) and the step are in the readout under it, for the current w_t)."""


class GradientDescent3dPanel(DescentPanel):
    """Heat map (and loss plot) on the left; parameters, table and gradient on the right."""

    DEFAULT_CSS = """
    GradientDescent3dPanel { height: 14; layout: vertical; }
    GradientDescent3dPanel #gd-main { height: 1fr; }
    GradientDescent3dPanel #gd-side { width: 38; padding-left: 1; }
    GradientDescent3dPanel ParamEditor { grid-columns: 4 14 1fr; }
    GradientDescent3dPanel #gd-code { height: 3; display: none; }
    GradientDescent3dPanel #gd-table { height: 1fr; }
    GradientDescent3dPanel #gd-grad { height: 2; }
    GradientDescent3dPanel #gd-map { height: 1fr; }
    GradientDescent3dPanel #gd-loss { display: none; height: 1fr; }
    GradientDescent3dPanel.-tall #gd-side { width: 48; }
    GradientDescent3dPanel.-tall #gd-code { display: block; margin: 1 0; }
    GradientDescent3dPanel.-tall #gd-map { height: auto; max-height: 75%; }
    GradientDescent3dPanel.-tall #gd-loss { display: block; margin-top: 1; }
    """

    _map_for: tuple[str, bool] | None = None
    """The function and layout `_map` (the heat map's data without a path) was made for."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="gd-main"):
            with Vertical(id="gd-mapcol"):
                yield HeatMap(id="gd-map")
                yield LivePlot(id="gd-loss")
            with Vertical(id="gd-side"):
                yield self.editor
                yield self.code
                yield LiveText(id="gd-table")
                yield LiveText(id="gd-grad")
        yield self.stepper

    def draw_numbers(self) -> None:
        s = self.stepper
        table = self.query_one("#gd-table", LiveText)
        shown = max(table.size.height - 1, 1)
        rows = [(str(it.t), vector(it.w, 2), short(it.f, 3), short(it.grad_norm, 3)) for it in page(s.history, shown)]
        table.show(text_table(HEADERS, rows, highlight=len(rows) - 1 if rows else None))
        self.query_one("#gd-grad", LiveText).show(self.gradient_text())

    def gradient_text(self) -> str:
        """The gradient at the current point and the step it asks for, with their directions."""
        s = self.stepper
        here, t = s.here, subscript(s.t)
        if here is None:
            return "computing ∇f …"
        if here.grad is None:
            return f"∇f(w{t}) is too large for a float"
        text = f"∇f(w{t}) = {general(here.grad)} {arrow_head(*here.grad)} uphill"
        if here.update is None:
            return text + "\nthe step −η∇f is too large for a float"
        step = tuple(-u for u in here.update)
        return text + f"\n−η∇f = {general(step)} {arrow_head(*step)} downhill"

    def draw_plots(self) -> None:
        s, scene = self.stepper, self.scene
        objective, grid = scene.objective, scene.grid
        heat = self.query_one("#gd-map", HeatMap)
        tall = self.has_class("-tall")
        if self._map_for != (objective.name, tall):
            self._map_for = (objective.name, tall)  # true proportions when there is room; at 80×24 fill the space
            self._map = HeatMapData(grid.values, objective.ranges[0], objective.ranges[1], title=objective.formula,
                                    log_scale=True, join_path=True, x_label="w₁", y_label="w₂", equal_aspect=tall)
        path = [it.w for it in s.history] + [s.w]
        here = s.preview
        arrow = (s.w, here.w_next) if here is not None and here.w_next is not None else None
        heat.data = self._map.with_path(path, arrow)
        if tall:
            self.draw_losses(self.query_one("#gd-loss", LivePlot))


PANEL = GradientDescent3dPanel
