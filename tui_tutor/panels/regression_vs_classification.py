"""Lesson `regression-vs-classification`: sort the slides' example tasks; read one output z
as a number (regression) and, through σ(z) and a threshold, as a label (classification)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical

from tui_tutor.content import Lesson
from tui_tutor.content.code import fill, literal
from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import number
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.sort_exercise import Bin, SortExercise, SortItem, SortKeys, sort_bindings
from tui_tutor.widgets.step_part import StepPart, part_visible, show_step_parts

QUESTIONS = {"is human?": ("no", "yes"), "spam filter": ("not spam", "spam")}
"""The yes/no question z answers: (negative label, positive label)."""


def read(values: dict[str, ParamValue]):
    """Both readings of z, and σ over a range that shows z."""
    from tui_tutor.compute import neuron, tasks

    z = float(values["z"])
    reading = tasks.read_output(z, float(values["threshold"]), QUESTIONS[str(values["question"])])
    return reading, neuron.activation_curve("sigmoid", min(-6.0, z - 1.0), max(6.0, z + 1.0))


def exercise(lesson: Lesson) -> tuple[tuple[SortItem, ...], tuple[Bin, ...]]:
    """The slides' example tasks and the two kinds of output, as the lesson lists them."""
    bins = tuple(Bin(k["name"], k["name"], f"{k['name']}\n  {k['says']}") for k in lesson.data["kinds"][:2])
    items = tuple(SortItem(t["name"], t["kind"], f"{t['kind']}: {t['output_space']}; {t['reason']}")
                  for t in lesson.data["tasks"])
    return items, bins


def export_source(lesson: Lesson, values: dict[str, ParamValue]) -> str:
    """The lesson's standalone PyTorch script (`code/reading.py`) for these values."""
    return fill(lesson.code["reading"], z=literal(float(values["z"])), threshold=literal(float(values["threshold"])),
                labels=repr(QUESTIONS[str(values["question"])]))


class RegressionVsClassificationPanel(SortKeys, LessonPanel):
    """Steps 1–4: the sorting exercise. Steps 5–6: z, the threshold, both readings and σ(z)."""

    BINDINGS = sort_bindings(2)

    SCOPED_CSS = False  # the -wide rules start at the screen
    DEFAULT_CSS = """
    RegressionVsClassificationPanel { height: 14; }
    RegressionVsClassificationPanel #rvc-reading { height: 13; }
    RegressionVsClassificationPanel #rvc-reading > Horizontal { height: 1fr; }
    RegressionVsClassificationPanel #rvc-left { width: 44; margin-right: 1; }
    RegressionVsClassificationPanel ParamEditor { grid-columns: 4 13 1fr; }
    RegressionVsClassificationPanel #rvc-readings { height: 5; margin-top: 1; }
    .-wide RegressionVsClassificationPanel #rvc-sort { margin-bottom: 1; }
    .-wide RegressionVsClassificationPanel #rvc-reading { height: 1fr; min-height: 13; }
    .-wide RegressionVsClassificationPanel #rvc-left { width: 60; }
    """

    def compose(self) -> ComposeResult:
        with StepPart(views=("sort",), id="rvc-sort"):
            yield SortExercise("Which does each task output?", id="rvc-exercise")
        with StepPart(views=("reading",), id="rvc-reading"), Horizontal():
            with Vertical(id="rvc-left"):
                yield ParamEditor(self.lesson.params, self.initial_values, id="rvc-editor")
                yield Readout("computing …", id="rvc-readings")
            yield PlotPanel(id="rvc-plot")

    def on_mount(self) -> None:
        self.watch(self.query_one("#rvc-editor", ParamEditor), "values", self.recompute, init=False)
        self.query_one("#rvc-exercise", SortExercise).load(*exercise(self.lesson))
        self.recompute(self.query_one("#rvc-editor", ParamEditor).values)

    def watch_view(self, view: str) -> None:
        show_step_parts(self, view)

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
            f"[b]as a number[/b] (regression)\n  ŷ = z = [b]{number(reading.as_number)}[/b]\n"
            f"[b]as a label[/b] (classification)\n"
            f"  σ(z) = [b]{number(reading.probability)}[/b] {compare} {number(reading.threshold)}\n"
            f"  {question} → [b]{reading.label}[/b]"
        )
        self.headline = Headline("σ(z) =", (reading.probability,))
        self._plot(reading, curve)

    def _plot(self, reading, curve) -> None:
        self.query_one("#rvc-plot", PlotPanel).spec = PlotSpec(
            series=(
                Series(curve.xs, curve.ys, color="cyan"),
                Series((reading.z,), (reading.probability,), color="red", points=True, marker="●"),
            ),
            title=f"σ(z); threshold {number(reading.threshold)}", xlabel="z",
            vlines=(reading.z,), hlines=(reading.threshold,), ylim=(0.0, 1.0), xticks="nice", yticks="nice",
        )

    def pytorch_source(self) -> str | None:
        return export_source(self.lesson, self.values)


PANEL = RegressionVsClassificationPanel
