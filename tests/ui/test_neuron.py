"""Lesson `neuron`: typing, nudging, refusing bad values, --set, and showing the PyTorch."""

from __future__ import annotations

import math

import pytest

from tests.helpers import settle, text_of
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def y_hat_line(app) -> str:
    return next(line for line in text_of(app.screen.query_one("#neuron-sum")).splitlines() if line.startswith("ŷ"))


async def open_neuron(make_app, pilot_size=(80, 24), **kwargs):
    app = make_app(start="neuron", **kwargs)
    return app


async def focus_field(pilot, app, name: str) -> ParamField:
    field = app.screen.query_one(f"#param-{name}", ParamField)
    field.focus()
    await pilot.pause()
    return field


async def test_defaults_show_terms_sum_and_output(make_app):
    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        terms = text_of(app.screen.query_one("#neuron-terms"))
        for term in ("1.2000", "−0.8000", "−0.7500"):
            assert term in terms
        assert y_hat_line(app) == f"ŷ = φ(z) = sigmoid(0.1500) = {sigmoid(0.15):.4f}"


async def test_typing_updates_numbers(make_app):
    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = await focus_field(pilot, app, "b")
        field.value = ""
        await pilot.press(*"-1")
        await settle(pilot, app)
        assert y_hat_line(app) == f"ŷ = φ(z) = sigmoid(−1.3500) = {sigmoid(-1.35):.4f}"


async def test_nudge_keys_move_the_number_under_the_cursor(make_app):
    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = await focus_field(pilot, app, "w")
        field.cursor_position = field.value.index("0.4") + 1
        await pilot.press("up", "up", "shift+down")
        await settle(pilot, app)
        assert field.value == "0.8, −0.4, −1"
        z = 0.8 * 1.5 + (-0.4) * -2 + (-1) * 0.75 + 0.5
        assert y_hat_line(app) == f"ŷ = φ(z) = sigmoid({z:.4f}) = {sigmoid(z):.4f}"


async def test_choice_cycles_with_arrows(make_app):
    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await focus_field(pilot, app, "activation")
        await pilot.press("up")
        await settle(pilot, app)
        assert y_hat_line(app) == "ŷ = φ(z) = tanh(0.1500) = " + f"{math.tanh(0.15):.4f}"
        await pilot.press("down", "down")
        await settle(pilot, app)
        assert y_hat_line(app) == "ŷ = φ(z) = step(0.1500) = 1.0000"


async def test_w_follows_the_length_of_x(make_app):
    """One weight per input: a shorter x cuts w, a longer one pads it with zeros, on screen and
    in the computation; w typed at another length is refused."""
    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        x = await focus_field(pilot, app, "x")
        x.value = "1, 2"
        await settle(pilot, app)
        w = app.screen.query_one("#param-w", ParamField)
        assert w.value == "0.8, 0.4" and app.screen.panel.values["w"] == (0.8, 0.4)
        assert y_hat_line(app) == f"ŷ = φ(z) = sigmoid(2.1000) = {sigmoid(2.1):.4f}"
        x.value = "1, 2, 3, 4"
        await settle(pilot, app)
        assert w.value == "0.8, 0.4, 0, 0"
        w = await focus_field(pilot, app, "w")
        w.value = "3, -1"
        await settle(pilot, app)
        assert w.has_class("-refused") and "x and w need the same length" in app.screen.query_one(ParamEditor).note("w")
        await pilot.press("enter")
        await settle(pilot, app)
        assert w.value == "0.8, 0.4, 0, 0" and not w.has_class("-refused")


async def test_set_overrides_reach_the_screen(make_app):
    app = make_app(start="neuron", overrides={"x": (2.0,), "w": (-1.0,), "b": 0.0, "activation": "relu"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert y_hat_line(app) == "ŷ = φ(z) = relu(−2.0000) = 0.0000"


async def test_escape_leaves_a_field_then_steps_work(make_app):
    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("tab")
        assert isinstance(app.focused, ParamField)
        await pilot.press("escape")
        assert app.focused is app.screen.panel
        await pilot.press("right")
        assert app.screen.section == 1


async def test_show_and_export_pytorch(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert "torch.sigmoid(z)" in app.screen.source and "[1.5, -2.0, 0.75]" in app.screen.source
        await pilot.press("e")
        await settle(pilot, app)
        exported = tmp_path / "tui_tutor_neuron.py"
        assert exported.read_text() == app.screen.panel.pytorch_source()
