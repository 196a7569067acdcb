"""Thirty days of reviews, run as `tui-tutor review --due --today DAY`, against the fsrs package's
own Scheduler fed the same answers; a file torn mid-session and two terminals at once lose nothing."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fsrs import Card, Rating, Scheduler

from tests.helpers import settle, text_of
from tests.review_driver import answer_current, answer_part, card, review_app, wrong_on
from tui_tutor.progress import Progress, ProgressStore
from tui_tutor.schedule import review_logs, schedule
from tui_tutor.screens.review import ReviewScreen

DAY0 = date(2026, 3, 2)
VISITED = ("neuron", "softmax")
CAP = 3


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def lecture_order(lessons) -> list[str]:
    """The cards of the visited lessons as the lesson files list them: questions, then exercises."""
    keys = []
    for lesson in lessons:
        if lesson.id in VISITED:
            keys += [f"question:{q.id}" for q in lesson.questions]
            keys += [f"exercise:{name}" for name in lesson.exercises]
    return keys


def start_store(directory) -> ProgressStore:
    store = ProgressStore(directory)
    p = Progress()
    for lesson_id in VISITED:
        p = p.visit(lesson_id, 0, now=datetime(2026, 3, 1, 12).timestamp())
    store.save(p)
    return store


def due_argv(day: date, *more: str) -> list[str]:
    return ["review", "--due", "--today", day.isoformat(), "--new-per-day", str(CAP), *more]


async def test_thirty_days_of_due_lists_are_what_fsrs_schedules(course, tmp_path):
    order = lecture_order(course.lessons)
    fsrs = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    cards: dict[str, Card] = {}
    gaps = {True: [], False: []}
    sooner = []  # each wrong answer: (its gap, the gap a right answer would have got)
    start_store(tmp_path)
    for n in range(30):
        day = DAY0 + timedelta(days=n)
        app = review_app(course, due_argv(day, "--limit", "all"), ProgressStore(tmp_path))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
            assert isinstance(app.screen, ReviewScreen)
            asked = [item.key for item in app.screen.part]
            due = sorted((k for k, c in cards.items() if c.due.date() <= day),
                         key=lambda k: (cards[k].due, order.index(k)))
            new = [k for k in order if k not in cards][:CAP]
            assert [k for k in asked if k in cards] == due, f"day {n}: the due list"
            assert [k for k in asked if k not in cards] == new, f"day {n}: the new cards"
            for key, right in await answer_part(pilot, app, lambda key, n=n: not wrong_on(key, n), typed=False):
                card_ = cards.get(key) or Card(card_id=order.index(key) + 1, due=at(day))
                cards[key], _ = fsrs.review_card(card_, Rating.Good if right else Rating.Again, at(day))
                gaps[right].append((cards[key].due.date() - day).days)
                if not right:
                    had_it_right, _ = fsrs.review_card(card_, Rating.Good, at(day))
                    sooner.append((gaps[False][-1], (had_it_right.due.date() - day).days))
            summary = text_of(app.screen.query_one("#review-summary"))
            assert "Next review:" in summary or not cards
            await app.workers.wait_for_complete()
    assert len(cards) == len(order), "every card of the visited lessons was introduced, 3 a day"
    assert sooner and all(wrong < right for wrong, right in sooner), "a wrong answer comes back sooner"
    assert max(gaps[False]) <= 2 < sum(gaps[True]) / len(gaps[True]), "wrong: in a day or two; right: later"
    on_disk = schedule(ProgressStore(tmp_path).load())
    assert {k: s.due for k, s in on_disk.items()} == {k: c.due.date() for k, c in cards.items()}


async def test_a_file_torn_mid_session_keeps_every_review(course, tmp_path):
    start_store(tmp_path)
    app = review_app(course, due_argv(DAY0, "--limit", "all"), ProgressStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        keys = []
        for n in range(len(app.screen.part)):
            keys.append(card(app).item.key)
            await answer_current(pilot, app, right=n != 1)
            await app.workers.wait_for_complete()
            if n == 1:
                path = tmp_path / "progress.json"
                path.write_bytes(path.read_bytes()[:50])  # torn by a crash elsewhere
            await pilot.press("enter")
            await settle(pilot, app)
        await app.workers.wait_for_complete()
        assert review_logs(ProgressStore(tmp_path).load()) == review_logs(app.progress)
    assert set(review_logs(ProgressStore(tmp_path).load())) == set(keys)
    assert list(tmp_path.glob("progress.json.corrupt-*"))


SECOND_TERMINAL = textwrap.dedent("""
    import asyncio, sys
    from tests.helpers import settle
    from tests.review_driver import answer_part, review_app, wrong_on
    from tui_tutor.content import load_course
    from tui_tutor.progress import ProgressStore

    async def main():
        app = review_app(load_course(), sys.argv[2:], ProgressStore(sys.argv[1]))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
            open(sys.argv[1] + "/b-ready", "w").close()  # its plan is made: now both answer
            await answer_part(pilot, app, lambda key: not wrong_on(key, 7))
            await app.workers.wait_for_complete()

    asyncio.run(main())
""")


async def test_two_terminals_reviewing_at_once_lose_nothing(course, tmp_path):
    """Terminal B (a process) reviews today's cards while terminal A does: the file ends with
    both logs, and the schedule is FSRS over both, each card reviewed twice that day."""
    start_store(tmp_path)
    argv = due_argv(DAY0, "--limit", "all")
    app = review_app(course, argv, ProgressStore(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        other = subprocess.Popen([sys.executable, "-c", SECOND_TERMINAL, str(tmp_path), *argv],
                                 cwd=Path(__file__).parents[2])
        deadline = time.monotonic() + 120
        while not (tmp_path / "b-ready").exists():
            assert other.poll() is None and time.monotonic() < deadline, "the second terminal did not start"
            await asyncio.sleep(0.05)
        mine = await answer_part(pilot, app, lambda key: not wrong_on(key, 3))
        await app.workers.wait_for_complete()
    assert other.wait(timeout=120) == 0
    logs = review_logs(ProgressStore(tmp_path).load())
    assert set(logs) == {k for k, _ in mine} and all(len(reviews) == 2 for reviews in logs.values())
    fsrs = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    for key, reviews in logs.items():
        card_ = Card(card_id=1, due=at(DAY0))
        for r in reviews:  # in the order they were given, whichever terminal gave them
            card_, _ = fsrs.review_card(card_, Rating(r.rating), at(r.day))
        assert schedule(ProgressStore(tmp_path).load())[key].due == card_.due.date()
        assert sorted(r.correct for r in reviews) == sorted([not wrong_on(key, 3), not wrong_on(key, 7)])
