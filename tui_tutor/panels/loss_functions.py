"""Lesson `loss-functions`: move ŷ against a fixed y and watch several losses respond (numbers and
a plot with ŷ marked); match each of the loss's other names to its field."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import fmt
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.sort_exercise import Bin, SortExercise, SortKeys, sort_bindings
from tui_tutor.widgets.step_part import StepPart, part_visible, show_step_parts

COLORS = {"difference": "gray", "l1": "cyan", "l2": "magenta", "huber": "green"}
ROW_NAMES = {"difference": "ŷ − y", "l1": "L1 |ŷ − y|", "l2": "L2 (ŷ − y)²", "huber": "Huber, δ = 1"}
SHORT_FIELDS = ("a loss", "optimisation", "RL", "evol./genetic", "economics")
"""How the list names each choice of `losses.NAME_FIELDS` (the legend gives them in full)."""


def losses_at(values: dict[str, ParamValue]):
    """Every loss at ŷ, and every loss's curve over a range of ŷ that shows y and ŷ."""
    from tui_tutor.compute import losses

    y, y_hat = float(values["y"]), float(values["y_hat"])
    lo, hi = min(y - 4.0, y_hat - 1.0), max(y + 4.0, y_hat + 1.0)
    return losses.all_losses(y_hat, y), losses.loss_curves(y, lo, hi)


def exercise() -> tuple[tuple[str, ...], tuple[Bin, ...]]:
    """The slide's names for the loss, and the fields (with the sign) to match them to."""
    from tui_tutor.compute import losses

    bins = tuple(Bin(field, short, field) for field, short in zip(losses.NAME_FIELDS, SHORT_FIELDS, strict=True))
    return tuple(entry.name for entry in losses.GLOSSARY), bins


def check(name: str, field: str):
    from tui_tutor.compute import losses

    return losses.check_name(name, field)


class LossFunctionsPanel(SortKeys, LessonPanel):
    """View "explore": y, ŷ, a table of losses and slopes, their curves. View "names": match the names."""

    BINDINGS = [
        Binding("plus,equals_sign", "move_y_hat(1)", "raise ŷ", key_display="+"),
        Binding("minus", "move_y_hat(-1)", "lower ŷ", key_display="−"),
        *sort_bindings(SHORT_FIELDS),
    ]

    SCOPED_CSS = False  # the -wide rules start at the screen
    DEFAULT_CSS = """
    LossFunctionsPanel { height: 14; }
    LossFunctionsPanel #loss-explore { height: 13; }
    LossFunctionsPanel #loss-explore > Horizontal { height: 1fr; }
    LossFunctionsPanel #loss-left { width: 42; }
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
            yield SortExercise("Which field uses which name, and which way?", check, id="loss-exercise")

    def on_mount(self) -> None:
        sorting = self.query_one("#loss-exercise", SortExercise)
        compute_quick(sorting, exercise, then=lambda out: sorting.load(*out))
        self.recompute(self.query_one("#loss-editor", ParamEditor).values)

    def watch_view(self, view: str) -> None:
        show_step_parts(self, view)

    @on(ParamEditor.Changed, "#loss-editor")
    def _edited(self, event: ParamEditor.Changed) -> None:
        self.recompute(event.values)

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
        rows = [(f"[{COLORS[v.name]}]{ROW_NAMES[v.name]}[/]", fmt(v.value), fmt(v.grad)) for v in at.losses]
        self.query_one("#loss-table", NumberTable).show_rows(("loss", "L(ŷ, y)", "dL/dŷ"), rows)
        self.query_one("#loss-note", Readout).show(self._compare(at))
        l2 = next(v.value for v in at.losses if v.name == "l2")
        self.headline = Headline("L2 = (ŷ − y)² =", (l2,))
        self._plot(at, curves)

    @staticmethod
    def _compare(at) -> str:
        """L1 against L2 in words: which one a miss of this size costs more under."""
        value = {v.name: v.value for v in at.losses}
        l1, l2 = value["l1"], value["l2"]
        if l1 == 0:
            note = "ŷ = y: L1, L2 and Huber are at their minimum 0. ŷ − y is 0 too, but falls further below y."
        elif l2 > l1:
            note = f"a miss of {fmt(l1)} > 1: L2 > L1, squaring makes a big miss cost more"
        elif l2 < l1:
            note = f"a miss of {fmt(l1)} < 1: L2 < L1, squaring makes a small miss cheaper"
        else:
            note = "a miss of exactly 1: L2 = L1"
        if at.status != "ok":
            note += f"\n{at.status}"
        return note

    def _plot(self, at, curves) -> None:
        series = [Series(curves.y_hats, c.values, color=COLORS[c.name]) for c in curves.curves]
        series += [Series((at.y_hat,), (v.value,), color=COLORS[v.name], points=True, marker="●") for v in at.losses]
        self.query_one("#loss-plot", PlotPanel).spec = PlotSpec(
            series=tuple(series), title=f"L(ŷ, y) for y = {fmt(at.y, 2)}", xlabel="ŷ",
            vlines=(at.y_hat,), hlines=(0.0,),
        )

    def pytorch_source(self) -> str | None:
        from tui_tutor.compute import losses

        return losses.pytorch_source(float(self.values["y_hat"]), float(self.values["y"]))


PANEL = LossFunctionsPanel
