"""What the class keeps of a student's progress (`ClassRecord`): their lessons, answer counts and
every review, out of their progress, back into a progress that lost them, and what the
instructor's report says of their schedule.

The class keeps each review (card, day, rating, right or wrong), never a schedule: like the
progress file, it is replayed through FSRS (`tui_tutor.schedule`) whenever it is needed, so the
class record and the student's own file can only agree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from tui_tutor.classroom.model import ReviewRecord
from tui_tutor.progress import Attempt, LessonProgress, Progress
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


@dataclass(frozen=True, slots=True)
class ClassRecord:
    """A student's progress as the class keeps it: (visited, completed) per lesson, (right,
    wrong) per question and per exercise (the latter as `exercise:ID`), and every review by id."""

    lessons: dict[str, tuple[bool, bool]] = field(default_factory=dict)
    items: dict[str, tuple[int, int]] = field(default_factory=dict)
    reviews: dict[str, ReviewRecord] = field(default_factory=dict)

    @classmethod
    def of(cls, progress: Progress) -> ClassRecord:
        lessons = {lesson: (p.visited, p.completed) for lesson, p in progress.lessons.items()}
        items: dict[str, tuple[int, int]] = {}
        for prefix, table in (("", progress.questions), ("exercise:", progress.exercises)):
            for item, attempts in table.items():
                right = sum(a.correct for a in attempts)
                items[prefix + item] = (right, len(attempts) - right)
        return cls(lessons, items, {r.id: r for r in review_records(progress)})

    def news(self, sent: ClassRecord) -> tuple[dict[str, tuple[bool, bool]], dict[str, tuple[int, int]],
                                                 list[ReviewRecord]]:
        """What the class has not been sent yet: changed lessons and items, new reviews."""
        return ({k: v for k, v in self.lessons.items() if sent.lessons.get(k) != v},
                {k: v for k, v in self.items.items() if sent.items.get(k) != v},
                [r for k, r in self.reviews.items() if k not in sent.reviews])


def progress_of(record: ClassRecord) -> Progress:
    """A class record as progress, to merge into the student's own: lessons visited and
    completed, and every review as an attempt (merged by attempt id)."""
    tables: dict[bool, dict[str, list[Attempt]]] = {False: {}, True: {}}
    for r in record.reviews.values():
        is_exercise, item_id = split_card_key(r.card)
        tables[is_exercise].setdefault(item_id, []).append(
            Attempt(r.id, r.correct, r.at, rating=r.rating, day=r.day))
    questions, exercises = ({k: tuple(sorted(v, key=lambda a: (a.at, a.id))) for k, v in tables[flag].items()}
                            for flag in (False, True))
    lessons = {k: LessonProgress(visited=v, completed=c) for k, (v, c) in record.lessons.items()}
    return Progress(lessons=lessons, questions=questions, exercises=exercises)


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
    states = schedule(progress_of(ClassRecord(reviews={r.id: r for r in records}))).values()
    reviews = [r for s in states for r in s.reviews]
    return ScheduleSummary(
        cards=len(states),
        due=sum(s.due <= today for s in states),
        due_week=sum((s.due - today).days < 7 for s in states),
        reviews=len(reviews),
        right=sum(r.correct for r in reviews),
        lapses=sum(s.lapses for s in states),
    )
