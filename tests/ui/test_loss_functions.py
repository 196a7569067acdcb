"""Lesson `loss-functions`: ŷ against a fixed y (table, plot, +/− keys, bad values), matching the
loss's other names to their fields, presets, and the PyTorch code."""

from __future__ import annotations

from tests.helpers import go_to_view, lesson_at, settle, text_of
from tui_tutor.compute import losses
from tui_tutor.content import load_course
from tui_tutor.numbers import column
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.sort_exercise import SortExercise

LESSON = "loss-functions"
SLIDE = {"cost": 0, "error": 0, "objective": 1, "reward": 2, "fitness": 3, "utility": 4, "profit": 4}
"""Each of the slide's names and the field it belongs to: the same as a loss (0), or its opposite."""


def table(app) -> str:
    return text_of(app.screen.query_one("#loss-table"))


def expect_table(app, y_hat: float, y: float) -> None:
    at = losses.all_losses(y_hat, y).losses
    values, grads = column([v.value for v in at]), column([v.grad for v in at])
    lines = table(app).splitlines()[1:]
    assert [line.split()[-2:] for line in lines] == [[v, g] for v, g in zip(values, grads)]


def test_the_names_follow_the_slide():
    lesson = load_course().lesson(LESSON)
    fields = [f["name"] for f in lesson.data["fields"]]
    assert {n["name"]: fields.index(n["field"]) for n in lesson.data["names"]} == SLIDE
    assert fields[0].endswith("minimised") and all(f.endswith("maximised") for f in fields[1:])
    assert "reinforcement" in fields[2] and "genetic" in fields[3]


async def test_moving_y_hat_and_y(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        expect_table(app, 2.5, 1.0)
        assert "L2 > L1" in text_of(app.screen.query_one("#loss-note"))
        spec = app.screen.query_one("#loss-plot").spec
        assert spec.vlines == (2.5,) and len(spec.series) == 8
        curve = losses.loss_curves(1.0, -3.0, 5.0)
        assert spec.series[2].ys == next(c.values for c in curve.curves if c.name == "l2")

        await pilot.press("+", "+", "+")
        await settle(pilot, app)
        assert app.screen.query_one("#param-y_hat", ParamField).value == "2.8"
        expect_table(app, 2.8, 1.0)
        await pilot.press(*["minus"] * 23)
        await settle(pilot, app)
        expect_table(app, 0.5, 1.0)
        assert "L2 < L1" in text_of(app.screen.query_one("#loss-note"))

        field = app.screen.query_one("#param-y", ParamField)
        field.focus()
        field.value = ""
        await pilot.press(*"-3.5")
        await settle(pilot, app)
        expect_table(app, 0.5, -3.5)

        field = app.screen.query_one("#param-y_hat", ParamField)
        field.focus()
        await pilot.pause()
        before = table(app)
        for bad in ("abc", "nan", "inf", "1e400", "101", ""):  # the lesson's range is −100 … 100
            field.value = bad
            await settle(pilot, app)
            assert app.screen.query_one("#loss-editor", ParamEditor).note("y_hat").startswith("✗ ") and table(app) == before
        await pilot.press("enter")
        await settle(pilot, app)
        assert field.value == "0.5" and table(app) == before


async def test_matching_the_names(make_app):
    async with lesson_at(make_app, LESSON, view="names") as (pilot, app):
        exercise = app.screen.query_one(SortExercise)
        assert tuple(item.name for item in exercise.items) == tuple(SLIDE)
        await pilot.press("1", "1")  # cost, error: the same as a loss
        assert exercise.score == (2, 2)
        await pilot.press("3")  # objective is not reinforcement learning
        feedback = text_of(app.screen.query_one("#sort-feedback"))
        assert feedback.startswith("✗ not RL. objective: optimisation in general: maximised; what an optimiser")
        await pilot.press("3", "4", "5", "5")  # reward, fitness, utility, profit
        assert exercise.score == (6, 7)
        await pilot.press("+")
        assert app.screen.query_one("#param-y_hat", ParamField).value == "2.5", "+ rests while ŷ is hidden"


async def test_preset_and_pytorch(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        await pilot.press("f2")  # the first preset: ŷ = y
        await settle(pilot, app)
        expect_table(app, 1.0, 1.0)
        assert text_of(app.screen.query_one("#loss-note")).startswith("ŷ = y")
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert "y_hat = torch.tensor(1.0," in app.screen.source and "delta=1.0" in app.screen.source


async def test_wide_screen_shows_both_parts(make_app):
    async with lesson_at(make_app, LESSON, size=(200, 60)) as (pilot, app):
        assert app.screen.query_one("#loss-explore").display and app.screen.query_one("#loss-match").display
        await pilot.press("2", "+")
        await settle(pilot, app)
        assert app.screen.query_one(SortExercise).score == (0, 1)
        expect_table(app, 2.6, 1.0)
        await go_to_view(pilot, app, "names")
        assert app.screen.query_one("#loss-explore").display
