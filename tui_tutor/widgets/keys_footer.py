"""The bottom row: the keys that work now (Textual's Footer), with `? help` always at its end.

At 80 columns a lesson's own keys, the lecture's and the screen's do not always fit; the
footer then drops the last of them, and `?` must never be one (the help lists every key).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Static


class KeysFooter(Horizontal):
    """Footer keys on the left, `? help` pinned to the right."""

    DEFAULT_CSS = """
    KeysFooter { dock: bottom; height: 1; background: $footer-background; }
    KeysFooter > Footer { width: 1fr; dock: none; }
    KeysFooter > #help-hint { width: auto; padding: 0 1; background: $footer-background; }
    """

    def compose(self) -> ComposeResult:
        yield Footer(compact=True, show_command_palette=False)
        yield Static("[b]?[/b] help", id="help-hint")
