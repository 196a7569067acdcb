"""A small bitmap (a 5×7 digit glyph) drawn big enough to read, scaled to the widget's size.

Ink is drawn as full blocks, paper as blanks, so it reads the same with NO_COLOR and in
either theme; each pixel is twice as wide as it is tall in cells, which looks square in a
terminal. Give the widget a border (CSS) to show the edge of the image.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget


def draw(pixels: Sequence[Sequence[int]], scale: int) -> str:
    """`pixels` (rows of 0/1) as text, each pixel `scale` rows tall and 2 × `scale` columns wide."""
    lines = []
    for row in pixels:
        line = "".join(("█" if v else " ") * 2 * scale for v in row)
        lines.extend([line] * scale)
    return "\n".join(lines)


class GlyphView(Widget):
    """Shows `pixels` at the largest whole scale that fits (at least 1)."""

    DEFAULT_CSS = """
    GlyphView { width: 12; height: 9; border: round $primary-muted; content-align: center middle; text-wrap: nowrap; }
    """

    pixels: reactive[tuple[tuple[int, ...], ...]] = reactive((), layout=False)

    def render(self) -> RenderResult:
        pixels = self.pixels
        if not pixels or not pixels[0]:
            return Text("")
        rows, cols = len(pixels), len(pixels[0])
        width, height = self.content_size
        scale = max(1, min(height // rows, width // (2 * cols)))
        return Text(draw(pixels, scale), no_wrap=True)
