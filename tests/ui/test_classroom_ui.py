"""A class in one room: an instructor's tutor and a student's, side by side on one real SQLite class
store. The student follows the instructor's lesson, step and values, browses alone with `f` and
rejoins; a question asked live reaches the student, the projector counts the answer, the reveal
judges it and the student's own progress keeps it."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.helpers import screen_text, settle
from tui_tutor.classroom.joining import join_class
from tui_tutor.classroom.keys import new_secret
from tui_tutor.classroom.store import create_store
from tui_tutor.progress import ProgressStore
from tui_tutor.screens.asked import AskedScreen
from tui_tutor.screens.lesson import LessonScreen
from tui_tutor.screens.live_question import LiveQuestionScreen


@pytest.fixture
def classroom(tmp_path, monkeypatch):
    """A new class store and the instructor's key."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # students' secrets stay in the test
    location, key = str(tmp_path / "class.db"), new_secret()
    create_store(location, key)
    return location, key


async def until(pilot, condition, timeout: float = 10.0) -> None:
    """Let both tutors run until `condition()` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)
        await pilot.pause()


async def test_a_student_follows_browses_alone_and_rejoins(make_app, classroom, tmp_path):
    location, key = classroom
    lead = make_app(start="neuron", classroom=join_class(location, None, key, "key"))
    student = make_app(classroom=join_class(location, "alice", None, None), store=ProgressStore(tmp_path / "alice"))
    async with lead.run_test(size=(120, 32)) as pi, student.run_test(size=(80, 24)) as ps:
        await settle(pi, lead)

        def student_at() -> tuple[str, int] | None:
            screen = student.screen
            return (screen.lesson.id, screen.section) if isinstance(screen, LessonScreen) else None

        await until(ps, lambda: student_at() == ("neuron", 0))
        assert "following the instructor ·" in screen_text(student)
        await until(pi, lambda: "1 connected · 1 following" in screen_text(lead))
        await pi.press("pagedown")
        await until(ps, lambda: student_at() == ("neuron", 1))
        lead.screen.panel.apply_values({"b": 2.0})
        await until(ps, lambda: student.screen.values.get("b") == 2.0)
        await ps.press("f")
        await until(ps, lambda: "browsing alone" in screen_text(student))
        await pi.press("pagedown", "pagedown")
        await until(ps, lambda: "the instructor is 2 steps ahead" in screen_text(student))
        assert student_at() == ("neuron", 1), "browsing alone, the student stays"
        await ps.press("f")
        await until(ps, lambda: student_at() == ("neuron", 3))
        assert "following the instructor" in screen_text(student)
    assert lead.errors == student.errors == []


async def test_a_question_asked_live_is_answered_counted_revealed_and_kept(make_app, classroom, tmp_path):
    location, key = classroom
    lead = make_app(start="neuron", classroom=join_class(location, None, key, "key"))
    store = ProgressStore(tmp_path / "alice")
    student = make_app(classroom=join_class(location, "alice", None, None), store=store)
    async with lead.run_test(size=(120, 32)) as pi, student.run_test(size=(80, 24)) as ps:
        await settle(pi, lead)
        await until(ps, lambda: isinstance(student.screen, LessonScreen))
        await pi.press("f6")
        await until(pi, lambda: isinstance(lead.screen, AskedScreen))
        asked = lead.screen.item
        await until(ps, lambda: isinstance(student.screen, LiveQuestionScreen))
        assert asked.prompt in screen_text(student)
        answer = f"{asked.answer:g}"  # the right answer (a numeric question comes first)
        student.screen.query_one("#card-answer").value = answer
        await ps.press("enter")
        await until(pi, lambda: "1 of 1 connected students answered" in screen_text(lead))
        await pi.press("f7")
        await until(ps, lambda: "✓" in screen_text(student))
        assert asked.explanation.splitlines()[0] in screen_text(student)
        await until(ps, lambda: [a.correct for a in store.load().questions.get(asked.id, [])] == [True])
    assert lead.errors == student.errors == []


async def test_a_browser_tab_signs_in_with_a_student_code_and_keeps_that_students_progress(make_app, classroom, tmp_path):
    """What `serve --class` runs in each tab: a wrong code is refused where it was typed; the right
    one makes the tab that student, whose progress is kept in a folder of their own."""
    from tui_tutor.classroom.keys import new_code
    from tui_tutor.classroom.store import open_store
    from tui_tutor.progress import default_directory
    from tui_tutor.screens.sign_in import SignInScreen

    location, key = classroom
    store = open_store(location)
    code = new_code()
    store.add_invite(key, "student-01", code)
    store.close()
    tab = make_app(start="softmax", classroom=join_class(location, None, None, None, by_code=True), keep_progress=True)
    async with tab.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(tab.screen, SignInScreen))
        tab.screen.query_one("#sign-in-code").value = "ABCD-EFGH"
        await pilot.press("enter")
        await until(pilot, lambda: "✗" in screen_text(tab))
        assert isinstance(tab.screen, SignInScreen), "a wrong code is refused where it was typed"
        tab.screen.query_one("#sign-in-code").value = code.lower()
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(tab.screen, SignInScreen))
        assert tab.classroom.snapshot.name == "student-01"
        await until(pilot, lambda: (default_directory() / "students" / "student-01" / "progress.json").exists())
    assert tab.errors == []


async def test_a_students_review_schedule_comes_back_from_their_class_record(make_app, classroom, tmp_path):
    """Alice reviews in the class; her progress file is then lost (a new, empty one: another
    progress folder, the same student) and her tutor joins the class again: the same cards are
    due, because the class record kept every review."""
    from datetime import date, timedelta

    from tui_tutor.classroom.store import open_store
    from tui_tutor.progress import Progress
    from tui_tutor.screens.contents import ContentsScreen

    location, key = classroom
    lab, laptop = ProgressStore(tmp_path / "before"), ProgressStore(tmp_path / "after")
    days_ago = [(date.today() - timedelta(days=n)).isoformat() for n in (9, 5, 1)]
    lab.save(Progress()
             .record_question("neuron-output", True, rating=3, day=days_ago[0])
             .record_question("softmax-sum", False, rating=1, day=days_ago[1])
             .record_question("softmax-sum", True, rating=3, day=days_ago[2]))
    async def due_today(store: ProgressStore, expected: str | None = None) -> str:
        """What the contents say is due, once the store holds all three answers (and says `expected`)."""
        app = make_app(classroom=join_class(location, "alice", None, None), store=store)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, ContentsScreen) and "due" in app.screen.due_text)
            assert "following the instructor (who has not started yet)" in screen_text(app)
            await until(pilot, lambda: len(store.load().questions.get("softmax-sum", ())) == 2)
            if expected is not None:  # (counted again once the class record's reviews are in)
                await until(pilot, lambda: app.screen.due_text == expected)
            kept = open_store(location)
            await until(pilot, lambda: len(kept.class_reviews(key)) == 3)
            kept.close()
            return app.screen.due_text

    due = {"lab": await due_today(lab)}
    due["laptop"] = await due_today(laptop, due["lab"])
    assert due["laptop"] == due["lab"], "the same cards are due on both machines"
    assert {a.id for a in laptop.load().questions["softmax-sum"]} == {a.id for a in lab.load().questions["softmax-sum"]}
