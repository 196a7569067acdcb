"""End to end: the installed `tui-tutor --class ...` joins a class, and leaves it on quit; a
class store deleted under a running tutor does not stop it."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from tests.e2e.pty_app import KEYS, PtyApp, tutor_command

CONTENTS = "Deep Learning Fundamentals II — lessons"


def report(location: Path) -> str:
    done = subprocess.run([tutor_command(), "class", "report", str(location)], capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout


def report_until(location: Path, needle: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = report(location)
        if needle in text or time.monotonic() > deadline:
            assert needle in text, text
            return text
        time.sleep(0.3)


def test_a_student_and_an_instructor_join_from_the_command_line(tmp_path):
    location = tmp_path / "lab.db"
    subprocess.run([tutor_command(), "class", "new", str(location)], check=True, capture_output=True, timeout=60)
    alice = PtyApp([tutor_command(), "--class", str(location), "--as", "alice"], cwd=str(tmp_path))
    lead = PtyApp([tutor_command(), "--class", str(location), "--lead", "--present"], cwd=str(tmp_path))
    try:
        alice.wait_for(CONTENTS)
        lead.wait_for("Deep Learning")
        text = report_until(location, "1 connected now")
        assert "alice" in text
        alice.send("q")
        assert alice.finish() == 0
        report_until(location, "0 connected now")
        lead.send("q")
        assert lead.finish() == 0
    finally:
        for app in (alice, lead):
            if app.child.isalive():
                app.child.terminate(force=True)
    assert "Traceback" not in alice.text() + lead.text()


def test_the_tutor_keeps_working_when_its_class_store_is_deleted(tmp_path):
    location = tmp_path / "lab.db"
    subprocess.run([tutor_command(), "class", "new", str(location)], check=True, capture_output=True, timeout=60)
    app = PtyApp([tutor_command(), "--class", str(location), "--as", "bob"], cwd=str(tmp_path))
    try:
        app.wait_for(CONTENTS)
        report_until(location, "1 connected now")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(f"{location}{suffix}"):
                os.remove(f"{location}{suffix}")
        # Time for the link to notice and to look for the store again (0.2 s poll, 0.5 s and 1 s
        # retries): it must not bring back an empty file. Not a race: waiting longer only tests more.
        time.sleep(2.0)
        app.send(KEYS["enter"])
        app.wait_for("Inside a neuron")
        app.send("q")
        assert app.finish() == 0
    finally:
        if app.child.isalive():
            app.child.terminate(force=True)
    assert "Traceback" not in app.text()
    assert not location.exists()
