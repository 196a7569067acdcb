"""Lesson `gradient-descent-3d`: the same iteration with two weights w = (u, v), on a loss surface.

Left: f(u, v) as a heat map with the path so far, the current point (●) and the next step
−η∇f(wₜ) as an arrow, and the same surface in 3D (`SurfaceView`, turned with < and >) with
the path on it: side by side where there is room, else one of them (v switches). Under them
f(wₜ) against t when there is room. Right: the parameters, the pseudocode (when there is
room), a row per iteration (t, uₜ, vₜ, f(wₜ), |∇f(wₜ)|), and the gradient at the current point
in numbers with its direction. The coordinates are u and v so that subscripts number the
iterates only (w₁ is the first step's result, never a coordinate). The stepper, keys and
lecture steps are `DescentPanel`'s; this module only draws.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from tui_tutor.numbers import fitted_column, given, sided_width, subscript, vector
from tui_tutor.panels.descent_common import TALL, DescentPanel, page, room_for
from tui_tutor.widgets.heat_map import HeatMap, HeatMapData, arrow_head
from tui_tutor.widgets.live_plot import LivePlot
from tui_tutor.widgets.live_text import LiveText
from tui_tutor.widgets.number_table import text_table
from tui_tutor.widgets.surface import SurfaceData, SurfaceView

HEADERS = ("t", "uₜ", "vₜ", "f(wₜ)", "|∇f(wₜ)|")
"""The table's columns (∇f(wₜ) and the step are in the readout under it, for the current wₜ)."""
WIDTHS = {False: (7, 7, 8, 8), True: (9, 9, 9, 9)}
"""The widest a number may be in each column after t, at 80×24 and where there is room."""
GRADIENT = 3
"""The |∇f(wₜ)| column: written on its own side of the tolerance."""
GIVES = ((2, 6), (1, 6), (0, 6))
"""Where |∇f(wₜ)| takes the room it needs near the tolerance from: f(wₜ), then vₜ and uₜ."""
TURN = 15
"""Degrees the surface turns per < or >."""
BOTH = 120
"""From this panel width on (and enough rows) the heat map and the surface sit side by side."""


class GradientDescent3dPanel(DescentPanel):
    """Heat map and surface (and loss plot) on the left; parameters, table and gradient on the right."""

    BINDINGS = [
        *DescentPanel.BINDINGS,
        Binding("v", "switch_view", "3D", tooltip="the heat map or the surface in 3D (both where there is room)"),
        Binding("less_than_sign", "turn(-1)", "turn", key_display="<>", show=False,
                tooltip="turn the 3D surface (< and >)"),
        Binding("greater_than_sign", "turn(1)", "", show=False),
    ]
    DEFAULT_CSS = """
    GradientDescent3dPanel { height: 14; layout: vertical; }
    GradientDescent3dPanel #gd-main { height: 1fr; }
    GradientDescent3dPanel #gd-side { width: 40; padding-left: 1; }
    GradientDescent3dPanel ParamEditor { grid-columns: 4 14 1fr; }
    GradientDescent3dPanel #gd-code { height: 3; display: none; }
    GradientDescent3dPanel #gd-table { height: 1fr; }
    GradientDescent3dPanel #gd-grad { height: 2; }
    GradientDescent3dPanel #gd-views { height: 1fr; }
    GradientDescent3dPanel #gd-surface { display: none; }
    GradientDescent3dPanel.-surface #gd-surface { display: block; }
    GradientDescent3dPanel.-surface #gd-map { display: none; }
    GradientDescent3dPanel #gd-loss { display: none; height: 2fr; }
    GradientDescent3dPanel.-tall #gd-side { width: 50; }
    GradientDescent3dPanel.-tall #gd-code { display: block; margin: 1 0; }
    GradientDescent3dPanel.-tall #gd-views { height: 3fr; }
    GradientDescent3dPanel.-both #gd-map { display: block; margin-right: 2; }
    GradientDescent3dPanel.-both #gd-surface { display: block; }
    GradientDescent3dPanel.-tall #gd-loss { display: block; margin-top: 1; }
    """

    _map_for: tuple[str, bool] | None = None
    """The function and layout `_map` (the heat map's data without a path) was made for."""

    def compose(self) -> ComposeResult:
        with Horizontal(id="gd-main"):
            with Vertical(id="gd-mapcol"):
                with Horizontal(id="gd-views"):
                    yield HeatMap(id="gd-map")
                    yield SurfaceView(id="gd-surface")
                yield LivePlot(id="gd-loss")
            with Vertical(id="gd-side"):
                yield self.editor
                yield self.code
                yield LiveText(id="gd-table")
                yield LiveText(id="gd-grad")
        yield self.stepper

    EXPORT = "descent_2d"

    def draw_numbers(self) -> None:
        s = self.stepper
        table = self.query_one("#gd-table", LiveText)
        shown = page(s.history, max(table.size.height - 1, 1))
        columns = ([it.w[0] for it in shown], [it.w[1] for it in shown], [it.f for it in shown],
                   [it.grad_norm for it in shown])
        widths = room_for(WIDTHS[self.has_class("-tall")], GRADIENT, sided_width(columns[GRADIENT], self.scene.tol, 1),
                          GIVES)
        texts = [fitted_column(values, width, threshold=self.scene.tol if k == GRADIENT else None)
                 for k, (values, width) in enumerate(zip(columns, widths))]
        rows = [(str(it.t), *cells) for it, cells in zip(shown, zip(*texts))]
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
        if s.converged:
            return f"∇f(w{t}) = {vector(here.grad, 3)}\n|∇f| < {given(self.scene.tol)}: converged, no step"
        text = f"∇f(w{t}) = {vector(here.grad, 3)} {arrow_head(*here.grad)} uphill"
        if here.update is None:
            return text + "\nthe step −η∇f is too large for a float"
        step = tuple(-u for u in here.update)
        return text + f"\n−η∇f = {vector(step, 3)} {arrow_head(*step)} downhill"

    def draw_plots(self) -> None:
        s, scene = self.stepper, self.scene
        objective, grid = scene.objective, scene.grid
        tall = self.has_class("-tall")
        formula = self.written(objective.name).formula
        if self._map_for != (objective.name, tall):
            self._map_for = (objective.name, tall)  # true proportions when there is room; at 80×24 fill the space
            self._map = HeatMapData(grid.values, objective.ranges[0], objective.ranges[1], title=formula,
                                    log_scale=True, join_path=True, x_label="u", y_label="v", equal_aspect=tall)
        path = [it.w for it in s.history] + [s.w]
        here = s.preview
        arrow = (s.w, here.w_next) if here is not None and here.w_next is not None else None
        self.query_one("#gd-map", HeatMap).data = self._map.with_path(path, arrow)
        heights = [it.f for it in s.history] + [here.f if here is not None else None]
        points = tuple((w[0], w[1], f) for w, f in zip(path, heights) if f is not None)
        landing = None
        if arrow is not None and here is not None and here.f is not None:
            from tui_tutor.compute import functions  # loaded: the iterations came from it

            landing = (arrow[0] + (here.f,), arrow[1] + (functions.evaluate(objective.name, arrow[1]),))
        title = "the same f in 3D" if self.has_class("-both") else formula
        self.query_one("#gd-surface", SurfaceView).show(SurfaceData(
            grid.values, objective.ranges[0], objective.ranges[1], title=title,
            x_label="u", y_label="v", path=points, arrow=landing, z_range=(grid.lowest, grid.highest)))
        if tall:
            self.draw_losses(self.query_one("#gd-loss", LivePlot))

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height >= TALL and event.size.width >= BOTH, "-both")
        super().on_resize(event)

    def action_switch_view(self) -> None:
        """The heat map or the surface in 3D (where only one fits)."""
        self.toggle_class("-surface")
        if self.has_class("-both"):
            self.notify("Both views are shown at this size: < and > turn the surface.", timeout=3)

    def action_turn(self, direction: int) -> None:
        self.query_one("#gd-surface", SurfaceView).turn(direction * TURN)


PANEL = GradientDescent3dPanel
