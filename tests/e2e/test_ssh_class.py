"""A class over the real SSH set-up: an instructor and two students in three terminals.

The admin sets a class store and a root-owned instructors file in the Match block (deploy/ssh);
the wrapper gives the instructor's key `--lead` and every other key `--class … --as key:…`.
The students' screens move with the instructor's steps and edits; `f` detaches and rejoins; a
question asked live shows counts on the projector as each answers and the reveal on every
screen; `tui-tutor class report --csv` lists both students' answers. On SQLite, and (slow) on a
PostgreSQL server the test starts from Debian's package.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.pty_app import KEYS, PtyApp, tutor_command
from tests.e2e.ssh_classroom import Classroom, client_env, fingerprint, missing_tools

FOLLOWING = "following the instructor"


def until(apps: list[PtyApp], condition, what: str, timeout: float = 40.0) -> None:
    """Read every terminal until `condition()` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for app in apps:
            app.pump(0.05)
        if condition():
            return
    raise AssertionError(f"{what} did not happen; screens:\n" + "\n-----\n".join(app.text() for app in apps))


def fields(app: PtyApp) -> list[str]:
    """The neuron's x, w and b as the editor shows them."""
    return [line[:24].strip() for line in app.screen.display if line[:3] in (" x ", " w ", " b ")]


def bar(app: PtyApp) -> str:
    """The line with the lesson's step (the class bar comes above it)."""
    return next((line for line in app.screen.display if "· step" in line), "")


@contextlib.contextmanager
def class_room(folder: Path, location: str, key_file: str):
    """A classroom sshd whose logins join the class at `location`; the instructor logs in as 'teacher'."""
    if missing_tools():
        pytest.fail("OpenSSH is not installed: ./run-tests installs it when run as root")
    room = Classroom(folder, tutor_command())
    room.set_up(("alice", "bob", "teacher"))
    instructors = folder / "instructors"
    instructors.write_text(f"# instructors of this class\n{fingerprint(room.key('teacher.pub'))}\n")
    instructors.chmod(0o444)
    room.settings = {"TUI_TUTOR_CLASS": location, "TUI_TUTOR_INSTRUCTORS": str(instructors),
                     "TUI_TUTOR_CLASS_KEY": key_file}
    room.start()
    try:
        yield room
    finally:
        room.stop()


@contextlib.contextmanager
def logins(room: Classroom, *who: tuple[str, int, int]):
    """`ssh -t` sessions for each (key, cols, rows); always ended."""
    apps = [PtyApp(room.ssh(key, "-t"), cols=cols, rows=rows, env=client_env()) for key, cols, rows in who]
    try:
        yield apps
    finally:
        for app in apps:
            with contextlib.suppress(Exception):
                app.send("\x11")
            app.child.close(force=True)


def run_class(room: Classroom, location: str) -> None:
    with logins(room, ("teacher", 120, 32), ("alice", 80, 24), ("bob", 80, 24)) as apps:
        teacher, alice, bob = apps
        until(apps, lambda: "leading the class" in teacher.text(), "the instructor leads")
        until(apps, lambda: all(FOLLOWING in s.text() for s in (alice, bob)), "both students follow")
        until(apps, lambda: "2 connected · 2 following" in teacher.text(), "the projector counts two")
        teacher.send(KEYS["pagedown"])  # contents → lesson 1
        until(apps, lambda: all("1/16 Inside a neuron · step 1/" in bar(s) for s in apps), "lesson 1 for all")
        teacher.send(KEYS["pagedown"])
        until(apps, lambda: all("step 2/" in bar(s) for s in apps), "step 2 for all")
        before = fields(teacher)
        teacher.send(KEYS["tab"])  # into the first field
        until(apps, lambda: True, "")
        teacher.send(KEYS["up"] + KEYS["up"])  # a nudge, twice
        until(apps, lambda: fields(teacher) != before and all(fields(s) == fields(teacher) for s in (alice, bob)),
              "the edit reaches the students")
        teacher.send(KEYS["escape"])
        alice.send("f")
        until(apps, lambda: "browsing alone" in alice.text(), "alice browses alone")
        teacher.send(KEYS["pagedown"])
        until(apps, lambda: "step 3/" in bar(bob) and "1 step ahead" in alice.text(), "bob follows, alice stays")
        alice.send("f")
        until(apps, lambda: "step 3/" in bar(alice) and FOLLOWING in alice.text(), "alice rejoins")
        teacher.send("\x1b[17~")  # F6: ask the lesson's first question (numeric: ŷ of a neuron)
        until(apps, lambda: all("The instructor asks the class" in s.text() for s in (alice, bob)), "the question")
        alice.send("-0.5\r")
        until(apps, lambda: "1 of 2 connected students answered" in teacher.text(), "one answer counted")
        bob.send("1\r")
        until(apps, lambda: "2 of 2 connected students answered" in teacher.text(), "two answers counted")
        teacher.send("\x1b[18~")  # F7: reveal
        until(apps, lambda: "✓" in alice.text() and "✗" in bob.text(), "the reveal on every screen")
        for app in apps:
            assert "Traceback" not in app.text()
    report = subprocess.run([sys.executable, "-m", "tui_tutor", "class", "report", location, "--csv"],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "XDG_DATA_HOME": str(room.folder / "reporter")})
    assert report.returncode == 0, report.stderr
    rows = list(csv.DictReader(io.StringIO(report.stdout)))
    names = {f"key:{fingerprint(room.key(k + '.pub')).removeprefix('SHA256:')[:10]}" for k in ("alice", "bob")}
    assert {row["student"] for row in rows} >= names, report.stdout
    assert "−0.5,1" in report.stdout and ",1,0" in report.stdout, "alice right with −0.5, bob wrong with 1"


def new_class(location: str) -> str:
    """`tui-tutor class new`; the instructor key file it wrote."""
    command = [sys.executable, "-m", "tui_tutor", "class", "new", location]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("instructor key:"))
    return line.split(":", 1)[1].split()[0]


def test_a_class_over_ssh_on_sqlite(tmp_path):
    location = str(tmp_path / "class.db")
    key_file = new_class(location)
    with class_room(tmp_path / "room", location, key_file) as room:
        run_class(room, location)


@pytest.mark.slow
def test_a_class_over_ssh_on_postgresql(tmp_path, monkeypatch):
    from tests.e2e.class_postgres import PostgresServer

    server = PostgresServer()
    try:
        location = server.new_database()
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # where the key file of a URL goes
        key_file = new_class(location)
        with class_room(tmp_path / "room", location, key_file) as room:
            run_class(room, location)
    finally:
        server.stop()
