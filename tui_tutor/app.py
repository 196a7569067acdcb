"""The tutor's App: screens, global keys, themes, and the lecture's navigation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape
from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Input

from tui_tutor.commands import LessonCommands
from tui_tutor.content import Course, Lesson
from tui_tutor.content.model import ParamValue
from tui_tutor.errorlog import log_error
from tui_tutor.keeping import VALUES_SAVE_DELAY, ProgressKeeping, ReviewState
from tui_tutor.messages import (
    AnswerGiven,
    AnswerSent,
    ContentsShown,
    LessonChosen,
    LessonLeft,
    ReviewRequested,
    StatsRequested,
    StepReached,
)
from tui_tutor.review_settings import ReviewSettings
from tui_tutor.runner import torch_ready
from tui_tutor.safety import ReportErrors, post_callback
from tui_tutor.screens.blank import BlankScreen
from tui_tutor.screens.contents import ContentsScreen
from tui_tutor.screens.help import HelpScreen, widget_keys
from tui_tutor.sigterm import end_on_sigterm
from tui_tutor.textual_compat import ErrorsReported, release_styles_caches
from tui_tutor.themes import PROJECTOR, theme_name

if TYPE_CHECKING:
    from tui_tutor.class_session import ClassSession
    from tui_tutor.classroom.link import ClassLink
    from tui_tutor.progress import Store
from tui_tutor.screens.too_small import TooSmallScreen, too_small

WARM_UP_DELAY = 0.2
"""Seconds after the first frame before torch is imported in the background."""


class TutorApp(ProgressKeeping, ErrorsReported, ReportErrors, App[None]):
    """Contents, lessons and help; one step model for the whole lecture."""

    CSS_PATH = "app.tcss"
    TITLE = "tui-tutor"
    COMMANDS = App.COMMANDS | {LessonCommands}
    AUTO_FOCUS = None
    """Lessons open with nothing focused, so the clicker's keys step at once (Tab enters a field)."""
    BINDINGS = [
        Binding("q", "quit", "quit", show=False),
        Binding("f5", "toggle_presenting", "present", show=False),
        Binding("b,full_stop", "blank", "blank screen", show=False, priority=True),
        Binding("question_mark,f1", "help", "help", key_display="?", show=False),  # pinned in KeysFooter
        Binding("right_square_bracket", "lesson(1)", "next lesson", key_display="]", show=False),
        Binding("left_square_bracket", "lesson(-1)", "previous lesson", key_display="[", show=False),
        Binding("escape", "contents", "contents", show=False),
        Binding("f", "follow", "browse alone / rejoin the instructor", show=False, priority=True),
        Binding("f6", "ask_class", "ask the class this lesson's question", show=False, priority=True),
        Binding("shift+f6", "ask_class(True)", "ask the class an exercise", show=False, priority=True),
        Binding("f7", "reveal", "reveal the answer to the class", show=False, priority=True),
        Binding("f8", "class_overview", "the class: who is where, what they missed", show=False, priority=True),
    ]

    def __init__(
        self,
        course: Course,
        *,
        start: str | None = None,
        overrides: dict[str, ParamValue] | None = None,
        seed: int = 0,
        theme: str = "dark",
        presenting: bool = False,
        store: Store | None = None,
        keep_progress: bool = False,
        review: list[str] | None = None,
        review_settings: ReviewSettings | None = None,
        watch: Path | None = None,
        classroom: ClassLink | None = None,
    ) -> None:
        """`store` keeps progress; without one, `keep_progress` uses the user's progress file
        and otherwise progress lasts this session only. `review` opens a review instead of
        the contents: a practice of those lessons, or (an empty list) today's due cards, as
        `review_settings` say (day, length, new cards per day, exam date). `watch` is a
        course folder whose edited lesson files are reloaded into the running tutor.
        `classroom`: this tutor's link to its class (`tui_tutor.classroom.link.ClassLink`), or None."""
        release_styles_caches()  # a widget's rendered lines go with the widget (Textual #6665)
        super().__init__()
        self.classroom = classroom
        self.class_session: ClassSession | None = None
        self.initial_store, self.keep_progress, self.initial_review = store, keep_progress, review
        for projector_theme in PROJECTOR.values():
            self.register_theme(projector_theme)
        self.course, self.lessons = course, course.lessons
        self.sub_title = course.title
        self.watch_folder = watch
        self.start, self.overrides, self.seed = start, overrides or {}, seed
        self.base_theme = theme
        self.set_reactive(TutorApp.presenting, presenting)
        self.theme = theme_name(theme, presenting)
        self.set_class(presenting, "-presenting")
        self.errors: list[BaseException] = []
        self.notices: list[tuple[str, str]] = []
        """Every notice said, as (title, message): what the learner was told."""
        self.terminal_size: Size = Size(80, 24)
        """The latest size the terminal reported."""
        self.progress = None  # loaded a frame after the contents are up
        self.review_state = ReviewState(seed, review_settings or ReviewSettings())
        self.values_timer = None

    presenting: reactive[bool] = reactive(False, init=False)
    """Presenter mode: projector theme, no chrome, key numbers large."""

    def watch_presenting(self, presenting: bool) -> None:
        from tui_tutor.screens.lesson import LessonScreen

        self.set_class(presenting, "-presenting")
        self.theme = theme_name(self.base_theme, presenting)
        for screen in self.screen_stack:
            if isinstance(screen, LessonScreen):
                screen.presenting_changed()
        self.refresh_bindings()  # the footer says `i`, not `.`, for a step while `.` blanks

    def get_key_display(self, binding: Binding) -> str:
        """A step bound to `.` and `i` is shown by the key that works now: while presenting,
        `.` blanks the screen (a clicker's blank button), so the footer says `i`."""
        if binding.key_display == "." and binding.key != "full_stop":
            return binding.key
        return super().get_key_display(binding)

    def action_toggle_presenting(self) -> None:
        self.presenting = not self.presenting
        self.notify("Presenter mode on: F5 leaves it, b or . blanks the screen." if self.presenting
                    else "Presenter mode off.", timeout=3)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Blanking is for presenting, and never steals a letter typed into a field."""
        if action == "blank":
            return self.presenting and not isinstance(self.focused, Input) and not isinstance(self.screen, BlankScreen)
        if action == "follow":  # a student's `f`; typed into a field it stays a letter
            return self.class_session is not None and not self.class_session.lead and not isinstance(self.focused, Input)
        if action in ("ask_class", "reveal", "class_overview"):
            return self.class_session is not None and self.class_session.lead
        return True

    def action_follow(self) -> None:
        self.class_session.toggle_follow()

    def action_ask_class(self, exercise: bool = False) -> None:
        """Pose the open lesson's next check-yourself question (or a fresh exercise) to the class."""
        from tui_tutor.screens.asked import AskedScreen

        lesson = self.current_lesson()
        if lesson is None:
            self.notify("Open a lesson first: the class is asked that lesson's questions.")
            return
        item = self.class_session.next_item(lesson, exercise)
        if item is None:
            self.notify(f"{lesson.title} has no {'exercise' if exercise else 'question'} to ask.")
            return
        self.classroom.ask(item, lesson.id)
        self.push_screen(AskedScreen(item))

    def action_reveal(self) -> None:
        self.classroom.reveal()

    def action_class_overview(self) -> None:
        from tui_tutor.screens.class_overview import ClassOverviewScreen

        if not isinstance(self.screen, ClassOverviewScreen):
            self.push_screen(ClassOverviewScreen())

    def action_blank(self) -> None:
        self.push_screen(BlankScreen())

    def on_mount(self) -> None:
        self.terminal_size = self.size
        if self.start:  # the contents are built when the learner first goes there (Esc)
            self.load_progress(self.initial_store, self.keep_progress)
            self.open_lesson(self.start)
        else:  # the contents first; progress (its marks, the resume offer) a frame later
            self.push_screen(ContentsScreen(self.lessons, self.course.title))
            self.call_after_refresh(self._after_first_frame)
        self.call_after_refresh(self.check_size)
        self.call_after_refresh(self.set_timer, WARM_UP_DELAY, self.warm_up)
        self.set_interval(VALUES_SAVE_DELAY, self.keep_screen_values)
        if self.classroom is not None:
            from tui_tutor.class_session import ClassSession

            self.class_session = ClassSession(self, self.classroom)
        if self.watch_folder is not None:
            from tui_tutor.watching import CourseWatcher

            self.course_watcher = CourseWatcher(self, self.watch_folder)
        end_on_sigterm(self)

    @work(thread=True, group="warm-up")
    def warm_up(self) -> None:
        """Once the first screen is up: import torch and the lesson screen, run one tiny computation.

        Started after the first frame so it does not compete with it; by the time a
        learner opens a lesson and presses a key, nothing is left to load.
        """
        import tui_tutor.screens.lesson  # noqa: F401  (Markdown, plotext)
        from tui_tutor.compute import neuron

        neuron.forward([1.0], [1.0], 0.0, "sigmoid")
        torch_ready.set()

    def _after_first_frame(self) -> None:
        self.load_progress(self.initial_store, self.keep_progress)
        self.contents_screen().show_progress()
        if self.initial_review is not None:
            self.open_review(self.initial_review)
        elif (where := self.resume_text()) is not None:
            from tui_tutor.screens.resume import ResumeScreen

            self.push_screen(ResumeScreen(where), self._resume)

    def _resume(self, resume: bool | None) -> None:
        position = self.progress.position
        if resume and position is not None:
            lesson = self.lessons[self.index_of(position.lesson_id)]
            self.open_lesson(lesson.id, step=position.step, values=self.resume_values(lesson))

    @on(AnswerSent)
    def _answer_sent(self, event: AnswerSent) -> None:
        if self.class_session is not None:
            self.class_session.answered(event.value)

    @on(AnswerGiven)
    def _answer_given(self, event: AnswerGiven) -> None:
        self.record_answer(event.item, event.verdict, event.hinted)

    @on(ReviewRequested)
    def _review_requested(self, event: ReviewRequested) -> None:
        if event.practice:  # asked from an empty review: the practice takes its place
            self.pop_screen()
        self.open_review(list(event.lesson_ids), practice=event.practice)

    @on(StatsRequested)
    def _stats_requested(self) -> None:
        self.push_screen(self.stats_screen())

    @on(ContentsShown)
    def _contents_shown(self) -> None:
        if self.progress is not None:
            self.count_due()

    # --- the lecture's navigation -------------------------------------------------

    @on(LessonChosen)
    def _lesson_chosen(self, event: LessonChosen) -> None:
        self.open_lesson(event.lesson_id, step=event.step)

    @on(StepReached)
    def _step_reached(self, event: StepReached) -> None:
        self.lesson_reached(self.lessons[self.index_of(event.lesson_id)], event.step)

    @on(LessonLeft)
    def _lesson_left(self, event: LessonLeft) -> None:
        self.step_to_lesson(event.direction, at_end=event.direction < 0)

    def index_of(self, lesson_id: str) -> int:
        """Position of `lesson_id` in the lecture."""
        return next(i for i, lesson in enumerate(self.lessons) if lesson.id == lesson_id)

    def open_lesson(self, lesson_id: str, *, at_end: bool = False, step: int = 0,
                    values: dict[str, ParamValue] | None = None) -> None:
        """Show a lesson at `step` (or its last step with `at_end`), with `values` where given
        (the ones the lesson has; the rest its defaults)."""
        from tui_tutor.screens.lesson import LessonScreen

        lesson = self.lessons[self.index_of(lesson_id)]
        given = dict(values or {})
        values = lesson.defaults()
        if lesson_id == self.start:
            values.update(self.overrides)
        values.update({k: v for k, v in given.items() if k in values and type(v) is type(values[k])})
        section = len(lesson.sections) - 1 if at_end else min(max(step, 0), len(lesson.sections) - 1)
        screen = LessonScreen(lesson, len(self.lessons), values, self.seed, section)
        self.close_dialogs()
        if self.current_lesson() is not None or isinstance(self.screen, ContentsScreen):
            self.switch_screen(screen)  # the contents kept below would hold their widgets, and an old lesson
            #                             (Textual's last Show event to their footer): Esc makes them again
        else:
            self.push_screen(screen)

    def current_lesson(self) -> Lesson | None:
        """The lesson on screen, if any."""
        return getattr(self.screen, "lesson", None)

    def step_to_lesson(self, delta: int, *, at_end: bool = False) -> None:
        """Open the lesson `delta` away from the current one, if there is one."""
        current = self.current_lesson()
        if current is None:
            return
        target = self.index_of(current.id) + delta
        if 0 <= target < len(self.lessons):
            self.open_lesson(self.lessons[target].id, at_end=at_end)
        elif delta > 0:
            self.notify("That was the last step of the lecture. Esc: contents, q: quit.", title="The end")
        else:
            self.action_contents()

    def action_lesson(self, delta: int) -> None:
        if self.current_lesson() is None:
            contents = self.screen
            if isinstance(contents, ContentsScreen):
                contents.action_open()
            return
        self.step_to_lesson(delta)

    def close_dialogs(self) -> None:
        """Close dialogs and the blank screen (never the too-small notice)."""
        while isinstance(self.screen, (ModalScreen, BlankScreen)) and not isinstance(self.screen, TooSmallScreen):
            self.pop_screen()

    def action_contents(self) -> None:
        if isinstance(self.screen, TooSmallScreen):
            return
        self.close_dialogs()
        current = self.current_lesson()
        if current is None:
            return
        contents = self.contents_screen()
        if contents is None:  # made now, with this lesson's mark: none is kept under the lessons
            self.switch_screen(ContentsScreen(self.lessons, self.course.title, highlighted=current.id))
            return
        self.pop_screen()
        contents.highlight(current.id)

    def contents_screen(self) -> ContentsScreen | None:
        """The contents, if on the screen stack (a lesson replaces them; Esc makes them again)."""
        return next((screen for screen in self.screen_stack if isinstance(screen, ContentsScreen)), None)

    def action_help(self) -> None:
        if not isinstance(self.screen, (HelpScreen, TooSmallScreen)):
            lesson, panel = self.current_lesson(), getattr(self.screen, "panel", None)
            extra = widget_keys(f"This lesson: {lesson.title}", panel) if lesson is not None and panel is not None else ()
            self.push_screen(HelpScreen(extra))

    # --- a course folder being edited (--watch) ---------------------------------------

    @work(thread=True, exclusive=True, group="reload")
    def reload_course(self, folder: Path) -> None:
        """Read the course folder again; the app takes it, or says in one line what is wrong."""
        from tui_tutor.content import LessonError, load_course

        try:
            course = load_course(folder)
        except LessonError as err:
            post_callback(self, self.notify, f"{err.problems[0]}\nThe tutor keeps the lessons as they were.",
                          title="Lesson not reloaded", severity="error", timeout=10)
            return
        post_callback(self, self._course_reloaded, course)

    def _course_reloaded(self, course: Course) -> None:
        """Show the new course: the contents, and the open lesson at the same step."""
        from tui_tutor.screens.lesson import LessonScreen

        self.course, self.lessons = course, course.lessons
        if (contents := self.contents_screen()) is not None:
            contents.show_lessons(course.lessons)
        current = self.screen if isinstance(self.screen, LessonScreen) else None
        if current is None or all(lesson.id != current.lesson.id for lesson in course.lessons):
            return
        lesson = course.lesson(current.lesson.id)
        kept = {p.name: current.values[p.name] for p in lesson.params
                if p.name in current.values and type(current.values[p.name]) is type(p.default)}
        step = min(current.section, len(lesson.sections) - 1)
        self.switch_screen(LessonScreen(lesson, len(self.lessons), {**lesson.defaults(), **kept}, self.seed, step))
        self.notify(f"Reloaded {lesson.source}", timeout=2)

    # --- size and errors ------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.terminal_size = event.size  # `self.size` can lag behind a resize (it is debounced)
        self.check_size(event.size)

    def check_size(self, size: Size | None = None) -> None:
        """Show or hide the too-small notice for `size` (default: the current size)."""
        if len(self.screen_stack) < 2:
            return  # only the App's own blank screen: on_mount checks once the first screen is up
        small = too_small(*(size or self.terminal_size))
        on_top = isinstance(self.screen, TooSmallScreen)
        if small and not on_top:
            self.push_screen(TooSmallScreen())
        elif not small and on_top:
            self.pop_screen()  # a notice left deeper in the stack dismisses itself when uncovered

    def notify(self, message: str, *, title: str = "", severity: str = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """On a lesson, a notice takes the lesson bar (never covering the prose, a plot or the key
        number; a newer one replaces it); elsewhere, and for errors, Textual's toast."""
        from tui_tutor.screens.lesson import LessonScreen

        self.notices.append((title, message))
        if isinstance(self.screen, LessonScreen) and self.screen.is_mounted and severity != "error":
            text = " · ".join(line for line in message.splitlines() if line.strip())
            if not markup:
                text = escape(text)
            self.screen.show_notice(f"[b]{title}:[/b] {text}" if title else text, severity, timeout or 4)
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def report_error(self, error: Exception) -> None:
        """Turn an unexpected error into a notification and a log entry; keep running."""
        self.errors.append(error)
        log_error(error)
        self.notify(
            f"{type(error).__name__}: {error}\nThe tutor keeps running; details are in the log.",
            title="Something went wrong", severity="error", timeout=8,
        )
