"""`ClassLink`: one tutor's connection to its class, for a UI that must never wait for it.

The link owns a thread that talks to the store; the UI only ever

* reads `link.snapshot` (an immutable `Snapshot`, replaced as a whole whenever something
  changes), or gets it passed to `on_change(snapshot)`, which the link's thread calls after
  every change (a Textual app hands it to its event loop with `post_while_live`);
* calls the request methods (`publish`, `ask`, `reveal`, `answer`, `where`, `report_progress`,
  `sign_in`, `watch_class`): they queue the request and return at once. Requests are sent in
  order and kept across a lost connection until the store has them; the store's refusals
  (a student trying to lead, an answer after the reveal) come back as `snapshot.notice`.

A store that is missing, locked, corrupt or unreachable makes `snapshot.status` one line,
"class connection lost: ...", and the link tries again by itself (0.5 s, doubling to 5 s);
the tutor keeps working alone meanwhile. A refusal of who this tutor is (a wrong instructor
key, a name taken by someone else, a revoked student code) ends the link: `snapshot.status`
says why and `snapshot.ended` is True.

Timing: followers poll the class state every `POLL` seconds on SQLite (one small read); on
PostgreSQL the store's NOTIFY wakes them at once and they poll only every `FALLBACK_POLL`
seconds besides. An instructor's requests wake the link's thread at once.

How a tutor uses it:

* a student: when `snapshot.position` changes while following, open `position.lesson_id` at
  `position.step` with its scenario, parameter values and iteration; call `where(lesson, step,
  following)` whenever the screen moves or following is switched; `report_progress(progress)`
  after progress changes. A new `snapshot.question` that is not revealed: show its `question`
  in a card, send `answer(id, value)`; once `question.revealed`, `snapshot.my_answer.correct`
  and `question.question.review_item()` say whether and why (record it in the student's own
  progress under `question.item_id`, as a review answer or an exercise by `kind`);
* an instructor: `publish(...)` on every step, scenario, parameter edit and iteration;
  `ask(item, lesson_id)` and `reveal()`; the projector shows `snapshot.tally` (live counts by
  value) and `snapshot.counts` (connected, following); the instructor's screen calls
  `watch_class(seconds)` and shows `report.overview(snapshot.class_data)`;
* a browser tab: no name and no key; `sign_in(code)` with what the student typed; it is that
  student once `snapshot.name` is set (a refused code comes back as a notice);
* everyone: `snapshot.status` is the one line to show ("" while connected).
"""

from __future__ import annotations

import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from tui_tutor.classroom.errors import ClassBroken, ClassError, ClassLost, ClassMissing, NotAllowed
from tui_tutor.classroom.keys import StudentSecrets, normalise_code
from tui_tutor.classroom.model import (
    HEARTBEAT_EVERY,
    ClassData,
    ClassState,
    Counts,
    LiveAnswer,
    LiveQuestion,
    Position,
    Question,
    Tally,
)
from tui_tutor.classroom.reviews import ClassRecord
from tui_tutor.classroom.store import ClassStore, open_store
from tui_tutor.errorlog import log_error

if TYPE_CHECKING:
    from tui_tutor.content.model import ParamValue
    from tui_tutor.progress import Progress
    from tui_tutor.review_items import ReviewItem

POLL = 0.2
"""Seconds between a follower's reads of the class state (SQLite)."""
FALLBACK_POLL = 2.0
"""With NOTIFY (PostgreSQL): seconds between reads when nothing was notified."""
NOTIFIED_IDLE = 1.0
"""With NOTIFY: a student's link sleeps this long when nothing happens (NOTIFY or a request
from the UI wakes it at once)."""
COUNTS_EVERY = 1.0
"""Seconds between an instructor's reads of how many students are connected."""
RETRY_FIRST, RETRY_MAX = 0.5, 5.0
"""Reconnecting: the first pause, doubling up to the longest."""
LOST = "class connection lost: "


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything a UI shows about the class, at one moment."""

    status: str = "connecting to the class"
    """One line: "" while connected; "class connection lost: ..." while retrying; why it ended."""
    connected: bool = False
    ended: bool = False
    """The class refused this tutor (see `status`); the link no longer tries."""
    name: str = ""
    """Who this tutor is in the class ("" until a student code is accepted)."""
    lead: bool = False
    state: ClassState | None = None
    """The instructor's position (`state.position`) and the current live question's id and state."""
    question: LiveQuestion | None = None
    """The current live question; its solution once revealed (an instructor has it at once)."""
    my_answer: LiveAnswer | None = None
    """This student's answer to it; `correct` after the reveal."""
    tally: Tally | None = None
    """Instructor: the live counts of the current question (students: after the reveal)."""
    counts: Counts | None = None
    """Instructor: students connected now, and how many follow."""
    class_data: ClassData | None = None
    """Instructor, after `watch_class`: everything for the instructor's screen."""
    restored: ClassRecord | None = None
    """Student: their class record (lessons and reviews) when this tutor joined; the tutor merges
    it into its own progress (which may have lost some of it)."""
    notice: str = ""
    """The latest refusal of a request this tutor made."""
    notices: int = 0
    """How many notices so far: a UI shows each new one once."""

    @property
    def position(self) -> Position | None:
        return self.state.position if self.state else None


class ClassLink:
    """A tutor's link to the class at `location`: as an instructor (`key`), as a student by
    `name` (their secret kept by `secrets`), or as a student by invite `code` (given now or
    later with `sign_in`)."""

    def __init__(self, location: str, *, name: str = "", key: str | None = None, code: str | None = None,
                 secrets: StudentSecrets | None = None, on_change: Callable[[Snapshot], Any] | None = None,
                 opener: Callable[[str], ClassStore] = open_store, poll: float = POLL) -> None:
        self.location, self.key, self.on_change = location, key, on_change
        self.opener, self.poll = opener, poll
        self.by_code = key is None and not name
        self.secrets = secrets or StudentSecrets()
        self._code, self._secret = (normalise_code(code) if code else None), ""
        self._store: ClassStore | None = None
        self._snapshot = Snapshot(name=name, lead=key is not None)
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._bell = socket.socketpair()
        """Rung with the Event, for a thread waiting in select() on the store's connection."""
        for end in self._bell:
            end.setblocking(False)
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._requests: deque[tuple[str, tuple[Any, ...]]] = deque()
        self._position: Position | None = None
        self._where: tuple[str | None, int, bool] = (None, 0, False)
        self._notified = False
        self._where_sent: tuple[tuple[str | None, int, bool], float] | None = None
        self._progress: ClassRecord | None = None
        self._progress_sent = ClassRecord()
        self._overview_every: float | None = None
        self._last = {"state": 0.0, "counts": 0.0, "overview": 0.0}
        self._retry = RETRY_FIRST

    # ------------------------------------------------------------------ for the UI (never blocks)

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    @property
    def store(self) -> ClassStore | None:
        """The open store (for the benchmark's counters); only the link's thread uses it."""
        return self._store

    def publish(self, lesson_id: str | None, step: int = 0, scenario: str | None = None,
                params: Mapping[str, ParamValue] | None = None, iteration: int = 0) -> None:
        """Instructor: this is where the class is now (only the latest is sent)."""
        position = Position(lesson_id, step, scenario, dict(params or {}), iteration, self._snapshot.name)
        with self._lock:
            self._position = position
        self._wake_up()

    def ask(self, item: ReviewItem, lesson_id: str) -> None:
        """Instructor: pose `item` (a lesson's question, or an exercise with its numbers) to the class."""
        self._request("ask", Question.from_item(item, lesson_id))

    def reveal(self, question_id: int | None = None) -> None:
        """Instructor: show everyone the solution of the question (default: the current one)."""
        self._request("reveal", question_id)

    def answer(self, question_id: int, value: float) -> None:
        """Student: this answer (a choice's index, or the number read from what was typed)."""
        self._request("answer", question_id, float(value))

    def where(self, lesson_id: str | None, step: int, following: bool) -> None:
        """Student: where this tutor is and whether it follows the instructor (sent at once when it
        changes, and as a heartbeat every few seconds)."""
        with self._lock:
            self._where = (lesson_id, step, following)
        self._wake_up()

    def report_progress(self, progress: Progress) -> None:
        """Student: their own progress, summarised for the class (only what changed is sent)."""
        summary = ClassRecord.of(progress)
        with self._lock:
            self._progress = summary
        self._wake_up()

    def sign_in(self, code: str) -> None:
        """Student in a browser: the invite code they typed."""
        with self._lock:
            self._code = normalise_code(code)
        self._retry = RETRY_FIRST
        self._wake_up()

    def watch_class(self, every: float | None) -> None:
        """Instructor: read everything for the instructor's screen every `every` s (None: stop)."""
        self._overview_every = every
        self._last["overview"] = 0.0
        self._wake_up()

    # ------------------------------------------------------------------ life cycle

    def connect(self) -> str:
        """The first connection, now, in the caller's thread: "" once in the class, or the
        "class connection lost: ..." line if the store cannot be reached now (the link keeps
        trying once started).

        Raises:
            ClassError: no class there, not a usable class store (`ClassMissing`, `ClassBroken`),
            or the class refused this tutor (`NotAllowed`): the caller should not go on.
        """
        try:
            self._open()
        except (ClassMissing, ClassBroken):
            raise
        except ClassLost as err:
            self._set(status=LOST + str(err), connected=False)
        return self._snapshot.status

    def start(self) -> ClassLink:
        """Start the link's thread (a daemon: it never keeps the tutor from exiting)."""
        self._thread = threading.Thread(target=self._run, name="tui-tutor class link", daemon=True)
        self._thread.start()
        return self

    def close(self, timeout: float = 2.0) -> None:
        """Say goodbye to the class (a student stops counting as connected) and stop the thread."""
        self._stopping = True
        self._wake_up()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._thread is None or not self._thread.is_alive():
            self._leave()
            for end in self._bell:
                end.close()

    def wait_for(self, condition: Callable[[Snapshot], bool], timeout: float) -> Snapshot | None:
        """Block until `condition(snapshot)` holds (tests, the command line, benchmarks; never a UI)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition(self._snapshot):
                return self._snapshot
            time.sleep(0.01)
        return self._snapshot if condition(self._snapshot) else None

    # ------------------------------------------------------------------ the link's thread

    def _run(self) -> None:
        while not self._stopping and not self._snapshot.ended:
            try:
                if self._store is None:
                    self._open()
                if self._store is not None:
                    self._cycle(self._store)
            except ClassLost as err:
                self._drop(err)
            except NotAllowed as err:  # who we are was refused (a wrong key, a revoked code)
                self._refused(err)
            except Exception as err:
                log_error(err)
                self._drop(ClassLost(f"unexpected {type(err).__name__} (see the tutor's log)"))
            if self._store is None:
                self._pause(self._retry)
                self._retry = min(self._retry * 2, RETRY_MAX)
            else:
                self._pause(self.poll)

    def _open(self) -> None:
        """Open the store and say who this tutor is; sets `_store` only if all of it worked."""
        if self.by_code and not self._code:
            self._set(status="waiting for your student code", connected=False)
            return
        store = self.opener(self.location)
        tried = self._code
        try:
            name = self._identify(store)
        except NotAllowed as err:
            store.close()
            if not self.by_code:
                raise
            with self._lock:
                if self._code == tried:  # (not a code typed meanwhile)
                    self._code = None
            self._note(f"student code not accepted: {err}")
            self._set(status="waiting for your student code", connected=False)
            return
        except BaseException:
            store.close()
            raise
        restored = None if self.key is not None else ClassRecord(
            store.my_lessons(name, self._secret), {}, {r.id: r for r in store.my_reviews(name, self._secret)})
        self._store, self._retry = store, RETRY_FIRST
        self._where_sent, self._progress_sent = None, restored or ClassRecord()
        self._last.update(state=0.0, counts=0.0, overview=0.0)
        self._set(status="", connected=True, name=name, state=None, restored=restored)

    def _identify(self, store: ClassStore) -> str:
        if self.key is not None:
            store.verify_key(self.key)
            return self._snapshot.name
        if self.by_code:
            name = store.redeem(self._code or "")
            self._secret = self._code or ""
            return name
        self._secret = self.secrets.get(store.class_id, self._snapshot.name)
        store.join(self._snapshot.name, self._secret)
        return self._snapshot.name

    def _cycle(self, store: ClassStore) -> None:
        """One round: the store still there, requests out, then what changed in."""
        store.alive()
        self._send_requests(store)
        now = time.monotonic()
        if not store.notifies or self._notified or now - self._last["state"] >= FALLBACK_POLL:
            self._read_state(store)
            self._last["state"], self._notified = now, False
        if self.key is not None:
            self._read_instructor_views(store, now)
        self._set(status="", connected=True)

    def _send_requests(self, store: ClassStore) -> None:
        with self._lock:
            position, self._position = self._position, None
        try:
            if position is not None:
                store.publish(self.key or "", position)
        except NotAllowed as err:
            self._note(str(err))
        except ClassLost:
            with self._lock:  # not sent: keep it unless a newer one came meanwhile
                self._position = self._position or position
            raise
        while self._requests:
            kind, args = self._requests[0]
            try:
                self._send(store, kind, args)
            except NotAllowed as err:
                self._note(str(err))
            self._requests.popleft()
        self._send_presence(store)

    def _send(self, store: ClassStore, kind: str, args: tuple[Any, ...]) -> None:
        if kind == "ask":
            store.ask(self.key or "", args[0])
        elif kind == "reveal":
            qid = args[0] if args[0] is not None else (self._snapshot.state and self._snapshot.state.question_id)
            if qid is None:
                raise NotAllowed("no question has been asked yet")
            store.reveal(self.key or "", qid)
        elif kind == "answer":
            store.answer(self._snapshot.name, self._secret, *args)
            self._set(my_answer=store.my_answer(self._snapshot.name, self._secret, args[0]))

    def _send_presence(self, store: ClassStore) -> None:
        if self.key is not None:
            return
        with self._lock:
            where, progress = self._where, self._progress
        now = time.monotonic()
        if (self._where_sent is None or self._where_sent[0] != where
                                  or now - self._where_sent[1] >= HEARTBEAT_EVERY):
            store.heartbeat(self._snapshot.name, self._secret, *where)
            self._where_sent = (where, now)
        if progress is None:
            return
        news = progress.news(self._progress_sent)
        if any(news):
            try:
                store.save_progress(self._snapshot.name, self._secret, *news)
            except NotAllowed as err:  # (not sent again: the same progress would be refused again)
                self._note(f"the class did not keep your progress: {err}")
            self._progress_sent = replace(progress, reviews={**self._progress_sent.reviews, **progress.reviews})

    def _read_state(self, store: ClassStore) -> None:
        state = store.state()
        old = self._snapshot.state
        if old == state:
            return
        changes: dict[str, Any] = {"state": state}
        if state.question_id is None:
            changes.update(question=None, my_answer=None, tally=None)
        elif old is None or (old.question_id, old.question_state) != (state.question_id, state.question_state):
            changes["question"] = store.question(state.question_id, self.key)
            if self.key is None:
                changes["my_answer"] = store.my_answer(self._snapshot.name, self._secret, state.question_id)
                if state.question_state == "revealed":
                    changes["tally"] = store.tally(state.question_id)
            else:
                changes["tally"] = None  # read again (a last time once revealed)
        self._set(**changes)

    def _read_instructor_views(self, store: ClassStore, now: float) -> None:
        state = self._snapshot.state
        if state is not None and state.question_id is not None and (
                state.question_state == "open" or self._snapshot.tally is None):
            tally = store.tally(state.question_id, self.key)
            if tally != self._snapshot.tally:
                self._set(tally=tally)
        if now - self._last["counts"] >= COUNTS_EVERY:
            self._set(counts=store.counts())
            self._last["counts"] = now
        if self._overview_every is not None and now - self._last["overview"] >= self._overview_every:
            self._set(class_data=store.class_data(self.key or ""))
            self._last["overview"] = now

    def _pause(self, seconds: float) -> None:
        """Wait `seconds`, or less: a request from the UI, or the store's NOTIFY, ends it."""
        store = self._store
        if store is None or not store.notifies:
            self._wake.wait(seconds)
        else:
            if self.key is None:
                seconds = max(seconds, NOTIFIED_IDLE)
            try:
                self._notified = store.wait(seconds, self._bell[0].fileno()) or self._notified
            except ClassLost as err:
                self._drop(err)
        self._wake.clear()
        with suppress(BlockingIOError):
            while self._bell[0].recv(64):
                pass

    def _wake_up(self) -> None:
        self._wake.set()
        with suppress(OSError):  # full (it is rung already) or closed (the link has ended)
            self._bell[1].send(b"!")

    def _drop(self, err: ClassLost) -> None:
        """The store went away: close it, say so, and let the loop reconnect."""
        store, self._store = self._store, None
        if store is not None:
            with suppress(Exception):  # closing a broken connection may fail in any way
                store.close()
        self._set(status=LOST + str(err), connected=False)

    def _refused(self, err: NotAllowed) -> None:
        self._drop(ClassLost(str(err)))
        self._set(status=f"not in the class: {err}", ended=True)

    def _leave(self) -> None:
        """A student's last heartbeat says they left; nothing waits for it if the store is gone."""
        store, self._store = self._store, None
        if store is None:
            return
        try:
            if self.key is None and self._secret:
                store.heartbeat(self._snapshot.name, self._secret, *self._where, leaving=True)
        except ClassError:
            pass
        finally:
            store.close()

    def _request(self, kind: str, *args: Any) -> None:
        self._requests.append((kind, args))
        self._wake_up()

    def _note(self, text: str) -> None:
        self._set(notice=text, notices=self._snapshot.notices + 1)

    def _set(self, **changes: Any) -> None:
        with self._lock:
            old = self._snapshot
            new = replace(old, **changes)
            if new == old:
                return
            self._snapshot = new
        if self.on_change is not None:
            self.on_change(new)
