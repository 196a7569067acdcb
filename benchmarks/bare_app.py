"""The baseline for the benchmarks: a bare Textual app (Header, one Static, Footer).

Pressing `+` increments a counter shown in the Static, so the keypress-to-screen
time of plain Textual can be measured exactly like the tutor's. `q` quits.

    .venv/bin/python benchmarks/bare_app.py

The Static reads "bare Textual app [count=N]"; the benchmarks wait for that text
(see READY_TEXT / count_text below, imported by the other scripts).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static


def count_text(n: int) -> str:
    """The marker the Static shows after `n` presses of `+`."""
    return f"[count={n}]"


READY_TEXT = count_text(0)


class BareApp(App[None]):
    """Header, a Static with a counter, Footer."""

    TITLE = "bare"
    BINDINGS = [
        Binding("plus", "increment", "count +1", key_display="+"),
        Binding("q", "quit", "quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Header()
        # markup=False: the text contains square brackets.
        yield Static(self._text(), id="counter", markup=False)
        yield Footer()

    def _text(self) -> str:
        return f"bare Textual app {count_text(self.count)}"

    def action_increment(self) -> None:
        self.count += 1
        self.query_one("#counter", Static).update(self._text())


if __name__ == "__main__":
    BareApp().run()
