"""End to end: the installed `tui-tutor` in a real pseudo-terminal."""

from __future__ import annotations

import time

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


def resize_until(app: PtyApp, cols: int, rows: int, needle: str) -> None:
    """Resize and wait for `needle`; under heavy load a resize is sent again (one column wider)
    if the screen has not followed within a few seconds."""
    for extra in range(3):
        app.resize(cols + extra, rows)
        try:
            app.wait_for(needle, timeout=8)
            return
        except AssertionError:
            continue
    app.wait_for(needle, timeout=8)


def test_walk_resize_and_quit(tmp_path):
    app = PtyApp([tutor_command()], cwd=str(tmp_path))
    app.wait_for("Deep Learning Fundamentals II — lessons")
    app.send(KEYS["enter"])
    app.wait_for("step 1/")
    app.send(KEYS["pagedown"])
    app.wait_for("step 2/")
    resize_until(app, 200, 60, "step 2/")  # the shrink below 80×24 and back: tests/e2e/test_ssh_classroom.py
    app.send("q")
    assert app.finish() == 0
