"""Lessons 8-12 at 200×60, at the step that shows most (`--snapshot-update` to accept changes)."""

from __future__ import annotations

import pytest

from tui_tutor.app import TutorApp
from tui_tutor.content import load_course

COURSE = load_course()
SHOTS = {"binary-cross-entropy": "spam", "softmax": "stable", "cross-entropy": "recogniser",
         "mse-for-classification": "gradients", "output-space": "loud-quiet"}
"""Each lesson and the view of the step shot."""


def at_view(view: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        await pilot.pause()
        app.screen.section = next(i for i, s in enumerate(app.screen.lesson.sections) if s.view == view)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.05)  # the key number is sized to its region after the layout settles
        await pilot.pause()
    return run_before


@pytest.mark.parametrize("lesson_id", list(SHOTS))
def test_lesson_at_200x60(snap_compare, lesson_id):
    assert snap_compare(TutorApp(COURSE, start=lesson_id), terminal_size=(200, 60), run_before=at_view(SHOTS[lesson_id]))
