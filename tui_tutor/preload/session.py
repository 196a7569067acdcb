"""One forked session: the server's child takes over the caller's terminal and runs the tutor.

Everything here runs in the child, right after the fork, in this order: a session of its own
(no signal from the server's terminal reaches it), the caller's fds as 0, 1 and 2, the caller's
environment (only what the protocol accepts, with the server's PATH) and working folder, one
PyTorch thread per student unless the session says otherwise, torch's random state as a new
process has it, then the tutor's own `main(argv)`, as `tui-tutor ARGS` would run it. The child
ends with `os._exit`, as multiprocessing's forked children do: the server's exit handlers are
not the session's to run.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import sys
import threading
from collections.abc import Callable

from tui_tutor.preload import protocol
from tui_tutor.preload.protocol import Request

PROCESS_NAME = b"tutor-session"
"""What `ps` shows as the child's name (the command line stays the server's)."""
JOIN_TIMEOUT = 10.0
"""Seconds the child waits at the end for its own threads (a progress save in flight)."""


class Session:
    """The child's side of one session."""

    def __init__(self, conn: socket.socket, fds: list[int], request: Request,
                 tutor: Callable[[list[str]], int | None]) -> None:
        self.conn, self.fds, self.request, self.tutor = conn, fds, request, tutor

    def run(self) -> int:
        """Take over the caller's terminal, run the tutor, say it is done; the exit status."""
        os.setsid()
        for sig, handler in ((signal.SIGINT, signal.default_int_handler), (signal.SIGTERM, signal.SIG_DFL),
                             (signal.SIGHUP, signal.SIG_DFL), (signal.SIGTSTP, stop)):
            signal.signal(sig, handler)
        adopt_stdio(self.fds)
        search_path = os.environ.get("PATH", os.defpath)
        os.environ.clear()
        os.environ.update(self.request.env, PATH=search_path)  # programs: the server's, never the caller's
        try:
            os.chdir(self.request.cwd)
        except OSError as err:
            print(f"tui-tutor: cannot work in {self.request.cwd}: {err.strerror}", file=sys.stderr)
            return self.finish(1)
        settle_libraries(self.request.env)
        name_process()
        watch_launcher(self.conn)
        return self.finish(run_tutor(self.tutor, list(self.request.argv)))

    def finish(self, status: int) -> int:
        """Tell the launcher the tutor's status, let its threads end, flush; returns `status`."""
        with contextlib.suppress(OSError):
            self.conn.send(protocol.reply("done", status))
        for thread in threading.enumerate():
            if thread is not threading.current_thread() and not thread.daemon:
                thread.join(JOIN_TIMEOUT)
        if "logging" in sys.modules:
            sys.modules["logging"].shutdown()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        return status


def stop(_signum: int, _frame: object) -> None:
    """Ctrl+Z passed on by the launcher: stop, as the default action would, which the kernel does
    not take here (a session of its own is an orphaned process group). Textual puts its own
    handler in its place while the tutor's screen is up."""
    os.kill(os.getpid(), signal.SIGSTOP)


def adopt_stdio(fds: list[int]) -> None:
    """The caller's standard input, output and error become fds 0-2 and Python's sys.std*."""
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    sys.stdin = sys.__stdin__ = text_stream(0, "r")
    sys.stdout = sys.__stdout__ = text_stream(1, "w")
    sys.stderr = sys.__stderr__ = text_stream(2, "w", errors="backslashreplace", line_buffering=True)


def text_stream(fd: int, mode: str, errors: str = "strict", line_buffering: bool = False):
    """A text stream on `fd` as Python makes sys.std* (UTF-8, line-buffered on a terminal)."""
    return open(fd, mode, encoding="utf-8", errors=errors, newline="\n", closefd=False,
                buffering=1 if line_buffering or os.isatty(fd) else -1)


def settle_libraries(env: dict[str, str]) -> None:
    """PyTorch threads as the session asks (one by default), torch's random state as in a fresh
    process, Textual's settings read from the session's environment."""
    import torch

    torch.set_num_threads(min(int(env.get("OMP_NUM_THREADS", "1")), os.cpu_count() or 1))
    torch.manual_seed(torch.initial_seed())  # the default generator as a new process has it
    # (Python's `random` reseeds itself in a forked child; the tutor uses no NumPy randomness.)
    if any(name.startswith("TEXTUAL_") for name in env):
        import importlib

        import textual.constants

        importlib.reload(textual.constants)  # Textual reads these once, at import


def name_process() -> None:
    """Name this process for `ps` and `pgrep` (its command line stays the server's)."""
    with contextlib.suppress(OSError), open("/proc/self/comm", "wb") as comm:
        comm.write(PROCESS_NAME)


def watch_launcher(conn: socket.socket) -> None:
    """Hang up when the launcher goes away, even if the server is no longer there to see it."""
    poller = select.poll()
    poller.register(conn, select.POLLRDHUP)

    def watch() -> None:
        while True:
            if any(events & (select.POLLRDHUP | select.POLLHUP | select.POLLERR) for _, events in poller.poll()):
                os.kill(os.getpid(), signal.SIGHUP)
                return

    threading.Thread(target=watch, name="tui-tutor-launcher-watch", daemon=True).start()


def run_tutor(tutor: Callable[[list[str]], int | None], argv: list[str]) -> int:
    """`tutor(argv)` as the interpreter would run it: its exit status (0-255) whatever it does."""
    try:
        return exit_status(tutor(argv))
    except SystemExit as ended:
        return exit_status(ended.code)
    except KeyboardInterrupt:
        return 128 + signal.SIGINT
    except BaseException:  # a crash is the session's, told on its own terminal
        import traceback

        traceback.print_exc()
        return 1


def exit_status(code: object) -> int:
    """An exit status as Python's `sys.exit(code)` makes one."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1
