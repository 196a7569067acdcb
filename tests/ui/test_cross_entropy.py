"""Lesson `cross-entropy`: the recogniser trains in a worker (seeded, stoppable), digit keys pick
the image, the numbers on screen equal the compute module's, bad values are refused, the
PyTorch export prints the same numbers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import settle, text_of
from tui_tutor.compute import digits as D
from tui_tutor.numbers import fmt
from tui_tutor.panels.cross_entropy import TRAINING
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.glyph import GlyphView
from tui_tutor.widgets.param_editor import ParamEditor, ParamField

MODELS: dict[int, D.DigitModel] = {}


def model(seed: int = 0) -> D.DigitModel:
    if seed not in MODELS:
        MODELS[seed] = D.train(seed=seed, loss="ce", **TRAINING)
    return MODELS[seed]


def shown(app, name: str) -> str:
    return text_of(app.screen.query_one(f"#ce-{name}"))


def assert_shows(app, p: D.DigitPrediction) -> None:
    """The glyph, the bars with the one-hot target, and the CE sum are `p`'s numbers."""
    assert app.screen.query_one(GlyphView).pixels == p.pixels
    bars = shown(app, "bars").splitlines()
    for d, line in enumerate(bars):
        assert line.split()[:2] == [str(d), f"y={int(p.one_hot[d])}"]
        assert fmt(p.probabilities[d]) in line and (line.rstrip().endswith("◀") == (d == p.digit))
    total = shown(app, "sum")
    assert f"y = one-hot({p.digit})" in total
    assert f"= −log {fmt(p.probabilities[p.digit])}" in total
    assert f"= {fmt(p.surviving_term)}" in total and p.surviving_term == p.loss
    assert f"recogniser says {p.predicted}" in total
    assert app.screen.panel.headline == ("CE = −log ŷ_true =", fmt(p.loss))


async def test_trains_on_opening_and_shows_the_surviving_term(make_app):
    app = make_app(start="cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        m = model()
        assert shown(app, "progress") == (
            f"trained 200 epochs: {m.final_accuracy:.1%} right on its training glyphs, {m.test_accuracy:.1%} on fresh ones")
        assert_shows(app, D.predict(m, 3, 0.0, 1000))
        assert f"mean CE {fmt(m.final_loss)}" in shown(app, "sum")


async def test_digit_keys_pick_the_image(make_app):
    app = make_app(start="cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("8")
        await settle(pilot, app)
        assert app.screen.query_one("#param-digit", ParamField).value == "8"
        assert_shows(app, D.predict(model(), 8, 0.0, 1000))
        assert app.screen.query_one(GlyphView).pixels == D.glyph(8)
        await pilot.press("0")
        await settle(pilot, app)
        assert_shows(app, D.predict(model(), 0, 0.0, 1000))


async def test_r_draws_fresh_noisy_examples(make_app):
    app = make_app(start="cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        assert app.screen.query_one("#param-noise", ParamField).value == "0.08"
        first = D.predict(model(), 3, 0.08, 2000)
        assert_shows(app, first)
        assert shown(app, "caption") == "3, noisy #1"
        await pilot.press("r")
        await settle(pilot, app)
        second = D.predict(model(), 3, 0.08, 3000)
        assert_shows(app, second)
        assert second.pixels != first.pixels


async def test_the_app_seed_seeds_the_training_data(make_app):
    app = make_app(start="cross-entropy", seed=5, overrides={"digit": 6, "noise": 0.2})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert_shows(app, D.predict(model(5), 6, 0.2, 1005))
        assert model(5).final_loss != model(0).final_loss


@pytest.mark.parametrize(("name", "bad"), [("digit", "10"), ("digit", "3.5"), ("digit", "x"), ("digit", "-1"),
                                           ("noise", "0.9"), ("noise", "-0.1"), ("noise", "nan"), ("noise", "")])
async def test_bad_values_are_refused_and_the_last_good_kept(make_app, name, bad):
    app = make_app(start="cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        before = shown(app, "sum")
        field = app.screen.query_one(f"#param-{name}", ParamField)
        field.focus()
        field.value = bad
        await settle(pilot, app)
        assert app.screen.query_one(ParamEditor).note(name).startswith("✗ ")
        assert shown(app, "sum") == before
        await pilot.press("enter")
        await settle(pilot, app)
        assert field.value == {"digit": "3", "noise": "0"}[name] and not field.has_class("-refused")


async def test_training_can_be_stopped_and_keys_work_meanwhile(make_app, monkeypatch):
    app = make_app(start="cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        monkeypatch.setitem(TRAINING, "epochs", 1_000_000)  # far too long to finish by itself
        await pilot.press("t")
        await pilot.pause(0.2)
        assert app.screen.query_one("#ce-progress").running
        await pilot.press("5")
        assert app.screen.query_one("#param-digit", ParamField).value == "5"
        await pilot.press("s")
        await settle(pilot, app)
        stopped = app.screen.panel.model
        assert stopped.stopped and 0 < stopped.epochs_run < 1_000_000
        assert shown(app, "progress").startswith(f"stopped after {stopped.epochs_run} of 1000000 epochs")
        assert_shows(app, D.predict(stopped, 5, 0.0, 1000))


async def test_wide_terminal_shows_the_training_curves(make_app):
    app = make_app(start="cross-entropy")
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        spec = app.screen.query_one("#ce-curve").spec
        assert spec.series[0].ys == model().losses and spec.series[1].ys == model().accuracies
        assert app.screen.query_one(GlyphView).size.height >= 14, "two rows per pixel"


async def test_show_the_pytorch_prints_the_numbers_on_screen(make_app):
    app = make_app(start="cross-entropy", overrides={"digit": 9, "noise": 0.1})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        source = app.screen.source
    out = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, check=True, timeout=120)
    printed = {k: float(v) for k, v in (line.split(" = ") for line in out.stdout.splitlines())}
    p = D.predict(model(), 9, 0.1, 1000)
    assert [fmt(printed[f"p[{i}]"]) for i in range(10)] == [fmt(q) for q in p.probabilities]
    assert fmt(printed["ce"]) == fmt(p.loss)
    assert fmt(printed["ce_loss"]) == fmt(model().final_loss)
