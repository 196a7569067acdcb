"""A monkey in a real pseudo-terminal: 5,000 seeded random keys in one session started at the
contents; the tutor still answers (the help screen opens), quits with status 0 and never shows
a traceback."""

from __future__ import annotations

import time

from tests.e2e.pty_app import KEYS, PtyApp, tutor_command
from tests.robustness.monkey import monkey_keys, pty_bytes

PTY_KEYS = 5000


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
    # 5,000 keys arrive faster than anyone types: let the tutor work through them (edits in
    # lessons 6-7 compute in the keystroke; a screen a key asked for may open after the keys
    # behind it) before leaving fields, dialogs and blank screens, then asking it for help.
    app.settle()
    for _ in range(4):
        app.send(KEYS["escape"])
        time.sleep(0.3)
    app.settle(quiet=0.5, limit=15)  # (a run may still be drawing: it does not keep F1 from answering)
    app.send("\x1bOP")  # F1
    app.wait_for("Keys", timeout=20)
    app.send("\x11")  # Ctrl+Q quits from anywhere (q may land in a field the monkey left focused)
    status = app.finish(timeout=20)
    assert status == 0, f"exit status {status}; screen:\n{app.text()}"
