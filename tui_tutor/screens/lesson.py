"""A lesson: its prose, one section (step) at a time, and its interactive panel."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static

from tui_tutor.content import Lesson
from tui_tutor.content.model import ParamValue
from tui_tutor.panels import panel_class
from tui_tutor.panels.base import LessonPanel
from tui_tutor.safety import ReportErrors
from tui_tutor.screens.code import CodeScreen

WIDE = 150
"""From this many columns on, prose and panel sit side by side."""


class LessonScreen(ReportErrors, Screen[None]):
    """Steps through a lesson's sections; the lecture's step keys live here."""

    AUTO_FOCUS = ".lesson-panel"
    """The panel takes focus on arrival: its keys and the step keys work at once; Tab enters the fields."""

    BINDINGS = [
        Binding("right,pagedown,n", "next", "next", key_display="→"),
        Binding("left,pageup,p", "previous", "back", key_display="←"),
        Binding("c", "show_code", "PyTorch"),
        Binding("e", "export_code", "export", show=False),
        Binding("up", "scroll_prose(-1)", "scroll", show=False),
        Binding("down", "scroll_prose(1)", "scroll", show=False),
    ]

    section: reactive[int] = reactive(0, init=False)

    def __init__(self, lesson: Lesson, total: int, values: dict[str, ParamValue], seed: int, section: int = 0) -> None:
        super().__init__(classes="lesson-screen")
        self.lesson, self.total, self.values, self.seed = lesson, total, values, seed
        self.set_reactive(LessonScreen.section, section)

    def compose(self) -> ComposeResult:
        yield Static(id="lesson-bar")
        with Container(id="lesson-body"):
            with VerticalScroll(id="prose", can_focus=False):
                yield Markdown(id="prose-text")
            if self.lesson.panel:
                yield panel_class(self.lesson.panel)(self.lesson, self.values, self.seed)
        yield Footer()

    @property
    def panel(self) -> LessonPanel | None:
        """The lesson's interactive panel, if it has one."""
        panels = self.query(LessonPanel)
        return panels.first() if panels else None

    def on_mount(self) -> None:
        self.show_section()
        self.on_resize()

    def on_resize(self) -> None:
        self.set_class(self.app.size.width >= WIDE, "-wide")

    def watch_section(self) -> None:
        self.show_section()

    def show_section(self) -> None:
        """Show the current section's prose and tell the panel which one it is."""
        lesson, i = self.lesson, self.section
        sec = lesson.sections[i]
        self.query_one("#lesson-bar", Static).update(
            f" [b]{lesson.number}/{self.total}  {lesson.title}[/b]   step {i + 1}/{len(lesson.sections)}: {sec.title}"
        )
        self.query_one("#prose-text", Markdown).update(sec.body)
        self.query_one("#prose", VerticalScroll).scroll_home(animate=False)
        if self.panel is not None:
            self.panel.section = i

    def action_next(self) -> None:
        if self.panel is not None and self.panel.step_forward():
            return
        if self.section < len(self.lesson.sections) - 1:
            self.section += 1
        else:
            self.app.step_to_lesson(+1)

    def action_previous(self) -> None:
        if self.panel is not None and self.panel.step_back():
            return
        if self.section > 0:
            self.section -= 1
        else:
            self.app.step_to_lesson(-1, at_end=True)

    def action_scroll_prose(self, lines: int) -> None:
        self.query_one("#prose", VerticalScroll).scroll_relative(y=lines, animate=False)

    def _source(self) -> str | None:
        source = self.panel.pytorch_source() if self.panel is not None else None
        if source is None:
            self.notify("This lesson has no computation to show as PyTorch.", severity="warning")
        return source

    def action_show_code(self) -> None:
        source = self._source()
        if source is not None:
            self.app.push_screen(CodeScreen(self.lesson.title, source), self._after_code)

    def _after_code(self, export: bool | None) -> None:
        if export:
            self.action_export_code()

    def action_export_code(self) -> None:
        source = self._source()
        if source is not None:
            self.export(source)

    @work(thread=True, group="export")
    def export(self, source: str) -> None:
        """Write `source` to ./tui_tutor_<lesson>.py (or the home folder if cwd is read-only)."""
        name = f"tui_tutor_{self.lesson.id.replace('-', '_')}.py"
        for folder in (Path.cwd(), Path.home()):
            try:
                (folder / name).write_text(source, encoding="utf-8")
            except OSError:
                continue
            self.app.call_from_thread(self.notify, f"Wrote {folder / name}\nRun it with: python {name}", title="Exported")
            return
        self.app.call_from_thread(self.notify, f"Could not write {name} here or in your home folder.", severity="error")
