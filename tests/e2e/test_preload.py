"""End to end: `tui-tutor preload` forks sessions for `tui-tutor` launchers in real pseudo-terminals.

One server (a real `tui-tutor preload` process) serves the module; tests that stop or break a
server start their own. Sessions are found as the server's child processes, by their working
folder. The SSH classroom with the server is tested in test_ssh_classroom.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.preload_server import (
    PreloadServer,
    alive,
    blocked_signals,
    children_of,
    fd_count,
    memory_kib,
    thread_count,
    wait_gone,
)
from tests.e2e.pty_app import KEYS, PtyApp, tutor_command
from tui_tutor.preload import protocol

CONTENTS = "Deep Learning Fundamentals II — lessons"
DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "ssh"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with PreloadServer(tmp_path_factory.mktemp("preload")) as running:
        yield running


@contextlib.contextmanager
def session(server: PreloadServer, folder: Path, *args: str, cols: int = 80, rows: int = 24, **env: str):
    """`tui-tutor ARGS` in a pty of cols×rows, handed to `server`, working in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    app = PtyApp([tutor_command(), *args], cols=cols, rows=rows, cwd=str(folder),
                 env={"TUI_TUTOR_PRELOAD": str(server.socket), "XDG_DATA_HOME": str(folder / "data"),
                      "XDG_STATE_HOME": str(folder / "state"), **env})
    try:
        yield app
    finally:
        if app.child.isalive():
            app.child.terminate(force=True)
        app.child.close(force=True)


def raw_session(path: Path, message: bytes, fds: list[int], timeout: float = 30.0) -> list[dict]:
    """Speak the protocol directly: send `message` with `fds`; every reply until the server closes."""
    replies = []
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as conn:
        conn.settimeout(timeout)
        conn.connect(str(path))
        socket.send_fds(conn, [message], fds)
        while data := conn.recv(protocol.MAX_MESSAGE):
            word, _, value = data.decode().partition(" ")  # "started 123", "refused why", …
            replies.append({word: int(value) if value.isdigit() else value})
    return replies


def request(argv: list[str], env: dict[str, str] | None = None, cwd: str = "/") -> bytes:
    """A request as the protocol spells it: NUL between the fields."""
    fields = ["tui-tutor/2", cwd, str(len(argv)), *argv, *(f"{k}={v}" for k, v in (env or {}).items())]
    return "\0".join(fields).encode()


# --- the socket, and who may use it --------------------------------------------------------------


def test_socket_folder_is_private_and_the_server_is_one_thread(server):
    folder = server.socket.parent
    for path, mode in ((folder, 0o700), (server.socket, 0o600)):
        info = path.lstat()
        assert stat.S_IMODE(info.st_mode) == mode, f"{path}: mode {stat.S_IMODE(info.st_mode):o}"
        assert info.st_uid == os.geteuid()
    assert stat.S_ISSOCK(server.socket.lstat().st_mode)
    assert thread_count(server.pid) == 1, "forking a process with threads can deadlock its children"


def test_another_account_cannot_reach_the_socket(server):
    """A process of another user (nobody) is stopped by the folder's and the socket's modes."""
    probe = ("import socket, sys\ns = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)\n"
             "try:\n    s.connect(sys.argv[1])\nexcept OSError as e:\n    print(e.strerror)\nelse:\n    print('connected')")
    nobody = 65534

    def become_nobody() -> None:
        os.setgid(nobody)
        os.setgroups([])
        os.setuid(nobody)

    if os.geteuid() != 0:
        pytest.fail("this test needs root (to run a process as nobody); CI runs the tests as root")
    done = subprocess.run([sys.executable, "-I", "-c", probe, str(server.socket)], capture_output=True, text=True,
                          timeout=60, preexec_fn=become_nobody, cwd="/")
    assert done.stdout.strip() == "Permission denied", done


def test_the_server_refuses_a_shared_folder_and_a_second_server(server, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chown(shared, 65534, 65534)
    for path, says in ((shared / "preload.sock", "belongs to uid 65534"), (server.socket, "already answers")):
        done = subprocess.run([tutor_command(), "preload", "--socket", str(path)], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 1 and says in done.stderr and "Traceback" not in done.stderr, done
    assert server.process.poll() is None and server.socket.exists()


def test_a_folder_open_to_others_is_closed_and_systemd_is_told_when_ready(tmp_path):
    folder = tmp_path / "run"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as notify:
        notify.bind(str(tmp_path / "notify"))
        notify.settimeout(60)
        with PreloadServer(tmp_path, env={**os.environ, "NOTIFY_SOCKET": str(tmp_path / "notify")}) as running:
            assert notify.recv(64) == b"READY=1"  # Type=notify in the systemd unit
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700
            assert stat.S_IMODE(running.socket.stat().st_mode) == 0o600


def test_the_systemd_unit_runs_the_server_where_the_wrapper_looks(tmp_path):
    unit = (DEPLOY / "tui-tutor-preload.service").read_text()
    settings = dict(line.split("=", 1) for line in unit.splitlines() if "=" in line and not line.startswith("#"))
    socket_path = "/run/tui-tutor/preload.sock"
    assert settings["ExecStart"] == f"/usr/local/bin/tui-tutor preload --socket {socket_path}"
    assert f"preload=${{TUI_TUTOR_PRELOAD-{socket_path}}}" in (DEPLOY / "tui-tutor-ssh").read_text()
    assert f"TUI_TUTOR_PRELOAD={socket_path}" in (DEPLOY / "sshd_config.tui-tutor").read_text()
    assert "Match User tutor" in (DEPLOY / "sshd_config.tui-tutor").read_text() and settings["User"] == "tutor"
    expected = {"Type": "notify", "RuntimeDirectory": "tui-tutor", "RuntimeDirectoryMode": "0700",
                "Restart": "on-failure", "KillMode": "process"}
    assert {name: settings.get(name) for name in expected} == expected
    # systemd's own check, on a copy that runs this tree's tutor as this user
    local = unit.replace("/usr/local/bin/tui-tutor", tutor_command()).replace("=tutor\n", "=root\n")
    (tmp_path / "tui-tutor-preload.service").write_text(local)
    if not shutil.which("systemd-analyze"):
        pytest.fail("systemd-analyze is missing: ./run-tests installs it as root (apt-get install systemd)")
    done = subprocess.run(["systemd-analyze", "verify", str(tmp_path / "tui-tutor-preload.service")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done


def test_the_server_accepts_only_what_the_wrapper_passes(server):
    """Requests with anything the SSH wrapper would not pass are refused whole; the server serves on."""
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        good_env = {"TERM": "xterm-256color", "HOME": "/tmp"}
        refused = {
            "a variable the wrapper drops": request(["--version"], {**good_env, "LD_PRELOAD": "/tmp/x.so"}),
            "PYTHONPATH": request(["--version"], {"PYTHONPATH": "/tmp"}),
            "PATH": request(["--version"], {"PATH": "/tmp"}),
            "a value with a space": request(["--version"], {"TERM": "xterm 256"}),
            "a relative folder": request(["--version"], {"HOME": "../alice"}),
            "a folder with ..": request(["--version"], {"XDG_DATA_HOME": "/srv/students/../bob/data"}),
            "a browser other than true": request(["--version"], {"BROWSER": "lynx"}),
            "another Textual driver": request(["--version"], {"TEXTUAL_DRIVER": "os:system"}),
            "the server itself": request(["preload", "--socket", "/tmp/other.sock"]),
            "serve": request(["serve"]),
            "a relative cwd": request(["--version"], cwd="tmp"),
            "an extra field": request([], cwd="/") + b"\0exec=sh",
            "the old JSON": b'{"argv": [], "cwd": "/", "env": {}}',
            "garbage": b"\x00\x01garbage",
        }
        for what, message in refused.items():
            replies = raw_session(server.socket, message, [devnull] * 3)
            assert len(replies) == 1 and "refused" in replies[0], (what, replies)
        for fds in ([devnull], [devnull] * 2):  # not the three standard streams
            replies = raw_session(server.socket, request(["--version"]), fds)
            assert "refused" in replies[0] and "3 file descriptors" in replies[0]["refused"], replies
    finally:
        os.close(devnull)
    read, write = os.pipe()
    try:
        replies = raw_session(server.socket, request(["--version"], {"TERM": "xterm"}), [read, write, write])
        os.close(write)
        write = -1
        assert [list(r) for r in replies] == [["started"], ["done"], ["exit"]] and replies[-1]["exit"] == 0, replies
        assert os.read(read, 4096).decode().startswith("tui-tutor ")
    finally:
        os.close(read)
        if write >= 0:
            os.close(write)
    assert not children_of(server.pid) and thread_count(server.pid) == 1


# --- sessions ----------------------------------------------------------------------------------


def redrawn_wider_than_80(text: str) -> bool:
    """The lesson is back (not the too-small notice) and laid out across more than 80 columns."""
    lines = text.splitlines()
    return ("step 1/" in text and "needs at least" not in text
            and max(len(line.rstrip()) for line in lines) > 80)


def test_a_session_runs_in_a_fork_resizes_and_quits(server, tmp_path):
    with session(server, tmp_path / "alice") as app:
        app.wait_for(CONTENTS, timeout=60)
        child = server.session_in(tmp_path / "alice")
        assert Path(f"/proc/{child}/comm").read_text().strip() == "tutor-session"
        app.send(KEYS["enter"])
        app.wait_for("step 1/", timeout=30)
        app.resize(60, 20)
        app.wait_for("needs at least 80×24", timeout=30)
        app.resize(100, 30)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not redrawn_wider_than_80(app.text()):
            app.pump(0.1)
        assert redrawn_wider_than_80(app.text()), app.text()
        app.send("q")
        assert app.finish(timeout=30) == 0, app.text()
    wait_gone(child, 5)
    assert f"session {child} ended (status 0)" in server.log_text()


@pytest.mark.parametrize("argv", [["--list"], ["--version"], ["--help"], ["nosuch"], ["neuron", "--set", "b=x"],
                                  ["review", "nosuch"], ["--seed", "-1"]],
                         ids=["list", "version", "help", "unknown-lesson", "bad-value", "bad-review", "bad-seed"])
def test_the_command_line_answers_as_without_the_server(server, argv, tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_STATE_HOME": str(tmp_path / "state")}
    alone = subprocess.run([tutor_command(), *argv], capture_output=True, text=True, timeout=120, env=env)
    before = server.log_text().count("started: tui-tutor")
    forked = subprocess.run([tutor_command(), *argv], capture_output=True, text=True, timeout=120,
                            env={**env, "TUI_TUTOR_PRELOAD": str(server.socket)})
    assert server.log_text().count("started: tui-tutor") == before + 1, "the server did not run it"
    assert (forked.returncode, forked.stdout, forked.stderr) == (alone.returncode, alone.stdout, alone.stderr)


def test_progress_goes_to_the_callers_folders(server, tmp_path):
    with session(server, tmp_path / "bob", "neuron") as app:
        app.wait_for("step 1/", timeout=60)
        app.send(KEYS["pagedown"])
        app.wait_for("step 2/", timeout=30)
        app.send("q")
        assert app.finish(timeout=30) == 0
    saved = json.loads((tmp_path / "bob" / "data" / "tui-tutor" / "progress.json").read_text())
    assert "neuron" in json.dumps(saved), saved


def test_a_hang_up_ends_the_session_within_a_second(server, tmp_path):
    with session(server, tmp_path / "carol", "gradient-descent") as app:
        app.wait_for("step 1/", timeout=60)
        child = server.session_in(tmp_path / "carol")
        launcher = app.child.pid
        app.child.close(force=False)  # the terminal goes away: the launcher gets SIGHUP, as from sshd
        wait_gone(launcher, 10)
        took = wait_gone(child, 1.0)
    print(f"\nsession gone {took * 1000:.0f} ms after its launcher")
    assert child not in children_of(server.pid)


def test_a_killed_launcher_leaves_no_session_behind(server, tmp_path):
    with session(server, tmp_path / "dave", "softmax") as app:
        app.wait_for("step 1/", timeout=60)
        child = server.session_in(tmp_path / "dave")
        os.kill(app.child.pid, signal.SIGKILL)  # no chance to pass anything on
        wait_gone(app.child.pid, 10)
        took = wait_gone(child, 1.0)
    print(f"\nsession gone {took * 1000:.0f} ms after its launcher was killed")


def test_a_crashed_session_leaves_the_others_and_the_server_alone(server, tmp_path):
    with session(server, tmp_path / "erin") as erin, session(server, tmp_path / "frank") as frank:
        for app in (erin, frank):
            app.wait_for(CONTENTS, timeout=60)
        os.kill(server.session_in(tmp_path / "erin"), signal.SIGKILL)
        erin.wait_for("the session ended abruptly (its process got SIGKILL)", timeout=30)
        assert erin.finish(timeout=30) == 128 + signal.SIGKILL
        assert "\x1b[?1049h" not in erin.text()
        frank.send(KEYS["enter"])
        frank.wait_for("step 1/", timeout=30)
        frank.send("q")
        assert frank.finish(timeout=30) == 0
    assert server.process.poll() is None and thread_count(server.pid) == 1
    assert "signal SIGKILL" in server.log_text()


def test_sigterm_to_the_launcher_ends_the_session_with_a_message(server, tmp_path):
    with session(server, tmp_path / "gina", "neuron") as app:
        app.wait_for("step 1/", timeout=60)
        child = server.session_in(tmp_path / "gina")
        os.kill(app.child.pid, signal.SIGTERM)  # what "Removing a student" in deploy/ssh/README.md does
        app.wait_for("this session was ended from outside (SIGTERM)", timeout=30)
        assert app.finish(timeout=30) == 128 + signal.SIGTERM
    wait_gone(child, 5)


def test_without_a_server_the_tutor_runs_itself_and_says_so_in_the_log(tmp_path):
    missing = tmp_path / "nowhere" / "preload.sock"
    app = PtyApp([tutor_command()], env={"TUI_TUTOR_PRELOAD": str(missing), "XDG_STATE_HOME": str(tmp_path / "state")})
    try:
        app.wait_for(CONTENTS, timeout=60)
        app.send("q")
        assert app.finish(timeout=30) == 0
    finally:
        app.child.close(force=True)
    log = (tmp_path / "state" / "tui-tutor" / "log" / "tui-tutor.log").read_text()
    assert f"no session from the preload server at {missing}" in log and "runs in this process" in log


def test_sigterm_stops_the_server_and_running_sessions_carry_on(tmp_path):
    running = PreloadServer(tmp_path / "server").start()
    try:
        with session(running, tmp_path / "hana") as app:
            app.wait_for(CONTENTS, timeout=60)
            started = time.monotonic()
            assert running.stop(signal.SIGTERM, timeout=10) == 0
            print(f"\nserver stopped in {(time.monotonic() - started) * 1000:.0f} ms")
            assert not running.socket.exists()
            assert "stopped; 1 running sessions carry on" in running.log_text()
            app.send(KEYS["enter"])
            app.wait_for("step 1/", timeout=30)
            app.send("q")
            assert app.finish(timeout=30) == 0  # the session's own word, with its server gone
    finally:
        running.stop(signal.SIGKILL)


def test_signals_blocked_by_whatever_started_the_server_are_heard_again(tmp_path):
    """A script that blocked SIGTERM, SIGINT and SIGHUP before starting the server: the server
    still stops on SIGTERM, and a session forked from it still hears a hang-up."""
    blocked = frozenset({signal.SIGTERM, signal.SIGINT, signal.SIGHUP})
    running = PreloadServer(tmp_path / "server", blocked=blocked).start()
    try:
        assert blocked_signals(running.pid) == set()
        with session(running, tmp_path / "ivo") as app:
            app.wait_for(CONTENTS, timeout=60)
            child = running.children()[0]
            assert not blocked_signals(child) & blocked
            os.kill(child, signal.SIGHUP)
            assert wait_gone(child, 10) < 10
        assert running.stop(signal.SIGTERM, timeout=10) == 0
    finally:
        running.stop(signal.SIGKILL)


def test_serve_reaches_the_server_through_its_environment(server, tmp_path):
    """`tui-tutor serve` starts `python -m tui_tutor` with textual-serve's variables and pipes."""
    env = {**os.environ, "TUI_TUTOR_PRELOAD": str(server.socket), "TEXTUAL_DRIVER": protocol.WEB_DRIVER,
           "TEXTUAL_FPS": "60", "TEXTUAL_COLOR_SYSTEM": "truecolor", "TERM_PROGRAM": "textual",
           "COLUMNS": "80", "ROWS": "24", "XDG_DATA_HOME": str(tmp_path / "data")}
    web = subprocess.Popen([sys.executable, "-m", "tui_tutor"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env)
    try:
        first = web.stdout.readline()
        assert first == b"__GANGLION__\n", first  # the web driver's greeting: Textual took the web driver
        child = max(children_of(server.pid))
        assert alive(child)
    finally:
        web.kill()
        web.wait(timeout=30)
    wait_gone(child, 5)


# --- a class's worth of sessions -----------------------------------------------------------------


@pytest.mark.slow
def test_500_sessions_leave_the_server_as_after_the_first_ten(server, tmp_path):
    """Sessions that end every way (normally, refused, hung up, killed) change neither the
    server's memory nor its open files."""
    read, write = os.pipe()  # every session's output, drained after each
    os.set_blocking(read, False)
    idle, held = os.pipe()  # every session's input: nothing ever comes

    def one(n: int) -> None:
        kind = n % 4
        if kind == 1:  # refused
            raw_session(server.socket, request(["--version"], {"LD_PRELOAD": "x"}), [idle, write, write])
            return
        with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as conn:
            conn.settimeout(30)
            conn.connect(str(server.socket))
            # the reset waits for an answer: a session still there to be killed (2) or hung up on (3)
            argv = ["--reset-progress"] if kind in (2, 3) else ["--version"]
            socket.send_fds(conn, [request(argv, {"XDG_DATA_HOME": str(tmp_path)})], [idle, write, write])
            reply, fds, _, _ = socket.recv_fds(conn, protocol.MAX_MESSAGE, 1)
            if reply == b"done 0":  # --version was quicker than the server's own word
                reply, fds, _, _ = socket.recv_fds(conn, protocol.MAX_MESSAGE, 1)
            assert reply.startswith(b"started "), reply
            if kind == 2:  # killed mid-session
                signal.pidfd_send_signal(fds[0], signal.SIGKILL)
            os.close(fds[0])
            if kind != 3:  # kind 3 hangs up: the caller goes away while its session waits
                while conn.recv(protocol.MAX_MESSAGE):
                    pass
        with contextlib.suppress(BlockingIOError):
            while os.read(read, 65536):
                pass

    def wait_idle() -> None:
        deadline = time.monotonic() + 30
        while children_of(server.pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not children_of(server.pid)
        counted = None  # the server closes a session's socket and pidfd just after it reaps the child
        while (now := fd_count(server.pid)) != counted and time.monotonic() < deadline:
            counted = now
            time.sleep(0.1)

    seen = {}
    started = time.monotonic()
    try:
        for n in range(500):
            one(n)
            if n + 1 in (10, 250, 500):
                wait_idle()
                seen[n + 1] = memory_kib(server.pid), fd_count(server.pid)
    finally:
        for fd in (read, write, idle, held):
            os.close(fd)
    print(f"\nafter 10, 250 and 500 sessions: {seen}; {(time.monotonic() - started) / 500 * 1000:.0f} ms per session")
    assert seen[10][1] == seen[250][1] == seen[500][1], "open file descriptors grew"
    private = [seen[n][0]["private"] for n in (10, 250, 500)]
    # Python may take one more arena of its allocator early on; a leak would grow on and on.
    assert private[2] - private[1] <= 128 and private[2] - private[0] <= 1024, f"private memory (KiB): {private}"
    assert thread_count(server.pid) == 1


@pytest.mark.slow
def test_a_training_lesson_in_twenty_forks_at_once(server, tmp_path):
    """PyTorch after fork: 20 sessions train at the same time (each with one thread, as the SSH
    wrapper sets it) and each ends on exactly the screen an ordinary tutor shows."""
    lesson, one_thread = "mse-for-classification", {"OMP_NUM_THREADS": "1"}
    alone = PtyApp([tutor_command(), lesson], env={**one_thread, "XDG_DATA_HOME": str(tmp_path / "alone")})
    try:
        alone.wait_for("step 1/", timeout=120)
        alone.settle(quiet=2.0)  # the progress line moves until both runs have trained
        expected = alone.text()
        alone.send("q")
        assert alone.finish(timeout=30) == 0
    finally:
        alone.child.close(force=True)
    with contextlib.ExitStack() as stack:
        forks = [stack.enter_context(session(server, tmp_path / f"s{n}", lesson, **one_thread)) for n in range(20)]
        done: set[int] = set()
        deadline = time.monotonic() + 300
        while len(done) < len(forks) and time.monotonic() < deadline:
            for n, app in enumerate(forks):
                if n not in done:
                    app.pump(0.01)
                    if app.text() == expected:
                        done.add(n)
        assert len(done) == len(forks), "\n\n".join(forks[n].text() for n in range(len(forks)) if n not in done)[:4000]
        assert len(server.children()) == 20 and thread_count(server.pid) == 1
        for app in forks:
            app.send("q")
        assert [app.finish(timeout=60) for app in forks] == [0] * 20


def state(pid: int) -> str:
    """The kernel's one-letter state of `pid` (R, S, T for stopped, ...)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def wait_state(pid: int, wanted: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while state(pid) != wanted:
        assert time.monotonic() < deadline, f"process {pid} is {state(pid)}, not {wanted}"
        time.sleep(0.01)


def wait_reading(pids: list[int], timeout: float = 10.0) -> None:
    """Until one of `pids` is blocked reading its terminal. A prompt is written just before the
    read starts; a Ctrl+C that lands between the two is, in any Python program, only noticed at
    the next key, so the tests press keys once the read is under way, as a person would."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in pids:
            try:
                if Path(f"/proc/{pid}/syscall").read_text().split()[:2] == ["0", "0x0"]:  # read(0, ...)
                    return
            except (OSError, IndexError):
                continue
        time.sleep(0.01)
    raise AssertionError(f"none of {pids} is reading its terminal")


@pytest.mark.parametrize("warm", [False, True], ids=["alone", "server"])
def test_ctrl_c_and_ctrl_z_at_a_prompt_as_without_the_server(server, tmp_path, warm):
    """Outside the tutor's raw mode (here its reset prompt), in an interactive shell: Ctrl+Z stops
    the job (with the server, its fork too) and `fg` continues it; Ctrl+C answers "Nothing was
    changed."; the same through the server. Without job control (no shell, as in an SSH
    session), Ctrl+Z changes nothing."""
    env = {"TUI_TUTOR_PRELOAD": str(server.socket) if warm else "", "XDG_DATA_HOME": str(tmp_path / "data")}
    for key in ("\x1a", "\x03"):
        shell = PtyApp(["bash", "--norc", "--noprofile", "-i"], env={**env, "PS1": "$ "}, cols=120)
        try:
            shell.send(f"{tutor_command()} --reset-progress\r")
            shell.wait_for("Type yes to confirm", timeout=60)
            job = [*children_of(shell.child.pid), *(children_of(server.pid) if warm else [])]
            wait_reading(job)
            shell.send(key)
            if key == "\x1a":
                shell.wait_for("Stopped", timeout=30)
                for pid in job:
                    wait_state(pid, "T")
                shell.send("fg\r")
                for pid in job:
                    wait_state(pid, "S")
                shell.send("no\r")
            shell.wait_for("Nothing was changed.", timeout=30)
            shell.send("echo STATUS=$?\r")
            shell.wait_for("STATUS=1", timeout=30)
            assert "Traceback" not in shell.text(), shell.text()
        finally:
            shell.child.close(force=True)
    app = PtyApp([tutor_command(), "--reset-progress"], env=env)
    try:
        app.wait_for("Type yes to confirm", timeout=60)
        wait_reading([app.child.pid, *(children_of(server.pid) if warm else [])])
        app.send("\x1a")  # no job control here: nothing stops
        app.send("no\r")
        app.wait_for("Nothing was changed.", timeout=30)
        assert app.finish(timeout=30) == 1
    finally:
        app.child.close(force=True)
