"""Lesson `neuron`: edit x, w, b and φ; see every wᵢxᵢ, z and ŷ, and φ with z and ŷ marked."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import fmt, fmt_signed
from tui_tutor.panels.base import LessonPanel
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series


class NeuronPanel(LessonPanel):
    """Editor and worked numbers on the left, the plot of φ on the right."""

    DEFAULT_CSS = """
    NeuronPanel { height: 14; }
    NeuronPanel #neuron-left { width: 46; }
    NeuronPanel #neuron-sum { height: auto; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="neuron-left"):
                yield ParamEditor(self.lesson.params, self.initial_values, id="neuron-editor")
                yield NumberTable(id="neuron-terms")
                yield Static("computing …", id="neuron-sum")
            yield PlotPanel(id="neuron-plot")

    def on_mount(self) -> None:
        self.values = dict(self.initial_values)
        self.compute(self.values)

    @on(ParamEditor.Changed)
    def _edited(self, event: ParamEditor.Changed) -> None:
        self.values = event.values
        self.compute(event.values)

    @work(thread=True, exclusive=True, group="neuron")
    def compute(self, values: dict[str, ParamValue]) -> None:
        """Run the neuron in the compute module, off the event loop."""
        from tui_tutor.compute import neuron

        result = neuron.forward(values["x"], values["w"], values["b"], values["activation"])
        lo, hi = min(-6.0, result.z - 1.0), max(6.0, result.z + 1.0)
        curve = neuron.activation_curve(result.activation, lo, hi)
        self.app.call_from_thread(self._show, values, result, curve, neuron.FORMULAS[result.activation])

    def _show(self, values, result, curve, formula: str) -> None:
        rows = [(str(i), fmt(x), fmt(w), fmt(t)) for i, (x, w, t) in enumerate(zip(values["x"], values["w"], result.terms), 1)]
        self.query_one("#neuron-terms", NumberTable).show(("i", "xᵢ", "wᵢ", "wᵢxᵢ"), rows)
        terms = " ".join(fmt_signed(t) for t in (*result.terms, values["b"]))
        self.query_one("#neuron-sum", Static).update(
            f"z = Σ wᵢxᵢ + b = [b]{fmt(result.z)}[/b]\n  = {terms}\n"
            f"ŷ = φ(z) = {result.activation}({fmt(result.z)}) = [b]{fmt(result.y_hat)}[/b]"
        )
        self.query_one("#neuron-plot", PlotPanel).spec = PlotSpec(
            series=(
                Series(curve.xs, curve.ys, label=formula, color="cyan"),
                Series((result.z,), (result.y_hat,), label="(z, ŷ)", color="red", points=True, marker="●"),
            ),
            title=f"φ = {result.activation}", xlabel="z", vlines=(result.z,), hlines=(result.y_hat,),
        )
        self.result = result

    def pytorch_source(self) -> str | None:
        from tui_tutor.compute import neuron

        v = self.values
        return neuron.pytorch_source(v["x"], v["w"], v["b"], v["activation"])
