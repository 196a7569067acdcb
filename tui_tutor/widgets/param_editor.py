"""One editor for every lesson's parameters, built from the lesson file's declarations.

Each parameter is a one-line text field. Typing validates at once: a bad value
is refused with a message beside the field and the last good value stays in
force (and comes back into the field on Enter or when focus leaves). ↑/↓ nudge
the number under the cursor by the parameter's step (Shift: ×10), or cycle a
choice. Changes go up as `ParamEditor.Changed` with every current good value.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import var
from textual.widgets import Input, Label, Static

from tui_tutor.content import Param
from tui_tutor.content.model import ParamValue
from tui_tutor.content.values import check_together, format_value, parse_value
from tui_tutor.safety import ReportErrors


class ParamField(Input):
    """A one-line field for one parameter, with nudge keys."""

    BINDINGS = [
        Binding("up", "nudge(1)", "nudge +", show=False),
        Binding("down", "nudge(-1)", "nudge −", show=False),
        Binding("shift+up", "nudge(10)", "nudge +10", show=False),
        Binding("shift+down", "nudge(-10)", "nudge −10", show=False),
        Binding("escape", "leave", "leave field", show=False),
    ]

    def __init__(self, param: Param, value: ParamValue) -> None:
        super().__init__(format_value(param, value), id=f"param-{param.name}", compact=True,
                         select_on_focus=False, max_length=200)
        self.param = param
        self.good: ParamValue = value

    def action_leave(self) -> None:
        """Give focus back to the lesson so the step keys work again."""
        self.screen.set_focus(None)

    def action_nudge(self, amount: int) -> None:
        """Move the number under the cursor by `amount` steps (or cycle a choice)."""
        p = self.param
        if p.type == "choice":
            index = p.choices.index(self.good) if self.good in p.choices else 0
            self.value = p.choices[(index + (1 if amount > 0 else -1)) % len(p.choices)]
            return
        if p.type == "float_list":
            values = list(self.good)  # type: ignore[arg-type]
            index = self.value[: self.cursor_position].count(",")
            index = min(index, len(values) - 1)
            values[index] = self._clamp(values[index] + amount * p.step)
            text = format_value(p, tuple(values))
            self.value = text
            self.cursor_position = sum(len(part) + 1 for part in text.split(",")[:index]) + 1
            return
        new = self._clamp(float(self.good) + amount * p.step)  # type: ignore[arg-type]
        self.value = format_value(p, int(round(new)) if p.type == "int" else new)

    def _clamp(self, value: float) -> float:
        p = self.param
        value = round(value, 10)
        if p.min is not None:
            value = max(p.min, value)
        if p.max is not None:
            value = min(p.max, value)
        return value

    def restore(self) -> None:
        """Put the last good value back into the field."""
        self.value = format_value(self.param, self.good)


class ParamEditor(ReportErrors, Vertical):
    """Labelled fields for a lesson's parameters, with a message line each."""

    DEFAULT_CSS = """
    ParamEditor { height: auto; }
    ParamEditor > Horizontal { height: 1; }
    ParamEditor .param-label { width: 4; color: $text-muted; }
    ParamEditor ParamField { width: 22; }
    ParamEditor ParamField.-refused { color: $text-error; }
    ParamEditor .param-note { width: 1fr; padding-left: 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    ParamEditor .param-note.-error { color: $text-error; }
    """

    @dataclass
    class Changed(Message):
        """Every parameter now has a good value; `values` holds them all."""

        editor: ParamEditor
        values: dict[str, ParamValue]

        @property
        def control(self) -> ParamEditor:
            return self.editor

    values: var[dict[str, ParamValue]] = var(dict, init=False)

    def __init__(self, params: tuple[Param, ...], values: dict[str, ParamValue], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.params = params
        self.set_reactive(ParamEditor.values, dict(values))

    def compose(self) -> ComposeResult:
        for p in self.params:
            with Horizontal():
                yield Label(p.label, classes="param-label")
                yield ParamField(p, self.values[p.name])
                yield Static(p.help, classes="param-note", id=f"note-{p.name}")

    def _note(self, param: Param, message: str = "") -> None:
        note = self.query_one(f"#note-{param.name}", Static)
        note.update(message or param.help)
        note.set_class(bool(message), "-error")
        self._field(param.name).set_class(bool(message), "-refused")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        field = event.input
        if not isinstance(field, ParamField):
            return
        try:
            value = parse_value(field.param, event.value)
        except ValueError as err:
            self._note(field.param, f"✗ {err}; keeping {format_value(field.param, field.good)}")
            return
        field.good = value
        candidate = {p.name: self._field(p.name).good for p in self.params}
        problems = check_together(self.params, candidate)
        for p in self.params:
            self._note(p, f"✗ {problems[p.name]}" if p.name in problems else "")
        if not problems:
            self.values = candidate
            self.post_message(self.Changed(self, dict(candidate)))

    @on(Input.Submitted)
    @on(Input.Blurred)
    def _settle(self, event: Input.Submitted | Input.Blurred) -> None:
        event.stop()
        if isinstance(event.input, ParamField) and event.input.has_class("-refused"):
            event.input.restore()

    def _field(self, name: str) -> ParamField:
        return self.query_one(f"#param-{name}", ParamField)

    def set_values(self, values: dict[str, ParamValue]) -> None:
        """Replace every value (e.g. from a scenario) and announce the change."""
        for p in self.params:
            if p.name in values:
                field = self._field(p.name)
                field.good = values[p.name]
                field.restore()
