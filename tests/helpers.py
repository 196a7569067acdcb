"""Helpers for Pilot tests."""

from __future__ import annotations

import html
import re

from rich.console import Console
from textual.widgets import Static


async def settle(pilot, app) -> None:
    """Let workers finish and the screen catch up."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def text_of(widget: Static) -> str:
    """The plain text a Static shows (markup and Rich renderables rendered)."""
    content = widget.content
    if isinstance(content, str):
        from rich.text import Text

        return Text.from_markup(content).plain
    return plain_text(content)


def plain_text(renderable) -> str:
    """A Rich renderable as plain text, 200 columns wide."""
    console = Console(width=200, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
                       r'clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>')
_CELL = 12.2
"""Width of one terminal cell in Rich's SVG export, in its pixels."""


def screen_lines(app) -> list[str]:
    """The screen as the learner sees it, one string per row (from Textual's own screenshot)."""
    width, height = app.size
    grid = [[" "] * width for _ in range(height)]
    for found in _SVG_TEXT.finditer(app.export_screenshot()):
        col, row = round(float(found[1]) / _CELL), int(found[2])
        for offset, char in enumerate(html.unescape(found[3]).replace("\xa0", " ")):
            if row < height and col + offset < width:
                grid[row][col + offset] = char
    return ["".join(line).rstrip() for line in grid]


def screen_text(app) -> str:
    """`screen_lines` joined by newlines."""
    return "\n".join(screen_lines(app))
