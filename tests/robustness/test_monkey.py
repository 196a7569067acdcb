"""Monkey tests: thousands of seeded random keys across every lesson; the app never breaks.

Pilot: 320 keys in each lesson (5,120 in all), in bursts of 40 queued at once, as a fast typist
or a laggy SSH connection delivers them (queued keys find screens that are already leaving:
bugs that one key at a time never meets). Real pseudo-terminal: 5,000 keys in one session
started at the contents. Afterwards the app must still answer (the help screen opens) and, in
the pty, quit with status 0 and never have shown a traceback.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.pty_app import KEYS, PtyApp, tutor_command
from tests.helpers import settle, workers_done
from tests.robustness.monkey import key_event, monkey_keys, pty_bytes
from tui_tutor.content import load_lessons
from tui_tutor.screens.help import HelpScreen

PER_LESSON = 320
BURST = 40
PTY_KEYS = 5000


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


def test_pty_monkey_5000_keys(tmp_path):
    app = PtyApp([tutor_command(), "--seed", "5"], cwd=str(tmp_path))
    app.child.delaybeforesend = None
    app.wait_for("Deep Learning Fundamentals II — lessons")
    for i, key in enumerate(monkey_keys(2026, PTY_KEYS)):
        app.send(pty_bytes(key))
        if i % 25 == 0:
            app.pump(0.005)
            assert app.child.isalive(), f"the tutor died after {i} keys"
    time.sleep(1.0)
    app.pump()
    assert "Traceback" not in app.text()
    for _ in range(4):  # leave fields, dialogs, blank screens
        app.send(KEYS["escape"])
        time.sleep(0.3)
    # 5,000 keys arrive faster than anyone types: let the tutor work through them (edits in
    # lessons 6-7 compute in the keystroke) before asking it for help and to quit.
    app.settle()
    app.send("\x1bOP")  # F1
    app.wait_for("Keys", timeout=20)
    app.send("\x11")  # Ctrl+Q quits from anywhere (q may land in a field the monkey left focused)
    status = app.finish(timeout=20)
    assert status == 0, f"exit status {status}; screen:\n{app.text()}"
