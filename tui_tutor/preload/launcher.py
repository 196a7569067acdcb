"""The launcher: `tui-tutor` hands its terminal to the warm server and stays for the session.

It sends its standard input, output and error, its arguments, working folder and the allowed
environment; the server forks a child that runs the tutor on them. The launcher stays the
terminal's process for the whole session: the terminal's signals reach it, and it passes them
on to the child through a pidfd (window size changes, hang-up, Ctrl+C and Ctrl+Z while the
terminal is not in raw mode, an administrator's SIGTERM), then exits with the child's status.

It runs before every session and stays for all of it, so it imports next to nothing: no
Textual, no torch, and not the `socket` and `signal` modules either. Their C halves, `_socket`
and `_signal`, have every call it makes (the same objects and functions); the Python halves
would add `enum`, `functools` and `selectors`, about 1 MB of every session's memory and a few
ms of its start (benchmarks/class_memory.py, benchmarks/preload.py).
"""

from __future__ import annotations

import _signal
import _socket
import os
import sys

from tui_tutor.preload import protocol

RELAYED = (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP, _signal.SIGWINCH, _signal.SIGTSTP, _signal.SIGCONT)
"""The terminal's and the administrator's signals, passed on to the child."""
START_TIMEOUT = 10.0
"""Seconds to wait for the server to start the session before running the tutor here."""
RESET = ("\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"
         "\x1b[?1004l\x1b[?2004l\x1b[<u")
"""Leave the alternate screen; cursor on; mouse, focus and paste reports and kitty keys off."""


class Fallback(Exception):
    """No session in the server: the tutor runs in this process; the message says why."""


class Handover:
    """One session in the server, seen from the launcher: its signals and its end."""

    def __init__(self, conn: _socket.socket) -> None:
        self.conn = conn
        self.pidfd: int | None = None
        self.pending: list[int] = []
        self.done: int | None = None
        self.terminal = terminal_state()
        self.previous = {sig: _signal.signal(sig, self.on_signal) for sig in RELAYED}

    def on_signal(self, signum: int, _frame: object) -> None:
        if signum == _signal.SIGTSTP and orphaned():
            return  # no job control here (an SSH session, say): a tutor would not stop either
        if self.pidfd is None:  # the child is not there yet: pass it on once it is
            self.pending.append(signum)
        else:
            self.relay(signum)

    def relay(self, signum: int) -> None:
        """Pass `signum` to the child; for Ctrl+Z and a hang-up, then do what a tutor would itself."""
        try:  # noqa: SIM105 (no contextlib: the launcher imports next to nothing)
            _signal.pidfd_send_signal(self.pidfd, signum)
        except OSError:  # already gone
            pass
        if signum == _signal.SIGTSTP:  # stop with it, so the shell sees the job stopped (fg continues both)
            os.kill(os.getpid(), _signal.SIGSTOP)
        elif signum == _signal.SIGHUP:  # the terminal is gone: end as a tutor would (the child has its HUP)
            _signal.signal(_signal.SIGHUP, _signal.SIG_DFL)
            os.kill(os.getpid(), _signal.SIGHUP)

    def restore_signals(self) -> None:
        for sig, handler in self.previous.items():
            _signal.signal(sig, handler)

    def run(self, request: bytes) -> int:
        """Send `request` with fds 0-2; relay signals until the session ends; its exit status."""
        self.conn.settimeout(START_TIMEOUT)
        try:
            send_fds(self.conn, request, (0, 1, 2))
            while True:
                data, fds = receive_fds(self.conn, 1)
                if not data:
                    return self.lost()
                status = self.answer(*protocol.parse_reply(data), fds)
                if status is not None:
                    return status
        except (OSError, protocol.Refused) as err:
            if self.pidfd is None:
                raise Fallback(describe(err)) from None
            return self.lost()

    def answer(self, word: str, value: int | str, fds: list[int]) -> int | None:
        """Act on one reply; the exit status once the session is over."""
        if word == "started" and fds:
            self.pidfd = fds[0]
            self.conn.settimeout(None)  # the session lasts as long as the student likes
            for signum in self.pending:
                self.relay(signum)
            self.pending.clear()
        elif word == "refused":
            raise Fallback(f"the server refused: {value}")
        elif word == "done":
            self.done = int(value)
        elif word == "exit":
            return int(value)
        elif word == "killed":
            return self.crashed(int(value))
        return None

    def crashed(self, signum: int) -> int:
        """The child died of a signal: give the terminal back in a usable state and say so."""
        if signum != _signal.SIGHUP:  # after a hang-up there is no terminal to tell
            self.restore_terminal()
            import signal  # only now: its enum of names is not worth importing before every session

            try:
                name = signal.Signals(signum).name
            except ValueError:
                name = f"signal {signum}"
            print(f"tui-tutor: the session ended abruptly (its process got {name}).", file=sys.stderr)
        return 128 + signum

    def lost(self) -> int:
        """The server went away (restarted) while the session ran; the child's own word, if it gave one."""
        if self.done is not None:
            return self.done
        self.restore_terminal()
        print("tui-tutor: the session ended without an exit status (its server stopped).", file=sys.stderr)
        return 1

    def restore_terminal(self) -> None:
        if self.terminal is not None:
            import termios

            try:  # noqa: SIM105 (no contextlib: the launcher imports next to nothing)
                termios.tcsetattr(0, termios.TCSADRAIN, self.terminal)
            except termios.error:
                pass
        if os.isatty(1):
            os.write(1, RESET.encode())


def orphaned() -> bool:
    """True if no job-control shell could continue this process once stopped: its parent is not a
    shell of its session (the kernel then drops a terminal's stop signals, for a tutor too)."""
    try:
        parent = os.getppid()
        return not (os.getsid(parent) == os.getsid(0) and os.getpgid(parent) != os.getpgrp())
    except OSError:  # the parent is gone
        return True


def terminal_state() -> list | None:
    """The terminal's settings on standard input, to restore after a crash (None: not a terminal)."""
    if not os.isatty(0):
        return None
    import termios

    try:
        return termios.tcgetattr(0)
    except termios.error:
        return None


def run_in_server(path: str, argv: list[str]) -> int | None:
    """The tutor's exit status from a session in the server at `path`; None to run it here instead."""
    try:
        conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_SEQPACKET | _socket.SOCK_CLOEXEC)
    except OSError as err:
        return fall_back(path, str(err))
    try:
        try:
            conn.settimeout(START_TIMEOUT)
            conn.connect(path)
            request = protocol.request(argv, os.getcwd(), dict(os.environ))
        except (OSError, protocol.Refused) as err:
            return fall_back(path, describe(err))
        session = Handover(conn)
        try:
            return session.run(request)
        except Fallback as why:
            session.restore_signals()
            for signum in session.pending:  # what reached us meanwhile now reaches the tutor here
                os.kill(os.getpid(), signum)
            return fall_back(path, str(why))
    finally:
        conn.close()


FD_BYTES = 4
"""A file descriptor in SCM_RIGHTS data: a C int."""


def send_fds(conn: _socket.socket, data: bytes, fds: tuple[int, ...]) -> None:
    """Send `data` with `fds` (what `socket.send_fds` does)."""
    rights = b"".join(fd.to_bytes(FD_BYTES, sys.byteorder) for fd in fds)
    conn.sendmsg([data], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, rights)])


def receive_fds(conn: _socket.socket, most: int) -> tuple[bytes, list[int]]:
    """One message and the file descriptors that came with it, at most `most` (as `socket.recv_fds`)."""
    data, ancillary, _flags, _address = conn.recvmsg(protocol.MAX_MESSAGE, _socket.CMSG_SPACE(most * FD_BYTES),
                                                     _socket.MSG_CMSG_CLOEXEC)
    fds = []
    for level, kind, rights in ancillary:
        if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
            usable = len(rights) - len(rights) % FD_BYTES
            fds += [int.from_bytes(rights[i:i + FD_BYTES], sys.byteorder, signed=True) for i in range(0, usable, FD_BYTES)]
    return data, fds


def describe(err: Exception) -> str:
    """An error in a few words: the system's message for an OSError."""
    return (err.strerror if isinstance(err, OSError) and err.strerror else str(err)) or type(err).__name__


def fall_back(path: str, why: str) -> None:
    """Note in the user's log that the tutor runs in this process, and why."""
    from tui_tutor.errorlog import logger

    logger().warning("no session from the preload server at %s (%s): the tutor runs in this process", path, why)
    return None
