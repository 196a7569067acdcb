"""Lesson `softmax`: bars equal the compute module's softmax, the two-class check, the stable form
for huge logits, refusing bad logits, the table step, scenarios, the wide plot and the PyTorch."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import settle, text_of
from tui_tutor.compute import classification as C
from tui_tutor.numbers import fmt
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField


def shown(app, name: str) -> str:
    return text_of(app.screen.query_one(f"#softmax-{name}"))


async def type_logits(pilot, app, text: str) -> ParamField:
    field = app.screen.query_one("#param-logits", ParamField)
    field.focus()
    field.value = text
    await settle(pilot, app)
    return field


async def test_defaults_show_the_compute_modules_probabilities(make_app):
    app = make_app(start="softmax")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        expected = C.softmax([2.0, 1.0, 0.1])
        bars = shown(app, "bars").splitlines()
        assert len(bars) == 3
        for line, z, p in zip(bars, ("2", "1", "0.1"), expected.probabilities, strict=True):
            assert line.lstrip().startswith("ỹ") and f"= {z}" in line and fmt(p) in line
        assert bars[0].rstrip().endswith("◀"), "the largest logit's bar is marked"
        two = C.two_class(2.0, 1.0)
        assert shown(app, "two") == (f"softmax(ỹ₁, ỹ₂)₁ = {fmt(two.softmax_first)} = σ(ỹ₁ − ỹ₂) = σ(2 − 1)"
                                     f" = {fmt(two.sigmoid_of_difference)}")
        assert "ok: same numbers as the stable form" in shown(app, "naive")
        assert shown(app, "shift").startswith("stable: ỹ − max ỹ = (0, −1, −1.9)")
        assert app.screen.panel.headline == ("largest ŷ, ŷ₁ =", fmt(expected.probabilities[0]))


async def test_huge_logits_stay_finite_and_the_naive_form_is_said_to_overflow(make_app):
    app = make_app(start="softmax")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await type_logits(pilot, app, "1000, 999, 995")
        expected = C.softmax([1000.0, 999.0, 995.0])
        bars = shown(app, "bars")
        for p in expected.probabilities:
            assert fmt(p) in bars
        assert "not a number" not in bars
        naive = " ".join(shown(app, "naive").split())
        assert "overflowed: e^1000 is +infinity in float64, and ∞/∞ gives NaN" in naive
        table = shown(app, "table")
        assert table.count("not a number") == 3 and "0.7275" in table


async def test_very_negative_logits_underflow_in_words(make_app):
    app = make_app(start="softmax", overrides={"logits": (-1000.0, -1001.0)})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "underflowed: every e^zᵢ rounds to 0, and 0/0 gives NaN" in " ".join(shown(app, "naive").split())
        two = C.two_class(-1000.0, -1001.0)
        assert fmt(two.softmax_first) in shown(app, "bars") and "σ(−1000 − −1001)" in shown(app, "two")


@pytest.mark.parametrize("bad", ["abc", "1", "1,2,3,4,5,6,7", "nan", "1e400", "20000, 1", "1,,2", ""])
async def test_bad_logits_are_refused_and_the_last_good_ones_kept(make_app, bad):
    app = make_app(start="softmax")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        before = shown(app, "bars")
        field = await type_logits(pilot, app, bad)
        assert app.screen.query_one(ParamEditor).note("logits").startswith("✗ ")
        assert field.has_class("-refused")
        assert shown(app, "bars") == before
        await pilot.press("enter")
        await settle(pilot, app)
        assert field.value == "2, 1, 0.1" and not field.has_class("-refused")


async def test_nudging_a_logit_moves_its_bar(make_app):
    app = make_app(start="softmax")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = app.screen.query_one("#param-logits", ParamField)
        field.focus()
        field.cursor_position = field.value.index("0.1")
        await pilot.press("shift+up")
        await settle(pilot, app)
        assert field.value == "2, 1, 5.1"
        expected = C.softmax([2.0, 1.0, 5.1])
        bars = shown(app, "bars").splitlines()
        assert fmt(expected.probabilities[2]) in bars[2] and bars[2].rstrip().endswith("◀")


async def test_the_stable_form_step_shows_the_table_and_v_switches(make_app):
    app = make_app(start="softmax")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        bars, table = app.screen.query_one("#softmax-bars"), app.screen.query_one("#softmax-table")
        assert bars.display and not table.display
        await pilot.press("right", "right", "right")
        await settle(pilot, app)
        assert app.screen.section == 3
        assert table.display and not bars.display
        assert app.screen.query_one("#softmax-naive").has_class("-focus")
        await pilot.press("v")
        await pilot.pause()
        assert bars.display and not table.display


async def test_scenarios_apply_huge_logits_first(make_app):
    app = make_app(start="softmax")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f2")
        await settle(pilot, app)
        assert app.screen.query_one("#param-logits", ParamField).value == "1000, 999, 995"
        assert "overflowed" in shown(app, "naive")


async def test_wide_terminal_shows_bars_table_and_the_sigmoid_plot(make_app):
    app = make_app(start="softmax")
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        panel = app.screen.panel
        assert panel.has_class("-wide")
        assert all(app.screen.query_one(f"#softmax-{n}").display for n in ("bars", "table", "plot"))
        spec = app.screen.query_one("#softmax-plot").spec
        assert spec is not None and spec.series[-1].xs == (1.0,)
        assert spec.series[-1].ys == (C.two_class(2.0, 1.0).softmax_first,)


async def test_show_the_pytorch_prints_the_numbers_on_screen(make_app):
    app = make_app(start="softmax", overrides={"logits": (1000.0, 999.0, 995.0)})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        source = app.screen.source
    out = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, check=True, timeout=60)
    printed = dict(line.split(" = ") for line in out.stdout.splitlines())
    expected = C.softmax([1000.0, 999.0, 995.0])
    assert [fmt(float(printed[f"p[{i}]"])) for i in range(3)] == [fmt(p) for p in expected.probabilities]
    assert printed["naive[0]"] == "nan"
    assert float(printed["softmax_two"]) == pytest.approx(float(printed["sigmoid_diff"]), rel=1e-12)
