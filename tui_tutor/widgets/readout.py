"""Text that changes on every keypress: it repaints itself without relaying out the screen.

`Static.update` asks for a full layout pass; a `Readout` has a fixed height (set in CSS)
and only repaints, which keeps a nudge's path to the screen short.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget


class Readout(Widget):
    """Shows `content` (markup text or any Rich renderable); give it a fixed height."""

    DEFAULT_CSS = """
    Readout { height: 1; }
    """

    content: reactive[RenderableType] = reactive("", layout=False)

    def __init__(self, content: RenderableType = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(Readout.content, content)

    def show(self, content: RenderableType) -> None:
        """Replace what is shown."""
        self.content = content

    def render(self) -> RenderResult:
        content = self.content
        return Text.from_markup(content) if isinstance(content, str) else content
