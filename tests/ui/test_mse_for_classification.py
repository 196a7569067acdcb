"""Lesson `mse-for-classification`: CE vs MSE trained in a worker (same seed, data, η; stoppable,
η edits retrain), the gradients of one example equal the compute module's, the class-in-range
rule, views by step, scenarios and the PyTorch of either view."""

from __future__ import annotations

import subprocess
import sys
from functools import cache

import pytest

from tests.helpers import settle, text_of
from tui_tutor.compute import classification as C
from tui_tutor.compute import digits as D
from tui_tutor.numbers import fmt
from tui_tutor.panels.mse_for_classification import TRAINING
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField


@cache
def comparison(lr: float = 0.5, seed: int = 0) -> D.CeVsMse:
    return D.train_ce_vs_mse(seed=seed, lr=lr, **TRAINING)


def shown(app, name: str) -> str:
    return text_of(app.screen.query_one(f"#mse-{name}"))


def flat(text: str) -> str:
    return " ".join(text.split())


def assert_training_shows(app, result: D.CeVsMse) -> None:
    summary = shown(app, "summary").splitlines()
    for line, m in zip(summary, (result.ce, result.mse), strict=True):
        assert line == (f"{m.loss.upper():<3}: loss {fmt(m.losses[0])} → {fmt(m.final_loss)}, training accuracy "
                        f"{m.final_accuracy:.1%}, on fresh glyphs {m.test_accuracy:.1%}")
    assert app.screen.query_one("#mse-ce-loss").spec.series[0].ys == result.ce.losses
    assert app.screen.query_one("#mse-mse-loss").spec.series[0].ys == result.mse.losses
    accuracy = app.screen.query_one("#mse-accuracy").spec.series
    assert (accuracy[0].ys, accuracy[1].ys) == (result.ce.accuracies, result.mse.accuracies)


def assert_gradients_show(app, logits, c: int) -> None:
    g = C.logit_gradients(logits, c - 1)
    assert shown(app, "ce-heading") == f"∂CE/∂ỹᵢ = ŷᵢ − yᵢ   CE = {fmt(g.ce_loss)}"
    assert shown(app, "mse-heading") == f"∂MSE/∂ỹᵢ, same scale   MSE = {fmt(g.mse_loss)}"
    for name, grad in (("ce-grad", g.ce_grad), ("mse-grad", g.mse_grad)):
        rows = shown(app, name).splitlines()
        assert len(rows) == len(logits)
        for i, (row, value) in enumerate(zip(rows, grad, strict=True)):
            assert fmt(value) in row and row.rstrip().endswith("◀") == (i == c - 1)
    note = flat(shown(app, "note"))
    assert f"|∇CE| = {fmt(g.ce_grad_norm)}, |∇MSE| = {fmt(g.mse_grad_norm)}" in note


async def test_the_default_example_is_the_compute_modules_confidently_wrong(make_app, lessons):
    lesson = next(l for l in lessons if l.id == "mse-for-classification")
    logits, k = C.CONFIDENTLY_WRONG
    assert lesson.defaults()["logits"] == logits and lesson.defaults()["true_class"] == k + 1
    app = make_app(start="mse-for-classification")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("v")
        await pilot.pause()
        assert_gradients_show(app, logits, k + 1)
        note = flat(shown(app, "note"))
        assert "Confidently wrong" in note and "527× smaller" in note
        g = C.logit_gradients(logits, k)
        assert app.screen.panel.headline == ("|∇CE| : |∇MSE| =", f"{fmt(g.ce_grad_norm)} : {fmt(g.mse_grad_norm)}")


async def test_both_losses_train_from_the_same_start(make_app):
    app = make_app(start="mse-for-classification")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        result = comparison()
        assert result.ce.losses[0] != result.mse.losses[0] and result.ce.accuracies[0] == result.mse.accuracies[0]
        assert shown(app, "progress") == "trained both for 200 epochs from the same start"
        assert_training_shows(app, result)
        assert app.screen.panel.headline == (
            "training accuracy, CE : MSE", f"{result.ce.final_accuracy:.1%} : {result.mse.final_accuracy:.1%}")


async def test_editing_eta_retrains_both(make_app):
    app = make_app(start="mse-for-classification")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = app.screen.query_one("#param-lr", ParamField)
        field.focus()
        field.value = "2"
        await settle(pilot, app)
        assert_training_shows(app, comparison(2.0))


async def test_scenarios_step_through_examples_and_eta(make_app):
    app = make_app(start="mse-for-classification")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f2")
        await settle(pilot, app)
        assert_gradients_show(app, (6.0, 0.0, -2.0), 1)
        assert "Confidently wrong" not in shown(app, "note")
        for _ in range(5):
            await pilot.press("f2")
            await settle(pilot, app)
        assert app.screen.query_one("#param-lr", ParamField).value == "5"
        assert_training_shows(app, comparison(5.0))


@pytest.mark.parametrize(("name", "bad"), [("lr", "0"), ("lr", "abc"), ("lr", "6"), ("logits", "1"),
                                           ("logits", "1,2,3,4,5,6,7"), ("logits", "100, 1"), ("true_class", "0"),
                                           ("true_class", "7"), ("true_class", "2.5")])
async def test_bad_values_are_refused_and_the_last_good_kept(make_app, name, bad):
    app = make_app(start="mse-for-classification")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        before = (shown(app, "summary"), shown(app, "note"))
        field = app.screen.query_one(f"#param-{name}", ParamField)
        field.focus()
        field.value = bad
        await settle(pilot, app)
        editor = next(e for e in app.screen.query(ParamEditor) if name in {p.name for p in e.params})
        assert editor.note(name).startswith("✗ ") and field.has_class("-refused")
        assert (shown(app, "summary"), shown(app, "note")) == before
        await pilot.press("enter")
        await settle(pilot, app)
        assert field.value == {"lr": "0.5", "logits": "6, 0, −2", "true_class": "3"}[name]


async def test_the_true_class_must_exist(make_app):
    app = make_app(start="mse-for-classification")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        before = shown(app, "note")
        logits = app.screen.query_one("#param-logits", ParamField)
        logits.focus()
        logits.value = "2, -1"
        await settle(pilot, app)
        editor = app.screen.query_one("#mse-example-editor", ParamEditor)
        assert editor.note("true_class") == "✗ class 3 does not exist: ỹ has 2 logits (1…2)"
        assert shown(app, "note") == before, "the last good example stays on screen"
        c = app.screen.query_one("#param-true_class", ParamField)
        c.focus()
        c.value = "2"
        await settle(pilot, app)
        assert not editor.note("true_class").startswith("✗")
        assert_gradients_show(app, (2.0, -1.0), 2)


async def test_steps_choose_the_view_and_v_switches(make_app):
    app = make_app(start="mse-for-classification")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        training, grads = app.screen.query_one("#mse-training"), app.screen.query_one("#mse-gradients")
        seen = []
        for step in range(5):
            seen.append((training.display, grads.display))
            if step < 4:
                await pilot.press("right")
                await pilot.pause()
        t, g = (True, False), (False, True)
        assert seen == [t, t, g, g, t]
        await pilot.press("v")
        await pilot.pause()
        assert (training.display, grads.display) == g


async def test_training_can_be_stopped(make_app, monkeypatch):
    app = make_app(start="mse-for-classification")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        monkeypatch.setitem(TRAINING, "epochs", 1_000_000)
        await pilot.press("t")
        await pilot.pause(0.2)
        assert app.screen.query_one("#mse-progress").running
        await pilot.press("v")  # the UI keeps answering
        assert app.screen.query_one("#mse-gradients").display
        await pilot.press("s")
        await settle(pilot, app)
        result = app.screen.panel.comparison
        assert result.ce.stopped and result.mse.stopped and result.mse.epochs_run == 0
        assert shown(app, "progress").startswith(f"stopped: CE ran {result.ce.epochs_run}, MSE 0 of 1000000 epochs")


async def test_wide_terminal_shows_both_views(make_app):
    app = make_app(start="mse-for-classification")
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        assert app.screen.query_one("#mse-training").display and app.screen.query_one("#mse-gradients").display
        assert app.screen.query_one("#mse-ce-loss").size.height > 20


async def test_show_the_pytorch_of_each_view(make_app):
    app = make_app(start="mse-for-classification", overrides={"logits": (4.0, -1.0, 0.5, 2.0), "true_class": 2})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        training = app.screen.source
        await pilot.press("escape", "v", "c")
        await settle(pilot, app)
        gradient = app.screen.source
    outputs = []
    for source in (training, gradient):
        out = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, check=True, timeout=120)
        outputs.append({k: float(v) for k, v in (line.split(" = ") for line in out.stdout.splitlines())})
    trained, grads = outputs
    result = comparison()
    for m in (result.ce, result.mse):
        assert fmt(trained[f"{m.loss}_loss"]) == fmt(m.final_loss)
        assert trained[f"{m.loss}_accuracy"] == m.final_accuracy
    g = C.logit_gradients((4.0, -1.0, 0.5, 2.0), 1)
    assert [fmt(grads[f"ce_grad[{i}]"]) for i in range(4)] == [fmt(v) for v in g.ce_grad]
    assert [fmt(grads[f"mse_grad[{i}]"]) for i in range(4)] == [fmt(v) for v in g.mse_grad]
    assert fmt(grads["ce"]) == fmt(g.ce_loss) and fmt(grads["mse"]) == fmt(g.mse_loss)
