"""How each screen looks at 80×24 (pytest-textual-snapshot; `--snapshot-update` to accept changes)."""

from __future__ import annotations

import pytest

from tui_tutor.app import TutorApp
from tui_tutor.content import load_course

COURSE = load_course()


async def settled(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def app(**kwargs) -> TutorApp:
    return TutorApp(COURSE, **kwargs)


def test_contents(snap_compare):
    assert snap_compare(app(), terminal_size=(80, 24), run_before=settled)


@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in COURSE.lessons])
def test_each_lesson_at_80x24(snap_compare, lesson_id):
    assert snap_compare(app(start=lesson_id), terminal_size=(80, 24), run_before=settled)


def test_light_theme(snap_compare):
    assert snap_compare(app(start="neuron", theme="light"), terminal_size=(80, 24), run_before=settled)


def test_help(snap_compare):
    assert snap_compare(app(), terminal_size=(80, 24), press=["f1"], run_before=settled)


def test_too_small(snap_compare):
    assert snap_compare(app(), terminal_size=(60, 20), run_before=settled)
