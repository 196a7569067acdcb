"""Lesson `l1-vs-l2`: MAE and MSE of a data set predicted by one constant c, their slopes,
and c fitted by gradient descent under each (the median under L1, the mean under L2).

MAE(c), MSE(c) and their curves are quick (computed in the keystroke); so are the two fits
up to INLINE_STEPS steps, longer ones run in a worker. `o` adds an outlier, `d` drops the point farthest from the median.
"""

from __future__ import annotations

import statistics

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from tui_tutor.content import Lesson
from tui_tutor.content.code import fill, literal
from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import column, number
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.plot_stack import PlotStack
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.training_runner import TrainingRunner
from tui_tutor.words.fits import outcome

MAE_COLOUR, MSE_COLOUR = "cyan", "magenta"
PLOTS = ("losses", "gradients", "fit")
"""The panel's views: each shows its plot beside the numbers."""
INLINE_STEPS = 600
"""Fits of at most this many steps (about 14 ms per 400, both fits) run in the keystroke; longer ones on a thread."""
CAP = 1e6
"""A fit ends (diverged) once |c| passes this."""


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
        losses.fit_constant(data, name, lr, steps, c0=c, cap=CAP,
                            on_progress=part_progress(on_progress, i * steps, 2 * steps), should_stop=should_stop)
        for i, name in enumerate(("l1", "l2"))
    )
    return (data, c, lr, steps), fits


def export_source(lesson: Lesson, values: dict[str, ParamValue]) -> str:
    """The lesson's standalone PyTorch script (`code/constant_fit.py`) for these values."""
    return fill(lesson.code["constant_fit"], data=literal(list(values["data"])), c=literal(float(values["c"])),
                lr=literal(float(values["lr"])), steps=literal(int(values["steps"])), cap=literal(CAP))


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
        self.watch(self.query_one("#l12-editor", ParamEditor), "values", self.recompute, init=False)
        self.recompute(self.query_one("#l12-editor", ParamEditor).values)

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
        text.append(f"MAE(c) = {number(a.mae)}   dMAE/dc = {number(a.mae_grad)}\n", style=MAE_COLOUR)
        text.append(f"MSE(c) = {number(a.mse)}   dMSE/dc = {number(a.mse_grad)}", style=MSE_COLOUR)
        self.query_one("#l12-at-c", Readout).show(text)
        self._plot()

    def _show_fits(self, result) -> None:
        self.fitted_with, self.fits = result
        l1, l2 = self.fits
        l1_final, l1_lo, l1_hi = column([l1.run.final, l1.minimiser_lo, l1.minimiser_hi])
        l2_final, mean = column([l2.run.final, l2.mean])
        median = f"any c in [{l1_lo}, {l1_hi}]" if l1.minimiser_lo < l1.minimiser_hi else f"the median {l1_lo}"
        rows = [(Text("L1 (MAE)", style=MAE_COLOUR), l1_final, median),
                (Text("L2 (MSE)", style=MSE_COLOUR), l2_final, f"the mean {mean}")]
        self.query_one("#l12-fits", NumberTable).show_rows(("fit", "c after T", "minimal at"), rows)
        words = Text()
        words.append("L2: ", style=f"bold {MSE_COLOUR}")
        words.append(f"{outcome(l2.run, name='c', target='the mean')}\n")
        words.append("L1: ", style=f"bold {MAE_COLOUR}")
        words.append(outcome(l1.run, name="c", target="the median"))
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
        self.notify(self.query_one("#l12-plots", PlotStack).next_plot(), timeout=2)

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
        ), title="MAE left, MSE right", xlabel="c", vlines=(c,), xticks="nice", yticks="nice")
        stack.plot("gradients").spec = PlotSpec(series=(
            Series(cv.cs, cv.mae_grad, color=MAE_COLOUR), Series(cv.cs, cv.mse_grad, color=MSE_COLOUR, yside="right"),
        ), title="d/dc: MAE left, MSE right", xlabel="c", vlines=(c,), hlines=(0.0,), xticks="nice", yticks="nice")
        if self.fits is not None:
            l1, l2 = self.fits
            steps = tuple(float(i) for i in range(len(l1.run.trajectory)))
            stack.plot("fit").spec = PlotSpec(series=(
                Series(steps, l1.run.trajectory, color=MAE_COLOUR), Series(steps, l2.run.trajectory, color=MSE_COLOUR),
            ), title="c at t; grey: median, mean", xlabel="t", hlines=(l1.median, l2.mean),
                xticks="whole", yticks="nice")

    def pytorch_source(self) -> str | None:
        return export_source(self.lesson, self.values)


PANEL = L1VsL2Panel
