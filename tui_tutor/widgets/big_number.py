"""A number drawn large in block glyphs, scaled to the rows it is given (the projector's key number).

Each character is a 3×5 pixel glyph, scaled (nearest neighbour) to the widget's height and
drawn with half blocks, two pixels per terminal row: legible from the back of a lecture hall
at 120×32 and larger on a bigger window. Text with a character the font lacks (words such as
"overflow") is drawn as plain bold text instead.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

FONT = {
    "0": ("###", "#.#", "#.#", "#.#", "###"), "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"), "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"), "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"), "7": ("###", "..#", ".#.", ".#.", ".#."),
    "8": ("###", "#.#", "###", "#.#", "###"), "9": ("###", "#.#", "###", "..#", "###"),
    ".": ("...", "...", "...", "...", ".#."), "−": ("...", "...", "###", "...", "..."),
    "+": ("...", ".#.", "###", ".#.", "..."), "e": ("...", "###", "#.#", "##.", "###"),
    ":": ("...", ".#.", "...", ".#.", "..."), "%": ("#.#", "..#", ".#.", "#..", "#.#"),
    " ": ("...", "...", "...", "...", "..."),
}
"""A 3×5 pixel font: '#' is lit."""
GLYPH_ROWS, GLYPH_COLUMNS = 5, 3
HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def drawable(text: str) -> bool:
    """Whether every character of `text` has a glyph."""
    return all(c in FONT for c in text)


def draw(text: str, rows: int) -> list[str]:
    """`text` in block glyphs `rows` terminal rows high (2 pixels a row), one blank column apart."""
    pixel_rows = 2 * rows
    scale = pixel_rows / GLYPH_ROWS
    width = max(1, round(GLYPH_COLUMNS * scale))
    bitmap: list[list[bool]] = [[] for _ in range(pixel_rows)]
    for i, char in enumerate(text):
        glyph = FONT[char]
        for y in range(pixel_rows):
            row = glyph[min(int(y / scale), GLYPH_ROWS - 1)]
            if i:
                bitmap[y].extend([False] * max(1, width // 3))  # the gap between glyphs
            bitmap[y].extend(row[min(int(x / scale), GLYPH_COLUMNS - 1)] == "#" for x in range(width))
    return ["".join(HALF_BLOCKS[top, bottom] for top, bottom in zip(bitmap[2 * r], bitmap[2 * r + 1]))
            for r in range(rows)]


class BigNumber(Widget):
    """Shows `text` as large as its height allows (set the height; the width follows)."""

    DEFAULT_CSS = """
    BigNumber { width: auto; height: 100%; color: $accent; text-style: bold; }
    """

    text: reactive[str] = reactive("", layout=True)

    def get_content_width(self, container, viewport) -> int:
        """The digits' width at the height the layout is about to give: all of the container's
        (not this widget's height so far, which a first layout has not set yet)."""
        return self.width_at(max(container.height, 1))

    def width_at(self, rows: int) -> int:
        """The width of the digits drawn `rows` high."""
        return max((len(line) for line in draw(self.text, rows)), default=0) if drawable(self.text) else len(self.text)

    def render(self) -> RenderResult:
        if not drawable(self.text):
            return Text(self.text, style="bold")
        return Text("\n".join(draw(self.text, max(self.size.height, 1))))
