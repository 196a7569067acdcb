"""A compact, right-aligned table of numbers (terms of a sum, iterations, ...)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from textual.widgets import Static


class NumberTable(Static):
    """Shows rows of already-formatted cells under a header line."""

    DEFAULT_CSS = """
    NumberTable { height: auto; }
    """

    def show(self, headers: Sequence[str], rows: Sequence[Sequence[str]], *, highlight: int | None = None) -> None:
        """Replace the table's content; `highlight` marks one row (by index)."""
        table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False, expand=False, header_style="bold")
        for header in headers:
            table.add_column(header, justify="right", no_wrap=True)
        for i, row in enumerate(rows):
            table.add_row(*row, style="reverse" if i == highlight else None)
        self.update(table)
