"""A lesson: its prose, one section (step) at a time, and its interactive panel.

The screen owns the step: it shows the section's prose, tells the panel which view the
section asks for (`panel.view`, never a section number), and keeps the values in force at
each step, so stepping back restores what that step showed. It reports upward with
messages (`StepReached`, `LessonLeft`); the App records and navigates.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Markdown, Static

from tui_tutor.content import Lesson
from tui_tutor.content.model import ParamValue
from tui_tutor.messages import LessonLeft, StepReached
from tui_tutor.panels import panel_class
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.safety import ReportErrors, is_live, post_callback
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.big_number import BigNumber
from tui_tutor.widgets.class_bar import ClassBar
from tui_tutor.widgets.keys_footer import KeysFooter
from tui_tutor.widgets.param_editor import ParamEditor

WIDE = 150
"""From this many columns on, prose and panel sit side by side."""


def headline_rows(height: int) -> int:
    """How many rows the key number gets when presenting: it grows with the window (5 at 32
    rows, 7 at 45, 10 at 60), so it stays legible from the back of the room."""
    return max(3, min(11, height // 6))


class LessonScreen(ReportErrors, Screen[None]):
    """Steps through a lesson's sections; the lecture's step keys live here."""

    AUTO_FOCUS = ".lesson-panel"
    """The panel takes focus on arrival: its keys and the step keys work at once; Tab enters the fields."""

    BINDINGS = [
        Binding("right,pagedown,n", "next", "next", key_display="→"),
        Binding("left,pageup,p", "previous", "back", key_display="←"),
        Binding("home", "first", "first step", show=False),
        Binding("end", "last", "last step", show=False),
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
        self.lesson, self.total, self.seed = lesson, total, seed
        self.initial_values: dict[str, ParamValue] = dict(values)
        self.values_at: dict[int, dict[str, ParamValue]] = {}
        """The values in force when the learner last left each step."""
        self.scenario = -1
        """The scenario F2 applied last (-1: none yet)."""
        self._panel: LessonPanel | None = None
        self._bar_text = ""
        self._notice_timer: Timer | None = None
        self.set_reactive(LessonScreen.section, section)

    def compose(self) -> ComposeResult:
        if self.app.classroom is not None:
            yield ClassBar()
        yield Static(id="lesson-bar")
        with Horizontal(id="headline"):
            yield Static(id="headline-label")
            yield BigNumber(id="headline-number")
        with Container(id="lesson-body"):
            with VerticalScroll(id="prose", can_focus=False):
                yield Markdown(id="prose-text")
            if self.lesson.panel:
                yield panel_class(self.lesson.panel)(self.lesson, self.initial_values, self.seed)
        yield KeysFooter()  # the lesson's own keys first, `? help` always

    @property
    def panel(self) -> LessonPanel | None:
        """The lesson's interactive panel, if it has one (looked up once: every step key asks)."""
        if self._panel is None and self.lesson.panel:
            panels = self.query(LessonPanel)
            self._panel = panels.first() if panels else None
        return self._panel

    def on_mount(self) -> None:
        if self.values != self.lesson.defaults():  # given on the command line or resumed: kept at
            self.values_at[self.section] = dict(self.values)  # this step, not its scenario's
        self.show_section(backwards=False)
        self.on_resize()
        if self.panel is not None:
            self.watch(self.panel, "headline", self.show_headline)

    @property
    def values(self) -> dict[str, ParamValue]:
        """The values in force now: what the panel's editors hold (the given ones until they exist)."""
        values = dict(self.initial_values)
        for editor in self.query(ParamEditor):
            values.update(editor.values)
        return values

    def presenting_changed(self) -> None:
        """Presenter mode went on or off (the App says so: a screen never watches the App, which
        would keep every lesson ever opened alive)."""
        if self.panel is not None:
            self.show_headline(self.panel.headline)
            self.panel.presenting_changed()

    def show_headline(self, headline: Headline | None) -> None:
        """The panel's key number, shown large when presenting (untouched otherwise: no relayout per key)."""
        if not self.app.presenting:
            return
        self.query_one("#headline").set_class(headline is None, "-empty")
        if headline is not None:
            self.query_one("#headline-label", Static).update(headline.label)
            self.query_one("#headline-number", BigNumber).text = headline.text()

    def show_notice(self, text: str, severity: str, timeout: float) -> None:
        """Say `text` in the lesson bar for `timeout` seconds: never over the prose, a plot or
        the key number, and a newer notice replaces the one before."""
        if not is_live(self):
            return
        bar = self.query_one("#lesson-bar", Static)
        bar.update(text)
        bar.set_classes(f"-notice -{severity}")
        if self._notice_timer is not None:
            self._notice_timer.stop()
        self._notice_timer = self.set_timer(timeout, self.end_notice)

    def end_notice(self) -> None:
        if self._notice_timer is not None:
            self._notice_timer.stop()
        self._notice_timer = None
        if not is_live(self):  # the lesson was left meanwhile
            return
        bar = self.query_one("#lesson-bar", Static)
        bar.set_classes("")
        bar.update(self._bar_text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_scenario":
            return bool(self.lesson.scenarios) and self.panel is not None
        if action == "exercise":
            return bool(self.lesson.exercises)  # offered only where the lesson has one
        return True

    def action_exercise(self) -> None:
        """Predict, then reveal: a fresh exercise with this lesson's numbers."""
        from tui_tutor.screens.review import ReviewScreen

        item = self.app.lesson_exercise(self.lesson)
        if item is None:
            return
        self.app.push_screen(ReviewScreen([item], f"{self.lesson.title}: predict, then reveal"))

    def action_check_yourself(self) -> None:
        """This lesson's review questions."""
        from tui_tutor.screens.review import ReviewScreen

        if not self.lesson.questions:
            self.notify("This lesson has no check-yourself questions.")
            return
        self.app.push_screen(ReviewScreen(self.app.lesson_questions(self.lesson), f"{self.lesson.title}: check yourself"))

    def action_next_scenario(self) -> None:
        """Apply the lesson's next named scenario (an instructor's preset)."""
        scenarios = self.lesson.scenarios
        self.scenario = (self.scenario + 1) % len(scenarios)
        scenario = scenarios[self.scenario]
        self.apply_scenario(scenario.name)
        note = "".join(f"\n{said}" for said in (scenario.note, self.panel.scenario_remark(dict(scenario.values))) if said)
        self.notify(f"Scenario {self.scenario + 1}/{len(scenarios)}: {scenario.name}{note}", timeout=3)

    def apply_scenario(self, name: str) -> None:
        """Set the panel to the scenario `name` (values it leaves out: the lesson's defaults)."""
        self.panel.apply_values({**self.lesson.defaults(), **dict(self.lesson.scenario(name).values)})

    def on_resize(self) -> None:
        width, height = self.app.size
        self.set_class(width >= WIDE, "-wide")
        self.query_one("#headline").styles.height = headline_rows(height)

    def watch_section(self, before: int, section: int) -> None:
        self.values_at[before] = dict(self.values)
        self.show_section(backwards=section < before)

    def show_section(self, *, backwards: bool) -> None:
        """Show the current section: its prose, its values (as the learner left them, or its
        scenario the first time), and the panel's view."""
        lesson, i = self.lesson, self.section
        sec = lesson.sections[i]
        last = i == len(lesson.sections) - 1
        quiz = " · [b]k[/b]: check yourself" if last and lesson.questions else ""
        where = f"step {i + 1}/{len(lesson.sections)}: {sec.title}"
        self._bar_text = f"[b]{lesson.number}/{self.total} {lesson.title}[/b] · {where}{quiz}"
        if self._notice_timer is None:
            self.query_one("#lesson-bar", Static).update(self._bar_text)
        self.query_one("#prose-text", Markdown).update(sec.body)
        self.query_one("#prose", VerticalScroll).scroll_home(animate=False)
        panel = self.panel
        if panel is not None:
            if i in self.values_at and self.values_at[i] != self.values:
                panel.apply_values(self.values_at[i])
            elif i not in self.values_at and sec.scenario:
                self.apply_scenario(sec.scenario)
            panel.backwards = backwards
            panel.view = sec.view
        self.post_message(StepReached(lesson.id, i))

    def follow(self, step: int, values: dict[str, ParamValue]) -> None:
        """Go where the instructor is: their step, with their values."""
        if step != self.section and 0 <= step < len(self.lesson.sections):
            self.section = step
        now = self.values
        mine = {k: v for k, v in values.items() if k in now and type(v) is type(now[k])}
        if self.panel is not None and any(now[k] != v for k, v in mine.items()):
            self.panel.apply_values({**now, **mine})

    def action_next(self) -> None:
        self.end_notice()  # the learner moved on: the bar says where they are now
        if self.panel is not None and self.panel.step_forward():
            return
        if self.section < len(self.lesson.sections) - 1:
            self.section += 1
        else:
            self.post_message(LessonLeft(self.lesson.id, +1))

    def action_previous(self) -> None:
        self.end_notice()  # the learner moved on: the bar says where they are now
        if self.panel is not None and self.panel.step_back():
            return
        if self.section > 0:
            self.section -= 1
        else:
            self.post_message(LessonLeft(self.lesson.id, -1))

    def action_first(self) -> None:
        """Home: the panel's first step of its own (an iteration), else the lesson's first step."""
        self.end_notice()  # the learner moved on: the bar says where they are now
        if self.panel is None or not self.panel.step_home():
            self.section = 0

    def action_last(self) -> None:
        """End: the panel's last step of its own, else the lesson's last step."""
        self.end_notice()  # the learner moved on: the bar says where they are now
        if self.panel is None or not self.panel.step_end():
            self.section = len(self.lesson.sections) - 1

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
        import io
        import shlex
        import sys
        from pathlib import Path

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
            command = shlex.join([sys.executable, str(folder / name)])  # the Python that has torch
            post_callback(self.app, self.notify, f"Wrote {folder / name}\nRun it with: {command}", title="Exported")
            return
        post_callback(self.app, self.notify, f"Could not write {name} here or in your home folder.", severity="error")
