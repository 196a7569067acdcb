"""Lesson `gradient-descent`: wₜ₊₁ = wₜ − η ∇f(wₜ) on a curve, one iteration at a time.

Left: the parameters, the pseudocode with the line being executed highlighted, and a row per
iteration (t, wₜ, f(wₜ), ∇f(wₜ), η∇f(wₜ), wₜ₊₁), each column in the fewest digits that tell
its rows apart (`numbers.fitted_column`). Right: f with the current point, its tangent and the
next step; below it f(wₜ) against t. The stepper, keys and lecture steps are `DescentPanel`'s;
this module only draws.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from tui_tutor.numbers import fitted_column, sided_width
from tui_tutor.panels.descent_common import NO_STEP, STOPPED, DescentPanel, padded, page, room_for
from tui_tutor.widgets.live_plot import LivePlot, PlotFrame, Trace
from tui_tutor.widgets.live_text import LiveText
from tui_tutor.widgets.number_table import text_table

HEADERS = ("t", "wₜ", "f(wₜ)", "∇f(wₜ)", "η∇f(wₜ)", "wₜ₊₁")
WIDTHS = {False: (9, 7, 7, 7, 9), True: (11, 9, 9, 9, 11)}
"""The widest a number may be in each column after t, at 80×24 and where there is room
(the left column is sized for them: they never run into the plots)."""
GRADIENT = 2
"""The ∇f(wₜ) column: written on its own side of the tolerance (|∇f| < 1e−06 or not)."""
GIVES = ((1, 6), (3, 6), (0, 8), (4, 8))
"""Where ∇f(wₜ) takes the room it needs near the tolerance from: f(wₜ) (flat there), η∇f(wₜ),
then wₜ and wₜ₊₁ (each down to the width given)."""
TRAIL = 12
"""How many earlier points stay marked on the curve."""


def first(vector: tuple[float, ...] | None) -> float | None:
    """The one entry of a 1-D vector (None where it overflowed)."""
    return None if vector is None else vector[0]


def tangent_of(iteration):
    """The tangent line at wₜ (compute), or None when f or ∇f overflowed."""
    from tui_tutor.compute import descent

    if iteration is None or iteration.f is None or iteration.grad is None:
        return None
    return descent.tangent(iteration)


class GradientDescentPanel(DescentPanel):
    """Pseudocode and table on the left, f and the loss per iteration on the right."""

    EXPORT = "descent_1d"
    DEFAULT_CSS = """
    GradientDescentPanel { height: 14; layout: vertical; }
    GradientDescentPanel #gd-main { height: 1fr; }
    GradientDescentPanel #gd-left { width: 51; margin-right: 1; }
    GradientDescentPanel ParamEditor { grid-columns: 4 16 1fr; }
    GradientDescentPanel #gd-code { height: 3; }
    GradientDescentPanel #gd-table { height: 1fr; }
    GradientDescentPanel #gd-curve { height: 3fr; }
    GradientDescentPanel #gd-loss { height: 2fr; }
    GradientDescentPanel.-tall #gd-left { width: 68; }
    GradientDescentPanel.-tall #gd-code { margin: 1 0; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal(id="gd-main"):
            with Vertical(id="gd-left"):
                yield self.editor
                yield self.code
                yield LiveText(id="gd-table")
            with Vertical(id="gd-plots"):
                yield LivePlot(id="gd-curve")
                yield LivePlot(id="gd-loss")
        yield self.stepper

    def draw_numbers(self) -> None:
        s = self.stepper
        table = self.query_one("#gd-table", LiveText)
        shown = page(s.history, max(table.size.height - 1, 1))
        stepped = shown[:-1] if s.converged else shown  # the converged row takes no step
        grads = [first(it.grad) for it in shown]
        widths = room_for(WIDTHS[self.has_class("-tall")], GRADIENT, sided_width(grads, self.scene.tol, 1), GIVES)
        # wₜ and wₜ₊₁ as one column (wₜ₊₁ is the next row's wₜ): one value, one text
        iterates = fitted_column([it.w[0] for it in shown] + [first(it.w_next) for it in stepped[len(shown) - 1:]],
                                 min(widths[0], widths[4]))
        texts = [iterates[:len(shown)],
                 fitted_column([it.f for it in shown], widths[1]),
                 fitted_column(grads, widths[GRADIENT], threshold=self.scene.tol),
                 fitted_column([first(it.update) for it in stepped], widths[3]) + [NO_STEP] * s.converged,
                 iterates[1:] + [STOPPED] * s.converged]
        rows = [(str(it.t), *cells) for it, cells in zip(shown, zip(*texts))]
        table.show(text_table(HEADERS, rows, highlight=len(rows) - 1 if rows else None))

    def draw_plots(self) -> None:
        s, scene = self.stepper, self.scene
        objective = scene.objective
        here = s.here
        w = s.w[0]
        f_here = here.f if here is not None else None
        ylim = padded(*scene.f_range)
        overlay = []
        trail = [it for it in s.history[-TRAIL:] if it.f is not None]
        if trail:
            overlay.append(Trace(tuple(it.w[0] for it in trail), tuple(it.f for it in trail), "secondary", "•"))
        line = tangent_of(here)
        if line is not None:
            half = (objective.ranges[0][1] - objective.ranges[0][0]) / 6
            xs = (w - half, w + half)
            overlay.append(Trace(xs, tuple(line.slope * x + line.intercept for x in xs), "warning"))
        if here is not None and here.w_next is not None and f_here is not None and not s.converged:
            nxt = here.w_next[0]
            overlay.append(Trace((w, nxt), (f_here, f_here), "success"))
            overlay.append(Trace((nxt,), (f_here,), "success", "▶" if nxt > w else "◀" if nxt < w else "●"))
        if here is not None:  # (None while the first iteration is still being computed)
            y_here = f_here if f_here is not None else ylim[1] * 10 + 1  # overflowed: drawn as ▲ at the top
            overlay.append(Trace((w,), (y_here,), "error", "●"))
        self.query_one("#gd-curve", LivePlot).show(
            PlotFrame(objective.ranges[0], ylim, title=self.written(objective.name).formula, xlabel="w",
                      background=(Trace(scene.curve.xs, scene.curve.ys, "primary"),)),
            overlay,
        )
        self.draw_losses(self.query_one("#gd-loss", LivePlot))


PANEL = GradientDescentPanel
