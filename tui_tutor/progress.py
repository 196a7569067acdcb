"""Per-user progress: lessons visited and completed, where to resume, answers given.

Progress lives in one JSON file, `progress.json`, in the user's data directory
(`platformdirs.user_data_path("tui-tutor")`: `$XDG_DATA_HOME/tui-tutor/`, by
default `~/.local/share/tui-tutor/`), or in a directory the caller passes.

Design:

* `Progress` is an immutable value; its methods return a new `Progress`.
* Everything in it only grows, so two copies combine with `merge`: attempts are
  united by their unique id (a uuid4), visited/completed are OR-ed, the step
  reached is the maximum and the resume position is the newer one. `merge` is
  commutative, associative and idempotent, so two terminals saving in any order
  end with the union of their results. `reset` writes a `cleared_at` time:
  merges drop what a copy that missed the reset recorded before it, so a stale
  copy in another terminal cannot bring cleared progress back.
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
import json
import math
import os
import stat
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import platformdirs

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

SCHEMA_VERSION = 1
FILE_NAME = "progress.json"
LOCK_NAME = "progress.json.lock"
"""Locked with fcntl.flock; the file stays (deleting it would race with waiters)."""
EXCL_LOCK_NAME = "progress.json.excl-lock"
"""Without fcntl: exists while held (created with O_EXCL, removed on release)."""
LOCK_TIMEOUT = 5.0
"""Seconds to wait for the lock before giving up on this save."""
STALE_LOCK_AGE = 2.0
"""An O_EXCL lock file older than this was left by a crash and is removed."""


class BadProgressFile(ValueError):
    """The progress file cannot be used; the message says why and `tag` names the moved-aside copy."""

    def __init__(self, reason: str, tag: str = "corrupt") -> None:
        super().__init__(reason)
        self.tag = tag


# ----------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class Attempt:
    """One answer to a question or exercise."""

    id: str
    """Unique (uuid4 hex): the same attempt seen in two copies is kept once."""
    correct: bool
    at: float
    """Unix time of the answer."""
    value: float | None = None
    """The number given (exercises), None for questions."""


@dataclass(frozen=True, slots=True)
class LessonProgress:
    """How far the user got in one lesson."""

    visited: bool = False
    completed: bool = False
    step: int = 0
    """The furthest step reached (0-based)."""
    last_visited: float | None = None
    """Unix time of the last visit."""


@dataclass(frozen=True, slots=True)
class Position:
    """Where the user was last, to resume there."""

    lesson_id: str
    step: int
    at: float


@dataclass(frozen=True, slots=True)
class Progress:
    """All progress of one user. Immutable: the methods return a new Progress."""

    version: int = SCHEMA_VERSION
    lessons: Mapping[str, LessonProgress] = field(default_factory=dict)
    position: Position | None = None
    questions: Mapping[str, tuple[Attempt, ...]] = field(default_factory=dict)
    exercises: Mapping[str, tuple[Attempt, ...]] = field(default_factory=dict)
    cleared_at: float | None = None
    """Unix time of the last reset; anything older is gone."""

    def lesson(self, lesson_id: str) -> LessonProgress:
        """The progress in `lesson_id` (not visited when unknown)."""
        return self.lessons.get(lesson_id, LessonProgress())

    def visit(self, lesson_id: str, step: int = 0, now: float | None = None) -> Progress:
        """Record being at `step` of `lesson_id`: visited, step reached and resume position."""
        at = time.time() if now is None else now
        old = self.lesson(lesson_id)
        new = replace(old, visited=True, step=max(old.step, step), last_visited=at)
        return replace(self, lessons={**self.lessons, lesson_id: new}, position=Position(lesson_id, step, at))

    def complete(self, lesson_id: str, now: float | None = None) -> Progress:
        """Mark `lesson_id` completed (and visited)."""
        at = time.time() if now is None else now
        old = self.lesson(lesson_id)
        new = replace(old, visited=True, completed=True, last_visited=at)
        return replace(self, lessons={**self.lessons, lesson_id: new})

    def record_question(self, question_id: str, correct: bool, now: float | None = None) -> Progress:
        """Add an attempt at review question `question_id`."""
        attempt = _new_attempt(correct, now, None)
        return replace(self, questions=_append(self.questions, question_id, attempt))

    def record_exercise(
        self, exercise_id: str, correct: bool, value: float | None = None, now: float | None = None
    ) -> Progress:
        """Add an attempt at exercise `exercise_id`, with the number given (finite or None)."""
        if value is not None and not math.isfinite(value):
            raise ValueError(f"exercise value {value!r} is not finite")
        attempt = _new_attempt(correct, now, None if value is None else float(value))
        return replace(self, exercises=_append(self.exercises, exercise_id, attempt))


def _new_attempt(correct: bool, now: float | None, value: float | None) -> Attempt:
    return Attempt(uuid.uuid4().hex, bool(correct), time.time() if now is None else now, value)


def _append(table: Mapping[str, tuple[Attempt, ...]], key: str, attempt: Attempt) -> dict[str, tuple[Attempt, ...]]:
    return {**table, key: (*table.get(key, ()), attempt)}


# ----------------------------------------------------------------------------- merge


def merge(a: Progress, b: Progress) -> Progress:
    """The union of two copies of the same user's progress (commutative, associative, idempotent)."""
    cleared = _max_time(a.cleared_at, b.cleared_at)
    a, b = _since(a, cleared), _since(b, cleared)
    positions = [p for p in (a.position, b.position) if p is not None]
    return Progress(
        lessons={k: _merge_lesson(a.lesson(k), b.lesson(k)) for k in sorted({*a.lessons, *b.lessons})},
        position=max(positions, key=lambda p: (p.at, p.lesson_id, p.step), default=None),
        questions=_merge_attempts(a.questions, b.questions),
        exercises=_merge_attempts(a.exercises, b.exercises),
        cleared_at=cleared,
    )


def _max_time(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else max(a, b)


def _since(p: Progress, cleared: float | None) -> Progress:
    """`p` as it counts after the reset at `cleared`.

    A copy that has seen that reset counts in full. A copy that has not keeps
    only its answers and position from after the reset; its lesson marks (which
    carry no time of their own) are dropped. This keeps `merge` associative.
    """
    if p.cleared_at == cleared or cleared is None:
        return p

    def keep(table: Mapping[str, tuple[Attempt, ...]]) -> dict[str, tuple[Attempt, ...]]:
        kept = {k: tuple(a for a in v if a.at >= cleared) for k, v in table.items()}
        return {k: v for k, v in kept.items() if v}

    return replace(
        p,
        lessons={},
        position=p.position if p.position is not None and p.position.at >= cleared else None,
        questions=keep(p.questions),
        exercises=keep(p.exercises),
    )


def _merge_lesson(a: LessonProgress, b: LessonProgress) -> LessonProgress:
    return LessonProgress(
        visited=a.visited or b.visited,
        completed=a.completed or b.completed,
        step=max(a.step, b.step),
        last_visited=_max_time(a.last_visited, b.last_visited),
    )


def _merge_attempts(
    a: Mapping[str, tuple[Attempt, ...]], b: Mapping[str, tuple[Attempt, ...]]
) -> dict[str, tuple[Attempt, ...]]:
    merged = {}
    for key in sorted({*a, *b}):
        by_id = {t.id: t for t in (*a.get(key, ()), *b.get(key, ()))}
        if by_id:
            merged[key] = tuple(sorted(by_id.values(), key=lambda t: (t.at, t.id)))
    return merged


# ----------------------------------------------------------------------------- JSON


def to_json(p: Progress) -> dict[str, Any]:
    """`p` as plain JSON data."""

    def attempts(table: Mapping[str, tuple[Attempt, ...]]) -> dict[str, list[dict[str, Any]]]:
        return {k: [_attempt_json(a) for a in v] for k, v in table.items()}

    return {
        "version": SCHEMA_VERSION,
        "cleared_at": p.cleared_at,
        "position": _position_json(p.position),
        "lessons": {
            k: {"visited": v.visited, "completed": v.completed, "step": v.step, "last_visited": v.last_visited}
            for k, v in p.lessons.items()
        },
        "questions": attempts(p.questions),
        "exercises": attempts(p.exercises),
    }


def _position_json(p: Position | None) -> dict[str, Any] | None:
    return None if p is None else {"lesson": p.lesson_id, "step": p.step, "at": p.at}


def _attempt_json(a: Attempt) -> dict[str, Any]:
    data: dict[str, Any] = {"id": a.id, "correct": a.correct, "at": a.at}
    if a.value is not None:
        data["value"] = a.value
    return data


def from_json(data: Any) -> Progress:
    """A Progress from JSON data, checked field by field.

    Raises:
        BadProgressFile: for the wrong shape or a schema version this code does not read.
    """
    obj = _obj(data, "the file")
    version = obj.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BadProgressFile(f"has no valid schema version ({version!r})")
    if version > SCHEMA_VERSION:
        raise BadProgressFile(
            f"was written by a newer tui-tutor (schema version {version}; this one reads {SCHEMA_VERSION})",
            tag=f"v{version}",
        )
    return Progress(
        lessons={k: _lesson(v, f"lesson {k!r}") for k, v in _obj(obj.get("lessons", {}), "lessons").items()},
        position=_position(obj.get("position")),
        questions=_attempt_table(obj.get("questions", {}), "questions"),
        exercises=_attempt_table(obj.get("exercises", {}), "exercises"),
        cleared_at=_time(obj.get("cleared_at"), "cleared_at", optional=True),
    )


def _obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadProgressFile(f"has an unexpected shape ({what} is not an object)")
    return value


def _bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise BadProgressFile(f"has an unexpected shape ({what} is not true/false)")
    return value


def _step(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadProgressFile(f"has an unexpected shape ({what} is not a step number)")
    return value


def _time(value: Any, what: str, optional: bool = False) -> float | None:
    if value is None and optional:
        return None
    return _number(value, what)


def _number(value: Any, what: str) -> float:
    bad = BadProgressFile(f"has an unexpected shape ({what} is not a finite number)")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad
    try:
        number = float(value)  # an integer of 309+ digits does not fit a float
    except OverflowError:
        raise bad from None
    if not math.isfinite(number):
        raise bad
    return number


def _lesson(value: Any, what: str) -> LessonProgress:
    obj = _obj(value, what)
    return LessonProgress(
        visited=_bool(obj.get("visited", False), f"{what} visited"),
        completed=_bool(obj.get("completed", False), f"{what} completed"),
        step=_step(obj.get("step", 0), f"{what} step"),
        last_visited=_time(obj.get("last_visited"), f"{what} last_visited", optional=True),
    )


def _position(value: Any) -> Position | None:
    if value is None:
        return None
    obj = _obj(value, "position")
    lesson_id = obj.get("lesson")
    if not isinstance(lesson_id, str):
        raise BadProgressFile("has an unexpected shape (position lesson is not text)")
    return Position(lesson_id, _step(obj.get("step"), "position step"), _number(obj.get("at"), "position at"))


def _attempt_table(value: Any, what: str) -> dict[str, tuple[Attempt, ...]]:
    table = {}
    for key, attempts in _obj(value, what).items():
        if not isinstance(attempts, list):
            raise BadProgressFile(f"has an unexpected shape ({what} {key!r} is not a list)")
        table[key] = tuple(_attempt(a, f"{what} {key!r}") for a in attempts)
    return table


def _attempt(value: Any, what: str) -> Attempt:
    obj = _obj(value, f"an attempt in {what}")
    if not isinstance(obj.get("id"), str) or not obj["id"]:
        raise BadProgressFile(f"has an unexpected shape (an attempt in {what} has no id)")
    value_ = obj.get("value")
    return Attempt(
        id=obj["id"],
        correct=_bool(obj.get("correct"), f"an attempt in {what}"),
        at=_number(obj.get("at"), f"an attempt time in {what}"),
        value=None if value_ is None else _number(value_, f"an attempt value in {what}"),
    )


def parse(raw: bytes) -> Progress:
    """A Progress from the bytes of a progress file.

    Raises:
        BadProgressFile: saying in words what is wrong.
    """
    if not raw.strip():
        raise BadProgressFile("is empty")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as err:
        raise BadProgressFile(f"is not valid JSON ({str(err)[:80]})") from None
    try:
        return from_json(data)
    except BadProgressFile:
        raise
    except Exception as err:  # noqa: BLE001 - a shape from_json did not foresee is still a bad file
        raise BadProgressFile(f"has an unexpected shape ({type(err).__name__}: {str(err)[:80]})") from None


def dump(p: Progress) -> bytes:
    """The bytes of a progress file for `p`."""
    return (json.dumps(to_json(p), indent=1, sort_keys=True, allow_nan=False) + "\n").encode()


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
