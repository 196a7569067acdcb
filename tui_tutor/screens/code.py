"""The "show the PyTorch" screen: the code behind what is on screen, and its export."""

from __future__ import annotations

from rich.syntax import Syntax
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_tutor.widgets.keys_footer import KeysFooter


class CodeScreen(ModalScreen[bool]):
    """Shows `source`; `e` asks the lesson to export it (dismisses with True)."""

    AUTO_FOCUS = "#code-box"
    BINDINGS = [
        Binding("escape,c,q", "dismiss(False)", "close"),
        Binding("e", "dismiss(True)", "export to .py"),
        Binding("question_mark,f1", "app.help", "help", show=False),  # a dialog: the App's own keys wait
    ]

    def __init__(self, title: str, source: str) -> None:
        super().__init__()
        self.title_text, self.source = title, source

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="code-box"):
            yield Static(f"[b]{self.title_text}[/b] — the PyTorch that computes what is on screen", id="code-title")
            yield Static(Syntax(self.source, "python", theme="ansi_dark", background_color="default",
                                word_wrap=True), id="code-text")
        yield KeysFooter()
