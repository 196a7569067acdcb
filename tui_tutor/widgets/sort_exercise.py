"""A sorting exercise: put each item into one of a few bins, with feedback at every answer.

Used by lessons that ask "which kind is this?" (regression or classification; which field
uses which name for the loss). The items (each with its right bin and the reason) and the
bins are the lesson's data (`[[data.…]]` tables, given to `load`); the widget keeps the
answers and shows them.

The lesson panel holds focus and owns the keys: it lists `sort_bindings(...)` in its
BINDINGS and mixes in `SortKeys` for the actions, so the keys show in the footer and help.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget

from tui_tutor.widgets.readout import Readout

MOVE_HINT = "j next item  r again"


class SortItem(NamedTuple):
    """Something to sort: its name, the `value` of the bin it belongs in, and why."""

    name: str
    answer: str
    reason: str


class Verdict(NamedTuple):
    """One answer judged: right or not, and why."""

    correct: bool
    reason: str


class Bin(NamedTuple):
    """Where an item can go: the checker's `value`, a `short` name for the list, a `label` for the
    legend (it may hold line breaks)."""

    value: str
    short: str
    label: str


def sort_bindings(count: int) -> list[Binding]:
    """Keys 1 … `count` for the bins (one footer entry, "1–5 sort"; the widget's legend names the
    bins), j to move on, r to start again."""
    keys = [Binding(str(i), f"sort({i - 1})", "sort" if i == 1 else f"sort into bin {i}", show=i == 1,
                    key_display=f"1–{count}" if i == 1 else None) for i in range(1, count + 1)]
    return keys + [
        Binding("j", "sort_move(1)", "next item to sort (to answer one again)", show=False),
        Binding("r", "sort_again", "start the sorting again", show=False),
    ]


class SortKeys:
    """Actions for `sort_bindings`, mixed into the lesson panel that holds the exercise."""

    def _sort_exercise(self) -> SortExercise:
        return self.query_one(SortExercise)  # type: ignore[attr-defined]

    def action_sort(self, bin_index: int) -> None:
        self._sort_exercise().answer(bin_index)

    def action_sort_move(self, delta: int) -> None:
        self._sort_exercise().move(delta)

    def action_sort_again(self) -> None:
        self._sort_exercise().restart()


class SortExercise(Widget):
    """A prompt with the score, the items with the learner's answers, a legend of the bins, feedback."""

    DEFAULT_CSS = """
    SortExercise { height: auto; }
    SortExercise > #sort-prompt { height: 1; }
    SortExercise > Horizontal { height: auto; }
    SortExercise #sort-items { width: 30; }
    SortExercise #sort-legend { width: 1fr; padding-left: 2; color: $text-muted; }
    SortExercise > #sort-feedback { height: 4; }
    """

    def __init__(self, prompt: str, *, id: str | None = None) -> None:
        """The items and bins come with `load`."""
        super().__init__(id=id)
        self.prompt = prompt
        self.items: tuple[SortItem, ...] = ()
        self.bins: tuple[Bin, ...] = ()
        self.answers: dict[int, tuple[int, Verdict]] = {}
        self.cursor = 0
        self.last: tuple[str, int, Verdict] | None = None

    def compose(self) -> ComposeResult:
        yield Readout(id="sort-prompt")
        with Horizontal():
            yield Readout(id="sort-items")
            yield Readout(id="sort-legend")
        yield Readout(id="sort-feedback")

    def on_mount(self) -> None:
        self._show()

    def load(self, items: Sequence[SortItem], bins: Sequence[Bin]) -> None:
        """The items to sort and the bins (every answer is forgotten)."""
        self.items, self.bins = tuple(items), tuple(bins)
        rows = max(len(self.items), sum(b.label.count("\n") + 1 for b in self.bins) + 2)
        item_list, legend = self.query_one("#sort-items", Readout), self.query_one("#sort-legend", Readout)
        item_list.styles.height = legend.styles.height = rows
        item_list.styles.width = max(len(item.name) for item in self.items) + 6 + max(len(b.short) for b in self.bins)
        text = Text()
        for i, b in enumerate(self.bins, start=1):
            text.append(f"{i} ", style="bold")
            text.append(f"{b.label}\n")
        text.append(f"\n{MOVE_HINT}")
        legend.show(text)
        self.restart()

    @property
    def score(self) -> tuple[int, int]:
        """(right answers, answered items)."""
        return sum(v.correct for _, v in self.answers.values()), len(self.answers)

    def answer(self, bin_index: int) -> Verdict | None:
        """Put the item under the cursor into bin `bin_index`; move on to the next unanswered item."""
        if not self.items or not 0 <= bin_index < len(self.bins):
            return None
        item = self.items[self.cursor]
        verdict = Verdict(self.bins[bin_index].value == item.answer, item.reason)
        self.answers[self.cursor] = (bin_index, verdict)
        self.last = (item.name, bin_index, verdict)
        pending = [i for i in range(len(self.items)) if i not in self.answers]
        if pending:
            self.cursor = next((i for i in pending if i > self.cursor), pending[0])
        self._show()
        return verdict

    def move(self, delta: int) -> None:
        """Move the cursor, wrapping around (an answered item can be answered again)."""
        if self.items:
            self.cursor = (self.cursor + delta) % len(self.items)
            self._show()

    def restart(self) -> None:
        """Forget every answer."""
        self.answers.clear()
        self.cursor, self.last = 0, None
        self._show()

    def _show(self) -> None:
        right, done = self.score
        prompt = Text(self.prompt, style="bold")
        if self.items:
            prompt.append(f"   {done}/{len(self.items)} sorted, {right} right",
                          style="bold" if done == len(self.items) else "dim")
        self.query_one("#sort-prompt", Readout).show(prompt)
        width = max((len(item.name) for item in self.items), default=0)
        lines = Text()
        for i, item in enumerate(self.items):
            here = i == self.cursor
            lines.append("▸ " if here else "  ", style="bold")
            lines.append(item.name.ljust(width), style="reverse" if here else "")
            if i in self.answers:
                b, verdict = self.answers[i]
                lines.append(f"  {'✓' if verdict.correct else '✗'} {self.bins[b].short}",
                             style="green" if verdict.correct else "red")
            else:
                lines.append("  ·", style="dim")
            if i < len(self.items) - 1:
                lines.append("\n")
        self.query_one("#sort-items", Readout).show(lines)
        self.query_one("#sort-feedback", Readout).show(self._feedback())

    def _feedback(self) -> Text:
        if not self.items:
            return Text("loading …", style="dim")
        if self.last is None:
            return Text(f"Press 1–{len(self.bins)} to sort “{self.items[self.cursor].name}”.", style="dim")
        _, b, verdict = self.last
        text = Text("✓ right. ", style="bold green") if verdict.correct else Text(
            f"✗ not {self.bins[b].short}. ", style="bold red")
        text.append(verdict.reason)
        right, done = self.score
        if done == len(self.items):
            text.append(f"\nAll {done} sorted, {right} right. r: start again; j: move on to answer one again.",
                        style="bold")
        return text
