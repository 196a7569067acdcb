"""Lesson `softmax`: the bars are the compute module's softmax, the two-class check, the stable form
for huge and very negative logits said in words, logits refused outside the lesson's rules, the
table step (with its huge logits), scenarios, the wide plot and the PyTorch."""

from __future__ import annotations

from tests.helpers import go_to_view, lesson_at, settle, steps_whose_prose_scrolls, text_of
from tui_tutor.compute import classification as C
from tui_tutor.numbers import probability
from tui_tutor.panels.softmax import export_source
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField


def shown(app, name: str) -> str:
    return " ".join(text_of(app.screen.query_one(f"#softmax-{name}")).split())


async def type_logits(pilot, app, text: str) -> ParamField:
    field = app.screen.query_one("#param-logits", ParamField)
    field.focus()
    field.value = text
    await settle(pilot, app)
    return field


def assert_bars(app, logits: tuple[float, ...], labels: tuple[str, ...]) -> None:
    """One bar per logit, each with the compute module's probability; the largest marked."""
    expected = C.softmax(logits)
    bars = text_of(app.screen.query_one("#softmax-bars")).splitlines()
    top = max(range(len(logits)), key=lambda i: expected.probabilities[i])
    assert len(bars) == len(logits)
    for i, (line, z, p) in enumerate(zip(bars, labels, expected.probabilities, strict=True)):
        assert line.lstrip().startswith(f"ỹ{'₁₂₃₄₅₆'[i]} = {z} ") and probability(p) in line
        assert line.rstrip().endswith("◀") == (i == top)
    assert app.screen.panel.headline.values == (expected.probabilities[top],)


async def test_defaults_show_the_compute_modules_probabilities_and_checks(make_app):
    async with lesson_at(make_app, "softmax") as (pilot, app):
        assert await steps_whose_prose_scrolls(pilot, app) == [], "every step's text fits at 80×24"
        assert_bars(app, (2.0, 1.0, 0.1), ("2", "1", "0.1"))
        two = C.two_class(2.0, 1.0)
        assert shown(app, "two") == (f"softmax(ỹ₁, ỹ₂)₁ = {probability(two.softmax_first)} = σ(ỹ₁ − ỹ₂) = σ(2 − 1)"
                                     f" = {probability(two.sigmoid_of_difference)}")
        assert shown(app, "naive") == "naive: e^ỹᵢ / Σⱼ e^ỹⱼ: same numbers as the stable form"
        assert shown(app, "shift") == "stable: ỹ − max ỹ = (0, −1, −1.9): every exponent ≤ 0, all finite"
        field = app.screen.query_one("#param-logits", ParamField)
        field.focus()
        field.cursor_position = field.value.index("0.1")
        await pilot.press("shift+up")  # nudge the third logit by 10 × 0.5
        await settle(pilot, app)
        assert field.value == "2, 1, 5.1"
        assert_bars(app, (2.0, 1.0, 5.1), ("2", "1", "5.1"))


async def test_huge_and_very_negative_logits_stay_finite_and_the_naive_form_is_said_to_fail(make_app):
    async with lesson_at(make_app, "softmax") as (pilot, app):
        await type_logits(pilot, app, "1000, 999, 995")
        assert_bars(app, (1000.0, 999.0, 995.0), ("1000", "999", "995"))
        assert "overflowed: e^1000 is +infinity in float64, and ∞/∞ is not a number" in shown(app, "naive")
        assert shown(app, "table").count("not a number") == 3
        await type_logits(pilot, app, "-1000, -1001")
        assert "underflowed: every e^ỹᵢ rounds to 0, and 0/0 is not a number" in shown(app, "naive")
        two = C.two_class(-1000.0, -1001.0)
        assert f"σ(−1000 − (−1001)) = {probability(two.sigmoid_of_difference)}" in shown(app, "two")


async def test_logits_outside_the_lessons_rules_are_refused(make_app):
    async with lesson_at(make_app, "softmax") as (pilot, app):
        before = shown(app, "bars")
        for bad in ("1", "1,2,3,4,5,6,7", "20000, 1", "1,,2"):  # too few, too many, too large, a gap
            field = await type_logits(pilot, app, bad)
            assert app.screen.query_one(ParamEditor).note("logits").startswith("✗ ") and field.has_class("-refused")
            assert shown(app, "bars") == before
        await pilot.press("enter")
        await settle(pilot, app)
        assert field.value == "2, 1, 0.1" and not field.has_class("-refused")


async def test_the_stable_step_shows_huge_logits_in_the_table_and_v_switches(make_app):
    async with lesson_at(make_app, "softmax") as (pilot, app):
        bars, table = app.screen.query_one("#softmax-bars"), app.screen.query_one("#softmax-table")
        assert bars.display and not table.display
        await go_to_view(pilot, app, "stable")
        assert table.display and not bars.display
        assert app.screen.query_one("#param-logits", ParamField).value == "1000, 999, 995", "the step's scenario"
        rows = text_of(table).splitlines()[1:]
        for row, p in zip(rows, C.softmax([1000.0, 999.0, 995.0]).probabilities, strict=True):
            assert row.split()[-1] == probability(p) and "not a number" in row
        assert app.screen.query_one("#softmax-naive").has_class("-focus")
        await pilot.press("v")
        await pilot.pause()
        assert bars.display and not table.display
        await pilot.press("left")
        await settle(pilot, app)
        assert bars.display and not table.display


async def test_scenarios_start_with_huge_logits(make_app):
    async with lesson_at(make_app, "softmax") as (pilot, app):
        await pilot.press("f2")
        await settle(pilot, app)
        assert app.screen.query_one("#param-logits", ParamField).value == "1000, 999, 995"
        assert "overflowed" in shown(app, "naive")


async def test_wide_terminal_shows_bars_table_and_the_sigmoid_plot(make_app):
    async with lesson_at(make_app, "softmax", size=(200, 60)) as (pilot, app):
        assert app.screen.panel.has_class("-wide")
        assert all(app.screen.query_one(f"#softmax-{n}").display for n in ("bars", "table", "plot"))
        spec = app.screen.query_one("#softmax-plot").spec
        assert spec.series[-1].xs == (1.0,) and spec.series[-1].ys == (C.two_class(2.0, 1.0).softmax_first,)


async def test_show_the_pytorch_of_the_logits_on_screen(make_app):
    async with lesson_at(make_app, "softmax", overrides={"logits": (1000.0, 999.0, 995.0)}) as (pilot, app):
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        lesson = app.screen_stack[-2].lesson
        assert app.screen.source == export_source(lesson, {"logits": (1000.0, 999.0, 995.0)})
