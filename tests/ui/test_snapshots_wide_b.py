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
        await big_numbers_laid_out(pilot)
    return run_before


async def big_numbers_laid_out(pilot, timeout: float = 10.0) -> None:
    """Wait until each key number on screen is as wide as its digits at its height (it is sized
    to its region once the layout settles: one more layout pass, later under load)."""
    import time

    from tui_tutor.widgets.big_number import BigNumber

    def settled() -> bool:
        return all(big.size.width == big.width_at(max(big.size.height, 1))
                   for big in pilot.app.screen.query(BigNumber) if big.display)

    deadline, in_a_row = time.monotonic() + timeout, 0
    while in_a_row < 3:  # (a value arriving late is laid out again: settled on three looks running)
        assert time.monotonic() < deadline, "a key number never took its width"
        await pilot.pause(0.02)
        in_a_row = in_a_row + 1 if settled() else 0
    await pilot.pause()


@pytest.mark.parametrize("lesson_id", list(SHOTS))
def test_lesson_at_200x60(snap_compare, lesson_id):
    assert snap_compare(TutorApp(COURSE, start=lesson_id), terminal_size=(200, 60), run_before=at_view(SHOTS[lesson_id]))
