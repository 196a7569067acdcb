"""A review session: a length to pick, questions and exercises one at a time, a score, the missed again.

The session asks its items in parts: 10 at a time unless the learner picks all (or the
command line gave `--limit`). After each part, or when Esc ends it early, a summary: the
score, what the session did to the schedule (due reviews), every missed question in full
with its answer, and the keys for the next part, the missed ones again (with fresh
choices and numbers) or the statistics. Answers go up as `AnswerGiven`; the App records them.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_tutor.messages import AnswerGiven, ReviewRequested, StatsRequested
from tui_tutor.review_items import ReviewItem, again
from tui_tutor.review_settings import ALL, DEFAULT_LIMIT
from tui_tutor.safety import ReportErrors
from tui_tutor.widgets.hanging import hanging
from tui_tutor.widgets.keys_footer import KeysFooter
from tui_tutor.widgets.review_card import ReviewCard

Outlook = Callable[[list[str]], list[str]]
"""Given the cards answered so far, lines on what the session did to the schedule."""


class ReviewScreen(ReportErrors, Screen[None]):
    """Asks `items` a part at a time; Enter or n moves on once answered; after each part, a summary."""

    DEFAULT_CSS = """
    ReviewScreen #review-choose { padding: 1 2; }
    ReviewScreen #review-question { margin-top: 1; text-style: bold; }
    ReviewScreen #review-length { height: auto; width: 40; margin-top: 1; }
    ReviewScreen #review-missed-title { padding: 0 2; text-style: bold; }
    ReviewScreen .review-missed { padding: 0 2; margin-bottom: 1; }
    ReviewScreen #review-keys { padding: 0 2 1 2; color: $text-muted; }
    """

    BINDINGS = [
        Binding("enter,n,right,pagedown", "next", "next", key_display="Enter"),
        Binding("a", "all", "all"),
        Binding("r", "retry", "missed again"),
        Binding("p", "practise", "practise"),
        Binding("s", "stats", "stats"),
        Binding("escape", "leave", "end"),
    ]

    def __init__(self, items: list[ReviewItem], title: str, *, length: int | None = None, intro: str = "",
                 outlook: Outlook | None = None, seed: int = 0, empty: str = "Nothing to ask.",
                 due: bool = False) -> None:
        """`length`: cards per part (None: the learner picks, 10 or all); `intro`: what the
        session holds, shown above that choice; `outlook`: lines for the summary; `seed`:
        where fresh retries start; `empty`: what to say when there is nothing to ask; `due`:
        a session of due cards (it offers a practice when empty, and the statistics)."""
        super().__init__(classes="review-screen")
        self.queue, self.title_text, self.intro, self.outlook = list(items), title, intro, outlook
        self.length = length or DEFAULT_LIMIT
        self.seed, self.empty, self.due = seed, empty, due
        self.choosing = length is None and len(items) > DEFAULT_LIMIT
        self.part: list[ReviewItem] = []
        self.index = 0
        self.results: dict[str, bool] = {}
        self.answered: list[str] = []
        """Card keys answered in this session, in order (for the outlook)."""
        self.first_answers: dict[str, bool] = {}
        """Each card's first answer in this session (retries do not change the session's score)."""
        self.ended_early: tuple[int, int] | None = None
        """(answered, asked for) when Esc ended the part early."""

    def compose(self) -> ComposeResult:
        yield Static(id="review-bar")
        yield Container(id="review-body")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.queue:
            self.show_summary()
        elif self.choosing:
            self.show_choice()
        else:
            self.next_part()

    # --- what the screen shows ------------------------------------------------------

    @property
    def phase(self) -> str:
        """"choose", "ask" or "summary"."""
        return "choose" if self.choosing else "ask" if self.index < len(self.part) else "summary"

    def body(self, *widgets) -> None:
        """Replace what the body shows."""
        body = self.query_one("#review-body", Container)
        body.remove_children()
        body.mount(*widgets)
        self.refresh_bindings()

    def show_choice(self) -> None:
        """How many now: 10 (Enter) or all."""
        n = len(self.queue)
        self.query_one("#review-bar", Static).update(f" [b]{self.title_text}[/b]")
        choices = OptionList(Option(f"{DEFAULT_LIMIT} now (Enter)", id="some"), Option(f"all {n} (a)", id="all"),
                             id="review-length")
        box = VerticalScroll(Static(self.intro, id="review-intro", markup=False),
                             Static("How many now?", id="review-question"), choices, id="review-choose")
        self.body(box)
        choices.focus()

    def show_item(self) -> None:
        """Put the current item on screen."""
        self.show_score()
        self.body(ReviewCard(self.part[self.index]))

    def show_score(self) -> None:
        """The bar: which item of how many and the score so far (the current one counts once answered),
        then the title (first, they would be cut off at 80 columns)."""
        done = sum(1 for ok in self.results.values() if ok)
        self.query_one("#review-bar", Static).update(
            f" {self.index + 1} of {len(self.part)}   score {done}/{len(self.results)}   [b]{self.title_text}[/b]")

    def show_summary(self) -> None:
        """The score of the part, the outlook, the missed questions in full, and what next."""
        state = "ended early" if self.ended_early else "finished" if self.part else ""
        self.query_one("#review-bar", Static).update(f" [b]{self.title_text}[/b]   {state}")
        lines: list[str] = []
        if self.part:
            right = sum(1 for ok in self.results.values() if ok)
            lines.append(f"Score: {right} of {len(self.results)}."
                         + (" (Ended after {} of {}.)".format(*self.ended_early) if self.ended_early else ""))
            if len(self.first_answers) > len(self.results):
                lines.append(f"This session: {sum(self.first_answers.values())} of {len(self.first_answers)} "
                             "right the first time.")
        else:
            lines.append(self.empty)
        if self.outlook is not None and self.answered:
            lines += ["", *self.outlook(self.answered)]
        widgets = [Static("\n".join(lines), id="review-summary", markup=False)]
        missed = self.missed()
        if missed:
            widgets.append(Static("Missed:", id="review-missed-title"))
            widgets += [Static(hanging("•", f"{item.prompt}\n→ {item.answer_text()}"), classes="review-missed")
                        for item in missed]
        widgets.append(Static(self.keys_line(), id="review-keys", markup=False))
        end = VerticalScroll(*widgets, id="review-end")
        self.body(end)
        self.call_after_refresh(end.focus)  # ↑ ↓ PageUp PageDown scroll a long missed list

    def keys_line(self) -> str:
        """What the learner can do from the summary."""
        keys = []
        left = len(self.queue)
        if left:
            keys.append(f"Enter: the next {min(self.length, left)} ({left} left)" if left > self.length
                        else f"Enter: the last {left}")
            if left > self.length:
                keys.append(f"a: all {left}")
        if self.missed():
            keys.append(f"r: the {len(self.missed())} missed again")
        if self.due and not self.part and not left:
            keys.append("p: practise anyway")
        if self.due:
            keys.append("s: statistics")
        keys.append("Esc: back")
        return "    ".join(key.replace(" ", "\u00a0") for key in keys)  # a key and its words stay on one line

    def missed(self) -> list[ReviewItem]:
        """The items of this part answered wrongly."""
        return [item for item in self.part if self.results.get(item.key) is False]

    # --- moving on -------------------------------------------------------------------

    def next_part(self, length: int | None = None) -> None:
        """Ask the next `length` items of the queue (default: the session's length)."""
        self.choosing = False
        take = length or self.length
        self.part, self.queue = self.queue[:take], self.queue[take:]
        self.start_round()

    def start_round(self) -> None:
        self.index, self.results, self.ended_early = 0, {}, None
        self.show_item()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phase = self.phase
        if action == "next":
            if phase == "ask":
                cards = self.query(ReviewCard)
                return bool(cards) and cards.first().verdict is not None
            return phase == "summary" and bool(self.queue)
        if action == "all":
            return phase in ("choose", "summary") and len(self.queue) > (DEFAULT_LIMIT if self.choosing else
                                                                          self.length)
        if action == "retry":
            return phase == "summary" and bool(self.missed())
        if action == "practise":
            return phase == "summary" and self.due and not self.part and not self.queue
        if action == "stats":
            return phase != "ask" and self.due
        return True

    @on(AnswerGiven)
    def _answered(self, event: AnswerGiven) -> None:
        """Count the answer (the App records it: the message goes on up)."""
        self.results[event.item.key] = event.verdict.correct
        self.first_answers.setdefault(event.item.key, event.verdict.correct)
        self.answered.append(event.item.key)
        self.show_score()
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#review-length")
    def _length_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.next_part(ALL if event.option_id == "all" else None)

    def action_next(self) -> None:
        if self.phase == "summary":
            self.next_part()
            return
        self.index += 1
        if self.index < len(self.part):
            self.show_item()
        else:
            self.show_summary()

    def action_all(self) -> None:
        self.length = ALL
        self.next_part()

    def action_retry(self) -> None:
        """The missed ones again, with choices shuffled anew and exercises with fresh numbers."""
        self.seed += 1
        self.part = [again(item, self.seed) for item in self.missed()]
        self.start_round()

    def action_practise(self) -> None:
        self.post_message(ReviewRequested(practice=True))

    def action_stats(self) -> None:
        self.post_message(StatsRequested())

    def action_leave(self) -> None:
        """Esc: end the part with its score so far (if anything was answered), else go back."""
        if self.phase == "ask" and self.results:
            self.ended_early = (len(self.results), len(self.part))
            unanswered = [item for item in self.part if item.key not in self.results]
            self.queue = unanswered + self.queue
            self.part = [item for item in self.part if item.key in self.results]
            self.index = len(self.part)
            self.show_summary()
        else:
            self.dismiss()
