"""Lesson `regression-vs-classification`: sort the slides' example tasks; read one output z
as a number (regression) and, through σ(z) and a threshold, as a label (classification)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import fmt
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.sort_exercise import Bin, SortExercise, SortKeys, sort_bindings
from tui_tutor.widgets.step_part import StepPart, part_visible, show_step_parts

QUESTIONS = {"is human?": ("no", "yes"), "spam filter": ("not spam", "spam")}
"""The yes/no question z answers: (negative label, positive label)."""
OUTPUTS = {"regression": "outputs a number", "classification": "outputs a label"}


def read(values: dict[str, ParamValue]):
    """Both readings of z, and σ over a range that shows z."""
    from tui_tutor.compute import neuron, tasks

    z = float(values["z"])
    reading = tasks.read_output(z, float(values["threshold"]), QUESTIONS[str(values["question"])])
    return reading, neuron.activation_curve("sigmoid", min(-6.0, z - 1.0), max(6.0, z + 1.0))


def exercise() -> tuple[tuple[str, ...], tuple[Bin, ...]]:
    """The slides' example tasks (in slide order) and the two kinds of output."""
    from tui_tutor.compute import tasks

    bins = tuple(Bin(kind, kind, f"{kind}\n  {OUTPUTS[kind]}") for kind in tasks.KINDS)
    return tuple(t.name for t in tasks.TASKS), bins


def check(task: str, kind: str):
    from tui_tutor.compute import tasks

    return tasks.check(task, kind)


class RegressionVsClassificationPanel(SortKeys, LessonPanel):
    """Steps 1–4: the sorting exercise. Steps 5–6: z, the threshold, both readings and σ(z)."""

    BINDINGS = sort_bindings(["regression", "classification"])

    SCOPED_CSS = False  # the -wide rules start at the screen
    DEFAULT_CSS = """
    RegressionVsClassificationPanel { height: 14; }
    RegressionVsClassificationPanel #rvc-reading { height: 13; }
    RegressionVsClassificationPanel #rvc-reading > Horizontal { height: 1fr; }
    RegressionVsClassificationPanel #rvc-left { width: 44; }
    RegressionVsClassificationPanel ParamEditor { grid-columns: 4 13 1fr; }
    RegressionVsClassificationPanel #rvc-readings { height: 5; margin-top: 1; }
    .-wide RegressionVsClassificationPanel #rvc-sort { margin-bottom: 1; }
    .-wide RegressionVsClassificationPanel #rvc-reading { height: 1fr; min-height: 13; }
    .-wide RegressionVsClassificationPanel #rvc-left { width: 60; }
    """

    def compose(self) -> ComposeResult:
        with StepPart(views=("sort",), id="rvc-sort"):
            yield SortExercise("Which does each task output?", check, id="rvc-exercise")
        with StepPart(views=("reading",), id="rvc-reading"), Horizontal():
            with Vertical(id="rvc-left"):
                yield ParamEditor(self.lesson.params, self.initial_values, id="rvc-editor")
                yield Readout("computing …", id="rvc-readings")
            yield PlotPanel(id="rvc-plot")

    def on_mount(self) -> None:
        sorting = self.query_one("#rvc-exercise", SortExercise)
        compute_quick(sorting, exercise, then=lambda out: sorting.load(*out))
        self.recompute(self.query_one("#rvc-editor", ParamEditor).values)

    def watch_view(self, view: str) -> None:
        show_step_parts(self, view)

    @on(ParamEditor.Changed, "#rvc-editor")
    def _edited(self, event: ParamEditor.Changed) -> None:
        self.recompute(event.values)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The sorting keys work (and show) only while the exercise is on screen."""
        if action.startswith("sort"):
            return part_visible(self, "#rvc-sort")
        return True

    def recompute(self, values: dict[str, ParamValue]) -> None:
        self.values = values
        compute_quick(self, read, values, then=self._show)

    def _show(self, out) -> None:
        reading, curve = out
        question = str(self.values["question"])
        compare = "≥" if reading.label == QUESTIONS[question][1] else "<"
        self.query_one("#rvc-readings", Readout).show(
            f"[b]as a number[/b] (regression)\n  ŷ = z = [b]{fmt(reading.as_number)}[/b]\n"
            f"[b]as a label[/b] (classification)\n"
            f"  σ(z) = [b]{fmt(reading.probability)}[/b] {compare} {fmt(reading.threshold)}\n"
            f"  {question} → [b]{reading.label}[/b]"
            + ("" if reading.status == "ok" else f"  ({reading.status})")
        )
        self.headline = Headline("σ(z) =", (reading.probability,))
        self._plot(reading, curve)

    def _plot(self, reading, curve) -> None:
        self.query_one("#rvc-plot", PlotPanel).spec = PlotSpec(
            series=(
                Series(curve.xs, curve.ys, color="cyan"),
                Series((reading.z,), (reading.probability,), color="red", points=True, marker="●"),
            ),
            title=f"σ(z); threshold {fmt(reading.threshold, 2)}", xlabel="z",
            vlines=(reading.z,), hlines=(reading.threshold,), ylim=(0.0, 1.0),
        )

    def pytorch_source(self) -> str | None:
        from tui_tutor.compute import tasks

        v = self.values
        return tasks.pytorch_source(float(v["z"]), float(v["threshold"]), QUESTIONS[str(v["question"])])


PANEL = RegressionVsClassificationPanel
