"""Lesson `binary-cross-entropy`: BCE vs the slide's slip, the spam filter's training, typed e-mails."""

from __future__ import annotations

import pytest

from tests.helpers import settle, text_of
from tui_tutor.compute import classification, spam
from tui_tutor.compute.spam_emails import EMAILS
from tui_tutor.numbers import fmt
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField

SPAM_SECTION = 3


def numbers(app) -> str:
    return text_of(app.screen.query_one("#bce-numbers"))


def verdict(app) -> str:
    return text_of(app.screen.query_one("#spam-verdict"))


def progress(app) -> str:
    return text_of(app.screen.query_one("#spam-progress"))


def expect_bce(app, y_hat: float, y: int) -> None:
    r = classification.bce(y_hat, float(y))
    lines = numbers(app).splitlines()
    assert lines[0].endswith(f"= {fmt(classification.bce(y_hat, 1.0).loss)}")
    assert lines[1].endswith(f"= {fmt(classification.bce(y_hat, 0.0).loss)}")
    assert lines[3].strip() == f"= {fmt(r.loss)}"
    assert lines[5].strip().startswith(f"= {fmt(r.slide_loss)}")


async def open_spam(pilot, app) -> spam.SpamModel:
    """Step to the spam-filter section and wait for its training."""
    for _ in range(SPAM_SECTION):
        await pilot.press("right")
    await settle(pilot, app)
    assert app.screen.panel.has_class("-spam")
    return app.screen.panel.model


async def test_defaults_show_bce_both_branches_and_the_slide_form(make_app):
    app = make_app(start="binary-cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        expect_bce(app, 0.8, 1)
        assert "same (y = 1)" in numbers(app) and "predicts class 1: right" in numbers(app)


async def test_slip_scenario_shows_the_slide_form_going_negative(make_app):
    app = make_app(start="binary-cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("right", "right", "f2")  # the slip section; scenario 1: y = 0, ŷ = 0.9
        await settle(pilot, app)
        expect_bce(app, 0.9, 0)
        text = numbers(app)
        assert "= 2.3026" in text and "= −2.3026  ✗ the sign slip" in text
        assert "predicts class 1: wrong" in text


async def test_log_zero_is_clamped_and_said(make_app):
    app = make_app(start="binary-cross-entropy", overrides={"y_hat": 0.0, "y": 1})
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        expect_bce(app, 0.0, 1)
        assert "clamped to −100" in " ".join(numbers(app).split())


@pytest.mark.parametrize("bad", ["1.5", "-0.1", "abc", "", "nan"])
async def test_bad_probability_is_refused(make_app, bad):
    app = make_app(start="binary-cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = app.screen.query_one("#param-y_hat", ParamField)
        field.focus()
        field.value = bad
        await settle(pilot, app)
        assert app.screen.query_one("#bce-editor", ParamEditor).note("y_hat").startswith("✗ ")
        expect_bce(app, 0.8, 1)


async def test_typed_label_updates_the_loss(make_app):
    app = make_app(start="binary-cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = app.screen.query_one("#param-y", ParamField)
        field.focus()
        await pilot.press("down")  # y = 0
        await settle(pilot, app)
        expect_bce(app, 0.8, 0)


async def test_filter_trains_on_arrival_and_matches_the_compute_module(make_app):
    app = make_app(start="binary-cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.screen.panel.model is None, "no training before the filter's section"
        model = await open_spam(pilot, app)
        expected = spam.train(seed=0, lr=0.5, epochs=1000)
        assert model.losses == pytest.approx(expected.losses) and model.final_loss == pytest.approx(expected.final_loss)
        assert progress(app).startswith(f"trained 1000 epochs: BCE {fmt(expected.final_loss)}, 100%")
        assert len(app.screen.panel.history) == 1000, "every epoch's loss reached the live plot"
        p = spam.predict(expected, app.screen.query_one("#spam-email").value)
        assert verdict(app).startswith(f"P(spam) = σ({fmt(p.logit)}) = {fmt(p.probability)} → spam")


async def test_typed_email_gets_its_probability_and_word_bars(make_app):
    app = make_app(start="binary-cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        model = await open_spam(pilot, app)
        box = app.screen.query_one("#spam-email")
        await pilot.press("tab", "tab", "tab")
        assert app.focused is box
        box.value = ""
        await pilot.press(*"Can we meet after the lecture?")
        await settle(pilot, app)
        p = spam.predict(model, "Can we meet after the lecture?")
        assert verdict(app).startswith(f"P(spam) = σ({fmt(p.logit)}) = {fmt(p.probability)} → not spam")
        bars = text_of(app.screen.query_one("#spam-bars"))
        top = p.contributions[0]
        assert top.word in bars and f"{top.contribution:+.2f}".replace("-", "−") in bars
        assert "bias b" in bars
        await pilot.press("right")  # moves the cursor in the box, not the lecture
        assert app.screen.section == SPAM_SECTION
        await pilot.press("escape")
        assert app.focused is app.screen.panel


@pytest.mark.parametrize("text", ["", "x" * 5000, "\x00\x07\x1b[31m free \r\n\t cash \x7f", "ÄÖÜ ß 日本語 😀 prize"])
async def test_any_text_is_judged_without_errors(make_app, text):
    app = make_app(start="binary-cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        model = await open_spam(pilot, app)
        box = app.screen.query_one("#spam-email")
        box.focus()
        box.value = text
        await pilot.press("ctrl+a", "a", "backspace")
        await settle(pilot, app)
        p = spam.predict(model, box.value)
        assert f"= {fmt(p.probability)} → " in verdict(app)
        assert len(box.value) <= 2000 or box.value == text


async def test_example_key_loads_the_slides_emails(make_app):
    app = make_app(start="binary-cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        box = app.screen.query_one("#spam-email")
        before = box.value
        await pilot.press("m")
        assert box.value == before, "m belongs to the filter's sections"
        await open_spam(pilot, app)
        await pilot.press("m")
        await settle(pilot, app)
        assert box.value == EMAILS[0][0] and "→ spam" in verdict(app)
        await pilot.press("m")
        await settle(pilot, app)
        assert box.value == EMAILS[1][0] and "→ not spam" in verdict(app)


async def test_training_can_be_stopped_and_retrained(make_app):
    app = make_app(start="binary-cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await open_spam(pilot, app)
        app.screen.query_one("#spam-editor", ParamEditor).set_values({"epochs": 5000})
        await pilot.press("s")
        await settle(pilot, app)
        model = app.screen.panel.model
        assert model.stopped and model.epochs_run < 5000
        assert progress(app).startswith("stopped after")
        await pilot.press("t")
        await settle(pilot, app)
        assert app.screen.panel.model.epochs_run == 5000 and not app.screen.panel.model.stopped


async def test_show_the_pytorch_for_each_view(make_app):
    app = make_app(start="binary-cross-entropy")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == classification.bce_source(0.8, 1.0, slide=True)
        await pilot.press("escape")
        await open_spam(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        email = app.screen_stack[-2].query_one("#spam-email").value
        assert app.screen.source == spam.pytorch_source(email, 0, 0.5, 1000)
        assert "binary_cross_entropy_with_logits" in app.screen.source


async def test_arriving_from_the_next_lesson_trains_the_filter(make_app):
    app = make_app(start="softmax")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("pageup")
        await settle(pilot, app)
        assert app.screen.lesson.id == "binary-cross-entropy" and app.screen.panel.has_class("-spam")
        assert app.screen.panel.model is not None and "trained 1000 epochs" in progress(app)
        await pilot.press("pageup", "pageup")  # back to the slip section: the BCE view
        assert not app.screen.panel.has_class("-spam")
        assert "✗ the sign slip" not in numbers(app)
