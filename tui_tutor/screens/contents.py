"""The contents: every lesson with its number, title and one-line summary."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from tui_tutor.content import Lesson
from tui_tutor.safety import ReportErrors


class ContentsScreen(ReportErrors, Screen[None]):
    """Lists the lessons; Enter (or →, PageDown, n) opens the highlighted one."""

    AUTO_FOCUS = "#lesson-list"
    BINDINGS = [
        Binding("right,pagedown,n", "open", "open", show=False),
        Binding("enter", "open", "open lesson"),
    ]

    def __init__(self, lessons: tuple[Lesson, ...]) -> None:
        super().__init__(id="contents")
        self.lessons = lessons

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Deep Learning Fundamentals II — lessons", id="contents-title")
        yield OptionList(
            *(Option(f"[b]{l.number:>2}[/b]  {l.title}\n    [dim]{l.summary}[/dim]", id=l.id) for l in self.lessons),
            id="lesson-list",
        )
        yield Footer()

    def highlight(self, lesson_id: str) -> None:
        """Move the highlight to `lesson_id`."""
        options = self.query_one(OptionList)
        options.highlighted = options.get_option_index(lesson_id)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.app.open_lesson(event.option_id)

    def action_open(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.app.open_lesson(self.lessons[options.highlighted].id)
