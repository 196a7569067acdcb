"""The review schedule: every question and exercise is a card, scheduled by FSRS (the `fsrs` package).

Nothing of the schedule is stored. A card's state is replayed through `fsrs.Scheduler`
from its review log, which is the learner's attempts in the progress file (merged across
terminals by attempt id), so two terminals reviewing at once lose nothing and agree.

The schedule runs in whole days, as a daily habit does: a review on day D is given to
FSRS at 00:00 UTC of D, so intervals are whole days and a card is due on the day
`card.due` falls on. The scheduler has no learning steps (a new or forgotten card comes
back the next day, not in ten minutes) and no fuzz (fuzz draws from the global random
generator, so a replay would move due days each time it is computed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from fsrs import Card, Rating, Scheduler

from tui_tutor.answers import AGAIN, GOOD
from tui_tutor.progress import Attempt, Progress
from tui_tutor.review_items import card_key

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
"""The one scheduler: FSRS's default parameters and 90 % desired retention."""


def day_time(day: date) -> datetime:
    """The moment FSRS is told a review on `day` happened."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Review:
    """One entry of a card's review log."""

    day: date
    rating: int
    correct: bool
    at: float
    id: str


def review_of(attempt: Attempt) -> Review:
    """An attempt as a review: its own rating and day, or (files from before the schedule)
    good or again by its correctness on the local date of its time."""
    day = date.fromisoformat(attempt.day) if attempt.day else datetime.fromtimestamp(attempt.at).date()
    rating = attempt.rating or (GOOD if attempt.correct else AGAIN)
    return Review(day, rating, attempt.correct, attempt.at, attempt.id)


def review_logs(progress: Progress) -> dict[str, tuple[Review, ...]]:
    """Every card's reviews in the order they happened (by day, then time), by card key."""
    logs = {}
    for is_exercise, table in ((False, progress.questions), (True, progress.exercises)):
        for item_id, attempts in table.items():
            reviews = sorted((review_of(a) for a in attempts), key=lambda r: (r.day, r.at, r.id))
            if reviews:
                logs[card_key(is_exercise, item_id)] = tuple(reviews)
    return logs


@dataclass(frozen=True, slots=True)
class CardState:
    """Where one card stands after its reviews."""

    key: str
    due: date
    """The day it is due (FSRS's due time, which falls at 00:00 UTC of it)."""
    reviews: tuple[Review, ...]
    card: Card
    """FSRS's card after the replay (stability, difficulty)."""

    @property
    def first_day(self) -> date:
        return self.reviews[0].day

    @property
    def last_day(self) -> date:
        return self.reviews[-1].day

    @property
    def lapses(self) -> int:
        """Wrong answers on a day after the card was first seen (it had been learned, then forgotten)."""
        return sum(1 for r in self.reviews if not r.correct and r.day > self.first_day)

    def recall(self, on: date) -> float:
        """FSRS's predicted probability of recalling the card on day `on`."""
        return SCHEDULER.get_card_retrievability(self.card, day_time(on))


def replay(key: str, reviews: Iterable[Review]) -> CardState:
    """The card `key` after `reviews` (in order), each given to FSRS at the start of its day."""
    reviews = tuple(reviews)
    card = Card(card_id=1, due=day_time(reviews[0].day))
    for review in reviews:
        card, _ = SCHEDULER.review_card(card, Rating(review.rating), review_datetime=day_time(review.day))
    return CardState(key, card.due.date(), reviews, card)


def schedule(progress: Progress) -> dict[str, CardState]:
    """Every card the learner has answered at least once, replayed, by card key."""
    return {key: replay(key, reviews) for key, reviews in review_logs(progress).items()}
