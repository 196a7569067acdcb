"""Messages that screens and panels post upward to the App (Textual's "messages up").

Named in the past tense: each says what happened, and the App decides what follows
(record progress, open a lesson, start a review). Widgets' own messages (a field's value
changed) live with their widget.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


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
    """The learner asked for a review of `lesson_ids` (empty: the lessons visited)."""

    lesson_ids: tuple[str, ...] = ()
