"""Lesson `loss-functions`: ŷ against a fixed y (table, plot, +/− keys, bad values), matching the
loss's other names to their fields, presets, and the PyTorch code."""

from __future__ import annotations

import pytest

from tests.helpers import settle, text_of
from tui_tutor.compute import losses
from tui_tutor.numbers import fmt
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.sort_exercise import SortExercise

LESSON = "loss-functions"
NAMES_STEP = 3


def table(app) -> str:
    return text_of(app.screen.query_one("#loss-table"))


def assert_table_matches(app, y_hat: float, y: float) -> None:
    lines = table(app).splitlines()
    for v in losses.all_losses(y_hat, y).losses:
        label = {"difference": "ŷ − y", "l1": "L1", "l2": "L2", "huber": "Huber"}[v.name]
        row = next(line for line in lines if line.strip().startswith(label))
        assert row.split()[-2:] == [fmt(v.value), fmt(v.grad)], row


async def test_defaults_show_every_loss_and_its_slope(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert_table_matches(app, 2.5, 1.0)
        assert "L2 > L1" in text_of(app.screen.query_one("#loss-note"))
        spec = app.screen.query_one("#loss-plot").spec
        assert spec.vlines == (2.5,) and len(spec.series) == 8
        curve = losses.loss_curves(1.0, -3.0, 5.0)
        assert spec.series[2].ys == next(c.values for c in curve.curves if c.name == "l2")


async def test_plus_and_minus_move_y_hat(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("+", "+", "+")
        await settle(pilot, app)
        assert app.screen.query_one("#param-y_hat", ParamField).value == "2.8"
        assert_table_matches(app, 2.8, 1.0)
        for _ in range(23):
            await pilot.press("minus")
        await settle(pilot, app)
        assert_table_matches(app, 0.5, 1.0)
        assert "L2 < L1" in text_of(app.screen.query_one("#loss-note"))


async def test_typing_y(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = app.screen.query_one("#param-y", ParamField)
        field.focus()
        field.value = ""
        await pilot.press(*"-3.5")
        await settle(pilot, app)
        assert_table_matches(app, 2.5, -3.5)


@pytest.mark.parametrize("bad", ["abc", "nan", "inf", "1e400", "101", ""])
async def test_bad_value_is_refused_and_last_good_kept(make_app, bad):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        before = table(app)
        field = app.screen.query_one("#param-y_hat", ParamField)
        field.focus()
        field.value = bad
        await settle(pilot, app)
        assert app.screen.query_one("#loss-editor", ParamEditor).note("y_hat").startswith("✗ ")
        assert table(app) == before
        await pilot.press("enter")
        await settle(pilot, app)
        assert field.value == "2.5" and table(app) == before


async def test_matching_the_names(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        while app.screen.section < NAMES_STEP:
            await pilot.press("right")
        await settle(pilot, app)
        exercise = app.screen.query_one(SortExercise)
        assert exercise.items == tuple(e.name for e in losses.GLOSSARY)
        await pilot.press("1", "1")  # cost, error: the same as a loss
        assert exercise.score == (2, 2)
        await pilot.press("3")  # objective is not reinforcement learning
        feedback = text_of(app.screen.query_one("#sort-feedback"))
        assert feedback.startswith("✗ not RL.") and losses.check_name("objective", losses.NAME_FIELDS[1]).reason in feedback
        await pilot.press("3", "4", "5", "5")  # reward, fitness, utility, profit
        assert exercise.score == (6, 7)
        await pilot.press("+")
        assert app.screen.query_one("#param-y_hat", ParamField).value == "2.5", "+ rests while ŷ is hidden"


async def test_preset_and_pytorch(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f2")  # the first preset: ŷ = y
        await settle(pilot, app)
        assert_table_matches(app, 1.0, 1.0)
        assert text_of(app.screen.query_one("#loss-note")).startswith("ŷ = y")
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == losses.pytorch_source(1.0, 1.0)


async def test_wide_screen_shows_both_parts(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        assert app.screen.query_one("#loss-explore").display and app.screen.query_one("#loss-match").display
        await pilot.press("2", "+")
        await settle(pilot, app)
        assert app.screen.query_one(SortExercise).score == (0, 1)
        assert_table_matches(app, 2.6, 1.0)
