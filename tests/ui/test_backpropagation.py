"""Lesson `backpropagation`: stepping the forward and backward pass node by node (`.`), a
clicker's → playing a pass and moving on, the hand gradients beside `loss.backward()`'s, two
layers, `.grad` accumulating until zeroed, a value used twice, the step-function trap, editing,
PyTorch."""

from __future__ import annotations

import re

import pytest
import torch
from rich.console import Console

from tests.helpers import lesson_at, press, settle
from tui_tutor.compute import backprop
from tui_tutor.numbers import number
from tui_tutor.panels import backpropagation as panel_module
from tui_tutor.panels.backpropagation import VIEWS
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.graph_view import draw_graph
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.words import backprop as words

X, W, B, Y = (1.5, -2.0), (-0.5, 0.25), 0.1, 1.0
TWO = {"W1": ((0.5, -0.3), (-0.4, 0.6)), "b1": (0.1, -0.2), "w2": (0.8, -0.6), "b2": 0.05}


def neuron(activation: str = "sigmoid"):
    return backprop.neuron(X, W, B, Y, activation)


def short(v: float) -> str:
    return number(v)


def precise(v: float, digits: int) -> str:
    return number(v, digits)


def two_layer():
    return backprop.two_layer(X, TWO["W1"], TWO["b1"], TWO["w2"], TWO["b2"], Y, "sigmoid")


def panel(app):
    return app.screen.panel


def boxes(app) -> dict:
    return {b.key: b for b in panel(app).query_one("#bp-graph").spec.boxes}


def graph_text(app) -> str:
    graph = panel(app).query_one("#bp-graph")
    return "\n".join(line.plain for line in draw_graph(graph.spec, graph.size.width, spread=graph.spread))


def detail_text(app) -> str:
    """The worked equations as shown, with lines broken at ' = ' joined again."""
    widget = panel(app).query_one("#bp-detail")
    console = Console(width=widget.size.width, record=True, color_system=None)
    console.print(widget.render())
    return re.sub(r"\n +(= )", r" \1", console.export_text())


def section_of(app, view: str) -> int:
    """The first section of the open lesson showing `view`."""
    return next(i for i, s in enumerate(app.screen.lesson.sections) if s.view == view)


async def go_to(pilot, app, mode: str, phase: str) -> None:
    """Jump to the first section showing the view MODE-PHASE, arriving at its first step."""
    app.screen.section = section_of(app, f"{mode}-{phase}")
    await settle(pilot, app)


async def test_overview_shows_the_graph_with_nothing_computed(make_app):
    app = make_app(start="backpropagation")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        shown = boxes(app)
        assert all(shown[k].pending and shown[k].value == "?" for k in ("z", "ŷ", "L"))
        assert shown["x"].value == "1.5, −2" and shown["w"].value == "−0.5, 0.25" and shown["b"].value == "0.1"
        text = graph_text(app)
        for label in ("┌ x", "┌ w", "┌ b", "z", "ŷ", "┌ y", "▶", "▼"):
            assert label in text
        assert "Forward (→)" in detail_text(app)


async def test_forward_steps_fill_each_node_with_its_value(make_app):
    expected = neuron()
    app = make_app(start="backpropagation")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("right")
        assert app.screen.section == section_of(app, "neuron-forward")
        assert boxes(app)["z"].value == "?"
        written = words.neuron_formulas(X, W, B, Y, expected)
        for k, node in enumerate(expected.forward, 1):
            await pilot.press("full_stop")
            await settle(pilot, app)
            shown = boxes(app)
            assert shown[node.name].value == short(node.value) and not shown[node.name].pending
            assert panel(app).query_one("#bp-graph").spec.current == {node.name}
            assert written[node.name] in detail_text(app)
            for later in expected.forward[k:]:
                assert shown[later.name].value == "?"
            assert app.screen.section == section_of(app, "neuron-forward"), "each node is a step of its own"
        assert shown["L"].value == short((expected.forward[1].value - Y) ** 2)
        await pilot.press("right")
        assert app.screen.section == section_of(app, "neuron-backward"), "after L the lecture moves on"


async def test_a_clicker_plays_a_pass_then_moves_on_and_back(make_app):
    async with lesson_at(make_app, "backpropagation") as (pilot, app):
        await go_to(pilot, app, "neuron", "forward")
        await pilot.press("pagedown")
        assert panel(app).playing and panel(app).stage.cursor == 1, "one press plays the pass: the first node at once"
        for _ in range(100):
            if not panel(app).playing:
                break
            await pilot.pause(0.05)
        assert panel(app).stage.cursor == 3, "the pass played to its end by itself"
        await press(pilot, app, "pagedown")
        assert app.screen.section == section_of(app, "neuron-backward"), "the next press moves on"
        await press(pilot, app, "pageup")
        assert app.screen.section == section_of(app, "neuron-forward") and panel(app).stage.cursor == 3
        await press(pilot, app, "pageup")
        assert app.screen.section == section_of(app, "neuron-forward") and panel(app).stage.cursor == 0
        await press(pilot, app, "pageup")
        assert app.screen.section == section_of(app, "neuron-overview")


async def test_backward_steps_show_local_derivatives_and_the_chain_with_numbers(make_app):
    expected = neuron()
    grads = {g.name: g for g in expected.backward}
    app = make_app(start="backpropagation")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "neuron", "backward")
        shown = boxes(app)
        assert shown["z"].value == short(expected.forward[0].value), "the forward pass is done"
        assert shown["z"].note == "∂ ?" and shown["L"].note == "∂ 1"
        for g in expected.backward:
            await pilot.press("full_stop")
            await settle(pilot, app)
            text = detail_text(app)
            assert words.local(g, "sigmoid") in text, g.name
            assert words.chain(g, "sigmoid").split(" = ", 1)[1] in text, g.name
        shown = boxes(app)
        assert shown["z"].note == f"∂ {short(grads['z'].value)}" and shown["ŷ"].note == f"∂ {short(grads['ŷ'].value)}"
        assert shown["w"].note == f"∂ {short(grads['w₁'].value)}, {short(grads['w₂'].value)}"
        assert shown["b"].note == f"∂ {short(grads['b'].value)}"
        text = detail_text(app)
        assert "∂L/∂b = ∂L/∂z · ∂z/∂b" in text, "backprop reuses ∂L/∂z"
        assert "∂L/∂b = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂b = 2(ŷ − y) · ŷ(1 − ŷ) · 1" in text


async def test_the_gradient_of_w1_step_by_step(make_app):
    expected = {g.name: g for g in neuron().backward}
    app = make_app(start="backpropagation")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "neuron", "backward")
        await pilot.press("full_stop", "full_stop", "full_stop")
        await settle(pilot, app)
        w1 = expected["w₁"]
        chain = words.chain(w1, "sigmoid")
        assert chain.startswith("∂L/∂w₁ = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w₁ = ")
        assert chain in detail_text(app)
        assert boxes(app)["w"].note == f"∂ {short(w1.value)}, ?"
        spec = panel(app).query_one("#bp-graph").spec
        assert spec.current == {"w"} and spec.current_edges == {("w", "z")}
        assert (panel(app).headline.label, panel(app).headline.values) == ("∂L/∂w₁ =", (w1.value,))


async def test_hand_gradients_equal_loss_backward(make_app):
    expected = neuron()
    wt = torch.tensor(W, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(B, dtype=torch.float64, requires_grad=True)
    loss = (torch.sigmoid(wt @ torch.tensor(X, dtype=torch.float64) + bt) - Y) ** 2
    loss.backward()  # an independent autograd run
    app = make_app(start="backpropagation")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "neuron", "compare")
        assert not panel(app).query_one("#bp-graph").display, "at 80×24 the table takes the graph's place"
        text = detail_text(app)
        rows = {g.name: g for g in expected.backward}
        for name, oracle in (("w₁", wt.grad[0]), ("w₂", wt.grad[1]), ("b", bt.grad)):
            g = rows[name]
            assert g.autograd == pytest.approx(oracle.item(), rel=1e-12)
            line = next(line for line in text.splitlines() if line.startswith(name))
            assert line.split() == [name, precise(g.value, 6), g.autograd_name, precise(g.autograd, 6), "✓"]
        assert "✓ all 3 agree" in text


async def test_stepping_back_into_a_pass_arrives_at_its_end(make_app):
    expected = neuron()
    app = make_app(start="backpropagation")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "neuron", "compare")
        await pilot.press("left")
        await settle(pilot, app)
        assert app.screen.section == section_of(app, "neuron-backward")
        assert panel(app).stage.cursor == len(expected.backward)
        assert boxes(app)["b"].note == f"∂ {short(expected.backward[-1].value)}"
        await pilot.press("comma")
        await settle(pilot, app)
        assert boxes(app)["b"].note == "∂ ?" and app.screen.section == section_of(app, "neuron-backward")


async def test_the_whole_lesson_steps_forward_and_back_at_most_two_presses_a_step(make_app):
    """A clicker's PageDown: a step with a pass plays it, then moves on; back the same way."""
    async with lesson_at(make_app, "backpropagation") as (pilot, app):
        last = len(app.screen.lesson.sections) - 1
        for step in range(1, last + 1):
            for _ in range(2):
                await pilot.press("pagedown")
                if app.screen.section == step:
                    break
            panel(app).pause()  # (the play would go on by itself; a clicker need not wait for it)
            assert app.screen.section == step
        for step in range(last - 1, -1, -1):
            for _ in range(2):
                await pilot.press("pageup")
                if app.screen.section == step:
                    break
            assert app.screen.section == step
        assert app.screen.lesson.id == "backpropagation"


async def test_home_and_end_jump_within_a_pass_first(make_app):
    async with lesson_at(make_app, "backpropagation") as (pilot, app):
        await go_to(pilot, app, "neuron", "backward")
        await press(pilot, app, "end")
        assert panel(app).stage.cursor == len(neuron().backward) and app.screen.section == section_of(app, "neuron-backward")
        await press(pilot, app, "home")
        assert panel(app).stage.cursor == 0 and app.screen.section == section_of(app, "neuron-backward")
        await press(pilot, app, "home")
        assert app.screen.section == 0, "at the pass's start, Home goes to the lesson's first step"


async def test_restart_and_all_steps_keys(make_app):
    app = make_app(start="backpropagation")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "neuron", "forward")
        await pilot.press("a")
        await settle(pilot, app)
        assert panel(app).stage.cursor == 3 and not boxes(app)["L"].pending
        await pilot.press("r")
        await settle(pilot, app)
        assert panel(app).stage.cursor == 0 and boxes(app)["z"].pending


async def test_two_layer_forward_and_backward(make_app):
    expected = two_layer()
    app = make_app(start="backpropagation")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "two", "forward")
        assert set(boxes(app)) == {"x", "a₁", "a₂", "h₁", "h₂", "ŷ", "y", "L"}
        assert panel(app).query_one("#bp-edit-two").display and not panel(app).query_one("#bp-edit-neuron").display
        written = words.two_layer_formulas(X, TWO["W1"], TWO["b1"], TWO["w2"], TWO["b2"], Y, expected)
        for node in expected.forward:
            await pilot.press("full_stop")
            await settle(pilot, app)
            assert boxes(app)[node.name].value == short(node.value)
            assert written[node.name] in detail_text(app)
        await pilot.press("right")
        assert app.screen.section == section_of(app, "two-backward")
        for g in expected.backward:
            await pilot.press("full_stop")
            await settle(pilot, app)
            assert words.local(g, "sigmoid") in detail_text(app)
        shown = boxes(app)
        for g in expected.backward:
            if g.name in shown:
                assert shown[g.name].note == f"∂ {short(g.value)}"
        await pilot.press("right")
        await settle(pilot, app)
        assert app.screen.section == section_of(app, "two-compare")
        text = detail_text(app)
        params = [g for g in expected.backward if not g.retained]
        assert len(params) == 9
        for g in params:
            assert precise(g.value, 6) in text and precise(g.autograd, 6) in text
        assert "✓ all 9 agree" in text


async def test_step_trap_w_never_moves(make_app):
    trap = backprop.step_trap(X, W, B, Y, lr=0.5, steps=5)
    app = make_app(start="backpropagation")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "trap", "descent")
        shown = boxes(app)
        assert shown["ŷ"].value == "0" and shown["L"].value == "1"
        assert shown["w"].note == "∂ 0, 0" and shown["z"].note == "∂ 0" and shown["b"].note == "∂ 0"
        assert "= (−2) · 0 · 1.5 = 0" in detail_text(app)
        for t in range(1, 6):
            await pilot.press("full_stop")
            await settle(pilot, app)
            assert f"step {t} of 5" in detail_text(app)
            assert boxes(app)["w"].value == "−0.5, 0.25"
            assert trap.ws[t] == W
        assert "w has moved by 0 and L is still 1" in detail_text(app).replace("\n", " ")


async def test_grad_accumulates_until_zero_grad(make_app):
    acc = backprop.accumulate(X, W, B, Y)
    async with lesson_at(make_app, "backpropagation") as (pilot, app):
        await go_to(pilot, app, "accumulate", "calls")
        assert "→ plays the calls" in " ".join(detail_text(app).split())
        for k, state in enumerate(acc.states, 1):
            await press(pilot, app, "full_stop")
            text = " ".join(detail_text(app).split())
            call = "optimizer.zero_grad()" if state.call == "zero_grad" else "loss.backward()"
            assert f"{k}. {call}: {words.grad_state(state)}" in text
        doubled = acc.states[1].w_grad
        assert doubled == pytest.approx(tuple(2 * g for g in acc.w_once)), "the second backward doubled w.grad"
        assert "zero_grad() before every loss.backward()" in " ".join(detail_text(app).split())
        assert all(f"{k}. " in " ".join(detail_text(app).split()) for k in range(1, 5)), "every call in view at 80×24"


async def test_a_value_used_twice_adds_both_gradients(make_app):
    r = backprop.reuse(W[0], X[0])
    async with lesson_at(make_app, "backpropagation") as (pilot, app):
        await go_to(pilot, app, "reuse", "uses")
        assert set(boxes(app)) == {"w", "x", "a", "a·a", "L"}
        assert boxes(app)["a"].value == short(r.a)
        for _ in range(4):
            await press(pilot, app, "full_stop")
        text = " ".join(detail_text(app).split())
        for line in words.reuse_lines(r)[-3:]:  # at 80×24 the first lines make room for the last
            assert " ".join(line.split()) in text
        assert f"a.grad = {short(r.a_autograd)} ✓" in text and f"w.grad = {short(r.w_autograd)} ✓" in text
        assert boxes(app)["w"].note == f"∂ {short(r.w_grad)}"


async def test_editing_recomputes_and_keeps_shared_inputs_in_step(make_app):
    app = make_app(start="backpropagation")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "neuron", "compare")
        field = panel(app).query_one("#bp-edit-neuron #param-y", ParamField)
        field.focus()
        field.value = "0"
        await settle(pilot, app)
        expected = backprop.neuron(X, W, B, 0.0, "sigmoid")
        assert precise(expected.backward[-1].value, 6) in detail_text(app)
        assert boxes(app)["y"].value == "0"
        assert panel(app).inputs["two"]["y"] == 0.0 and panel(app).inputs["trap"]["y"] == 0.0
        await pilot.press("escape")
        await go_to(pilot, app, "two", "compare")
        expected = backprop.two_layer(X, TWO["W1"], TWO["b1"], TWO["w2"], TWO["b2"], 0.0, "sigmoid")
        assert precise(expected.backward[1].value, 6) in detail_text(app)


async def test_three_inputs_need_matching_weights_everywhere(make_app):
    app = make_app(start="backpropagation")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        editor = panel(app).query_one("#bp-edit-neuron", ParamEditor)
        panel(app).query_one("#bp-edit-neuron #param-x", ParamField).value = "1, -1, 0.5"
        await settle(pilot, app)
        assert editor.values["w"] == (-0.5, 0.25, 0.0), "w follows x's length with a zero weight"
        panel(app).query_one("#bp-edit-neuron #param-w", ParamField).value = "0.5, 0.25, -1"
        await settle(pilot, app)
        assert boxes(app)["x"].value == "1, −1, 0.5" and boxes(app)["w"].value == "0.5, 0.25, −1"
        two = panel(app).query_one("#bp-edit-two", ParamEditor)
        assert len(two.values["W1_1"]) == len(two.values["W1_2"]) == 3, "both rows of W1 follow x too"
        await go_to(pilot, app, "neuron", "compare")
        assert "w.grad[2]" in detail_text(app) or "w₃" in detail_text(app)


async def test_scenario_with_one_input_reaches_every_graph(make_app):
    app = make_app(start="backpropagation")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        lesson = app.screen.lesson
        index = next(i for i, scenario in enumerate(lesson.scenarios) if scenario.name == "one input")
        for _ in range(index + 1):
            await pilot.press("f2")
            await settle(pilot, app)
        assert boxes(app)["x"].value == "2"
        await go_to(pilot, app, "two", "compare")
        expected = backprop.two_layer((2.0,), ((1.0,), (-1.0,)), TWO["b1"], TWO["w2"], TWO["b2"], Y, "sigmoid")
        assert "✓ all 7 agree" in detail_text(app)
        assert precise(expected.backward[1].value, 6) in detail_text(app)


@pytest.mark.parametrize(("mode", "phase"), [("neuron", "backward"), ("two", "forward"), ("accumulate", "calls"),
                                           ("reuse", "uses"), ("trap", "descent")])
async def test_show_the_pytorch_for_the_graph_on_screen(make_app, mode, phase):
    async with lesson_at(make_app, "backpropagation") as (pilot, app):
        await go_to(pilot, app, mode, phase)
        lesson, values = app.screen.lesson, dict(panel(app).inputs[mode])
        await press(pilot, app, "c")
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == panel_module.export_source(lesson, mode, values)


async def test_wide_layout_shows_graph_table_and_history(make_app):
    app = make_app(start="backpropagation")
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, "neuron", "compare")
        graph = panel(app).query_one("#bp-graph")
        assert graph.display and graph.spread == 2
        assert "z = w·x + b" in graph_text(app), "the roomy graph has the formulas as titles"
        text = detail_text(app)
        assert "loss.backward()" in text and "w.grad[0]" in text
        assert precise(neuron().backward[2].autograd, 10) in text
        await go_to(pilot, app, "trap", "descent")
        await pilot.press("full_stop", "full_stop")
        await settle(pilot, app)
        assert "w before" in detail_text(app)


def test_every_view_is_shown_by_a_section(lessons):
    lesson = next(lesson for lesson in lessons if lesson.id == "backpropagation")
    views = [s.view for s in lesson.sections]
    assert set(views) == set(VIEWS)
    titles = {s.view: s.title for s in lesson.sections}
    assert titles["neuron-compare"] == "loss.backward()" and titles["two-compare"] == "Two layers: loss.backward()"
    assert "differentiable" in next(s.body for s in lesson.sections if s.view == "trap-descent")


def test_numeric_answers_are_the_chain_rule_by_hand(lessons):
    """An oracle apart from the compute module: (ŷ − y)² of a neuron, derived by hand."""
    lesson = next(lesson for lesson in lessons if lesson.id == "backpropagation")
    answers = {q.id: q.answer for q in lesson.questions}
    x, w, b, y = 2.0, 1.0, 0.5, 1.0  # identity: ŷ = z = wx + b, ∂L/∂b = 2(ŷ − y), ∂L/∂w = 2(ŷ − y)·x
    assert answers["backprop-db-identity"] == pytest.approx(2 * (w * x + b - y))
    assert answers["backprop-dw-identity"] == pytest.approx(2 * (w * x + b - y) * x)
    # sigmoid at z = 0: ŷ = 0.5, σ′ = 0.25; ∂L/∂w = 2(ŷ − y)·σ′·x with x = 1
    assert answers["backprop-dw-sigmoid"] == pytest.approx(2 * (0.5 - 1.0) * 0.25 * 1.0)
    assert any(q.source == "lecture" for q in lesson.questions)


SNAPSHOTS = {
    "w1-gradient": ((80, 24), "dark", ("neuron", "backward"), ("full_stop",) * 3),
    "loss-backward-table": ((80, 24), "dark", ("neuron", "compare"), ()),
    "two-layer-W1-gradient": ((80, 24), "dark", ("two", "backward"), ("full_stop",) * 7),
    "two-layer-table": ((80, 24), "dark", ("two", "compare"), ()),
    "accumulate": ((80, 24), "dark", ("accumulate", "calls"), ("full_stop",) * 2),
    "reuse": ((80, 24), "dark", ("reuse", "uses"), ("full_stop",) * 4),
    "step-trap": ((80, 24), "dark", ("trap", "descent"), ("full_stop",) * 5),
    "light-backward": ((80, 24), "light", ("neuron", "backward"), ("full_stop",) * 2),
    "wide-backward": ((200, 60), "dark", ("two", "backward"), ("full_stop",) * 6),
    "wide-reuse": ((200, 60), "dark", ("reuse", "uses"), ("full_stop",) * 4),
}


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_snapshots(snap_compare, course, name):
    from tui_tutor.app import TutorApp

    size, theme, section, keys = SNAPSHOTS[name]

    async def walk(pilot) -> None:
        await settle(pilot, pilot.app)
        pilot.app.screen.section = section_of(pilot.app, "-".join(section))
        await settle(pilot, pilot.app)
        for key in keys:
            await pilot.press(key)
        await settle(pilot, pilot.app)

    assert snap_compare(TutorApp(course, start="backpropagation", theme=theme), terminal_size=size, run_before=walk)


async def test_a_scenario_named_for_another_activation_says_the_trap_keeps_step(make_app):
    """Step "No slope, no learning" is about φ = step: a scenario named for a saturated sigmoid
    brings its x, w, b, y there, and its notice says the step keeps φ = step (the graph's ŷ = step(z))."""
    async with lesson_at(make_app, "backpropagation") as (pilot, app):
        await go_to(pilot, app, "trap", "descent")
        await press(pilot, app, "f2", "f2")
        _, said = app.notices[-1]
        assert said.startswith("Scenario 2/6: saturated sigmoid: a tiny gradient")
        assert "This step keeps φ = step, its subject; φ = sigmoid shows on the other steps." in said
        assert "ŷ = step(z)" in graph_text(app) and tuple(panel(app).inputs["trap"]["x"]) == (3.0, -3.0)
        await press(pilot, app, "f2", "f2")  # "linear neuron (φ = identity)"
        assert "φ = identity shows on the other steps" in app.notices[-1][1]
        await go_to(pilot, app, "neuron", "forward")
        await press(pilot, app, "f2", "f2", "f2", "f2")  # 5, 6, 1, 2: "saturated sigmoid", shown as named
        _, said = app.notices[-1]
        assert "saturated sigmoid" in said and "keeps φ" not in said and panel(app).inputs["neuron"]["activation"] == "sigmoid"


async def test_the_compare_step_says_what_an_edit_changes_and_it_does(make_app):
    """Step 4's words: both columns follow an edit; steps already seen keep their values, the
    steps ahead start from the edited ones (each step keeps its own values, by design)."""
    async with lesson_at(make_app, "backpropagation") as (pilot, app):
        await go_to(pilot, app, "neuron", "forward")
        await go_to(pilot, app, "neuron", "compare")
        body = " ".join(app.screen.lesson.sections[app.screen.section].body.split())
        assert "both columns follow. A step you have seen keeps its values; one not seen yet starts from these." in body
        panel(app).query_one("#bp-edit-neuron #param-x", ParamField).value = "2, 1"
        await settle(pilot, app)
        expected = backprop.neuron((2.0, 1.0), W, B, Y, "sigmoid")
        for g in (g for g in expected.backward if not g.retained):
            assert detail_text(app).count(precise(g.value, 6)) >= 2, "by hand and .grad both follow"
        await go_to(pilot, app, "two", "forward")
        assert boxes(app)["x"].value == "2, 1", "a step not seen yet starts from the edited values"
        await go_to(pilot, app, "neuron", "forward")
        assert boxes(app)["x"].value == "1.5, −2", "a step seen comes back with the values it had"
        await go_to(pilot, app, "neuron", "compare")
        assert boxes(app)["x"].value == "2, 1" and detail_text(app).count(precise(expected.backward[-1].value, 6)) >= 2
