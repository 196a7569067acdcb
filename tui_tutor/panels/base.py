"""What every interactive lesson panel offers the lesson screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from tui_tutor.content import Lesson
from tui_tutor.content.model import ParamValue
from tui_tutor.safety import ReportErrors, if_live


@dataclass(frozen=True, slots=True)
class Headline:
    """A lesson's key number (or numbers, written "a : b"), shown large in presenter mode."""

    label: str
    values: tuple[float | None, ...]
    percent: bool = False
    """Show the values as percentages."""

    def text(self) -> str:
        """The numbers as the screen writes them (see `tui_tutor.numbers`)."""
        from tui_tutor.numbers import number

        shown = [f"{100 * v:.1f} %" if self.percent and v is not None else number(v) for v in self.values]
        return " : ".join(shown)


class LessonPanel(ReportErrors, Widget):
    """The interactive part of a lesson, below (or beside) its prose.

    Its BINDINGS are the lesson's own keys (train, stop, add an outlier, ...). The screen
    sets `view` as the learner steps: the name of what the step shows, as the lesson's
    `## Title {view=NAME}` headings say and the panel's declaration (`NEEDS` in
    `tui_tutor/content/needs/`) lists; never a section number, so an author can insert,
    remove and reorder prose sections freely. `backwards` says the learner arrived from
    the step after. A panel that has steps of its own (iterations, graph nodes) takes them
    in `step_forward`/`step_back` (and `step_home`/`step_end` for Home and End) and returns
    False when it has none left, so the lecture moves on. It reads its parameters from its
    editors' `values` on mount and watches them (`self.watch(editor, "values", ...)`).
    """

    DEFAULT_CSS = """
    LessonPanel { height: auto; }
    """
    can_focus = True
    """The panel holds focus when no field does, so its own keys (and the step keys) work."""

    view: reactive[str] = reactive("", repaint=False, init=False, always_update=True)
    """What the current step shows: one of the views the panel declares. Set at every step,
    also when two steps in a row show the same view (a panel may start a run afresh)."""
    headline: reactive[Headline | None] = reactive(None, repaint=False)
    """The lesson's key number, shown large in presenter mode."""

    def __init__(self, lesson: Lesson, values: dict[str, ParamValue], seed: int) -> None:
        super().__init__(classes="lesson-panel")
        self.lesson = lesson
        self.initial_values = values
        self.seed = seed
        self.backwards = False
        """Whether the learner arrived at the current step from the one after it."""

    # Callbacks that arrive late (after a refresh, on a timer, from a worker) run only while
    # the panel is live: Textual removes a widget's children before the widget itself, and a
    # lesson left in a hurry would otherwise get its results with its children gone.

    def call_after_refresh(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        return super().call_after_refresh(if_live(self, callback), *args, **kwargs)

    def set_timer(self, delay: float, callback: Callable[..., Any] | None = None, **kwargs: Any) -> Timer:
        return super().set_timer(delay, None if callback is None else if_live(self, callback), **kwargs)

    def set_interval(self, interval: float, callback: Callable[..., Any] | None = None, **kwargs: Any) -> Timer:
        return super().set_interval(interval, None if callback is None else if_live(self, callback), **kwargs)

    def step_forward(self) -> bool:
        """Take one step of the panel's own; False when it has none left here."""
        return False

    def step_back(self) -> bool:
        """Undo one step of the panel's own; False when there is none to undo."""
        return False

    @property
    def substep(self) -> int:
        """How many of the panel's own steps (iterations, nodes) are taken at this view (0: none)."""
        return 0

    def seek(self, substep: int) -> None:
        """Go to the panel's own step `substep` at this view (a class follows its instructor's)."""

    def presenting_changed(self) -> None:
        """Presenter mode went on or off (the lesson screen says so)."""

    def step_home(self) -> bool:
        """Go to the first of the panel's own steps at this view; False when it has none."""
        return False

    def step_end(self) -> bool:
        """Go to the last of the panel's own steps at this view; False when it has none."""
        return False

    def apply_values(self, values: dict[str, ParamValue]) -> None:
        """Set parameters (a scenario); by default through the panel's parameter editors."""
        from tui_tutor.widgets.param_editor import ParamEditor

        for editor in self.query(ParamEditor):
            editor.set_values(values)

    def scenario_remark(self, values: dict[str, ParamValue]) -> str:
        """What the current view makes of a scenario's `values` otherwise than its name says, in
        words for the scenario's notice ("" when it shows them as named)."""
        return ""

    def pytorch_source(self) -> str | None:
        """Standalone PyTorch code computing what the panel shows now (None if nothing)."""
        return None
