"""The class store in one SQLite file, for a class on one server.

WAL journal (readers never wait for the writer), a busy timeout (writers queue for a moment
instead of failing), `synchronous = FULL` (an answer the store accepted survives a crash of
any process and of the machine), foreign keys on. Every change is one `BEGIN IMMEDIATE`
transaction, so a process killed in the middle of one leaves nothing half-written.

The file must be on a local disk (WAL needs shared memory between the processes; network
file systems break it): for a class on several servers, use PostgreSQL.

Access control here is the interface's: SQLite itself has none, so anyone who can write the
file can change anything in it (see the package docstring for what that means for a class).
"""

from __future__ import annotations

import hmac
import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from tui_tutor.classroom.errors import ClassBroken, ClassError, ClassLost, ClassMissing, NotAllowed
from tui_tutor.classroom.keys import digest, normalise_code
from tui_tutor.classroom.model import (
    CONNECTED_WITHIN,
    ClassData,
    ClassState,
    Counts,
    LiveAnswer,
    LiveQuestion,
    Position,
    Question,
    ReviewRecord,
    Tally,
    check_answer_value,
    class_state,
    encode_params,
    is_right,
    join_problem,
    live_answer,
    live_question,
    member_row,
    review_record,
    unsound_review,
)
from tui_tutor.classroom.schema import LATEST, pending

SQLITE_MAGIC = b"SQLite format 3\x00"
"""The first bytes of every SQLite database file."""
BUSY_TIMEOUT = 5.0
"""Seconds a write waits for another process's write before the store counts as locked (a
link's thread waits, never the UI; a heavily loaded server can hold a lock for seconds)."""
STATE_SQL = (
    "SELECT s.version, s.lesson_id, s.step, s.scenario, s.params, s.iteration, s.leader, s.at, s.question_id,"
    " q.state AS question_state FROM class_state s LEFT JOIN questions q ON q.id = s.question_id"
)
QUESTION_SQL = ("SELECT id, item_id, kind, lesson_id, public, state, asked_at, answer, tolerance, explanation"
                " FROM questions")
MEMBERS_SQL = (
    "SELECT m.name, m.origin, m.joined_at, m.revoked_at, p.seen_at, p.lesson_id, p.step, p.step_at, p.following"
    " FROM members m LEFT JOIN presence p ON p.name = m.name ORDER BY m.name"
)


class SqliteStore:
    """A class store in the SQLite file at `path` (see `tui_tutor.classroom.store.ClassStore`)."""

    notifies = False

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path, self.conn, self.location = path, conn, str(path)
        self.ops = {"reads": 0, "writes": 0}
        self._identity = _identity(path)
        with self._guard():
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if "class_id" not in meta or "key_hash" not in meta:
            raise ClassBroken(f"{path} is not a tui-tutor class store (it has no class id)")
        self.class_id, self._key_hash = meta["class_id"], meta["key_hash"]

    # ------------------------------------------------------------------ opening, creating

    @classmethod
    def open(cls, location: str) -> SqliteStore:
        path = Path(location)
        if not path.exists():
            raise ClassMissing(f"there is no class store at {location} (tui-tutor class new {location} creates one)")
        if path.is_dir():
            raise ClassBroken(f"{location} is a folder, not a class store")
        conn = _connect(path, "rw")
        try:
            _migrate(conn, path)
            return cls(path, conn)
        except BaseException:
            conn.close()
            raise

    @classmethod
    def create(cls, location: str, key: str, version: int = LATEST) -> str:
        """A new class store file (mode 0660: the tutors' account and its group), never over an
        existing one; returns where students join (the same file). `version` below the latest
        is for testing the migrations."""
        path = Path(location)
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o660))
        except FileExistsError:
            raise ClassError(f"{location} already exists; choose a new file for the class") from None
        except OSError as err:
            raise ClassError(f"cannot create {location}: {err.strerror}") from None
        try:
            conn = _connect(path, "rw")
            with _translate(path):
                conn.execute("PRAGMA journal_mode = WAL")
                _apply(conn, 0, version)
                conn.executemany("INSERT INTO meta VALUES (?, ?)", [
                    ("class_id", uuid.uuid4().hex), ("key_hash", digest(key)), ("created_at", repr(time.time()))])
            conn.close()
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return location

    def close(self) -> None:
        self.conn.close()

    def wait(self, timeout: float, interrupt: int | None = None) -> bool:
        """SQLite cannot say when another process wrote: sleep (a ClassLink polls instead)."""
        time.sleep(timeout)
        return False

    def alive(self) -> None:
        """A stat() per call; the file's first bytes again only when it was written since."""
        try:
            now = _identity(self.path)
            if now[:2] != self._identity[:2]:
                raise ClassLost(f"the class store {self.path} was replaced by another file")
            if now != self._identity:
                with open(self.path, "rb") as f:
                    if f.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                        raise ClassBroken(f"the class store {self.path} was overwritten: it is no longer a database")
                self._identity = now
        except FileNotFoundError:
            raise ClassMissing(f"the class store {self.path} was deleted") from None
        except OSError as err:
            raise ClassLost(f"cannot see the class store {self.path}: {err.strerror}") from None

    # ------------------------------------------------------------------ anyone

    def state(self) -> ClassState:
        return class_state(self._one(STATE_SQL))

    def question(self, question_id: int, key: str | None = None) -> LiveQuestion:
        row = self._one(f"{QUESTION_SQL} WHERE id = ?", question_id, missing="no such question in this class")
        q = live_question(row)
        if q.revealed or (key is not None and self._check_key(key)):
            return q
        return live_question({**dict(row), "answer": None, "tolerance": None, "explanation": None})

    def tally(self, question_id: int, key: str | None = None) -> Tally:
        state = self._one("SELECT state FROM questions WHERE id = ?", question_id,
                          missing="no such question in this class")
        if state["state"] != "revealed" and not (key is not None and self._check_key(key)):
            raise NotAllowed("the counts of a question are shown to students after the reveal")
        rows = self._all("SELECT value, count(*) FROM answers WHERE question_id = ? GROUP BY value ORDER BY value",
                         question_id)
        return Tally(question_id, tuple((float(v), int(n)) for v, n in rows))

    def counts(self, within: float = CONNECTED_WITHIN) -> Counts:
        row = self._one("SELECT count(*), coalesce(sum(p.following), 0) FROM presence p"
                        " JOIN members m ON m.name = p.name WHERE p.seen_at >= ? AND m.revoked_at IS NULL",
                        time.time() - within)
        return Counts(int(row[0]), int(row[1]))

    def join(self, name: str, secret: str) -> None:
        problem = join_problem(name, secret)
        if problem:
            raise NotAllowed(problem)
        with self._write() as conn:
            row = conn.execute("SELECT secret_hash, revoked_at FROM members WHERE name = ?", (name,)).fetchone()
            if row is None:
                conn.execute("INSERT INTO members (name, secret_hash, joined_at) VALUES (?, ?, ?)",
                             (name, digest(secret), time.time()))
            else:
                _check_member(name, secret, row)

    def redeem(self, code: str) -> str:
        row = self._one("SELECT name, revoked_at FROM members WHERE secret_hash = ? AND origin = 'invite'",
                        digest(normalise_code(code)), missing="this student code is not one of this class's")
        if row["revoked_at"] is not None:
            raise NotAllowed("this student code was revoked by the instructor")
        return row["name"]

    # ------------------------------------------------------------------ students

    def heartbeat(self, name: str, secret: str, lesson_id: str | None, step: int, following: bool,
                  leaving: bool = False) -> None:
        now = time.time()
        with self._write() as conn:
            self._member(conn, name, secret)
            conn.execute(
                "INSERT INTO presence (name, seen_at, lesson_id, step, step_at, following) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (name) DO UPDATE SET seen_at = excluded.seen_at, following = excluded.following,"
                " step_at = CASE WHEN presence.lesson_id IS excluded.lesson_id AND presence.step = excluded.step"
                " THEN presence.step_at ELSE excluded.step_at END,"
                " lesson_id = excluded.lesson_id, step = excluded.step",
                (name, None if leaving else now, lesson_id, step, now, int(following)))

    def save_progress(self, name: str, secret: str, lessons: Mapping[str, tuple[bool, bool]],
                      items: Mapping[str, tuple[int, int]], reviews: Sequence[ReviewRecord] = ()) -> None:
        problem = unsound_review(reviews)
        if problem:
            raise NotAllowed(problem)
        with self._write() as conn:
            self._member(conn, name, secret)
            conn.executemany(
                "INSERT INTO lesson_progress VALUES (?, ?, ?, ?) ON CONFLICT (name, lesson_id) DO UPDATE"
                " SET visited = excluded.visited, completed = excluded.completed",
                [(name, lesson, int(v), int(c)) for lesson, (v, c) in lessons.items()])
            conn.executemany(
                "INSERT INTO item_progress VALUES (?, ?, ?, ?) ON CONFLICT (name, item_id) DO UPDATE"
                " SET right_count = excluded.right_count, wrong_count = excluded.wrong_count",
                [(name, item, int(r), int(w)) for item, (r, w) in items.items()])
            conn.executemany(
                "INSERT INTO reviews VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, id) DO NOTHING",
                [(name, r.card, r.id, r.day, r.rating, int(r.correct), float(r.at)) for r in reviews])

    def my_lessons(self, name: str, secret: str) -> dict[str, tuple[bool, bool]]:
        with self._read() as conn:
            self._member(conn, name, secret)
            return {r[0]: (bool(r[1]), bool(r[2])) for r in conn.execute(
                "SELECT lesson_id, visited, completed FROM lesson_progress WHERE name = ? ORDER BY lesson_id", (name,))}

    def my_reviews(self, name: str, secret: str) -> tuple[ReviewRecord, ...]:
        with self._read() as conn:
            self._member(conn, name, secret)
            return tuple(review_record(r) for r in conn.execute(
                "SELECT * FROM reviews WHERE name = ? ORDER BY at, id", (name,)))

    def answer(self, name: str, secret: str, question_id: int, value: float) -> None:
        with self._write() as conn:
            self._member(conn, name, secret)
            q = conn.execute("SELECT kind, n_choices, answer, tolerance, state FROM questions WHERE id = ?",
                             (question_id,)).fetchone()
            if q is None:
                raise NotAllowed("no such question in this class")
            if q["state"] != "open":
                raise NotAllowed("too late: the answer to this question has been revealed")
            problem = check_answer_value(value, q["kind"], q["n_choices"])
            if problem:
                raise NotAllowed(problem)
            correct = is_right(q["kind"], float(value), q["answer"], q["tolerance"])
            conn.execute("INSERT INTO answers VALUES (?, ?, ?, ?, ?) ON CONFLICT (question_id, name) DO UPDATE"
                         " SET value = excluded.value, correct = excluded.correct, at = excluded.at",
                         (question_id, name, float(value), int(correct), time.time()))

    def my_answer(self, name: str, secret: str, question_id: int) -> LiveAnswer | None:
        with self._read() as conn:
            self._member(conn, name, secret)
            row = conn.execute("SELECT a.*, q.state FROM answers a JOIN questions q ON q.id = a.question_id"
                               " WHERE a.question_id = ? AND a.name = ?", (question_id, name)).fetchone()
        return None if row is None else live_answer(row, show_correct=row["state"] == "revealed")

    # ------------------------------------------------------------------ instructors

    def verify_key(self, key: str) -> None:
        self._require_key(key)

    def publish(self, key: str, position: Position) -> int:
        self._require_key(key)
        with self._write() as conn:
            row = conn.execute(
                "UPDATE class_state SET version = version + 1, lesson_id = ?, step = ?, scenario = ?, params = ?,"
                " iteration = ?, leader = ?, at = ? RETURNING version",
                (position.lesson_id, position.step, position.scenario, encode_params(position.params),
                 position.iteration, position.leader, time.time())).fetchone()
        return int(row[0])

    def ask(self, key: str, asked: Question) -> int:
        self._require_key(key)
        asked.check()
        with self._write() as conn:
            qid = conn.execute(
                "INSERT INTO questions (item_id, kind, lesson_id, public, n_choices, answer, tolerance, explanation,"
                " asked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (asked.item_id, asked.kind, asked.lesson_id, asked.public_json(), len(asked.choices), asked.answer,
                 asked.tolerance, asked.explanation, time.time())).fetchone()[0]
            conn.execute("UPDATE class_state SET version = version + 1, question_id = ?", (qid,))
        return int(qid)

    def reveal(self, key: str, question_id: int) -> None:
        self._require_key(key)
        with self._write() as conn:
            done = conn.execute("UPDATE questions SET state = 'revealed', revealed_at = ? WHERE id = ?",
                                (time.time(), question_id)).rowcount
            if not done:
                raise NotAllowed("no such question in this class")
            conn.execute("UPDATE class_state SET version = version + 1")

    def add_invite(self, key: str, name: str, code: str) -> None:
        self._require_key(key)
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM members WHERE name = ?", (name,)).fetchone():
                raise NotAllowed(f"the name {name!r} is taken in this class")
            conn.execute("INSERT INTO members (name, secret_hash, joined_at, origin) VALUES (?, ?, ?, 'invite')",
                         (name, digest(normalise_code(code)), time.time()))

    def revoke(self, key: str, code_or_name: str) -> str:
        self._require_key(key)
        with self._write() as conn:
            row = conn.execute("UPDATE members SET revoked_at = coalesce(revoked_at, ?)"
                               " WHERE name = ? OR (origin = 'invite' AND secret_hash = ?) RETURNING name",
                               (time.time(), code_or_name, digest(normalise_code(code_or_name)))).fetchone()
        if row is None:
            raise NotAllowed(f"no student code or student named {code_or_name!r} in this class")
        return row[0]

    def class_data(self, key: str) -> ClassData:
        self._require_key(key)
        with self._read() as conn:
            now = time.time()
            state = class_state(conn.execute(STATE_SQL).fetchone())
            members = tuple(member_row(r) for r in conn.execute(MEMBERS_SQL))
            lessons = tuple((r[0], r[1], bool(r[2]), bool(r[3])) for r in conn.execute(
                "SELECT name, lesson_id, visited, completed FROM lesson_progress ORDER BY name, lesson_id"))
            items = tuple((r[0], r[1], int(r[2]), int(r[3])) for r in conn.execute(
                "SELECT name, item_id, right_count, wrong_count FROM item_progress ORDER BY name, item_id"))
            questions = tuple(live_question(r) for r in conn.execute(f"{QUESTION_SQL} ORDER BY id"))
            answers = tuple(live_answer(r) for r in conn.execute("SELECT * FROM answers ORDER BY question_id, name"))
        return ClassData(now, state.position, members, lessons, items, questions, answers)

    def class_reviews(self, key: str) -> tuple[tuple[str, ReviewRecord], ...]:
        self._require_key(key)
        with self._read() as conn:
            return tuple((r["name"], review_record(r)) for r in conn.execute(
                "SELECT * FROM reviews ORDER BY name, at, id"))

    # ------------------------------------------------------------------ helpers

    def _check_key(self, key: str) -> bool:
        return hmac.compare_digest(digest(key), self._key_hash)

    def _require_key(self, key: str) -> None:
        if not self._check_key(key):
            raise NotAllowed("only the class's instructors can do that (this is not its instructor key)")

    def _member(self, conn: sqlite3.Connection, name: str, secret: str) -> None:
        row = conn.execute("SELECT secret_hash, revoked_at FROM members WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise NotAllowed(f"{name!r} is not a member of this class")
        _check_member(name, secret, row)

    def _one(self, sql: str, *args: object, missing: str = "") -> sqlite3.Row:
        rows = self._all(sql, *args)
        if not rows:
            raise NotAllowed(missing or "nothing there")
        return rows[0]

    def _all(self, sql: str, *args: object) -> list[sqlite3.Row]:
        with self._guard():
            self.ops["reads"] += 1
            return self.conn.execute(sql, args).fetchall()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several reads."""
        with self._guard():
            self.ops["reads"] += 1
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("COMMIT")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it or nothing."""
        with self._guard():
            self.ops["writes"] += 1
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.rollback()
                raise
            self.conn.execute("COMMIT")

    def _guard(self):
        return _translate(self.path)


def _check_member(name: str, secret: str, row: sqlite3.Row) -> None:
    if not hmac.compare_digest(digest(secret), row["secret_hash"]):
        raise NotAllowed(f"the name {name!r} is taken in this class")
    if row["revoked_at"] is not None:
        raise NotAllowed(f"{name!r} was removed from this class by the instructor")


def _identity(path: Path) -> tuple[int, int, int, int]:
    """Which file is at `path` (device, inode), and its last change (size, time)."""
    st = os.stat(path)
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    """A connection that never creates the file (a missing store stays missing)."""
    with _translate(path):
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode={mode}", uri=True, timeout=BUSY_TIMEOUT,
                               isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring an existing store's tables up to the latest version."""
    with _translate(path):
        version = _version(conn, path)
        if version == LATEST:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            _apply(conn, _version(conn, path), LATEST)
        except BaseException:
            conn.rollback()
            raise
        conn.execute("COMMIT")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")


def _version(conn: sqlite3.Connection, path: Path) -> int:
    try:
        version = int(conn.execute("SELECT version FROM schema_version").fetchone()[0])
    except sqlite3.OperationalError as err:
        if "no such table" in str(err):
            raise ClassBroken(f"{path} is not a tui-tutor class store") from None
        raise
    if version > LATEST:
        raise ClassBroken(f"{path} was made by a newer tui-tutor (class store version {version}; "
                          f"this one knows up to {LATEST}): update tui-tutor")
    return version


def _apply(conn: sqlite3.Connection, current: int, target: int) -> None:
    for step in pending(current, target):
        for statement in step.sqlite:
            conn.execute(statement)
        conn.execute("UPDATE schema_version SET version = ?", (step.version,))


@contextmanager
def _translate(path: Path) -> Iterator[None]:
    """SQLite's errors as one-line ClassErrors."""
    try:
        yield
    except sqlite3.IntegrityError as err:
        raise NotAllowed(f"the class store refused this ({err})") from None
    except sqlite3.DatabaseError as err:
        text = str(err)
        if "locked" in text or "busy" in text:
            raise ClassLost(f"the class store {path} is locked by another program") from None
        if "not a database" in text or "malformed" in text or "no such table" in text or "no such column" in text:
            raise ClassBroken(f"the class store {path} is damaged or not a tui-tutor class ({text})") from None
        if "readonly" in text:
            raise ClassLost(f"cannot write the class store {path} (read-only)") from None
        raise ClassLost(f"cannot use the class store {path}: {text}") from None
    except json.JSONDecodeError as err:
        raise ClassBroken(f"the class store {path} holds damaged data ({err.msg})") from None
