"""A blank screen for the instructor (`b` or `.` in presenter mode); any key brings the lesson back."""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class BlankScreen(Screen[None]):
    """Black, with nothing on it (not a dimmed lesson), until a key is pressed or the mouse clicks."""

    DEFAULT_CSS = """
    BlankScreen { background: #000000; }
    """

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.leave()

    def on_click(self) -> None:
        self.leave()

    def leave(self) -> None:
        """Bring the lesson back, once: keys queued behind the first find this screen leaving."""
        if self.app.screen is self:
            self.dismiss()
