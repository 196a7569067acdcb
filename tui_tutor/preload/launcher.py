"""The launcher: `tui-tutor` hands its terminal to the warm server and stays for the session.

It sends its standard input, output and error, its arguments, working folder and the allowed
environment; the server forks a child that runs the tutor on them. The launcher stays the
terminal's process for the whole session: the terminal's signals reach it, and it passes them
on to the child through a pidfd (window size changes, hang-up, Ctrl+C and Ctrl+Z while the
terminal is not in raw mode, an administrator's SIGTERM), then exits with the child's status.

Imports here stay light (no Textual, no torch): this runs before every session.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys

from tui_tutor.preload import protocol

RELAYED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGWINCH, signal.SIGTSTP, signal.SIGCONT)
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

    def __init__(self, conn: socket.socket) -> None:
        self.conn = conn
        self.pidfd: int | None = None
        self.pending: list[int] = []
        self.done: int | None = None
        self.terminal = terminal_state()
        self.previous = {sig: signal.signal(sig, self.on_signal) for sig in RELAYED}

    def on_signal(self, signum: int, _frame: object) -> None:
        if signum == signal.SIGTSTP and orphaned():
            return  # no job control here (an SSH session, say): a tutor would not stop either
        if self.pidfd is None:  # the child is not there yet: pass it on once it is
            self.pending.append(signum)
        else:
            self.relay(signum)

    def relay(self, signum: int) -> None:
        """Pass `signum` to the child; for Ctrl+Z and a hang-up, then do what a tutor would itself."""
        with contextlib.suppress(OSError):  # already gone
            signal.pidfd_send_signal(self.pidfd, signum)
        if signum == signal.SIGTSTP:  # stop with it, so the shell sees the job stopped (fg continues both)
            os.kill(os.getpid(), signal.SIGSTOP)
        elif signum == signal.SIGHUP:  # the terminal is gone: end as a tutor would (the child has its HUP)
            signal.signal(signal.SIGHUP, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGHUP)

    def restore_signals(self) -> None:
        for sig, handler in self.previous.items():
            signal.signal(sig, handler)

    def run(self, request: bytes) -> int:
        """Send `request` with fds 0-2; relay signals until the session ends; its exit status."""
        self.conn.settimeout(START_TIMEOUT)
        try:
            socket.send_fds(self.conn, [request], [0, 1, 2])
            while True:
                data, fds, _flags, _addr = socket.recv_fds(self.conn, protocol.MAX_MESSAGE, 1)
                if not data:
                    return self.lost()
                status = self.answer(protocol.decode(data), fds)
                if status is not None:
                    return status
        except (OSError, protocol.Refused) as err:
            if self.pidfd is None:
                raise Fallback(describe(err)) from None
            return self.lost()

    def answer(self, message: dict, fds: list[int]) -> int | None:
        """Act on one message; the exit status once the session is over."""
        if "started" in message and fds:
            self.pidfd = fds[0]
            self.conn.settimeout(None)  # the session lasts as long as the student likes
            for signum in self.pending:
                self.relay(signum)
            self.pending.clear()
        elif "refused" in message:
            raise Fallback(f"the server refused: {message['refused']}")
        elif "done" in message:
            self.done = int(message["done"])
        elif "exit" in message:
            return int(message["exit"])
        elif "killed" in message:
            return self.crashed(int(message["killed"]))
        return None

    def crashed(self, signum: int) -> int:
        """The child died of a signal: give the terminal back in a usable state and say so."""
        if signum != signal.SIGHUP:  # after a hang-up there is no terminal to tell
            self.restore_terminal()
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

            with contextlib.suppress(termios.error):
                termios.tcsetattr(0, termios.TCSADRAIN, self.terminal)
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
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET | socket.SOCK_CLOEXEC)
    except OSError as err:
        return fall_back(path, str(err))
    with conn:
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


def describe(err: Exception) -> str:
    """An error in a few words: the system's message for an OSError."""
    return (err.strerror if isinstance(err, OSError) and err.strerror else str(err)) or type(err).__name__


def fall_back(path: str, why: str) -> None:
    """Note in the user's log that the tutor runs in this process, and why."""
    from tui_tutor.errorlog import logger

    logger().warning("no session from the preload server at %s (%s): the tutor runs in this process", path, why)
    return None
