"""Lesson `gradient-descent`: one iteration per `.`, the table against descent.run (and so
torch.optim.SGD) in digits that tell converged rows apart and fit their cells, back restores
exactly, a clicker's → plays the run and moves on, play, presets, words counted from the run,
divergence followed by the plots, overflow said in words, and the PyTorch code."""

from __future__ import annotations

import math
import re

import pytest

from tests.helpers import go_to_view, lesson_at, press, screen_text, settle, text_of
from tui_tutor.compute import descent, functions
from tui_tutor.panels import descent_common
from tui_tutor.screens.code import CodeScreen
from tui_tutor.screens.help import HelpScreen
from tui_tutor.widgets.live_plot import LivePlot
from tui_tutor.widgets.param_editor import ParamEditor, ParamField

LESSON = "gradient-descent"


def panel(app):
    return app.screen.panel


def table_rows(app) -> list[list[str]]:
    """The table's rows below its header, as cells."""
    return [line.split() for line in text_of(app.screen.query_one("#gd-table")).splitlines()[1:] if line.strip()]


def status(app) -> str:
    return text_of(app.screen.query_one("#gd-status"))


def highlighted(app) -> str:
    """The pseudocode line being executed (marked ▶)."""
    return next(line for line in text_of(app.screen.query_one("#gd-code")).splitlines() if line.startswith("▶"))


def value(cell: str) -> float | None:
    return None if cell == "overflow" else float(cell.replace("−", "-"))


def assert_row_shows(row: list[str], it: descent.Iteration) -> None:
    """Each cell is the iteration's number to the digits shown (4 significant at least), or 'overflow';
    the row that met the stopping rule takes no step (η∇f(wₜ) "—", wₜ₊₁ "stop")."""
    first = lambda v: None if v is None else v[0]  # noqa: E731
    truth = (it.w[0], it.f, first(it.grad), first(it.update), first(it.w_next))
    assert row[0] == str(it.t)
    if it.status == "converged":
        assert row[4:] == ["—", "stop"], row
        row, truth = row[:4], truth[:3]
    for cell, true in zip(row[1:], truth, strict=True):
        assert (value(cell) is None) == (true is None), (cell, true)
        if true is not None:
            digits = len(re.sub(r"[^0-9]", "", cell.split("e")[0]).lstrip("0")) or 1
            assert math.isclose(value(cell), true, rel_tol=max(10.0 ** (1 - digits), 1e-12), abs_tol=1e-300), (cell, true)


async def test_start_shows_the_pseudocode_and_where_the_first_step_goes(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        assert highlighted(app) == "▶ Pick w₀ = 4 and η = 0.3"
        assert "Repeat until convergence (|∇f| < 1e−06):" in text_of(app.screen.query_one("#gd-code"))
        assert table_rows(app) == [] and "η∇f(wₜ)" in text_of(app.screen.query_one("#gd-table"))
        assert "t = 0" in status(app) and "∇f(w₀) = 6 > 0: downhill is to the left, so w₁ = 2.2" in status(app)
        panel(app).editor.set_values({"w0": -2.0})
        await settle(pilot, app)
        assert "∇f(w₀) = −6 < 0: downhill is to the right, so w₁ = −0.2" in status(app), \
            "the words follow the numbers on screen, not the default run"
        await press(pilot, app, "d")
        assert (panel(app).stepper.w0, panel(app).stepper.lr) == ((4.0,), 0.3), "d: the default run again"
    async with lesson_at(make_app, LESSON, size=(200, 60)) as (pilot, app):
        assert "∇f(w₀) = 6 > 0" in status(app) and "η = 0.3 is “about right” here: each step removes 60 %" in status(app), \
            "with room, the preset's note from the lesson too"


async def test_each_dot_is_one_iteration_and_the_table_equals_descent_run(make_app):
    """The oracle: descent.run, itself tested against torch.optim.SGD run independently."""
    async with lesson_at(make_app, LESSON, overrides={"lr": 0.01}) as (pilot, app):
        run = descent.run("bowl", 4.0, 0.01, steps=8)
        for n in range(1, 9):
            await press(pilot, app, "full_stop")
            assert panel(app).stepper.t == n
            assert_row_shows(table_rows(app)[-1], run.iterations[n - 1])
        assert panel(app).stepper.history == list(run.iterations)
        assert highlighted(app).strip() == "▶     w₈ = w₇ − η∇f(w₇)"
        before = (table_rows(app), status(app), panel(app).query_one("#gd-curve", LivePlot).overlay,
                  panel(app).stepper.preview)
        await press(pilot, app, "full_stop", "full_stop", "comma", "comma")
        assert (table_rows(app), status(app), panel(app).query_one("#gd-curve", LivePlot).overlay,
                panel(app).stepper.preview) == before, "back restores exactly"


async def test_converged_rows_are_told_apart_and_nothing_outgrows_its_cell(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        await go_to_view(pilot, app, "run")
        await press(pilot, app, "end")
        rows, history = table_rows(app), panel(app).stepper.history
        assert "converged at t = 18" in status(app) and len(rows) >= 3
        shown = history[-len(rows):]
        for column in (1, 3, 4):  # wₜ, ∇f(wₜ), η∇f(wₜ): values that differ read differently
            cells = [row[column] for row in rows]
            assert len(set(cells)) == len(cells), cells
        for row, it in zip(rows, shown):
            assert_row_shows(row, it)
        left = app.screen.query_one("#gd-left")
        table_width = max(len(line) for line in text_of(app.screen.query_one("#gd-table")).splitlines())
        assert table_width <= left.size.width


async def test_the_status_and_the_table_count_one_story(make_app):
    """"Repeat until convergence": the run stops at the wₜ whose |∇f(wₜ)| < 1e−06. The status's
    t, the verdict's t, the last row and the pseudocode's last update all say so; no w₁₉ is shown,
    and the exported script prints the same last wₜ."""
    async with lesson_at(make_app, LESSON, view="run") as (pilot, app):
        await press(pilot, app, "end")
        run = descent.run("bowl", 4.0, 0.3)
        last = run.iterations[-1]
        assert last.status == "converged" and last.t == 18
        stepper, rows = panel(app).stepper, table_rows(app)
        assert status(app).startswith("t = 18 · ") and "converged at t = 18: |∇f(w₁₈)|" in status(app)
        assert rows[-1][0] == "18" and rows[-1][4:] == ["—", "stop"], "the converged row takes no step"
        assert rows[-2][5] == rows[-1][1], "row 17's wₜ₊₁ is row 18's wₜ, written alike"
        assert "w₁₉" not in screen_text(app)
        assert text_of(app.screen.query_one("#gd-code")).splitlines()[-1].strip() == "w₁₈ = w₁₇ − η∇f(w₁₇)"
        assert stepper.t == 18 and stepper.w == last.w
        source = panel(app).pytorch_source()
        assert "range(1, 18 + 1)" in source, "the script takes the 18 steps the table shows"
        await press(pilot, app, "comma")
        assert stepper.t == 18 and table_rows(app)[-1][0] == "17" and "t = 18 · " in status(app), \
            "undoing the check: still at w₁₈, not yet judged"
        await press(pilot, app, "full_stop")
        assert table_rows(app)[-1][4:] == ["—", "stop"] and stepper.verdict == "converged"


@pytest.mark.parametrize(("offset", "side"), [(5.0015e-7, ">"), (4.999e-7, "<")])
async def test_a_gradient_beside_the_tolerance_reads_on_its_own_side(make_app, offset, side):
    """∇f(w₀) = 2(w₀ − 1) just above, then just below 1e−06: the cell and the words show digits
    enough to tell which side of "|∇f| < 1e−06" it is on (never "1e−06")."""
    async with lesson_at(make_app, LESSON, view="run", overrides={"w0": 1 + offset}) as (pilot, app):
        await press(pilot, app, "full_stop")
        first_row = table_rows(app)[0]
        grad = panel(app).stepper.history[0].grad[0]
        assert (grad > descent.TOL) == (side == ">")
        written = value(first_row[3])
        assert (written > descent.TOL) if side == ">" else (written < descent.TOL), first_row
        words = re.search(r"\|∇f\(w₀\)\| = (\S+) ([<>])", status(app))
        assert words[2] == side and (value(words[1]) > descent.TOL) == (side == ">"), status(app)
        table_width = max(len(line) for line in text_of(app.screen.query_one("#gd-table")).splitlines())
        assert table_width <= app.screen.query_one("#gd-left").size.width


async def test_a_far_start_and_a_large_rate_stay_in_their_cells_and_the_plot_follows(make_app):
    async with lesson_at(make_app, LESSON, overrides={"w0": -100.0, "lr": 1.5}) as (pilot, app):
        for _ in range(6):
            await press(pilot, app, "full_stop")
        await pilot.pause(0.05)
        stepper = panel(app).stepper
        assert stepper.verdict == "diverged"
        claimed = int(re.search(r"f rose at each of the last (\d+) steps", status(app))[1])
        fs = [it.f for it in stepper.history[-claimed - 1:]]
        assert all(b > a for a, b in zip(fs, fs[1:])), "the count is of rises, counted right"
        for line in screen_text(app).splitlines():
            assert not re.search(r"\d┤|e\+3[1-9]\d", line[:52]), f"a cell ran into the plot, or beyond float64: {line}"
        loss = panel(app).query_one("#gd-loss", LivePlot)
        top = max(it.f for it in stepper.history if it.f is not None)
        assert loss.frame.ylim[1] >= top, "the f(wₜ) plot's axis follows the diverging run"
        assert not re.search(r"(?<![\w])-\d", screen_text(app)), "one minus sign: U+2212"


async def test_a_clicker_plays_the_run_then_moves_on_and_back(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        await press(pilot, app, "right")
        assert app.screen.section == 1 and panel(app).stepper.t == 0, "outside the run view → moves on"
        await press(pilot, app, "pagedown")
        run_section = app.screen.section
        assert app.screen.lesson.sections[run_section].view == "run"
        await pilot.press("pagedown")
        assert panel(app).stepper.playing, "one press plays the run"
        await pilot.press("pagedown")
        await settle(pilot, app)
        assert app.screen.section == run_section + 1 and not panel(app).stepper.playing, "the next moves on"
        await press(pilot, app, "pageup")
        assert app.screen.section == run_section and panel(app).stepper.t > 0, "back: the run as it was left"
        await press(pilot, app, "pageup")
        assert app.screen.section == run_section and panel(app).stepper.t == 0, "← first takes the run back to t = 0"
        await press(pilot, app, "pageup")
        assert app.screen.section == run_section - 1


async def test_in_a_field_the_arrows_move_the_cursor_not_the_lecture(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        await go_to_view(pilot, app, "run")
        field = app.screen.query_one("#param-lr", ParamField)
        field.focus()
        field.cursor_position = 0
        await press(pilot, app, "right", "right")
        assert field.cursor_position == 2 and panel(app).stepper.t == 0
        await press(pilot, app, "escape", "full_stop")
        assert panel(app).stepper.t == 1


async def test_the_budget_lets_the_lecture_move_on_and_end_runs_to_it(make_app):
    async with lesson_at(make_app, LESSON, overrides={"lr": 0.01}) as (pilot, app):  # no verdict within 50
        await go_to_view(pilot, app, "run")
        stepper = panel(app).stepper
        await press(pilot, app, "end")
        assert stepper.t == functions.get("bowl").steps and "50 iterations done" in status(app)
        await press(pilot, app, "full_stop")
        assert stepper.t == 51, "the panel's own key goes further"
        await press(pilot, app, "home")
        assert stepper.t == 0


@pytest.mark.parametrize(("preset", "verdict"), [("diverges", "diverged"), ("too large", "running")])
async def test_presets_cycle_from_the_functions_own_start(make_app, preset, verdict):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        names = [p.name for p in functions.get("bowl").presets]
        for _ in range((names.index(preset) - names.index("about right")) % len(names)):
            await press(pilot, app, "l")
        assert panel(app).stepper.lr == functions.get("bowl").preset(preset).lr
        assert panel(app).stepper.intro.startswith(f"η = {functions.get('bowl').preset(preset).lr:g} is “{preset}” here: ")
        for _ in range(8):
            await press(pilot, app, "full_stop")
        assert panel(app).stepper.verdict == verdict
        if verdict == "diverged":
            assert highlighted(app) == "▶ Repeat until convergence: diverged ✗ stop"
        else:
            assert "turned back at each of the last 7 steps (overshooting)" in status(app)


async def test_overflow_is_said_in_words_and_never_shown_as_a_number(make_app):
    async with lesson_at(make_app, LESSON, overrides={"lr": 1e308}) as (pilot, app):
        await press(pilot, app, "full_stop", "full_stop")
        assert panel(app).stepper.t == 1, "nothing after an overflow"
        assert "overflowed at t = 0: η∇f(w₀), w₁ are too large for a float" in status(app)
        assert table_rows(app)[-1][-2:] == ["overflow", "overflow"]
        assert highlighted(app) == "▶ Repeat until convergence: overflowed ✗ stop"
        text = screen_text(app).lower()
        assert "nan" not in text and not re.search(r"\binf\b", text)


async def test_play_pause_speed_reset_and_the_verdict_stops_it(make_app):
    async with lesson_at(make_app, LESSON, overrides={"lr": 0.01}) as (pilot, app):
        stepper = panel(app).stepper
        await press(pilot, app, "plus", "plus", "plus")
        assert "play at 60/s" in status(app)
        await pilot.press("space")  # (Pilot waits for an idle app: slow while playing)
        assert stepper.playing and "▶ playing at 60/s" in status(app)
        await pilot.press("minus")
        assert "▶ playing at 30/s" in status(app), "keys answer while playing"
        await pilot.press("space")
        t = stepper.t
        await pilot.pause(0.2)
        assert t >= 1 and stepper.t == t and not stepper.playing
        assert stepper.history == list(descent.run("bowl", 4.0, 0.01, steps=t).iterations)
        await press(pilot, app, "r")
        assert stepper.t == 0 and table_rows(app) == []
        panel(app).editor.set_values({"lr": 0.3})
        await press(pilot, app, "plus", "plus", "plus")
        await pilot.press("space")
        for _ in range(60):
            if not stepper.playing:
                break
            await pilot.pause(0.05)
        assert stepper.t == 18 and "converged at t = 18" in status(app)


async def test_a_refused_rate_keeps_the_run_and_a_new_start_begins_one(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        await press(pilot, app, "full_stop", "full_stop")
        field = app.screen.query_one("#param-lr", ParamField)
        field.focus()
        field.value = "-0.1"
        await settle(pilot, app)
        assert app.screen.query_one(ParamEditor).note("lr").startswith("✗ ")
        assert panel(app).stepper.t == 2 and panel(app).stepper.lr == 0.3
        await press(pilot, app, "enter")
        w0 = app.screen.query_one("#param-w0", ParamField)
        w0.focus()
        w0.value = "-2"
        await settle(pilot, app)
        assert panel(app).stepper.t == 0 and panel(app).stepper.w0 == (-2.0,)
        assert highlighted(app) == "▶ Pick w₀ = −2 and η = 0.3"


async def test_a_new_function_starts_from_its_own_w0_and_eta_unless_given(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        await press(pilot, app, "f")
        o = functions.get("two-minima")
        assert app.screen.query_one(ParamEditor).values == {"function": "two-minima", "w0": 1.6,
                                                            "lr": o.preset("about right").lr}
        assert "“about right”" in panel(app).stepper.intro
        await pilot.pause(0.05)
        curve = panel(app).query_one("#gd-curve", LivePlot)
        assert curve.frame.title == "f(w) = (w² − 1)² + 0.3w" and curve.frame.xlim == o.ranges[0]
    async with lesson_at(make_app, LESSON, overrides={"function": "two-minima", "w0": -0.5}) as (pilot, app):
        stepper = panel(app).stepper
        assert (stepper.function, stepper.w0, stepper.lr) == ("two-minima", (-0.5,), 0.05)


async def test_the_two_minima_section_loads_its_scenario_and_finds_the_local_minimum(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        lesson = app.screen.lesson
        index = next(i for i, s in enumerate(lesson.sections) if s.title.startswith("Two minima"))
        app.screen.section = index
        await settle(pilot, app)
        stepper = panel(app).stepper
        assert (stepper.function, stepper.w0, stepper.lr, stepper.t) == ("two-minima", (1.6,), 0.05, 0)
        stepper.run_to(stepper.budget)
        assert stepper.verdict == "converged" and stepper.w[0] == pytest.approx(0.96, abs=0.01)
        assert stepper.history == list(descent.run("two-minima", 1.6, 0.05).iterations)


async def test_the_plot_shows_the_point_its_tangent_and_the_step(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        await press(pilot, app, "full_stop")
        await pilot.pause(0.05)
        here = descent.step("bowl", 2.2, 0.3, descent.run("bowl", 4.0, 0.3, steps=1).iterations)
        overlay = panel(app).query_one("#gd-curve", LivePlot).overlay
        traces = {t.color: t for t in overlay}
        assert traces["error"].xs == (2.2,) and traces["error"].ys == (pytest.approx(here.f),)
        (x0, x1), (y0, y1) = traces["warning"].xs, traces["warning"].ys
        assert (y1 - y0) / (x1 - x0) == pytest.approx(descent.tangent(here).slope) == pytest.approx(2 * (2.2 - 1))
        step = next(t for t in overlay if t.color == "success" and not t.marker)
        assert step.xs == (2.2, pytest.approx(here.w_next[0]))
        losses = panel(app).query_one("#gd-loss", LivePlot)
        assert losses.overlay[0].xs == (0, 1) and losses.overlay[0].ys == (pytest.approx(9.5), pytest.approx(here.f))
        assert losses.frame.whole_x, "t is a count: whole-number ticks"


async def test_show_the_pytorch_is_the_export_of_the_run_on_screen(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        for _ in range(5):
            await press(pilot, app, "full_stop")
        await press(pilot, app, "c")
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == descent_common.export_source(
            app.screen_stack[-2].lesson, "descent_1d", "bowl", (4.0,), 0.3, 5)
        assert "torch.optim.SGD([w], lr=0.3)" in app.screen.source and "(w - 1) ** 2 + 0.5" in app.screen.source


async def test_help_lists_the_stepper_keys(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        await press(pilot, app, "f1")
        assert isinstance(app.screen, HelpScreen)
        described = {what: keys for _where, keys, what in app.screen.extra}
        step = next(what for what in described if what.startswith("one iteration"))
        assert described["play or pause the run"] == "space" and described[step] == "."
        for what in ("undo one iteration", "reset", "play faster", "play slower", "η presets", "next function",
                     "back to the lesson's own function, w₀ and η (the run its text describes)"):
            assert what in described


async def test_wide_layout_shows_every_row_in_more_digits(make_app):
    async with lesson_at(make_app, LESSON, size=(200, 60)) as (pilot, app):
        await go_to_view(pilot, app, "run")
        await press(pilot, app, "end")
        rows, history = table_rows(app), panel(app).stepper.history
        assert len(rows) == len(history) == 19
        for row, it in zip(rows, history):
            assert_row_shows(row, it)
