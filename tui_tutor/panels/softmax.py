"""Lesson `softmax`: edit the logits ỹ; see ŷ as bars, the two-class check against σ, and the
naive form overflowing where the stable form (max subtracted) stays finite.

At 80×24 the panel shows the bars (steps 1–3) or the naive-vs-stable table (step 4), `v`
switches; on a wide terminal it shows both and σ with the two-class softmax on it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding

from tui_tutor.content import Lesson
from tui_tutor.content.code import fill, literal
from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import MINUS, number, probability, subscript
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.bar_chart import BarChart
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.readout import Readout
from tui_tutor.words.classification import naive_status, softmax_status

FOCUS = {"bars": (), "magnitude": ("#softmax-shift",), "sigmoid": ("#softmax-two",),
         "stable": ("#softmax-naive", "#softmax-shift")}
"""The panel's views, and which readouts each emphasises ("stable" shows the naive-vs-stable
table instead of the bars at 80×24)."""


def logit(value: float) -> str:
    """A logit as typed (2, −1, 0.1), in words when not finite."""
    return number(value, 6)


def bracketed(value: float) -> str:
    """A logit after a minus sign: negative ones in brackets, "2 − (−1)"."""
    text = logit(value)
    return f"({text})" if text.startswith(MINUS) else text


def export_source(lesson: Lesson, values: dict[str, ParamValue]) -> str:
    """The lesson's standalone PyTorch script (`code/softmax.py`) for these logits."""
    return fill(lesson.code["softmax"], logits=literal([float(z) for z in values["logits"]]))


def run_softmax(logits: tuple[float, ...]):
    """Softmax of the logits (stable and naive) and the two-class check on ỹ₁, ỹ₂."""
    from tui_tutor.compute import classification

    return classification.softmax(logits), classification.two_class(logits[0], logits[1])


def sigmoid_picture(z1: float, z2: float):
    """σ over a range of differences d, softmax(d, 0)₁ at whole d, and the current two-class point."""
    from tui_tutor.compute import classification, neuron

    lo, hi = min(-8.0, z1 - z2 - 1.0), max(8.0, z1 - z2 + 1.0)
    curve = neuron.activation_curve("sigmoid", lo, hi)
    dots = [classification.two_class(float(d), 0.0) for d in range(round(lo), round(hi) + 1, max(2, round((hi - lo) / 8)))]
    return curve, dots


class SoftmaxPanel(LessonPanel):
    """The logits editor, ŷ as bars or the naive/stable table, and the checks underneath."""

    DEFAULT_CSS = """
    SoftmaxPanel { height: 13; }
    SoftmaxPanel #softmax-heading { height: 1; color: $text-muted; }
    SoftmaxPanel #softmax-bars { height: 6; }
    SoftmaxPanel #softmax-table { height: 7; display: none; }
    SoftmaxPanel.-table #softmax-bars, SoftmaxPanel.-table #softmax-heading { display: none; }
    SoftmaxPanel.-table #softmax-table { display: block; }
    SoftmaxPanel #softmax-shift, SoftmaxPanel #softmax-two { height: 1; }
    SoftmaxPanel #softmax-naive { height: 2; }
    SoftmaxPanel .-focus { text-style: bold; }
    SoftmaxPanel #softmax-plot { display: none; }
    SoftmaxPanel.-wide #softmax-bars, SoftmaxPanel.-wide #softmax-heading { display: block; }
    SoftmaxPanel.-wide #softmax-table { display: block; margin-top: 1; }
    SoftmaxPanel.-wide #softmax-naive { margin-bottom: 1; }
    SoftmaxPanel.-wide #softmax-plot { display: block; }
    """

    BINDINGS = [
        Binding("v", "switch_view", "bars/table"),
    ]

    def compose(self) -> ComposeResult:
        yield ParamEditor(self.lesson.params, self.initial_values, id="softmax-editor")
        yield Readout("ŷᵢ = e^ỹᵢ / Σⱼ e^ỹⱼ, one bar per class:", id="softmax-heading")
        yield BarChart(id="softmax-bars")
        yield NumberTable(id="softmax-table")
        yield Readout(id="softmax-shift")
        yield Readout(id="softmax-two")
        yield Readout(id="softmax-naive")
        yield PlotPanel(id="softmax-plot")

    def on_mount(self) -> None:
        self.watch(self.query_one("#softmax-editor", ParamEditor), "values", self.recompute, init=False)
        self.recompute(self.query_one("#softmax-editor", ParamEditor).values)

    def on_resize(self) -> None:
        from tui_tutor.screens.lesson import WIDE

        wide = self.app.size.width >= WIDE
        if wide != self.has_class("-wide"):
            self.set_class(wide, "-wide")
            if hasattr(self, "values"):
                self.recompute(self.values)

    def watch_view(self, view: str) -> None:
        self.set_class(view == "stable", "-table")
        for readout in self.query(Readout).filter(".-focus"):
            readout.remove_class("-focus")
        for selector in FOCUS[view]:
            self.query_one(selector).add_class("-focus")

    def action_switch_view(self) -> None:
        """Bars or the naive-vs-stable table (a wide terminal shows both)."""
        if self.has_class("-wide"):
            self.notify("Both are on screen: the bars on top, the table below.")
        self.toggle_class("-table")

    def recompute(self, values: dict[str, ParamValue]) -> None:
        """Softmax of the edited logits; numbers first, the σ picture (wide only) a frame later."""
        self.values = values
        logits = tuple(values["logits"])
        compute_quick(self, run_softmax, logits, then=lambda out: self._show(logits, *out))

    def _show(self, logits: tuple[float, ...], result, two) -> None:
        n = len(logits)
        labels = [f"ỹ{subscript(i)} = {logit(z)}" for i, z in enumerate(logits, 1)]
        top = max(range(n), key=lambda i: result.probabilities[i]) if result.status in ("ok", "zero") else None
        shown = [probability(p) for p in result.probabilities]
        self.query_one("#softmax-bars", BarChart).show(labels, result.probabilities, scale=1.0, highlight=top, texts=shown)
        self.query_one("#softmax-table", NumberTable).show_rows(
            ("i", "ỹᵢ", "ỹᵢ − m", "naive e^ỹᵢ/Σⱼe^ỹⱼ", "stable ŷᵢ"),
            [(str(i), logit(z), logit(s), probability(p_naive), p)
             for i, (z, s, p_naive, p) in enumerate(zip(logits, result.shifted, result.naive, shown), 1)],
        )
        self.query_one("#softmax-shift", Readout).show(
            f"stable: ỹ − max ỹ = ({', '.join(logit(s) for s in result.shifted)}): {softmax_status(result.status, logits)}"
        )
        self.query_one("#softmax-two", Readout).show(
            f"softmax(ỹ₁, ỹ₂)₁ = [b]{probability(two.softmax_first)}[/b] = σ(ỹ₁ − ỹ₂)"
            f" = σ({logit(logits[0])} − {bracketed(logits[1])}) = [b]{probability(two.sigmoid_of_difference)}[/b]"
        )
        naive = naive_status(result.naive_status, logits, result.overflowed)
        self.query_one("#softmax-naive", Readout).show(
            f"naive: e^ỹᵢ / Σⱼ e^ỹⱼ: {naive}" if result.naive_status == "ok" else f"naive: e^ỹᵢ / Σⱼ e^ỹⱼ: [b red]{naive}[/]"
        )
        self.headline = Headline(f"largest ŷ, ŷ{subscript(top + 1)} =", (result.probabilities[top],)) if top is not None else None
        if self.has_class("-wide"):
            self.call_after_refresh(self._plot, logits[0], logits[1], two)

    def _plot(self, z1: float, z2: float, two) -> None:
        curve, dots = sigmoid_picture(z1, z2)
        self.query_one("#softmax-plot", PlotPanel).spec = PlotSpec(
            series=(
                Series(curve.xs, curve.ys, label="σ(d)", color="cyan"),
                Series(tuple(d.z1 for d in dots), tuple(d.softmax_first for d in dots),
                       label="softmax(d, 0)₁", color="magenta", points=True, marker="o"),
                Series((z1 - z2,), (two.softmax_first,), label="your ỹ₁ − ỹ₂", color="red", points=True, marker="●"),
            ),
            title="two classes: softmax(ỹ₁, ỹ₂)₁ lies on σ(ỹ₁ − ỹ₂)", xlabel="d = ỹ₁ − ỹ₂", ylim=(0.0, 1.0),
        )

    def pytorch_source(self) -> str | None:
        return export_source(self.lesson, self.values)


PANEL = SoftmaxPanel
