"""One review item on screen: the prompt, a way to answer, a hint, then the verdict and why.

Choices: press 1–9 (or ↑/↓ and Enter). Numbers: type into the field, Enter checks.
F3 shows the hint (`h` too in a choice question: in a number field it is a letter typed). After the answer: the verdict, the right
answer and the explanation (for an exercise, the worked steps); `AnswerGiven` goes up
(with whether the hint was shown: the review schedule rates the answer by it).
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui_tutor.answers import Verdict, read_number
from tui_tutor.keys import HINT_ALIAS, HINT_KEY, HINT_NAME
from tui_tutor.messages import AnswerGiven, AnswerSent
from tui_tutor.review_items import ReviewItem
from tui_tutor.widgets.hanging import hanging


class ReviewCard(VerticalScroll):
    """Asks one `ReviewItem` and shows the verdict once it is answered."""

    DEFAULT_CSS = """
    ReviewCard { height: 1fr; padding: 0 1; }
    ReviewCard #card-source { color: $text-muted; }
    ReviewCard #card-prompt { margin: 1 0; text-style: bold; }
    ReviewCard OptionList { height: auto; max-height: 100vh; }
    ReviewCard Input { width: 52; }
    ReviewCard #card-hint { color: $warning; display: none; }
    ReviewCard #card-hint.-shown { display: block; }
    ReviewCard #card-verdict { margin-top: 1; }
    ReviewCard #card-verdict.-right { color: $success; }
    ReviewCard #card-verdict.-wrong { color: $error; }
    """

    BINDINGS = [Binding(HINT_KEY, "hint", "hint", key_display=HINT_NAME),
                Binding(HINT_ALIAS, "hint", "hint", show=False)]

    def __init__(self, item: ReviewItem, *, id: str | None = None, judged_later: bool = False) -> None:
        """`judged_later`: a question the class answers live; the answer is sent (`AnswerSent`)
        and judged when the solution arrives (`judge`)."""
        super().__init__(id=id)
        self.item = item
        self.verdict: Verdict | None = None
        self.hinted = False
        self.judged_later = judged_later
        self.given: str | int | None = None

    def compose(self) -> ComposeResult:
        item = self.item
        source = "the lecture asks" if item.from_lecture else ("predict, then reveal" if item.is_exercise else "question")
        yield Static(f"{item.lesson} · {source}", id="card-source")
        yield Static(item.prompt, id="card-prompt", markup=False)
        if item.kind == "choice":
            yield OptionList(*(Option(hanging(f"{i}.", c)) for i, c in enumerate(item.choices, 1)), id="card-choices")
        else:
            enter = "sends" if self.judged_later else "checks"
            yield Input(placeholder=f"your answer, e.g. 0.25 or 1/4 — Enter {enter}", id="card-answer",
                        max_length=200)
        yield Static(f"Hint: {item.hint}" if item.hint else "No hint for this one.", id="card-hint", markup=False)
        yield Static(id="card-verdict", markup=False)

    def on_mount(self) -> None:
        self.query_one("#card-choices, #card-answer").focus()

    def action_hint(self) -> None:
        self.query_one("#card-hint").add_class("-shown")
        self.hinted = self.hinted or self.verdict is None

    def on_key(self, event: events.Key) -> None:
        if self.item.kind == "choice" and event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < len(self.item.choices):
                event.stop()
                self._answer(index)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._answer(event.option_index)

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        self._answer(event.value)

    def _answer(self, given: str | int) -> None:
        if self.verdict is not None or (self.judged_later and self.given is not None):
            return
        if self.judged_later:
            self._send(given)
            return
        verdict = self.item.check(given)
        if verdict.value is None and not verdict.correct:  # unreadable: say why, let them retry
            self.query_one("#card-verdict", Static).update(f"✗ {verdict.message} Try again.")
            return
        self.verdict = verdict
        self._reveal(verdict)
        self.post_message(AnswerGiven(self.item, verdict, self.hinted))

    def _send(self, given: str | int) -> None:
        """A live question: send the answer; the verdict comes with the instructor's reveal."""
        value, problem = (float(given), "") if isinstance(given, int) else read_number(given)
        if value is None:
            self.query_one("#card-verdict", Static).update(f"✗ {problem[:1].upper()}{problem[1:]}. Try again.")
            return
        self.given = given
        for control in self.query("#card-choices, #card-answer"):
            control.disabled = True
        shown = self.item.choices[given] if isinstance(given, int) else given
        self.query_one("#card-verdict", Static).update(f"Sent: {shown}. Whether it is right, and why, comes when "
                                                       "the instructor reveals the answer.")
        self.post_message(AnswerSent(self.item, value))

    def judge(self, item: ReviewItem) -> None:
        """The solution of a live question arrived: judge what was sent (and keep it like any
        answer), or, when nothing was, show the answer and why."""
        self.item, self.judged_later = item, False
        if self.given is None:
            for control in self.query("#card-choices, #card-answer"):
                control.disabled = True
            box = self.query_one("#card-verdict", Static)
            box.update(f"You did not answer. The answer: {item.answer_text()}\n\n{item.explanation}")
            self.anchor()
            return
        self.verdict = item.check(self.given)
        self._reveal(self.verdict)
        self.post_message(AnswerGiven(item, self.verdict, self.hinted))

    def _reveal(self, verdict: Verdict) -> None:
        item = self.item
        for control in self.query("#card-choices, #card-answer"):
            control.disabled = True
        lines = [("✓ " if verdict.correct else "✗ ") + verdict.message]
        if not verdict.correct or item.is_exercise:
            lines.append(f"The answer: {item.answer_text()}")
        lines += ["", item.explanation]
        box = self.query_one("#card-verdict", Static)
        box.update("\n".join(lines))
        box.set_class(verdict.correct, "-right")
        box.set_class(not verdict.correct, "-wrong")
        self.focus()  # ↑/↓ scroll the card, the choices being done
        self.anchor()  # scrolled to the verdict below the choices as it is laid out (until ↑ moves it)
