"""What a review asks: lesson questions and predict-then-reveal exercises, as one kind of item.

No UI imports: the review screen and the in-lesson checks show `ReviewItem`s, `check`
marks an answer with `tui_tutor.answers` and `rate` turns it into the schedule's rating.
Every time an item is asked again (a retry, a card coming back) its choices are shuffled
anew and an exercise gets fresh numbers, never the ones it asked last.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field, replace

from tui_tutor import exercises
from tui_tutor.answers import Verdict, check_choice, check_numeric, rating
from tui_tutor.content import Lesson
from tui_tutor.content.model import Question
from tui_tutor.numbers import given, number

FRESH_TRIES = 20
"""Seeds tried for an exercise whose numbers differ from the last ones asked."""


def card_key(is_exercise: bool, item_id: str) -> str:
    """The review schedule's name for a question or exercise (the two have separate id spaces)."""
    return f"{'exercise' if is_exercise else 'question'}:{item_id}"


def split_card_key(key: str) -> tuple[bool, str]:
    """(is it an exercise, its id) from a `card_key`."""
    kind, _, item_id = key.partition(":")
    if kind not in ("exercise", "question") or not item_id:
        raise ValueError(f"not a card key: {key!r}")
    return kind == "exercise", item_id


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One thing to answer: a multiple-choice or numeric question, or an exercise."""

    id: str
    """The question id, or the exercise id (progress keys on it)."""
    kind: str
    """"choice", "numeric" or "exercise"."""
    lesson: str
    """The lesson's title."""
    prompt: str
    choices: tuple[str, ...]
    answer: float
    tolerance: float
    hint: str
    explanation: str
    """Shown after answering; for an exercise, its worked steps."""
    from_lecture: bool = False
    lesson_id: str = ""
    ordered: bool = False
    """Choices kept in the file's order (never shuffled)."""
    source: Lesson | None = field(default=None, compare=False, repr=False)
    """An exercise's lesson, to ask it again with fresh numbers."""

    @property
    def is_exercise(self) -> bool:
        return self.kind == "exercise"

    @property
    def key(self) -> str:
        """The schedule's card for this item."""
        return card_key(self.is_exercise, self.id)

    @property
    def asked(self) -> str | None:
        """For an exercise, a fingerprint of its numbers (kept with the answer, so the next differs)."""
        return f"{zlib.crc32(self.prompt.encode()):08x}" if self.is_exercise else None

    def answer_text(self) -> str:
        """The right answer in words."""
        if self.kind == "choice":
            return f"{int(self.answer) + 1}. {self.choices[int(self.answer)]}"
        return number(self.answer, sig=6) + (f" (± {given(self.tolerance)})" if self.tolerance else "")

    def check(self, given: str | int | None) -> Verdict:
        """Mark an answer: an option index for a choice, typed text otherwise."""
        if self.kind == "choice":
            return check_choice(given if isinstance(given, int) else None, int(self.answer))
        return check_numeric(given if isinstance(given, str) else "", self.answer, self.tolerance)

    def rate(self, verdict: Verdict, hinted: bool) -> int:
        """The schedule's rating of `verdict` (numbers: how close it was; either: the hint)."""
        if self.kind == "choice":
            return rating(verdict, hinted=hinted)
        return rating(verdict, expected=self.answer, tolerance=self.tolerance, hinted=hinted)


def _shuffled(item: ReviewItem, seed: int) -> ReviewItem:
    """`item` with its choices in an order drawn from `seed` (unless they are kept in order)."""
    if item.kind != "choice" or item.ordered:
        return item
    order = list(range(len(item.choices)))
    random.Random(f"{seed}:{item.id}").shuffle(order)
    return replace(item, choices=tuple(item.choices[i] for i in order), answer=float(order.index(int(item.answer))))


def question_item(lesson: Lesson, q: Question, seed: int) -> ReviewItem:
    """One of the lesson file's questions, its choices shuffled by `seed`: where the right
    answer sits is never a clue."""
    item = ReviewItem(q.id, q.kind, lesson.title, q.prompt, q.choices, float(q.answer), q.tolerance, q.hint,
                      q.explanation, q.source == "lecture", lesson.id, q.ordered)
    return _shuffled(item, seed)


def question_items(lesson: Lesson, seed: int) -> list[ReviewItem]:
    """The lesson file's review questions."""
    return [question_item(lesson, q, seed) for q in lesson.questions]


def exercise_item(lesson: Lesson, seed: int, avoid: str | None = None, name: str | None = None) -> ReviewItem | None:
    """A fresh predict-then-reveal exercise for the lesson (its exercise `name`, or one of its
    exercises picked by `seed`), whose numbers are not the ones fingerprinted `avoid` (the
    last asked); None if the lesson has none."""
    if not lesson.exercises:
        return None
    return _fresh_exercise(lesson, name or lesson.exercises[seed % len(lesson.exercises)], seed, avoid)


def _fresh_exercise(lesson: Lesson, name: str, seed: int, avoid: str | None) -> ReviewItem:
    item = None
    for attempt in range(FRESH_TRIES):
        ex = exercises.make(name, lesson, seed + 7919 * attempt)
        item = ReviewItem(ex.id, "exercise", lesson.title, ex.prompt, (), ex.answer, ex.tolerance,
                          "Work it out on paper; answers like 0.62 or 1/3 are fine.", "\n".join(ex.steps),
                          lesson_id=lesson.id, source=lesson)
        if item.asked != avoid:
            break
    return item


def again(item: ReviewItem, seed: int) -> ReviewItem:
    """`item` to be asked once more: choices shuffled anew, an exercise with fresh numbers."""
    if item.is_exercise and item.source is not None:
        return _fresh_exercise(item.source, item.id, seed, item.asked)
    return _shuffled(item, seed)


def session(lessons: list[Lesson], seed: int) -> list[ReviewItem]:
    """A practice session: every question of these lessons and one exercise each, shuffled by `seed`."""
    items: list[ReviewItem] = []
    for lesson in lessons:
        items += question_items(lesson, seed)
        exercise = exercise_item(lesson, seed)
        if exercise is not None:
            items.append(exercise)
    random.Random(seed).shuffle(items)
    return items
