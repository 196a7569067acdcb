"""The app's side of progress: keep it in memory, save it in the background, review, resume.

`ProgressKeeping` is mixed into the App. Every change is applied to `self.progress` at once
(so screens show it) and saved by a worker thread through the store, which merges with what
another terminal may have saved meanwhile. The App's review state (`ReviewState`: the
command line's review settings and the round counter behind every fresh seed) is made in
its `__init__`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from textual import work

from tui_tutor.content import Lesson
from tui_tutor.content.model import ParamValue
from tui_tutor.review_settings import ReviewSettings
from tui_tutor.safety import post_callback

if TYPE_CHECKING:  # progress, answers, review items and the schedule load after the first frame
    from textual.screen import Screen
    from textual.timer import Timer

    from tui_tutor.answers import Verdict
    from tui_tutor.progress import Progress, Store
    from tui_tutor.review_items import ReviewItem
    from tui_tutor.review_plan import Plan

VALUES_SAVE_DELAY = 1.0
"""Seconds after a parameter edit before it is saved (edits in that time are saved together)."""


class ReviewState:
    """The App's review state: the review settings and a round counter for fresh seeds."""

    def __init__(self, seed: int, settings: ReviewSettings) -> None:
        self.seed, self.settings, self.round = seed, settings, 0

    def next_seed(self) -> int:
        """A seed no earlier round of this run used, reproducible from `--seed` and the day."""
        self.round += 1
        return (self.seed * 1000 + self.round) * 1_000_000 + self.settings.day().toordinal()


class ProgressKeeping:
    """Mixin for the App: `store`, `progress`, recording, review sessions and resuming."""

    store: Store
    progress: Progress | None
    """None until `load_progress` (a frame after the contents are up)."""
    lessons: tuple[Lesson, ...]
    review_state: ReviewState
    values_timer: Timer | None

    def load_progress(self, store: Store | None, keep: bool = False) -> None:
        """Read the saved progress: from `store`, else the user's file if `keep`, else none
        (this session only). Say in one line if the file had to be set aside. Remember the
        review settings the command line gave (new cards per day, an exam date)."""
        from tui_tutor.progress import NullStore, ProgressStore

        if store is None:
            store = ProgressStore() if keep else NullStore()
        self.store = store
        self.progress = self.store.load()
        self._last_notice = self.store.notice
        if self.store.notice:
            self.notify(self.store.notice, title="Progress", severity="warning", timeout=10)
        remembered = self.review_state.settings.remember(self.progress)
        if remembered is not self.progress:
            self.record(lambda p: self.review_state.settings.remember(p))
        self.count_due()

    def use_store(self, store: Store) -> None:
        """Keep progress in `store` from now on (a browser tab that signed in as a student); what
        this session did before is theirs too."""
        from tui_tutor.progress import merge

        before = self.progress
        self.load_progress(store)
        if before is not None:
            self.record(lambda p: merge(p, before))
        if (contents := self.contents_screen()) is not None:
            contents.show_progress()

    def take_in(self, kept_elsewhere: Progress) -> None:
        """Merge progress kept elsewhere (the reviews a class record holds) into the learner's own,
        and count again what is due."""
        from tui_tutor.progress import merge

        self.record(lambda p: merge(p, kept_elsewhere))
        self.count_due()

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

    def keep_values(self, lesson: Lesson, values: Mapping[str, ParamValue]) -> None:
        """The learner has `values` in `lesson`: kept now, saved a moment later (edits in
        quick succession, such as a held ↑, are saved together)."""
        self.progress = self.progress.keep_values(lesson.id, values)
        if self.values_timer is None:
            self.values_timer = self.set_timer(VALUES_SAVE_DELAY, self._save_values)

    def _save_values(self) -> None:
        self.values_timer = None
        self.record(lambda p: p)

    def save_now(self) -> None:
        """Save what is waiting (values edited just now), before the app exits."""
        if self.values_timer is not None:
            self.values_timer.stop()
            self.values_timer = None
            self.store.save(self.progress)

    def record_answer(self, item: ReviewItem, verdict: Verdict, hinted: bool = False) -> None:
        """Keep the result of one question or exercise: a review of its card, on the review day."""
        rating, day = item.rate(verdict, hinted), self.review_state.settings.day().isoformat()
        if item.is_exercise:
            self.record(lambda p: p.record_exercise(item.id, verdict.correct, verdict.value, rating=rating, day=day,
                                                    asked=item.asked))
        else:
            self.record(lambda p: p.record_question(item.id, verdict.correct, rating=rating, day=day))

    def resume_text(self) -> str | None:
        """Where the learner left off, in words (None if nowhere or not a lesson any more)."""
        position = self.progress.position
        lesson = next((each for each in self.lessons if position and each.id == position.lesson_id), None)
        if lesson is None:
            return None
        step = min(position.step, len(lesson.sections) - 1)
        return f"lesson {lesson.number}, “{lesson.title}”, step {step + 1} of {len(lesson.sections)}"

    def resume_values(self, lesson: Lesson) -> dict[str, ParamValue]:
        """The values the learner last had in `lesson` that still fit it (the rest: defaults)."""
        from tui_tutor.content.values import check_together, format_value, parse_value

        values = lesson.defaults()
        for name, kept in self.progress.lesson(lesson.id).values.items():
            try:
                param = lesson.param(name)
                values[name] = parse_value(param, format_value(param, kept))
            except (KeyError, ValueError, TypeError):
                continue  # the lesson file changed since: that parameter starts at its default
        return values if not check_together(lesson.params, values) else lesson.defaults()

    def plan_reviews(self) -> Plan:
        """The reviews of the review day, as the progress stands now."""
        from tui_tutor.review_plan import plan

        settings = self.review_state.settings
        return plan(self.lessons, self.progress, settings.day(), **settings.plan_options(self.progress))

    def practice_items(self, lesson_ids: list[str] | None) -> tuple[str, list[ReviewItem]]:
        """A title and the items for a practice of `lesson_ids` (default: the lessons visited)."""
        from tui_tutor.review_items import session

        if lesson_ids:
            chosen = [each for each in self.lessons if each.id in lesson_ids]
            title = "Practice: " + ", ".join(each.title for each in chosen)
        else:
            chosen = [each for each in self.lessons if self.progress.lesson(each.id).visited]
            title = "Practice of the lessons you visited"
            if not chosen:
                chosen, title = list(self.lessons), "Practice of every lesson (none visited yet)"
        return title, session(chosen, self.review_state.next_seed())

    def due_items(self, p: Plan) -> list[ReviewItem]:
        """Today's cards as items to ask, in the plan's order, each with fresh choices or numbers."""
        from tui_tutor.review_plan import item_for

        seed = self.review_state.next_seed()
        return [item_for(card, seed, self.progress) for card in p.queue]

    @work(thread=True, group="review", exclusive=True)
    def open_review(self, lesson_ids: list[str] | None = None, practice: bool = False) -> None:
        """Show today's review, or a practice of `lesson_ids` (default: the lessons visited).
        The session is worked out off the event loop (a replay of every card; an exercise's
        numbers may need torch loaded), then its screen is shown."""
        session = self.practice_session(lesson_ids) if practice or lesson_ids else self.due_session()
        post_callback(self, self._show_review, session)

    def _show_review(self, session: dict[str, Any]) -> None:
        from tui_tutor.screens.review import ReviewScreen

        self.close_dialogs()
        self.push_screen(ReviewScreen(**session))

    def due_session(self) -> dict[str, Any]:
        """Today's review: the due cards, new ones mixed in, an exam's run-up (ReviewScreen's arguments)."""
        from tui_tutor.review_plan import intro, nothing_due, outlook

        today = self.plan_reviews()
        new = [card.key for card in today.new]
        settings = self.review_state.settings
        day = settings.day()
        return {"items": self.due_items(today), "length": settings.limit, "intro": intro(today), "due": True,
                "title": "Review" if settings.today is None else f"Review as of {day:%a} {day.day} {day:%b}",
                "outlook": lambda answered: outlook(self.plan_reviews(), answered, new),
                "seed": self.review_state.next_seed(), "empty": nothing_due(today)}

    def practice_session(self, lesson_ids: list[str] | None) -> dict[str, Any]:
        """A practice of `lesson_ids` (default: the lessons visited), whatever is due."""
        title, items = self.practice_items(lesson_ids)
        return {"items": items, "title": title, "length": self.review_state.settings.limit,
                "intro": f"{len(items)} questions and exercises, in a shuffled order.",
                "seed": self.review_state.next_seed()}

    def stats_screen(self) -> Screen:
        """The review statistics as of the review day."""
        from tui_tutor.review_stats import stats
        from tui_tutor.screens.review_stats import StatsScreen

        return StatsScreen(stats(self.plan_reviews()))

    @work(thread=True, group="due-count", exclusive=True)
    def count_due(self) -> None:
        """Work out what is due today (a replay of every card) and tell the contents."""
        from tui_tutor.review_plan import due_line

        post_callback(self, self._show_due, due_line(self.plan_reviews()))

    def _show_due(self, line: str) -> None:

        if (contents := self.contents_screen()) is not None:
            contents.due_text = line

    def keep_screen_values(self) -> None:
        """Keep the values the learner has in the lesson on screen, when they changed (looked at
        every `VALUES_SAVE_DELAY` s and before quitting: never on the keystroke's path)."""
        from tui_tutor.screens.lesson import LessonScreen

        screen = self.screen
        if not isinstance(screen, LessonScreen) or self.progress is None:
            return
        lesson = screen.lesson
        values, kept = screen.values, dict(self.progress.lesson(lesson.id).values)
        if values != (kept or lesson.defaults()):
            self.keep_values(lesson, values)

    async def action_quit(self) -> None:
        """Save what is waiting (values edited just now), then quit."""
        self.keep_screen_values()
        self.save_now()
        await super().action_quit()  # type: ignore[misc]

    def lesson_questions(self, lesson: Lesson) -> list[ReviewItem]:
        """The lesson's own questions (its "check yourself")."""
        from tui_tutor.review_items import question_items

        return question_items(lesson, self.review_state.next_seed())

    def lesson_exercise(self, lesson: Lesson) -> ReviewItem | None:
        """A fresh exercise for the lesson (a new one each time), if it has one."""
        from tui_tutor.review_items import exercise_item

        if not lesson.exercises:
            return None
        seed = self.review_state.next_seed()
        name = lesson.exercises[seed % len(lesson.exercises)]
        attempts = self.progress.exercises.get(name, ())
        return exercise_item(lesson, seed, avoid=attempts[-1].asked if attempts else None, name=name)
