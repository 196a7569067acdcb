"""The app's side of progress: keep it in memory, save it in the background, offer to resume.

`ProgressKeeping` is mixed into the App. Every change is applied to `self.progress` at once
(so screens show it) and saved by a worker thread through the store, which merges with what
another terminal may have saved meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import work

from typing import TYPE_CHECKING

from tui_tutor.content import Lesson
from tui_tutor.safety import post_callback

if TYPE_CHECKING:  # progress, answers and review items load after the first frame
    from tui_tutor.answers import Verdict
    from tui_tutor.progress import Progress, Store
    from tui_tutor.review_items import ReviewItem


class ProgressKeeping:
    """Mixin for the App: `store`, `progress`, recording, review sessions and resuming."""

    store: Store
    progress: Progress
    lessons: tuple[Lesson, ...]
    seed: int

    def load_progress(self, store: Store | None, keep: bool = False) -> None:
        """Read the saved progress: from `store`, else the user's file if `keep`, else none
        (this session only). Say in one line if the file had to be set aside."""
        from tui_tutor.progress import NullStore, ProgressStore

        if store is None:
            store = ProgressStore() if keep else NullStore()
        self.store = store
        self.progress = self.store.load()
        self._last_notice = self.store.notice
        if self.store.notice:
            self.notify(self.store.notice, title="Progress", severity="warning", timeout=10)

    def record(self, change: Callable[[Progress], Progress]) -> None:
        """Apply `change` to the progress now and save it in the background.

        The whole progress in memory is saved (merged into the file), not `change` again:
        the file gets the very answers and times the screen shows, and if the file went
        bad meanwhile (moved aside), the fresh one still holds everything of this session."""
        self.progress = change(self.progress)
        self._save(self.progress)

    @work(thread=True, group="progress")
    def _save(self, progress: Progress) -> None:
        saved = self.store.save(progress)
        post_callback(self, self._saved, saved, self.store.notice)

    def _saved(self, saved: Progress, notice: str | None) -> None:
        """Take in what another terminal saved; say once what went wrong, if anything did."""
        from tui_tutor.progress import merge

        self.progress = merge(self.progress, saved)
        if notice and notice != self._last_notice:
            self.notify(notice, title="Progress", severity="warning", timeout=10)
        self._last_notice = notice

    def lesson_reached(self, lesson: Lesson, step: int) -> None:
        """The learner is at `step` of `lesson` (the last step completes it)."""
        last = step == len(lesson.sections) - 1

        def change(p: Progress) -> Progress:
            p = p.visit(lesson.id, step)
            return p.complete(lesson.id) if last else p

        self.record(change)

    def record_answer(self, item: ReviewItem, verdict: Verdict) -> None:
        """Keep the result of one question or exercise."""
        if item.is_exercise:
            self.record(lambda p: p.record_exercise(item.id, verdict.correct, verdict.value))
        else:
            self.record(lambda p: p.record_question(item.id, verdict.correct))

    def resume_text(self) -> str | None:
        """Where the learner left off, in words (None if nowhere or not a lesson any more)."""
        position = self.progress.position
        lesson = next((l for l in self.lessons if position and l.id == position.lesson_id), None)
        if lesson is None:
            return None
        step = min(position.step, len(lesson.sections) - 1)
        return f"lesson {lesson.number}, “{lesson.title}”, step {step + 1} of {len(lesson.sections)}"

    def review_items(self, lesson_ids: list[str] | None) -> tuple[str, list[ReviewItem]]:
        """A title and the items for a review of `lesson_ids` (default: the lessons visited)."""
        from tui_tutor.review_items import session

        if lesson_ids:
            chosen = [l for l in self.lessons if l.id in lesson_ids]
            title = "Review: " + ", ".join(l.title for l in chosen)
        else:
            chosen = [l for l in self.lessons if self.progress.lesson(l.id).visited]
            title = "Review of the lessons you visited"
            if not chosen:
                chosen, title = list(self.lessons), "Review of every lesson (none visited yet)"
        self._review_round = getattr(self, "_review_round", 0) + 1
        return title, session(chosen, self.seed * 1000 + self._review_round)

    def lesson_questions(self, lesson: Lesson) -> list[ReviewItem]:
        """The lesson's own questions (its "check yourself")."""
        from tui_tutor.review_items import question_items

        self._question_round = getattr(self, "_question_round", 0) + 1
        return question_items(lesson, self.seed * 1000 + self._question_round)

    def lesson_exercise(self, lesson: Lesson) -> ReviewItem | None:
        """A fresh exercise for the lesson (a new one each time), if it has one."""
        from tui_tutor.review_items import exercise_item

        self._exercise_round = getattr(self, "_exercise_round", 0) + 1
        return exercise_item(lesson, self.seed * 1000 + self._exercise_round)
