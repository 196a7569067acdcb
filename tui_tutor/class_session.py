"""The app's side of a class (`tui-tutor --class LOCATION`): follow the instructor, or lead.

A student's tutor follows the instructor's lesson, step, scenario, values and iteration
(`snapshot.position`, applied when its version changes) until the learner moves on their own or
presses `f`; `f` again rejoins wherever the instructor is now. An instructor's tutor publishes
where it is several times a second (the link sends only the latest) and shows how many
students are connected and following. The line in the class bar says which, or "class
connection lost: …" while the link reconnects by itself; the tutor keeps working alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui_tutor.content.model import ParamValue
from tui_tutor.safety import post_callback

if TYPE_CHECKING:
    from tui_tutor.app import TutorApp
    from tui_tutor.classroom.link import ClassLink, Snapshot
    from tui_tutor.classroom.model import Position
    from tui_tutor.classroom.reviews import ClassRecord
    from tui_tutor.content import Lesson
    from tui_tutor.review_items import ReviewItem

def student_folder(name: str) -> str:
    """A folder name for a student: letters, digits, `-` and `_` only."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:64] or "student"


TICK = 0.1
"""Seconds between looks at where this tutor is (to publish it, or to notice the learner moved)."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a tutor is: the lesson (None: the contents), its step, values and its panel's own step."""

    lesson_id: str | None
    step: int = 0
    values: tuple[tuple[str, ParamValue], ...] = ()
    substep: int = 0


class ClassSession:
    """Follows or leads the class for `app` through `link`."""

    def __init__(self, app: TutorApp, link: ClassLink) -> None:
        self.app, self.link = app, link
        self.lead = link.snapshot.lead
        self.following = not self.lead
        self.applied_version = -1
        self.applied: Place | None = None
        """Where following last took this tutor: moving anywhere else means browsing alone."""
        self.published: Place | None = None
        self.reported_progress: object = None
        self.restored: ClassRecord | None = None
        """The class record last merged into this tutor's progress."""
        self.signed_in = not link.by_code
        """A browser tab knows who it is once the class has taken its student code."""
        self.shown_question: int | None = None
        self.judged_question: int | None = None
        self.asked: dict[str, int] = {}
        """How many of each lesson's questions the instructor has asked (F6 asks the next)."""
        self.snapshot: Snapshot = link.snapshot
        link.on_change = lambda snapshot: post_callback(app, self.changed, snapshot)
        app.set_interval(TICK, self.tick)
        app.call_after_refresh(lambda: self.changed(link.snapshot))  # what the link knew before it was heard

    # --- where this tutor is ------------------------------------------------------------

    def place(self) -> Place:
        """Where the app is now."""
        from tui_tutor.screens.lesson import LessonScreen

        screen = next((s for s in reversed(self.app.screen_stack) if isinstance(s, LessonScreen)), None)
        if screen is None:
            return Place(None)
        panel = screen.panel
        return Place(screen.lesson.id, screen.section, tuple(sorted(screen.values.items())),
                     panel.substep if panel is not None else 0)

    def tick(self) -> None:
        here = self.place()
        if self.lead:
            if here != self.published:
                self.published = here
                self.link.publish(here.lesson_id, here.step, None, dict(here.values), here.substep)
            return
        if self.following and self.applied is not None and here != self.applied and self._settled(here):
            self.following = False  # the learner stepped, edited or iterated on their own
            self.show()
        self.link.where(here.lesson_id, here.step, self.following)
        progress = getattr(self.app, "progress", None)
        restored = self.snapshot.restored
        if restored is not None and restored is not self.restored and progress is not None and self.signed_in:
            self.restored = restored
            self.take_in(restored)
            progress = self.app.progress
        if progress is not None and progress is not self.reported_progress:  # a new answer or step
            self.reported_progress = progress
            self.link.report_progress(progress)

    def take_in(self, restored: ClassRecord) -> None:
        """The lessons and reviews the class record holds join this student's own progress (their
        progress file was lost, or this is a browser tab on another server)."""
        from tui_tutor.classroom.reviews import progress_of

        if restored.lessons or restored.reviews:
            self.app.take_in(progress_of(restored))

    def _settled(self, here: Place) -> bool:
        """Whether `here` differs from the applied place by the learner's doing (not because the
        lesson is still arriving: a new lesson's screen takes a moment to mount)."""
        return here.lesson_id == (self.applied.lesson_id if self.applied else None)

    # --- the class's news ---------------------------------------------------------------

    def changed(self, snapshot: Snapshot) -> None:
        """The link saw something new: show it, and follow the instructor if this tutor does."""
        from tui_tutor.screens.asked import AskedScreen
        from tui_tutor.screens.class_overview import ClassOverviewScreen

        if self.link.by_code and not self.signed_in:
            self.signing_in(snapshot)
        self.snapshot = snapshot
        if isinstance(self.app.screen, (ClassOverviewScreen, AskedScreen)):
            self.app.screen.show()
        state = snapshot.state
        if self.following and state is not None and state.version != self.applied_version and state.position:
            self.applied_version = state.version
            self.go_to(state.position)
        if not self.lead and snapshot.question is not None:
            self.question_changed(snapshot.question)
        self.show()

    def question_changed(self, live) -> None:
        """A student: a new question is put to the class (ask it), or its answer revealed (judge it)."""
        from tui_tutor.screens.live_question import LiveQuestionScreen

        screen = next((s for s in self.app.screen_stack if isinstance(s, LiveQuestionScreen) and s.live.id == live.id), None)
        if self.shown_question is None and live.revealed:  # answered and revealed before this tutor joined
            self.shown_question = self.judged_question = live.id
            return
        if live.id != self.shown_question:
            self.shown_question = live.id
            if screen is None and not live.revealed:
                self.app.push_screen(LiveQuestionScreen(live))
                return
        if live.revealed and live.id != self.judged_question:
            self.judged_question = live.id
            if screen is None:
                screen = LiveQuestionScreen(live)
                self.app.push_screen(screen)
                self.app.call_after_refresh(screen.revealed, live)
            else:
                screen.revealed(live)

    def answered(self, value: float) -> None:
        """A student answered the open question."""
        question = self.snapshot.question
        if question is not None and not question.revealed:
            self.link.answer(question.id, value)

    def go_to(self, position: Position) -> None:
        """Take the app to the instructor's place: lesson, step, values, the panel's own step."""
        from tui_tutor.screens.lesson import LessonScreen

        values = dict(position.params)
        self.applied = Place(position.lesson_id, position.step, tuple(sorted(values.items())), position.iteration)
        if position.lesson_id is None:
            self.app.action_contents()
            return
        screen = next((s for s in reversed(self.app.screen_stack) if isinstance(s, LessonScreen)), None)
        if screen is None or screen.lesson.id != position.lesson_id:  # (the same lesson: followed under a dialog)
            if all(lesson.id != position.lesson_id for lesson in self.app.lessons):
                return  # a lesson this tutor does not have (another course folder)
            self.app.open_lesson(position.lesson_id, step=position.step, values=values)
            self.app.call_after_refresh(self._seek, position.iteration)
            return
        screen.follow(position.step, values)
        self._seek(position.iteration)

    def _seek(self, substep: int) -> None:
        from tui_tutor.screens.lesson import LessonScreen

        screen = next((s for s in reversed(self.app.screen_stack) if isinstance(s, LessonScreen)), None)
        if screen is not None and screen.panel is not None and screen.panel.substep != substep:
            screen.panel.seek(substep)

    def toggle_follow(self) -> None:
        """`f`: browse alone, or rejoin wherever the instructor is now."""
        self.following = not self.following
        position = self.snapshot.position
        if self.following and position is not None:
            self.applied_version = self.snapshot.state.version if self.snapshot.state else -1
            self.go_to(position)
        self.show()
        self.link.where(self.place().lesson_id, self.place().step, self.following)

    # --- a browser tab's student code --------------------------------------------------

    def signing_in(self, snapshot: Snapshot) -> None:
        """Ask for the code until the class takes one; then keep this student's own progress."""
        from tui_tutor.progress import ProgressStore, default_directory
        from tui_tutor.screens.sign_in import SignInScreen

        screen = next((s for s in self.app.screen_stack if isinstance(s, SignInScreen)), None)
        if snapshot.name:
            self.signed_in = True
            if screen is not None:
                screen.dismiss()
            self.app.use_store(ProgressStore(default_directory() / "students" / student_folder(snapshot.name)))
            self.app.notify(f"Signed in as {snapshot.name}.", timeout=3)
            return
        if screen is None:
            self.app.push_screen(SignInScreen())
        elif snapshot.notices != self.snapshot.notices and snapshot.notice:
            screen.refused(snapshot.notice)

    # --- asking the class ----------------------------------------------------------------

    def next_item(self, lesson: Lesson, exercise: bool) -> ReviewItem | None:
        """The lesson's next question to ask (in turn), or a fresh exercise (the same numbers for all)."""
        if exercise:
            return self.app.lesson_exercise(lesson)
        items = self.app.lesson_questions(lesson)
        if not items:
            return None
        n = self.asked.get(lesson.id, 0)
        self.asked[lesson.id] = n + 1
        return items[n % len(items)]

    # --- the class bar ------------------------------------------------------------------

    def status(self) -> str:
        """The class bar's one line."""
        s = self.snapshot
        if s.status:
            return s.status + ("" if s.ended else " · working alone meanwhile")
        if self.lead:
            counts = s.counts
            who = f"{counts.connected} connected · {counts.following} following" if counts else "counting students …"
            return f"leading the class · {who} · F6 ask · F8 class"
        if self.following:
            waiting = "" if s.position is not None else " (who has not started yet)"
            return f"following the instructor{waiting} · f: browse alone"
        return f"browsing alone{self._behind()} · f: rejoin"

    def _behind(self) -> str:
        """How far the instructor is from here, in words."""
        position = self.snapshot.position
        if position is None or position.lesson_id is None:
            return ""
        ids = [lesson.id for lesson in self.app.lessons]
        here = self.place()
        if position.lesson_id not in ids:
            return ""
        theirs = ids.index(position.lesson_id)
        mine = ids.index(here.lesson_id) if here.lesson_id in ids else -1
        if mine != theirs:
            return f" · the instructor is at lesson {theirs + 1}, step {position.step + 1}"
        gap = position.step - here.step
        if gap == 0:
            return " · the instructor is at this step too"
        return f" · the instructor is {abs(gap)} step{'s' * (abs(gap) != 1)} {'ahead' if gap > 0 else 'behind'}"

    def show(self) -> None:
        """Put the line in every class bar on screen."""
        from tui_tutor.widgets.class_bar import ClassBar

        text = self.status()
        for bar in self.app.screen.query(ClassBar):
            bar.show(text, lost=bool(self.snapshot.status))
