"""A review session: questions and exercises one at a time, a score, the missed ones again."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Static

from tui_tutor.review_items import ReviewItem
from tui_tutor.safety import ReportErrors
from tui_tutor.widgets.keys_footer import KeysFooter
from tui_tutor.widgets.review_card import ReviewCard


class ReviewScreen(ReportErrors, Screen[None]):
    """Asks `items` in order; Enter or n moves on once answered; at the end, the score."""

    BINDINGS = [
        Binding("enter,n,right,pagedown", "next", "next", key_display="Enter"),
        Binding("r", "retry", "try the missed again"),
        Binding("escape", "leave", "leave review"),
    ]

    def __init__(self, items: list[ReviewItem], title: str) -> None:
        super().__init__(classes="review-screen")
        self.items, self.title_text = items, title
        self.index, self.results = 0, {}

    def compose(self) -> ComposeResult:
        yield Static(id="review-bar")
        yield Container(id="review-body")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show_item()

    def show_item(self) -> None:
        """Put the current item (or the summary after the last) on screen."""
        body = self.query_one("#review-body", Container)
        body.remove_children()
        if self.index < len(self.items):
            self.show_score()
            body.mount(ReviewCard(self.items[self.index]))
        else:
            done = sum(1 for ok in self.results.values() if ok)
            missed = self.missed()
            self.query_one("#review-bar", Static).update(f" [b]{self.title_text}[/b]   finished")
            lines = [f"Score: {done} of {len(self.items)}.", ""]
            if missed:
                lines += ["Missed:", *(f"  • {item.prompt.splitlines()[0][:70]}" for item in missed), "",
                          f"r: try the {len(missed)} missed again    Esc: back"]
            else:
                lines += ["Everything right. Esc: back"]
            body.mount(Static("\n".join(lines), id="review-summary", markup=False))
        self.refresh_bindings()

    def show_score(self) -> None:
        """The bar: which item of how many and the score so far (the current one counts once answered),
        then the title (first, they would be cut off at 80 columns)."""
        done = sum(1 for ok in self.results.values() if ok)
        self.query_one("#review-bar", Static).update(
            f" {self.index + 1} of {len(self.items)}   score {done}/{len(self.results)}   [b]{self.title_text}[/b]")

    def missed(self) -> list[ReviewItem]:
        """The items answered wrongly this round."""
        return [item for item in self.items if self.results.get(item.id) is False]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return self.index >= len(self.items) and bool(self.missed())
        if action == "next":
            cards = self.query(ReviewCard)
            return bool(cards) and cards.first().verdict is not None
        return True

    @on(ReviewCard.Answered)
    def _answered(self, event: ReviewCard.Answered) -> None:
        self.results[event.item.id] = event.verdict.correct
        self.app.record_answer(event.item, event.verdict)
        self.show_score()
        self.refresh_bindings()

    def action_next(self) -> None:
        self.index += 1
        self.show_item()

    def action_retry(self) -> None:
        self.items, self.index, self.results = self.missed(), 0, {}
        self.show_item()

    def action_leave(self) -> None:
        self.dismiss()
