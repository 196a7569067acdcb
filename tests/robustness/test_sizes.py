"""Every lesson survives terminal sizes from 80×24 to 250×70 and a shrink below the minimum and back."""

from __future__ import annotations

import pytest

from tests.helpers import settle
from tui_tutor.content import load_lessons
from tui_tutor.screens.lesson import LessonScreen
from tui_tutor.screens.too_small import TooSmallScreen, too_small

SIZES = [(80, 24), (100, 30), (120, 40), (160, 45), (200, 60), (250, 70), (60, 20), (80, 24)]


@pytest.mark.parametrize("lesson", [lesson.id for lesson in load_lessons()])
async def test_every_size_and_back(make_app, lesson):
    app = make_app(start=lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            await settle(pilot, app)
            expected = TooSmallScreen if too_small(width, height) else LessonScreen
            assert isinstance(app.screen, expected), (width, height)
        await pilot.press("pagedown")
        await app.workers.wait_for_complete()
        await settle(pilot, app)
        assert isinstance(app.screen, LessonScreen)
