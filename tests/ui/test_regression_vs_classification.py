"""Lesson `regression-vs-classification`: sorting the slides' examples with feedback; reading one
output z as a number and, through σ and a threshold, as a label; bad values; PyTorch."""

from __future__ import annotations

import pytest

from tests.helpers import settle, text_of
from tui_tutor.compute import tasks
from tui_tutor.numbers import fmt
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.sort_exercise import SortExercise

LESSON = "regression-vs-classification"
READING_STEP = 4


def sorting(app) -> SortExercise:
    return app.screen.query_one("#rvc-exercise", SortExercise)


def readings(app) -> str:
    return text_of(app.screen.query_one("#rvc-readings"))


async def to_step(pilot, app, step: int) -> None:
    while app.screen.section < step:
        await pilot.press("right")
    await settle(pilot, app)


async def test_sorting_gives_feedback_for_every_slide_example(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        exercise = sorting(app)
        assert exercise.items == tuple(t.name for t in tasks.TASKS)
        await pilot.press("1")  # age from a photo: regression
        feedback = text_of(app.screen.query_one("#sort-feedback"))
        assert feedback.startswith("✓ right.") and tasks.check("age from a photo", "regression").reason in feedback
        await pilot.press("1")  # is it a human?: wrong
        feedback = text_of(app.screen.query_one("#sort-feedback"))
        assert feedback.startswith("✗ not regression.") and "y ∈ {yes, no}" in feedback
        items = text_of(app.screen.query_one("#sort-items"))
        assert "✓ regression" in items and "✗ regression" in items
        assert "2/7 sorted, 1 right" in text_of(app.screen.query_one("#sort-prompt"))


async def test_every_example_sorted_right_then_restart(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        for t in tasks.TASKS:
            await pilot.press("1" if t.kind == "regression" else "2")
        assert sorting(app).score == (7, 7)
        assert "All 7 sorted, 7 right" in text_of(app.screen.query_one("#sort-feedback"))
        await pilot.press("j", "2")  # wraps to the first item: age, now answered wrongly
        assert sorting(app).score == (6, 7)
        await pilot.press("r")
        assert sorting(app).score == (0, 0) and sorting(app).cursor == 0


async def test_reading_equals_the_compute_module(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await to_step(pilot, app, READING_STEP)
        r = tasks.read_output(1.2, 0.5, ("no", "yes"))
        text = readings(app)
        assert f"ŷ = z = {fmt(r.as_number)}" in text
        assert f"σ(z) = {fmt(r.probability)} ≥ {fmt(0.5)}" in text and "is human? → yes" in text
        plot = app.screen.query_one("#rvc-plot").spec
        assert plot.vlines == (1.2,) and plot.hlines == (0.5,)


async def test_editing_z_threshold_and_question(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await to_step(pilot, app, READING_STEP)
        z = app.screen.query_one("#param-z", ParamField)
        z.focus()
        z.value = ""
        await pilot.press(*"-1")
        await settle(pilot, app)
        r = tasks.read_output(-1.0, 0.5)
        assert f"σ(z) = {fmt(r.probability)} < {fmt(0.5)}" in readings(app) and "→ no" in readings(app)
        threshold = app.screen.query_one("#param-threshold", ParamField)
        threshold.focus()
        threshold.value = "0.2"
        question = app.screen.query_one("#param-question", ParamField)
        question.focus()
        await pilot.press("down")
        await settle(pilot, app)
        assert "spam filter → spam" in readings(app)


@pytest.mark.parametrize("bad", ["abc", "nan", "1.5", "-0.1", ""])
async def test_bad_threshold_is_refused_and_last_good_kept(make_app, bad):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await to_step(pilot, app, READING_STEP)
        before = readings(app)
        field = app.screen.query_one("#param-threshold", ParamField)
        field.focus()
        field.value = bad
        await settle(pilot, app)
        note = app.screen.query_one("#rvc-editor", ParamEditor).note("threshold")
        assert note.startswith("✗ ") and field.has_class("-refused")
        assert readings(app) == before
        await pilot.press("enter")
        await settle(pilot, app)
        assert field.value == "0.5" and not field.has_class("-refused")
        assert readings(app) == before


async def test_each_part_only_at_its_steps(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert not app.screen.query_one("#rvc-reading").display
        await pilot.press("tab")
        assert not isinstance(app.focused, ParamField), "no hidden field takes focus"
        app.screen.panel.focus()
        await to_step(pilot, app, READING_STEP)
        assert app.screen.query_one("#rvc-reading").display and not app.screen.query_one("#rvc-sort").display
        await pilot.press("1")
        assert sorting(app).score == (0, 0), "the sorting keys rest while the exercise is hidden"


async def test_wide_screen_shows_both_parts(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        assert app.screen.query_one("#rvc-reading").display and app.screen.query_one("#rvc-sort").display
        await pilot.press("2")
        assert sorting(app).score == (0, 1)


async def test_scenario_and_pytorch(make_app):
    app = make_app(start=LESSON, overrides={"question": "spam filter", "z": 1.0, "threshold": 0.9})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await to_step(pilot, app, READING_STEP)
        assert "spam filter → not spam" in readings(app)
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == tasks.pytorch_source(1.0, 0.9, ("not spam", "spam"))


async def test_leaving_the_reading_step_from_a_field_hands_focus_back(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await to_step(pilot, app, READING_STEP)
        await pilot.press("tab")
        assert isinstance(app.focused, ParamField)
        await pilot.press("pageup")  # a clicker's "back" works from inside a field
        await settle(pilot, app)
        assert app.screen.section == READING_STEP - 1 and app.focused is app.screen.panel
        await pilot.press("1")
        assert sorting(app).score == (1, 1), "the key sorts; it does not type into a hidden field"
