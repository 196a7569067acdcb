"""End to end: the SSH classroom of deploy/ssh/ with a real sshd, the real ssh client and the tutor.

One sshd on 127.0.0.1 (a free port) serves the whole module. Its configuration is the Match
block of deploy/ssh/sshd_config.tui-tutor, for the account running the tests, with the
ForceCommand pointing at deploy/ssh/tui-tutor-ssh and that wrapper pointing at this tree's
tutor; see tests/e2e/ssh_classroom.py. Students log in with their own keys (alice, bob).

Needs OpenSSH (`/usr/sbin/sshd`, `ssh`, `ssh-keygen`, `scp`: Debian's openssh-server and
openssh-client) and root, as in CI (sshd's privilege separation; the test logs in as the user
running it, so as root). Skipped where OpenSSH is missing, except under CI, where that fails.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import signal
import socket
import stat
import subprocess
import time
from pathlib import Path

import pyte.graphics
import pytest

from tests.e2e.preload_server import children_of, wait_gone
from tests.e2e.pty_app import KEYS, PtyApp, tutor_command
from tests.e2e.ssh_classroom import WRAPPER, Classroom, client_env, free_port, missing_tools, student_folder_name
from tui_tutor.preload import protocol

CONTENTS = "Deep Learning Fundamentals II — lessons"
LESSON_BAR = re.compile(r"^\s*\d+/\d+\s+(?P<title>.+?)\s+(?:· )?step (?P<step>\d+)/(?P<steps>\d+)", re.MULTILINE)
BROKEN = ("Traceback", "keeps running")  # a crash, or an error the app turned into a notice


@contextlib.contextmanager
def open_classroom(folder: Path):
    """A running classroom sshd in `folder`; stopped afterwards."""
    missing = missing_tools()
    if missing:
        pytest.fail(f"OpenSSH is not installed (missing {', '.join(missing)}): ./run-tests installs it when "
                    "run as root with apt-get; otherwise apt-get install -y openssh-server openssh-client")
    assert os.access(WRAPPER, os.X_OK), f"{WRAPPER} must be executable (git mode 100755)"
    room = Classroom(folder, tutor_command())
    room.set_up()
    room.start()
    try:
        yield room
    finally:
        room.stop()


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    """The classroom without the warm server: each session starts its own tutor."""
    with open_classroom(tmp_path_factory.mktemp("classroom")) as room:
        yield room


@pytest.fixture(scope="module")
def warm_classroom(tmp_path_factory):
    """The classroom with the warm server running where the wrapper looks for it: (room, server)."""
    with open_classroom(tmp_path_factory.mktemp("warm-classroom")) as room, room.preload() as server:
        yield room, server


@contextlib.contextmanager
def session(room: Classroom, *options: str, key: str = "alice", command: list[str] | None = None,
            cols: int = 80, rows: int = 24, **env: str):
    """`ssh -t` into the classroom in a pseudo-terminal of cols×rows; always cleaned up."""
    app = PtyApp(room.ssh(key, "-t", *options, command=command), cols=cols, rows=rows, env=client_env(**env))
    try:
        yield app
    finally:
        if app.child.isalive():
            app.child.terminate(force=True)
        app.child.close(force=True)


def lesson_titles() -> list[str]:
    """The lessons in lecture order, from `tui-tutor --list`."""
    out = subprocess.run([tutor_command(), "--list"], check=True, capture_output=True, text=True, timeout=60).stdout
    return [line.split("\t", 1)[1] for line in out.splitlines() if "\t" in line]


def lesson_bar(app: PtyApp) -> tuple[str, int, int] | None:
    """(lesson title, step, steps) from the lesson bar on screen, if there is one."""
    found = LESSON_BAR.search(app.text())
    return (found["title"], int(found["step"]), int(found["steps"])) if found else None


def widest(app: PtyApp) -> int:
    """The widest line on screen, in cells, trailing blanks left out."""
    return max(len(line.rstrip()) for line in app.screen.display)


def assert_healthy(app: PtyApp) -> None:
    text = app.text()
    for sign in BROKEN:
        assert sign not in text, f"{sign!r} on screen:\n{text}"


def tutor_process(home: Path, timeout: float = 30.0) -> int:
    """The pid of the tutor whose HOME is `home` (the wrapper sets HOME to the student's folder)."""
    needle = f"HOME={home}".encode()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                environ = (proc / "environ").read_bytes().split(b"\0")
                cmdline = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if needle in environ and b"tui-tutor" in cmdline:
                return int(proc.name)
        time.sleep(0.2)
    raise AssertionError(f"no tutor process with {needle.decode()}")


def process_env(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")
    return dict(item.split("=", 1) for item in raw.split("\0") if "=" in item)


def memory_kib(pid: int) -> dict[str, int]:
    """Resident memory, its private part (what one more session costs) and peaks, in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, value = line.partition(":")
        fields[name] = int(value.split()[0])
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {"rss": fields["Rss"], "private": fields["Private_Clean"] + fields["Private_Dirty"],
            "pss": fields["Pss"], "peak_rss": int(status["VmHWM"].split()[0]),
            "peak_virtual": int(status["VmPeak"].split()[0]), "threads": int(status["Threads"])}


def screen_colours(app: PtyApp) -> set[str]:
    colours = set()
    for y in range(app.screen.lines):
        for char in app.screen.buffer[y].values():
            colours.update((char.fg, char.bg))
    return colours - {"default"}


def is_hex(colour: str) -> bool:
    return re.fullmatch(r"[0-9a-f]{6}", colour) is not None


# --- the configuration sshd actually applies --------------------------------------------------


def test_sshd_applies_the_deploy_match_block(classroom):
    settings = {}
    for line in classroom.check_config().splitlines():
        name, _, value = line.partition(" ")
        settings.setdefault(name, []).append(value)
    expected = {
        "forcecommand": str(WRAPPER), "exposeauthinfo": "yes", "permittty": "yes",
        "allowtcpforwarding": "no", "allowagentforwarding": "no", "allowstreamlocalforwarding": "no",
        "x11forwarding": "no", "permittunnel": "no", "permituserrc": "no", "permituserenvironment": "no",
        "disableforwarding": "yes", "permitopen": "none", "permitlisten": "none", "gatewayports": "no",
        "authenticationmethods": "publickey", "passwordauthentication": "no",
        "kbdinteractiveauthentication": "no", "maxsessions": "1", "maxstartups": "200:30:400",
    }
    for name, value in expected.items():
        assert settings.get(name) == [value], f"{name}: sshd applies {settings.get(name)}, expected {value}"
    assert set(settings["acceptenv"]) == {"LANG", "LANGUAGE", "LC_*", "NO_COLOR", "COLORTERM"}


# --- a whole lecture over ssh --------------------------------------------------------------------


def test_walk_the_whole_lecture_over_ssh_resize_and_quit(classroom):
    titles = lesson_titles()
    assert titles, "tui-tutor --list printed no lessons"
    home = classroom.forget("alice")
    with session(classroom, TERM="xterm-256color") as app:
        app.wait_for(CONTENTS, timeout=60)
        app.send(KEYS["enter"])
        app.wait_for("step 1/", timeout=60)
        seen = walk_to_the_end(app, titles)
        assert [title for title, _ in seen] == titles, f"lessons seen {seen}, lecture has {titles}"
        print(f"\nwalked (lesson, last step seen): {seen}")

        pid = tutor_process(home)
        print(f"\nmemory of one session after the whole lecture (KiB): {memory_kib(pid)}")

        at_end = lesson_bar(app)
        app.resize(60, 20)
        app.wait_for("needs at least 80×24", timeout=30)
        app.wait_for("This terminal is 60×20", timeout=30)
        app.resize(80, 24)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and ("needs at least" in app.text() or lesson_bar(app) != at_end):
            app.pump(0.1)
        assert "needs at least" not in app.text() and lesson_bar(app) == at_end, app.text()
        assert_healthy(app)
        app.send("q")
        assert app.finish(timeout=30) == 0, app.text()


def walk_to_the_end(app: PtyApp, titles: list[str], per_step: float = 120.0) -> list[tuple[str, int]]:
    """PageDown until the last lesson's last step; returns (title, steps seen) per lesson.

    A PageDown that a panel takes for a step of its own (an animation frame, a training
    iteration) changes the screen but not the lesson bar: press again until the bar moves.
    """
    seen: list[tuple[str, int]] = []
    bar = lesson_bar(app)
    assert bar is not None and bar[0] == titles[0] and bar[1] == 1, app.text()
    seen.append((bar[0], 1))
    while not (bar[0] == titles[-1] and bar[1] == bar[2]):
        deadline = time.monotonic() + per_step
        before = bar
        while bar == before:
            assert time.monotonic() < deadline, f"PageDown did not move on from {before}:\n{app.text()}"
            screen = app.text()
            app.send(KEYS["pagedown"])
            waited = time.monotonic()
            while time.monotonic() - waited < 3.0:
                app.pump(0.05)
                bar = lesson_bar(app) or before
                if bar != before or app.text() != screen:
                    break
            time.sleep(0.1)
            app.pump(0.05)
            bar = lesson_bar(app) or before
            assert_healthy(app)
        title, step, steps = bar
        last_title, last_step = seen[-1]
        if title == last_title:
            assert step > last_step, f"went back from step {last_step} to {step} in {title!r}"
            seen[-1] = (title, step)
        else:
            assert titles.index(title) == titles.index(last_title) + 1, f"{last_title!r} -> {title!r}"
            seen.append((title, step))
    return seen


# --- nothing but the tutor ---------------------------------------------------------------------


def test_a_command_on_the_ssh_command_line_is_never_run(classroom):
    marker = Path(f"/tmp/PWNED_{secrets.token_hex(8)}")
    attack = f"touch {marker}; echo SHELL$((6*7))"
    try:
        # Without a terminal (what a script or a scp/rsync would do).
        done = subprocess.run(classroom.ssh("alice", command=[attack]), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=60, env=client_env())
        assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
        assert "runs only the tutor" in done.stderr
        assert "SHELL42" not in done.stdout + done.stderr
        # With a terminal.
        with session(classroom, command=[attack]) as app:
            app.wait_for("runs only the tutor", timeout=60)
            assert app.finish(timeout=60) == 2
            assert "SHELL42" not in app.text()
        # A single word is taken as a lesson id, handed to the tutor, and refused by it: never run.
        with session(classroom, command=["sh"]) as app:
            app.wait_for("unknown lesson 'sh'", timeout=60)
            assert app.finish(timeout=60) == 2
        # No terminal at all: one line, exit 1.
        done = subprocess.run(classroom.ssh("alice", "-T"), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=60, env=client_env())
        assert done.returncode == 1 and done.stderr.strip().count("\n") == 0, done
        assert "needs a terminal" in done.stderr
        # scp and sftp (both the sftp subsystem and the old scp protocol) run the wrapper too.
        source = classroom.folder / "payload.txt"
        source.write_text("x\n")
        for legacy in ([], ["-O"]):
            done = subprocess.run(classroom.scp("alice", source, str(marker), *legacy), stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True, timeout=60, env=client_env())
            assert done.returncode != 0, done
        # The sftp subsystem itself runs the wrapper, which finds no terminal: exit 1, no sftp
        # (sshd drops a subsystem's stderr; an unknown subsystem would be ssh's exit 255).
        done = subprocess.run(classroom.ssh("alice", "-s", command=["sftp"]), stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=60, env=client_env())
        assert done.returncode == 1 and done.stdout == b"", done
        assert not marker.exists(), f"{marker} was created: a command ran"
    finally:
        marker.unlink(missing_ok=True)


def test_forwarding_is_refused(classroom):
    # -W (stdio forwarding, what ProxyJump uses): refused at once.
    done = subprocess.run(classroom.ssh("alice", "-W", f"127.0.0.1:{classroom.port}"), stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=60, env=client_env())
    assert done.returncode == 255 and b"SSH-2.0" not in done.stdout, done
    # -R (remote forwarding): the server refuses the listener.
    done = subprocess.run(classroom.ssh("alice", "-N", "-o", "ExitOnForwardFailure=yes", "-R", f"0:127.0.0.1:{classroom.port}"),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, env=client_env())
    assert done.returncode == 255 and "forwarding failed" in done.stderr, done
    # -N -L (local forwarding): the client listens, but every channel through it is refused.
    local = free_port()
    tunnel = subprocess.Popen(classroom.ssh("alice", "-o", "LogLevel=INFO", "-N",
                                            "-L", f"127.0.0.1:{local}:127.0.0.1:{classroom.port}"),
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=client_env(), start_new_session=True)
    try:
        received = b""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", local), timeout=2) as s:
                    s.settimeout(10)
                    with contextlib.suppress(OSError):
                        received = s.recv(64)
                break
            except OSError:  # not listening yet
                assert tunnel.poll() is None, tunnel.stderr.read()
                time.sleep(0.1)
        else:
            raise AssertionError("ssh -L never listened")
        assert not received.startswith(b"SSH-2.0"), "a forwarded connection reached sshd through the tunnel"
    finally:
        tunnel.terminate()
        try:
            _, err = tunnel.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            tunnel.kill()
            _, err = tunnel.communicate()
    assert b"administratively prohibited" in err, err


# --- one folder per student ----------------------------------------------------------------------


def test_each_student_gets_a_folder_named_by_their_key(classroom):
    for student in ("alice", "bob"):
        assert not classroom.forget(student).exists()
        with session(classroom, key=student) as app:
            app.wait_for(CONTENTS, timeout=60)
            app.send("q")
            assert app.finish(timeout=30) == 0, f"{app.text()}\nsshd:\n{classroom.log_text()[-3000:]}"
    folders = {p.name for p in classroom.students.iterdir()}
    for student in ("alice", "bob"):
        public = classroom.key(f"{student}.pub")
        name = student_folder_name(public)
        assert re.fullmatch(r"SHA256_[A-Za-z0-9_-]{43}", name), name
        assert name in folders, f"no folder {name} for {student}; there are {sorted(folders)}"
        folder = classroom.students / name
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(classroom.students.stat().st_mode) == 0o700
        for sub in ("data", "state"):
            assert (folder / sub).is_dir()
        key_type, key_body = public.read_text().split()[:2]
        assert (folder / "key.pub").read_text().split() == [key_type, key_body]
    assert len({student_folder_name(classroom.key(f"{s}.pub")) for s in ("alice", "bob")}) == 2


def test_one_students_progress_is_not_anothers(classroom):
    """What Alice does stays in Alice's folder: Bob, logging in after her, is not offered her place.

    (Whether the tutor keeps progress at all is the tutor's business; the wrapper's part, one
    HOME and XDG folders per key, is checked in test_students_terminals.)
    """
    classroom.forget("alice")
    classroom.forget("bob")
    with session(classroom, key="alice") as app:
        app.wait_for(CONTENTS, timeout=60)
        app.send(KEYS["enter"])
        app.wait_for("step 1/", timeout=60)
        app.send(KEYS["pagedown"])
        app.wait_for("step 2/", timeout=60)
        app.send("q")
        assert app.finish(timeout=30) == 0, app.text()
    written = sorted(str(p.relative_to(classroom.students)) for p in classroom.student_folder("alice").rglob("*")
                     if p.is_file() and p.name != "key.pub")
    print(f"\nthe tutor wrote, for alice: {written}")
    offered = {}
    for key in ("bob", "alice"):
        with session(classroom, key=key) as app:
            app.wait_for(CONTENTS, timeout=60)
            deadline = time.monotonic() + 3  # a resume offer, if the tutor makes one, comes with the contents
            while time.monotonic() < deadline and "You were at" not in app.text():
                app.pump(0.1)
            offered[key] = "You were at" in app.text()
            if offered[key]:
                app.send(KEYS["escape"])
                time.sleep(0.5)
            app.send("q")
            assert app.finish(timeout=30) == 0, app.text()
    assert not offered["bob"], "bob was offered to resume where alice stopped"
    print(f"alice was offered to resume: {offered['alice']}")


def test_wrapper_refuses_without_the_login_key(tmp_path):
    """Run by hand (or with ExposeAuthInfo off) it cannot tell the student, so it starts nothing."""
    env = {"TUI_TUTOR_BIN": tutor_command(), "TUI_TUTOR_STUDENTS": str(tmp_path), "SSH_USER_AUTH": ""}
    app = PtyApp([str(WRAPPER)], env=env)
    try:
        app.wait_for("cannot tell which student", timeout=30)
        assert app.finish(timeout=30) == 1
    finally:
        app.child.close(force=True)
    assert list(tmp_path.iterdir()) == []


# --- students' terminals -----------------------------------------------------------------------

# (id, client TERM, variables sent with ssh -o SetEnv, check on the colours of the contents)
TERMINALS = [
    ("xterm-16", "xterm", {},
     lambda colours: colours and not any(is_hex(c) for c in colours)),
    ("xterm-256color", "xterm-256color", {},
     lambda colours: colours and all(c in pyte.graphics.FG_BG_256 for c in colours)),
    ("truecolor", "xterm-256color", {"COLORTERM": "truecolor"},
     lambda colours: any(is_hex(c) and c not in pyte.graphics.FG_BG_256 for c in colours)),
    ("no-color", "xterm-256color", {"NO_COLOR": "1"},
     lambda colours: all(is_hex(c) and c[0:2] == c[2:4] == c[4:6] for c in colours)),
    ("lang-c", "xterm-256color", {"LANG": "C", "LC_ALL": "C"},
     lambda colours: bool(colours)),
]
# What a student cannot set: variables outside AcceptEnv, and values that are not plain.
SNEAKY = 'TUI_TUTOR_BIN=/bin/sh LD_PRELOAD=/nonexistent.so PYTHONPATH=/tmp LC_TIME="a b"'

ALLOWED_ENV = {"HOME", "PATH", "USER", "LOGNAME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME",
               "XDG_CACHE_HOME", "BROWSER", "OMP_NUM_THREADS", "TERM", "COLORTERM", "NO_COLOR", "LANG", "LANGUAGE"}


@pytest.mark.parametrize("warm", [False, True], ids=["alone", "server"])
@pytest.mark.parametrize("term, sent, colours_ok", [t[1:] for t in TERMINALS], ids=[t[0] for t in TERMINALS])
def test_students_terminals(request, warm, term, sent, colours_ok):
    """Each terminal's colours, with and without the warm server (whose fork gets the launcher's
    variables: the launcher's environment, read here, is what the fork runs with)."""
    classroom = request.getfixturevalue("warm_classroom")[0] if warm else request.getfixturevalue("classroom")
    setenv = " ".join([*(f"{k}={v}" for k, v in sent.items()), SNEAKY])
    home = classroom.forget("bob")
    with session(classroom, "-o", f"SetEnv={setenv}", key="bob", TERM=term) as app:
        app.wait_for(CONTENTS, timeout=60)
        time.sleep(0.3)
        app.pump()
        colours = screen_colours(app)
        assert colours_ok(colours), f"colours on screen: {sorted(colours)}"

        env = process_env(tutor_process(home))
        assert env["TERM"] == term
        assert {k: env.get(k) for k in sent} == sent
        assert env["HOME"] == str(home) and env["XDG_DATA_HOME"] == str(home / "data")
        assert env["XDG_STATE_HOME"] == str(home / "state")
        allowed = ALLOWED_ENV | ({"TUI_TUTOR_PRELOAD"} if warm else set())
        extra = {k for k in env if k not in allowed and not k.startswith("LC_")}
        assert not extra, f"the tutor inherited {sorted(extra)}"
        assert "LC_TIME" not in env and "TUI_TUTOR_BIN" not in env
        assert env["BROWSER"] == "true" and env["OMP_NUM_THREADS"] == "1"

        app.send(KEYS["enter"])
        app.wait_for("step 1/", timeout=60)
        assert_healthy(app)
        app.send("q")
        assert app.finish(timeout=30) == 0, app.text()
        assert "Traceback" not in app.text()


# --- the warm server (tui-tutor preload) behind the classroom -----------------------------------


def test_students_at_once_each_in_a_fork_of_the_server(warm_classroom):
    room, server = warm_classroom
    homes = {key: room.forget(key) for key in ("alice", "bob")}
    with session(room, key="alice") as alice, session(room, key="bob", TERM="xterm") as bob:
        apps = {"alice": alice, "bob": bob}
        for app in apps.values():
            app.wait_for(CONTENTS, timeout=60)
        forks = {key: server.session_in(home) for key, home in homes.items()}
        assert len(set(forks.values())) == 2 and set(forks.values()) <= set(server.children())
        for home in homes.values():  # the terminal's process is the launcher, told where the server is
            assert process_env(tutor_process(home))["TUI_TUTOR_PRELOAD"] == str(server.socket)
        alice.send(KEYS["enter"])
        bob.send(KEYS["down"])
        bob.send(KEYS["enter"])
        alice.wait_for("1/16 ", timeout=30)
        bob.wait_for("2/16 ", timeout=30)
        alice.resize(120, 30)  # one student's window: their lesson takes the room, the other's does not move
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (lesson_bar(alice) and widest(alice) > 80):
            alice.pump(0.1)
        bob.pump(0.1)
        assert lesson_bar(alice) and widest(alice) > 80, alice.text()
        assert lesson_bar(bob) and widest(bob) <= 80 and lesson_bar(alice)[0] != lesson_bar(bob)[0], bob.text()
        for app in apps.values():
            assert_healthy(app)
            app.send("q")
            assert app.finish(timeout=30) == 0, app.text()
    for key, lesson in (("alice", "neuron"), ("bob", "parameterized-functions")):
        progress = (homes[key] / "data" / "tui-tutor" / "progress.json").read_text()
        assert lesson in progress and ("neuron" in progress) == (key == "alice"), (key, progress)


def test_disconnecting_mid_lesson_leaves_no_session_behind(warm_classroom):
    room, server = warm_classroom
    home = room.forget("alice")
    with session(room, key="alice", command=["gradient-descent"]) as app:
        app.wait_for("step 1/", timeout=60)
        app.send(KEYS["pagedown"])
        app.wait_for("step 2/", timeout=30)
        launcher, fork = tutor_process(home), server.session_in(home)
        os.kill(app.child.pid, signal.SIGKILL)  # the laptop's ssh dies: sshd closes the connection
        wait_gone(launcher, 10)
        after = wait_gone(fork, 1.0)
    print(f"\nthe fork ended {after * 1000:.0f} ms after its launcher")
    assert fork not in children_of(server.pid)


def test_a_crash_in_one_session_leaves_the_others_alone(warm_classroom):
    room, server = warm_classroom
    homes = {key: room.forget(key) for key in ("alice", "bob")}
    with session(room, key="alice") as alice, session(room, key="bob") as bob:
        for app in (alice, bob):
            app.wait_for(CONTENTS, timeout=60)
        os.kill(server.session_in(homes["alice"]), signal.SIGKILL)
        alice.wait_for("the session ended abruptly", timeout=30)
        assert alice.finish(timeout=30) == 128 + signal.SIGKILL
        bob.send(KEYS["enter"])
        bob.wait_for("step 1/", timeout=30)
        bob.send("q")
        assert bob.finish(timeout=30) == 0
    assert server.process.poll() is None
    with session(room, key="alice") as again:  # and the server serves on
        again.wait_for(CONTENTS, timeout=60)
        assert server.session_in(homes["alice"])
        again.send("q")
        assert again.finish(timeout=30) == 0


def test_logins_start_the_tutor_themselves_when_the_server_is_down(warm_classroom):
    room, server = warm_classroom
    home = room.student_folder("alice")
    try:
        for how in ("stopped", "killed"):  # no socket at all; a socket nobody answers on
            server.stop(signal.SIGTERM if how == "stopped" else signal.SIGKILL)
            assert server.socket.exists() == (how == "killed")
            room.forget("alice")
            with session(room, key="alice") as app:
                app.wait_for(CONTENTS, timeout=120)
                tutor = tutor_process(home)
                assert ("TUI_TUTOR_PRELOAD" in process_env(tutor)) == (how == "killed")
                app.send("q")
                assert app.finish(timeout=30) == 0, app.text()
            log = home / "state" / "tui-tutor" / "log" / "tui-tutor.log"
            assert ("no session from the preload server" in (log.read_text() if log.exists() else "")) \
                == (how == "killed"), how
            server.start()
    finally:
        if server.process is None:
            server.start()


# As "Removing a student" in deploy/ssh/README.md does it, for the folder in $STUDENT_HOME.
REMOVE_SESSION = ('for f in $(grep -lzx "HOME=$STUDENT_HOME" /proc/[0-9]*/environ 2>/dev/null); do '
                  'pid=${f#/proc/}; kill "${pid%/environ}"; done')


@pytest.mark.parametrize("warm", [False, True], ids=["alone", "server"])
def test_removing_a_student_ends_their_session_with_a_message(request, warm):
    room = request.getfixturevalue("warm_classroom")[0] if warm else request.getfixturevalue("classroom")
    home = room.forget("bob")
    readme = (WRAPPER.parent / "README.md").read_text()
    assert 'grep -lzx "HOME=' in readme and 'kill "${pid%/environ}"' in readme, "the README no longer does it this way"
    with session(room, key="bob", command=["neuron"]) as app:
        app.wait_for("step 1/", timeout=60)
        tutor_process(home)
        subprocess.run(["sh", "-c", REMOVE_SESSION], env={**os.environ, "STUDENT_HOME": str(home)}, check=True,
                       timeout=30)
        app.wait_for("this session was ended from outside (SIGTERM)", timeout=30)
        assert app.finish(timeout=30) == 128 + signal.SIGTERM
        assert "Terminated" not in app.text()


def test_screenshots_and_exports_land_in_the_students_folder(warm_classroom):
    room, _server = warm_classroom
    home = room.forget("alice")
    with session(room, key="alice", command=["neuron"]) as app:
        app.wait_for("step 1/", timeout=60)
        app.send("e")
        app.wait_for("Exported", timeout=30)
        app.send("\x10")  # Ctrl+P: the command palette
        app.wait_for("Search for commands", timeout=30)
        app.send("Screenshot")
        time.sleep(0.5)
        app.send(KEYS["enter"])
        app.wait_for("Saved screenshot", timeout=30)
        app.send("q")
        assert app.finish(timeout=30) == 0
    assert (home / "tui_tutor_neuron.py").is_file()
    shots = list((home / "Downloads").glob("*.svg"))
    assert len(shots) == 1 and "<svg" in shots[0].read_text()[:500], shots


def test_the_server_takes_every_variable_the_wrapper_passes(classroom, tmp_path):
    """What the wrapper hands the tutor, the server accepts: all of it, and nothing the wrapper drops
    (the server's other variables: the tutor's TUI_TUTOR_LESSONS, and what textual-serve sets for
    `tui-tutor serve`)."""
    auth = tmp_path / "auth"
    auth.write_text("publickey " + classroom.key("alice.pub").read_text())
    socket_file = tmp_path / "preload.sock"
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as placeholder:
        placeholder.bind(str(socket_file))  # the wrapper only checks that a socket is there
        names = ["TERM", "COLORTERM", "NO_COLOR", *protocol.LOCALE, "LD_LIBRARY_PATH", "PYTHONPATH", "BROWSER",
                 "TEXTUAL_DRIVER", "HOME", "OMP_NUM_THREADS", "TUI_TUTOR_LESSONS"]
        env = {**dict.fromkeys(names, "C.UTF-8"), "TERM": "xterm-256color", "TUI_TUTOR_BIN": "/usr/bin/env",
               "TUI_TUTOR_STUDENTS": str(tmp_path / "students"), "TUI_TUTOR_PRELOAD": str(socket_file),
               "SSH_USER_AUTH": str(auth), "USER": "tutor", "LOGNAME": "tutor"}
        app = PtyApp([str(WRAPPER)], env=env, cols=200, rows=80)
        try:
            app.wait_for("TUI_TUTOR_PRELOAD=", timeout=30)
            app.finish(timeout=30)
        finally:
            app.child.close(force=True)
    passed = dict(line.split("=", 1) for line in app.text().split() if "=" in line)
    for_the_server = {k: v for k, v in passed.items() if k not in ("PATH", "TUI_TUTOR_PRELOAD")}
    assert protocol.allowed_env(for_the_server) == for_the_server, "the server would drop what the wrapper passes"
    not_from_the_wrapper = {"TUI_TUTOR_LESSONS", "TEXTUAL_DRIVER", "TEXTUAL_FPS", "TEXTUAL_COLOR_SYSTEM",
                            "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "COLUMNS", "ROWS"}
    assert set(for_the_server) == set(protocol.RULES) - not_from_the_wrapper
    assert not {"LD_LIBRARY_PATH", "PYTHONPATH", "TEXTUAL_DRIVER", "TUI_TUTOR_LESSONS"} & set(passed)


@pytest.mark.slow
def test_twenty_logins_at_once_none_dropped(warm_classroom):
    """A class logging in together: with sshd's default MaxStartups 10:30:100 some of 20 were
    refused at the key exchange; the deploy block's MaxStartups lets every one in."""
    room, server = warm_classroom
    room.forget("alice")
    started = time.monotonic()
    apps = [PtyApp(room.ssh("alice", "-t"), env=client_env()) for _ in range(20)]
    try:
        reached: dict[int, float] = {}
        deadline = time.monotonic() + 180
        while len(reached) < len(apps) and time.monotonic() < deadline:
            for n, app in enumerate(apps):
                if n not in reached:
                    app.pump(0.01)
                    if CONTENTS in app.text():
                        reached[n] = time.monotonic() - started
                    elif not app.child.isalive():
                        app.pump(0.1)
                        raise AssertionError(f"login {n} ended: {app.text().strip()!r}\n{room.log_text()[-2000:]}")
        assert len(reached) == len(apps), f"{len(apps) - len(reached)} logins never reached the contents"
        print(f"\n20 logins: the last reached the contents after {max(reached.values()):.1f} s")
        for app in apps:
            app.send("q")
        assert [app.finish(timeout=60) for app in apps] == [0] * len(apps)
    finally:
        for app in apps:
            app.child.close(force=True)
    assert "MaxStartups" not in room.log_text() and "drop connection" not in room.log_text()
