"""Text that changes many times a second: only the characters that changed reach the terminal.

A drop-in for `Readout` (`show(content)`; give it a fixed height in CSS) for text redrawn on
every step of a run (a status line, a table of iterations, pseudocode with a moving
highlight). A `Readout` sends all of its lines again on every change; a `LiveText` compares
the new characters with the ones on screen and refreshes only the spans that differ (see
`CellCanvas`), which keeps both the bytes on the wire and Textual's redraw work small.
Content is wrapped to the widget's width (unless the Text says `no_wrap`); wide characters
(CJK) are not supported.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text

from tui_tutor.widgets.cell_canvas import Cell, CellCanvas


class LiveText(CellCanvas):
    """Shows `content` (markup text or a Rich `Text`); repaints only the characters that changed."""

    DEFAULT_CSS = """
    LiveText { height: 1; }
    """

    def __init__(self, content: RenderableType = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._content = content

    @property
    def content(self) -> RenderableType:
        """What is shown."""
        return self._content

    def show(self, content: RenderableType) -> None:
        """Replace what is shown."""
        if content == self._content:
            return
        self._content = content
        self.redraw()

    def draw_background(self, width: int, height: int) -> list[list[Cell]]:
        content = self._content
        text = Text.from_markup(content) if isinstance(content, str) else content
        if not isinstance(text, Text) or width <= 0:
            return []
        console = self.app.console
        rows: list[list[Cell]] = []
        plain = Style()
        lines = text.split("\n") if text.no_wrap else text.wrap(console, width, overflow=text.overflow or "fold")
        for line in lines[:height]:
            row: list[Cell] = []
            for segment in line.render(console, end=""):
                style = segment.style or plain
                row.extend((char, style) for char in segment.text if char != "\n")
            rows.append(row[:width])
        return rows
