"""One editor for every lesson's parameters, built from the lesson file's declarations.

Each parameter is a one-line text field. Typing validates at once: every good
keystroke is computed with at once; a bad one is refused with a message beside the
field saying which value the screen still computes with. On Enter or when focus
leaves, a refused edit is undone whole: the field and the computation go back to the
value in force when the edit began (never to an intermediate keystroke). A list that
another must match in length (w with x) is padded with zeros or cut to follow it. ↑/↓ nudge
the number under the cursor by the parameter's step (Shift: ×10), or cycle a
choice. `values` (a reactive) holds every current good value; a panel reads it on mount
and hears changes with `self.watch(editor, "values", callback, init=False)`: synchronous,
so the new numbers reach the screen in the keystroke's own frame (a message would reach the
panel a frame later: 27 ms instead of 4.4 ms per nudge, measured with benchmarks/keypress.py).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
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

    NUDGES = {"up": 1, "down": -1, "shift+up": 10, "shift+down": -10}
    """Nudge keys and their steps. Handled in `on_key`: a binding is only found after the key has
    bubbled up through every ancestor, which costs a keypress more than a millisecond on its
    way to the screen. They are bindings too, for keys typed ahead of the Tab that focused
    this field (Tab ↑ arriving at once, over SSH): those were queued to the widget focused
    before, and reach this field only as bindings of the focused widget."""
    BINDINGS = [Binding("escape", "leave", "leave field", show=False),
                *(Binding(key, f"nudge({step})", show=False) for key, step in NUDGES.items())]

    def __init__(self, param: Param, value: ParamValue) -> None:
        super().__init__(format_value(param, value), id=f"param-{param.name}", compact=True,
                         select_on_focus=False, max_length=200)
        self.param = param
        self.good: ParamValue = value
        """The last value typed here that parses."""
        self.at_start: ParamValue = value
        """The value in force when the current edit began (focus, or the last Enter)."""

    def on_focus(self) -> None:
        self.at_start = self.good

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

    def restore(self, value: ParamValue) -> None:
        """Make `value` the field's good value and text, as if the edit began there."""
        self.good = self.at_start = value
        self.value = format_value(self.param, value)


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
    ParamEditor > #param-refusal { column-span: 3; height: auto; color: $text-error; text-style: bold; display: none; }
    ParamEditor > #param-refusal.-shown { display: block; }
    """

    values: var[dict[str, ParamValue]] = var(dict, init=False)
    """Every parameter's value in force (the last good one); watched by the panel."""

    def __init__(self, params: tuple[Param, ...], values: dict[str, ParamValue], *, id: str | None = None,
                 check: Callable[[dict[str, ParamValue]], dict[str, str]] | None = None) -> None:
        super().__init__(id=id)
        self.params = params
        self.check = check
        """Optional extra rule across parameters (e.g. a class index within a list's length):
        candidate values -> {name: problem}; a problem refuses the value like a length mismatch."""
        self.set_reactive(ParamEditor.values, {p.name: values[p.name] for p in params})
        self._messages = {p.name: "" for p in params}
        self._following = False
        self._batch = False

    def compose(self) -> ComposeResult:
        self._fields = {p.name: ParamField(p, self.values[p.name]) for p in self.params}
        fields = list(self._fields.values())
        labels = Readout("\n".join(p.label for p in self.params), id="param-labels")
        notes = Readout(id="param-notes")
        for readout in (labels, notes):
            readout.styles.row_span = len(fields)
            readout.styles.height = len(fields)
        yield labels  # the grid fills row by row: labels and notes span every row
        yield fields[0]
        yield notes
        yield from fields[1:]
        yield Readout(id="param-refusal")  # a refused value, said in full under the fields

    def on_mount(self) -> None:
        self.set_styles(f"grid-rows: {' '.join(['1'] * len(self.params))} auto;")
        self._show_notes()

    def _show_notes(self) -> None:
        """Each field's help beside it. The first refusal takes the rows from its field down when
        it fits there; else every refusal is said in full on a line under the fields (never
        beside another field), and its field's help points there."""
        rows = [(p.help, "") for p in self.params]
        below = ""
        refused = next((i for i, p in enumerate(self.params) if self._messages[p.name]), None)
        if refused is not None:
            width = max(self.query_one("#param-notes").content_region.width, 10)
            lines = Text(self._messages[self.params[refused].name]).wrap(self.app.console, width)
            if refused + len(lines) <= len(rows):
                rows[refused:refused + len(lines)] = [(line.plain, "bold red") for line in lines]
            else:
                rows[refused] = ("✗ see below", "")
                below = "\n".join(f"{p.label}: {m}" for p in self.params if (m := self._messages[p.name]))
        text = Text(no_wrap=True, overflow="ellipsis")
        for row, (line, style) in enumerate(rows):
            text.append(line + ("\n" if row < len(rows) - 1 else ""), style=style)
        self.query_one("#param-notes", Readout).show(text)
        shown_below = self.query_one("#param-refusal", Readout)
        shown_below.show(below)
        shown_below.set_class(bool(below), "-shown")

    def _note(self, param: Param, message: str = "") -> None:
        if self._messages[param.name] != message:
            self._messages[param.name] = message
            self._fields[param.name].set_class(bool(message), "-refused")
            self._show_notes()

    def field_changed(self, field: ParamField, text: str) -> None:
        """Validate `field`'s new text; when every field is good, publish the new values."""
        if self._following:
            return
        try:
            value = parse_value(field.param, text)
        except ValueError as err:
            shown = format_value(field.param, self.values[field.param.name])
            self._note(field.param, f"✗ {err}; still computing with {shown}")
            return
        field.good = value
        self._follow(field)
        candidate = {p.name: self._field(p.name).good for p in self.params}
        problems = self.problems(candidate)
        for p in self.params:
            self._note(p, f"✗ {problems[p.name]}" if p.name in problems else "")
        if not problems and candidate != self.values and not self._batch:
            self.values = candidate

    def problems(self, candidate: dict[str, ParamValue]) -> dict[str, str]:
        """What is wrong with these values together, by parameter (empty when fine)."""
        problems = check_together(self.params, candidate)
        return {**self.check(candidate), **problems} if self.check is not None else problems

    def _follow(self, leader: ParamField) -> None:
        """Lists that must match `leader` in length are padded with zeros or cut to it, from the
        values they had when the leader's edit began (typing x = 1, 2 passes through x = 1, which
        must not cost w its second weight)."""
        length = len(leader.good) if leader.param.type == "float_list" else 0  # type: ignore[arg-type]
        for p in self.params:
            field = self._field(p.name)
            if p.same_length_as == leader.param.name and length and len(field.good) != length:  # type: ignore[arg-type]
                values = (tuple(field.at_start) + (0.0,) * length)[:length]  # type: ignore[arg-type]
                self._following = True
                try:
                    field.good = values
                    field.value = format_value(p, values)
                finally:
                    self._following = False

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()  # handled in field_changed, within the keystroke

    @on(Input.Submitted)
    @on(Input.Blurred)
    def _settle(self, event: Input.Submitted | Input.Blurred) -> None:
        """The edit is over: undo it whole if the field (or the values together) are refused."""
        event.stop()
        field = event.input
        if not isinstance(field, ParamField):
            return
        if field.has_class("-refused") or self.problems({p.name: self._field(p.name).good for p in self.params}):
            message = self._messages[field.param.name].removeprefix("✗ ").split("; still computing")[0]
            message = message or next(iter(self.problems({p.name: self._field(p.name).good for p in self.params}).values()))
            before = field.at_start
            field.restore(before)
            self.notify(f"{field.param.label}: {message}\nBack to {format_value(field.param, before)}, "
                        "the value before this edit.", title="Value refused", severity="warning", timeout=5)
        for follower in (f for f in self._fields.values() if f is field or f.param.same_length_as == field.param.name):
            follower.at_start = follower.good

    def _field(self, name: str) -> ParamField:
        return self._fields[name]

    def note(self, name: str) -> str:
        """The message shown beside parameter `name` (its help when all is well)."""
        return self._messages[name] or self._param(name).help

    def _param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)

    def set_values(self, values: dict[str, ParamValue]) -> None:
        """Replace every value (e.g. from a scenario) at once: the panel hears the new set once."""
        self._batch = True
        try:
            for p in self.params:
                if p.name in values:
                    self._field(p.name).restore(values[p.name])
        finally:
            self._batch = False
        candidate = {p.name: self._field(p.name).good for p in self.params}
        if not self.problems(candidate) and candidate != self.values:
            self.values = candidate
