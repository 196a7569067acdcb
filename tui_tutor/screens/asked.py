"""The projector while the class answers (F6 when leading): the question, live anonymous counts as
they arrive, how many of the connected students answered; F7 reveals the answer and why."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_tutor.review_items import ReviewItem
from tui_tutor.widgets.bar_chart import bar
from tui_tutor.widgets.keys_footer import KeysFooter


class AskedScreen(ModalScreen[None]):
    """Shows the live question `item` and the class's answers; the class link's news refresh it."""

    BINDINGS = [
        Binding("f7", "app.reveal", "reveal the answer"),
        Binding("escape", "dismiss", "back to the lesson"),
    ]

    def __init__(self, item: ReviewItem) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="asked-box"):
            yield Static(f"{self.item.lesson} · the class is answering", id="asked-source", markup=False)
            yield Static(self.item.prompt, id="asked-prompt", markup=False)
            yield Static(id="asked-tally")
            yield Static(id="asked-status")
            yield Static(id="asked-reveal", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        """The counts so far (and, once revealed, the answer and its explanation)."""
        from tui_tutor.classroom.tally import rows

        snapshot = self.app.class_session.snapshot
        live = snapshot.question
        if live is None or live.question.item_id != self.item.id:
            self.query_one("#asked-status", Static).update("sending the question to the class …")
            return
        revealed = live.revealed
        bars = rows(live.question, snapshot.tally, revealed)
        most = max((row.count for row in bars), default=0) or 1
        label_width = max((len(row.label) for row in bars), default=0)
        width = max(10, self.query_one("#asked-tally").content_region.width - label_width - 8)
        text = Text()
        for row in bars:
            style = "bold green" if row.right else "cyan"
            text.append(f"{row.label:<{label_width}} ", style="bold" if row.right else "")
            text.append(bar(row.count / most, width), style=style)
            text.append(f" {row.count}" + ("  ✓" if row.right else "") + "\n")
        self.query_one("#asked-tally", Static).update(text)
        answered = snapshot.tally.answered if snapshot.tally else 0
        connected = snapshot.counts.connected if snapshot.counts else 0
        after = "revealed: every student sees whether they were right, and why" if revealed else "F7: reveal the answer"
        self.query_one("#asked-status", Static).update(f"[b]{answered} of {connected}[/b] connected students answered · {after}")
        if revealed:
            self.query_one("#asked-reveal", Static).update(f"The answer: {self.item.answer_text()}\n\n{self.item.explanation}")
