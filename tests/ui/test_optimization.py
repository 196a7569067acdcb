"""Lesson `optimization`: the race's counts and best losses equal `search.compare`'s, the threshold
recounts at once, the budget and the seed rerun, a refused value keeps the race, the run can be
stopped while the UI keeps answering, the log-log plot tells the methods apart (markers, the
others faint in a method's own view), the steps' notes and the PyTorch."""

from __future__ import annotations

import math
import threading
import time

from tests.helpers import go_to_view, lesson_at, press, settle, text_of
from tui_tutor.compute import search
from tui_tutor.panels import optimization as panel_module
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.live_plot import LivePlot
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.training_runner import TrainingRunner
from tui_tutor.words import search as words

LESSON = "optimization"


def rows(app) -> list[list[str]]:
    lines = [line.split() for line in text_of(app.screen.query_one("#opt-counts")).splitlines() if line.strip()]
    return lines[1:]


def assert_table_is(app, threshold: float, seed: int = 0, budget: int = 1000) -> None:
    """Each row: the method's glyph and name, its count (or 'not in n') and its best L to 3 digits."""
    result = search.compare(threshold, seed=seed, budget=budget)
    shown = rows(app)
    assert len(shown) == 3
    for row, run in zip(shown, result.runs, strict=True):
        glyph = panel_module.STYLE[run.method][2]
        count = run.evaluations_to_reach(threshold)
        assert row[0] == glyph and " ".join(row[1:3]) == run.method
        assert row[3:-1] == ([str(count)] if count else ["not", "in", str(len(run.best))])
        assert math.isclose(float(row[-1]), run.best[-1], rel_tol=5e-3)


def notes(app) -> str:
    return " ".join(text_of(app.screen.query_one("#opt-notes")).split())


def test_the_panel_names_the_methods_in_compares_order():
    assert panel_module.METHODS == search.METHODS
    assert [panel_module.method_at(k, 300) for k in (1, 100, 101, 200, 201, 300)] == [
        "gradient descent", "gradient descent", "random search", "random search", "genetic algorithm", "genetic algorithm"]
    glyphs = [style[2] for style in panel_module.STYLE.values()]
    assert len(set(glyphs)) == 3, "one marker per method: told apart without colour"


async def test_the_race_on_screen_equals_search_compare_and_the_threshold_recounts(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        assert_table_is(app, 0.1)
        result, (minimum, _) = search.compare(0.1, seed=0, budget=1000), search.minimum()
        assert f"L(θ*) = {minimum:.4g}" in notes(app)
        assert f"First to L ≤ 0.1: gradient descent ({result.counts[0]} evaluations)." in notes(app)
        assert text_of(app.screen.query_one(TrainingRunner)).startswith("done · seed 0")
        headline = app.screen.panel.headline
        assert headline.label == "gradient descent: evaluations to L ≤ 0.1 =" and headline.values == (result.counts[0],)
        before = app.screen.panel.result
        field = app.screen.query_one("#param-threshold", ParamField)
        field.focus()
        field.value = "0.01"
        await settle(pilot, app)
        assert app.screen.panel.result is before, "the same runs, recounted"
        assert_table_is(app, 0.01)
        field.value = "0.005"  # below the least-squares minimum
        await settle(pilot, app)
        assert all("not" in row for row in rows(app)) and "Nobody reaches L ≤ 0.005 within n." in notes(app)
        headline = app.screen.panel.headline
        assert headline.label == "gradient descent: L ≤ 0.005 not reached in n =" and headline.values == (1000,)
        field.value = "abc"
        await settle(pilot, app)
        assert app.screen.query_one(ParamEditor).note("threshold").startswith("✗ ") and "Nobody" in notes(app)


async def test_the_plot_is_log_log_and_tells_the_methods_apart(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        await pilot.pause(0.05)
        plot = app.screen.query_one("#opt-plot", LivePlot)
        result = search.compare(0.1, seed=0, budget=1000)
        assert plot.frame.xlog and plot.frame.ylog and plot.frame.xlim == (1.0, 1000.0)
        assert plot.frame.background[0].ys == (0.1, 0.1), "the threshold"
        curves = [t for t in plot.overlay if not t.marker]
        for curve, run in zip(curves, result.runs, strict=True):
            assert curve.ys[-1] == run.best[-1] and curve.xs[-1] == float(len(run.best))
            assert set(curve.ys) == set(run.best), "the staircase of the best so far"
        markers = {t.marker for t in plot.overlay if t.marker}
        assert {style[2] for style in panel_module.STYLE.values()} <= markers
        crossings = [(t.xs[0], t.ys[0]) for t in plot.overlay if t.marker == "✚"]
        assert crossings == [(float(c), run.best[c - 1]) for run, c in zip(result.runs, result.counts, strict=True)]
        await go_to_view(pilot, app, "random-search")
        await pilot.pause(0.05)
        bright = {t.color for t in plot.overlay}
        assert bright == {"primary"}, "in random search's view only its curve is bright"
        assert sum(t.color == "muted" and not t.marker for t in plot.frame.background) == 3, "the others faint"


async def test_budget_and_seed_run_the_race_again(make_app):
    async with lesson_at(make_app, LESSON, seed=3) as (pilot, app):
        assert_table_is(app, 0.1, seed=3)
        await press(pilot, app, "minus", "minus")  # seed 1: random search and the genetic algorithm tie
        tie = search.compare(0.1, seed=1, budget=1000).counts
        assert tie[1] == tie[2] < tie[0]
        assert f"random search and genetic algorithm ({tie[1]} evaluations each)" in notes(app)
        field = app.screen.query_one("#param-budget", ParamField)
        field.focus()
        field.value = "200"
        await settle(pilot, app)
        assert_table_is(app, 0.1, seed=1, budget=200)
        await press(pilot, app, "escape", "plus")
        assert_table_is(app, 0.1, seed=2, budget=200)
        assert "seed 2" in text_of(app.screen.query_one(TrainingRunner))


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
    app = make_app(start=LESSON)
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
        await press(pilot, app, "s")
        assert not runner.running
        assert text_of(runner).startswith("stopped: the runs so far are shown")
        assert all(run.status == search.STOPPED for run in app.screen.panel.result.runs)
        counts = app.screen.panel.counts()
        assert words.first(search.METHODS, counts, 0.1) in notes(app), "the words follow the runs so far"


async def test_each_method_step_marks_its_row_and_explains_its_counting(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        result = app.screen.panel.result
        for view, run in zip(("gradient-descent", "random-search", "genetic-algorithm"), result.runs, strict=True):
            await go_to_view(pilot, app, view)
            assert app.screen.query_one("#opt-counts")._shown[2] == panel_module.FOCUS[view]
            assert f"{run.method}: 1 evaluation" in notes(app) or f"{run.method}: 1 forward pass" in notes(app)
            assert "best θ = (" in notes(app)
        assert f"then {search.POPULATION - search.ELITES} new children per generation" in notes(app)
        await go_to_view(pilot, app, "race", nth=1)
        assert app.screen.query_one("#opt-counts")._shown[2] is None


async def test_the_race_runs_well_within_two_seconds_and_the_pytorch_is_its_export(make_app):
    async with lesson_at(make_app, LESSON, overrides={"threshold": 0.05}) as (pilot, app):
        field = app.screen.query_one("#param-budget", ParamField)
        field.focus()
        start = time.process_time()
        field.value = "5000"
        await settle(pilot, app)
        assert time.process_time() - start < 2.0
        assert len(app.screen.panel.result.runs[1].losses) == 5000
        await press(pilot, app, "escape", "c")
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == panel_module.export_source(app.screen_stack[-2].lesson, 0.05, 0, 5000)
