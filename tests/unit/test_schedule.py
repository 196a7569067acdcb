"""The review schedule against the fsrs package's own Scheduler, fed the same history independently."""

from __future__ import annotations

import json
import math
from datetime import UTC, date, datetime, timedelta

import pytest
from fsrs import Card, Rating, Scheduler
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.answers import AGAIN, GOOD, HARD, Verdict, allowed_error, rating
from tui_tutor.progress import Progress, ProgressStore, merge, parse
from tui_tutor.review_plan import cards_of, item_for, plan, spread
from tui_tutor.review_settings import ReviewSettings
from tui_tutor.schedule import review_logs, schedule

DAY0 = date(2026, 3, 2)


def oracle() -> Scheduler:
    """FSRS as the tutor documents it: whole days, no learning steps, no fuzz."""
    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def oracle_due(history: list[tuple[date, int]]) -> date:
    """The due day FSRS gives a card reviewed as in `history` (day, rating)."""
    s, card = oracle(), Card(card_id=7, due=at(history[0][0]))
    for day, r in history:
        card, _ = s.review_card(card, Rating(r), review_datetime=at(day))
    return card.due.date()


def noon(day: date) -> float:
    return datetime(day.year, day.month, day.day, 12).timestamp()


# ----------------------------------------------------------------------------- ratings


def test_ratings_are_fsrs_ratings():
    assert (Rating.Again, Rating.Hard, Rating.Good) == (AGAIN, HARD, GOOD)


@pytest.mark.parametrize(("verdict", "kwargs", "expected"), [
    (Verdict(True, 2.0, ""), {}, GOOD),
    (Verdict(True, 2.0, ""), {"hinted": True}, HARD),
    (Verdict(False, 3.0, ""), {}, AGAIN),
    (Verdict(False, 3.0, ""), {"hinted": True}, AGAIN),
    (Verdict(False, 0.25 + 2 * 0.01, ""), {"expected": 0.25, "tolerance": 0.01}, HARD),  # a near miss
    (Verdict(False, 0.25 + 2 * 0.01, ""), {"expected": 0.25, "tolerance": 0.01, "hinted": True}, AGAIN),
    (Verdict(False, 0.25 + 4 * 0.01, ""), {"expected": 0.25, "tolerance": 0.01}, AGAIN),  # far off
    (Verdict(True, 0.26, ""), {"expected": 0.25, "tolerance": 0.01}, GOOD),
])
def test_rating_from_right_wrong_closeness_and_hint(verdict, kwargs, expected):
    assert rating(verdict, **kwargs) == expected


def test_near_miss_is_measured_in_accepted_errors():
    limit = 3 * allowed_error(100.0, 0.0)
    assert rating(Verdict(False, 100 + 0.9 * limit, ""), expected=100.0) == HARD
    assert rating(Verdict(False, 100 + 1.1 * limit, ""), expected=100.0) == AGAIN


# ----------------------------------------------------------------------------- replay


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from([1, 2, 3])), min_size=1, max_size=12))
def test_replay_matches_fsrs_fed_the_same_history(steps):
    """Any sequence of reviews (gaps of 0 to 3 days, any rating): the tutor's due day is FSRS's."""
    day, history, p = DAY0, [], Progress()
    for n, (gap, r) in enumerate(steps):
        day += timedelta(days=gap)
        history.append((day, r))
        p = p.record_question("q", r != AGAIN, now=noon(day) + n, rating=r, day=day.isoformat())
    assert schedule(p)["question:q"].due == oracle_due(history)


def test_a_wrong_answer_comes_back_sooner_than_a_right_one():
    p = Progress()
    for q in ("right", "wrong", "hinted"):
        r = {"right": GOOD, "wrong": AGAIN, "hinted": HARD}[q]
        p = p.record_question(q, q != "wrong", now=noon(DAY0), rating=r, day=DAY0.isoformat())
    due = {k.split(":")[1]: s.due for k, s in schedule(p).items()}
    assert due["wrong"] == DAY0 + timedelta(days=1)
    assert due["wrong"] <= due["hinted"] <= due["right"] and due["wrong"] < due["right"]
    # and after a lapse a learned card comes back sooner than it would have
    learned = p.record_question("right", True, now=noon(due["right"]), rating=GOOD, day=due["right"].isoformat())
    lapsed = p.record_question("right", False, now=noon(due["right"]), rating=AGAIN, day=due["right"].isoformat())
    assert schedule(lapsed)["question:right"].due < schedule(learned)["question:right"].due


def test_reviews_are_replayed_by_day_then_time_whatever_order_they_were_saved_in():
    days = [DAY0 + timedelta(days=n) for n in (0, 1, 3)]
    p = Progress()
    for d, r in zip(reversed(days), (GOOD, AGAIN, GOOD)):  # recorded late ones first (another terminal)
        p = p.record_question("q", r != AGAIN, now=noon(DAY0) + len(p.questions.get("q", ())), rating=r,
                              day=d.isoformat())
    assert [r.day for r in review_logs(p)["question:q"]] == days
    assert schedule(p)["question:q"].due == oracle_due(list(zip(days, (GOOD, AGAIN, GOOD))))


def test_version_1_answers_count_as_good_or_again_on_their_local_day():
    old = Progress().record_question("q", True, now=noon(DAY0)).record_question("q", False, now=noon(DAY0 + timedelta(2)))
    assert schedule(old)["question:q"].due == oracle_due([(DAY0, GOOD), (DAY0 + timedelta(2), AGAIN)])


def test_two_terminals_schedules_merge_to_the_replay_of_both_logs():
    """Each terminal saw some reviews; the merged schedule is FSRS over the union, in order."""
    a = b = Progress()
    history = []
    for n, r in enumerate([GOOD, AGAIN, GOOD, GOOD, HARD, GOOD]):
        d = DAY0 + timedelta(days=2 * n)
        history.append((d, r))
        if n % 2:
            a = a.record_question("q", r != AGAIN, now=noon(d), rating=r, day=d.isoformat())
        else:
            b = b.record_question("q", r != AGAIN, now=noon(d), rating=r, day=d.isoformat())
    for merged in (merge(a, b), merge(b, a)):
        assert schedule(merged)["question:q"].due == oracle_due(history)


# ----------------------------------------------------------------------------- the day's plan


def visited(lessons, *ids: str) -> Progress:
    p = Progress()
    for lesson_id in ids:
        p = p.visit(lesson_id, 0, now=noon(DAY0))
    return p


def test_new_cards_come_from_visited_lessons_in_lecture_order_at_the_daily_cap(lessons):
    p = visited(lessons, "softmax", "neuron")
    cards = [c for c in cards_of(lessons) if c.lesson.id in ("neuron", "softmax")]
    first = plan(lessons, p, DAY0, new_per_day=3)
    assert [c.key for c in first.new] == [c.key for c in cards[:3]] and first.due == ()
    for c in first.new[:2]:  # two of them answered today: one more may come today
        p = p.record_question(c.item_id, True, now=noon(DAY0), rating=GOOD, day=DAY0.isoformat())
    assert [c.key for c in plan(lessons, p, DAY0, new_per_day=3).new] == [cards[2].key]
    assert [c.key for c in plan(lessons, p, DAY0 + timedelta(1), new_per_day=3).new] == [c.key for c in cards[2:5]]
    assert "exercise:neuron-output" in {c.key for c in cards}, "the exercise is a card too"


def test_due_cards_come_most_overdue_first_then_in_lecture_order(lessons):
    p = visited(lessons, "neuron")
    q = [c for c in cards_of(lessons) if c.lesson.id == "neuron" and not c.is_exercise]
    assert len(q) == 3
    for card, first_day in zip(q, (DAY0 + timedelta(2), DAY0, DAY0)):
        p = p.record_question(card.item_id, False, now=noon(first_day), rating=AGAIN, day=first_day.isoformat())
    today = plan(lessons, p, DAY0 + timedelta(10), new_per_day=0)
    assert [c.key for c in today.due] == [q[1].key, q[2].key, q[0].key]
    assert [c.key for c in today.queue] == [c.key for c in today.due]


def test_new_cards_are_spread_evenly_among_the_reviews():
    assert spread(list("abcdef"), list("XY")) == list("abXcdYef")
    assert spread([], list("XY")) == list("XY") and spread(list("ab"), []) == list("ab")


def test_exam_mode_sees_every_started_card_again_before_the_exam(lessons):
    """Daily sessions of everything planned, every answer right: by the day before the exam,
    each card started before exam mode began has been answered again since, though FSRS alone
    would have shown some of them only after the exam."""
    p = visited(lessons, "neuron", "softmax", "loss-functions")
    for card in cards_of(lessons)[:30]:
        if p.lesson(card.lesson.id).visited and not card.is_exercise:
            for d in (DAY0, DAY0 + timedelta(3)):  # learned well: next due far away
                p = p.record_question(card.item_id, True, now=noon(d), rating=GOOD, day=d.isoformat())
    start, exam = DAY0 + timedelta(5), DAY0 + timedelta(10)
    started = set(schedule(p))
    assert any(s.due >= exam for s in schedule(p).values()), "some cards would come only after the exam"
    settings_ = ReviewSettings(today=start, exam=exam)
    p = settings_.remember(p)
    for n in range((exam - start).days):
        day = start + timedelta(n)
        today = plan(lessons, p, day, **ReviewSettings(today=day).plan_options(p))
        assert today.exam == exam
        for card in today.queue:
            if card.is_exercise:
                p = p.record_exercise(card.item_id, True, 1.0, now=noon(day), rating=GOOD, day=day.isoformat())
            else:
                p = p.record_question(card.item_id, True, now=noon(day), rating=GOOD, day=day.isoformat())
    seen_again = {k for k, s in schedule(p).items() if start <= s.last_day < exam}
    assert started <= seen_again
    assert plan(lessons, p, exam - timedelta(1), **ReviewSettings(today=exam - timedelta(1)).plan_options(p)).exam_left == 0


def test_exam_pulls_are_spread_over_the_days_left(lessons):
    p = visited(lessons, "neuron", "softmax")
    keys = [c for c in cards_of(lessons) if p.lesson(c.lesson.id).visited and not c.is_exercise]
    for card in keys:
        p = p.record_question(card.item_id, True, now=noon(DAY0), rating=GOOD, day=DAY0.isoformat())
        p = p.record_question(card.item_id, True, now=noon(DAY0) + 1, rating=GOOD, day=(DAY0 + timedelta(2)).isoformat())
    day, exam = DAY0 + timedelta(3), DAY0 + timedelta(7)
    assert all(s.due >= exam for s in schedule(p).values())
    today = plan(lessons, p, day, new_per_day=0, exam=exam, exam_since=day)
    assert len(today.extra) == math.ceil(len(keys) / 4) and today.due == ()


# ----------------------------------------------------------------------------- fresh numbers


def test_an_exercise_coming_back_never_repeats_the_numbers_it_asked_last(lessons):
    bce = next(each for each in lessons if each.id == "binary-cross-entropy")  # few distinct exercises
    card = next(c for c in cards_of(lessons) if c.lesson is bce and c.is_exercise)
    p = Progress()
    last = None
    for seed in range(40):
        item = item_for(card, seed, p)
        assert item.id == card.item_id and item.asked != last
        p = p.record_exercise(item.id, True, item.answer, now=1000.0 + seed, asked=item.asked)
        last = item.asked


# ----------------------------------------------------------------------------- the store


def test_a_progress_file_corrupted_mid_way_loses_no_review(tmp_path, lessons):
    """Answers saved, the file torn, more answers saved: the new file holds the whole log."""
    store = ProgressStore(tmp_path)
    memory = visited(lessons, "neuron")
    for n, card in enumerate(cards_of(lessons)[:3]):
        memory = memory.record_question(card.item_id, n != 1, now=noon(DAY0) + n, rating=GOOD if n != 1 else AGAIN,
                                        day=DAY0.isoformat())
        memory = store.save(memory)
        if n == 1:
            (tmp_path / "progress.json").write_bytes((tmp_path / "progress.json").read_bytes()[:40])
    on_disk = store.load()
    assert review_logs(on_disk) == review_logs(memory) and len(review_logs(on_disk)) == 3
    assert {k: s.due for k, s in schedule(on_disk).items()} == {k: s.due for k, s in schedule(memory).items()}


def test_a_version_1_file_upgrades_without_loss(tmp_path):
    """A progress file written by the tutor before the schedule (schema 1) loads whole, counts as
    review history, and is written back as schema 2 with everything it held."""
    v1 = {
        "version": 1, "cleared_at": None,
        "position": {"lesson": "softmax", "step": 2, "at": noon(DAY0)},
        "lessons": {"neuron": {"visited": True, "completed": True, "step": 4, "last_visited": noon(DAY0)},
                    "softmax": {"visited": True, "completed": False, "step": 2, "last_visited": noon(DAY0)}},
        "questions": {"neuron-output": [{"id": "a1", "correct": False, "at": noon(DAY0)},
                                        {"id": "a2", "correct": True, "at": noon(DAY0 + timedelta(1))}]},
        "exercises": {"softmax-probability": [{"id": "a3", "correct": True, "at": noon(DAY0), "value": 0.42}]},
    }
    (tmp_path / "progress.json").write_text(json.dumps(v1, indent=1))
    store = ProgressStore(tmp_path)
    p = store.load()
    assert store.notice is None
    assert p.position.lesson_id == "softmax" and p.lesson("neuron").completed and p.lesson("softmax").step == 2
    assert [(a.id, a.correct, a.value) for a in p.exercises["softmax-probability"]] == [("a3", True, 0.42)]
    assert schedule(p)["question:neuron-output"].due == oracle_due([(DAY0, AGAIN), (DAY0 + timedelta(1), GOOD)])
    store.save(p.record_question("neuron-output", True, now=noon(DAY0 + timedelta(2)), rating=GOOD,
                                 day=(DAY0 + timedelta(2)).isoformat()))
    data = json.loads((tmp_path / "progress.json").read_text())
    assert data["version"] == 2
    assert [a["id"] for a in data["questions"]["neuron-output"]][:2] == ["a1", "a2"]
    assert {k: {f: v[f] for f in ("visited", "completed", "step", "last_visited")} for k, v in data["lessons"].items()} \
        == v1["lessons"]
    assert data["exercises"] == v1["exercises"] and data["position"] == v1["position"]
    again = parse((tmp_path / "progress.json").read_bytes())
    assert len(again.questions["neuron-output"]) == 3


def test_card_keys_of_questions_and_exercises_never_collide(lessons):
    keys = [c.key for c in cards_of(lessons)]
    assert len(keys) == len(set(keys)) == sum(len(each.questions) + len(each.exercises) for each in lessons)
