"""Lesson `parameterized-functions`: θ changes the curve and its formula; a bad θ is refused;
wide vs deep trains in a worker, can be stopped, and trains only in the comparison."""

from __future__ import annotations

import pytest

from tests.helpers import cut_text, lesson_at, settle, text_of
from tui_tutor.compute import network
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.plot_panel import PlotPanel
from tui_tutor.widgets.training import TrainingProgress

DEFAULT_THETA = [t.default for t in network.THETA]


async def test_theta_picks_the_function(make_app):
    async with lesson_at(make_app, "parameterized-functions") as (pilot, app):
        plot = app.screen.query_one("#tiny-plot", PlotPanel)
        assert plot.spec.series[0].ys == network.tiny_curve(DEFAULT_THETA, "tanh").ys
        formula = text_of(app.screen.query_one("#tiny-formula")).splitlines()
        assert formula[1:] == ["  = 1·tanh(2x + 1)", "    + 0.8·tanh(−1.5x + 1) + 0"]
        await pilot.press("t")  # train belongs to the comparison: nothing happens here
        await settle(pilot, app)
        assert app.screen.panel.results == {} and not app.screen.query_one(TrainingProgress).running

        field = app.screen.query_one("#param-c", ParamField)
        field.focus()
        await pilot.press("down", "down")
        await settle(pilot, app)
        expected = network.tiny_curve([*DEFAULT_THETA[:6], -0.5], "tanh")
        assert plot.spec.series[0].ys == pytest.approx(expected.ys)
        assert text_of(app.screen.query_one("#tiny-formula")).endswith("+ 0.8·tanh(−1.5x + 1) − 0.5")

        field = app.screen.query_one("#param-w1", ParamField)
        field.focus()
        field.value = "1e999"
        await settle(pilot, app)
        assert "overflows" in app.screen.query_one(ParamEditor).note("w1")
        assert plot.spec.series[0].ys == pytest.approx(expected.ys), "the refused θ is not drawn"


async def test_comparison_trains_both_and_reports(make_app):
    async with lesson_at(make_app, "parameterized-functions", seed=0) as (pilot, app):
        await pilot.press("pagedown", "pagedown")
        assert app.screen.section == 2
        await app.workers.wait_for_complete()
        await settle(pilot, app)
        panel = app.screen.panel
        wide, deep = panel.results["wide"], panel.results["deep"]
        assert (wide.parameter_count, deep.parameter_count) == (network.parameter_count((64,)),
                                                                network.parameter_count((6, 6, 6, 6)))
        table = text_of(app.screen.query_one("#compare-table"))
        assert "193" in table and "145" in table
        assert text_of(app.screen.query_one(TrainingProgress)).startswith("deep wins: lower MSE, fewer θ")
        fits = app.screen.query_one("#compare-fits", PlotPanel).spec
        assert [s.label for s in fits.series] == ["target", "wide", "deep"]
        assert cut_text(app) == []


async def test_training_can_be_stopped(make_app):
    async with lesson_at(make_app, "parameterized-functions") as (pilot, app):
        app.screen.section = 2  # starts training
        assert app.screen.query_one(TrainingProgress).running
        app.screen.panel.action_stop()  # what `s` does, before the worker can finish
        await app.workers.wait_for_complete()
        await settle(pilot, app)
        assert text_of(app.screen.query_one(TrainingProgress)).startswith("wide stopped after")
        assert len(app.screen.panel.results) == 1
        await pilot.press("s")  # nothing left to stop: said, not an error
        await settle(pilot, app)
        assert any("Nothing is training" in message for _, message in app.notices)
