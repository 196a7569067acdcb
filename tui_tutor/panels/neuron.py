"""Lesson `neuron`: edit x, w, b and φ; see every wᵢxᵢ, z and ŷ, and φ with z and ŷ marked."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical

from tui_tutor.content.model import ParamValue
from tui_tutor.runner import compute_quick
from tui_tutor.numbers import fmt, fmt_signed
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.readout import Readout


def run_neuron(values: dict[str, ParamValue]):
    """The neuron and its φ curve."""
    from tui_tutor.compute import neuron

    result = neuron.forward(values["x"], values["w"], values["b"], values["activation"])
    lo, hi = min(-6.0, result.z - 1.0), max(6.0, result.z + 1.0)
    return result, neuron.activation_curve(result.activation, lo, hi), neuron.FORMULAS[result.activation]


class NeuronPanel(LessonPanel):
    """Editor and worked numbers on the left, the plot of φ on the right."""

    DEFAULT_CSS = """
    NeuronPanel { height: 14; layout: horizontal; }
    NeuronPanel #neuron-left { width: 46; }
    NeuronPanel #neuron-terms { height: 6; }
    NeuronPanel #neuron-sum { height: 3; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="neuron-left"):
            yield ParamEditor(self.lesson.params, self.initial_values, id="neuron-editor")
            yield NumberTable(id="neuron-terms")
            yield Readout("computing …", id="neuron-sum")
        yield PlotPanel(id="neuron-plot")

    def on_mount(self) -> None:
        self.recompute(self.query_one("#neuron-editor", ParamEditor).values)

    @on(ParamEditor.Changed, "#neuron-editor")
    def _edited(self, event: ParamEditor.Changed) -> None:
        self.recompute(event.values)

    def recompute(self, values: dict[str, ParamValue]) -> None:
        """Compute the neuron; its numbers reach the screen first, the plot on the next frame."""
        self.values = values
        compute_quick(self, run_neuron, values, then=lambda out: self._show(values, *out))

    def _show(self, values, result, curve, formula: str) -> None:
        rows = [(str(i), fmt(x), fmt(w), fmt(t)) for i, (x, w, t) in enumerate(zip(values["x"], values["w"], result.terms), 1)]
        self.query_one("#neuron-terms", NumberTable).show_rows(("i", "xᵢ", "wᵢ", "wᵢxᵢ"), rows)
        terms = " ".join(fmt_signed(t) for t in (*result.terms, values["b"]))
        self.query_one("#neuron-sum", Readout).show(
            f"z = Σ wᵢxᵢ + b = [b]{fmt(result.z)}[/b]\n  = {terms}\n"
            f"ŷ = φ(z) = {result.activation}({fmt(result.z)}) = [b]{fmt(result.y_hat)}[/b]"
        )
        self.headline = Headline("ŷ =", (result.y_hat,))
        self.call_after_refresh(self._plot, result, curve, formula)
        self.result = result

    def _plot(self, result, curve, formula: str) -> None:
        self.query_one("#neuron-plot", PlotPanel).spec = PlotSpec(
            series=(
                Series(curve.xs, curve.ys, label=formula, color="cyan"),
                Series((result.z,), (result.y_hat,), label="(z, ŷ)", color="red", points=True, marker="●"),
            ),
            title=f"φ = {result.activation}", xlabel="z", vlines=(result.z,), hlines=(result.y_hat,),
        )

    def pytorch_source(self) -> str | None:
        from tui_tutor.compute import neuron

        v = self.values
        return neuron.pytorch_source(v["x"], v["w"], v["b"], v["activation"])


PANEL = NeuronPanel
