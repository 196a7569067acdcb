"""The help screen: every key, from `tui_tutor.keys`."""

from __future__ import annotations

from rich.table import Table
from rich import box
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_tutor.keys import KEYS


def keys_table(extra: tuple[tuple[str, str, str], ...] = ()) -> Table:
    """The key table as a Rich table: every key of the app, then `extra` rows."""
    table = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1))
    table.add_column("where", style="dim", no_wrap=True)
    table.add_column("keys", style="bold", no_wrap=True)
    table.add_column("what they do", ratio=1)
    for where, keys, what in (*KEYS, *extra):
        table.add_row(where, keys, what)
    return table


def widget_keys(where: str, widget: object) -> tuple[tuple[str, str, str], ...]:
    """Rows for the help table from a widget's BINDINGS (a lesson panel's own keys)."""
    rows = []
    for binding in getattr(widget, "BINDINGS", ()):
        if isinstance(binding, Binding) and binding.description:
            keys = binding.key_display or "  ".join(k.strip() for k in binding.key.split(","))
            rows.append((where, keys, binding.description))
    return tuple(rows)


class HelpScreen(ModalScreen[None]):
    """Lists every key; any of Esc, q, ? or F1 closes it."""

    AUTO_FOCUS = "#help-box"
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "close help"),
    ]

    def __init__(self, extra: tuple[tuple[str, str, str], ...] = ()) -> None:
        super().__init__()
        self.extra = extra

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("[b]Keys[/b]   (Esc closes)", id="help-title")
            yield Static(keys_table(self.extra))
