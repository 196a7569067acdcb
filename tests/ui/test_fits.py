"""80×24 is designed, not squeezed: at every step of every lesson nothing is cut with "…", no
one-line text is longer than its line, and the footer keeps its keys (`?` always)."""

from __future__ import annotations

import pytest

from tests.helpers import cut_text, screen_lines, settle
from tui_tutor.content import load_lessons


@pytest.mark.parametrize("lesson", [lesson.id for lesson in load_lessons()])
async def test_nothing_is_cut_at_80x24(make_app, lesson):
    app = make_app(start=lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        problems = []
        for step in range(len(app.screen.lesson.sections)):
            app.screen.section = step
            await settle(pilot, app)
            problems += [f"step {step + 1}: {problem}" for problem in cut_text(app)]
        assert problems == []


async def test_help_is_in_every_footer(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        footer = screen_lines(app)[-1].rstrip()
        assert footer.endswith(" ? help") and len(footer) == 79, footer
