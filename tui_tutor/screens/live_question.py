"""A question the instructor asks the class (a student's tutor): answer it, then the reveal says
whether you were right and why, and the answer is kept in your own progress like any other."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_tutor.review_items import ReviewItem
from tui_tutor.widgets.keys_footer import KeysFooter
from tui_tutor.widgets.review_card import ReviewCard


def unsolved(question) -> ReviewItem:
    """The live question as a card can ask it before its solution is known."""
    return ReviewItem(question.item_id, question.kind, question.lesson_title, question.prompt, question.choices,
                      math.nan, 0.0, question.hint, "", question.from_lecture, lesson_id=question.lesson_id)


class LiveQuestionScreen(ModalScreen[None]):
    """The instructor's question `live` (a `LiveQuestion`); Esc goes back to the lesson."""

    BINDINGS = [Binding("escape", "dismiss", "back to the lesson")]

    def __init__(self, live) -> None:
        super().__init__()
        self.live = live

    def compose(self) -> ComposeResult:
        yield Static("[b]The instructor asks the class[/b]", id="live-title")
        yield ReviewCard(unsolved(self.live.question), judged_later=True, id="live-card")
        yield KeysFooter()

    def revealed(self, live) -> None:
        """The instructor revealed the answer: judge this student's."""
        item = live.question.review_item()
        if item is not None:
            self.query_one(ReviewCard).judge(item)
