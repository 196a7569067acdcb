"""Lesson `cross-entropy`: the recogniser trains in a worker (seeded, stoppable), digit keys pick
the image, the numbers on screen are the compute module's and their arithmetic holds as printed,
values outside the lesson's ranges are refused, the wide layout and the PyTorch."""

from __future__ import annotations

import math
import re

import pytest

from tests.helpers import lesson_at, settle, steps_whose_prose_scrolls, text_of
from tui_tutor.compute import digits as D
from tui_tutor.numbers import MINUS, number, probability
from tui_tutor.panels.cross_entropy import TRAINING, export_source
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.glyph import GlyphView
from tui_tutor.widgets.param_editor import ParamEditor, ParamField

MODELS: dict[tuple[int, int], D.DigitModel] = {}


def model(seed: int = 0, epochs: int = TRAINING["epochs"]) -> D.DigitModel:
    if (seed, epochs) not in MODELS:
        MODELS[seed, epochs] = D.train(seed=seed, loss="ce", **{**TRAINING, "epochs": epochs})
    return MODELS[seed, epochs]


def shown(app, name: str) -> str:
    return text_of(app.screen.query_one(f"#ce-{name}"))


def as_float(text: str) -> float:
    return float(text.replace(MINUS, "-"))


def assert_shows(app, p: D.DigitPrediction) -> None:
    """The glyph, the bars with the one-hot target and the CE sum are `p`'s numbers, and the
    sum's arithmetic holds for the numbers as printed: −log(ŷ as shown) rounds to the CE shown."""
    assert app.screen.query_one(GlyphView).pixels == p.pixels
    for d, line in enumerate(shown(app, "bars").splitlines()):
        assert line.split()[:2] == [str(d), f"y={int(p.one_hot[d])}"]
        assert probability(p.probabilities[d]) in line and line.rstrip().endswith("◀") == (d == p.digit)
    total = shown(app, "sum")
    assert f"y = one-hot({p.digit})" in total and f"recogniser says {p.predicted}" in total
    true_p = re.search(r"= −log (\S+)", total)[1]
    ce = re.search(r"^   = (\S+)$", total, re.MULTILINE)[1]
    assert ce == number(p.surviving_term) and p.surviving_term == p.loss
    assert as_float(true_p) == pytest.approx(p.probabilities[p.digit], rel=1e-3)
    assert number(-math.log(as_float(true_p))) == ce, f"−log {true_p} is not {ce}"
    assert app.screen.panel.headline.values == (p.loss,)


async def test_trains_on_opening_shows_the_surviving_term_and_digit_keys_pick(make_app):
    async with lesson_at(make_app, "cross-entropy") as (pilot, app):
        assert await steps_whose_prose_scrolls(pilot, app) == [], "every step's text fits at 80×24"
        m = model()
        assert shown(app, "progress") == (
            f"trained 200 epochs: {m.final_accuracy:.1%} right on its training glyphs, {m.test_accuracy:.1%} on fresh ones")
        assert_shows(app, D.predict(m, 3, 0.0, 1000))
        assert f"mean CE {number(m.final_loss)}" in shown(app, "sum")
        for key in "80":
            await pilot.press(key)
            await settle(pilot, app)
            assert app.screen.query_one("#param-digit", ParamField).value == key
            assert_shows(app, D.predict(m, int(key), 0.0, 1000))
        assert app.screen.query_one(GlyphView).pixels == D.glyph(0)


async def test_r_draws_fresh_noisy_examples_whose_sums_hold(make_app):
    async with lesson_at(make_app, "cross-entropy") as (pilot, app):
        seen = []
        for k in range(1, 7):
            await pilot.press("r")
            await settle(pilot, app)
            assert app.screen.query_one("#param-noise", ParamField).value == "0.08"
            p = D.predict(model(), 3, 0.08, 1000 * (k + 1))
            assert_shows(app, p)
            assert shown(app, "caption") == f"3, noisy #{k}"
            seen.append(p.pixels)
        assert len(set(seen)) > 1


async def test_the_app_seed_seeds_the_training_data(make_app):
    async with lesson_at(make_app, "cross-entropy", seed=5, overrides={"digit": 6, "noise": 0.2}) as (pilot, app):
        assert_shows(app, D.predict(model(5), 6, 0.2, 1005))
        assert model(5).final_loss != model(0).final_loss


async def test_values_outside_the_ranges_are_refused(make_app):
    async with lesson_at(make_app, "cross-entropy") as (pilot, app):
        before = shown(app, "sum")
        for name, bad in (("digit", "10"), ("digit", "3.5"), ("digit", "-1"), ("noise", "0.9"), ("noise", "-0.1")):
            field = app.screen.query_one(f"#param-{name}", ParamField)
            field.focus()
            field.value = bad
            await pilot.pause()
            assert app.screen.query_one(ParamEditor).note(name).startswith("✗ ")
            assert shown(app, "sum") == before
            await pilot.press("enter")
            await pilot.pause()
            assert field.value == {"digit": "3", "noise": "0"}[name] and not field.has_class("-refused")


async def test_training_can_be_stopped_and_keys_work_meanwhile(make_app, monkeypatch):
    async with lesson_at(make_app, "cross-entropy") as (pilot, app):
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
    async with lesson_at(make_app, "cross-entropy", size=(200, 60)) as (pilot, app):
        spec = app.screen.query_one("#ce-curve").spec
        assert spec.series[0].ys == model().losses and spec.series[1].ys == model().accuracies
        assert app.screen.query_one(GlyphView).size.height >= 14, "two rows per pixel"


async def test_show_the_pytorch_of_the_image_on_screen(make_app):
    async with lesson_at(make_app, "cross-entropy", overrides={"digit": 9, "noise": 0.1}) as (pilot, app):
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        p = D.predict(model(), 9, 0.1, 1000)
        lesson = app.screen_stack[-2].lesson
        assert app.screen.source == export_source(lesson, {"digit": 9}, 0, TRAINING["epochs"], p.pixels)
