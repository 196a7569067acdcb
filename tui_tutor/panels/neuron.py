"""Lesson `neuron`: edit x, w, b and φ; see every wᵢxᵢ, z and ŷ, and φ with z and ŷ marked."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from tui_tutor.content import Lesson
from tui_tutor.content.code import fill, literal
from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import column, number, written_sum
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.readout import Readout


def run_neuron(values: dict[str, ParamValue]):
    """The neuron and its φ curve."""
    from tui_tutor.compute import neuron

    result = neuron.forward(values["x"], values["w"], values["b"], values["activation"])
    lo, hi = min(-6.0, result.z - 1.0), max(6.0, result.z + 1.0)
    return result, neuron.activation_curve(result.activation, lo, hi)


def formulas(lesson: Lesson) -> dict[str, str]:
    """φ's formula by name, as the lesson writes it (`[[data.activations]]`)."""
    return {row["name"]: row["formula"] for row in lesson.data["activations"]}


def export_source(lesson: Lesson, values: dict[str, ParamValue]) -> str:
    """The lesson's standalone PyTorch script (`code/neuron.py`) for these values."""
    return fill(lesson.code["neuron"], x=literal(list(values["x"])), w=literal(list(values["w"])),
                b=literal(float(values["b"])), activation=literal(values["activation"]))


class NeuronPanel(LessonPanel):
    """Editor and worked numbers on the left, the plot of φ on the right."""

    DEFAULT_CSS = """
    NeuronPanel { height: 14; layout: horizontal; }
    NeuronPanel #neuron-left { width: 46; margin-right: 1; }
    NeuronPanel #neuron-terms { height: 1fr; max-height: 6; }
    NeuronPanel #neuron-sum { height: 3; }
    """
    """A refused value said under the fields takes its rows from the table of terms (which counts
    the rows it can no longer show), never from z and ŷ."""

    def compose(self) -> ComposeResult:
        with Vertical(id="neuron-left"):
            yield ParamEditor(self.lesson.params, self.initial_values, id="neuron-editor")
            yield NumberTable(id="neuron-terms")
            yield Readout("computing …", id="neuron-sum")
        yield PlotPanel(id="neuron-plot")

    def on_mount(self) -> None:
        self.watch(self.query_one("#neuron-editor", ParamEditor), "values", self.recompute, init=False)
        self.recompute(self.query_one("#neuron-editor", ParamEditor).values)

    def recompute(self, values: dict[str, ParamValue]) -> None:
        """Compute the neuron; its numbers reach the screen first, the plot on the next frame."""
        self.values = values
        compute_quick(self, run_neuron, values, then=lambda out: self._show(values, *out))

    def _show(self, values, result, curve) -> None:
        terms = column(result.terms)
        rows = [(str(i), number(x), number(w), t) for i, (x, w, t) in enumerate(zip(values["x"], values["w"], terms), 1)]
        self.query_one("#neuron-terms", NumberTable).show_rows(("i", "xᵢ", "wᵢ", "wᵢxᵢ"), rows)
        z, y_hat = number(result.z), number(result.y_hat)
        self.query_one("#neuron-sum", Readout).show(
            f"z = Σ wᵢxᵢ + b = [b]{z}[/b]\n  = {written_sum([*terms, number(values['b'])])}\n"
            f"ŷ = φ(z) = {result.activation}({z}) = [b]{y_hat}[/b]"
        )
        self.headline = Headline("ŷ =", (result.y_hat,))
        self.call_after_refresh(self._plot, result, curve)
        self.result = result

    def _plot(self, result, curve) -> None:
        self.query_one("#neuron-plot", PlotPanel).spec = PlotSpec(
            series=(
                Series(curve.xs, curve.ys, color="cyan"),
                Series((result.z,), (result.y_hat,), color="red", points=True, marker="●"),
            ),
            title=formulas(self.lesson)[result.activation], xlabel="z",
            vlines=(result.z,), hlines=(result.y_hat,),
            xticks="nice", yticks="nice",
        )

    def pytorch_source(self) -> str | None:
        return export_source(self.lesson, self.values)


PANEL = NeuronPanel
