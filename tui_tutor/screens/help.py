"""The help screen: every key, from `tui_tutor.keys`."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_tutor.keys import KEYS


def keys_table(extra: tuple[tuple[str, str, str], ...] = ()) -> Group:
    """Every key, one headed group per place: `extra` (the open lesson's own keys) first,
    then the app's. The key columns of all groups share one width so they line up."""
    rows = (*extra, *KEYS)
    width = max(cell_len(keys) for _, keys, _ in rows)
    parts: list[RenderableType] = []
    for where in dict.fromkeys(where for where, _, _ in rows):
        table = Table(box=None, expand=True, padding=(0, 1), show_header=False)
        table.add_column(style="bold", no_wrap=True, width=width)
        table.add_column(ratio=1)
        for _, keys, what in (row for row in rows if row[0] == where):
            table.add_row(keys, what)
        heading = Text(where, style="bold underline")
        parts += [Text.assemble("\n", heading) if parts else heading, table]
    return Group(*parts)


def widget_keys(where: str, widget: object) -> tuple[tuple[str, str, str], ...]:
    """Rows for the help table from a widget's BINDINGS (a lesson panel's own keys): the
    binding's tooltip where it has one (the footer's description is kept short)."""
    rows = []
    for binding in getattr(widget, "BINDINGS", ()):
        if isinstance(binding, Binding) and binding.description:
            keys = binding.key_display or "  ".join(k.strip() for k in binding.key.split(","))
            rows.append((where, keys, binding.tooltip or binding.description))
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
