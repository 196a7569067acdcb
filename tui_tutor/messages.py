"""Messages that go up from screens and widgets to the App (attributes down, messages up).

The App handles each with `@on`; the screens and widgets that post them never call the App.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the App imports this module at start-up: keep it light
    from tui_tutor.answers import Verdict
    from tui_tutor.review_items import ReviewItem


@dataclass
class AnswerGiven(Message):
    """The learner answered `item`: `verdict` says how it went, `hinted` whether the hint was shown."""

    item: ReviewItem
    verdict: Verdict
    hinted: bool


@dataclass
class ReviewRequested(Message):
    """The learner asked for today's review (the due cards, or a practice of the lessons visited)."""

    practice: bool = False
    """Practise the lessons visited whatever is due (when nothing is)."""


class StatsRequested(Message):
    """The learner asked to see the review statistics."""


class ContentsShown(Message):
    """The contents came (back) on screen: the App tells it what is due today."""
