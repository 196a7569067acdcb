"""A compact, right-aligned table of numbers (terms of a sum, iterations, ...)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import RenderResult

from tui_tutor.widgets.readout import Readout


def number_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, highlight: int | None = None,
                 labels: int = 0) -> Table:
    """A borderless Rich table of already-formatted cells; `highlight` marks one row; the first
    `labels` columns (names, not numbers) are left-aligned."""
    table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False, expand=False, header_style="bold")
    for k, header in enumerate(headers):
        table.add_column(header, justify="left" if k < labels else "right", no_wrap=True)
    for i, row in enumerate(rows):
        table.add_row(*row, style="reverse" if i == highlight else None)
    return table


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, highlight: int | None = None,
               labels: int = 0) -> Text:
    """The same table as `number_table` as one Text (plain cells, no markup): it draws in microseconds
    instead of milliseconds and has one style per line, for tables redrawn many times a second (an
    iteration per keypress, play mode; show it in a `LiveText`)."""
    widths = [max([cell_len(h)] + [cell_len(row[k]) for row in rows]) for k, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if k < labels else c.rjust(w) for k, (c, w) in enumerate(zip(cells, widths)))

    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(line(headers), style="bold")
    for i, row in enumerate(rows):
        text.append("\n")
        text.append(line(row), style="reverse" if i == highlight else "")
    return text


class NumberTable(Readout):
    """A `Readout` showing a number table; give it the height of its longest table. Where it is
    given less (a panel's row taken by a message for a while), the rows that do not fit are
    counted on its last line instead of cut silently."""

    _shown: tuple | None = None
    _table: Table | None = None

    def show_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]], *, highlight: int | None = None,
                  labels: int = 0) -> None:
        """Replace the table's content (nothing is repainted when it is the same)."""
        key = (tuple(headers), tuple(map(tuple, rows)), highlight, labels)
        if key != self._shown:
            self._shown = key
            self._table = number_table(headers, rows, highlight=highlight, labels=labels)
            self.show(self._table)

    def render(self) -> RenderResult:
        room = self.size.height
        if self._shown is None or self.content is not self._table or room < 2 or len(self._shown[1]) < room:
            return super().render()
        headers, rows, highlight, labels = self._shown
        kept = room - 2
        table = number_table(headers, rows[:kept], highlight=highlight if highlight is not None and highlight < kept
                             else None, labels=labels)
        return Group(table, Text(f"… {len(rows) - kept} more of {len(rows)} rows", style="italic"))
