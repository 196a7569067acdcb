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


@pytest.mark.parametrize("bad", ["abc", "nan", "inf", "1e400", "", "1,2", "999"])
async def test_bad_value_is_refused_and_last_good_kept(make_app, bad):
    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = await focus_field(pilot, app, "b")
        before = y_hat_line(app)
        field.value = bad
        await settle(pilot, app)
        note = app.screen.query_one(ParamEditor).note("b")
        assert note.startswith("✗ ")
        assert field.has_class("-refused")
        assert y_hat_line(app) == before
        await pilot.press("enter")
        await settle(pilot, app)
        assert field.value == "0.5" and not field.has_class("-refused")
        refusal = [n for n in app._notifications if n.title == "Value refused"]
        assert len(refusal) == 1 and "Kept the last good value, 0.5." in refusal[0].message


async def test_nudge_keys_move_the_number_under_the_cursor(make_app):
    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = await focus_field(pilot, app, "w")
        field.cursor_position = field.value.index("0.4") + 1
        await pilot.press("up", "up", "shift+down")
        await settle(pilot, app)
        assert field.value == "0.8, -0.4, -1"
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


async def test_list_lengths_must_match(make_app):
    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        x = await focus_field(pilot, app, "x")
        x.value = "1, 2"
        await settle(pilot, app)
        assert "x and w need the same length" in app.screen.query_one(ParamEditor).note("w")
        assert "1.2000" in text_of(app.screen.query_one("#neuron-terms")), "old numbers stay"
        w = await focus_field(pilot, app, "w")
        w.value = "3, -1"
        await settle(pilot, app)
        assert y_hat_line(app) == f"ŷ = φ(z) = sigmoid(1.5000) = {sigmoid(1.5):.4f}"
        assert not w.has_class("-refused")


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
