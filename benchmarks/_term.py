"""Shared helpers for the benchmarks: a real pty (pexpect) read into a pyte screen.

Every byte the child writes is fed into a pyte Screen, and "X is on screen" means
the pyte screen shows X. Reads use short timeouts (select-based, so they return
as soon as bytes arrive); each chunk is stamped with time.perf_counter() *when it
was read*, before pyte parses it, so the (Python) cost of parsing a big frame is
not counted against the app that sent it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

import pexpect
import pyte

ROWS, COLS = 24, 80
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
TUTOR = str(VENV_BIN / "tui-tutor")
BARE_APP = [PYTHON, str(HERE / "bare_app.py")]

# Keys as a terminal (xterm) sends them.
KEY_UP = "\x1b[A"
KEY_TAB = "\t"


def bench_env() -> dict[str, str]:
    """The environment for the children: xterm-256color, nothing that slows Textual."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("TEXTUAL") and k not in {"COLUMNS", "LINES", "COLORTERM", "NO_COLOR",
                                                         "FORCE_COLOR", "PYTHONDEVMODE", "PYTHONTRACEMALLOC",
                                                         "PYTHONPROFILEIMPORTTIME", "PYTHONVERBOSE"}}
    env["TERM"] = "xterm-256color"
    home = tempfile.mkdtemp(prefix="tui-tutor-bench-")  # a fresh user: no saved progress, no resume prompt
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    env["XDG_DATA_HOME"], env["XDG_STATE_HOME"] = f"{home}/data", f"{home}/state"
    return env


class Term:
    """A child process in a (ROWS, COLS) pty, its output rendered by pyte."""

    def __init__(self, argv: Sequence[str], rows: int = ROWS, cols: int = COLS, env: dict[str, str] | None = None) -> None:
        """`env`: variables added to bench_env() (e.g. TUI_TUTOR_PRELOAD)."""
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        child_env = {**bench_env(), **(env or {})}
        self.t_spawn = time.perf_counter()
        self.child = pexpect.spawn(argv[0], list(argv[1:]), dimensions=(rows, cols), env=child_env,
                                   encoding=None, echo=False)
        # pexpect's send()/write() sleep `delaybeforesend` (0.05 s) before writing;
        # that would count as latency, so it is off and send() writes to the fd itself.
        self.child.delaybeforesend = None
        self.last_read = self.t_spawn
        self.nbytes = 0
        self.dead = False

    # --- reading ---------------------------------------------------------------------

    def pump(self, timeout: float = 0.01) -> bool:
        """Read what is there (waiting at most `timeout` for the first byte); True if anything came."""
        if self.dead:
            time.sleep(timeout)
            return False
        got = False
        while True:
            try:
                data = self.child.read_nonblocking(65536, timeout=timeout)
            except pexpect.TIMEOUT:
                return got
            except pexpect.EOF:
                self.dead = True
                return got
            self.last_read = time.perf_counter()
            self.nbytes += len(data)
            self.stream.feed(data)
            got = True
            timeout = 0  # drain whatever else is already buffered, then return

    def wait_for(self, check: Callable[[], bool], timeout: float = 30.0, what: str = "") -> float:
        """perf_counter() stamp of the read that made `check()` true (checked after every read)."""
        deadline = time.perf_counter() + timeout
        if check():
            return self.last_read
        while time.perf_counter() < deadline:
            if self.pump(0.01) and check():
                return self.last_read
            if self.dead:
                break
        raise TimeoutError(f"not on screen after {timeout:.0f} s: {what or check}\n"
                           f"--- screen ---\n{self.text()}")

    def wait_for_text(self, text: str, timeout: float = 30.0) -> float:
        return self.wait_for(lambda: self.has(text), timeout, repr(text))

    def settle(self, quiet: float = 0.05, limit: float = 1.0) -> None:
        """Read until nothing has come for `quiet` seconds (at most `limit` seconds)."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end and self.pump(quiet):
            pass

    # --- the screen --------------------------------------------------------------------

    def lines(self) -> list[str]:
        return [unicodedata.normalize("NFC", line) for line in self.screen.display]

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines())

    def has(self, text: str) -> bool:
        return any(text in line for line in self.lines())

    def line_starting(self, prefix: str) -> str | None:
        """The first screen line that starts (after blanks) with `prefix`, stripped."""
        for line in self.lines():
            if line.strip().startswith(prefix):
                return line.strip()
        return None

    def row_of(self, prefix: str) -> int | None:
        for y, line in enumerate(self.lines()):
            if line.lstrip().startswith(prefix):
                return y
        return None

    def backgrounds(self, y: int, x0: int, x1: int) -> tuple[str, ...]:
        """The background colour of each cell of row `y`, columns x0..x1-1."""
        row = self.screen.buffer[y]
        return tuple(row[x].bg + ("/r" if row[x].reverse else "") for x in range(x0, x1))

    # --- input and end ---------------------------------------------------------------

    def send(self, keys: str) -> float:
        """Write `keys`; returns the perf_counter() stamp taken just before the write."""
        data = keys.encode()
        t = time.perf_counter()
        written = os.write(self.child.child_fd, data)
        assert written == len(data), "short write to the pty"
        return t

    def close(self) -> None:
        """End the child (it is ours: the pexpect child, by its pid)."""
        try:
            if self.child.isalive():
                self.child.kill(15)
                end = time.perf_counter() + 2
                while self.child.isalive() and time.perf_counter() < end:
                    self.pump(0.02)
        finally:
            self.child.close(force=True)

    def __enter__(self) -> Term:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- reporting ------------------------------------------------------------------------

def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def spread(values: Sequence[float]) -> str:
    """min / median / max in ms, for the raw log."""
    return f"min {min(values) * 1000:.1f}  med {median(values) * 1000:.1f}  max {max(values) * 1000:.1f} ms (n={len(values)})"


def verdict(ratio: float, target: float) -> str:
    return "pass" if ratio <= target else "FAIL"
