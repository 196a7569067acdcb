"""The review statistics: cards due per day for two weeks, retention so far, the weakest lessons."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui_tutor.review_stats import Stats, stats_lines
from tui_tutor.safety import ReportErrors
from tui_tutor.widgets.keys_footer import KeysFooter


class StatsScreen(ReportErrors, Screen[None]):
    """Shows `Stats` as bar charts (the same text `tui-tutor review --stats` prints); Esc goes back."""

    DEFAULT_CSS = """
    StatsScreen #stats-body { padding: 0 1; }
    """
    BINDINGS = [Binding("escape", "dismiss", "back")]

    def __init__(self, numbers: Stats) -> None:
        super().__init__()
        self.numbers = numbers

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats-scroll"):
            yield Static("\n".join(stats_lines(self.numbers)), id="stats-body", markup=False)
        yield KeysFooter()
