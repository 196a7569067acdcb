"""Lesson `why-not-difference`: the three runs, a clicker's one press per idea (→ plays the runs,
the next → moves on; `.` and `,` take one iteration), words that follow the runs, scenarios,
bad values, the PyTorch code."""

from __future__ import annotations

from tests.helpers import go_to_view, lesson_at, settle, text_of
from tui_tutor.compute import losses
from tui_tutor.numbers import column
from tui_tutor.runner import torch_ready
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.plot_stack import PlotStack
from tui_tutor.words.fits import outcome

LESSON = "why-not-difference"
DEFAULT_RUNS = losses.why_not_difference(3.0, 1.0, 0.25, 60, 10.0)
NAMES = {"difference": "ŷ − y", "l1": "|ŷ − y|", "l2": "(ŷ − y)²"}


def table_rows(app) -> dict[str, list[str]]:
    """The table's rows by loss name: [t, ŷₜ, L(ŷₜ), dL/dŷ]."""
    rows = {}
    for line in text_of(app.screen.query_one("#wnd-table")).splitlines()[1:4]:
        name = next(n for n, label in NAMES.items() if line.strip().startswith(label))
        rows[name] = line.strip()[len(NAMES[name]):].split()
    return rows


def expect_rows(app, runs, t: int) -> None:
    """Each run at iteration t (or its last), in one format per column."""
    at = [min(t, run.steps_run) for run in runs]
    columns = [column([getattr(run, field)[k] for run, k in zip(runs, at)]) for field in ("trajectory", "losses", "grads")]
    assert table_rows(app) == {run.loss: [str(k), *(c[i] for c in columns)] for i, (run, k) in enumerate(zip(runs, at))}


def status(app) -> str:
    return " ".join(text_of(app.screen.query_one("#wnd-status")).split())


async def wait_for_t(pilot, app, t: int) -> None:
    for _ in range(200):
        if app.screen.panel.t == t and not app.screen.panel.playing:
            return
        await pilot.pause(0.05)
    raise AssertionError(f"t is {app.screen.panel.t}, not {t}")


async def test_a_clicker_steps_the_lecture_one_idea_per_press(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        expect_rows(app, DEFAULT_RUNS, 0)
        assert table_rows(app)["difference"] == ["0", "3", "2", "1"]
        assert "t = 0 of 60" in status(app)
        await pilot.press("pagedown")  # to the stepping section, t = 0
        assert app.screen.section == 1 and app.screen.panel.t == 0
        await pilot.press("pagedown")  # plays the runs …
        assert app.screen.section == 1 and app.screen.panel.playing
        await wait_for_t(pilot, app, 60)
        expect_rows(app, DEFAULT_RUNS, 60)
        assert status(app) == "ŷ − y: runs away to −∞: |ŷ| > 10 at t = 53 |ŷ − y|: settled at y = 1 (ŷ − y)²: settled at y = 1"
        await pilot.press("pagedown")  # … and the next press moves on
        assert app.screen.section == 2
        await pilot.press("pageup")  # back: the runs at their end
        assert app.screen.section == 1 and app.screen.panel.t == 60
        await pilot.press("pageup")  # back to t = 0, then to the step before
        assert app.screen.section == 1 and app.screen.panel.t == 0
        await pilot.press("pageup")
        assert app.screen.section == 0


async def test_the_panel_keys_take_one_iteration(make_app):
    async with lesson_at(make_app, LESSON, view="step") as (pilot, app):
        await pilot.press("full_stop", "full_stop", "full_stop")
        expect_rows(app, DEFAULT_RUNS, 3)
        assert table_rows(app)["difference"][1] == "2.25", "dL/dŷ = 1: one η per step"
        await pilot.press("comma")
        expect_rows(app, DEFAULT_RUNS, 2)
        await pilot.press("end")
        expect_rows(app, DEFAULT_RUNS, 60)
        await pilot.press("home")
        assert app.screen.panel.t == 0 and app.screen.section == 1
        await pilot.press("space")
        await wait_for_t(pilot, app, 60)
        assert "runs away to −∞" in status(app)
        await go_to_view(pilot, app, "end")
        assert app.screen.panel.t == 60
        await pilot.press("full_stop")  # a single iteration belongs to the stepping view
        assert app.screen.panel.t == 60


async def test_edits_scenarios_and_bad_values(make_app):
    async with lesson_at(make_app, LESSON, view="end") as (pilot, app):
        while not torch_ready.is_set():
            await pilot.pause(0.05)
        field = app.screen.query_one("#param-y_hat0", ParamField)
        field.focus()
        field.value = "5"
        await settle(pilot, app)
        assert not app.workers, "computed in the keystroke once torch is warm"
        expect_rows(app, losses.why_not_difference(5.0, 1.0, 0.25, 60, 10.0), 60)
        before = table_rows(app)
        for bad in ("abc", "", "nan", "1e400", "101"):
            field.value = bad
            await settle(pilot, app)
            assert app.screen.query_one(ParamEditor).note("y_hat0").startswith("✗ ") and table_rows(app) == before
        await pilot.press("escape")
        assert field.value == "5"

        await pilot.press("f2", "f2")  # the second scenario: start at y
        await settle(pilot, app)
        expect_rows(app, losses.why_not_difference(1.0, 1.0, 0.25, 60, 10.0), 60)
        await pilot.press("f2")  # η too large: L2 oscillates with 1 − 2η = −1.2, it does not run away
        await settle(pilot, app)
        runs = losses.why_not_difference(3.0, 1.0, 1.1, 60, 10.0)
        expect_rows(app, runs, 60)
        assert f"(ŷ − y)²: {outcome(runs[2], name='ŷ', target='y')}" in status(app)
        assert "swinging wider (× −1.2 a step)" in status(app) and "|ŷ − y|: hops between" in status(app)

        app.screen.query_one(ParamEditor).set_values({"steps": 500, "cap": 1e6, "lr": 0.001})
        await pilot.pause()
        assert app.screen.panel.end == 500 and app.screen.panel.ran_with["lr"] == 0.001
        assert "T = 500" in text_of(app.screen.query_one("#wnd-progress"))


async def test_plots_and_the_pytorch_at_the_iteration_shown(make_app):
    async with lesson_at(make_app, LESSON, view="step") as (pilot, app):
        stack = app.screen.query_one(PlotStack)
        assert stack.one_at_a_time and stack.plot("y_hat").display and not stack.plot("loss").display
        await pilot.press("v")
        assert stack.current == 1 and stack.plot("loss").display and not stack.plot("y_hat").display
        await pilot.press("full_stop", "full_stop")
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert "while steps < 2 and" in app.screen.source and "torch.optim.SGD" in app.screen.source
    async with lesson_at(make_app, LESSON, size=(200, 60)) as (pilot, app):
        stack = app.screen.query_one(PlotStack)
        assert not stack.one_at_a_time and stack.plot("y_hat").display and stack.plot("loss").display


async def test_arriving_from_the_next_lesson_shows_the_whole_run(make_app):
    async with lesson_at(make_app, "l1-vs-l2") as (pilot, app):
        await pilot.press("pageup")
        await settle(pilot, app)
        assert app.screen.lesson.id == LESSON and app.screen.section == len(app.screen.lesson.sections) - 1
        assert app.screen.panel.t == 60 and "runs away" in status(app)
