"""The contents: every lesson with its number, title and one-line summary."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from tui_tutor.content import Lesson
from tui_tutor.messages import ContentsShown, LessonChosen, ReviewRequested, StatsRequested
from tui_tutor.safety import ReportErrors
from tui_tutor.widgets.class_bar import ClassBar
from tui_tutor.widgets.hanging import headed
from tui_tutor.widgets.keys_footer import KeysFooter

WEB_ICON = "●"
"""The header's icon in a browser (`tui-tutor serve`): Textual's ⭘ is in neither the served font
(Roboto Mono) nor the fonts browsers fall back to, and showed as a missing glyph."""


class ContentsScreen(ReportErrors, Screen[None]):
    """Lists the lessons; Enter (or →, PageDown, n) opens the highlighted one."""

    DEFAULT_CSS = """
    #contents-due { height: 1; padding: 0 1; color: $text-muted; }
    """
    AUTO_FOCUS = "#lesson-list"
    BINDINGS = [
        Binding("pagedown,right,n", "open", "open", key_display="→", priority=True),  # a clicker starts the lecture
        Binding("enter", "open", "open lesson"),
        Binding("r", "review", "review"),
        Binding("s", "stats", "review stats"),
        Binding("q", "app.quit", "quit"),
    ]

    due_text: reactive[str] = reactive("", init=False)
    """What is due today (the App sets it)."""

    def __init__(self, lessons: tuple[Lesson, ...], title: str, highlighted: str | None = None) -> None:
        """`highlighted`: the lesson id to highlight at first (the one the learner comes back from)."""
        super().__init__(id="contents")
        self.lessons, self.course_title, self.highlighted = lessons, title, highlighted

    def compose(self) -> ComposeResult:
        yield Header(icon=WEB_ICON if self.app.is_web else None)
        if self.app.classroom is not None:
            yield ClassBar()
        yield Static(f"{self.course_title} — lessons" if self.course_title else "Lessons", id="contents-title")
        yield Static(id="contents-due")
        yield OptionList(*(Option(self.line(lesson), id=lesson.id) for lesson in self.lessons), id="lesson-list")
        yield KeysFooter()

    def line(self, lesson: Lesson) -> Group:
        """A lesson's entry: number, title, the learner's state, and its summary."""
        progress = getattr(self.app, "progress", None)
        state = progress.lesson(lesson.id) if progress is not None else None
        if state is None or not (state.completed or state.visited):
            mark = Text()
        elif state.completed:
            mark = Text("✓ done", style="green")
        else:
            mark = Text(f"◐ step {state.step + 1}/{len(lesson.sections)}", style="yellow")
        head = Text.assemble((f"{lesson.number:>2}", "bold"), "  ", lesson.title, "  ", mark)
        return headed(head, Text(lesson.summary, style="dim"), 4)

    def on_mount(self) -> None:
        if self.highlighted is not None:
            self.highlight(self.highlighted)

    def on_screen_resume(self) -> None:
        """Coming back from a lesson: show the learner's latest state."""
        self.show_progress()
        self.post_message(ContentsShown())

    def watch_due_text(self, text: str) -> None:
        self.query_one("#contents-due", Static).update(text)

    def show_progress(self) -> None:
        """Mark each lesson with the learner's state (done, step reached)."""
        options = self.query_one(OptionList)
        for lesson in self.lessons:
            options.replace_option_prompt(lesson.id, self.line(lesson))

    def action_review(self) -> None:
        self.post_message(ReviewRequested())

    def action_stats(self) -> None:
        self.post_message(StatsRequested())

    def highlight(self, lesson_id: str) -> None:
        """Move the highlight to `lesson_id`."""
        options = self.query_one(OptionList)
        options.highlighted = options.get_option_index(lesson_id)

    def show_lessons(self, lessons: tuple[Lesson, ...]) -> None:
        """Show a new list of lessons (a course folder was edited), keeping the highlight."""
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        self.lessons = lessons
        options.clear_options()
        options.add_options([Option(self.line(lesson), id=lesson.id) for lesson in lessons])
        if highlighted is not None and lessons:
            options.highlighted = min(highlighted, len(lessons) - 1)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.post_message(LessonChosen(event.option_id))

    def action_open(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.post_message(LessonChosen(self.lessons[options.highlighted].id))
