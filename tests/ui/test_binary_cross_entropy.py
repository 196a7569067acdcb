"""Lesson `binary-cross-entropy`: BCE against the slide's slip, then the spam filter trained on the
lesson's e-mails, its verdict on typed e-mails, and the separable e-mails' growing weights."""

from __future__ import annotations

from tests.helpers import go_to_view, lesson_at, settle, steps_whose_prose_scrolls, text_of
from tui_tutor.compute import classification, spam
from tui_tutor.numbers import number, probability
from tui_tutor.panels.binary_cross_entropy import emails_of, export_source
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField


def shown(app, name: str) -> str:
    return text_of(app.screen.query_one(f"#{name}"))


def assert_bce(app, y_hat: float, y: int) -> None:
    """The numbers column equals the compute module's BCE of (ŷ, y), both branches and the slide's form."""
    r = classification.bce(y_hat, float(y))
    lines = shown(app, "bce-numbers").splitlines()
    assert lines[0].endswith(f"= {number(classification.bce(y_hat, 1.0).loss)}")
    assert lines[1].endswith(f"= {number(classification.bce(y_hat, 0.0).loss)}")
    assert lines[3].strip() == f"= {number(r.loss)}"
    assert lines[5].strip().startswith(f"= {number(r.slide_loss)}")
    label = int(y_hat >= 0.5)
    assert lines[6] == f"ŷ {'≥' if label else '<'} 0.5 → predicts class {label}: {'right' if label == y else 'wrong'}"


def emails(app):
    return emails_of(app.screen.lesson)


async def test_bce_both_branches_the_slide_form_and_its_slip(make_app):
    async with lesson_at(make_app, "binary-cross-entropy") as (pilot, app):
        assert await steps_whose_prose_scrolls(pilot, app) == [], "every step's text fits at 80×24"
        assert_bce(app, 0.8, 1)
        assert "same (y = 1)" in shown(app, "bce-numbers")
        app.screen.query_one("#param-y", ParamField).focus()
        await pilot.press("down")  # y = 0 by the keyboard
        await settle(pilot, app)
        assert_bce(app, 0.8, 0)
        await go_to_view(pilot, app, "slip")
        app.screen.apply_scenario("the slide's slip: y = 0, ŷ = 0.9")
        await settle(pilot, app)
        assert_bce(app, 0.9, 0)
        assert "= 2.303" in shown(app, "bce-numbers") and "= −2.303  ✗ the sign slip" in shown(app, "bce-numbers")
        for bad in ("1.5", "-0.1"):  # outside [0, 1]: refused, the numbers stay
            field = app.screen.query_one("#param-y_hat", ParamField)
            field.focus()
            field.value = bad
            await pilot.pause()
            assert app.screen.query_one("#bce-editor", ParamEditor).note("y_hat").startswith("✗ ")
            assert_bce(app, 0.9, 0)


async def test_log_zero_is_clamped_and_said(make_app):
    async with lesson_at(make_app, "binary-cross-entropy", overrides={"y_hat": 0.0, "y": 1}) as (pilot, app):
        assert_bce(app, 0.0, 1)
        assert "clamped to −100" in " ".join(shown(app, "bce-numbers").split())


async def test_the_filter_trains_on_arrival_and_judges_what_is_typed(make_app):
    async with lesson_at(make_app, "binary-cross-entropy") as (pilot, app):
        panel = app.screen.panel
        assert panel.model is None, "no training before the filter's step"
        await go_to_view(pilot, app, "spam")
        expected = spam.train(emails(app), seed=0, lr=0.5, epochs=1000)
        assert panel.model == expected
        assert shown(app, "spam-progress").startswith(
            f"trained 1000 epochs: BCE {number(expected.final_loss)}, ‖w‖ {number(expected.weight_norm)}, 100% right")
        assert panel.history == list(expected.losses), "every epoch's loss reached the live plot"
        box = app.screen.query_one("#spam-email")
        await pilot.press("tab", "tab", "tab")
        assert app.focused is box
        for text in ("Can we meet after the lecture?", "", "x" * 5000, "\x00\x07\x1b[31m free \r\n\t cash \x7f",
                     "ÄÖÜ ß 日本語 😀 prize"):
            box.value = text
            await settle(pilot, app)
            p = spam.predict(expected, box.value)
            verdict = shown(app, "spam-verdict")
            assert f") = {probability(p.probability)} → {'spam' if p.is_spam else 'not spam'}" in verdict
        box.value = ""
        await pilot.press(*"Can we meet after the lecture?")
        await settle(pilot, app)
        p = spam.predict(expected, "Can we meet after the lecture?")
        assert shown(app, "spam-verdict").startswith("P(spam) = σ(") and "→ not spam" in shown(app, "spam-verdict")
        bars = shown(app, "spam-bars")
        top = p.contributions[0]
        assert top.word in bars and number(top.contribution, 3) in bars and "bias b" in bars
        section = app.screen.section
        await pilot.press("right")  # moves the cursor in the box, not the lecture
        assert app.screen.section == section
        await pilot.press("escape")
        assert app.focused is panel


async def test_m_loads_the_lessons_examples_in_order(make_app):
    async with lesson_at(make_app, "binary-cross-entropy") as (pilot, app):
        examples = [row["text"] for row in app.screen.lesson.data["examples"]]
        box = app.screen.query_one("#spam-email")
        assert box.value == examples[0]
        await pilot.press("m")
        assert box.value == examples[0], "m belongs to the filter's steps"
        await go_to_view(pilot, app, "spam")
        for example in (*examples[1:], examples[0]):
            await pilot.press("m")
            await settle(pilot, app)
            assert box.value == example
            p = spam.predict(app.screen.panel.model, example)
            assert f"→ {'spam' if p.is_spam else 'not spam'}" in shown(app, "spam-verdict")


async def test_training_can_be_stopped_and_retrained(make_app):
    async with lesson_at(make_app, "binary-cross-entropy", view="spam") as (pilot, app):
        app.screen.query_one("#spam-editor", ParamEditor).set_values({"epochs": 5000})
        await pilot.press("s")
        await settle(pilot, app)
        model = app.screen.panel.model
        assert model.stopped and model.epochs_run < 5000
        assert shown(app, "spam-progress").startswith(f"stopped after {model.epochs_run} of 5000 epochs")
        await pilot.press("t")
        await settle(pilot, app)
        assert app.screen.panel.model.epochs_run == 5000 and not app.screen.panel.model.stopped


async def test_separable_emails_the_loss_falls_and_the_weights_keep_growing(make_app):
    """The large-η scenario says what the screen shows: training longer lowers the loss and
    lengthens w, epoch after epoch (the e-mails are separable: no finite minimum)."""
    async with lesson_at(make_app, "binary-cross-entropy", view="spam") as (pilot, app):
        name = next(s.name for s in app.screen.lesson.scenarios if "separable" in s.name)
        assert "grows without bound" in name and "converges" not in name
        app.screen.apply_scenario(name)
        await settle(pilot, app)
        short = app.screen.panel.model
        app.screen.query_one("#spam-editor", ParamEditor).set_values({"epochs": 3000})
        await settle(pilot, app)
        long = app.screen.panel.model
        assert short.accuracy == long.accuracy == 1.0
        assert long.final_loss < short.final_loss and long.weight_norm > short.weight_norm
        assert f"‖w‖ {number(long.weight_norm)}" in shown(app, "spam-progress")


async def test_show_the_pytorch_of_each_view(make_app):
    async with lesson_at(make_app, "binary-cross-entropy") as (pilot, app):
        lesson = app.screen.lesson
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == export_source(lesson, lesson.defaults())
        await pilot.press("escape")
        await go_to_view(pilot, app, "spam")
        await pilot.press("c")
        await settle(pilot, app)
        email = app.screen_stack[-2].query_one("#spam-email").value
        assert app.screen.source == export_source(lesson, lesson.defaults(), "spam", email, 0)
        assert "binary_cross_entropy_with_logits" in app.screen.source


async def test_arriving_from_the_next_lesson_trains_the_filter(make_app):
    async with lesson_at(make_app, "softmax") as (pilot, app):
        await pilot.press("pageup")
        await settle(pilot, app)
        assert app.screen.lesson.id == "binary-cross-entropy" and app.screen.panel.has_class("-spam")
        assert app.screen.panel.model is not None and "trained 1000 epochs" in shown(app, "spam-progress")
        await pilot.press("pageup", "pageup")  # back to the slip step: the BCE view
        assert not app.screen.panel.has_class("-spam")
        assert "✗ the sign slip" not in shown(app, "bce-numbers")
