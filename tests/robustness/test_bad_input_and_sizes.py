"""Every typed field refuses bad text and keeps its last good value; every lesson survives
terminal sizes from 80×24 to 250×70 and a shrink below the minimum and back."""

from __future__ import annotations

import pytest

from tests.helpers import settle
from tui_tutor.content import load_lessons
from tui_tutor.screens.lesson import LessonScreen
from tui_tutor.screens.too_small import TooSmallScreen, too_small
from tui_tutor.widgets.param_editor import ParamEditor, ParamField

BAD = ["abc", "", "nan", "inf", "-inf", "1e400", "9" * 400, "1\x00\x1b[2J", "__import__('os')", "1/0"]
"""Refused everywhere. (`-0` is a good number: it is checked separately below.)"""
LESSONS_WITH_FIELDS = [lesson.id for lesson in load_lessons() if lesson.params]
SIZES = [(80, 24), (100, 30), (120, 40), (160, 45), (200, 60), (250, 70), (60, 20), (80, 24)]


def fields(app) -> list[ParamField]:
    return [f for f in app.screen.query(ParamField) if f.display and f.region.area]


@pytest.mark.parametrize("lesson", LESSONS_WITH_FIELDS)
async def test_every_field_refuses_bad_text(make_app, lesson):
    app = make_app(start=lesson)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        checked = 0
        for section in range(len(app.screen.lesson.sections)):
            app.screen.section = section
            await settle(pilot, app)
            for field in fields(app):
                editor = next(a for a in field.ancestors if isinstance(a, ParamEditor))
                before, good = dict(editor.values), field.good
                for text in BAD:
                    field.value = text
                    await pilot.pause()
                    assert field.has_class("-refused"), f"{lesson}: {field.param.name} took {text!r}"
                    assert editor.note(field.param.name).startswith("✗ ")
                    assert editor.values == before and field.good == good
                field.restore()
                await pilot.pause()
                assert not field.has_class("-refused")
                checked += 1
        assert checked, f"{lesson} declares parameters but no field was found"
        await app.workers.wait_for_complete()


async def test_minus_zero_is_a_number(make_app):
    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = app.screen.query_one("#param-b", ParamField)
        field.value = "-0"
        await settle(pilot, app)
        assert not field.has_class("-refused") and app.screen.panel.values["b"] == 0.0


@pytest.mark.parametrize("lesson", [lesson.id for lesson in load_lessons()])
async def test_every_size_and_back(make_app, lesson):
    app = make_app(start=lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            await settle(pilot, app)
            expected = TooSmallScreen if too_small(width, height) else LessonScreen
            assert isinstance(app.screen, expected), (width, height)
        await pilot.press("pagedown")
        await app.workers.wait_for_complete()
        await settle(pilot, app)
        assert isinstance(app.screen, LessonScreen)
