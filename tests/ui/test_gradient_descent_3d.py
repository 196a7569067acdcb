"""Lesson `gradient-descent-3d`: two weights w = (u, v) on a heat map and a surface in 3D; the
same stepper and keys, the table against descent.run in digits that show small offsets, the
gradient in numbers and direction, the zig-zag and the saddle, stepping back restores each
step's function, and the PyTorch code."""

from __future__ import annotations

import math

import pytest

from tests.helpers import go_to_view, lesson_at, press, screen_text, settle, text_of
from tui_tutor.compute import descent, functions
from tui_tutor.numbers import vector
from tui_tutor.panels import descent_common
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.heat_map import HeatMap, arrow_head
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.surface import SurfaceView

LESSON = "gradient-descent-3d"


def panel(app):
    return app.screen.panel


def table_rows(app) -> list[list[str]]:
    return [line.split() for line in text_of(app.screen.query_one("#gd-table")).splitlines()[1:] if line.strip()]


def gradient(app) -> list[str]:
    return text_of(app.screen.query_one("#gd-grad")).splitlines()


def status(app) -> str:
    return text_of(app.screen.query_one("#gd-status"))


def close_to_shown(cell: str, true: float) -> bool:
    return math.isclose(float(cell.replace("−", "-")), true, rel_tol=5e-3, abs_tol=1e-300)


async def test_steps_and_the_table_equals_descent_run(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        run = descent.run("round-bowl", (-3.0, 2.0), 0.3, steps=6)
        for n in range(1, 7):
            await press(pilot, app, "full_stop")
            it = run.iterations[n - 1]
            t, u, v, f, norm = table_rows(app)[-1]
            assert t == str(it.t) and close_to_shown(u, it.w[0]) and close_to_shown(v, it.w[1])
            assert close_to_shown(f, it.f) and close_to_shown(norm, it.grad_norm)
        assert panel(app).stepper.history == list(run.iterations)
        assert "w₁" not in text_of(app.screen.query_one("#gd-table")), "subscripts number iterates, not coordinates"


async def test_the_gradient_here_in_numbers_and_direction(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        # at w₀ = (−3, 2): ∇f = (2u, 2v) = (−6, 4), up and to the left; the step goes down-right
        here = panel(app).stepper.preview
        assert here.grad == pytest.approx((-6.0, 4.0))
        assert gradient(app) == [f"∇f(w₀) = {vector(here.grad, 3)} ↖ uphill",
                                 f"−η∇f = {vector(tuple(-u for u in here.update), 3)} ↘ downhill"]
        assert arrow_head(-6.0, 4.0) == "↖" and arrow_head(1.8, -1.2) == "↘"
        assert "∇f(w₀) = (−6, 4) points uphill; −η∇f steps downhill, to w₁ = (−1.2, 0.8)" in status(app)


async def test_heat_map_and_surface_show_the_path_and_the_next_step(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        await press(pilot, app, "full_stop", "full_stop")
        await pilot.pause(0.05)
        heat = app.screen.query_one(HeatMap)
        run = descent.run("round-bowl", (-3.0, 2.0), 0.3, steps=3)
        assert heat.data.path == ((-3.0, 2.0), run.iterations[1].w, run.iterations[2].w)
        assert heat.data.arrow == (run.iterations[2].w, pytest.approx(run.iterations[2].w_next))
        assert (heat.data.x_label, heat.data.y_label) == ("u", "v")
        surface = app.screen.query_one(SurfaceView)
        assert not surface.display, "at 80×24 one view: the heat map"
        await press(pilot, app, "v")
        assert surface.display and not heat.display
        await pilot.pause(0.05)
        assert [p[:2] for p in surface.data.path] == list(heat.data.path)
        assert [p[2] for p in surface.data.path] == pytest.approx([it.f for it in run.iterations])
        marks = {char for char, _style in surface.draw_overlay(*surface.size).values()}
        assert {"•", "●"} <= marks, "the path and the current point"
        here = run.iterations[2]
        assert surface.data.arrow[0] == (*here.w, pytest.approx(here.f)), "the next step: from wₜ …"
        assert surface.data.arrow[1][:2] == pytest.approx(here.w_next), "… to where it lands (○)"
        before = surface.draw_background(*surface.size)
        await press(pilot, app, "greater_than_sign")
        assert surface.azimuth == pytest.approx(-35 + 15) and surface.draw_background(*surface.size) != before
        await press(pilot, app, "v")
        assert heat.display and not surface.display


async def test_the_zigzag_section_loads_the_elongated_bowl_and_back_restores_each_step(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        lesson = app.screen.lesson
        zigzag = next(i for i, s in enumerate(lesson.sections) if "zig-zag" in s.title)
        saddle = next(i for i, s in enumerate(lesson.sections) if "saddle" in s.title)
        app.screen.section = zigzag
        await settle(pilot, app)
        stepper = panel(app).stepper
        assert (stepper.function, stepper.w0, stepper.lr, stepper.t) == ("elongated-bowl", (-3.5, 1.5), 0.19, 0)
        for _ in range(8):
            await press(pilot, app, "full_stop")
        vs = [it.w[1] for it in stepper.history]
        assert all(a * b < 0 for a, b in zip(vs, vs[1:])), "v flips sign every step: the zig-zag"
        assert all(b / a == pytest.approx(1 - 10 * 0.19) for a, b in zip(vs, vs[1:])), "v ← (1 − 10η)v: −0.9"
        await press(pilot, app, "l")  # "too large" (0.19) -> "diverges"
        assert stepper.lr == functions.get("elongated-bowl").preset("diverges").lr
        await press(pilot, app, *["full_stop"] * 8)
        assert stepper.verdict == "diverged" and "diverged at t = 5" in status(app)
        await press(pilot, app, "right")
        assert app.screen.section == saddle and stepper.function == "saddle"
        await press(pilot, app, "left")
        assert app.screen.section == zigzag
        assert (stepper.function, stepper.lr) == ("elongated-bowl", 0.21), "back: the step as it was left"
        await pilot.pause(0.05)
        assert app.screen.query_one(HeatMap).data.title == "f(w) = u² + 5v²"


async def test_the_saddle_shows_its_small_offset_and_is_unbounded_below_in_words(make_app):
    async with lesson_at(make_app, LESSON, overrides={"function": "saddle", "w0": (3.0, 0.01), "lr": 0.1}) \
            as (pilot, app):
        await go_to_view(pilot, app, "run")
        await press(pilot, app, "full_stop", "full_stop", "full_stop")
        vs = [row[2] for row in table_rows(app)]
        assert vs[0] == "0.01" and all(cell not in ("0", "0.00", "−0") for cell in vs), vs
        await press(pilot, app, "end")
        run = descent.run("saddle", (3.0, 0.01), 0.1)
        assert panel(app).stepper.history == list(run.iterations)
        assert run.status == "unbounded below" and "unbounded below at t = 31" in status(app)


async def test_a_refused_start_keeps_the_run_and_f_cycles_the_functions(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        await press(pilot, app, "full_stop")
        field = app.screen.query_one("#param-w0", ParamField)
        field.focus()
        field.value = "1, x"
        await settle(pilot, app)
        assert app.screen.query_one(ParamEditor).note("w0").startswith("✗ ") and field.has_class("-refused")
        assert panel(app).stepper.t == 1 and panel(app).stepper.w0 == (-3.0, 2.0)
        await press(pilot, app, "escape")
        formulas = {row["name"]: row["formula"] for row in app.screen.lesson.data["functions"]}
        for name in ("elongated-bowl", "saddle", "two-minima-2d", "round-bowl"):
            await press(pilot, app, "f")
            o = functions.get(name)
            stepper = panel(app).stepper
            assert (stepper.function, stepper.w0, stepper.lr) == (name, o.w0, o.preset(o.start).lr)
            await pilot.pause(0.05)
            assert app.screen.query_one(HeatMap).data.title == formulas[name]


async def test_show_the_pytorch_is_the_export_of_the_run_on_screen(make_app):
    async with lesson_at(make_app, LESSON, overrides={"function": "elongated-bowl", "w0": (-3.5, 1.5), "lr": 0.19}) \
            as (pilot, app):
        await press(pilot, app, *["full_stop"] * 4)
        await press(pilot, app, "c")
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == descent_common.export_source(
            app.screen_stack[-2].lesson, "descent_2d", "elongated-bowl", (-3.5, 1.5), 0.19, 4)
        assert "u, v = w" in app.screen.source and "u ** 2 + 5 * v ** 2" in app.screen.source


async def test_wide_layout_shows_both_views_the_losses_and_true_proportions(make_app):
    async with lesson_at(make_app, LESSON, size=(200, 60),
                           overrides={"function": "elongated-bowl", "w0": (-3.5, 1.5)}) as (pilot, app):
        await press(pilot, app, "full_stop")
        await pilot.pause(0.05)
        for part in ("#gd-code", "#gd-loss", "#gd-map", "#gd-surface"):
            assert app.screen.query_one(part).display, part
        heat = app.screen.query_one(HeatMap)
        lay = heat._layout
        cols_per_unit = lay.cols / 8  # u ∈ [−4, 4]
        half_lines_per_unit = 2 * lay.lines / 4  # v ∈ [−2, 2]
        assert cols_per_unit == pytest.approx(half_lines_per_unit, rel=0.1)
        assert "the same f in 3D" in screen_text(app)


async def test_a_converged_run_stops_at_its_last_row_and_takes_no_step(make_app):
    """The status's t is the last row's t, the gradient readout takes no step from it, and the
    current point is the last row's wₜ (as "repeat until convergence" says)."""
    async with lesson_at(make_app, LESSON, view="run") as (pilot, app):
        await press(pilot, app, "end")
        stepper = panel(app).stepper
        last = descent.run(stepper.function, stepper.w0, stepper.lr).iterations[-1]
        assert last.status == "converged"
        assert status(app).startswith(f"t = {last.t} · ") and f"converged at t = {last.t}" in status(app)
        assert table_rows(app)[-1][0] == str(last.t) and stepper.w == last.w
        assert gradient(app)[-1] == "|∇f| < 1e−06: converged, no step" and "downhill" not in " ".join(gradient(app))
        assert float(table_rows(app)[-1][4].replace("−", "-")) < descent.TOL
