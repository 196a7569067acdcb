"""Helpers for Pilot tests."""

from __future__ import annotations

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
