"""Lesson `why-not-difference`: gradient descent on ŷ − y, |ŷ − y| and (ŷ − y)² from one start.

The three runs are computed at once (in the keystroke once torch is warm: ~5 ms at T = 60); the panel then steps through them one
iteration t at a time (its own steps, or `r` to play), with ŷₜ and the loss per iteration.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from rich.text import Text

from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import fmt
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.widgets.live_plot import LivePlot, PlotFrame, Trace
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_stack import PlotStack, theme_colour
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.training_runner import TrainingRunner

NAMES = {"difference": "ŷ − y", "l1": "|ŷ − y|", "l2": "(ŷ − y)²"}
COLOURS = {"difference": "error", "l1": "primary", "l2": "success"}
"""LivePlot colour names; the table's row labels use the same theme colours as a legend."""
FRAMES_PER_RUN = 75
"""`r` plays a whole run in about this many frames (25 a second)."""


def run_descents(y_hat0: float, y: float, lr: float, steps: int, cap: float, on_progress, should_stop):
    """The three runs (each with dL/dŷ at every point, for the table), and what they ran with."""
    from tui_tutor.compute import losses

    runs = losses.why_not_difference(y_hat0, y, lr, steps, cap, on_progress=on_progress, should_stop=should_stop)
    return dict(y_hat0=y_hat0, y=y, lr=lr, steps=steps, cap=cap), runs


def describe(result) -> str:
    values, runs = result
    if any(r.stopped for r in runs):
        return "stopped: the runs end early (change a value to run again)"
    return f"computed: T = {values['steps']}, η = {fmt(values['lr'], 3)}"


class WhyNotDifferencePanel(LessonPanel):
    """Editor, the runs at iteration t and how they end on the left; ŷₜ and the loss per iteration on the right."""

    SCOPED_CSS = False
    BINDINGS = [
        Binding("r", "play", "run"),
        Binding("v", "cycle_plot", "plot"),
        Binding("home", "jump(0)", "first iteration", show=False),
        Binding("end", "jump(-1)", "last iteration", show=False),
    ]
    DEFAULT_CSS = """
    WhyNotDifferencePanel { height: 14; layout: horizontal; }
    WhyNotDifferencePanel #wnd-left { width: 44; }
    WhyNotDifferencePanel #wnd-table { height: 4; }
    WhyNotDifferencePanel #wnd-status { height: 4; }
    WhyNotDifferencePanel #wnd-right { width: 1fr; margin-left: 1; }
    .-wide WhyNotDifferencePanel #wnd-status { height: 6; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.t = 0
        self.runs: tuple = ()
        self.ran_with: dict[str, ParamValue] = dict(self.initial_values)
        self._timer = None

    def compose(self) -> ComposeResult:
        with Vertical(id="wnd-left"):
            yield ParamEditor(self.lesson.params, self.initial_values, id="wnd-editor")
            yield NumberTable(id="wnd-table")
            yield Readout("", id="wnd-status")
        with Vertical(id="wnd-right"):
            yield PlotStack({"y_hat": LivePlot(), "loss": LivePlot()}, rows_each=12, id="wnd-plots")
            yield TrainingRunner("", id="wnd-progress", on_finished=self._show_runs)

    def on_mount(self) -> None:
        self.recompute(self.query_one("#wnd-editor", ParamEditor).values)

    @on(ParamEditor.Changed, "#wnd-editor")
    def _edited(self, event: ParamEditor.Changed) -> None:
        self.recompute(event.values)

    @property
    def end(self) -> int:
        """The last iteration any run reached."""
        return max((r.steps_run for r in self.runs), default=0)

    # --- computing the runs -------------------------------------------------------

    def recompute(self, values: dict[str, ParamValue]) -> None:
        self.query_one("#wnd-progress", TrainingRunner).run(
            "descent", run_descents, describe, inline=True,  # T ≤ 500: at most ~25 ms
            **{k: values[k] for k in ("y_hat0", "y", "lr", "steps", "cap")},
        )  # fmt: skip

    def _show_runs(self, result) -> None:
        self.ran_with, self.runs = result
        self.show_t(self._t_on_arrival(keep=True))

    # --- stepping through the iterations -------------------------------------------

    def _t_on_arrival(self, *, keep: bool = False) -> int:
        """The iteration to show at the current view: t = 0 before the stepping, the end after
        it; in the stepping view the first (or, coming back, the last), or `keep` the current."""
        if self.view != "step":
            return self.end if self.view == "end" else 0
        if keep:
            return min(self.t, self.end)
        return self.end if self.backwards else 0

    def watch_view(self) -> None:
        self._pause()
        if self.runs:
            self.show_t(self._t_on_arrival())

    def step_forward(self) -> bool:
        if self.view != "step" or self.t >= self.end:
            return False
        self._pause()
        self.show_t(self.t + 1)
        return True

    def step_back(self) -> bool:
        if self.view != "step" or self.t <= 0:
            return False
        self._pause()
        self.show_t(self.t - 1)
        return True

    def action_jump(self, t: int) -> None:
        self._pause()
        self.show_t(self.end if t < 0 else t)

    def action_play(self) -> None:
        if self._timer is not None:
            self._pause()
            return
        if self.t >= self.end:
            self.show_t(0)
        self._timer = self.set_interval(0.04, self._tick)

    def _tick(self) -> None:
        self.show_t(min(self.end, self.t + max(1, self.end // FRAMES_PER_RUN)))
        if self.t >= self.end:
            self._pause()

    def _pause(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def action_cycle_plot(self) -> None:
        stack = self.query_one("#wnd-plots", PlotStack)
        if stack.one_at_a_time:
            stack.cycle()
        else:
            self.notify("Both plots are on screen.", timeout=2)

    # --- showing iteration t --------------------------------------------------------

    def show_t(self, t: int) -> None:
        """Show every run at iteration t (a run that ended earlier at its last iteration)."""
        self.t = t
        rows = []
        for run in self.runs:
            k = min(t, run.steps_run)
            label = Text(NAMES[run.loss], style=f"bold {theme_colour(self, COLOURS[run.loss])}")
            rows.append((label, str(k), fmt(run.trajectory[k]), fmt(run.losses[k]), fmt(run.grads[k])))
        self.query_one("#wnd-table", NumberTable).show_rows(("", "t", "ŷₜ", "L(ŷₜ)", "dL/dŷ"), rows)
        self.query_one("#wnd-status", Readout).show(self._status_text(t))
        difference = self.runs[0]
        self.headline = Headline(f"t = {t}: the 'loss' ŷ − y =", (difference.losses[min(t, difference.steps_run)],))
        self._plot(t)

    def _status_text(self, t: int) -> Text:
        if t < self.end:
            return Text(f"t = {t} of {self.end}. Step on (→, r) to see how each run ends.", style="dim")
        text = Text()
        for i, run in enumerate(self.runs):
            text.append(f"{NAMES[run.loss]}: ", style=f"bold {theme_colour(self, COLOURS[run.loss])}")
            text.append(run.status + ("\n" if i < len(self.runs) - 1 else ""))
        return text

    def _plot(self, t: int) -> None:
        stack, end = self.query_one("#wnd-plots", PlotStack), float(max(self.end, 1))
        for name, field, level, title in (("y_hat", "trajectory", self.ran_with["y"], "ŷₜ per iteration (grey: y)"),
                                          ("loss", "losses", 0.0, "loss L(ŷₜ) per iteration (grey: 0)")):
            every = [v for run in self.runs for v in getattr(run, field) if abs(v) < float("inf")] + [level]
            pad = 0.08 * (max(every) - min(every) or 1.0)
            line = Trace((0.0, end), (level, level), color="muted")
            frame = PlotFrame((0.0, end), (min(every) - pad, max(every) + pad), title=title, xlabel="t", background=(line,))
            overlay = []
            for run in self.runs:
                k = min(t, run.steps_run)
                xs, ys = tuple(float(i) for i in range(k + 1)), getattr(run, field)[: k + 1]
                overlay += [Trace(xs, ys, color=COLOURS[run.loss]), Trace(xs[-1:], ys[-1:], COLOURS[run.loss], "●")]
            stack.plot(name).show(frame, overlay)

    def pytorch_source(self) -> str | None:
        from tui_tutor.compute import losses

        v = self.ran_with
        return losses.why_not_difference_source(v["y_hat0"], v["y"], v["lr"], self.t, v["cap"])


PANEL = WhyNotDifferencePanel
