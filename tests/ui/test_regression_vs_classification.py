"""Lesson `regression-vs-classification`: sorting the slides' examples with feedback; reading one
output z as a number and, through σ and a threshold, as a label; bad values; PyTorch."""

from __future__ import annotations

from tests.helpers import go_to_view, lesson_at, settle, text_of
from tui_tutor.compute import tasks
from tui_tutor.content import load_course
from tui_tutor.numbers import number
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.sort_exercise import SortExercise

LESSON = "regression-vs-classification"
SLIDES = {
    "age from a photo": "regression",
    "is it a human?": "classification",
    "stock price prediction": "regression",
    "depth estimation": "regression",
    "image recognition": "classification",
    "handwritten digit recognition": "classification",
    "spam filter": "classification",
}
"""The lecture's examples and their kinds, as the slides sort them."""


def sorting(app) -> SortExercise:
    return app.screen.query_one("#rvc-exercise", SortExercise)


def readings(app) -> str:
    return text_of(app.screen.query_one("#rvc-readings"))


def expect_reading(app, z: float, threshold: float, question: str) -> None:
    labels = {"is human?": ("no", "yes"), "spam filter": ("not spam", "spam")}[question]
    r = tasks.read_output(z, threshold, labels)
    compare = "≥" if r.probability >= threshold else "<"
    assert readings(app).splitlines() == [
        "as a number (regression)", f"  ŷ = z = {number(z)}", "as a label (classification)",
        f"  σ(z) = {number(r.probability)} {compare} {number(threshold)}", f"  {question} → {r.label}"]
    plot = app.screen.query_one("#rvc-plot").spec
    assert plot.vlines == (z,) and plot.hlines == (threshold,)


def test_the_lesson_sorts_the_slides_examples_as_the_slides_do():
    lesson = load_course().lesson(LESSON)
    assert {t["name"]: t["kind"] for t in lesson.data["tasks"]} == SLIDES
    spaces = {t["name"]: t["output_space"] for t in lesson.data["tasks"]}
    assert "[0, ∞)" in spaces["stock price prediction"] and "W×H" in spaces["depth estimation"]
    assert all(w in spaces["image recognition"] for w in ("cat", "dog", "bear", "bird"))
    assert [k["name"] for k in lesson.data["kinds"]] == ["regression", "classification"]


async def test_sorting_gives_feedback_scores_and_restarts(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        exercise = sorting(app)
        assert tuple(item.name for item in exercise.items) == tuple(SLIDES)
        await pilot.press("1")  # age from a photo: regression
        feedback = text_of(app.screen.query_one("#sort-feedback"))
        assert feedback.startswith("✓ right. regression: y ∈ [0, ∞) (years, e.g. 5); the answer is a number")
        await pilot.press("1")  # is it a human?: wrong
        feedback = text_of(app.screen.query_one("#sort-feedback"))
        assert feedback.startswith("✗ not regression.") and "y ∈ {yes, no}" in feedback
        items = text_of(app.screen.query_one("#sort-items"))
        assert "✓ regression" in items and "✗ regression" in items
        assert "2/7 sorted, 1 right" in text_of(app.screen.query_one("#sort-prompt"))

        await pilot.press("r")
        for kind in SLIDES.values():
            await pilot.press("1" if kind == "regression" else "2")
        assert exercise.score == (7, 7)
        assert "All 7 sorted, 7 right" in text_of(app.screen.query_one("#sort-feedback"))
        await pilot.press("j", "2")  # wraps to the first item: age, now answered wrongly
        assert exercise.score == (6, 7)
        await pilot.press("r")
        assert exercise.score == (0, 0) and exercise.cursor == 0

        assert not app.screen.query_one("#rvc-reading").display
        await pilot.press("tab")
        assert not isinstance(app.focused, ParamField), "no hidden field takes focus"


async def test_reading_one_output_both_ways(make_app, tmp_path):
    async with lesson_at(make_app, LESSON, view="reading") as (pilot, app):
        assert app.screen.query_one("#rvc-reading").display and not app.screen.query_one("#rvc-sort").display
        expect_reading(app, 1.2, 0.5, "is human?")
        await pilot.press("1")
        assert sorting(app).score == (0, 0), "the sorting keys rest while the exercise is hidden"

        z = app.screen.query_one("#param-z", ParamField)
        z.focus()
        z.value = ""
        await pilot.press(*"-1")
        await settle(pilot, app)
        expect_reading(app, -1.0, 0.5, "is human?")
        threshold = app.screen.query_one("#param-threshold", ParamField)
        threshold.focus()
        threshold.value = "0.2"
        app.screen.query_one("#param-question", ParamField).focus()
        await pilot.press("down")
        await settle(pilot, app)
        expect_reading(app, -1.0, 0.2, "spam filter")

        before = readings(app)
        threshold.focus()
        await pilot.pause()
        for bad in ("abc", "nan", "1.5", "-0.1", ""):  # the lesson's range is 0 … 1
            threshold.value = bad
            await settle(pilot, app)
            note = app.screen.query_one("#rvc-editor", ParamEditor).note("threshold")
            assert note.startswith("✗ ") and threshold.has_class("-refused") and readings(app) == before, bad
        await pilot.press("enter")
        await settle(pilot, app)
        assert threshold.value == "0.2" and not threshold.has_class("-refused") and readings(app) == before

        await pilot.press("tab")
        await pilot.press("pageup")  # a clicker's "back" works from inside a field
        await settle(pilot, app)
        assert app.screen.lesson.sections[app.screen.section].view == "sort" and app.focused is app.screen.panel
        await pilot.press("1")
        assert sorting(app).score == (1, 1), "the key sorts; it does not type into a hidden field"


async def test_a_scenario_and_its_pytorch(make_app):
    async with lesson_at(make_app, LESSON, overrides={"question": "spam filter", "z": 1.0, "threshold": 0.9}) as (pilot, app):
        await go_to_view(pilot, app, "reading")
        expect_reading(app, 1.0, 0.9, "spam filter")
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert "z = torch.tensor(1.0" in app.screen.source and "labels = ('not spam', 'spam')" in app.screen.source


async def test_wide_screen_shows_both_parts(make_app):
    async with lesson_at(make_app, LESSON, size=(200, 60)) as (pilot, app):
        assert app.screen.query_one("#rvc-reading").display and app.screen.query_one("#rvc-sort").display
        await pilot.press("2")
        assert sorting(app).score == (0, 1)
