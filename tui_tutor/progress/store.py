"""The progress store: `progress.json` in the user's data directory, safe against crashes and a
second terminal.

The file lives in `platformdirs.user_data_path("tui-tutor")` (`$XDG_DATA_HOME/tui-tutor/`,
by default `~/.local/share/tui-tutor/`), or in a directory the caller passes.

* Every save re-reads the file and merges under an exclusive lock
  (`fcntl.flock` on `progress.json.lock`; without fcntl, an `O_EXCL` lock file
  with a timeout that breaks locks left behind by a crash), then writes a
  temporary file in the same directory, fsyncs it and renames it over the old
  one, so a crash leaves either the old or the new file, never half of one.
* Nothing here raises for a bad file or a read-only disk: a corrupt, unreadable
  or newer-version file is moved aside and progress starts fresh; a directory
  that cannot be written to makes the store `writable = False`. Either way
  `store.notice` holds one line to show the user.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import Protocol

import platformdirs

from tui_tutor.progress.file_format import BadProgressFile, dump, parse
from tui_tutor.progress.model import Progress, merge

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

FILE_NAME = "progress.json"
LOCK_NAME = "progress.json.lock"
"""Locked with fcntl.flock; the file stays (deleting it would race with waiters)."""
EXCL_LOCK_NAME = "progress.json.excl-lock"
"""Without fcntl: exists while held (created with O_EXCL, removed on release)."""
LOCK_TIMEOUT = 5.0
"""Seconds to wait for the lock before giving up on this save."""
STALE_LOCK_AGE = 2.0
"""An O_EXCL lock file older than this was left by a crash and is removed."""


# ----------------------------------------------------------------------------- files


def default_directory() -> Path:
    """The user's data directory for tui-tutor (honours $XDG_DATA_HOME on Linux)."""
    return platformdirs.user_data_path("tui-tutor", appauthor=False)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new file, never a mix."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable where the platform allows opening a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def lock(directory: Path) -> Iterator[None]:
    """Hold the exclusive progress lock of `directory` (between processes and threads).

    Raises:
        OSError: when the lock file cannot be made; TimeoutError after LOCK_TIMEOUT seconds.
    """
    if fcntl is not None:
        with _flock(directory / LOCK_NAME):
            yield
    else:
        with _excl_lock(directory / EXCL_LOCK_NAME):
            yield


def _wait(attempt: Callable[[], bool], what: Path) -> None:
    """Call `attempt` until it returns True, backing off; TimeoutError after LOCK_TIMEOUT."""
    deadline, pause = time.monotonic() + LOCK_TIMEOUT, 0.001
    while not attempt():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} stayed locked for {LOCK_TIMEOUT:g} s")
        time.sleep(pause)
        pause = min(pause * 2, 0.02)


@contextmanager
def _flock(path: Path) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def attempt() -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    try:
        _wait(attempt, path)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def _excl_lock(path: Path) -> Iterator[None]:
    """The lock for platforms without fcntl: a file created with O_EXCL, removed on release.

    A lock file older than STALE_LOCK_AGE is taken to be left by a crash and removed
    (saves hold the lock for milliseconds; two waiters breaking it at once is possible
    but needs a crash first).
    """

    def attempt() -> bool:
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            with suppress(OSError):
                if time.time() - path.stat().st_mtime > STALE_LOCK_AGE:
                    path.unlink()  # left behind by a crashed process
            return False
        return True

    _wait(attempt, path)
    try:
        yield
    finally:
        with suppress(FileNotFoundError):
            path.unlink()


def move_aside(path: Path, tag: str) -> Path:
    """Rename `path` to a free `<name>.<tag>-<YYYYmmddTHHMMSS>[-n]` beside it; return the new path."""
    stem = f"{path.name}.{tag}-{time.strftime('%Y%m%dT%H%M%S')}"
    target, n = path.with_name(stem), 1
    while target.exists():
        n += 1
        target = path.with_name(f"{stem}-{n}")
    os.rename(path, target)
    return target


def _reason(err: OSError) -> str:
    if err.strerror and err.filename:
        return f"{err.strerror}: {err.filename}"
    return str(err) or type(err).__name__


# ----------------------------------------------------------------------------- stores


class Store(Protocol):
    """What the app needs from a progress store (ProgressStore or NullStore)."""

    writable: bool
    notice: str | None

    def load(self) -> Progress: ...
    def save(self, progress: Progress) -> Progress: ...
    def reset(self) -> Progress: ...


class ProgressStore:
    """Progress in `<directory>/progress.json`, safe against crashes and a second terminal.

    After every call, `notice` is one line for the user (or None) and `writable`
    says whether the last call could write to the directory.
    """

    def __init__(self, directory: Path | str | None = None) -> None:
        self.directory = Path(directory) if directory is not None else default_directory()
        self.path = self.directory / FILE_NAME
        self.writable = True
        self.notice: str | None = None

    def load(self) -> Progress:
        """The saved progress; fresh if there is none or the file was unusable (see `notice`)."""
        return self._transact(None)

    def save(self, progress: Progress) -> Progress:
        """Merge `progress` into the saved progress; return the merged progress."""
        return self._transact(lambda current: merge(current, progress), then="wrote a new one from this session")

    def reset(self) -> Progress:
        """Clear all progress (also what other open instances still hold); return the empty progress."""
        return self._transact(lambda current: Progress(cleared_at=max(time.time(), current.cleared_at or 0.0)))

    def _transact(self, change: Callable[[Progress], Progress] | None, then: str = "starting fresh") -> Progress:
        """Under the lock (if it can be had): read, apply `change` and write its result.
        `then` says what follows when the file has to be set aside."""
        notes: list[str] = []
        with ExitStack() as stack:
            problem = self._enter_lock(stack)
            progress = self._read(notes, then, can_move=problem is None)
            if change is not None:
                progress = change(progress)
                if problem is None:
                    problem = self._write(progress)
        self.writable = problem is None
        if problem is not None:
            notes.append(f"progress will not be saved: {_reason(problem)}")
        self.notice = "; ".join(notes) or None
        return progress

    def _enter_lock(self, stack: ExitStack) -> OSError | None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            if not os.access(self.directory, os.W_OK):
                raise PermissionError(errno.EACCES, "Permission denied", str(self.directory))
            stack.enter_context(lock(self.directory))
        except OSError as err:
            return err
        return None

    def _write(self, progress: Progress) -> OSError | None:
        try:
            write_atomic(self.path, dump(progress))
        except OSError as err:
            return err
        return None

    def _read(self, notes: list[str], then: str, can_move: bool) -> Progress:
        """The progress in the file; an unusable file is moved aside (noted) and fresh progress returned."""
        try:
            if not stat.S_ISREG(os.stat(self.path).st_mode):  # reading a FIFO would wait for ever
                raise BadProgressFile("is not a regular file")
            return parse(self.path.read_bytes())
        except (FileNotFoundError, NotADirectoryError):  # none yet (or no directory to hold one)
            return Progress()
        except OSError as err:
            bad = BadProgressFile(f"could not be read ({err.strerror or err})")
        except BadProgressFile as err:
            bad = err
        notes.append(self._set_aside(bad, then, can_move))
        return Progress()

    def _set_aside(self, bad: BadProgressFile, then: str, can_move: bool) -> str:
        """Move the unusable file aside; one line saying what happened."""
        if can_move:
            try:
                return f"progress file {self.path} {bad}; moved it to {move_aside(self.path, bad.tag)}; {then}"
            except OSError as err:
                return f"progress file {self.path} {bad}; could not move it aside ({_reason(err)}); {then}"
        return f"progress file {self.path} {bad}; {then}"


class NullStore:
    """A store for `--no-progress`: keeps the session's progress in memory, reads and writes no file."""

    def __init__(self) -> None:
        self.writable = False
        self.notice: str | None = None
        self._progress = Progress()

    def load(self) -> Progress:
        """This session's progress (fresh at start)."""
        return self._progress

    def save(self, progress: Progress) -> Progress:
        """Merge `progress` into this session's progress."""
        self._progress = merge(self._progress, progress)
        return self._progress

    def reset(self) -> Progress:
        """Forget this session's progress."""
        self._progress = Progress(cleared_at=time.time())
        return self._progress
