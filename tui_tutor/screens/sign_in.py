"""A browser tab in a class (`serve --class`) asks once for the student code the instructor handed out."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class SignInScreen(ModalScreen[None]):
    """Asks for a student code; the class link says whether it is one (`refused`, or the tab signs in)."""

    AUTO_FOCUS = "#sign-in-code"

    def compose(self) -> ComposeResult:
        with Vertical(id="sign-in-box"):
            yield from self._parts()

    def _parts(self) -> ComposeResult:
        yield Static("[b]Your student code[/b]\n\nThe instructor gave every student a code of their own. "
                     "Type yours; your progress and answers are kept under it.", id="sign-in-text")
        yield Input(placeholder="e.g. ABCD-EFGH, then Enter", id="sign-in-code", max_length=40)
        yield Static(id="sign-in-status")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.refused("Type the code first.")
            return
        self.query_one("#sign-in-status", Static).update("checking …")
        self.app.classroom.sign_in(event.value)

    def refused(self, why: str) -> None:
        """The code was not taken: say why where it was typed."""
        self.query_one("#sign-in-status", Static).update(f"[red]✗ {why}[/red]")
        self.query_one(Input).value = ""
