"""Lesson `l1-vs-l2`: MAE/MSE at c, the fits landing on the median and the mean (words that follow
the run: settled, hopping, approaching, swinging wider), outliers, bad values, PyTorch."""

from __future__ import annotations

import re

from tests.helpers import lesson_at, settle, text_of
from tui_tutor.compute import losses
from tui_tutor.numbers import column, number
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.plot_stack import PlotStack
from tui_tutor.words.fits import outcome

LESSON = "l1-vs-l2"
DEFAULT = (2.0, 3.0, 3.5, 4.0, 5.0)


def at_c_text(app) -> str:
    return text_of(app.screen.query_one("#l12-at-c"))


def fits_text(app) -> str:
    return text_of(app.screen.query_one("#l12-fits"))


def words(app) -> str:
    return " ".join(text_of(app.screen.query_one("#l12-words")).split())


def data_field(app) -> ParamField:
    return app.screen.query_one("#param-data", ParamField)


def expect_screen(app, data, c=0.0, lr=0.05, steps=400) -> tuple:
    """MAE/MSE at c, both fits beside their minimisers (one format per row), and the words of both runs."""
    r = losses.constant_loss(data, c)
    assert at_c_text(app).splitlines() == [
        f"MAE(c) = {number(r.mae)}   dMAE/dc = {number(r.mae_grad)}",
        f"MSE(c) = {number(r.mse)}   dMSE/dc = {number(r.mse_grad)}",
    ]
    l1, l2 = (losses.fit_constant(data, name, lr, steps, c0=c) for name in ("l1", "l2"))
    rows = {row[0]: row[1:] for row in (re.split(r"\s{2,}", line.strip()) for line in fits_text(app).splitlines()[1:])}
    l1_final, lo, hi = column([l1.run.final, l1.minimiser_lo, l1.minimiser_hi])
    l2_final, mean = column([l2.run.final, l2.mean])
    assert rows["L1 (MAE)"] == [l1_final, f"any c in [{lo}, {hi}]" if lo != hi else f"the median {lo}"]
    assert rows["L2 (MSE)"] == [l2_final, f"the mean {mean}"]
    assert words(app) == (f"L2: {outcome(l2.run, name='c', target='the mean')} "
                          f"L1: {outcome(l1.run, name='c', target='the median')}")
    return l1, l2


async def test_defaults_then_an_outlier_pulls_the_mean_not_the_median(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        l1, l2 = expect_screen(app, DEFAULT)
        assert l1.run.outcome == "hopping" and "L1: hops between 3.5 and 3.51 around the median = 3.5" in words(app)
        assert l2.run.outcome == "settled"

        await pilot.press("o")
        await settle(pilot, app)
        with_outlier = (*DEFAULT, 35.0)
        assert data_field(app).value == "2, 3, 3.5, 4, 5, 35"
        l1, l2 = expect_screen(app, with_outlier)
        assert abs(l2.run.final - 8.75) < 1e-9
        assert 3.5 <= l1.run.final <= 4.0 and "any c in [3.5, 4]" in fits_text(app)
        await pilot.press("d")
        await settle(pilot, app)
        assert data_field(app).value == "2, 3, 3.5, 4, 5"
        expect_screen(app, DEFAULT)

        field = data_field(app)
        field.focus()
        field.value = "1, 2, 6, 7"
        await settle(pilot, app)
        expect_screen(app, (1.0, 2.0, 6.0, 7.0))
        c = app.screen.query_one("#param-c", ParamField)
        c.focus()
        await pilot.press("up", "up")  # c = 1
        await settle(pilot, app)
        expect_screen(app, (1.0, 2.0, 6.0, 7.0), c=1.0)

        field.focus()
        await pilot.pause()
        before, fits = at_c_text(app), fits_text(app)
        for bad in ("1, abc", "", "1,,2", "nan", "1, 200", ",".join(["1"] * 13)):
            field.value = bad
            await settle(pilot, app)
            assert app.screen.query_one(ParamEditor).note("data").startswith("✗ "), bad
            assert at_c_text(app) == before and fits_text(app) == fits
        await pilot.press("enter")
        assert field.value == "1, 2, 6, 7"


async def test_the_outlier_keys_respect_the_limits(make_app):
    async with lesson_at(make_app, LESSON, overrides={"data": tuple(float(i) for i in range(12))}) as (pilot, app):
        await pilot.press("o")
        await settle(pilot, app)
        assert len(app.screen.panel.values["data"]) == 12
        app.screen.query_one(ParamEditor).set_values({"data": (90.0, 95.0)})
        await pilot.press("o")
        await settle(pilot, app)
        assert app.screen.panel.values["data"] == (90.0, 95.0, 100.0), "clamped to the parameter's maximum"
        await pilot.press("d", "d", "d")
        await settle(pilot, app)
        assert len(app.screen.panel.values["data"]) == 1


async def test_eta_too_large_says_the_l2_fit_swings_wider(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        await pilot.press("f2", "f2", "f2", "f2")
        await settle(pilot, app)
        assert app.screen.panel.values["lr"] == 1.1
        l1, l2 = expect_screen(app, (*DEFAULT, 35.0), lr=1.1)
        assert l2.run.outcome == "diverged" and "L2: diverges, swinging wider (× −1.2 a step)" in words(app)
        assert "−∞" not in words(app)


async def test_long_fits_can_be_stopped(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        app.screen.query_one(ParamEditor).set_values({"steps": 3000, "lr": 0.001})
        await pilot.press("s")
        await settle(pilot, app)
        assert "stopped" in text_of(app.screen.query_one("#l12-progress"))
        assert "L2: stopped at t = " in words(app) and "L1: stopped at t = " in words(app)


async def test_sections_pick_the_plot_and_v_cycles_and_the_pytorch(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        stack = app.screen.query_one(PlotStack)
        assert stack.names[stack.current] == "losses"
        await pilot.press("right")
        assert stack.names[stack.current] == "gradients"
        await pilot.press("v")
        assert stack.names[stack.current] == "fit" and stack.plot("fit").display
        assert stack.plot("fit").spec.xticks == "whole"
        await pilot.press("o", "c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert "y = torch.tensor([2.0, 3.0, 3.5, 4.0, 5.0, 35.0]" in app.screen.source


async def test_the_fit_and_its_minimiser_in_one_format(make_app):
    """0.03125 is written one way beside itself (was "0.0313" beside "the mean 0.0312")."""
    async with lesson_at(make_app, LESSON, overrides={"data": (0.0, 0.0625)}) as (pilot, app):
        l1, l2 = expect_screen(app, (0.0, 0.0625))
        assert "the mean 0.03125" in fits_text(app)
