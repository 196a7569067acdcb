"""ClassLink: following, live questions, refusals and reconnection, against real stores."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from tests.unit.class_backends import ClassMaker, Klass
from tui_tutor.classroom.errors import ClassBroken, ClassMissing, NotAllowed
from tui_tutor.classroom.keys import StudentSecrets, new_code, new_secret
from tui_tutor.classroom.link import ClassLink, Snapshot
from tui_tutor.classroom.reviews import ClassRecord, progress_of
from tui_tutor.classroom.store import open_store
from tui_tutor.content import load_lessons
from tui_tutor.progress import Progress
from tui_tutor.review_items import question_items
from tui_tutor.schedule import schedule

WAIT = 20.0
"""Generous: the machine is shared."""


@pytest.fixture
def links(tmp_path):
    """Make links (an instructor with `key`, else a student); all are closed after the test."""
    made: list[ClassLink] = []

    def make(location: str, name: str = "", key: str | None = None, start: bool = True, **kwargs) -> ClassLink:
        link = ClassLink(location, name=name, key=key, secrets=StudentSecrets(tmp_path / "secrets" / (name or "x")),
                         **kwargs)
        made.append(link)
        if start:
            link.connect()
            link.start()
        return link

    yield make
    for link in made:
        link.close()


def until(link: ClassLink, condition, what: str) -> Snapshot:
    snapshot = link.wait_for(condition, WAIT)
    assert snapshot is not None, f"{what}; the link's snapshot: {link.snapshot}"
    return snapshot


def a_choice_question():
    softmax = next(lesson for lesson in load_lessons() if lesson.id == "softmax")
    return next(item for item in question_items(softmax, seed=3) if item.kind == "choice")


def test_students_follow_every_step_of_the_instructor(klass, links):
    changes: list[Snapshot] = []
    lead = links(klass.location, "prof", klass.key)
    students = [links(klass.student_location, n, on_change=changes.append if n == "alice" else None)
                for n in ("alice", "bob")]
    for step in range(5):
        lead.publish("gradient-descent", step, "diverges", {"lr": 1.1, "w0": (2.0,)}, iteration=step * 3)
        for s in students:
            until(s, lambda snap, step=step: snap.position is not None and snap.position.step == step,
                  f"step {step} followed")
    p = students[1].snapshot.position
    assert (p.lesson_id, p.scenario, dict(p.params), p.iteration, p.leader) == (
        "gradient-descent", "diverges", {"lr": 1.1, "w0": (2.0,)}, 12, "prof")
    assert [c.position.step for c in changes if c.position][-1] == 4
    assert all(s.snapshot.connected and s.snapshot.status == "" for s in (lead, *students))


def test_a_question_asked_live_is_counted_then_revealed_on_every_screen(klass, links):
    item = a_choice_question()
    lead = links(klass.location, "prof", klass.key)
    alice, bob = (links(klass.student_location, n) for n in ("alice", "bob"))
    for s in (alice, bob):
        s.where("softmax", 2, True)
    lead.ask(item, "softmax")
    for s in (alice, bob):
        snap = until(s, lambda snap: snap.question is not None, "the question reached the student")
        assert snap.question.question.prompt == item.prompt and snap.question.question.answer is None
    qid = alice.snapshot.question.id
    right, wrong = int(item.answer), (int(item.answer) + 1) % len(item.choices)
    alice.answer(qid, right)
    bob.answer(qid, wrong)
    snap = until(lead, lambda snap: snap.tally is not None and snap.tally.answered == 2, "the projector counted both")
    assert dict(snap.tally.counts) == {float(right): 1, float(wrong): 1}
    until(lead, lambda snap: snap.counts is not None and snap.counts.connected == 2, "both students counted")
    assert lead.snapshot.counts.following == 2
    lead.reveal()
    for s, correct in ((alice, True), (bob, False)):
        snap = until(s, lambda snap: snap.my_answer is not None and snap.my_answer.correct is not None, "revealed")
        assert snap.my_answer.correct is correct
        assert snap.question.question.review_item().explanation == item.explanation
        assert snap.tally.answered == 2


def test_refused_requests_come_back_as_notices_and_change_nothing(klass, links):
    lead = links(klass.location, "prof", klass.key)
    mallory = links(klass.student_location, "mallory")
    lead.publish("neuron", 1)
    until(mallory, lambda s: s.position is not None, "mallory sees the instructor")
    mallory.publish("softmax", 7)
    mallory.ask(a_choice_question(), "softmax")
    mallory.reveal(1)
    mallory.watch_class(0.1)
    snap = until(mallory, lambda s: s.notices >= 3, "three refusals")
    assert "instructors" in snap.notice
    assert mallory.snapshot.class_data is None and mallory.snapshot.status == ""
    store = open_store(klass.location)
    assert store.state().position.lesson_id == "neuron" and store.state().question_id is None
    store.close()


def test_a_students_own_progress_is_summarised_for_the_instructor(klass, links):
    alice = links(klass.student_location, "alice")
    lead = links(klass.location, "prof", klass.key)
    progress = (Progress().visit("neuron", 3).complete("neuron").visit("softmax", 1)
                .record_question("neuron-output", True).record_question("neuron-output", False)
                .record_exercise("neuron-output", False, 0.5))
    alice.report_progress(progress)
    lead.watch_class(0.2)
    snap = until(lead, lambda s: s.class_data is not None and len(s.class_data.items) == 2, "progress arrived")
    assert set(snap.class_data.lessons) == {("alice", "neuron", True, True), ("alice", "softmax", True, False)}
    assert set(snap.class_data.items) == {("alice", "neuron-output", 1, 1), ("alice", "exercise:neuron-output", 0, 1)}


def test_a_students_review_schedule_comes_back_to_a_tutor_without_it(klass, links, tmp_path):
    progress = Progress()
    for n, (item, right, day) in enumerate([("neuron-output", True, "2026-11-02"), ("softmax-sum", False, "2026-11-02"),
                                            ("neuron-output", True, "2026-11-05"), ("softmax-sum", True, "2026-11-03")]):
        progress = progress.record_question(item, right, now=1_800_000_000.0 + n, rating=3 if right else 1, day=day)
    progress = progress.record_exercise("neuron-output", False, 0.5, now=1_800_000_009.0, rating=1, day="2026-11-04")
    progress = progress.visit("neuron").complete("neuron").visit("softmax")
    alice = links(klass.student_location, "alice")
    assert alice.snapshot.restored == ClassRecord()  # nothing kept yet
    alice.report_progress(progress)
    store = open_store(klass.location)
    deadline = time.monotonic() + WAIT
    while len(store.class_reviews(klass.key)) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    kept = store.class_reviews(klass.key)
    store.close()
    assert [(name, r.card, r.day, r.rating, r.correct) for name, r in kept] == [
        ("alice", "question:neuron-output", "2026-11-02", 3, True), ("alice", "question:softmax-sum", "2026-11-02", 1, False),
        ("alice", "question:neuron-output", "2026-11-05", 3, True), ("alice", "question:softmax-sum", "2026-11-03", 3, True),
        ("alice", "exercise:neuron-output", "2026-11-04", 1, False)]
    # the same student (the same secret) with no progress file: a lost one, or a browser tab elsewhere
    fresh = ClassLink(klass.student_location, name="alice", secrets=StudentSecrets(tmp_path / "secrets" / "alice"))
    fresh.connect()
    restored = progress_of(fresh.snapshot.restored)
    fresh.close()
    assert schedule(restored) == schedule(progress)
    assert {k: (v.visited, v.completed) for k, v in restored.lessons.items()} == {
        "neuron": (True, True), "softmax": (True, False)}
    assert {(a.id, a.day, a.rating) for a in restored.questions["softmax-sum"]} == {
        (a.id, a.day, a.rating) for a in progress.questions["softmax-sum"]}


def test_only_what_the_class_has_not_seen_is_sent_again():
    before = Progress().visit("neuron").record_question("neuron-output", True, now=1.0)
    after = before.complete("neuron").record_question("softmax-sum", False, now=2.0)
    lessons, items, reviews = ClassRecord.of(after).news(ClassRecord.of(before))
    assert lessons == {"neuron": (True, True)}
    assert items == {"softmax-sum": (0, 1)}
    assert [r.card for r in reviews] == ["question:softmax-sum"]
    assert not any(ClassRecord.of(after).news(ClassRecord.of(after)))


def test_a_browser_student_signs_in_with_a_code(klass, links):
    code = new_code()
    store = open_store(klass.location)
    store.add_invite(klass.key, "student-07", code)
    store.close()
    tab = links(klass.student_location)
    assert tab.snapshot.status == "waiting for your student code" and not tab.snapshot.connected
    tab.sign_in("WRONG-CODE-1234")
    snap = until(tab, lambda s: s.notices == 1, "a wrong code is refused")
    assert "not accepted" in snap.notice and snap.status == "waiting for your student code" and not snap.ended
    tab.sign_in(code.lower())
    snap = until(tab, lambda s: s.connected, "the right code is accepted")
    assert snap.name == "student-07"


def test_who_this_tutor_is_can_be_refused_at_the_start(klass, links, tmp_path):
    with pytest.raises(NotAllowed):
        links(klass.location, "prof", new_secret())
    links(klass.student_location, "alice")
    impostor = ClassLink(klass.student_location, name="alice", secrets=StudentSecrets(tmp_path / "other"))
    with pytest.raises(NotAllowed, match="taken"):
        impostor.connect()


def test_a_missing_or_broken_store_is_refused_at_the_start(tmp_path, links):
    with pytest.raises(ClassMissing):
        links(str(tmp_path / "nope.db"), "alice")
    assert not (tmp_path / "nope.db").exists()
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a class\n" * 100)
    with pytest.raises(ClassBroken):
        links(str(bad), "alice")


def test_the_ui_is_never_kept_waiting(sqlite_class, links):
    """Even with the store locked by another program, every request returns at once."""
    klass = sqlite_class
    lead, alice = links(klass.location, "prof", klass.key), links(klass.location, "alice")
    lead.ask(a_choice_question(), "softmax")
    qid = until(alice, lambda s: s.question is not None, "asked").question.id
    blocker = sqlite3.connect(klass.location, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        started = time.perf_counter()
        alice.answer(qid, 1)
        lead.publish("softmax", 4)
        alice.where("softmax", 4, True)
        assert time.perf_counter() - started < 0.05
        snap = until(alice, lambda s: "locked" in s.status, "the lock is reported")
        assert snap.status.startswith("class connection lost: ") and not snap.connected
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    until(alice, lambda s: s.connected and s.my_answer is not None, "the answer landed after the lock")
    until(alice, lambda s: s.position is not None and s.position.step == 4, "the publish landed too")


def test_a_store_deleted_mid_class_is_reported_and_a_new_one_joined(sqlite_class, links):
    klass = sqlite_class
    lead, alice = links(klass.location, "prof", klass.key), links(klass.location, "alice")
    lead.publish("neuron", 2)
    until(alice, lambda s: s.position is not None, "following")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(klass.location + suffix):
            os.remove(klass.location + suffix)
    snap = until(alice, lambda s: "deleted" in s.status or "no class store" in s.status, "the loss is reported")
    assert snap.status.startswith("class connection lost: ") and not snap.ended
    assert not os.path.exists(klass.location)  # looking for it again never creates an empty one
    from tui_tutor.classroom.store import create_store

    new_key = new_secret()
    create_store(klass.location, new_key)  # the instructor makes the class again
    until(alice, lambda s: s.connected, "the student joins the new class by itself")
    snap = until(lead, lambda s: s.ended, "the old key does not lead the new class")
    assert "instructor" in snap.status


def test_a_store_overwritten_with_garbage_is_reported_not_raised(sqlite_class, links):
    klass = sqlite_class
    alice = links(klass.location, "alice")
    until(alice, lambda s: s.connected, "joined")
    with open(klass.location, "r+b") as f:
        f.write(os.urandom(8192))
    snap = until(alice, lambda s: not s.connected, "the damage is reported")
    assert snap.status.startswith("class connection lost: ")


def test_a_student_who_quits_stops_counting_at_once(klass, links):
    lead = links(klass.location, "prof", klass.key)
    alice = links(klass.student_location, "alice")
    alice.where("neuron", 0, True)
    until(lead, lambda s: s.counts is not None and s.counts.connected == 1, "alice counted")
    alice.close()
    until(lead, lambda s: s.counts is not None and s.counts.connected == 0, "alice left")


@pytest.mark.slow
def test_the_database_server_stopped_and_restarted(postgres, tmp_path, links):
    klass: Klass = ClassMaker("postgres", tmp_path, postgres).make()
    lead = links(klass.location, "prof", klass.key)
    alice = links(klass.student_location, "alice")
    lead.publish("neuron", 1)
    until(alice, lambda s: s.position is not None and s.position.step == 1, "following")
    postgres.stop()
    try:
        for link in (alice, lead):
            snap = until(link, lambda s: not s.connected, "the loss is reported")
            assert snap.status.startswith("class connection lost: ") and not snap.ended
        lead.publish("neuron", 2)  # kept until the server is back
    finally:
        postgres.start()
    until(alice, lambda s: s.connected and s.position is not None and s.position.step == 2,
          "back in the class with the step published while the server was down")
    lead.publish("neuron", 3)
    until(alice, lambda s: s.position.step == 3, "following again")
