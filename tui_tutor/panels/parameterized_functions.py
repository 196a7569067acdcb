"""Lesson `parameterized-functions`: θ picks the function drawn; wide-shallow vs narrow-deep.

View "tiny" shows the tiny network f_θ with θ editable; view "compare" trains a wide and a
deep network on the same curve (in a worker) and compares parameter counts and final loss.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher

from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import fmt
from tui_tutor.panels.base import LessonPanel
from tui_tutor.safety import post_while_live
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.training import TrainingProgress

THETA_NAMES = ("w1", "b1", "w2", "b2", "v1", "v2", "c")
COLOURS = {"wide": "orange", "deep": "green"}


def tiny(values: dict[str, ParamValue]):
    """f_θ for the edited θ, and the formula with the numbers filled in."""
    from tui_tutor.compute import network

    theta = [values[name] for name in THETA_NAMES]
    return network.tiny_curve(theta, values["activation"])


class ParameterizedPanel(LessonPanel):
    """The tiny network's θ and curve, or the shallow-vs-deep comparison, by view."""

    DEFAULT_CSS = """
    ParameterizedPanel { height: 14; }
    ParameterizedPanel #tiny, ParameterizedPanel #compare { layout: horizontal; }
    ParameterizedPanel #tiny-left, ParameterizedPanel #compare-left { width: 46; }
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
        self.results: dict[str, object] = {}
        self.redraw(self.query_one("#theta-editor", ParamEditor).values)

    @on(ParamEditor.Changed, "#theta-editor")
    def _edited(self, event: ParamEditor.Changed) -> None:
        self.redraw(event.values)

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
        v = {name: fmt(values[name], 2) for name in THETA_NAMES}
        self.query_one("#tiny-formula", Readout).show(
            f"f_θ(x) = v₁·φ(w₁x + b₁) + v₂·φ(w₂x + b₂) + c\n"
            f"  = {v['v1']}·{values['activation']}({v['w1']}x + {v['b1']})\n"
            f"  + {v['v2']}·{values['activation']}({v['w2']}x + {v['b2']}) + {v['c']}"
        )
        self.call_after_refresh(self._plot_tiny, curve)

    def _plot_tiny(self, curve) -> None:
        self.query_one("#tiny-plot", PlotPanel).spec = PlotSpec(
            series=(Series(curve.xs, curve.ys, color="cyan"),),
            title="f_θ(x): the function θ picks", xlabel="x", xlim=(-3.0, 3.0),
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
        rows = [(name, f"{len(r.hidden)} × {r.hidden[0]}", str(r.parameter_count), fmt(r.final_loss))
                for name, r in results.items()]
        self.query_one("#compare-table", NumberTable).show_rows(("net", "layers × units", "θ count", "final MSE"), rows)
        if len(results) == 2:
            wide, deep = results["wide"], results["deep"]
            verdict = "deep wins: lower loss with fewer parameters" if (
                deep.final_loss < wide.final_loss and deep.parameter_count < wide.parameter_count
            ) else "this time the deep net did not win on both counts"
            self.query_one(TrainingProgress).finish(f"{verdict}   (t: train again)")
        else:
            self.query_one(TrainingProgress).finish(f"stopped: {next(iter(results.values())).status}   (t: train again)")
        self.call_after_refresh(self._plot_compare, results, target)

    def _plot_compare(self, results: dict, target) -> None:
        self.query_one("#compare-fits", PlotPanel).spec = PlotSpec(
            series=(Series(target.xs, target.ys, label="target", color="gray"),
                    *(Series(r.curve_xs, r.curve_ys, label=name, color=COLOURS[name]) for name, r in results.items())),
            title="fits", xlabel="x", xlim=(-3.0, 3.0),
        )
        self.query_one("#compare-losses", PlotPanel).spec = PlotSpec(
            series=tuple(Series(tuple(range(len(r.losses))), r.losses, label=name, color=COLOURS[name])
                         for name, r in results.items()),
            title="MSE per step", xlabel="step", ylim=(0.0, max(max(r.losses[:1] or (1.0,)) for r in results.values())),
        )

    def pytorch_source(self) -> str | None:
        from tui_tutor.compute import network

        return network.pytorch_source([self.values[name] for name in THETA_NAMES], self.values["activation"])


PANEL = ParameterizedPanel
