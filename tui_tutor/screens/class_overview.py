"""The instructor's view of the class (F8 while leading): who is connected and where, how far the
class got, what it gets wrong, what it answered live, who seems stuck. The same overview as
`tui-tutor class report`, kept up to date while it is open."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

REFRESH = 2.0
"""Seconds between reads of the whole class while the overview is open."""


class ClassOverviewScreen(ModalScreen[None]):
    """The class report, live; Esc (or F8) closes it."""

    BINDINGS = [Binding("escape,f8,q", "dismiss", "close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="class-box"):
            yield Static("[b]The class[/b] — reading it …", id="class-title")
            yield Static(id="class-table", markup=False)

    def on_mount(self) -> None:
        self.app.classroom.watch_class(REFRESH)
        self.show()

    def on_unmount(self) -> None:
        self.app.classroom.watch_class(None)

    def show(self) -> None:
        """Write the overview of the latest class data (called again when the link has news)."""
        from tui_tutor.classroom import report

        snapshot = self.app.class_session.snapshot
        if snapshot.class_data is None:
            return
        self.query_one("#class-title", Static).update(f"[b]The class[/b]   {escape(snapshot.status or 'live')}   "
                                                       "Esc: back to the lesson")
        text = report.table(report.overview(snapshot.class_data), self.app.classroom.location)
        self.query_one("#class-table", Static).update(text)
