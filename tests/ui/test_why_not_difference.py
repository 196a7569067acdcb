"""Lesson `why-not-difference`: the three runs, stepping through them, scenarios, stopping, PyTorch."""

from __future__ import annotations

import pytest

from tests.helpers import settle, text_of
from tui_tutor.compute import losses
from tui_tutor.numbers import fmt
from tui_tutor.screens.code import CodeScreen
from tui_tutor.runner import torch_ready
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.plot_stack import PlotStack

DEFAULT_RUNS = losses.why_not_difference(3.0, 1.0, 0.25, 60, 10.0)
NAMES = {"difference": "ŷ − y", "l1": "|ŷ − y|", "l2": "(ŷ − y)²"}


def table_rows(app) -> dict[str, list[str]]:
    """The table's rows by loss name: [t, ŷₜ, L(ŷₜ), dL/dŷ]."""
    lines = text_of(app.screen.query_one("#wnd-table")).splitlines()[1:4]
    rows = {}
    for line in lines:
        name = next(n for n, label in NAMES.items() if line.strip().startswith(label))
        rows[name] = line.strip()[len(NAMES[name]):].split()
    return rows


def expected_row(run, t: int, y: float) -> list[str]:
    k = min(t, run.steps_run)
    return [str(k), fmt(run.trajectory[k]), fmt(run.losses[k]), fmt(losses.loss(run.loss, run.trajectory[k], y).grad)]


def status(app) -> str:
    return text_of(app.screen.query_one("#wnd-status"))


async def test_start_shows_the_three_losses_at_t0(make_app):
    app = make_app(start="why-not-difference")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        rows = table_rows(app)
        for run in DEFAULT_RUNS:
            assert rows[run.loss] == expected_row(run, 0, 1.0)
        assert rows["difference"] == ["0", "3.0000", "2.0000", "1.0000"]
        assert "t = 0 of 60" in status(app)


async def test_steps_walk_the_iterations_then_the_lecture_moves_on(make_app):
    app = make_app(start="why-not-difference")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("right")  # to the stepping section, t = 0
        assert app.screen.section == 1
        await pilot.press("right", "right", "right")
        rows = table_rows(app)
        for run in DEFAULT_RUNS:
            assert rows[run.loss] == expected_row(run, 3, 1.0)
        assert rows["difference"][1] == fmt(3.0 - 3 * 0.25)  # dL/dŷ = 1: one η per step
        await pilot.press("left")
        assert table_rows(app)["l2"] == expected_row(DEFAULT_RUNS[2], 2, 1.0)
        await pilot.press("end")
        assert table_rows(app)["difference"] == expected_row(DEFAULT_RUNS[0], 60, 1.0)
        text = status(app)
        assert "diverged: |value| passed 10 after 53 steps" in text and "−∞" in " ".join(text.split())
        assert text.count("settled at 1") == 2
        await pilot.press("right")
        assert app.screen.section == 2, "no iterations left: the lecture moves on"
        await pilot.press("left")
        assert app.screen.section == 1 and app.screen.panel.t == 60
        await pilot.press("home")
        assert app.screen.panel.t == 0


async def test_run_key_plays_to_the_end(make_app):
    app = make_app(start="why-not-difference")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("r")
        for _ in range(100):
            await pilot.pause(0.05)
            if app.screen.panel.t == 60:
                break
        assert app.screen.panel.t == 60
        assert "diverged" in status(app)


async def test_later_sections_show_the_whole_run(make_app):
    app = make_app(start="why-not-difference")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("right")
        assert app.screen.section == 1 and app.screen.panel.t == 0
        await pilot.press("end", "right")
        assert app.screen.section == 2
        assert "diverged" in status(app)


@pytest.mark.parametrize("bad", ["abc", "", "nan", "1e400", "101"])
async def test_bad_start_is_refused_and_runs_kept(make_app, bad):
    app = make_app(start="why-not-difference")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        before = table_rows(app)
        field = app.screen.query_one("#param-y_hat0", ParamField)
        field.focus()
        field.value = bad
        await settle(pilot, app)
        assert app.screen.query_one(ParamEditor).note("y_hat0").startswith("✗ ")
        assert table_rows(app) == before
        await pilot.press("escape")
        assert field.value == "3"


async def test_typed_start_and_scenarios_recompute(make_app):
    app = make_app(start="why-not-difference")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = app.screen.query_one("#param-y_hat0", ParamField)
        field.focus()
        field.value = "5"
        await settle(pilot, app)
        await pilot.press("escape", "end")
        runs = losses.why_not_difference(5.0, 1.0, 0.25, 60, 10.0)
        for run in runs:
            assert table_rows(app)[run.loss] == expected_row(run, 60, 1.0)
        await pilot.press("f2", "f2")  # the second scenario: start at y
        await settle(pilot, app)
        await pilot.press("end")
        runs = losses.why_not_difference(1.0, 1.0, 0.25, 60, 10.0)
        assert table_rows(app)["difference"] == expected_row(runs[0], 60, 1.0)
        assert table_rows(app)["l2"][1] == "1.0000"


async def test_large_step_scenario_says_l2_diverges(make_app):
    app = make_app(start="why-not-difference", overrides={"lr": 1.1})
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        await pilot.press("end")
        text = " ".join(status(app).split())
        assert "(ŷ − y)²: diverged" in text and "hops around y" in text


async def test_an_edit_computes_the_runs_in_the_keystroke_once_torch_is_warm(make_app):
    app = make_app(start="why-not-difference")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        while not torch_ready.is_set():
            await pilot.pause(0.05)
        app.screen.query_one(ParamEditor).set_values({"steps": 500, "cap": 1e6, "lr": 0.001})
        await pilot.pause()  # the editor's Changed message reaches the panel
        panel = app.screen.panel
        assert not app.workers, "no worker: the longest run (T = 500) is computed in the keystroke"
        assert panel.end == 500 and panel.ran_with["lr"] == 0.001
        assert "T = 500" in text_of(app.screen.query_one("#wnd-progress"))


async def test_plot_key_switches_plots_when_only_one_fits(make_app):
    app = make_app(start="why-not-difference")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        stack = app.screen.query_one(PlotStack)
        assert stack.one_at_a_time and stack.current == 0
        assert stack.plot("y_hat").display and not stack.plot("loss").display
        await pilot.press("v")
        assert stack.current == 1 and stack.plot("loss").display and not stack.plot("y_hat").display
    app = make_app(start="why-not-difference")
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        stack = app.screen.query_one(PlotStack)
        assert not stack.one_at_a_time and stack.plot("y_hat").display and stack.plot("loss").display


async def test_show_the_pytorch_at_the_current_iteration(make_app):
    app = make_app(start="why-not-difference")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("right", "right", "right")
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == losses.why_not_difference_source(3.0, 1.0, 0.25, 2, 10.0)
        assert "torch.optim.SGD" in app.screen.source


async def test_arriving_from_the_next_lesson_shows_the_whole_run(make_app):
    app = make_app(start="l1-vs-l2")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("pageup")
        await settle(pilot, app)
        assert app.screen.lesson.id == "why-not-difference" and app.screen.section == 4
        assert app.screen.panel.t == 60 and "diverged" in status(app)
