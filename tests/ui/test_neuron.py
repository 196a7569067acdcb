"""Lesson `neuron`: typing, nudging, cycling φ, w following x, refused edits undone whole,
--set, Escape, and the PyTorch export; every number on screen is the compute module's."""

from __future__ import annotations

import re

from tests.helpers import lesson_at, settle, text_of
from tui_tutor.compute import neuron
from tui_tutor.numbers import column, number
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField


def expect_screen(app, x, w, b, activation) -> None:
    """The table of terms and the worked sum show the compute module's numbers for these values."""
    r = neuron.forward(x, w, b, activation)
    terms = text_of(app.screen.query_one("#neuron-terms")).splitlines()[1:]
    assert [line.split()[1:] for line in terms] == [[number(xi), number(wi), t] for xi, wi, t in
                                                    zip(x, w, column(r.terms))]
    lines = text_of(app.screen.query_one("#neuron-sum")).splitlines()
    assert lines[0] == f"z = Σ wᵢxᵢ + b = {number(r.z)}"
    assert lines[2] == f"ŷ = φ(z) = {activation}({number(r.z)}) = {number(r.y_hat)}"
    assert app.screen.panel.values == {"x": tuple(x), "w": tuple(w), "b": b, "activation": activation}


async def edit(pilot, app, name: str, *keys: str) -> ParamField:
    """Focus a field, select its text away and type `keys` (then settle)."""
    field = app.screen.query_one(f"#param-{name}", ParamField)
    field.focus()
    await pilot.pause()
    field.cursor_position = len(field.value)
    await pilot.press(*["backspace"] * len(field.value), *keys)
    await settle(pilot, app)
    return field


async def test_editing_the_neuron(make_app):
    x, w = (1.5, -2.0, 0.75), (0.8, 0.4, -1.0)
    async with lesson_at(make_app, "neuron") as (pilot, app):
        expect_screen(app, x, w, 0.5, "sigmoid")
        assert text_of(app.screen.query_one("#neuron-sum")).splitlines()[1] == "  = 1.2 − 0.8 − 0.75 + 0.5"

        await edit(pilot, app, "b", *"-1", "enter")  # typed: computed at each good keystroke
        expect_screen(app, x, w, -1.0, "sigmoid")

        field = await edit(pilot, app, "b", *"1e400")  # refused beside the field; "1" on the way was good
        assert field.has_class("-refused") and app.screen.query_one(ParamEditor).note("b").startswith("✗ ")
        assert app.screen.query_one(ParamEditor).note("b").endswith("still computing with 1")
        expect_screen(app, x, w, 1.0, "sigmoid")
        await pilot.press("enter")  # the whole edit is undone: back to −1, not the keystroke on the way
        await settle(pilot, app)
        assert field.value == "−1" and not field.has_class("-refused")
        expect_screen(app, x, w, -1.0, "sigmoid")

        field = await edit(pilot, app, "x", *"abc", "enter")
        assert field.value == "1.5, −2, 0.75"
        expect_screen(app, x, w, -1.0, "sigmoid")

        field = app.screen.query_one("#param-w", ParamField)
        field.focus()
        field.cursor_position = field.value.index("0.4") + 1
        await pilot.press("up", "up", "shift+down")  # nudges the number under the cursor
        await settle(pilot, app)
        w = (0.8, -0.4, -1.0)
        assert field.value == "0.8, −0.4, −1"
        expect_screen(app, x, w, -1.0, "sigmoid")

        app.screen.query_one("#param-activation", ParamField).focus()
        await pilot.press("up")
        await settle(pilot, app)
        expect_screen(app, x, w, -1.0, "tanh")
        await pilot.press("down", "down")
        await settle(pilot, app)
        expect_screen(app, x, w, -1.0, "step")

        await pilot.press("escape")  # leaves the field: the step keys work again
        assert app.focused is app.screen.panel
        await pilot.press("right")
        assert app.screen.section == 1


async def test_w_follows_the_length_of_x(make_app):
    """One weight per input: a shorter x cuts w, a longer one pads it with zeros, from the weights
    w had when the edit of x began (typing passes through shorter lists), on screen and in the
    computation; w typed at another length is refused, and Enter undoes it."""
    async with lesson_at(make_app, "neuron") as (pilot, app):
        x = await edit(pilot, app, "x", *"1, 2")  # through x = 1: w is cut to one weight on the way
        w = app.screen.query_one("#param-w", ParamField)
        assert w.value == "0.8, 0.4"
        expect_screen(app, (1.0, 2.0), (0.8, 0.4), 0.5, "sigmoid")
        x.value = "1, 2, 3, 4"
        await settle(pilot, app)
        assert w.value == "0.8, 0.4, −1, 0"
        await pilot.press("enter")
        x.value = "1, 2, 3"
        await settle(pilot, app)
        assert w.value == "0.8, 0.4, −1"
        x.value = "1, 2, 3, 4"
        await settle(pilot, app)
        assert w.value == "0.8, 0.4, −1, 0"
        await edit(pilot, app, "w", *"3, -1")
        assert w.has_class("-refused") and "x and w need the same length" in app.screen.query_one(ParamEditor).note("w")
        await pilot.press("enter")
        await settle(pilot, app)
        assert w.value == "0.8, 0.4, −1, 0" and not w.has_class("-refused")
        expect_screen(app, (1.0, 2.0, 3.0, 4.0), (0.8, 0.4, -1.0, 0.0), 0.5, "sigmoid")


async def test_set_values_reach_the_screen_and_the_export(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    values = {"x": (2.0,), "w": (-1.0,), "b": 0.0, "activation": "relu"}
    async with lesson_at(make_app, "neuron", overrides=values) as (pilot, app):
        expect_screen(app, **values)
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        source = app.screen.source
        assert "x = torch.tensor([2.0]" in source and "activation = 'relu'" in source
        await pilot.press("e")
        await settle(pilot, app)
        assert (tmp_path / "tui_tutor_neuron.py").read_text() == source


async def test_a_refusal_under_the_fields_leaves_the_answer_line_on_screen(make_app):
    """At 80×24 a refused value's message under the fields takes its rows from the table of
    terms, never from z and ŷ; terms that no longer fit are counted, not cut silently."""
    from tests.helpers import screen_lines

    async with lesson_at(make_app, "neuron") as (pilot, app):
        r = neuron.forward((1.5, -2.0, 0.75), (0.8, 0.4, -1.0), 0.5, "sigmoid")
        answer = f"ŷ = φ(z) = sigmoid({number(r.z)}) = {number(r.y_hat)}"
        assert any(line.strip().startswith(answer) for line in screen_lines(app))
        await edit(pilot, app, "x", *"1.5, -2, 0.75abc")
        shown = "\n".join(screen_lines(app))
        assert "x: ✗ value 3: '0.75abc' is not a number; still" in shown and answer in shown
        assert "   = 1.2 − 0.8 − 0.75 + 0.5" in shown and " 3  0.75   −1  −0.75" in shown, "all 3 terms still fit"
        await pilot.press("enter")
        await settle(pilot, app)

        await edit(pilot, app, "x", *"1, 2, 3, 4, 5", "enter")
        await edit(pilot, app, "w", *"1, 1, 1, 1, 1", "enter")
        r = neuron.forward((1.0, 2.0, 3.0, 4.0, 5.0), (1.0,) * 5, 0.5, "sigmoid")
        answer = f"ŷ = φ(z) = sigmoid({number(r.z)}) = {number(r.y_hat)}"
        await edit(pilot, app, "w", *"1, 1, 1, 1, 1abc")  # said under the fields: w's rows are too few
        shown = "\n".join(screen_lines(app))
        assert "w: ✗ value 5: '1abc' is not a number; still" in shown
        assert answer in shown, "the answer line stays"
        hidden = int(re.search(r"… (\d) more of 5 rows", shown)[1])
        kept = [i for i in range(1, 6) if re.search(rf"^ {i} +{i} +1 +{i} ", shown, re.M)]
        assert kept == list(range(1, 6 - hidden)), "the terms that do not fit are counted, the others shown"
        await pilot.press("enter")
        await settle(pilot, app)
        shown = "\n".join(screen_lines(app))
        assert answer in shown and "more of 5 rows" not in shown and re.search(r"^ 5 +5 +1 +5 ", shown, re.M), shown


async def test_nudges_typed_ahead_of_the_tab_still_nudge_and_one_press_nudges_once(make_app):
    """Tab ↑ ↑ arriving at once (a laggy SSH connection delivers them so) queue the ↑s to the
    widget focused before the Tab: they still nudge the field the Tab focused. A single ↑ in
    the field nudges once, not twice (on_key and the binding)."""
    from tests.robustness.monkey import key_event

    app = make_app(start="neuron")
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot, app)
        field = app.screen.query_one("#param-x", ParamField)
        start = field.good
        for key in ("tab", "up", "up"):
            app.post_message(key_event(key))
        await settle(pilot, app)
        assert app.focused is field
        assert field.good == (*start[:-1], round(start[-1] + 2 * field.param.step, 10))
        await pilot.press("up")
        await settle(pilot, app)
        assert field.good == (*start[:-1], round(start[-1] + 3 * field.param.step, 10))
        assert app.screen.panel.values["x"] == field.good
