"""A lesson: its prose, one section (step) at a time, and its interactive panel."""

from __future__ import annotations

import io
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Digits, Footer, Markdown, Static

from tui_tutor.content import Lesson
from tui_tutor.content.model import ParamValue
from tui_tutor.exercises import GENERATORS
from tui_tutor.panels import panel_class
from tui_tutor.panels.base import LessonPanel
from tui_tutor.safety import ReportErrors, post_callback
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
        Binding("f2", "next_scenario", "scenario", show=False),
        Binding("x", "exercise", "predict"),
        Binding("k", "check_yourself", "quiz", show=False),
        Binding("e", "export_code", "export", show=False),
        Binding("up", "scroll_prose(-1)", "scroll", show=False),
        Binding("down", "scroll_prose(1)", "scroll", show=False),
    ]

    section: reactive[int] = reactive(0, init=False)

    def __init__(self, lesson: Lesson, total: int, values: dict[str, ParamValue], seed: int, section: int = 0) -> None:
        super().__init__(classes="lesson-screen")
        self.lesson, self.total, self.values, self.seed = lesson, total, values, seed
        self._panel: LessonPanel | None = None
        self.set_reactive(LessonScreen.section, section)

    def compose(self) -> ComposeResult:
        yield Static(id="lesson-bar")
        with Horizontal(id="headline"):
            yield Static(id="headline-label")
            yield Digits(id="headline-digits")
        with Container(id="lesson-body"):
            with VerticalScroll(id="prose", can_focus=False):
                yield Markdown(id="prose-text")
            if self.lesson.panel:
                yield panel_class(self.lesson.panel)(self.lesson, self.values, self.seed)
        yield Footer(compact=True, show_command_palette=False)  # 80 columns: the lesson's own keys first

    @property
    def panel(self) -> LessonPanel | None:
        """The lesson's interactive panel, if it has one (looked up once: every step key asks)."""
        if self._panel is None and self.lesson.panel:
            panels = self.query(LessonPanel)
            self._panel = panels.first() if panels else None
        return self._panel

    def on_mount(self) -> None:
        self.show_section()
        self.on_resize()
        self.scenario = -1
        if self.panel is not None:
            self.watch(self.panel, "headline", self.show_headline)
            self.watch(self.app, "presenting", lambda _: self.show_headline(self.panel.headline))

    def show_headline(self, headline: tuple[str, str] | None) -> None:
        """The panel's key number, shown large when presenting (untouched otherwise: no relayout per key)."""
        if not self.app.presenting:
            return
        self.query_one("#headline").set_class(headline is None, "-empty")
        if headline is not None:
            label, number = headline
            self.query_one("#headline-label", Static).update(label)
            self.query_one("#headline-digits", Digits).update(number)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_scenario":
            return bool(self.lesson.scenarios) and self.panel is not None
        if action == "exercise":
            return self.lesson.id in GENERATORS
        if action == "check_yourself":
            return bool(self.lesson.questions)
        return True

    def action_exercise(self) -> None:
        """Predict, then reveal: a fresh exercise with this lesson's numbers."""
        from tui_tutor.screens.review import ReviewScreen

        item = self.app.lesson_exercise(self.lesson)
        if item is not None:
            self.app.push_screen(ReviewScreen([item], f"{self.lesson.title}: predict, then reveal"))

    def action_check_yourself(self) -> None:
        """This lesson's review questions."""
        from tui_tutor.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.app.lesson_questions(self.lesson), f"{self.lesson.title}: check yourself"))

    def action_next_scenario(self) -> None:
        """Apply the lesson's next named scenario (an instructor's preset)."""
        scenarios = self.lesson.scenarios
        self.scenario = (self.scenario + 1) % len(scenarios)
        name, values = scenarios[self.scenario]
        self.panel.apply_values({**self.lesson.defaults(), **dict(values)})  # unnamed values: the defaults
        self.notify(f"Scenario {self.scenario + 1}/{len(scenarios)}: {name}", timeout=3)

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
        self.app.lesson_reached(lesson, i)

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
        """Write `source` to ./tui_tutor_<lesson>.py (or the home folder if cwd is read-only);
        in a browser (`tui-tutor serve`) the browser downloads it instead."""
        name = f"tui_tutor_{self.lesson.id.replace('-', '_')}.py"
        if self.app.is_web:
            post_callback(self.app, self.app.deliver_text, io.StringIO(source), save_filename=name)
            post_callback(self.app, self.notify, f"Your browser downloads {name}\nRun it with: python {name}",
                          title="Exported")
            return
        for folder in (Path.cwd(), Path.home()):
            try:
                (folder / name).write_text(source, encoding="utf-8")
            except OSError:
                continue
            post_callback(self.app, self.notify, f"Wrote {folder / name}\nRun it with: python {name}", title="Exported")
            return
        post_callback(self.app, self.notify, f"Could not write {name} here or in your home folder.", severity="error")
