"""The SQLite class store under many real processes: killed writers lose nothing, and many
writers at once all get through."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time

import pytest

from tui_tutor.classroom.keys import new_secret
from tui_tutor.classroom.model import Question
from tui_tutor.classroom.store import open_store

pytestmark = pytest.mark.slow

WRITER = """
import sys
from tui_tutor.classroom.errors import ClassLost
from tui_tutor.classroom.store import open_store

location, name, secret, first, count = sys.argv[1:]
store = open_store(location)


def until_done(write):
    while True:
        try:
            return write()
        except ClassLost as err:  # what a link does: try again (the lock was held too long)
            print("retry", err, file=sys.stderr, flush=True)


until_done(lambda: store.join(name, secret))
for qid in range(int(first), int(first) + int(count)):
    until_done(lambda: store.answer(name, secret, qid, float(qid % 3)))
    until_done(lambda: store.heartbeat(name, secret, "softmax", qid, True))
    until_done(lambda: store.save_progress(name, secret, {"softmax": (True, False)}, {f"q{qid}": (1, 0)}))
    print(qid, flush=True)
"""

QUESTION = Question("q", "choice", "softmax", "Softmax", "Pick one", ("a", "b", "c"), "", False, 1.0, 0.0, "")


def ask(location: str, key: str, count: int) -> list[int]:
    store = open_store(location)
    ids = [store.ask(key, QUESTION) for _ in range(count)]
    store.close()
    return ids


def writer(location: str, name: str, first: int, count: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, location, name, new_secret(), str(first), str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_no_acknowledged_answer_is_lost_when_writers_are_killed(sqlite_class):
    klass = sqlite_class
    ids = ask(klass.location, klass.key, 400)
    rng = random.Random(13)
    acked: dict[str, list[int]] = {}
    for round_ in range(8):
        name = f"student-{round_}"
        proc = writer(klass.location, name, ids[0], len(ids))
        wanted = rng.randrange(5, 60)
        lines = []
        while len(lines) < wanted:  # let it commit a few answers, then kill it mid-stream
            line = proc.stdout.readline()
            assert line, f"the writer died on its own: {proc.stderr.read()}"
            lines.append(int(line))
        time.sleep(rng.uniform(0, 0.02))
        proc.kill()
        proc.wait(timeout=30)
        acked[name] = lines + [int(x) for x in proc.stdout.read().split()]
    conn = sqlite3.connect(klass.location)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {}
    for name, qid, value in conn.execute("SELECT name, question_id, value FROM answers"):
        stored.setdefault(name, set()).add(qid)
        assert value == qid % 3
    conn.close()
    for name, qids in acked.items():
        assert set(qids) <= stored.get(name, set()), f"{name} lost acknowledged answers"
    store = open_store(klass.location)  # and the class goes on
    secret = new_secret()
    store.join("late", secret)
    store.answer("late", secret, ids[-1], 2.0)
    assert len(store.class_data(klass.key).answers) >= sum(len(q) for q in acked.values()) + 1
    store.close()


def test_many_processes_writing_at_once_all_get_through(sqlite_class):
    klass = sqlite_class
    per_writer, writers = 60, 12
    ids = ask(klass.location, klass.key, per_writer)
    procs = [writer(klass.location, f"student-{n:02d}", ids[0], per_writer) for n in range(writers)]
    reader = open_store(klass.location)
    polls = 0
    while any(p.poll() is None for p in procs):
        reader.state()  # a follower polling meanwhile is never refused
        polls += 1
        time.sleep(0.01)
    errors = [p.stderr.read() for p in procs]
    assert all(p.returncode == 0 for p in procs), errors
    assert all(len(p.stdout.read().split()) == per_writer for p in procs)
    data = reader.class_data(klass.key)
    assert len(data.answers) == per_writer * writers
    assert len(data.items) == per_writer * writers
    assert {m.name for m in data.members} == {f"student-{n:02d}" for n in range(writers)}
    assert polls > 0
    reader.close()
