"""Lesson `parameterized-functions`: θ changes the curve; wide vs deep trains in a worker."""

from __future__ import annotations

import pytest

from tests.helpers import settle, text_of
from tui_tutor.compute import network
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.plot_panel import PlotPanel
from tui_tutor.widgets.training import TrainingProgress

DEFAULT_THETA = [2.0, 1.0, -1.5, 1.0, 1.0, 0.8, 0.0]


async def test_theta_edit_redraws_the_function(make_app):
    app = make_app(start="parameterized-functions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        plot = app.screen.query_one("#tiny-plot", PlotPanel)
        assert plot.spec.series[0].ys == network.tiny_curve(DEFAULT_THETA, "tanh").ys
        field = app.screen.query_one("#param-c", ParamField)
        field.focus()
        await pilot.press("up", "up")
        await settle(pilot, app)
        expected = network.tiny_curve([*DEFAULT_THETA[:6], 0.5], "tanh")
        assert plot.spec.series[0].ys == pytest.approx(expected.ys)
        assert "+ 0.50" in text_of(app.screen.query_one("#tiny-formula"))


async def test_bad_theta_is_refused(make_app):
    app = make_app(start="parameterized-functions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = app.screen.query_one("#param-w1", ParamField)
        field.focus()
        field.value = "1e999"
        await settle(pilot, app)
        assert "overflows" in app.screen.query_one(ParamEditor).note("w1")
        assert app.screen.query_one("#tiny-plot", PlotPanel).spec.series[0].ys == network.tiny_curve(DEFAULT_THETA).ys


async def test_comparison_trains_both_and_reports(make_app):
    app = make_app(start="parameterized-functions", seed=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("pagedown", "pagedown")
        assert app.screen.section == 2
        await app.workers.wait_for_complete()
        await settle(pilot, app)
        panel = app.screen.panel
        assert set(panel.results) == {"wide", "deep"}
        wide, deep = panel.results["wide"], panel.results["deep"]
        assert (wide.parameter_count, deep.parameter_count) == (network.parameter_count((64,)), network.parameter_count((6, 6, 6, 6)))
        table = text_of(app.screen.query_one("#compare-table"))
        assert "193" in table and "145" in table
        assert "deep wins" in text_of(app.screen.query_one(TrainingProgress))
        fits = app.screen.query_one("#compare-fits", PlotPanel).spec
        assert [s.label for s in fits.series] == ["target", "wide", "deep"]


async def test_training_can_be_stopped(make_app):
    app = make_app(start="parameterized-functions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        app.screen.section = 2  # starts training
        assert app.screen.query_one(TrainingProgress).running
        app.screen.panel.action_stop()  # what `s` does, before the worker can finish
        await app.workers.wait_for_complete()
        await settle(pilot, app)
        assert "stopped" in text_of(app.screen.query_one(TrainingProgress))
        assert len(app.screen.panel.results) == 1
        await pilot.press("s")  # nothing left to stop: said, not an error
        await settle(pilot, app)
        assert any("Nothing is training" in n.message for n in app._notifications)


async def test_train_key_only_in_the_comparison(make_app):
    app = make_app(start="parameterized-functions")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        assert app.screen.panel.results == {}
        assert not app.screen.query_one(TrainingProgress).running
