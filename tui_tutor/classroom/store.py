"""The class store interface, and opening one by its location (a file path or a URL).

Every method either does what it says or raises a `ClassError` with one line for the user
(`ClassLost` and its kinds: try again later; `NotAllowed`: the request was refused). Who may do
what is decided inside the store, by credentials passed with each call:

* anyone who can open the store: `state`, `question` (without its solution until the reveal),
  `tally` (after the reveal), `counts`, `join` (claim a name with a secret), `redeem` (a code);
* a student, by name and secret: `heartbeat`, `save_progress` (with their reviews),
  `my_lessons` and `my_reviews` (their own, to restore a progress that lost them), `answer` (open
  questions only), `my_answer` (their own; whether it was right only after the reveal);
* an instructor, by key: `publish`, `ask`, `reveal`, `add_invite`, `revoke`, `class_data`,
  `class_reviews`,
  and the solution and tally of a question before the reveal.

A store object is used by one thread at a time (the `ClassLink`'s, or the command line's).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

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
)

URL_SCHEMES = ("postgresql://", "postgres://")


class ClassStore(Protocol):
    location: str
    """Where the store is, safe to show (a URL without its password)."""
    class_id: str
    """Random, made when the class was created: tells a re-created store from the old one."""
    ops: dict[str, int]
    """How many "reads" and "writes" this object has done (for the benchmark)."""
    notifies: bool
    """Whether `wait` hears of changes (PostgreSQL's NOTIFY); else followers poll."""

    def close(self) -> None: ...
    def wait(self, timeout: float, interrupt: int | None = None) -> bool:
        """Block up to `timeout` s, or until the file descriptor `interrupt` is readable; True
        as soon as the store says the class state changed."""
    def alive(self) -> None:
        """Raise ClassLost if the store has gone (a file deleted or replaced) since it was opened."""

    def state(self) -> ClassState: ...
    def question(self, question_id: int, key: str | None = None) -> LiveQuestion: ...
    def tally(self, question_id: int, key: str | None = None) -> Tally: ...
    def counts(self, within: float = CONNECTED_WITHIN) -> Counts: ...

    def join(self, name: str, secret: str) -> None: ...
    def redeem(self, code: str) -> str: ...
    def heartbeat(self, name: str, secret: str, lesson_id: str | None, step: int, following: bool,
                  leaving: bool = False) -> None:
        """Say this student is connected (or `leaving`), where, and whether following; the
        time of their last step is kept from the last call that named another step."""
    def save_progress(self, name: str, secret: str, lessons: Mapping[str, tuple[bool, bool]],
                      items: Mapping[str, tuple[int, int]], reviews: Sequence[ReviewRecord] = ()) -> None:
        """Keep the student's summary (replacing it per lesson and item) and add their new
        reviews (one already kept, by id, is left as it is). A review that is not sound
        (`ReviewRecord.problem`) refuses the whole call."""
    def my_lessons(self, name: str, secret: str) -> dict[str, tuple[bool, bool]]: ...
    def my_reviews(self, name: str, secret: str) -> tuple[ReviewRecord, ...]: ...
    def answer(self, name: str, secret: str, question_id: int, value: float) -> None: ...
    def my_answer(self, name: str, secret: str, question_id: int) -> LiveAnswer | None: ...

    def verify_key(self, key: str) -> None: ...
    def publish(self, key: str, position: Position) -> int: ...
    def ask(self, key: str, asked: Question) -> int: ...
    def reveal(self, key: str, question_id: int) -> None: ...
    def add_invite(self, key: str, name: str, code: str) -> None: ...
    def revoke(self, key: str, code_or_name: str) -> str: ...
    def class_data(self, key: str) -> ClassData: ...
    def class_reviews(self, key: str) -> tuple[tuple[str, ReviewRecord], ...]:
        """(name, review) for every review in the students' class records (for the report)."""


def is_url(location: str) -> bool:
    """Whether `location` names a PostgreSQL database rather than a file."""
    return location.startswith(URL_SCHEMES)


def shown(location: str) -> str:
    """`location` safe to print: a URL's password replaced by ***."""
    if not is_url(location):
        return location
    scheme, _, rest = location.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return location
    return f"{scheme}://{credentials.partition(':')[0]}:***@{host}"


def open_store(location: str) -> ClassStore:
    """Open the class store at `location`, upgrading its tables if they are older.

    Raises:
        ClassMissing: nothing there; ClassBroken: not a usable class store; ClassLost: cannot
        be reached or is locked now.
    """
    if is_url(location):
        from tui_tutor.classroom.postgres_store import PostgresStore

        return PostgresStore.open(location)
    from tui_tutor.classroom.sqlite_store import SqliteStore

    return SqliteStore.open(location)


def create_store(location: str, key: str) -> str | None:
    """Create a new, empty class at `location` whose instructors hold `key`; returns where
    students join: the same file, or for PostgreSQL the URL of a role made for them that can
    do no more than their tutor can (None where the connecting role may not create roles).

    Raises:
        ClassError: the location is taken, or cannot be written.
    """
    if is_url(location):
        from tui_tutor.classroom.postgres_store import PostgresStore

        return PostgresStore.create(location, key)
    from tui_tutor.classroom.sqlite_store import SqliteStore

    return SqliteStore.create(location, key)
