"""Helpers for Pilot tests."""

from __future__ import annotations

import html
import io
import re
from contextlib import asynccontextmanager, suppress

from rich.console import Console
from textual.widgets import Static


async def workers_done(app) -> None:
    """Wait for the app's workers to finish. One cancelled on the way (an exclusive worker replaced
    by the next key's) did its job by stopping; one that failed raises."""
    from textual.worker import WorkerCancelled

    for worker in list(app.workers):
        with suppress(WorkerCancelled):
            await worker.wait()


async def settle(pilot, app) -> None:
    """Let workers finish and the screen catch up."""
    await pilot.pause()
    await workers_done(app)
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


def content_text(widget) -> str:
    """A widget's own content as plain text, unwrapped ('' for containers)."""
    from rich.text import Text
    from textual.content import Content

    try:
        content = widget.render()
    except Exception:
        return ""
    if isinstance(content, str):
        return Text.from_markup(content).plain
    if isinstance(content, (Content, Text)):
        return content.plain
    console = Console(width=1000, record=True, color_system=None, file=io.StringIO())
    console.print(content)
    return console.export_text()


def cut_text(app) -> list[str]:
    """What the screen cuts off: an ellipsis its widget's text does not have, a line of a
    one-line widget longer than the widget, a footer key past the right edge.

    Prose in its scrolling column and the plots are not text a widget cuts, so they are not
    looked at here (a scrollbar says there is more).
    """
    from tui_tutor.widgets.keys_footer import KeysFooter

    lines = screen_lines(app)
    width, height = app.size
    problems = []
    for widget in app.screen.query("*"):
        region = widget.region
        for ancestor in widget.ancestors:  # what a scrolling or clipping container lets show
            if hasattr(ancestor, "region") and ancestor is not app.screen and ancestor is not app:
                region = region.intersection(ancestor.region)
        if widget.children or not region.area or not widget.display:
            continue
        rows = [lines[y][region.x:region.right] for y in range(region.y, min(region.bottom, height))]
        shown = "\n".join(rows)
        text = content_text(widget)
        if shown.count("…") > text.count("…"):
            cut = next(row for row in rows if "…" in row)
            problems.append(f"{widget!r} cuts its text with '…': {cut.strip()!r}")
        elif widget.region.height == 1 and "\n" not in text.strip() and len(text.strip()) > region.width:
            problems.append(f"{widget!r} is {region.width} wide for {len(text.strip())} characters: {text.strip()!r}")
    for footer in app.screen.query(KeysFooter):
        problems += [f"the footer has no room for {key!r}" for key in footer.dropped]
    return problems


@asynccontextmanager
async def lesson_at(make_app, lesson_id: str, size: tuple[int, int] = (80, 24), view: str = "", **kwargs):
    """Open `lesson_id` at `size`, settled, at the first step showing `view` (if given);
    yields (pilot, app)."""
    app = make_app(start=lesson_id, **kwargs)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        if view:
            await go_to_view(pilot, app, view)
        yield pilot, app


async def go_to_view(pilot, app, view: str, nth: int = 0) -> None:
    """Step the open lesson to the `nth` (from 0) step whose panel view is `view`, and settle."""
    app.screen.section = [i for i, s in enumerate(app.screen.lesson.sections) if s.view == view][nth]
    await settle(pilot, app)


async def steps_whose_prose_scrolls(pilot, app) -> list[str]:
    """Walk every step of the open lesson (then back to the first): the titles of those whose
    prose does not fit its column (a clicker cannot scroll)."""
    from textual.containers import VerticalScroll

    over = []
    for step, section in enumerate(app.screen.lesson.sections):
        app.screen.section = step
        await settle(pilot, app)
        if app.screen.query_one("#prose", VerticalScroll).max_scroll_y:
            over.append(section.title)
    app.screen.section = 0
    await settle(pilot, app)
    return over


def clipped_readouts(app) -> list[str]:
    """Readouts (fixed-height text) whose text, wrapped to their width, needs more rows than they have."""
    from textual.geometry import Size

    from tui_tutor.widgets.readout import Readout

    problems = []
    for readout in app.screen.query(Readout):
        region = readout.content_region
        if not readout.display or not region.area:
            continue
        needed = readout.get_content_height(Size(region.width, 1000), Size(region.width, 1000), region.width)
        if needed > region.height:
            problems.append(f"{readout!r} needs {needed} rows, has {region.height}: {content_text(readout).strip()!r}")
    return problems


async def each_view_and_scenario(pilot, app):
    """Show the open lesson's first step of each view with its defaults, then with each of its
    scenarios (a run stepped to its end), settled; yields a label for each state."""
    screen = app.screen
    first_of_view: dict[str, int] = {}
    for i, section in enumerate(screen.lesson.sections):
        first_of_view.setdefault(section.view, i)
    for view, section in first_of_view.items():
        for scenario in [None, *screen.lesson.scenarios]:
            screen.section = section
            if scenario is not None:
                screen.apply_scenario(scenario.name)
            await settle(pilot, app)
            if screen.panel.step_end():
                await settle(pilot, app)
            yield f"{view}, {scenario.name if scenario else 'defaults'}"


async def press(pilot, app, *keys: str) -> None:
    """Press each key and let the app settle after it."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot, app)
