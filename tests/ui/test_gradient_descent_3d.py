"""Lesson `gradient-descent-3d`: two weights on a heat map; the same stepper and keys, the
table against descent.run, the gradient in numbers and direction, the zig-zag and the saddle,
refused values, and the PyTorch code."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from tests.helpers import settle, text_of
from tui_tutor.compute import descent, functions
from tui_tutor.panels.descent_common import vector
from tui_tutor.panels.gradient_descent_3d import general
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.heat_map import HeatMap, arrow_head
from tui_tutor.widgets.param_editor import ParamEditor, ParamField

RUN_SECTION = 1  # "Run it: one iteration per →"


def panel(app):
    return app.screen.panel


def table_rows(app) -> list[str]:
    return [line.strip() for line in text_of(app.screen.query_one("#gd-table")).splitlines()[1:] if line.strip()]


def gradient(app) -> list[str]:
    return text_of(app.screen.query_one("#gd-grad")).splitlines()


def status(app) -> str:
    return text_of(app.screen.query_one("#gd-status"))


async def press(pilot, app, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot, app)


async def test_run_section_steps_and_the_table_equals_descent_run(make_app):
    app = make_app(start="gradient-descent-3d")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "right")
        assert app.screen.section == RUN_SECTION
        run = descent.run("round-bowl", (-3.0, 2.0), 0.3, steps=6)
        for n in range(1, 7):
            await press(pilot, app, "right")
            it = run.iterations[n - 1]
            assert table_rows(app)[-1].split("  ")[0:2] == [str(it.t), vector(it.w, 2)]
        assert panel(app).stepper.history == list(run.iterations)
        assert panel(app).stepper.w == run.iterations[-1].w_next


async def test_the_gradient_here_in_numbers_and_direction(make_app):
    app = make_app(start="gradient-descent-3d")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        # at w₀ = (−3, 2): ∇f = (2w₁, 2w₂) = (−6, 4), up and to the left; the step goes down-right
        here = panel(app).stepper.preview
        assert here.grad == pytest.approx((-6.0, 4.0))
        assert gradient(app) == [f"∇f(w₀) = {general(here.grad)} ↖ uphill",
                                 f"−η∇f = {general(tuple(-u for u in here.update))} ↘ downhill"]
        assert arrow_head(-6.0, 4.0) == "↖" and arrow_head(1.8, -1.2) == "↘"


async def test_heat_map_shows_the_path_and_the_next_step(make_app):
    app = make_app(start="gradient-descent-3d")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "full_stop", "full_stop")
        await pilot.pause(0.05)
        heat = app.screen.query_one(HeatMap)
        run = descent.run("round-bowl", (-3.0, 2.0), 0.3, steps=3)
        assert heat.data.path == ((-3.0, 2.0), run.iterations[1].w, run.iterations[2].w)
        assert heat.data.arrow == (run.iterations[2].w, pytest.approx(run.iterations[2].w_next))
        marks = {char for char, _style in heat._overlay.values()}
        assert {"∘", "•", "●", "·"} <= marks
        key = heat._drawn_key
        await press(pilot, app, "full_stop")
        await pilot.pause(0.05)
        assert heat._drawn_key == key, "a step redraws only the path, not the map"


async def test_the_zigzag_section_loads_the_elongated_bowl(make_app, lessons):
    lesson = next(l for l in lessons if l.id == "gradient-descent-3d")
    index = next(i for i, s in enumerate(lesson.sections) if "zig-zag" in s.title)
    app = make_app(start="gradient-descent-3d")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "right")
        for _ in range(25):  # the round bowl converges at t = 18, then → moves on
            await press(pilot, app, "right")
            if app.screen.section == index:
                break
        assert app.screen.section == index
        stepper = panel(app).stepper
        assert (stepper.function, stepper.w0, stepper.lr, stepper.t) == ("elongated-bowl", (-3.5, 1.5), 0.19, 0)
        for _ in range(8):
            await press(pilot, app, "full_stop")
        w2 = [it.w[1] for it in stepper.history]
        assert all(a * b < 0 for a, b in zip(w2, w2[1:])), "w₂ flips sign every step: the zig-zag"
        assert all(b / a == pytest.approx(1 - 10 * 0.19) for a, b in zip(w2, w2[1:])), "w₂ ← (1 − 10η)w₂: −0.9"
        await press(pilot, app, "l")  # "too large" (0.19) -> "diverges"
        assert stepper.lr == functions.get("elongated-bowl").preset("diverges").lr
        for _ in range(8):
            await press(pilot, app, "full_stop")
        assert stepper.verdict == "diverged" and "diverged at t = 5" in status(app)


async def test_the_saddle_is_unbounded_below_in_words(make_app):
    app = make_app(start="gradient-descent-3d", overrides={"function": "saddle", "w0": (3.0, 0.01), "lr": 0.1})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "plus", "plus", "plus", "space")
        for _ in range(60):
            await pilot.pause(0.05)
            if not panel(app).stepper.playing:
                break
        run = descent.run("saddle", (3.0, 0.01), 0.1)
        assert panel(app).stepper.history == list(run.iterations)
        assert run.status == "unbounded below" and "unbounded below at t = 31" in status(app)


@pytest.mark.parametrize("bad", ["1", "1, 2, 3", "1, x", "nan, 1", ""])
async def test_a_bad_start_is_refused_and_the_run_kept(make_app, bad):
    app = make_app(start="gradient-descent-3d")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "full_stop")
        field = app.screen.query_one("#param-w0", ParamField)
        field.focus()
        field.value = bad
        await settle(pilot, app)
        assert app.screen.query_one(ParamEditor).note("w0").startswith("✗ ") and field.has_class("-refused")
        assert panel(app).stepper.t == 1 and panel(app).stepper.w0 == (-3.0, 2.0)


async def test_f_cycles_the_functions_each_from_its_own_start(make_app):
    app = make_app(start="gradient-descent-3d")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        for name in ("elongated-bowl", "saddle", "two-minima-2d", "round-bowl"):
            await press(pilot, app, "f")
            o = functions.get(name)
            stepper = panel(app).stepper
            assert (stepper.function, stepper.w0, stepper.lr) == (name, o.w0, o.preset(o.start).lr)
            await pilot.pause(0.05)
            assert app.screen.query_one(HeatMap).data.title == o.formula


async def test_show_the_pytorch_prints_the_same_path(make_app, tmp_path):
    app = make_app(start="gradient-descent-3d", overrides={"function": "elongated-bowl", "w0": (-3.5, 1.5),
                                                           "lr": 0.19})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        for _ in range(4):
            await press(pilot, app, "full_stop")
        await press(pilot, app, "c")
        assert isinstance(app.screen, CodeScreen)
        source = app.screen.source
    script = tmp_path / "gd3d.py"
    script.write_text(source)
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True).stdout
    printed = dict(line.split(" = ", 1) for line in out.splitlines())
    for it in descent.run("elongated-bowl", (-3.5, 1.5), 0.19, steps=4).iterations:
        values = [float(v) for v in printed[f"w_{it.t}"].strip("()").split(",")]
        assert all(math.isclose(a, b, rel_tol=1e-12) for a, b in zip(values, it.w))


async def test_wide_layout_shows_the_pseudocode_losses_and_true_proportions(make_app):
    app = make_app(start="gradient-descent-3d", overrides={"function": "elongated-bowl", "w0": (-3.5, 1.5)})
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        await press(pilot, app, "full_stop")
        await pilot.pause(0.05)
        assert app.screen.query_one("#gd-code").display and app.screen.query_one("#gd-loss").display
        heat = app.screen.query_one(HeatMap)
        assert heat.data.equal_aspect
        lay = heat._layout
        cols_per_unit = lay.cols / 8  # w₁ ∈ [−4, 4]
        half_lines_per_unit = 2 * lay.lines / 4  # w₂ ∈ [−2, 2]
        assert cols_per_unit == pytest.approx(half_lines_per_unit, rel=0.1)
