"""Shown over everything while the terminal is smaller than the supported 80×24."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 80, 24


def too_small(width: int, height: int) -> bool:
    """Whether a terminal of this size is below the supported minimum."""
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(ModalScreen[None]):
    """A notice asking for a larger terminal; it goes away by itself after a resize."""

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-text")

    def on_mount(self) -> None:
        self.show_size(*self.app.terminal_size)

    def on_resize(self, event: events.Resize) -> None:
        self.show_size(*event.size)

    def on_screen_resume(self) -> None:
        """Uncovered after the terminal grew (e.g. a dialog above it closed): go away."""
        if not too_small(*self.app.terminal_size):
            self.dismiss()

    def show_size(self, w: int, h: int) -> None:
        """Say the terminal's size and the one needed."""
        self.query_one(Static).update(
            f"This terminal is {w}×{h}.\ntui-tutor needs at least {MIN_WIDTH}×{MIN_HEIGHT}:\n"
            "please make the window larger (or the font smaller).\n\nq quits."
        )
