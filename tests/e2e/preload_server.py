"""A real `tui-tutor preload` server for the tests and benchmarks, and ways to find its sessions."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from tests.e2e.pty_app import tutor_command

READY = "tui-tutor preload: ready on "


class PreloadServer:
    """`tui-tutor preload --socket FOLDER/run/preload.sock`, its log in FOLDER/preload.log."""

    def __init__(self, folder: Path, *args: str, env: dict[str, str] | None = None,
                 blocked: frozenset[int] = frozenset()) -> None:
        self.folder = folder
        self.blocked = blocked
        """Signals blocked in the server's process when it starts (as a careless script might leave them)."""
        self.socket = folder / "run" / "preload.sock"
        self.log = folder / "preload.log"
        self.args, self.env = args, env
        self.process: subprocess.Popen | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None, "the server is not running"
        return self.process.pid

    def start(self, timeout: float = 120.0) -> PreloadServer:
        """Start the server and wait until it says it is ready (it warms up first)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as log:
            self.process = subprocess.Popen([tutor_command(), "preload", "--socket", str(self.socket), *self.args],
                                            stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                            env=self.env, start_new_session=True,
                                            preexec_fn=self.block if self.blocked else None)
        deadline = time.monotonic() + timeout
        while READY not in self.log_text()[offset:]:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"the preload server did not start; its log:\n{self.log_text()[offset:]}")
            time.sleep(0.05)
        return self

    def block(self) -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, self.blocked)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int | None:
        """Send `sig` and wait for the server to exit; its exit status (None if it was not running)."""
        if self.process is None:
            return None
        process, self.process = self.process, None
        if process.poll() is None:
            process.send_signal(sig)
            try:
                return process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
        return process.wait(timeout)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def children(self) -> list[int]:
        """The pids of the sessions the server runs now (its child processes)."""
        return children_of(self.pid)

    def session_in(self, folder: Path, timeout: float = 60.0) -> int:
        """The pid of the session whose working folder is `folder` (the wrapper's student folder)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for pid in self.children():
                try:
                    if os.readlink(f"/proc/{pid}/cwd") == str(folder):
                        return pid
                except OSError:
                    continue
            time.sleep(0.05)
        raise AssertionError(f"no session of the server works in {folder}; sessions: {self.children()}")

    def __enter__(self) -> PreloadServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def children_of(parent: int) -> list[int]:
    """Processes whose parent is `parent` (zombies included until reaped)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(proc.name))
    return found


def alive(pid: int) -> bool:
    """True while `pid` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_gone(pid: int, timeout: float) -> float:
    """Seconds until `pid` has ended (AssertionError after `timeout`)."""
    start = time.monotonic()
    while alive(pid):
        if time.monotonic() - start > timeout:
            raise AssertionError(f"process {pid} still runs after {timeout} s")
        time.sleep(0.01)
    return time.monotonic() - start


def fd_count(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def memory_kib(pid: int) -> dict[str, int]:
    """Rss, Pss and the private part (Private_Clean + Private_Dirty) of `pid`, in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, value = line.partition(":")
        fields[name] = int(value.split()[0])
    return {"rss": fields["Rss"], "pss": fields["Pss"], "private": fields["Private_Clean"] + fields["Private_Dirty"]}


def blocked_signals(pid: int) -> set[int]:
    """The signals blocked in the main thread of `pid` (its SigBlk mask)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        mask = int(next(line.split()[1] for line in status if line.startswith("SigBlk:")), 16)
    return {bit + 1 for bit in range(64) if mask >> bit & 1}


def thread_count(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise AssertionError(f"no thread count for {pid}")
