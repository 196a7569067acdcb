"""Lesson `l1-vs-l2`: MAE/MSE at c, the fits landing on the median and the mean, outliers, PyTorch."""

from __future__ import annotations

import re

import pytest

from tests.helpers import settle, text_of
from tui_tutor.compute import losses
from tui_tutor.numbers import fmt
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.plot_stack import PlotStack

DEFAULT = (2.0, 3.0, 3.5, 4.0, 5.0)


def at_c_text(app) -> str:
    return text_of(app.screen.query_one("#l12-at-c"))


def fits_text(app) -> str:
    return text_of(app.screen.query_one("#l12-fits"))


def fit_rows(app) -> dict[str, list[str]]:
    """The fits table by loss: [c after T, minimal at]."""
    rows = [re.split(r"\s{2,}", line.strip()) for line in fits_text(app).splitlines()[1:]]
    return {row[0]: row[1:] for row in rows}


def words(app) -> str:
    return " ".join(text_of(app.screen.query_one("#l12-words")).split())


def data_field(app) -> ParamField:
    return app.screen.query_one("#param-data", ParamField)


def expect_at_c(app, data, c) -> None:
    r = losses.constant_loss(data, c)
    assert at_c_text(app).splitlines() == [
        f"MAE(c) = {fmt(r.mae)}   dMAE/dc = {fmt(r.mae_grad)}",
        f"MSE(c) = {fmt(r.mse)}   dMSE/dc = {fmt(r.mse_grad)}",
    ]


def expect_fits(app, data, c=0.0, lr=0.05, steps=400) -> tuple:
    l1, l2 = (losses.fit_constant(data, name, lr, steps, c0=c) for name in ("l1", "l2"))
    rows = fit_rows(app)
    assert rows["L1 (MAE)"][0] == fmt(l1.run.final) and rows["L2 (MSE)"] == [fmt(l2.run.final), f"the mean {fmt(l2.mean)}"]
    assert l2.status in words(app) and l1.status[:60] in words(app)
    return l1, l2


async def test_defaults_show_mae_mse_and_both_fits(make_app):
    app = make_app(start="l1-vs-l2")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        expect_at_c(app, DEFAULT, 0.0)
        assert at_c_text(app).startswith("MAE(c) = 3.5000   dMAE/dc = −1.0000")
        l1, l2 = expect_fits(app, DEFAULT)
        assert "the median 3.5000" in fits_text(app)
        assert abs(l1.run.final - 3.5) < 0.05 and abs(l2.run.final - 3.5) < 1e-9


async def test_outlier_key_pulls_the_mean_not_the_median_then_remove_key_undoes_it(make_app):
    app = make_app(start="l1-vs-l2")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("o")
        await settle(pilot, app)
        with_outlier = (*DEFAULT, 35.0)
        assert data_field(app).value == "2, 3, 3.5, 4, 5, 35"
        expect_at_c(app, with_outlier, 0.0)
        l1, l2 = expect_fits(app, with_outlier)
        assert l2.run.final == pytest.approx(8.75) and 3.5 <= l1.run.final <= 4.0
        assert "any c in [3.50, 4.00]" in fits_text(app)
        assert "between the two middle values" in words(app), "the even-count interval is said in words"
        await pilot.press("d")
        await settle(pilot, app)
        assert data_field(app).value == "2, 3, 3.5, 4, 5"
        expect_fits(app, DEFAULT)


async def test_outlier_key_respects_the_limits(make_app):
    app = make_app(start="l1-vs-l2", overrides={"data": tuple(float(i) for i in range(12))})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("o")
        await settle(pilot, app)
        assert len(app.screen.panel.values["data"]) == 12
    app = make_app(start="l1-vs-l2", overrides={"data": (90.0, 95.0)})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("o")
        await settle(pilot, app)
        assert app.screen.panel.values["data"] == (90.0, 95.0, 100.0), "clamped to the parameter's maximum"
        await pilot.press("d", "d", "d")
        await settle(pilot, app)
        assert len(app.screen.panel.values["data"]) == 1


async def test_typed_data_and_c_update_everything(make_app):
    app = make_app(start="l1-vs-l2")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = data_field(app)
        field.focus()
        field.value = "1, 2, 6, 7"
        await settle(pilot, app)
        expect_at_c(app, (1.0, 2.0, 6.0, 7.0), 0.0)
        expect_fits(app, (1.0, 2.0, 6.0, 7.0))
        c = app.screen.query_one("#param-c", ParamField)
        c.focus()
        await pilot.press("up", "up")  # c = 1
        await settle(pilot, app)
        expect_at_c(app, (1.0, 2.0, 6.0, 7.0), 1.0)
        expect_fits(app, (1.0, 2.0, 6.0, 7.0), c=1.0)


@pytest.mark.parametrize("bad", ["1, abc", "", "1,,2", "nan", "1, 200", ",".join(["1"] * 13)])
async def test_bad_data_is_refused_and_numbers_kept(make_app, bad):
    app = make_app(start="l1-vs-l2")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        before, fits = at_c_text(app), fits_text(app)
        field = data_field(app)
        field.focus()
        field.value = bad
        await settle(pilot, app)
        assert app.screen.query_one(ParamEditor).note("data").startswith("✗ ")
        assert at_c_text(app) == before and fits_text(app) == fits
        await pilot.press("enter")
        assert field.value == "2, 3, 3.5, 4, 5"


async def test_large_step_scenario_says_the_l2_fit_diverges(make_app):
    app = make_app(start="l1-vs-l2")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        for _ in range(4):
            await pilot.press("f2")
        await settle(pilot, app)
        assert app.screen.panel.values["lr"] == 1.1
        assert "L2: diverged" in words(app)


async def test_long_fits_can_be_stopped(make_app):
    app = make_app(start="l1-vs-l2")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.screen.query_one(ParamEditor).set_values({"steps": 3000, "lr": 0.001})
        await pilot.press("s")
        await settle(pilot, app)
        assert "stopped" in text_of(app.screen.query_one("#l12-progress"))
        assert "stopped" in words(app)


async def test_sections_pick_the_plot_and_v_cycles(make_app):
    app = make_app(start="l1-vs-l2")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        stack = app.screen.query_one(PlotStack)
        assert stack.names[stack.current] == "losses"
        await pilot.press("right")
        assert stack.names[stack.current] == "gradients"
        await pilot.press("v")
        assert stack.names[stack.current] == "fit" and stack.plot("fit").display
        assert stack.plot("fit").spec is not None


async def test_show_the_pytorch(make_app):
    app = make_app(start="l1-vs-l2")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("o", "c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == losses.constant_fit_source((*DEFAULT, 35.0), 0.0, 0.05, 400)
