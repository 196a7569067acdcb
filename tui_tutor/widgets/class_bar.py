"""One line about the class this tutor is in: following, browsing alone, leading, or the connection lost."""

from __future__ import annotations

from rich.markup import escape
from textual.widgets import Static


class ClassBar(Static):
    """Shown on the contents and every lesson while the tutor is in a class."""

    DEFAULT_CSS = """
    ClassBar { height: 1; padding: 0 1; background: $boost; color: $text-muted; }
    ClassBar.-lost { background: $warning-muted; color: $text; }
    """

    def on_mount(self) -> None:
        session = self.app.class_session
        if session is not None:
            self.show(session.status(), lost=bool(session.snapshot.status))

    def show(self, text: str, *, lost: bool = False) -> None:
        self.update(escape(text))
        self.set_class(lost, "-lost")
