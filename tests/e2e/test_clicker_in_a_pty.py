"""A presentation clicker sends PageDown and PageUp only: in a real terminal, from `tui-tutor
--present`, they walk from the contents through every step of every lesson to the end and back,
with one press per idea (a run step: one press plays it, the next moves on), and the end is
said once however often the clicker is pressed past it."""

from __future__ import annotations

import re
import time

import pytest

from tests.e2e.pty_app import KEYS, PtyApp, tutor_command
from tui_tutor.content import load_lessons

BAR = re.compile(r"(\d+)/(\d+) .*?· step (\d+)/(\d+)")
PRESSES_PER_STEP = 5
"""At most: a step with a run of its own takes one press to play it and one to move on; a step
that walks rows (the Setup A vs Setup B table, four rows) takes one press per row."""


def where(app: PtyApp) -> tuple[int, int] | None:
    """(lesson number, step) from the lesson bar, or None when the bar shows something else."""
    found = BAR.search(app.screen.display[0])
    return (int(found[1]), int(found[3])) if found else None


def press_until(app: PtyApp, key: str, goal: tuple[int, int] | None, contents: bool = False) -> int:
    """Press `key` until the bar shows `goal` (or the contents appear); how many presses it took.
    After each press the screen is read until it is still (a run that plays draws until its end);
    a press that neither reaches the goal nor changes the screen is a dead press, and fails."""
    before = app.text()
    for presses in range(1, PRESSES_PER_STEP + 1):
        app.send(KEYS[key])
        deadline = time.monotonic() + 15  # under load the first redraw can take a while
        while app.text() == before and time.monotonic() < deadline:
            app.pump(0.05)
        app.settle(quiet=0.4, limit=30)
        deadline = time.monotonic() + 15  # a lesson opening for the first time can be still for longer
        while goal is not None and where(app) is None and time.monotonic() < deadline:
            app.pump(0.05)
        if (contents and "— lessons" in app.text()) or (goal is not None and where(app) == goal):
            return presses
        assert app.text() != before, f"press {presses} of {key} towards {goal} changed nothing:\n{before}"
        before = app.text()
    raise AssertionError(f"{goal} not reached in {PRESSES_PER_STEP} presses of {key}; screen:\n{app.text()}")


@pytest.mark.slow
def test_pagedown_alone_walks_the_whole_lecture_and_back(tmp_path):
    steps = [(lesson.number, i + 1) for lesson in load_lessons() for i in range(len(lesson.sections))]
    app = PtyApp([tutor_command(), "--present", "--no-progress"], cols=120, rows=32, cwd=str(tmp_path))
    app.wait_for("— lessons")
    for step in steps:
        press_until(app, "pagedown", step)
    for _ in range(60):
        app.send(KEYS["pagedown"])
    app.settle(quiet=1.0)
    assert where(app) == steps[-1] or "The end" in app.screen.display[0]
    assert app.text().count("The end") == 1, "the end is said once"
    for step in reversed(steps[:-1]):
        press_until(app, "pageup", step)
    press_until(app, "pageup", None, contents=True)
    app.send("q")
    assert app.finish() == 0
    assert "Traceback" not in app.text()
