"""Lesson `why-not-difference`: gradient descent on ŷ − y, |ŷ − y| and (ŷ − y)² from one start.

The three runs are computed at once (in the keystroke once torch is warm: ~5 ms at T = 60); the
panel shows them at one iteration t. In the stepping view the lecture's → plays the runs (one
press per idea: a clicker is never asked for 60 presses) and the next → moves on; `.` and `,`
take one iteration, space plays or pauses, Home and End jump to the first and last iteration.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from tui_tutor.content import Lesson
from tui_tutor.content.code import fill, literal
from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import column, number
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.widgets.live_plot import LivePlot, PlotFrame, Trace
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_stack import PlotStack, theme_colour
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.training_runner import TrainingRunner
from tui_tutor.words.fits import outcome

NAMES = {"difference": "ŷ − y", "l1": "|ŷ − y|", "l2": "(ŷ − y)²"}
COLOURS = {"difference": "error", "l1": "primary", "l2": "success"}
"""LivePlot colour names; the table's row labels use the same theme colours as a legend."""
FRAMES_PER_RUN = 75
"""Playing shows a whole run in about this many frames (25 a second)."""


def run_descents(y_hat0: float, y: float, lr: float, steps: int, cap: float, on_progress, should_stop):
    """The three runs (each with dL/dŷ at every point, for the table), and what they ran with."""
    from tui_tutor.compute import losses

    runs = losses.why_not_difference(y_hat0, y, lr, steps, cap, on_progress=on_progress, should_stop=should_stop)
    return {"y_hat0": y_hat0, "y": y, "lr": lr, "steps": steps, "cap": cap}, runs


def describe(result) -> str:
    values, runs = result
    if any(r.stopped for r in runs):
        return "stopped: the runs end early (change a value to run again)"
    return f"computed: T = {values['steps']}, η = {number(values['lr'])}"


def export_source(lesson: Lesson, values: dict[str, ParamValue], t: int | None = None) -> str:
    """The lesson's standalone PyTorch script (`code/descents.py`): the three runs up to the
    iteration t on screen (all T steps without one)."""
    steps = int(values["steps"]) if t is None else t
    return fill(lesson.code["descents"], y_hat0=literal(float(values["y_hat0"])), y=literal(float(values["y"])),
                lr=literal(float(values["lr"])), steps=literal(steps), cap=literal(float(values["cap"])))


class WhyNotDifferencePanel(LessonPanel):
    """Editor, the runs at iteration t and how they end on the left; ŷₜ and the loss per iteration on the right."""

    SCOPED_CSS = False
    BINDINGS = [
        Binding("space", "play", "play", tooltip="play or pause the runs"),
        Binding("full_stop", "forward", "step", key_display=".", tooltip="one iteration (, undoes one)"),
        Binding("comma", "back", "undo one iteration", key_display=",", show=False),
        Binding("v", "cycle_plot", "plot"),
    ]
    DEFAULT_CSS = """
    WhyNotDifferencePanel { height: 14; layout: horizontal; }
    WhyNotDifferencePanel #wnd-left { width: 44; }
    WhyNotDifferencePanel ParamEditor { grid-columns: 4 10 1fr; }
    WhyNotDifferencePanel #wnd-table { height: 4; }
    WhyNotDifferencePanel #wnd-status { height: 5; }
    WhyNotDifferencePanel #wnd-right { width: 1fr; margin-left: 1; }
    .-wide WhyNotDifferencePanel #wnd-left { width: 56; }
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
        self.watch(self.query_one("#wnd-editor", ParamEditor), "values", self.recompute, init=False)
        self.recompute(self.query_one("#wnd-editor", ParamEditor).values)

    @property
    def end(self) -> int:
        """The last iteration any run reached."""
        return max((r.steps_run for r in self.runs), default=0)

    @property
    def playing(self) -> bool:
        return self._timer is not None

    # --- computing the runs -------------------------------------------------------

    def recompute(self, values: dict[str, ParamValue]) -> None:
        self.query_one("#wnd-progress", TrainingRunner).run(
            "descent", run_descents, describe, inline=True,  # T ≤ 500: at most ~25 ms
            **{k: values[k] for k in ("y_hat0", "y", "lr", "steps", "cap")},
        )  # fmt: skip

    def _show_runs(self, result) -> None:
        self.ran_with, self.runs = result
        self.show_t(self._t_on_arrival(keep=True))

    # --- the lecture's steps and the panel's own -----------------------------------

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
        self.refresh_bindings()
        if self.runs:
            self.show_t(self._t_on_arrival())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Playing and single iterations belong to the stepping view."""
        if action in ("play", "forward", "back"):
            return self.view == "step"
        return True

    def step_forward(self) -> bool:
        """In the stepping view at t = 0, the lecture's → plays the runs; the next press moves on."""
        if self.view != "step" or self.playing or self.t > 0 or not self.end:
            self._pause()
            return False
        self.action_play()
        return True

    def step_back(self) -> bool:
        """In the stepping view, ← first goes back to t = 0, then to the step before."""
        self._pause()
        if self.view != "step" or self.t == 0:
            return False
        self.show_t(0)
        return True

    def step_home(self) -> bool:
        if self.view != "step":
            return False
        self._pause()
        self.show_t(0)
        return True

    def step_end(self) -> bool:
        if self.view != "step":
            return False
        self._pause()
        self.show_t(self.end)
        return True

    def action_forward(self) -> None:
        self._pause()
        if self.t < self.end:
            self.show_t(self.t + 1)
        else:
            self.app.bell()

    def action_back(self) -> None:
        self._pause()
        if self.t > 0:
            self.show_t(self.t - 1)
        else:
            self.app.bell()

    def action_play(self) -> None:
        if self.playing:
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
        self.notify(self.query_one("#wnd-plots", PlotStack).next_plot(), timeout=2)

    # --- showing iteration t --------------------------------------------------------

    def show_t(self, t: int) -> None:
        """Show every run at iteration t (a run that ended earlier at its last iteration)."""
        self.t = t
        shown = [(run, min(t, run.steps_run)) for run in self.runs]
        y_hats = column([run.trajectory[k] for run, k in shown])
        values = column([run.losses[k] for run, k in shown])
        grads = column([run.grads[k] for run, k in shown])
        rows = [(Text(NAMES[run.loss], style=f"bold {theme_colour(self, COLOURS[run.loss])}"), str(k), *cells)
                for (run, k), *cells in zip(shown, y_hats, values, grads)]
        self.query_one("#wnd-table", NumberTable).show_rows(("", "t", "ŷₜ", "L(ŷₜ)", "dL/dŷ"), rows)
        self.query_one("#wnd-status", Readout).show(self._status_text(t))
        difference, k = shown[0]  # a run stopped at the cap shows its last iteration, and says which
        self.headline = Headline(f"t = {k}: the 'loss' ŷ − y =", (difference.losses[k],))
        self._plot(t)

    def _status_text(self, t: int) -> Text:
        if t < self.end:
            if self.playing:
                keys = "playing (space pauses)"
            else:
                keys = "→ plays them, . steps" if self.view == "step" and t == 0 else "space plays, End: the end"
            return Text(f"t = {t} of {self.end}: {keys}", style="dim")
        text = Text()
        for i, run in enumerate(self.runs):
            text.append(f"{NAMES[run.loss]}: ", style=f"bold {theme_colour(self, COLOURS[run.loss])}")
            text.append(outcome(run, name="ŷ", target="y") + ("\n" if i < len(self.runs) - 1 else ""))
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
        return export_source(self.lesson, self.ran_with, self.t)


PANEL = WhyNotDifferencePanel
