"""The tutor's App: screens, global keys, themes, and the lecture's navigation."""

from __future__ import annotations


from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.widgets import Input
from textual.screen import ModalScreen
from typing import TYPE_CHECKING

from tui_tutor.commands import LessonCommands
from tui_tutor.errorlog import log_error
from tui_tutor.keeping import ProgressKeeping
from tui_tutor.runner import torch_ready
from tui_tutor.safety import ReportErrors
from tui_tutor.content import Lesson
from tui_tutor.content.model import ParamValue
from tui_tutor.screens.contents import ContentsScreen
from tui_tutor.screens.blank import BlankScreen
from tui_tutor.screens.help import HelpScreen, widget_keys
from tui_tutor.sigterm import end_on_sigterm
from tui_tutor.themes import PROJECTOR, theme_name

if TYPE_CHECKING:
    from tui_tutor.progress import Store
from tui_tutor.screens.too_small import TooSmallScreen, too_small

WARM_UP_DELAY = 0.2
"""Seconds after the first frame before torch is imported in the background."""


class TutorApp(ProgressKeeping, ReportErrors, App[None]):
    """Contents, lessons and help; one step model for the whole lecture."""

    CSS_PATH = "app.tcss"
    TITLE = "tui-tutor"
    SUB_TITLE = "Deep Learning Fundamentals II"
    COMMANDS = App.COMMANDS | {LessonCommands}
    AUTO_FOCUS = None
    """Lessons open with nothing focused, so the clicker's keys step at once (Tab enters a field)."""
    BINDINGS = [
        Binding("q", "quit", "quit", show=False),
        Binding("f5", "toggle_presenting", "present", show=False),
        Binding("b,full_stop", "blank", "blank screen", show=False, priority=True),
        Binding("question_mark,f1", "help", "help", key_display="?"),
        Binding("right_square_bracket", "lesson(1)", "next lesson", key_display="]", show=False),
        Binding("left_square_bracket", "lesson(-1)", "previous lesson", key_display="[", show=False),
        Binding("escape", "contents", "contents", show=False),
    ]

    def __init__(
        self,
        lessons: tuple[Lesson, ...],
        *,
        start: str | None = None,
        overrides: dict[str, ParamValue] | None = None,
        seed: int = 0,
        theme: str = "dark",
        presenting: bool = False,
        store: Store | None = None,
        keep_progress: bool = False,
        review: list[str] | None = None,
    ) -> None:
        """`store` keeps progress; without one, `keep_progress` uses the user's progress file
        and otherwise progress lasts this session only. `review` opens a review of those
        lessons (an empty list: the lessons visited) instead of the contents."""
        super().__init__()
        self.initial_store, self.keep_progress, self.initial_review = store, keep_progress, review
        for projector_theme in PROJECTOR.values():
            self.register_theme(projector_theme)
        self.lessons = lessons
        self.start, self.overrides, self.seed = start, overrides or {}, seed
        self.base_theme = theme
        self.set_reactive(TutorApp.presenting, presenting)
        self.theme = theme_name(theme, presenting)
        self.set_class(presenting, "-presenting")
        self.errors: list[BaseException] = []
        self.terminal_size: Size = Size(80, 24)
        """The latest size the terminal reported."""

    presenting: reactive[bool] = reactive(False, init=False)
    """Presenter mode: projector theme, no chrome, key numbers large."""

    def watch_presenting(self, presenting: bool) -> None:
        self.set_class(presenting, "-presenting")
        self.theme = theme_name(self.base_theme, presenting)

    def action_toggle_presenting(self) -> None:
        self.presenting = not self.presenting
        self.notify("Presenter mode on: F5 leaves it, b or . blanks the screen." if self.presenting
                    else "Presenter mode off.", timeout=3)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Blanking is for presenting, and never steals a letter typed into a field."""
        if action == "blank":
            return self.presenting and not isinstance(self.focused, Input) and not isinstance(self.screen, BlankScreen)
        return True

    def action_blank(self) -> None:
        self.push_screen(BlankScreen())

    def on_mount(self) -> None:
        self.terminal_size = self.size
        self.push_screen(ContentsScreen(self.lessons))
        if self.start:
            self.load_progress(self.initial_store, self.keep_progress)
            self.open_lesson(self.start)
        else:  # the contents first; progress (its marks, the resume offer) a frame later
            self.call_after_refresh(self._after_first_frame)
        self.call_after_refresh(self.check_size)
        self.call_after_refresh(self.set_timer, WARM_UP_DELAY, self.warm_up)
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
        contents = next(s for s in self.screen_stack if isinstance(s, ContentsScreen))
        contents.show_progress()
        if self.initial_review is not None:
            self.start_review(self.initial_review)
        elif (where := self.resume_text()) is not None:
            from tui_tutor.screens.resume import ResumeScreen

            self.push_screen(ResumeScreen(where), self._resume)

    def _resume(self, resume: bool | None) -> None:
        position = self.progress.position
        if resume and position is not None:
            self.open_lesson(position.lesson_id, step=position.step)

    def start_review(self, lesson_ids: list[str] | None = None) -> None:
        """Open a review session of `lesson_ids` (default: the lessons visited)."""
        from tui_tutor.screens.review import ReviewScreen

        title, items = self.review_items(lesson_ids)
        self.close_dialogs()
        self.push_screen(ReviewScreen(items, title))

    # --- the lecture's navigation -------------------------------------------------

    def index_of(self, lesson_id: str) -> int:
        """Position of `lesson_id` in the lecture."""
        return next(i for i, lesson in enumerate(self.lessons) if lesson.id == lesson_id)

    def open_lesson(self, lesson_id: str, *, at_end: bool = False, step: int = 0) -> None:
        """Show a lesson at `step` (or its last step with `at_end`)."""
        from tui_tutor.screens.lesson import LessonScreen

        lesson = self.lessons[self.index_of(lesson_id)]
        values = lesson.defaults()
        if lesson_id == self.start:
            values.update(self.overrides)
        section = len(lesson.sections) - 1 if at_end else min(max(step, 0), len(lesson.sections) - 1)
        screen = LessonScreen(lesson, len(self.lessons), values, self.seed, section)
        self.close_dialogs()
        if self.current_lesson() is not None:
            self.switch_screen(screen)
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
        """Close help and code dialogs (never the too-small notice)."""
        while isinstance(self.screen, ModalScreen) and not isinstance(self.screen, TooSmallScreen):
            self.pop_screen()

    def action_contents(self) -> None:
        if isinstance(self.screen, TooSmallScreen):
            return
        self.close_dialogs()
        current = self.current_lesson()
        if current is not None:
            self.pop_screen()
        if isinstance(self.screen, ContentsScreen) and current is not None:
            self.screen.highlight(current.id)

    def action_help(self) -> None:
        if not isinstance(self.screen, (HelpScreen, TooSmallScreen)):
            lesson, panel = self.current_lesson(), getattr(self.screen, "panel", None)
            extra = widget_keys(f"This lesson: {lesson.title}", panel) if lesson is not None and panel is not None else ()
            self.push_screen(HelpScreen(extra))

    # --- size and errors ------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.terminal_size = event.size  # `self.size` can lag behind a resize (it is debounced)
        self.check_size(event.size)

    def check_size(self, size: Size | None = None) -> None:
        """Show or hide the too-small notice for `size` (default: the current size)."""
        if not any(isinstance(screen, ContentsScreen) for screen in self.screen_stack):
            return  # not started yet: on_mount checks once the screens are up
        small = too_small(*(size or self.terminal_size))
        on_top = isinstance(self.screen, TooSmallScreen)
        if small and not on_top:
            self.push_screen(TooSmallScreen())
        elif not small and on_top:
            self.pop_screen()  # a notice left deeper in the stack dismisses itself when uncovered

    def _handle_exception(self, error: Exception) -> None:
        """Turn an unexpected error into a notification and a log entry; keep running."""
        self.errors.append(error)
        log_error(error)
        self.notify(
            f"{type(error).__name__}: {error}\nThe tutor keeps running; details are in the log.",
            title="Something went wrong", severity="error", timeout=8,
        )
