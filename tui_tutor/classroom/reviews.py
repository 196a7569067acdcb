"""A student's review schedule in their class record: their reviews out of their progress, back
into it on another machine or browser, and what the instructor's report says of them.

The class keeps each review (card, day, rating, right or wrong), never a schedule: like the
progress file, it is replayed through FSRS (`tui_tutor.schedule`) whenever it is needed, so the
class record and the student's own file can only agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tui_tutor.classroom.model import ReviewRecord
from tui_tutor.progress import Attempt, Progress
from tui_tutor.review_items import card_key, split_card_key
from tui_tutor.schedule import review_of, schedule


def review_records(progress: Progress) -> tuple[ReviewRecord, ...]:
    """Every answer in `progress` as the class keeps it (day and rating as the schedule reads them)."""
    records = []
    for is_exercise, table in ((False, progress.questions), (True, progress.exercises)):
        for item_id, attempts in table.items():
            for attempt in attempts:
                review = review_of(attempt)
                records.append(ReviewRecord(card_key(is_exercise, item_id), attempt.id, review.day.isoformat(),
                                            review.rating, attempt.correct, attempt.at))
    return tuple(records)


def progress_of(records: Iterable[ReviewRecord]) -> Progress:
    """The reviews of a class record as progress, to merge into the student's own (by attempt id)."""
    tables: dict[bool, dict[str, list[Attempt]]] = {False: {}, True: {}}
    for r in records:
        is_exercise, item_id = split_card_key(r.card)
        tables[is_exercise].setdefault(item_id, []).append(
            Attempt(r.id, r.correct, r.at, rating=r.rating, day=r.day))
    questions, exercises = ({k: tuple(sorted(v, key=lambda a: (a.at, a.id))) for k, v in tables[flag].items()}
                            for flag in (False, True))
    return Progress(questions=questions, exercises=exercises)


@dataclass(frozen=True, slots=True)
class ScheduleSummary:
    """One student's schedule as the report shows it."""

    cards: int
    """Cards reviewed at least once."""
    due: int
    """Cards due on the day of the report (overdue included)."""
    due_week: int
    """Cards due within the next seven days (today's included)."""
    reviews: int
    right: int
    lapses: int
    """Wrong answers on a day after the card was first seen."""

    @property
    def retention(self) -> float | None:
        """The share of reviews answered right (None before any)."""
        return self.right / self.reviews if self.reviews else None


def summarise(records: Iterable[ReviewRecord], today: date) -> ScheduleSummary:
    """One student's class-record reviews, replayed as of `today`."""
    states = schedule(progress_of(records)).values()
    reviews = [r for s in states for r in s.reviews]
    return ScheduleSummary(
        cards=len(states),
        due=sum(s.due <= today for s in states),
        due_week=sum((s.due - today).days < 7 for s in states),
        reviews=len(reviews),
        right=sum(r.correct for r in reviews),
        lapses=sum(s.lapses for s in states),
    )
