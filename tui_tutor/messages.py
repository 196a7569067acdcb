"""Messages that screens and panels post upward to the App (Textual's "messages up").

Named in the past tense: each says what happened, and the App decides what follows
(record progress, open a lesson, start a review). Widgets' own messages (a field's value
changed) live with their widget. The App handles each with `@on`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the App imports this module at start-up: keep it light
    from tui_tutor.answers import Verdict
    from tui_tutor.review_items import ReviewItem


@dataclass
class LessonChosen(Message):
    """The learner picked a lesson (contents, palette); open it at `step`."""

    lesson_id: str
    step: int = 0


@dataclass
class StepReached(Message):
    """The learner is at `step` of the lesson `lesson_id` (the last step completes it)."""

    lesson_id: str
    step: int


@dataclass
class LessonLeft(Message):
    """The learner stepped past the end (`direction` +1) or the start (-1) of a lesson."""

    lesson_id: str
    direction: int


@dataclass
class ReviewRequested(Message):
    """The learner asked for a review: today's due cards, or (`lesson_ids`, or `practice` for
    the lessons visited) a practice whatever is due."""

    lesson_ids: tuple[str, ...] = ()
    practice: bool = False


@dataclass
class AnswerGiven(Message):
    """The learner answered `item`: `verdict` says how it went, `hinted` whether the hint was shown."""

    item: ReviewItem
    verdict: Verdict
    hinted: bool


@dataclass
class AnswerSent(Message):
    """A student answered the class's live question `item` with `value` (judged at the reveal)."""

    item: ReviewItem
    value: float


class StatsRequested(Message):
    """The learner asked to see the review statistics."""


class ContentsShown(Message):
    """The contents came (back) on screen: the App tells it what is due today."""
