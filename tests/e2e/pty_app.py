"""Drive the installed `tui-tutor` in a real pseudo-terminal and read its screen with pyte."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pexpect
import pyte


def tutor_command() -> str:
    """The installed console script (beside this interpreter), else the one on PATH."""
    beside = Path(sys.executable).with_name("tui-tutor")
    return str(beside) if beside.exists() else (shutil.which("tui-tutor") or "tui-tutor")


class PtyApp:
    """A running program in a pty of `cols`×`rows`, with its screen mirrored by pyte."""

    def __init__(self, args: list[str], cols: int = 80, rows: int = 24, env: dict[str, str] | None = None,
                 cwd: str | None = None) -> None:
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        home = tempfile.mkdtemp(prefix="tui-tutor-e2e-")  # progress and logs stay out of the real home
        full_env = {**os.environ, "TERM": "xterm-256color", "XDG_DATA_HOME": f"{home}/data",
                    "XDG_STATE_HOME": f"{home}/state", **(env or {})}
        full_env.pop("TEXTUAL", None)
        self.child = pexpect.spawn(args[0], args[1:], dimensions=(rows, cols), env=full_env, cwd=cwd)
        self.bytes_read = 0

    def pump(self, timeout: float = 0.05) -> None:
        """Feed whatever the program wrote into the screen."""
        try:
            while True:
                data = self.child.read_nonblocking(65536, timeout=timeout)
                self.bytes_read += len(data)
                self.stream.feed(data)
                timeout = 0.01
        except (pexpect.TIMEOUT, pexpect.EOF):
            pass

    def settle(self, quiet: float = 1.5, limit: float = 120.0) -> None:
        """Read until the program has written nothing for `quiet` seconds (at most `limit`):
        it has caught up with the input it was sent."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            before = self.bytes_read
            self.pump(quiet)
            if self.bytes_read == before:
                return

    def text(self) -> str:
        """The screen as lines of text."""
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 30.0) -> str:
        """Pump until `needle` is on screen; returns the screen text."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ended = not self.child.isalive()  # (looked at first: what it wrote before ending is read below)
            self.pump()
            text = self.text()
            if needle in text:
                return text
            if ended:
                break
        raise AssertionError(f"{needle!r} never appeared; screen was:\n{self.text()}")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def resize(self, cols: int, rows: int) -> None:
        self.screen.resize(rows, cols)
        self.child.setwinsize(rows, cols)

    def finish(self, timeout: float = 15.0) -> int:
        """Wait for the program to exit; returns its exit status."""
        deadline = time.monotonic() + timeout
        while self.child.isalive() and time.monotonic() < deadline:
            self.pump()
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -1


KEYS = {"up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D", "tab": "\t", "escape": "\x1b",
        "pagedown": "\x1b[6~", "pageup": "\x1b[5~", "enter": "\r"}
