"""Welcome back: resume where the learner left off, or start at the contents.

Every key here means what it means on the contents beneath (whose footer stays in view):
Enter (and a clicker's PageDown) resumes, Esc (PageUp) starts at the contents, and r and s
start a review or show its statistics as they do there (the offer is declined on the way).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_tutor.keys import WELCOME, keys_at

CONTENTS_KEYS = {"r": "review", "s": "stats"}
"""Keys of the contents that work here too, meaning the same (their `ContentsScreen` actions)."""


def offer_text(where: str) -> str:
    """The offer: where the learner was, then each key and what it does (from `tui_tutor.keys`)."""
    shown = lambda keys: "[b]" + keys.replace("  ", "[/b] or [b]") + "[/b]"  # noqa: E731
    lines = [f"{shown(keys)}: {what}" for keys, what in keys_at(WELCOME)]
    contents = dict(keys_at("Contents"))
    also = ", ".join(f"{shown(key)}: {contents[key].split(':')[0]}" for key in CONTENTS_KEYS)
    return "\n".join([f"[b]{WELCOME}.[/b]", "", f"You were at {where}.", "", *lines,
                      f"{also} (as on the contents)", "[b]q[/b]: quit"])


class ResumeScreen(ModalScreen[bool]):
    """Dismisses with True to resume, False to start over at the contents."""

    BINDINGS = [
        Binding("enter,pagedown,right", "dismiss(True)", "resume"),
        Binding("escape,pageup,left", "dismiss(False)", "start at the contents"),
        Binding("q", "app.quit", "quit"),
        *(Binding(key, f"contents({action!r})", action, show=False) for key, action in CONTENTS_KEYS.items()),
    ]

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where

    def compose(self) -> ComposeResult:
        yield Static(offer_text(self.where), id="resume-box")

    def action_contents(self, action: str) -> None:
        """Decline the offer and do what the key does on the contents beneath."""
        contents = self.app.screen_stack[-2]
        self.dismiss(False)
        self.app.call_later(self.app.run_action, action, contents)
