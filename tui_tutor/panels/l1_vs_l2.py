"""Lesson `l1-vs-l2`: MAE and MSE of a data set predicted by one constant c, their slopes,
and c fitted by gradient descent under each (the median under L1, the mean under L2).

MAE(c), MSE(c) and their curves are quick (computed in the keystroke); so are the two fits
up to INLINE_STEPS steps, longer ones run in a worker. `o` adds an outlier, `d` drops the point farthest from the median.
"""

from __future__ import annotations

import statistics

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from rich.text import Text

from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import fmt
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.plot_stack import PlotStack
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.training_runner import TrainingRunner

MAE_COLOUR, MSE_COLOUR = "cyan", "magenta"
PLOTS = ("losses", "gradients", "fit")
"""The panel's views: each shows its plot beside the numbers."""
INLINE_STEPS = 600
"""Fits of at most this many steps (about 14 ms per 400, both fits) run in the keystroke; longer ones on a thread."""


def at_c(data: tuple[float, ...], c: float, curves):
    """MAE and MSE at c with their slopes; both curves over a range around the data and c,
    unless `curves` (the last ones) already cover c for this data."""
    from tui_tutor.compute import losses

    if curves is None or not curves.cs[0] <= c <= curves.cs[-1]:
        lo, hi = min(*data, c), max(*data, c)
        pad = 0.1 * (hi - lo) or 1.0
        curves = losses.constant_curves(data, lo - pad, hi + pad, 161)
    return losses.constant_loss(data, c), curves


def fit_both(data, c, lr, steps, on_progress, should_stop):
    """c fitted from c₀ = c under L1 (MAE) and under L2 (MSE): one job of 2 × steps steps."""
    from tui_tutor.compute import losses
    from tui_tutor.compute.core import part_progress

    fits = tuple(
        losses.fit_constant(data, name, lr, steps, c0=c, on_progress=part_progress(on_progress, i * steps, 2 * steps),
                            should_stop=should_stop)
        for i, name in enumerate(("l1", "l2"))
    )
    return (data, c, lr, steps), fits


def describe(result) -> str:
    _, fits = result
    if any(f.run.stopped for f in fits):
        return "fits stopped early (change a value to fit again)"
    return f"fitted: {fits[0].run.steps_run} steps each"


class L1VsL2Panel(LessonPanel):
    """Editor, MAE/MSE at c and the two fits on the left; losses, slopes or fits plotted on the right."""

    SCOPED_CSS = False
    BINDINGS = [
        Binding("o", "outlier", "+outlier"),
        Binding("d", "remove", "−outlier"),
        Binding("v", "cycle_plot", "plot"),
        Binding("s", "stop", "stop fitting", show=False),
    ]
    DEFAULT_CSS = """
    L1VsL2Panel { height: 14; layout: horizontal; }
    L1VsL2Panel #l12-left { width: 46; }
    L1VsL2Panel #l12-at-c { height: 2; }
    L1VsL2Panel #l12-fits { height: 3; }
    L1VsL2Panel #l12-words { height: 4; }
    .-wide L1VsL2Panel #l12-words { height: 8; }
    L1VsL2Panel #l12-right { width: 1fr; margin-left: 1; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.values = dict(self.initial_values)
        self.at = self.curves = self.fits = None

    def compose(self) -> ComposeResult:
        with Vertical(id="l12-left"):
            yield ParamEditor(self.lesson.params, self.initial_values, id="l12-editor")
            yield Readout("", id="l12-at-c")
            yield NumberTable(id="l12-fits")
            yield Readout("", id="l12-words")
        with Vertical(id="l12-right"):
            plots = {name: PlotPanel() for name in PLOTS}
            yield PlotStack(plots, rows_each=12, id="l12-plots")
            yield TrainingRunner("", id="l12-progress", on_finished=self._show_fits)

    def on_mount(self) -> None:
        self.recompute(self.query_one("#l12-editor", ParamEditor).values)

    @on(ParamEditor.Changed, "#l12-editor")
    def _edited(self, event: ParamEditor.Changed) -> None:
        self.recompute(event.values)

    def watch_view(self, view: str) -> None:
        self.query_one("#l12-plots", PlotStack).show(view)

    # --- computing --------------------------------------------------------------------

    def recompute(self, values: dict[str, ParamValue]) -> None:
        """MAE/MSE at c now (same frame); refit in the worker when the fit's inputs changed."""
        old, self.values = self.values, dict(values)
        refit = self.fits is None or any(old[k] != values[k] for k in ("data", "c", "lr", "steps"))
        curves = self.curves if self.curves is not None and old["data"] == values["data"] else None
        compute_quick(self, at_c, values["data"], values["c"], curves, then=self._show_at_c)
        if refit:
            self.query_one("#l12-progress", TrainingRunner).run(
                "fitting", fit_both, describe, inline=values["steps"] <= INLINE_STEPS,
                data=values["data"], c=values["c"], lr=values["lr"], steps=values["steps"],
            )

    def _show_at_c(self, result) -> None:
        self.at, self.curves = result
        a = self.at
        text = Text()
        text.append(f"MAE(c) = {fmt(a.mae)}   dMAE/dc = {fmt(a.mae_grad)}\n", style=MAE_COLOUR)
        text.append(f"MSE(c) = {fmt(a.mse)}   dMSE/dc = {fmt(a.mse_grad)}", style=MSE_COLOUR)
        if a.status != "ok":
            text = Text(a.status, style="bold red")
        self.query_one("#l12-at-c", Readout).show(text)
        self._plot()

    def _show_fits(self, result) -> None:
        self.fitted_with, self.fits = result
        l1, l2 = self.fits
        median = (f"any c in [{fmt(l1.minimiser_lo, 2)}, {fmt(l1.minimiser_hi, 2)}]"
                  if l1.minimiser_lo < l1.minimiser_hi else f"the median {fmt(l1.median)}")
        rows = [(Text("L1 (MAE)", style=MAE_COLOUR), fmt(l1.run.final), median),
                (Text("L2 (MSE)", style=MSE_COLOUR), fmt(l2.run.final), f"the mean {fmt(l2.mean)}")]
        self.query_one("#l12-fits", NumberTable).show_rows(("fit", "c after T", "minimal at"), rows)
        words = Text()
        words.append("L2: ", style=f"bold {MSE_COLOUR}")
        words.append(f"{l2.status}\n")
        words.append("L1: ", style=f"bold {MAE_COLOUR}")
        words.append(l1.status)
        self.query_one("#l12-words", Readout).show(words)
        self.headline = Headline("c fitted under L1 : L2 =", (l1.run.final, l2.run.final))
        self._plot()

    def action_stop(self) -> None:
        if not self.query_one("#l12-progress", TrainingRunner).stop():
            self.notify("Nothing is being fitted.", timeout=2)

    # --- outliers -----------------------------------------------------------------------

    def action_outlier(self) -> None:
        """Add a point 10 data spreads above the largest (kept within the allowed range)."""
        data, param = list(self.values["data"]), self.lesson.param("data")
        if len(data) >= param.max_length:
            self.notify(f"The data set holds at most {param.max_length} values.", severity="warning")
            return
        spread = max(max(data) - min(data), 1.0)
        data.append(round(min(max(data) + 10 * spread, param.max), 1))
        self.query_one("#l12-editor", ParamEditor).set_values({"data": tuple(data)})

    def action_remove(self) -> None:
        """Remove the point farthest from the median (the most outlying one)."""
        data = list(self.values["data"])
        if len(data) <= 1:
            self.notify("The data set needs at least one value.", severity="warning")
            return
        middle = statistics.median(data)
        data.pop(max(range(len(data)), key=lambda i: (abs(data[i] - middle), i)))
        self.query_one("#l12-editor", ParamEditor).set_values({"data": tuple(data)})

    def action_cycle_plot(self) -> None:
        stack = self.query_one("#l12-plots", PlotStack)
        if stack.one_at_a_time:
            stack.cycle()
        else:
            self.notify("All three plots are on screen.", timeout=2)

    # --- plots --------------------------------------------------------------------------

    def _plot(self) -> None:
        if self.at is None:
            return
        stack, cv, a, c = self.query_one("#l12-plots", PlotStack), self.curves, self.at, self.values["c"]
        data = self.values["data"]
        top = max(cv.mae)
        marks = [Series(tuple(data), (0.0,) * len(data), color="gray", points=True, marker="•")]
        if self.fits is not None and self.fitted_with[0] == data:
            l1, l2 = self.fits
            marks += [Series((l1.median, l1.median), (0.0, top), color=MAE_COLOUR),
                      Series((l2.mean, l2.mean), (0.0, top), color=MSE_COLOUR)]
        stack.plot("losses").spec = PlotSpec(series=(
            Series(cv.cs, cv.mae, color=MAE_COLOUR), Series(cv.cs, cv.mse, color=MSE_COLOUR, yside="right"),
            *marks,
            Series((c,), (a.mae,), color=MAE_COLOUR, points=True, marker="●"),
            Series((c,), (a.mse,), color=MSE_COLOUR, points=True, marker="●", yside="right"),
        ), title="MAE(c) left axis, MSE(c) right", xlabel="c", vlines=(c,))
        stack.plot("gradients").spec = PlotSpec(series=(
            Series(cv.cs, cv.mae_grad, color=MAE_COLOUR), Series(cv.cs, cv.mse_grad, color=MSE_COLOUR, yside="right"),
        ), title="dMAE/dc left, dMSE/dc right", xlabel="c", vlines=(c,), hlines=(0.0,))
        if self.fits is not None:
            l1, l2 = self.fits
            steps = tuple(float(i) for i in range(len(l1.run.trajectory)))
            stack.plot("fit").spec = PlotSpec(series=(
                Series(steps, l1.run.trajectory, color=MAE_COLOUR), Series(steps, l2.run.trajectory, color=MSE_COLOUR),
            ), title="c per iteration; grey: median, mean", xlabel="t", hlines=(l1.median, l2.mean))

    def pytorch_source(self) -> str | None:
        from tui_tutor.compute import losses

        v = self.values
        return losses.constant_fit_source(v["data"], v["c"], v["lr"], v["steps"])


PANEL = L1VsL2Panel
