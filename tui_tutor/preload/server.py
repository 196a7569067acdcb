"""`tui-tutor preload --socket PATH`: one warm tutor that forks every session.

The server imports and loads everything once (warm.py), then listens on a Unix socket in a
folder only its account can enter (the folder 0700, the socket 0600; only processes of the same
account are served). For each request it forks a child that runs the tutor on the caller's
terminal (session.py) and gives the caller a pidfd of that child to pass signals on. It reaps
the child and reports its status; if the caller goes away first (the SSH connection dropped), it
hangs the child up and kills it if it is still there a moment later.

One thread, one poll loop, no work of its own between sessions: its memory and open files
stay what they were after the first sessions. SIGTERM or SIGINT stop it: it removes its
socket and leaves running sessions to end on their own (as sshd leaves its sessions).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import signal
import socket
import stat
import struct
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui_tutor.__main__ import SUBCOMMANDS
from tui_tutor.__main__ import main as tutor_main
from tui_tutor.content import LessonError
from tui_tutor.preload import protocol
from tui_tutor.preload.session import Session

REQUEST_TIMEOUT = 5.0
"""Seconds a connection may take to send its request."""
HANGUP_GRACE = 0.8
"""Seconds between the hang-up signal and SIGKILL for a child whose caller went away."""
DEFAULT_MAX_SESSIONS = 400
MAX_SOCKET_PATH = 107
"""Bytes in a Unix socket's path (sun_path holds 108, with the closing NUL)."""


class SetupError(Exception):
    """The server cannot start; the message says why and what to do."""


def say(message: str) -> None:
    """One line on the server's standard error (the journal, under systemd)."""
    print(f"tui-tutor preload: {message}", file=sys.stderr, flush=True)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="tui-tutor preload",
        description="Serve tutor sessions from one warm process: each session is a fork of it. "
                    "Point the tutor at it with TUI_TUTOR_PRELOAD=PATH.")
    p.add_argument("--socket", required=True, metavar="PATH", type=Path,
                   help="the Unix socket to listen on; its folder is made (or must be) mode 0700 and this account's")
    p.add_argument("--max-sessions", type=int, default=DEFAULT_MAX_SESSIONS, metavar="N",
                   help=f"sessions at once; more callers run the tutor themselves (default {DEFAULT_MAX_SESSIONS})")
    return p


def main(argv: list[str]) -> int:
    """Warm up, then serve until SIGTERM; returns the exit status (forked sessions never return)."""
    args = parser().parse_args(argv)
    path = args.socket.absolute()
    if args.max_sessions < 1:
        return fail("--max-sessions: expected a whole number ≥ 1", 2)
    try:
        if len(os.fsencode(path)) > MAX_SOCKET_PATH:
            raise SetupError(f"{path}: a socket's path has at most {MAX_SOCKET_PATH} bytes")
        prepare_process()
        own_folder(path.parent)
        clear_stale(path)
        started = time.monotonic()
        from tui_tutor.preload.warm import thread_count, warm

        lessons = warm(SUBCOMMANDS.values())
        if thread_count() != 1:
            raise SetupError(f"{thread_count()} threads after loading: forking could deadlock the sessions")
        listener = listen(path)
    except LessonError as err:
        return fail(f"the lessons cannot be used: {err} (tui-tutor check lists every problem)", 1)
    except SetupError as err:
        return fail(str(err), 1)
    say(f"ready on {path}: {lessons} lessons loaded in {time.monotonic() - started:.1f} s (pid {os.getpid()})")
    notify_systemd()
    Server(listener, path, args.max_sessions).serve()
    return 0


def fail(message: str, status: int) -> int:
    print(f"tui-tutor preload: error: {message}", file=sys.stderr)
    return status


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8
"""glibc's mallopt() parameters (malloc.h)."""
MALLOC_SETTINGS = ((M_MMAP_THRESHOLD, 128 * 1024), (M_TRIM_THRESHOLD, 128 * 1024), (M_ARENA_MAX, 1))


def tune_malloc() -> None:
    """glibc's malloc as the sessions (forks, which inherit it) are best served: blocks of 128 KiB
    and more (a training's tensors) go back to the system when freed, as does the heap's free top,
    instead of glibc raising both thresholds as it goes; and one arena for all threads (the
    session's few threads allocate little). 2 MB less per session walked through the lecture."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # not glibc: its defaults stay
        mallopt = ctypes.CDLL("libc.so.6").mallopt
        for parameter, value in MALLOC_SETTINGS:
            mallopt(parameter, value)


def prepare_process() -> None:
    """Before torch is imported: no signal blocked, one OpenMP thread (no pool to fork), Textual's
    defaults, fds 0-2 open, malloc tuned. A signal mask inherited from whatever started the server
    (a script that blocked SIGTERM) would keep SIGTERM from stopping it, and every session forked
    from it from hearing a hang-up."""
    signal.pthread_sigmask(signal.SIG_SETMASK, ())
    tune_malloc()
    os.environ["OMP_NUM_THREADS"] = os.environ["MKL_NUM_THREADS"] = "1"
    for name in [n for n in os.environ if n.startswith("TEXTUAL")]:
        del os.environ[name]  # sessions get Textual's defaults, never the server's debugging settings
    for fd in (0, 1, 2):  # received fds must never land on 0-2
        try:
            os.fstat(fd)
        except OSError:
            os.open(os.devnull, os.O_RDWR)


def own_folder(folder: Path) -> None:
    """Make `folder` (mode 0700), or check that it is this account's own; SetupError if not."""
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError as err:
        raise SetupError(f"cannot make the socket's folder {folder}: {err.strerror}") from None
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode):
        raise SetupError(f"{folder} is not a folder")
    if info.st_uid != os.geteuid():
        raise SetupError(f"the socket's folder {folder} belongs to uid {info.st_uid}, not to this account "
                         f"({os.geteuid()}): use a folder of its own, e.g. /run/tui-tutor/preload.sock")
    if stat.S_IMODE(info.st_mode) != 0o700:
        folder.chmod(0o700)


def clear_stale(path: Path) -> None:
    """Remove a socket left by a server that is gone; SetupError if one still answers there."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if not stat.S_ISSOCK(info.st_mode):
        raise SetupError(f"{path} exists and is not a socket")
    with socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET) as probe:
        try:
            probe.connect(str(path))
        except ConnectionRefusedError:
            path.unlink()
            return
        except OSError as err:
            raise SetupError(f"cannot check {path}: {err.strerror}") from None
    raise SetupError(f"a server already answers on {path}")


def listen(path: Path) -> socket.socket:
    """The listening socket at `path`, mode 0600."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET | socket.SOCK_CLOEXEC)
    old = os.umask(0o177)
    try:
        listener.bind(str(path))
    except OSError as err:
        listener.close()
        raise SetupError(f"cannot listen on {path}: {err.strerror}") from None
    finally:
        os.umask(old)
    path.chmod(0o600)
    listener.listen(socket.SOMAXCONN)
    listener.setblocking(False)
    return listener


def notify_systemd() -> None:
    """Tell systemd (Type=notify) that sessions can be served now."""
    address = os.environ.pop("NOTIFY_SOCKET", "")
    if not address:
        return
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as notify:
        try:
            notify.sendto(b"READY=1", "\0" + address[1:] if address.startswith("@") else address)
        except OSError as err:
            say(f"could not notify systemd: {err.strerror}")


def tell(conn: socket.socket, word: str, value: int | str, fds: tuple[int, ...] = ()) -> None:
    """Send the reply `word value` (and `fds`) to a caller, who may have gone away meanwhile."""
    with contextlib.suppress(OSError):
        socket.send_fds(conn, [protocol.reply(word, value)], list(fds))


def peer_uid(conn: socket.socket) -> int:
    pid_uid_gid = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", pid_uid_gid)[1]


@dataclass
class Child:
    """A running session, seen from the server."""

    pid: int
    pidfd: int
    conn: socket.socket | None
    started: float
    kill_at: float | None = None


class Server:
    """The poll loop: accept, check, fork, reap, report."""

    def __init__(self, listener: socket.socket, path: Path, max_sessions: int) -> None:
        self.listener, self.path, self.max_sessions = listener, path, max_sessions
        self.inode = path.stat().st_ino
        self.poller = select.poll()
        self.handlers: dict[int, Callable[[int], None]] = {}
        self.pending: dict[int, tuple[socket.socket, float]] = {}
        self.children: dict[int, Child] = {}
        self.stopping = False
        self.wake_read, self.wake_write = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        signal.set_wakeup_fd(self.wake_write)
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self.stop)
        self.watch(self.wake_read, select.POLLIN, lambda _events: self.drain_wakeups())
        self.watch(listener.fileno(), select.POLLIN, lambda _events: self.accept())

    def stop(self, signum: int, _frame: object) -> None:
        self.stopping = True

    def drain_wakeups(self) -> None:
        try:
            while os.read(self.wake_read, 512):
                pass
        except BlockingIOError:
            pass

    def watch(self, fd: int, events: int, handler: Callable[[int], None]) -> None:
        self.poller.register(fd, events)
        self.handlers[fd] = handler

    def unwatch(self, fd: int) -> None:
        self.poller.unregister(fd)
        del self.handlers[fd]

    def serve(self) -> None:
        """Serve until stopped; then remove the socket (running sessions carry on)."""
        while not self.stopping:
            for fd, events in self.poller.poll(self.timeout_ms()):
                handler = self.handlers.get(fd)
                if handler is not None:
                    handler(events)
            self.expire(time.monotonic())
        self.close()

    def timeout_ms(self) -> int | None:
        deadlines = [deadline for _, deadline in self.pending.values()]
        deadlines += [child.kill_at for child in self.children.values() if child.kill_at is not None]
        if not deadlines:
            return None
        return max(0, int((min(deadlines) - time.monotonic()) * 1000) + 1)

    # --- new connections and their requests ----------------------------------------------------

    def accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except BlockingIOError:
                return
            except OSError as err:  # out of file descriptors: the caller waits in the queue
                say(f"cannot accept a session: {err.strerror}")
                return
            if peer_uid(conn) != os.geteuid():
                say(f"refused a caller of uid {peer_uid(conn)}: only this account's processes are served")
                conn.close()
            elif len(self.children) + len(self.pending) >= self.max_sessions:
                self.refuse(conn, f"{self.max_sessions} sessions are running (--max-sessions)")
            else:
                conn.setblocking(False)
                self.pending[conn.fileno()] = (conn, time.monotonic() + REQUEST_TIMEOUT)
                self.watch(conn.fileno(), select.POLLIN | select.POLLRDHUP, lambda events, c=conn: self.read_request(c, events))

    def refuse(self, conn: socket.socket, why: str) -> None:
        tell(conn, "refused", why)
        conn.close()
        say(f"refused a session: {why}")

    def read_request(self, conn: socket.socket, events: int) -> None:
        try:
            data, fds, flags, _ = socket.recv_fds(conn, protocol.MAX_MESSAGE, protocol.FDS, socket.MSG_CMSG_CLOEXEC)
        except BlockingIOError:
            return
        except OSError:
            data, fds, flags = b"", [], 0
        self.unwatch(conn.fileno())
        del self.pending[conn.fileno()]
        try:
            if not data or events & (select.POLLHUP | select.POLLRDHUP):
                conn.close()  # the caller gave up before it was served
                return
            if flags & (socket.MSG_TRUNC | socket.MSG_CTRUNC) or len(fds) != protocol.FDS:
                raise protocol.Refused(f"expected one message of at most {protocol.MAX_MESSAGE} bytes "
                                       f"with {protocol.FDS} file descriptors")
            request = protocol.parse_request(data, set(SUBCOMMANDS))
        except protocol.Refused as why:
            self.refuse(conn, str(why))
        else:
            self.fork(conn, fds, request)
        finally:
            for fd in fds:
                os.close(fd)

    # --- sessions ---------------------------------------------------------------------------------

    def fork(self, conn: socket.socket, fds: list[int], request: protocol.Request) -> None:
        try:
            pid = os.fork()
        except OSError as err:
            self.refuse(conn, f"cannot start a session: {err.strerror}")
            return
        if pid == 0:
            self.become_session(conn, fds, request)  # never returns
        pidfd = os.pidfd_open(pid)
        child = Child(pid, pidfd, conn, time.monotonic())
        self.children[pidfd] = child
        self.watch(pidfd, select.POLLIN, lambda _events: self.reap(child))
        self.watch(conn.fileno(), select.POLLRDHUP, lambda _events: self.hang_up(child))
        tell(conn, "started", pid, (pidfd,))  # if the caller is gone already, hang_up follows
        say(f"session {pid} started: tui-tutor {' '.join(request.argv)}".rstrip())

    def become_session(self, conn: socket.socket, fds: list[int], request: protocol.Request) -> None:
        """In the child: drop everything of the server's but this session's socket, run the tutor, exit."""
        status = 1
        try:
            self.release()
            status = Session(conn, fds, request, tutor_main).run()
        except BaseException:  # whatever happens, this process never returns to the serving loop
            import traceback

            traceback.print_exc()
        finally:
            os._exit(status)

    def reap(self, child: Child) -> None:
        _, wait_status = os.waitpid(child.pid, 0)
        code = os.waitstatus_to_exitcode(wait_status)
        self.unwatch(child.pidfd)
        os.close(child.pidfd)
        del self.children[child.pidfd]
        if child.conn is not None:
            self.unwatch(child.conn.fileno())
            tell(child.conn, *(("exit", code) if code >= 0 else ("killed", -code)))
            child.conn.close()
        how = f"status {code}" if code >= 0 else f"signal {signal.Signals(-code).name}"
        say(f"session {child.pid} ended ({how}) after {time.monotonic() - child.started:.1f} s")

    def hang_up(self, child: Child) -> None:
        """The caller went away: hang the child up; SIGKILL follows if it is still there."""
        self.unwatch(child.conn.fileno())
        child.conn.close()
        child.conn = None
        self.signal(child, signal.SIGHUP)
        child.kill_at = time.monotonic() + HANGUP_GRACE

    def signal(self, child: Child, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            signal.pidfd_send_signal(child.pidfd, signum)

    def expire(self, now: float) -> None:
        for conn, deadline in list(self.pending.values()):
            if deadline <= now:
                self.unwatch(conn.fileno())
                del self.pending[conn.fileno()]
                conn.close()
        for child in self.children.values():
            if child.kill_at is not None and child.kill_at <= now:
                child.kill_at = None
                self.signal(child, signal.SIGKILL)
                say(f"session {child.pid} killed: still running {HANGUP_GRACE} s after its caller hung up")

    def release(self) -> None:
        """Close every file the server holds: its socket, its callers', its children's pidfds."""
        signal.set_wakeup_fd(-1)
        os.close(self.wake_read)
        os.close(self.wake_write)
        self.listener.close()
        for conn, _ in self.pending.values():
            conn.close()
        for child in self.children.values():
            os.close(child.pidfd)
            if child.conn is not None:
                child.conn.close()

    def close(self) -> None:
        """Stop serving: remove the socket (if it is still ours) and release everything."""
        try:
            if self.path.stat().st_ino == self.inode:
                self.path.unlink()
        except OSError:
            pass
        self.release()
        running = f"; {len(self.children)} running sessions carry on" if self.children else ""
        say(f"stopped{running}")
