"""Lesson `gradient-descent`: one iteration per step, the table against descent.run (and so
torch.optim.SGD), back restores exactly, the lecture's step keys in the run section, play,
presets, divergence and overflow in words, bad values refused, and the PyTorch code."""

from __future__ import annotations

import math
import re
import subprocess
import sys

import pytest

from tests.helpers import settle, text_of
from tui_tutor.compute import descent, functions
from tui_tutor.panels.descent_common import short
from tui_tutor.screens.code import CodeScreen
from tui_tutor.screens.help import HelpScreen
from tui_tutor.widgets.live_plot import LivePlot
from tui_tutor.widgets.param_editor import ParamEditor, ParamField

RUN_SECTION = 2  # "Run it: one iteration per →"


def panel(app):
    return app.screen.panel


def table(app) -> str:
    return text_of(app.screen.query_one("#gd-table"))


def table_rows(app) -> list[list[str]]:
    """The table's rows below its header, as cells."""
    return [line.split() for line in table(app).splitlines()[1:] if line.strip()]


def status(app) -> str:
    return text_of(app.screen.query_one("#gd-status"))


def code_lines(app) -> list[str]:
    return text_of(app.screen.query_one("#gd-code")).splitlines()


def highlighted(app) -> str:
    """The pseudocode line being executed (marked ▶)."""
    return next(line for line in code_lines(app) if line.startswith("▶"))


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def press(pilot, app, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot, app)


def row_of(it: descent.Iteration) -> list[str]:
    """A table row as the panel writes it (80×24: 3 decimals)."""
    return [str(it.t), short(it.w[0]), short(it.f), short(it.grad and it.grad[0]),
            short(it.update and it.update[0]), short(it.w_next and it.w_next[0])]


async def test_start_shows_pseudocode_with_the_first_line_and_the_preset(make_app):
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert highlighted(app) == "▶ Pick w₀ = 4 and η = 0.3"
        assert code_lines(app)[1].strip() == "Repeat until convergence (|∇f| < 1e-06):"
        assert table_rows(app) == []
        assert "t = 0" in status(app) and "“about right”" in status(app)
        assert "f(wₜ)" in table(app) and "η∇f(wₜ)" in table(app)


async def test_each_step_is_one_iteration_and_the_table_equals_descent_run(make_app):
    """The oracle: descent.run, itself tested against torch.optim.SGD run independently."""
    app = make_app(start="gradient-descent", overrides={"lr": 0.01})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        run = descent.run("bowl", 4.0, 0.01, steps=12)
        for n in range(1, 13):
            await press(pilot, app, "full_stop")
            assert panel(app).stepper.t == n
            assert table_rows(app)[-1] == row_of(run.iterations[n - 1])
        assert panel(app).stepper.history == list(run.iterations)
        assert highlighted(app).strip() == "▶     w₁₂ = w₁₁ − η∇f(w₁₁)"
        # the first row by hand: ∇f(4) = 2(4 − 1) = 6, η∇f = 0.06, w₁ = 3.94
        assert [float(c.replace("−", "-")) for c in row_of(run.iterations[0])] == [0, 4.0, 9.5, 6.0, 0.06, 3.94]


async def test_back_restores_exactly(make_app):
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "full_stop", "full_stop", "full_stop")
        await pilot.pause(0.05)
        before = (table(app), code_lines(app), status(app), panel(app).query_one("#gd-curve", LivePlot).overlay,
                  list(panel(app).stepper.history), panel(app).stepper.preview)
        await press(pilot, app, "full_stop", "full_stop", "comma", "comma")
        await pilot.pause(0.05)
        after = (table(app), code_lines(app), status(app), panel(app).query_one("#gd-curve", LivePlot).overlay,
                 list(panel(app).stepper.history), panel(app).stepper.preview)
        assert after == before


async def test_step_keys_take_iterations_in_the_run_section_until_converged(make_app):
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "right")
        assert app.screen.section == 1 and panel(app).stepper.t == 0, "outside the run section → moves on"
        await press(pilot, app, "right")
        assert app.screen.section == RUN_SECTION
        converged_at = len(descent.run("bowl", 4.0, 0.3).iterations)  # 19: converged at t = 18
        for n in range(1, converged_at + 1):
            await press(pilot, app, "pagedown" if n % 2 else "n")
            assert (app.screen.section, panel(app).stepper.t) == (RUN_SECTION, n)
        assert "converged at t = 18" in status(app)
        assert highlighted(app) == "▶ Repeat until convergence: converged ✓ stop"
        await press(pilot, app, "left")
        assert (app.screen.section, panel(app).stepper.t) == (RUN_SECTION, converged_at - 1), "← undoes one"
        await press(pilot, app, "right", "right")
        assert app.screen.section == RUN_SECTION + 1, "after the verdict → moves on"


async def test_in_a_field_the_arrows_move_the_cursor_not_the_run(make_app):
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "right", "right", "right")
        field = app.screen.query_one("#param-lr", ParamField)
        field.focus()
        field.cursor_position = 0
        await press(pilot, app, "right", "right")
        assert field.cursor_position == 2 and panel(app).stepper.t == 1
        assert app.screen.section == RUN_SECTION
        await press(pilot, app, "escape", "right")
        assert panel(app).stepper.t == 2


async def test_back_at_t0_goes_to_the_previous_section(make_app):
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "right", "right", "right", "left")
        assert (app.screen.section, panel(app).stepper.t) == (RUN_SECTION, 0)
        await press(pilot, app, "left")
        assert app.screen.section == RUN_SECTION - 1


async def test_the_step_budget_lets_the_lecture_move_on(make_app):
    app = make_app(start="gradient-descent", overrides={"lr": 0.01})  # never converges within 50
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "right", "right")
        stepper = panel(app).stepper
        while stepper.t < functions.get("bowl").steps - 1:
            stepper.forward()
        await press(pilot, app, "right")
        assert (app.screen.section, stepper.t) == (RUN_SECTION, 50)
        assert "budget is used" in status(app)
        await press(pilot, app, "full_stop")
        assert stepper.t == 51, "the panel's own key goes further"
        await press(pilot, app, "right")
        assert app.screen.section == RUN_SECTION + 1


@pytest.mark.parametrize(("preset", "words"), [("diverges", "diverged at t = 4"), ("too large", None)])
async def test_presets_cycle_and_divergence_is_said_in_words(make_app, preset, words):
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        names = [p.name for p in functions.get("bowl").presets]
        for _ in range((names.index(preset) - names.index("about right")) % len(names)):
            await press(pilot, app, "l")
        assert panel(app).stepper.lr == functions.get("bowl").preset(preset).lr
        assert f"“{preset}”" in status(app)
        for _ in range(8):
            await press(pilot, app, "full_stop")
        if words:
            assert words in status(app) and panel(app).stepper.t == 5
            assert highlighted(app) == "▶ Repeat until convergence: diverged ✗ stop"
        else:
            assert panel(app).stepper.verdict == "running"
        assert not re.search(r"\b(nan|inf)\b", screen_text(app).lower())


async def test_overflow_is_said_in_words_and_never_shown_as_a_number(make_app):
    app = make_app(start="gradient-descent", overrides={"lr": 1e308})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "full_stop", "full_stop")
        assert panel(app).stepper.t == 1, "nothing after an overflow"
        assert "overflowed at t = 0: η∇f(w₀), w₁ are too large for a float" in status(app)
        assert table_rows(app)[-1] == ["0", "4.000", "9.500", "6.000", "overflow", "overflow"]
        assert highlighted(app) == "▶ Repeat until convergence: overflowed ✗ stop"
        text = screen_text(app).lower()
        assert "nan" not in text and not re.search(r"\binf\b", text)


async def test_play_pause_speed_and_reset(make_app):
    app = make_app(start="gradient-descent", overrides={"lr": 0.01})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        stepper = panel(app).stepper
        await press(pilot, app, "plus", "plus", "plus")
        assert "play at 60/s" in status(app)
        await pilot.press("space")  # (Pilot waits for an idle app: slow while playing)
        assert stepper.playing and "▶ playing at 60/s" in status(app)
        await pilot.press("minus")
        assert "▶ playing at 30/s" in status(app), "keys answer while playing"
        assert stepper.t >= 10
        await pilot.press("space")
        t = stepper.t
        await pilot.pause(0.2)
        assert stepper.t == t and not stepper.playing
        assert stepper.history == list(descent.run("bowl", 4.0, 0.01, steps=t).iterations)
        assert table_rows(app)[-1] == row_of(stepper.history[-1])
        await press(pilot, app, "r")
        assert stepper.t == 0 and table_rows(app) == []


async def test_play_stops_by_itself_at_the_verdict(make_app):
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "plus", "plus", "plus")
        await pilot.press("space")
        for _ in range(40):
            if not panel(app).stepper.playing:
                break
            await pilot.pause(0.05)
        assert panel(app).stepper.t == 19 and "converged at t = 18" in status(app)
        await press(pilot, app, "space")
        assert not panel(app).stepper.playing, "nothing left to play"


@pytest.mark.parametrize("bad", ["abc", "0", "-0.1", "nan", "inf", ""])
async def test_a_bad_learning_rate_is_refused_and_the_run_kept(make_app, bad):
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "full_stop", "full_stop")
        field = app.screen.query_one("#param-lr", ParamField)
        field.focus()
        field.value = bad
        await settle(pilot, app)
        assert app.screen.query_one(ParamEditor).note("lr").startswith("✗ ")
        assert field.has_class("-refused")
        assert panel(app).stepper.t == 2 and panel(app).stepper.lr == 0.3
        await press(pilot, app, "enter")
        assert field.value == "0.3"


async def test_typing_w0_starts_a_new_run_from_it(make_app):
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "full_stop")
        field = app.screen.query_one("#param-w0", ParamField)
        field.focus()
        field.value = "-2"
        await settle(pilot, app)
        assert panel(app).stepper.t == 0 and panel(app).stepper.w0 == (-2.0,)
        assert highlighted(app) == "▶ Pick w₀ = −2 and η = 0.3"
        await press(pilot, app, "escape", "full_stop")
        assert table_rows(app)[-1] == row_of(descent.step("bowl", -2.0, 0.3))


async def test_a_new_function_starts_from_its_own_w0_and_eta(make_app):
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "f")
        o = functions.get("two-minima")
        values = app.screen.query_one(ParamEditor).values
        assert values == {"function": "two-minima", "w0": 1.6, "lr": o.preset("about right").lr}
        assert panel(app).stepper.w0 == (1.6,) and "“about right”" in status(app)
        curve = panel(app).query_one("#gd-curve", LivePlot)
        await pilot.pause(0.05)
        assert curve.frame.title == o.formula and curve.frame.xlim == o.ranges[0]


@pytest.mark.parametrize(("overrides", "w0", "lr"), [
    ({"function": "two-minima"}, 1.6, 0.05),
    ({"function": "two-minima", "w0": -0.5}, -0.5, 0.05),
    ({"function": "two-minima", "lr": 0.25}, 1.6, 0.25),
])
async def test_set_overrides_keep_what_was_given(make_app, overrides, w0, lr):
    app = make_app(start="gradient-descent", overrides=overrides)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        stepper = panel(app).stepper
        assert (stepper.function, stepper.w0, stepper.lr) == ("two-minima", (w0,), lr)


async def test_the_two_minima_section_loads_its_scenario_and_finds_the_local_minimum(make_app, lessons):
    lesson = next(l for l in lessons if l.id == "gradient-descent")
    index = next(i for i, s in enumerate(lesson.sections) if s.title.startswith("Two minima"))
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "right", "right", "l", "l")  # the run section, η "diverges": over in 5 steps
        while app.screen.section != index:
            await press(pilot, app, "right")
        stepper = panel(app).stepper
        assert (stepper.function, stepper.w0, stepper.lr, stepper.t) == ("two-minima", (1.6,), 0.05, 0)
        while not stepper.over:
            stepper.forward()
        assert stepper.verdict == "converged" and stepper.w[0] == pytest.approx(0.96, abs=0.01)
        assert stepper.history == list(descent.run("two-minima", 1.6, 0.05).iterations)


async def test_the_plot_shows_the_point_its_tangent_and_the_step(make_app):
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "full_stop")
        await pilot.pause(0.05)
        here = descent.step("bowl", 2.2, 0.3, descent.run("bowl", 4.0, 0.3, steps=1).iterations)
        line = descent.tangent(here)
        traces = {t.color: t for t in panel(app).query_one("#gd-curve", LivePlot).overlay}
        assert traces["error"].xs == (2.2,) and traces["error"].ys == (pytest.approx(here.f),)
        (x0, x1), (y0, y1) = traces["warning"].xs, traces["warning"].ys
        assert (y1 - y0) / (x1 - x0) == pytest.approx(line.slope) == pytest.approx(2 * (2.2 - 1))
        step = next(t for t in panel(app).query_one("#gd-curve", LivePlot).overlay if t.color == "success" and not t.marker)
        assert step.xs == (2.2, pytest.approx(here.w_next[0]))
        losses = panel(app).query_one("#gd-loss", LivePlot).overlay[0]
        assert losses.xs == (0, 1) and losses.ys == (pytest.approx(9.5), pytest.approx(here.f))


async def test_show_the_pytorch_prints_the_tables_numbers(make_app, tmp_path):
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        for _ in range(5):
            await press(pilot, app, "full_stop")
        await press(pilot, app, "c")
        assert isinstance(app.screen, CodeScreen)
        source = app.screen.source
        assert "torch.optim.SGD([w], lr=0.3)" in source
    script = tmp_path / "gd.py"
    script.write_text(source)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True).stdout
    printed = dict(line.split(" = ") for line in out.splitlines())
    run = descent.run("bowl", 4.0, 0.3, steps=5)
    for it in run.iterations:
        assert math.isclose(float(printed[f"w_{it.t}"]), it.w[0], rel_tol=1e-12)
    assert math.isclose(float(printed["w_5"]), run.iterations[-1].w_next[0], rel_tol=1e-12)


async def test_help_lists_the_stepper_keys(make_app):
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "f1")
        assert isinstance(app.screen, HelpScreen)
        described = {what: keys for _where, keys, what in app.screen.extra}
        assert described["play/pause"] == "space" and described["one iteration"] == "."
        for what in ("undo one iteration", "reset", "play faster", "play slower", "η presets", "next function"):
            assert what in described


async def test_wide_layout_shows_more_rows_and_four_decimals(make_app):
    app = make_app(start="gradient-descent")
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        for _ in range(15):
            await press(pilot, app, "full_stop")
        rows = table_rows(app)
        assert len(rows) == 15 and rows[-1][1] == short(descent.run("bowl", 4.0, 0.3, steps=15).iterations[-1].w[0], 4)
