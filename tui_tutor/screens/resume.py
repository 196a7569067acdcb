"""Welcome back: resume where the learner left off, or start at the contents."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static


class ResumeScreen(ModalScreen[bool]):
    """Dismisses with True to resume, False to start over at the contents."""

    BINDINGS = [
        Binding("r,enter,pagedown,right", "dismiss(True)", "resume"),
        Binding("s,escape,pageup,left", "dismiss(False)", "start at the contents"),
        Binding("q", "app.quit", "quit"),
    ]

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where

    def compose(self) -> ComposeResult:
        yield Static(f"[b]Welcome back.[/b]\n\nYou were at {self.where}.\n\n"
                     "[b]r[/b], Enter or PageDown: resume there\n[b]s[/b], Esc or PageUp: start at the contents\n[b]q[/b]: quit",
                     id="resume-box")
