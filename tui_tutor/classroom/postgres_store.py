"""The class store in a PostgreSQL database (psycopg 3), for a class spread over several servers.

One class per database, in the schema `tui_tutor_class`. The role that creates the class owns
its tables; everything else, the owner's own tutors included, goes through the SECURITY DEFINER
functions of `postgres.sql`, which check keys and secrets in the database itself. `class new`
also makes a login role for students that can call those functions and nothing else (when the
owner may create roles), so a student who has the students' URL and a `psql` can do no more
than their tutor can.

Connections are in autocommit mode (each function call is its own transaction), time out after
a few seconds, and LISTEN on the channel the functions NOTIFY when the instructor publishes,
asks or reveals: `wait` returns as soon as that happens.
"""

from __future__ import annotations

import hashlib
import secrets
import select
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib.resources import files
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
from psycopg import errors, sql
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

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
    class_state,
    encode_params,
    live_answer,
    live_question,
    member_row,
    review_record,
    unsound_review,
)
from tui_tutor.classroom.schema import LATEST, PG_SCHEMA, pending
from tui_tutor.classroom.store import shown

CONNECT_TIMEOUT = 3
"""Seconds to wait for the server when connecting."""
STATEMENT_TIMEOUT = "5s"
CHANNEL = "tui_tutor_class"
FUNCTIONS = files("tui_tutor.classroom").joinpath("postgres.sql").read_text(encoding="utf-8")
FUNCTIONS_HASH = hashlib.sha256(FUNCTIONS.encode("utf-8")).hexdigest()
DROP_FUNCTIONS = f"""
DO $$ DECLARE f record; BEGIN
    FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = '{PG_SCHEMA}' LOOP
        EXECUTE 'DROP FUNCTION ' || f.sig;
    END LOOP;
END $$"""


class PostgresStore:
    """A class store in the database at `url` (see `tui_tutor.classroom.store.ClassStore`)."""

    notifies = True

    def __init__(self, url: str, conn: psycopg.Connection[dict[str, Any]]) -> None:
        self.url, self.conn, self.location = url, conn, shown(url)
        self.ops = {"reads": 0, "writes": 0}
        self.class_id = self._row("SELECT class_id FROM tui_tutor_class.about()")["class_id"]
        with self._guard():
            conn.execute(f"LISTEN {CHANNEL}")

    @classmethod
    def open(cls, url: str) -> PostgresStore:
        conn = _connect(url)
        try:
            _upgrade(conn, shown(url))
            return cls(url, conn)
        except BaseException:
            conn.close()
            raise

    @classmethod
    def create(cls, url: str, key: str, version: int = LATEST) -> str | None:
        """The class's tables and functions in the database at `url` (which must exist), and a
        login role for students where the connecting role may create one: returns the URL
        students use (None: no role could be made). `version` below the latest is for testing
        the migrations."""
        where = shown(url)
        with _connect(url) as conn, _translate(where):
            if conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (PG_SCHEMA,)).fetchone():
                raise ClassError(f"there is a class in {where} already; use another database for a new class")
            with conn.transaction():
                _apply(conn, 0, version)
                conn.execute(f"INSERT INTO {PG_SCHEMA}.meta VALUES ('class_id', %s), ('key_hash', %s)",
                             (uuid.uuid4().hex, digest(key)))
                if version == LATEST:
                    _install_functions(conn)
            return _student_role(conn, url)

    def close(self) -> None:
        self.conn.close()

    def wait(self, timeout: float, interrupt: int | None = None) -> bool:
        """Sleep in select() on the connection (and `interrupt`, a file descriptor); True on a NOTIFY."""
        with self._guard():
            if self._notified():  # one that came in with a query's answer
                return True
            sources = [self.conn.fileno()] + ([interrupt] if interrupt is not None else [])
            ready, _, _ = select.select(sources, [], [], timeout)
            return self.conn.fileno() in ready and self._notified()

    def _notified(self) -> bool:
        return any(True for _ in self.conn.notifies(timeout=0))

    def alive(self) -> None:
        """A lost connection shows on the next call; nothing to check here."""

    # ------------------------------------------------------------------ anyone

    def state(self) -> ClassState:
        return class_state(self._row("SELECT * FROM tui_tutor_class.state()"))

    def question(self, question_id: int, key: str | None = None) -> LiveQuestion:
        return live_question(self._row("SELECT * FROM tui_tutor_class.question(%s::bigint, %s)", question_id, key,
                                       missing="no such question in this class"))

    def tally(self, question_id: int, key: str | None = None) -> Tally:
        rows = self._rows("SELECT * FROM tui_tutor_class.tally(%s::bigint, %s)", question_id, key)
        return Tally(question_id, tuple((float(r["value"]), int(r["n"])) for r in rows))

    def counts(self, within: float = CONNECTED_WITHIN) -> Counts:
        row = self._row("SELECT * FROM tui_tutor_class.counts(%s::float8)", within)
        return Counts(int(row["connected"]), int(row["following"]))

    def join(self, name: str, secret: str) -> None:
        self._call("join_class(%s, %s)", name, secret)

    def redeem(self, code: str) -> str:
        return self._row("SELECT tui_tutor_class.redeem(%s) AS name", normalise_code(code))["name"]

    # ------------------------------------------------------------------ students

    def heartbeat(self, name: str, secret: str, lesson_id: str | None, step: int, following: bool,
                  leaving: bool = False) -> None:
        self._call("heartbeat(%s, %s, %s, %s::integer, %s, %s)", name, secret, lesson_id, step, following, leaving)

    def save_progress(self, name: str, secret: str, lessons: Mapping[str, tuple[bool, bool]],
                      items: Mapping[str, tuple[int, int]], reviews: Sequence[ReviewRecord] = ()) -> None:
        problem = unsound_review(reviews)
        if problem:
            raise NotAllowed(problem)
        self._call("save_progress(%s, %s, %s, %s, %s)", name, secret,
                   Jsonb({k: [bool(v), bool(c)] for k, (v, c) in lessons.items()}),
                   Jsonb({k: [int(r), int(w)] for k, (r, w) in items.items()}),
                   Jsonb([{"card": r.card, "id": r.id, "day": r.day, "rating": r.rating, "correct": r.correct,
                           "at": r.at} for r in reviews]))

    def my_lessons(self, name: str, secret: str) -> dict[str, tuple[bool, bool]]:
        return {r["lesson_id"]: (bool(r["visited"]), bool(r["completed"])) for r in self._rows(
            "SELECT * FROM tui_tutor_class.my_lessons(%s, %s)", name, secret)}

    def my_reviews(self, name: str, secret: str) -> tuple[ReviewRecord, ...]:
        return tuple(review_record(r) for r in self._rows("SELECT * FROM tui_tutor_class.my_reviews(%s, %s)",
                                                          name, secret))

    def answer(self, name: str, secret: str, question_id: int, value: float) -> None:
        self._call("answer(%s, %s, %s::bigint, %s::float8)", name, secret, question_id, float(value))

    def my_answer(self, name: str, secret: str, question_id: int) -> LiveAnswer | None:
        rows = self._rows("SELECT * FROM tui_tutor_class.my_answer(%s, %s, %s::bigint)", name, secret, question_id)
        return live_answer(rows[0], show_correct=rows[0]["state"] == "revealed") if rows else None

    # ------------------------------------------------------------------ instructors

    def verify_key(self, key: str) -> None:
        self._call("verify_key(%s)", key)

    def publish(self, key: str, position: Position) -> int:
        return int(self._row(
            "SELECT tui_tutor_class.publish(%s, %s, %s::integer, %s, %s, %s::integer, %s) AS version", key,
            position.lesson_id, position.step, position.scenario, encode_params(position.params), position.iteration,
            position.leader, write=True)["version"])

    def ask(self, key: str, asked: Question) -> int:
        asked.check()
        return int(self._row(
            "SELECT tui_tutor_class.ask(%s, %s, %s, %s, %s, %s::integer, %s::float8, %s::float8, %s) AS id", key,
            asked.item_id, asked.kind, asked.lesson_id, asked.public_json(), len(asked.choices), asked.answer,
            asked.tolerance, asked.explanation, write=True)["id"])

    def reveal(self, key: str, question_id: int) -> None:
        self._call("reveal(%s, %s::bigint)", key, question_id)

    def add_invite(self, key: str, name: str, code: str) -> None:
        self._call("add_invite(%s, %s, %s)", key, name, normalise_code(code))

    def revoke(self, key: str, code_or_name: str) -> str:
        return self._row("SELECT tui_tutor_class.revoke(%s, %s, %s) AS name", key, code_or_name,
                         normalise_code(code_or_name), write=True)["name"]

    def class_data(self, key: str) -> ClassData:
        data = self._row("SELECT tui_tutor_class.class_data(%s) AS data", key)["data"]
        state = class_state(data["state"])
        return ClassData(float(data["now"]), state.position, tuple(member_row(r) for r in data["members"]),
                         tuple((n, lesson, bool(v), bool(c)) for n, lesson, v, c in data["lessons"]),
                         tuple((n, i, int(r), int(w)) for n, i, r, w in data["items"]),
                         tuple(live_question(q) for q in data["questions"]),
                         tuple(live_answer(a) for a in data["answers"]))

    def class_reviews(self, key: str) -> tuple[tuple[str, ReviewRecord], ...]:
        return tuple((r["name"], review_record(r)) for r in self._rows(
            "SELECT * FROM tui_tutor_class.class_reviews(%s)", key))

    # ------------------------------------------------------------------ helpers

    def _call(self, call: str, *args: object) -> None:
        self._rows(f"SELECT tui_tutor_class.{call}", *args, write=True)

    def _row(self, query: str, *args: object, missing: str = "", write: bool = False) -> dict[str, Any]:
        rows = self._rows(query, *args, write=write)
        if not rows:
            raise NotAllowed(missing or "nothing there")
        return rows[0]

    def _rows(self, query: str, *args: object, write: bool = False) -> list[dict[str, Any]]:
        with self._guard():
            self.ops["writes" if write else "reads"] += 1
            return self.conn.execute(query, args).fetchall()

    def _guard(self):
        return _translate(self.location)


def _connect(url: str) -> psycopg.Connection[dict[str, Any]]:
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT, application_name="tui-tutor",
                               keepalives=1, keepalives_idle=10, keepalives_interval=3, keepalives_count=3,
                               row_factory=dict_row)
    except psycopg.Error as err:
        text = _first_line(err)
        if "does not exist" in text:
            raise ClassMissing(f"there is no class database at {shown(url)} ({text})") from None
        raise ClassLost(f"cannot reach the class database {shown(url)}: {text}") from None
    with _translate(shown(url)):
        conn.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT}'")
    return conn


def _upgrade(conn: psycopg.Connection[dict[str, Any]], where: str) -> None:
    """Bring the tables and functions up to this tui-tutor's, where this role may."""
    with _translate(where):
        try:
            version = _version(conn, where)
        except (errors.UndefinedTable, errors.InvalidSchemaName):
            raise ClassMissing(f"there is no tui-tutor class in {where} "
                               "(tui-tutor class new URL creates one)") from None
        installed = None
        if version == LATEST:
            try:
                installed = conn.execute("SELECT functions_hash FROM tui_tutor_class.about()").fetchone()
                installed = installed["functions_hash"]
            except errors.UndefinedFunction:
                pass
        if installed == FUNCTIONS_HASH:
            return
        try:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (PG_SCHEMA,))
                _apply(conn, _version(conn, where), LATEST)
                _install_functions(conn)
        except errors.InsufficientPrivilege:
            if version < LATEST or installed is None:
                raise ClassBroken(f"the class in {where} needs upgrading by its owner: run tui-tutor class report "
                                  "once with the owner's URL") from None
            # an older copy of the functions, which this role may not replace: they still serve


def _version(conn: psycopg.Connection[dict[str, Any]], where: str) -> int:
    version = int(conn.execute(f"SELECT version FROM {PG_SCHEMA}.schema_version").fetchone()["version"])
    if version > LATEST:
        raise ClassBroken(f"the class in {where} was made by a newer tui-tutor (class store version {version}; "
                          f"this one knows up to {LATEST}): update tui-tutor")
    return version


def _apply(conn: psycopg.Connection[dict[str, Any]], current: int, target: int) -> None:
    for step in pending(current, target):
        for statement in step.postgres:
            conn.execute(statement)
        conn.execute(f"UPDATE {PG_SCHEMA}.schema_version SET version = %s", (step.version,))


def _install_functions(conn: psycopg.Connection[dict[str, Any]]) -> None:
    conn.execute(DROP_FUNCTIONS)
    conn.execute(FUNCTIONS)
    conn.execute(f"INSERT INTO {PG_SCHEMA}.meta VALUES ('functions_hash', %s)"
                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (FUNCTIONS_HASH,))


def _student_role(conn: psycopg.Connection[dict[str, Any]], url: str) -> str | None:
    """Make (or give a new password to) the students' login role; the URL students use, or None
    where this role may not create roles."""
    database = conn.info.dbname
    role = ("tui_tutor_student_" + "".join(c if c.isalnum() else "_" for c in database.lower()))[:63]
    password = secrets.token_urlsafe(18)
    try:
        with conn.transaction():
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            conn.execute(sql.SQL("{} ROLE {} LOGIN PASSWORD {}").format(
                sql.SQL("ALTER" if exists else "CREATE"), sql.Identifier(role), sql.Literal(password)))
    except errors.InsufficientPrivilege:
        return None
    return student_url(url, role, password)


def student_url(url: str, role: str, password: str) -> str:
    """`url` with its user and password replaced by the students' role and password."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{quote(role, safe='')}:{quote(password, safe='')}@{host}"))


def _first_line(err: Exception) -> str:
    diag = getattr(err, "diag", None)
    primary = diag.message_primary if diag is not None else None
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    return primary or (lines[0] if lines else type(err).__name__)


@contextmanager
def _translate(where: str) -> Iterator[None]:
    """psycopg's errors as one-line ClassErrors."""
    try:
        yield
    except (errors.InsufficientPrivilege, errors.RaiseException, psycopg.IntegrityError, psycopg.DataError) as err:
        raise NotAllowed(_first_line(err)) from None
    except (errors.UndefinedFunction, errors.UndefinedTable, errors.UndefinedColumn) as err:
        raise ClassBroken(f"the class in {where} is damaged or needs upgrading by its owner "
                          f"({_first_line(err)})") from None
    except errors.QueryCanceled:
        raise ClassLost(f"the class database {where} took too long to answer") from None
    except (psycopg.OperationalError, psycopg.InterfaceError) as err:
        raise ClassLost(f"lost the connection to the class database {where}: {_first_line(err)}") from None
    except psycopg.Error as err:
        raise ClassLost(f"cannot use the class database {where}: {_first_line(err)}") from None
