"""Lesson `optimization`: the race's counts and best losses equal `search.compare`'s, the threshold
recounts at once, the budget and the seed rerun, bad values are refused, the run can be stopped
while the UI keeps answering, the log-log plot, the steps' notes and the PyTorch."""

from __future__ import annotations

import threading
import time

import pytest

from tests.helpers import settle, text_of
from tui_tutor.compute import search
from tui_tutor.numbers import fmt
from tui_tutor.panels import optimization as panel_module
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.plot_panel import PlotPanel
from tui_tutor.widgets.training_runner import TrainingRunner


def rows(app) -> list[list[str]]:
    lines = [line.split() for line in text_of(app.screen.query_one("#opt-counts")).splitlines() if line.strip()]
    return lines[1:]


def expected_rows(result, threshold: float) -> list[list[str]]:
    out = []
    for run, glyph in zip(result.runs, ("⠒", "•", "▞"), strict=True):
        count = run.evaluations_to_reach(threshold)
        out.append([glyph, *run.method.split(), str(count) if count else "not", *([] if count else ["in", str(len(run.best))]),
                    fmt(run.best[-1])])
    return out


def notes(app) -> str:
    return " ".join(text_of(app.screen.query_one("#opt-notes")).split())


async def focus_field(pilot, app, name: str) -> ParamField:
    field = app.screen.query_one(f"#param-{name}", ParamField)
    field.focus()
    await pilot.pause()
    return field


def test_the_panel_names_the_methods_in_compares_order():
    assert panel_module.METHODS == search.METHODS
    assert [panel_module.method_at(k, 300) for k in (1, 100, 101, 200, 201, 300)] == [
        "gradient descent", "gradient descent", "random search", "random search", "genetic algorithm", "genetic algorithm"]


async def test_the_race_on_screen_equals_search_compare(make_app):
    app = make_app(start="optimization")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        result = search.compare(0.1, seed=0, budget=1000)
        assert rows(app) == expected_rows(result, 0.1)
        assert [r[-2] for r in rows(app)] == [str(c) for c in result.counts]
        minimum, (a, b) = search.minimum()
        assert f"θ* = ({fmt(a)}, {fmt(b)}), L(θ*) = {fmt(minimum)}" in notes(app)
        assert f"First to L ≤ 0.1: gradient descent ({result.counts[0]} evaluations)." in notes(app)
        assert text_of(app.screen.query_one(TrainingRunner)).startswith("done · seed 0")
        assert app.screen.panel.headline == ("gradient descent: evaluations to L ≤ 0.1 =", str(result.counts[0]))


async def test_scenarios_set_the_threshold(make_app):
    app = make_app(start="optimization")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f2", "f2")
        await settle(pilot, app)
        assert rows(app) == expected_rows(search.compare(1.0, seed=0, budget=1000), 1.0)
        await pilot.press("f2", "f2")
        await settle(pilot, app)
        assert "Nobody reaches L ≤ 0.005 within n." in notes(app)


async def test_the_plot_is_log_log_with_every_curve_and_the_threshold(make_app):
    app = make_app(start="optimization")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        plot = app.screen.query_one(PlotPanel)
        spec = plot.spec
        result = search.compare(0.1, seed=0, budget=1000)
        assert spec.xlog and spec.ylog and spec.hlines == (0.1,) and spec.xlim == (1.0, 1000.0)
        curves = [s for s in spec.series if not s.points]
        assert [c.ys for c in curves] == [run.best for run in result.runs]
        assert [c.xs[-1] for c in curves] == [float(len(run.best)) for run in result.runs]
        reached = [s for s in spec.series if s.points]
        assert [(s.xs[0], s.ys[0]) for s in reached] == [
            (float(c), run.best[c - 1]) for run, c in zip(result.runs, result.counts, strict=True)]
        drawn = str(plot.render())
        for tick in ("1000", "100", "0.01", "0.1"):
            assert tick in drawn


async def test_threshold_recounts_without_running_again(make_app):
    app = make_app(start="optimization")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        before = app.screen.panel.result
        field = await focus_field(pilot, app, "threshold")
        field.value = "0.01"
        await settle(pilot, app)
        assert app.screen.panel.result is before, "the same runs, recounted"
        assert rows(app) == expected_rows(search.compare(0.01, seed=0, budget=1000), 0.01)
        assert "to L ≤ 0.01" in text_of(app.screen.query_one("#opt-counts"))
        assert app.screen.query_one(PlotPanel).spec.hlines == (0.01,)
        field.value = "0.005"  # below the least-squares minimum
        await settle(pilot, app)
        assert [r[1:3] for r in rows(app)] == [["gradient", "descent"], ["random", "search"], ["genetic", "algorithm"]]
        assert all("not" in r for r in rows(app))
        assert "Nobody reaches L ≤ 0.005 within n." in notes(app)


async def test_budget_and_seed_run_the_race_again(make_app):
    app = make_app(start="optimization", seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert rows(app) == expected_rows(search.compare(0.1, seed=3, budget=1000), 0.1)
        await pilot.press("minus", "minus")  # seed 1: random search and the genetic algorithm tie
        await settle(pilot, app)
        tie = search.compare(0.1, seed=1, budget=1000).counts
        assert tie[1] == tie[2] < tie[0]
        assert f"random search and genetic algorithm ({tie[1]} evaluations each)" in notes(app)
        await pilot.press("plus", "plus")
        await settle(pilot, app)
        field = await focus_field(pilot, app, "budget")
        field.value = "200"
        await settle(pilot, app)
        result = search.compare(0.1, seed=3, budget=200)
        assert rows(app) == expected_rows(result, 0.1)
        assert len(app.screen.panel.result.runs[1].losses) == 200
        await pilot.press("escape", "plus")
        await settle(pilot, app)
        assert rows(app) == expected_rows(search.compare(0.1, seed=4, budget=200), 0.1)
        assert "seed 4" in text_of(app.screen.query_one(TrainingRunner))
        await pilot.press("minus", "minus")
        await settle(pilot, app)
        assert rows(app) == expected_rows(search.compare(0.1, seed=2, budget=200), 0.1)
        assert app.screen.panel.pytorch_source() == search.pytorch_source(0.1, 2, 200)


@pytest.mark.parametrize("name,bad", [("threshold", "abc"), ("threshold", "0"), ("threshold", "-1"),
                                      ("threshold", "nan"), ("threshold", "1e400"), ("budget", "10"),
                                      ("budget", "2.5"), ("budget", "")])
async def test_bad_values_are_refused_and_last_good_kept(make_app, name, bad):
    app = make_app(start="optimization")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        before = rows(app)
        field = await focus_field(pilot, app, name)
        good = field.value
        field.value = bad
        await settle(pilot, app)
        assert app.screen.query_one(ParamEditor).note(name).startswith("✗ ")
        assert field.has_class("-refused") and rows(app) == before
        await pilot.press("enter")
        await settle(pilot, app)
        assert field.value == good and not field.has_class("-refused")


async def test_a_running_race_can_be_stopped_and_the_ui_keeps_answering(make_app, monkeypatch):
    real, reported = search.compare, threading.Event()

    def slow_compare(*args, on_progress=None, should_stop=None, **kwargs):
        def progress(step, total, loss):
            on_progress(step, total, loss)
            reported.set()
            deadline = time.monotonic() + 10
            while not should_stop() and time.monotonic() < deadline:
                time.sleep(0.01)

        return real(*args, on_progress=progress, should_stop=should_stop, **kwargs)

    monkeypatch.setattr(search, "compare", slow_compare)
    app = make_app(start="optimization")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            if reported.is_set():
                break
            await pilot.pause(0.05)
        assert reported.is_set(), "the race started and reported progress"
        runner = app.screen.query_one(TrainingRunner)
        assert runner.running
        await pilot.press("right")  # the lecture steps on while the worker runs
        assert app.screen.section == 1
        await pilot.pause(0.2)
        assert "gradient descent" in str(runner.render())
        await pilot.press("s")
        await settle(pilot, app)
        assert not runner.running
        assert text_of(runner).startswith("stopped: the runs so far are shown")
        assert all(run.status.startswith("stopped") for run in app.screen.panel.result.runs)
        await pilot.press("s")
        await pilot.pause()
        assert any("Nothing is running" in n.message for n in app._notifications)


async def test_each_method_step_marks_its_row_and_explains_its_counting(make_app):
    app = make_app(start="optimization")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        result = app.screen.panel.result
        for section, run in zip((2, 3, 4), result.runs, strict=True):
            while app.screen.section < section:
                await pilot.press("right")
            await settle(pilot, app)
            assert app.screen.query_one("#opt-counts")._shown[2] == section - 2
            assert f"{run.method}: {run.counting}." in notes(app)
            a, b = run.theta
            assert f"best θ = ({fmt(a)}, {fmt(b)})" in notes(app)
        await pilot.press("right")
        await settle(pilot, app)
        assert app.screen.query_one("#opt-counts")._shown[2] is None


async def test_the_race_runs_well_within_two_seconds(make_app):
    app = make_app(start="optimization")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = await focus_field(pilot, app, "budget")
        start = time.process_time()
        field.value = "5000"
        await settle(pilot, app)
        assert time.process_time() - start < 2.0
        assert len(app.screen.panel.result.runs[1].losses) == 5000


async def test_show_and_export_the_pytorch(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(start="optimization", overrides={"threshold": 0.05, "budget": 300})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == search.pytorch_source(0.05, 0, 300)
        await pilot.press("e")
        await settle(pilot, app)
        assert (tmp_path / "tui_tutor_optimization.py").read_text() == search.pytorch_source(0.05, 0, 300)
