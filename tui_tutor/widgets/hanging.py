"""List entries that wrap under their text, not under their number."""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text


def hanging(lead: Text | str, text: Text | str) -> Table:
    """`lead` (a choice's "2.") in a column of its own and `text` beside it: a text too
    long for the width wraps under itself, not under `lead`. Strings are shown as they
    are (no markup)."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(lead, text)
    return grid


def headed(head: Text, body: Text, indent: int) -> Group:
    """`head` on its line, then `body` indented by `indent`, wrapping under itself
    (cheaper to lay out than `hanging`'s grid: the contents has sixteen of these)."""
    return Group(head, Padding(body, (0, 0, 0, indent)))
