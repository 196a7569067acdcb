"""Monkey tests: thousands of seeded random keys across every lesson; the app never breaks.

320 keys in each lesson (5,120 in all), in bursts of 40 queued at once, as a fast typist or a
laggy SSH connection delivers them (queued keys find screens that are already leaving: bugs
that one key at a time never meets). Afterwards the app must still answer (the help screen
opens). The same in a real terminal: test_monkey_in_a_pty.py.
"""

from __future__ import annotations

import pytest

from tests.helpers import settle, workers_done
from tests.robustness.monkey import key_event, monkey_keys
from tui_tutor.content import load_lessons
from tui_tutor.screens.help import HelpScreen

PER_LESSON = 320
BURST = 40


@pytest.mark.parametrize("lesson", [lesson.id for lesson in load_lessons()])
async def test_pilot_monkey_in_each_lesson(make_app, lesson, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # `e` exports files here
    app = make_app(start=lesson, seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        for i, key in enumerate(monkey_keys(sum(map(ord, lesson)), PER_LESSON), start=1):
            app.post_message(key_event(key))
            if i % BURST == 0:
                await pilot.pause()
        await workers_done(app)
        await settle(pilot, app)
        assert app.is_running
        while app.screen.is_modal:
            app.pop_screen()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen), "still answering keys"
