"""Lesson `parameterized-functions`: θ picks the function drawn; wide-shallow vs narrow-deep.

View "tiny" shows the tiny network f_θ with θ editable; view "compare" trains a wide and a
deep network on the same curve (in a worker) and compares parameter counts and final loss.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher

from tui_tutor.content import Lesson
from tui_tutor.content.code import fill, literal
from tui_tutor.content.model import ParamValue
from tui_tutor.content.needs.parameterized_functions import THETA as THETA_NAMES
from tui_tutor.numbers import column, number
from tui_tutor.panels.base import LessonPanel
from tui_tutor.runner import compute_quick
from tui_tutor.safety import post_while_live
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.training import TrainingProgress
from tui_tutor.words.network import depth_verdict
from tui_tutor.words.training import run_end

COLOURS = {"wide": "orange", "deep": "green"}
EXPORT_XS = (-2.0, -1.0, 0.0, 1.0, 2.0)
"""The inputs the exported script prints f(x) for."""


def tiny(values: dict[str, ParamValue]):
    """f_θ for the edited θ."""
    from tui_tutor.compute import network

    theta = [values[name] for name in THETA_NAMES]
    return network.tiny_curve(theta, values["activation"])


def signed(value: float) -> str:
    """"+ 1" or "− 1", to continue a sum."""
    text = number(value)
    return f"− {text[1:]}" if text.startswith("−") else f"+ {text}"


def unit(v: float, w: float, b: float, phi: str) -> str:
    """One hidden unit's term with its numbers: "0.8·tanh(−1.5x + 1)"."""
    return f"{number(v)}·{phi}({number(w)}x {signed(b)})"


def export_source(lesson: Lesson, values: dict[str, ParamValue]) -> str:
    """The lesson's standalone PyTorch script (`code/network.py`): f(x) at EXPORT_XS for this θ."""
    return fill(lesson.code["network"], xs=literal(list(EXPORT_XS)), activation=literal(values["activation"]),
                **{name: literal(float(values[name])) for name in THETA_NAMES})


class ParameterizedPanel(LessonPanel):
    """The tiny network's θ and curve, or the shallow-vs-deep comparison, by view."""

    DEFAULT_CSS = """
    ParameterizedPanel { height: 14; }
    ParameterizedPanel #tiny, ParameterizedPanel #compare { layout: horizontal; }
    ParameterizedPanel #tiny-left, ParameterizedPanel #compare-left { width: 46; margin-right: 1; }
    ParameterizedPanel ParamEditor { grid-columns: 4 10 1fr; }
    ParameterizedPanel #tiny-formula { height: 3; }
    ParameterizedPanel #compare-table { height: 4; }
    """

    BINDINGS = [
        Binding("t", "train", "train both"),
        Binding("s", "stop", "stop"),
    ]

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="tiny"):
            with Horizontal(id="tiny"):
                with Vertical(id="tiny-left"):
                    yield ParamEditor(self.lesson.params, self.initial_values, id="theta-editor")
                    yield Readout(id="tiny-formula")
                yield PlotPanel(id="tiny-plot")
            with Horizontal(id="compare"):
                with Vertical(id="compare-left"):
                    yield NumberTable(id="compare-table")
                    yield TrainingProgress("t: train both networks", id="compare-progress")
                    yield PlotPanel(id="compare-losses")
                yield PlotPanel(id="compare-fits")

    def on_mount(self) -> None:
        self.watch(self.query_one("#theta-editor", ParamEditor), "values", self.redraw, init=False)
        self.results: dict[str, object] = {}
        self.redraw(self.query_one("#theta-editor", ParamEditor).values)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Train and stop belong to the comparison only."""
        if action in ("train", "stop"):
            return self.view == "compare"
        return True

    def watch_view(self, view: str) -> None:
        self.refresh_bindings()
        comparing = view == "compare"
        self.query_one(ContentSwitcher).current = "compare" if comparing else "tiny"
        if comparing and not self.results and not self.query_one(TrainingProgress).running:
            self.action_train()

    # --- the tiny network -------------------------------------------------------------

    def redraw(self, values: dict[str, ParamValue]) -> None:
        """Recompute f_θ for the edited θ."""
        self.values = values
        compute_quick(self, tiny, values, then=lambda curve: self._show_tiny(values, curve))

    def _show_tiny(self, values: dict[str, ParamValue], curve) -> None:
        v, phi = {name: float(values[name]) for name in THETA_NAMES}, str(values["activation"])
        self.query_one("#tiny-formula", Readout).show(
            f"{self.lesson.data['formulas'][0]['tiny']}\n"
            f"  = {unit(v['v1'], v['w1'], v['b1'], phi)}\n"
            f"    {signed(v['v2']).split()[0]} {unit(abs(v['v2']), v['w2'], v['b2'], phi)} {signed(v['c'])}"
        )
        self.call_after_refresh(self._plot_tiny, curve)

    def _plot_tiny(self, curve) -> None:
        self.query_one("#tiny-plot", PlotPanel).spec = PlotSpec(
            series=(Series(curve.xs, curve.ys, color="cyan"),),
            title="f_θ(x): the function θ picks", xlabel="x", xlim=(-3.0, 3.0), xticks="nice", yticks="nice",
        )

    # --- shallow vs deep ----------------------------------------------------------------

    def action_train(self) -> None:
        """Train the wide and the deep network (in a worker)."""
        progress = self.query_one(TrainingProgress)
        if progress.running:
            return
        progress.start()
        self.train(self.seed)

    def action_stop(self) -> None:
        if not self.query_one(TrainingProgress).stop():
            self.notify("Nothing is training. t trains both networks.")

    @work(thread=True, exclusive=True, group="train")
    def train(self, seed: int) -> None:
        """Fit both architectures one after the other, reporting progress."""
        from tui_tutor.compute import network

        progress = self.query_one(TrainingProgress)
        results = {}
        for name in network.ARCHITECTURES:
            results[name] = network.fit(
                name, seed=seed,
                on_progress=lambda step, total, loss, name=name: progress.report(f"{name:<4}", step, total, loss),
                should_stop=progress.should_stop,
            )
            if progress.should_stop():
                break
        post_while_live(self, self._show_compare, results, network.target_curve())

    def _show_compare(self, results: dict, target) -> None:
        self.results = results
        losses = column([r.final_loss for r in results.values()])
        rows = [(name, f"{len(r.hidden)} × {r.hidden[0]}", str(r.parameter_count), loss)
                for (name, r), loss in zip(results.items(), losses)]
        self.query_one("#compare-table", NumberTable).show_rows(("net", "layers × units", "θ count", "final MSE"), rows)
        if len(results) == 2:
            wide, deep = results["wide"], results["deep"]
            verdict = depth_verdict(wide.final_loss, deep.final_loss, wide.parameter_count, deep.parameter_count)
        else:
            only = next(iter(results.values()))
            taken = len(only.losses) - (1 if only.diverged else 0)
            verdict = f"{only.architecture} {run_end(taken, stopped=only.stopped, diverged=only.diverged)}"
        self.query_one(TrainingProgress).finish(f"{verdict}   (t: again)")
        self.call_after_refresh(self._plot_compare, results, target)

    def _plot_compare(self, results: dict, target) -> None:
        self.query_one("#compare-fits", PlotPanel).spec = PlotSpec(
            series=(Series(target.xs, target.ys, label="target", color="gray"),
                    *(Series(r.curve_xs, r.curve_ys, label=name, color=COLOURS[name]) for name, r in results.items())),
            title="fits", xlabel="x", xlim=(-3.0, 3.0), xticks="nice", yticks="nice",
        )
        self.query_one("#compare-losses", PlotPanel).spec = PlotSpec(
            series=tuple(Series(tuple(range(len(r.losses))), r.losses, label=name, color=COLOURS[name])
                         for name, r in results.items()),
            title="MSE per step", xlabel="step", ylim=(0.0, max(max(r.losses[:1] or (1.0,)) for r in results.values())),
            xticks="whole", yticks="nice",
        )

    def pytorch_source(self) -> str | None:
        return export_source(self.lesson, self.values)


PANEL = ParameterizedPanel
