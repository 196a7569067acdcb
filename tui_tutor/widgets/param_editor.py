"""One editor for every lesson's parameters, built from the lesson file's declarations.

Each parameter is a one-line text field. Typing validates at once: a bad value
is refused with a message beside the field and the last good value stays in
force (and comes back into the field on Enter or when focus leaves). ↑/↓ nudge
the number under the cursor by the parameter's step (Shift: ×10), or cycle a
choice. Changes go up as `ParamEditor.Changed` with every current good value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from rich.text import Text

from textual.message import Message
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import Input

from tui_tutor.content import Param
from tui_tutor.content.model import ParamValue
from tui_tutor.content.values import check_together, format_value, parse_value
from tui_tutor.safety import ReportErrors
from tui_tutor.widgets.readout import Readout


class ParamField(Input):
    """A one-line field for one parameter, with nudge keys."""

    BINDINGS = [Binding("escape", "leave", "leave field", show=False)]
    NUDGES = {"up": 1, "down": -1, "shift+up": 10, "shift+down": -10}
    """Nudge keys and their steps. Handled in `on_key`, not as bindings: a binding is only
    found after the key has bubbled up through every ancestor, which costs a keypress
    more than a millisecond on its way to the screen."""

    def __init__(self, param: Param, value: ParamValue) -> None:
        super().__init__(format_value(param, value), id=f"param-{param.name}", compact=True,
                         select_on_focus=False, max_length=200)
        self.param = param
        self.good: ParamValue = value

    def on_key(self, event: events.Key) -> None:
        if event.key in self.NUDGES:
            event.stop()
            event.prevent_default()
            self.action_nudge(self.NUDGES[event.key])

    def action_leave(self) -> None:
        """Give focus back to the lesson panel (or nothing) so the step keys work again."""
        self.screen.set_focus(next((a for a in self.ancestors if isinstance(a, Widget) and a.can_focus), None))

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

    def watch_value(self, value: str) -> None:
        """Check every change at once (typed, nudged or restored)."""
        editor = next((a for a in self.ancestors if isinstance(a, ParamEditor)), None)
        if editor is not None and self.is_mounted:
            editor.field_changed(self, value)

    def restore(self) -> None:
        """Put the last good value back into the field."""
        self.value = format_value(self.param, self.good)


class ParamEditor(ReportErrors, Widget):
    """Labelled fields for a lesson's parameters, each with a message beside it.

    Labels and messages are one multi-line readout each (not a widget per line): fewer
    widgets make every repaint of the lesson cheaper.
    """

    DEFAULT_CSS = """
    ParamEditor { height: auto; layout: grid; grid-size: 3; grid-columns: 4 22 1fr; grid-rows: 1; }
    ParamEditor > #param-labels { color: $text-muted; }
    ParamEditor ParamField.-refused { color: $text-error; }
    ParamEditor > #param-notes { padding-left: 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
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

    def __init__(self, params: tuple[Param, ...], values: dict[str, ParamValue], *, id: str | None = None,
                 check: Callable[[dict[str, ParamValue]], dict[str, str]] | None = None) -> None:
        super().__init__(id=id)
        self.params = params
        self.check = check
        """Optional extra rule across parameters (e.g. a class index within a list's length):
        candidate values -> {name: problem}; a problem refuses the value like a length mismatch."""
        self.set_reactive(ParamEditor.values, dict(values))
        self._messages = {p.name: "" for p in params}

    def compose(self) -> ComposeResult:
        self._fields = {p.name: ParamField(p, self.values[p.name]) for p in self.params}
        fields = list(self._fields.values())
        labels = Readout("\n".join(p.label for p in self.params), id="param-labels")
        notes = Readout(self._notes_text(), id="param-notes")
        for readout in (labels, notes):
            readout.styles.row_span = len(fields)
            readout.styles.height = len(fields)
        yield labels  # the grid fills row by row: labels and notes span every row
        yield fields[0]
        yield notes
        yield from fields[1:]

    def _notes_text(self) -> Text:
        text = Text()
        for i, p in enumerate(self.params):
            message = self._messages[p.name]
            text.append(message or p.help, style="bold red" if message else "")
            if i < len(self.params) - 1:
                text.append("\n")
        return text

    def _note(self, param: Param, message: str = "") -> None:
        if self._messages[param.name] != message:
            self._messages[param.name] = message
            self.query_one("#param-notes", Readout).show(self._notes_text())
            self._fields[param.name].set_class(bool(message), "-refused")

    def field_changed(self, field: ParamField, text: str) -> None:
        """Validate `field`'s new text; when everything is good, publish the new values."""
        try:
            value = parse_value(field.param, text)
        except ValueError as err:
            self._note(field.param, f"✗ {err}")
            return
        field.good = value
        candidate = {p.name: self._field(p.name).good for p in self.params}
        problems = check_together(self.params, candidate)
        if self.check is not None:
            problems = {**self.check(candidate), **problems}
        for p in self.params:
            self._note(p, f"✗ {problems[p.name]}" if p.name in problems else "")
        if not problems and candidate != self.values:
            self.values = candidate

    def watch_values(self, values: dict[str, ParamValue]) -> None:
        self.post_message(self.Changed(self, dict(values)))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()  # handled in field_changed, within the keystroke

    @on(Input.Submitted)
    @on(Input.Blurred)
    def _settle(self, event: Input.Submitted | Input.Blurred) -> None:
        event.stop()
        field = event.input
        if isinstance(field, ParamField) and field.has_class("-refused"):
            message = self._messages[field.param.name].removeprefix("✗ ")
            kept = format_value(field.param, field.good)
            field.restore()
            self.notify(f"{field.param.label}: {message}\nKept the last good value, {kept}.",
                        title="Value refused", severity="warning", timeout=5)

    def _field(self, name: str) -> ParamField:
        return self._fields[name]

    def note(self, name: str) -> str:
        """The message shown beside parameter `name` (its help when all is well)."""
        return self._messages[name] or self._param(name).help

    def _param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)

    def set_values(self, values: dict[str, ParamValue]) -> None:
        """Replace every value (e.g. from a scenario) and announce the change."""
        for p in self.params:
            if p.name in values:
                field = self._field(p.name)
                field.good = values[p.name]
                field.restore()
