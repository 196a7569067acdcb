"""End to end: the installed `tui-tutor` in a real pseudo-terminal."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tests.e2e.pty_app import KEYS, PtyApp, tutor_command


def test_neuron_with_set_change_a_value_and_quit(tmp_path):
    app = PtyApp([tutor_command(), "neuron", "--set", "b=1", "--set", "activation=relu"], cwd=str(tmp_path))
    app.wait_for("ŷ = φ(z) = relu(0.65) = 0.65")
    app.send(KEYS["tab"] * 3)  # x -> w -> b
    time.sleep(0.2)
    app.send(KEYS["up"])
    app.wait_for("ŷ = φ(z) = relu(0.75) = 0.75")
    app.send(KEYS["escape"])
    time.sleep(0.2)
    app.send("q")
    assert app.finish() == 0
    assert "Traceback" not in app.text()


def help_column(app: PtyApp) -> int:
    """Where the footer's `? help` ends: the width the tutor lays itself out in."""
    return max((len(line.rstrip()) for line in app.text().splitlines() if line.rstrip().endswith("? help")), default=0)


def test_walk_resize_and_quit(tmp_path):
    """COLUMNS and LINES exported by the shell (as pytest-xdist and some login scripts do) do not
    pin the tutor to 80×24: it follows the terminal when it grows."""
    app = PtyApp([tutor_command()], cwd=str(tmp_path), env={"COLUMNS": "80", "LINES": "24"})
    app.wait_for("Deep Learning Fundamentals II — lessons")
    app.send(KEYS["enter"])
    app.wait_for("step 1/")
    app.send(KEYS["pagedown"])
    app.wait_for("step 2/")
    app.resize(200, 60)  # the shrink below 80×24 and back: tests/e2e/test_ssh_classroom.py
    deadline = time.monotonic() + 30
    while help_column(app) < 190 and time.monotonic() < deadline:
        app.pump(0.1)
    assert help_column(app) >= 190 and "step 2/" in app.text(), app.text()
    app.send("q")
    assert app.finish() == 0


def test_ctrl_c_at_the_reset_prompt_whatever_the_parent_left(tmp_path):
    """A parent that ignored and blocked SIGINT (a test runner's worker, a wrapper) does not take
    Ctrl+C away from the tutor's prompt."""
    start = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
             "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}); os.execv(sys.argv[1], sys.argv[1:])")
    app = PtyApp([sys.executable, "-c", start, tutor_command(), "--reset-progress"], cwd=str(tmp_path))
    app.wait_for("Type yes to confirm")
    deadline = time.monotonic() + 10
    while Path(f"/proc/{app.child.pid}/syscall").read_text().split()[:2] != ["0", "0x0"]:  # reading
        assert time.monotonic() < deadline, "the prompt never read its terminal"
        time.sleep(0.01)
    app.send("\x03")
    app.wait_for("Nothing was changed.", timeout=10)
    assert app.finish() == 1
    assert "Traceback" not in app.text()
