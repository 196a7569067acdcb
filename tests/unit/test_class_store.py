"""The class store, the same tests on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import math
import sqlite3

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tui_tutor.answers import check_numeric
from tui_tutor.classroom.errors import ClassBroken, ClassError, ClassMissing, NotAllowed
from tui_tutor.classroom.keys import new_code, new_secret
from tui_tutor.classroom.model import Position, Question, ReviewRecord
from tui_tutor.classroom.schema import LATEST, PG_SCHEMA
from tui_tutor.classroom.store import open_store

CHOICE = Question("q-choice", "choice", "softmax", "Softmax", "Which is a probability?", ("−1", "0.3", "2"),
               "between 0 and 1", True, 1.0, 0.0, "Probabilities lie in [0, 1].")
NUMERIC = Question("neuron-output", "exercise", "neuron", "Inside a neuron", "Predict ŷ", (), "z first", False,
                0.6225, 0.01, "z = 0.5\nŷ = σ(0.5) = 0.6225")


def member(store, name: str) -> str:
    secret = new_secret()
    store.join(name, secret)
    return secret


def test_a_new_class_is_empty(klass):
    store = klass.open()
    state = store.state()
    assert (state.version, state.position, state.question_id) == (0, None, None)
    assert store.counts().connected == 0
    data = store.class_data(klass.key)
    assert data.members == data.questions == data.answers == ()
    store.close()


def test_publish_round_trips_the_position_and_grows_the_version(klass):
    store, follower = klass.open(), klass.open(as_student=True)
    first = store.publish(klass.key, Position("neuron", 2, "dead ReLU", {"x": (1.5, -2.0), "b": -3.0,
                                                                          "activation": "relu"}, 0, "prof"))
    second = store.publish(klass.key, Position("gradient-descent", 5, None, {"lr": 0.1}, 7, "ta"))
    assert second == first + 1
    state = follower.state()
    assert state.version == second
    p = state.position
    assert (p.lesson_id, p.step, p.scenario, dict(p.params), p.iteration, p.leader) == (
        "gradient-descent", 5, None, {"lr": 0.1}, 7, "ta")
    store.publish(klass.key, Position(None, 0, None, {}, 0, "prof"))
    assert follower.state().position.lesson_id is None  # the contents
    assert follower.state().position.params == {}
    store.close()
    follower.close()


def test_params_keep_their_types(klass):
    store = klass.open()
    values = {"x": (1.5, -2.0, 0.75), "k": 3, "eta": 0.05, "activation": "sigmoid"}
    store.publish(klass.key, Position("neuron", 0, None, values, 0, "prof"))
    assert dict(store.state().position.params) == values
    assert isinstance(store.state().position.params["x"], tuple)
    store.close()


def test_a_name_belongs_to_whoever_claimed_it(klass):
    store = klass.open(as_student=True)
    secret = member(store, "alice")
    store.join("alice", secret)  # the same student again: fine
    with pytest.raises(NotAllowed, match="taken"):
        store.join("alice", new_secret())
    for bad in ("", "   ", "a\tb", "x" * 65, " alice"):
        with pytest.raises(NotAllowed):
            store.join(bad, new_secret())
    with pytest.raises(NotAllowed):
        store.join("bob", "short")
    store.close()


def test_a_live_question_from_asking_to_the_reveal(klass):
    lead, students = klass.open(), klass.open(as_student=True)
    alice, bob, carol = (member(students, n) for n in ("alice", "bob", "carol"))
    qid = lead.ask(klass.key, CHOICE)
    state = students.state()
    assert (state.question_id, state.question_state) == (qid, "open")
    seen = students.question(qid).question
    assert (seen.prompt, seen.choices, seen.answer, seen.explanation) == (CHOICE.prompt, CHOICE.choices, None, None)
    assert lead.question(qid, klass.key).question == CHOICE
    students.answer("alice", alice, qid, 1)
    students.answer("bob", bob, qid, 0)
    students.answer("bob", bob, qid, 2)  # changed their mind before the reveal: the last one counts
    students.answer("carol", carol, qid, 1)
    assert students.my_answer("bob", bob, qid).correct is None  # not before the reveal
    with pytest.raises(NotAllowed):
        students.tally(qid)
    assert lead.tally(qid, klass.key).counts == ((1.0, 2), (2.0, 1))
    lead.reveal(klass.key, qid)
    assert students.state().question_state == "revealed"
    assert students.question(qid).question == CHOICE
    assert students.my_answer("alice", alice, qid).correct is True
    assert students.my_answer("bob", bob, qid).correct is False
    assert students.tally(qid).answered == 3
    with pytest.raises(NotAllowed, match="too late"):
        students.answer("bob", bob, qid, 1)
    assert students.my_answer("bob", bob, qid).value == 2.0
    lead.close()
    students.close()


@pytest.mark.parametrize("given", [0.6225, 0.6325, 0.6125, 0.6326, 0.6124, -0.6225, 62.25, 0.0])
def test_numbers_are_marked_as_the_review_marks_them(klass, given):
    lead, students = klass.open(), klass.open(as_student=True)
    secret = member(students, "alice")
    qid = lead.ask(klass.key, NUMERIC)
    students.answer("alice", secret, qid, given)
    lead.reveal(klass.key, qid)
    expected = check_numeric(repr(given), NUMERIC.answer, NUMERIC.tolerance).correct
    assert students.my_answer("alice", secret, qid).correct is expected
    lead.close()
    students.close()


def test_answers_that_cannot_be_right_are_refused(klass):
    lead, students = klass.open(), klass.open(as_student=True)
    secret = member(students, "alice")
    choice, number = lead.ask(klass.key, CHOICE), lead.ask(klass.key, NUMERIC)
    for qid, value in ((choice, 3), (choice, -1), (choice, 0.5), (number, math.nan), (number, math.inf),
                       (number, -math.inf), (999, 1.0)):
        with pytest.raises(NotAllowed):
            students.answer("alice", secret, qid, value)
    assert lead.class_data(klass.key).answers == ()
    with pytest.raises(ValueError):  # the instructor's own tutor never asks a question without a right answer
        lead.ask(klass.key, Question("x", "choice", "l", "t", "p", ("a",), "", False, 5.0, 0.0, ""))
    lead.close()
    students.close()


def test_progress_summaries_reach_the_instructor(klass):
    lead, students = klass.open(), klass.open(as_student=True)
    secret = member(students, "alice")
    students.save_progress("alice", secret, {"neuron": (True, True), "softmax": (True, False)},
                           {"neuron-output": (2, 1), "exercise:neuron-output": (0, 3)})
    students.save_progress("alice", secret, {"softmax": (True, True)}, {"neuron-output": (3, 1)})
    data = lead.class_data(klass.key)
    assert set(data.lessons) == {("alice", "neuron", True, True), ("alice", "softmax", True, True)}
    assert set(data.items) == {("alice", "neuron-output", 3, 1), ("alice", "exercise:neuron-output", 0, 3)}
    lead.close()
    students.close()


def review(n: int, card: str = "question:neuron-output", **changes) -> ReviewRecord:
    fields = {"card": card, "id": f"attempt-{n}", "day": f"2026-11-{n:02d}", "rating": 1 + n % 4,
              "correct": n % 2 == 0, "at": 1_800_000_000.0 + n}
    return ReviewRecord(**{**fields, **changes})


def test_reviews_are_kept_once_each_and_come_back_only_to_their_student(klass):
    lead, students = klass.open(), klass.open(as_student=True)
    alice, bob = member(students, "alice"), member(students, "bob")
    first = (review(1), review(2, "exercise:neuron-output"))
    students.save_progress("alice", alice, {}, {}, first)
    students.save_progress("alice", alice, {}, {}, (review(2, "exercise:neuron-output", rating=4), review(3)))
    students.save_progress("bob", bob, {}, {}, (review(9, "question:softmax-sum"),))
    assert students.my_reviews("alice", alice) == (*first, review(3))  # the second copy of attempt-2 left out
    assert students.my_reviews("bob", bob) == (review(9, "question:softmax-sum"),)
    students.save_progress("bob", bob, {"neuron": (True, False)}, {})
    students.save_progress("bob", bob, {"neuron": (True, True), "softmax": (True, False)}, {})
    assert students.my_lessons("bob", bob) == {"neuron": (True, True), "softmax": (True, False)}
    assert students.my_lessons("alice", alice) == {}
    with pytest.raises(NotAllowed):
        students.my_lessons("bob", alice)
    with pytest.raises(NotAllowed):
        students.my_reviews("alice", bob)
    with pytest.raises(NotAllowed):
        students.class_reviews(alice)
    assert lead.class_reviews(klass.key) == (*(("alice", r) for r in (*first, review(3))),
                                             ("bob", review(9, "question:softmax-sum")))
    lead.close()
    students.close()


@pytest.mark.parametrize("bad, message", [
    ({"rating": 5}, "rating"), ({"rating": 0}, "rating"), ({"day": "2026-13-01"}, "day"), ({"day": "1.12.2026"}, "day"),
    ({"card": "neuron-output"}, "card"), ({"card": "question:"}, "card"), ({"id": ""}, "id"),
    ({"card": "question:" + "x" * 300}, "card"), ({"at": math.nan}, "time"),
])
def test_an_unsound_review_refuses_the_whole_call(klass, bad, message):
    students = klass.open(as_student=True)
    secret = member(students, "alice")
    with pytest.raises(NotAllowed, match=message):
        students.save_progress("alice", secret, {"neuron": (True, False)}, {}, (review(1), review(2, **bad)))
    assert students.my_reviews("alice", secret) == ()
    students.close()


def test_presence_counts_following_and_the_time_of_the_last_step(klass):
    lead, students = klass.open(), klass.open(as_student=True)
    alice, bob = member(students, "alice"), member(students, "bob")
    students.heartbeat("alice", alice, "neuron", 1, True)
    students.heartbeat("bob", bob, "softmax", 0, False)
    assert students.counts() == lead.counts()
    assert (lead.counts().connected, lead.counts().following) == (2, 1)
    first = {m.name: m for m in lead.class_data(klass.key).members}["alice"].step_at
    students.heartbeat("alice", alice, "neuron", 1, True)  # still on that step
    again = {m.name: m for m in lead.class_data(klass.key).members}["alice"]
    assert again.step_at == first and again.seen_at >= first
    students.heartbeat("alice", alice, "neuron", 2, True)
    assert {m.name: m for m in lead.class_data(klass.key).members}["alice"].step_at > first
    students.heartbeat("bob", bob, "softmax", 0, False, leaving=True)
    assert lead.counts().connected == 1
    assert lead.counts(within=0.0).connected == 0
    lead.close()
    students.close()


def test_student_codes_work_once_minted_and_stop_when_revoked(klass):
    lead, students = klass.open(), klass.open(as_student=True)
    codes = [new_code() for _ in range(3)]
    for n, code in enumerate(codes, 1):
        lead.add_invite(klass.key, f"student-{n:02d}", code)
    with pytest.raises(NotAllowed, match="taken"):
        lead.add_invite(klass.key, "student-01", new_code())
    sloppy = codes[1].lower().replace("-", " ").replace("0", "o")
    assert students.redeem(sloppy) == "student-02"
    students.heartbeat("student-02", codes[1], "neuron", 0, True)
    with pytest.raises(NotAllowed):
        students.redeem(new_code())
    with pytest.raises(NotAllowed):  # a code is not a name to claim
        students.join("student-01", codes[0] * 3)
    assert lead.revoke(klass.key, codes[1]) == "student-02"
    assert lead.revoke(klass.key, "student-03") == "student-03"
    for code in codes[1:]:
        with pytest.raises(NotAllowed, match="revoked"):
            students.redeem(code)
    with pytest.raises(NotAllowed, match="removed"):
        students.heartbeat("student-02", codes[1], "neuron", 1, True)
    assert lead.counts().connected == 0
    with pytest.raises(NotAllowed):
        lead.revoke(klass.key, "nobody")
    assert students.redeem(codes[0]) == "student-01"
    lead.close()
    students.close()


def test_a_student_cannot_lead_change_what_others_see_or_read_others_answers(klass):
    lead, students = klass.open(), klass.open(as_student=True)
    alice, bob = member(students, "alice"), member(students, "bob")
    lead.publish(klass.key, Position("neuron", 1, None, {}, 0, "prof"))
    qid = lead.ask(klass.key, CHOICE)
    students.answer("bob", bob, qid, 1)
    before = students.state()
    near_miss = klass.key[:-1] + ("1" if klass.key.endswith("0") else "0")  # the key with its last character changed
    for credential in ("", alice, new_secret(), near_miss):
        for attempt in (lambda k: students.publish(k, Position("softmax", 9, None, {}, 0, "alice")),
                        lambda k: students.ask(k, NUMERIC), lambda k: students.reveal(k, qid),
                        lambda k: students.add_invite(k, "mallory", new_code()),
                        lambda k: students.revoke(k, "bob"), lambda k: students.class_data(k),
                        lambda k: students.verify_key(k), lambda k: students.tally(qid, k)):
            with pytest.raises(NotAllowed):
                attempt(credential)
        assert students.question(qid, credential).question.answer is None
    assert students.state() == before
    with pytest.raises(NotAllowed):  # bob's answer, asked for with alice's secret
        students.my_answer("bob", alice, qid)
    with pytest.raises(NotAllowed):  # nor answering in bob's name
        students.answer("bob", alice, qid, 0)
    assert lead.tally(qid, klass.key).counts == ((1.0, 1),)
    lead.close()
    students.close()


def test_unknown_classes_are_said_so_and_never_created(maker, tmp_path):
    if maker.backend == "sqlite":
        missing = tmp_path / "nope.db"
        with pytest.raises(ClassMissing, match="no class store"):
            open_store(str(missing))
        assert not missing.exists()
        with pytest.raises(ClassBroken):
            open_store(str(tmp_path))
    else:
        with pytest.raises(ClassMissing, match="no class database"):
            open_store(maker.server.url("no_such_db"))
        with pytest.raises(ClassMissing, match="no tui-tutor class"):
            open_store(maker.server.new_database())


def test_a_class_is_never_created_over_another(maker):
    from tui_tutor.classroom.store import create_store

    klass = maker.make()
    with pytest.raises(ClassError, match="already"):
        create_store(klass.location, new_secret())
    assert open_store(klass.location).class_id


def _raw(klass):
    """A connection that sees the tables directly (the file; the database's owner)."""
    if klass.backend == "sqlite":
        conn = sqlite3.connect(klass.location, isolation_level=None)
        return conn, "?", ""
    return psycopg.connect(klass.location, autocommit=True), "%s", f"{PG_SCHEMA}."


def test_a_version_1_store_is_migrated_with_its_data(maker):
    klass = maker.make(version=1)
    conn, mark, schema = _raw(klass)
    secret = new_secret()
    from tui_tutor.classroom.keys import digest

    conn.execute(f"INSERT INTO {schema}members VALUES ({mark}, {mark}, {mark})", ("alice", digest(secret), 1.0))
    conn.execute(f"INSERT INTO {schema}questions (item_id, kind, lesson_id, public, n_choices, answer, tolerance,"
                 f" explanation, asked_at) VALUES ('q', 'choice', 'softmax', {mark}, 3, 1, 0, 'why', 2.0)",
                 (CHOICE.public_json(),))
    conn.execute(f"INSERT INTO {schema}answers VALUES (1, 'alice', 1, {'true' if schema else 1}, 3.0)")
    conn.close()
    store = open_store(klass.location)
    conn, _, _ = _raw(klass)
    assert conn.execute(f"SELECT version FROM {schema}schema_version").fetchone()[0] == LATEST
    conn.close()
    store.join("alice", secret)  # the v1 member is still theirs
    store.heartbeat("alice", secret, "softmax", 0, True)  # presence came with version 2
    data = store.class_data(klass.key)
    assert [(m.name, m.origin) for m in data.members] == [("alice", "join")]
    assert [(a.name, a.value, a.correct) for a in data.answers] == [("alice", 1.0, True)]
    assert store.counts().connected == 1
    store.save_progress("alice", secret, {}, {}, (review(1),))  # reviews came with version 3
    assert store.my_reviews("alice", secret) == (review(1),)
    store.close()


def test_a_store_from_a_newer_tui_tutor_is_refused(klass):
    conn, mark, schema = _raw(klass)
    conn.execute(f"UPDATE {schema}schema_version SET version = {LATEST + 1}")
    conn.close()
    with pytest.raises(ClassBroken, match="newer tui-tutor"):
        open_store(klass.location)


@pytest.mark.slow
def test_with_the_students_url_and_psql_a_student_can_do_no_more_than_their_tutor(postgres, tmp_path):
    from tests.unit.class_backends import ClassMaker

    klass = ClassMaker("postgres", tmp_path, postgres).make()
    assert klass.student_location != klass.location and "tui_tutor_student_" in klass.student_location
    tutor = klass.open(as_student=True)
    secret = member(tutor, "alice")
    tutor.heartbeat("alice", secret, "neuron", 0, True)  # leaves its query text in pg_stat_activity
    with psycopg.connect(klass.student_location, autocommit=True) as psql:
        for statement in (
                f"SELECT * FROM {PG_SCHEMA}.answers", f"SELECT * FROM {PG_SCHEMA}.members",
                f"SELECT * FROM {PG_SCHEMA}.meta", f"UPDATE {PG_SCHEMA}.class_state SET step = 9",
                f"INSERT INTO {PG_SCHEMA}.answers VALUES (1, 'alice', 1, true, 0)", f"DELETE FROM {PG_SCHEMA}.members",
                f"SELECT {PG_SCHEMA}.key_ok('x')", f"SELECT {PG_SCHEMA}.require_member('alice', 'x')",
                f"CREATE TABLE {PG_SCHEMA}.mine (x int)", f"DROP FUNCTION {PG_SCHEMA}.state()",
                f"CREATE OR REPLACE FUNCTION {PG_SCHEMA}.state() RETURNS int LANGUAGE sql AS 'SELECT 1'",
                f"ALTER TABLE {PG_SCHEMA}.class_state OWNER TO CURRENT_USER"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                psql.execute(statement)
        for bad in ({"rating": 7}, {"day": "soon"}, {"card": "anything"}, {"correct": "yes"}, {"id": ""}):
            raw = {"card": "question:q", "id": "a1", "day": "2026-11-01", "rating": 3, "correct": True, "at": 1.0, **bad}
            with pytest.raises(psycopg.errors.RaiseException, match="a review needs"):
                psql.execute(f"SELECT {PG_SCHEMA}.save_progress('alice', %s, '{{}}', '{{}}', %s)",
                             (secret, Jsonb([raw])))
        assert tutor.my_reviews("alice", secret) == ()
        seen = [row[0] for row in psql.execute("SELECT query FROM pg_stat_activity WHERE query LIKE '%heartbeat%'")]
        assert seen and not any(secret in q for q in seen)  # parameters are sent apart from the query
    with pytest.raises(NotAllowed):
        tutor.publish(secret, Position("softmax", 1, None, {}, 0, "alice"))
    tutor.publish(klass.key, Position("softmax", 1, None, {}, 0, "ta"))  # the key works from any URL (a TA)
    assert tutor.state().position.leader == "ta"
    tutor.close()


def test_the_classroom_package_imports_no_ui_and_no_torch():
    from tests.unit.test_import_hygiene import UI, imported_after

    loaded = imported_after("import pkgutil, importlib, tui_tutor.classroom as c\n"
                            "for m in pkgutil.iter_modules(c.__path__, 'tui_tutor.classroom.'):\n"
                            "    importlib.import_module(m.name)")
    assert "psycopg" in loaded and "sqlite3" in loaded
    assert not loaded & {*UI, "torch"}
