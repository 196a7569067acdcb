"""Lesson `loss-functions`: move ŷ against a fixed y and watch several losses respond (numbers and
a plot with ŷ marked); match each of the loss's other names to its field."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from tui_tutor.content import Lesson
from tui_tutor.content.code import fill, literal
from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import column, number
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.sort_exercise import Bin, SortExercise, SortItem, SortKeys, sort_bindings
from tui_tutor.widgets.step_part import StepPart, part_visible, show_step_parts
from tui_tutor.words.losses import miss_compared

COLORS = {"difference": "gray", "l1": "cyan", "l2": "magenta", "huber": "green"}
ROW_NAMES = {"difference": "ŷ − y", "l1": "L1 |ŷ − y|", "l2": "L2 (ŷ − y)²", "huber": "Huber, δ = 1"}
FIELDS = 5
"""The name exercise's bins: keys 1–5."""


def losses_at(values: dict[str, ParamValue]):
    """Every loss at ŷ, and every loss's curve over a range of ŷ that shows y and ŷ."""
    from tui_tutor.compute import losses

    y, y_hat = float(values["y"]), float(values["y_hat"])
    lo, hi = min(y - 4.0, y_hat - 1.0), max(y + 4.0, y_hat + 1.0)
    return losses.all_losses(y_hat, y), losses.loss_curves(y, lo, hi)


def exercise(lesson: Lesson) -> tuple[tuple[SortItem, ...], tuple[Bin, ...]]:
    """The slide's names for the loss, and the fields (with the sign) to match them to, as the
    lesson lists them."""
    bins = tuple(Bin(f["name"], f["short"], f["name"]) for f in lesson.data["fields"][:FIELDS])
    items = tuple(SortItem(n["name"], n["field"], f"{n['name']}: {n['field']}; {n['why']}") for n in lesson.data["names"])
    return items, bins


def export_source(lesson: Lesson, values: dict[str, ParamValue]) -> str:
    """The lesson's standalone PyTorch script (`code/losses.py`) for this ŷ and y."""
    from tui_tutor.compute import losses

    return fill(lesson.code["losses"], y_hat=literal(float(values["y_hat"])), y=literal(float(values["y"])),
                delta=literal(losses.HUBER_DELTA))


class LossFunctionsPanel(SortKeys, LessonPanel):
    """View "explore": y, ŷ, a table of losses and slopes, their curves. View "names": match the names."""

    BINDINGS = [
        Binding("plus,equals_sign", "move_y_hat(1)", "raise ŷ", key_display="+"),
        Binding("minus", "move_y_hat(-1)", "lower ŷ", key_display="−"),
        *sort_bindings(FIELDS),
    ]

    SCOPED_CSS = False  # the -wide rules start at the screen
    DEFAULT_CSS = """
    LossFunctionsPanel { height: 14; }
    LossFunctionsPanel #loss-explore { height: 13; }
    LossFunctionsPanel #loss-explore > Horizontal { height: 1fr; }
    LossFunctionsPanel #loss-left { width: 42; margin-right: 1; }
    LossFunctionsPanel ParamEditor { grid-columns: 4 12 1fr; }
    LossFunctionsPanel #loss-table { height: 5; margin-top: 1; }
    LossFunctionsPanel #loss-note { height: 4; margin-top: 1; }
    .-wide LossFunctionsPanel #loss-explore { height: 1fr; min-height: 13; }
    .-wide LossFunctionsPanel #loss-match { margin-top: 1; }
    .-wide LossFunctionsPanel #loss-left { width: 60; }
    """

    def compose(self) -> ComposeResult:
        with StepPart(views=("explore",), id="loss-explore"), Horizontal():
            with Vertical(id="loss-left"):
                yield ParamEditor(self.lesson.params, self.initial_values, id="loss-editor")
                yield NumberTable(id="loss-table")
                yield Readout("computing …", id="loss-note")
            yield PlotPanel(id="loss-plot")
        with StepPart(views=("names",), id="loss-match"):
            yield SortExercise("Which field uses which name, and which way?", id="loss-exercise")

    def on_mount(self) -> None:
        self.watch(self.query_one("#loss-editor", ParamEditor), "values", self.recompute, init=False)
        self.query_one("#loss-exercise", SortExercise).load(*exercise(self.lesson))
        self.recompute(self.query_one("#loss-editor", ParamEditor).values)

    def watch_view(self, view: str) -> None:
        show_step_parts(self, view)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Each part's keys work (and show) only while that part is on screen."""
        return part_visible(self, "#loss-match" if action.startswith("sort") else "#loss-explore")

    def action_move_y_hat(self, amount: int) -> None:
        """Nudge ŷ by one step, as ↑/↓ do inside its field."""
        self.query_one("#param-y_hat", ParamField).action_nudge(amount)

    def recompute(self, values: dict[str, ParamValue]) -> None:
        self.values = values
        compute_quick(self, losses_at, values, then=self._show)

    def _show(self, out) -> None:
        at, curves = out
        values, grads = column([v.value for v in at.losses]), column([v.grad for v in at.losses])
        rows = [(f"[{COLORS[v.name]}]{ROW_NAMES[v.name]}[/]", value, grad)
                for v, value, grad in zip(at.losses, values, grads)]
        self.query_one("#loss-table", NumberTable).show_rows(("loss", "L(ŷ, y)", "dL/dŷ"), rows)
        by_name = {v.name: v.value for v in at.losses}
        self.query_one("#loss-note", Readout).show(miss_compared(by_name["l1"], by_name["l2"]))
        self.headline = Headline("L2 = (ŷ − y)² =", (by_name["l2"],))
        self._plot(at, curves)

    def _plot(self, at, curves) -> None:
        series = [Series(curves.y_hats, c.values, color=COLORS[c.name]) for c in curves.curves]
        series += [Series((at.y_hat,), (v.value,), color=COLORS[v.name], points=True, marker="●") for v in at.losses]
        self.query_one("#loss-plot", PlotPanel).spec = PlotSpec(
            series=tuple(series), title=f"L(ŷ, y) for y = {number(at.y)}", xlabel="ŷ",
            vlines=(at.y_hat,), hlines=(0.0,), xticks="nice", yticks="nice",
        )

    def pytorch_source(self) -> str | None:
        return export_source(self.lesson, self.values)


PANEL = LossFunctionsPanel
