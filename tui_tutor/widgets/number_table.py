"""A compact, right-aligned table of numbers (terms of a sum, iterations, ...)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from tui_tutor.widgets.readout import Readout


def number_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, highlight: int | None = None) -> Table:
    """A borderless Rich table of already-formatted cells; `highlight` marks one row."""
    table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False, expand=False, header_style="bold")
    for header in headers:
        table.add_column(header, justify="right", no_wrap=True)
    for i, row in enumerate(rows):
        table.add_row(*row, style="reverse" if i == highlight else None)
    return table


class NumberTable(Readout):
    """A `Readout` showing a number table; give it the height of its longest table."""

    _shown: tuple | None = None

    def show_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]], *, highlight: int | None = None) -> None:
        """Replace the table's content (nothing is repainted when it is the same)."""
        key = (tuple(headers), tuple(map(tuple, rows)), highlight)
        if key != self._shown:
            self._shown = key
            self.show(number_table(headers, rows, highlight=highlight))
