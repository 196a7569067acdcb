"""Lesson `mse-for-classification`: CE vs MSE trained in a worker (same seed, data, η; stoppable,
η edits retrain), the summary says how each loss went (a CE that jumps at η = 5 is said to),
the gradients of one example are the compute module's, the class-in-range rule, views by step,
scenarios and the PyTorch of either view."""

from __future__ import annotations

from functools import cache

from tests.helpers import go_to_view, lesson_at, settle, steps_whose_prose_scrolls, text_of
from tui_tutor.compute import classification as C
from tui_tutor.compute import digits as D
from tui_tutor.numbers import number, probability
from tui_tutor.panels.mse_for_classification import TRAINING, export_source
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
        assert line.startswith(f"{m.loss.upper():<3}: loss {number(m.losses[0])} → ")
        assert line.endswith(f" → {number(m.final_loss)}, accuracy {m.final_accuracy:.1%}, fresh glyphs {m.test_accuracy:.1%}")
    assert app.screen.query_one("#mse-ce-loss").spec.series[0].ys == result.ce.losses
    assert app.screen.query_one("#mse-mse-loss").spec.series[0].ys == result.mse.losses
    accuracy = app.screen.query_one("#mse-accuracy").spec.series
    assert (accuracy[0].ys, accuracy[1].ys) == (result.ce.accuracies, result.mse.accuracies)
    assert app.screen.panel.headline.values == (result.ce.final_accuracy, result.mse.final_accuracy)


def assert_gradients_show(app, logits, c: int) -> C.LogitGradients:
    g = C.logit_gradients(logits, c - 1)
    assert shown(app, "ce-heading") == f"∂CE/∂ỹᵢ = ŷᵢ − yᵢ   CE = {number(g.ce_loss)}"
    assert shown(app, "mse-heading") == f"∂MSE/∂ỹᵢ, same scale   MSE = {number(g.mse_loss)}"
    for name, grad in (("ce-grad", g.ce_grad), ("mse-grad", g.mse_grad)):
        rows = shown(app, name).splitlines()
        assert len(rows) == len(logits)
        for i, (row, value) in enumerate(zip(rows, grad, strict=True)):
            assert number(value) in row and row.rstrip().endswith("◀") == (i == c - 1)
    note = flat(shown(app, "note"))
    assert note.startswith(f"ŷ{'₁₂₃₄₅₆'[c - 1]} = {probability(g.probabilities[c - 1])}, "
                           f"|∇CE| = {number(g.ce_grad_norm)}, |∇MSE| = {number(g.mse_grad_norm)}.")
    return g


async def test_the_default_example_is_confidently_wrong_and_said_so(make_app):
    async with lesson_at(make_app, "mse-for-classification", view="gradients") as (pilot, app):
        g = assert_gradients_show(app, (6.0, 0.0, -2.0), 3)
        note = flat(shown(app, "note"))
        assert g.verdict == "confidently wrong" and "Confidently wrong" in note
        assert f"MSE's is {number(g.norm_ratio, 3)}× smaller" in note and number(g.norm_ratio, 3) == "527"
        assert app.screen.panel.headline.values == (g.ce_grad_norm, g.mse_grad_norm)
        app.screen.apply_scenario("confidently right: ỹ = (6, 0, −2), c = 1")
        await settle(pilot, app)
        assert_gradients_show(app, (6.0, 0.0, -2.0), 1)
        assert "Confidently wrong" not in shown(app, "note")


async def test_both_losses_train_from_the_same_start_and_eta_edits_retrain(make_app):
    async with lesson_at(make_app, "mse-for-classification") as (pilot, app):
        assert await steps_whose_prose_scrolls(pilot, app) == [], "every step's text fits at 80×24"
        result = comparison()
        assert result.ce.losses[0] != result.mse.losses[0] and result.ce.accuracies[0] == result.mse.accuracies[0]
        assert shown(app, "progress") == "both trained 200 epochs from the same start"
        assert_training_shows(app, result)
        field = app.screen.query_one("#param-lr", ParamField)
        field.focus()
        field.value = "2"
        await settle(pilot, app)
        assert_training_shows(app, comparison(2.0))


async def test_eta_5_is_said_to_throw_ce_up_before_it_falls(make_app):
    """The scenario's name says η = 5 is too large for CE: the summary shows CE's loss peak."""
    async with lesson_at(make_app, "mse-for-classification") as (pilot, app):
        app.screen.apply_scenario("η = 5: too large for CE, not for MSE")
        await settle(pilot, app)
        result = comparison(5.0)
        assert_training_shows(app, result)
        peak = max(range(len(result.ce.losses)), key=result.ce.losses.__getitem__)
        assert f"→ peak {number(result.ce.losses[peak])} (epoch {peak}) →" in shown(app, "summary").splitlines()[0]
        assert "peak" not in shown(app, "summary").splitlines()[1]
        assert result.mse.final_accuracy > result.ce.final_accuracy


async def test_values_outside_the_rules_are_refused(make_app):
    async with lesson_at(make_app, "mse-for-classification") as (pilot, app):
        before = (shown(app, "summary"), shown(app, "note"))
        cases = [("lr", "0"), ("lr", "6"), ("logits", "1"), ("logits", "1,2,3,4,5,6,7"), ("logits", "100, 1"),
                 ("true_class", "0"), ("true_class", "7"), ("true_class", "2.5")]
        for name, bad in cases:
            await go_to_view(pilot, app, "training" if name == "lr" else "gradients")
            field = app.screen.query_one(f"#param-{name}", ParamField)
            field.focus()
            field.value = bad
            await pilot.pause()
            editor = next(e for e in app.screen.query(ParamEditor) if name in {p.name for p in e.params})
            assert editor.note(name).startswith("✗ ") and field.has_class("-refused")
            assert (shown(app, "summary"), shown(app, "note")) == before
            await pilot.press("enter")
            await pilot.pause()
            assert field.value == {"lr": "0.5", "logits": "6, 0, −2", "true_class": "3"}[name]


async def test_the_true_class_must_exist(make_app):
    async with lesson_at(make_app, "mse-for-classification", view="gradients") as (pilot, app):
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


async def test_steps_choose_the_view_v_switches_and_training_stops(make_app, monkeypatch):
    async with lesson_at(make_app, "mse-for-classification") as (pilot, app):
        training, grads = app.screen.query_one("#mse-training"), app.screen.query_one("#mse-gradients")
        seen = []
        for step in range(len(app.screen.lesson.sections)):
            app.screen.section = step
            await pilot.pause()
            seen.append((training.display, grads.display))
        assert seen == [(s.view == "training", s.view == "gradients") for s in app.screen.lesson.sections]
        monkeypatch.setitem(TRAINING, "epochs", 1_000_000)
        await pilot.press("t")
        await pilot.pause(0.2)
        assert app.screen.query_one("#mse-progress").running
        await pilot.press("v")  # the UI keeps answering
        assert grads.display and not training.display
        await pilot.press("s")
        await settle(pilot, app)
        result = app.screen.panel.comparison
        assert result.ce.stopped and result.mse.stopped and result.mse.epochs_run == 0
        assert shown(app, "progress").startswith(f"stopped: CE ran {result.ce.epochs_run}, MSE 0 of 1000000 epochs")


async def test_wide_terminal_shows_both_views(make_app):
    async with lesson_at(make_app, "mse-for-classification", size=(200, 60)) as (pilot, app):
        assert app.screen.query_one("#mse-training").display and app.screen.query_one("#mse-gradients").display
        assert app.screen.query_one("#mse-ce-loss").size.height > 20


async def test_show_the_pytorch_of_each_view(make_app):
    example = {"logits": (4.0, -1.0, 0.5, 2.0), "true_class": 2}
    async with lesson_at(make_app, "mse-for-classification", overrides=example) as (pilot, app):
        lesson = app.screen.lesson
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == export_source(lesson, {"lr": 0.5}, runs=(("ce", 200), ("mse", 200)))
        await pilot.press("escape", "v", "c")
        await settle(pilot, app)
        assert app.screen.source == export_source(lesson, example, "gradients")
