"""Lesson `audio-codec-objective`: the codec table (around k, or around the searched k with ✓),
the search over k, the zero gradient in k, training the gain (progress, stop, use), bad
values, presets and the PyTorch code."""

from __future__ import annotations

from tests.helpers import go_to_view, lesson_at, settle, text_of
from tui_tutor.compute import codec
from tui_tutor.numbers import column, number
from tui_tutor.panels import audio_codec_objective as panel_module
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.plot_stack import PlotStack
from tui_tutor.widgets.training_runner import TrainingRunner

LESSON = "audio-codec-objective"


def status(app) -> str:
    return text_of(app.screen.query_one("#codec-status"))


def table_rows(app) -> dict[int, list[str]]:
    lines = text_of(app.screen.query_one("#codec-table")).splitlines()[1:]
    return {int(line.split()[0]): line.split()[1:] for line in lines if line.strip()}


def expect_rows(app, gain: float, threshold: float) -> None:
    """Every row shown holds the codec's numbers, ✓ where the target is met, ◀ at the searched k."""
    rows = table_rows(app)
    table = codec.codec_table(gain, sorted(rows))
    searched = codec.search_bits(threshold, gain).bits
    mses, lsds = column([r.waveform_mse for r in table]), column([r.lsd_db for r in table])
    for r, mse, lsd in zip(table, mses, lsds):
        marks = (["✓"] if r.lsd_db <= threshold else []) + (["◀"] if r.bits == searched else [])
        assert rows[r.bits] == [str(r.bit_rate), mse, lsd, *marks], r.bits


async def set_field(pilot, app, name: str, text: str) -> ParamField:
    field = app.screen.query_one(f"#param-{name}", ParamField)
    field.focus()
    field.value = text
    await settle(pilot, app)
    return field


async def test_the_table_the_search_and_the_zero_gradient(make_app):
    async with lesson_at(make_app, LESSON) as (pilot, app):
        assert sorted(table_rows(app)) == [2, 3, 4, 5, 6], "the rows around k = 4"
        expect_rows(app, 1.0, 1.0)
        assert status(app).startswith("k = 4: 32000 bit/s")
        wave = app.screen.query_one(PlotStack).plot("wave").spec
        assert wave.series[1].ys == codec.quantise(wave.series[0].ys, 4, 1.0).samples

        await go_to_view(pilot, app, "search")
        found = codec.search_bits(1.0, 1.0)
        rows = table_rows(app)
        assert found.bits in rows and found.bits - 1 in rows and found.bits + 1 in rows, "the searched k and its neighbours"
        assert rows[found.bits][-2:] == ["✓", "◀"] and "✓" not in rows[found.bits - 1]
        expect_rows(app, 1.0, 1.0)
        assert status(app).startswith(f"k = {found.bits}: the smallest k with LSD ≤ 1 dB")
        await set_field(pilot, app, "threshold", "10")
        found = codec.search_bits(10.0, 1.0)
        assert status(app).startswith(f"k = {found.bits}:") and f"{found.bit_rate} bit/s" in status(app)
        expect_rows(app, 1.0, 10.0)
        search_plot = app.screen.query_one(PlotStack).plot("search").spec
        assert search_plot.hlines == (10.0,) and search_plot.vlines == (float(found.bits),)
        assert search_plot.xticks == "whole"

        await go_to_view(pilot, app, "staircase")
        grads = codec.bit_gradients(4, 1.0)
        loss, loss_next = column([grads.loss, grads.loss_next])
        assert status(app).splitlines() == [f"MSE {loss} at k = 4, {loss_next} at 5",
                                            "∂MSE/∂k = 0 (autograd: flat step)",
                                            f"∂MSE/∂g = {number(grads.grad_gain)} (straight-through)"]

        before = text_of(app.screen.query_one("#codec-table"))
        for name, bad in [("bits", "0"), ("bits", "17"), ("bits", "4.5"), ("bits", "abc"), ("gain", "0"), ("gain", "nan"),
                          ("threshold", "-1")]:
            field = await set_field(pilot, app, name, bad)
            assert app.screen.query_one(ParamEditor).note(name).startswith("✗ ") and field.has_class("-refused")
            assert text_of(app.screen.query_one("#codec-table")) == before
            await pilot.press("enter")
            assert not field.has_class("-refused")


async def test_training_the_gain_then_using_it(make_app):
    async with lesson_at(make_app, LESSON, view="training") as (pilot, app):
        await pilot.press("t")
        await settle(pilot, app)
        trained = codec.train_gain(4, 1.0, steps=panel_module.TRAIN_STEPS, lr=panel_module.TRAIN_LR)
        assert f"→ {number(trained.final_gain)}" in status(app) and number(trained.final_loss) in status(app)
        assert status(app).endswith(f"trained for {panel_module.TRAIN_STEPS} steps")
        assert text_of(app.screen.query_one(TrainingRunner)).startswith(f"done: g = {number(trained.final_gain)}")
        curve = app.screen.query_one(PlotStack).plot("training").spec
        assert curve.series[0].ys == trained.losses
        await pilot.press("u")
        await settle(pilot, app)
        used = app.screen.query_one("#codec-editor", ParamEditor).values["gain"]
        assert number(used) == number(trained.final_gain), "the editor holds the g the status shows"
        expect_rows(app, used, 1.0)


async def test_training_can_be_stopped_and_keys_keep_working(make_app, monkeypatch):
    monkeypatch.setattr(panel_module, "TRAIN_STEPS", 10_000_000)  # minutes: it can only end by the stop key
    async with lesson_at(make_app, LESSON, view="training") as (pilot, app):
        runner = app.screen.query_one(TrainingRunner)
        await pilot.press("t")
        while not runner.running:
            await pilot.pause(0.05)
        await pilot.press("v")  # the UI answers while training
        assert app.screen.query_one(PlotStack).current == 0
        await pilot.press("s")
        await settle(pilot, app)
        assert not runner.running
        assert "stopped after" in text_of(runner) and "stopped after" in status(app)
        assert app.screen.panel.training.stopped


async def test_preset_pytorch_and_wide(make_app):
    async with lesson_at(make_app, LESSON, size=(200, 60)) as (pilot, app):
        assert not app.screen.query_one(PlotStack).one_at_a_time, "every plot shows when wide"
        await pilot.press("f2", "f2", "f2")  # the third preset: too quiet, g = 0.2
        await settle(pilot, app)
        assert app.screen.query_one("#codec-editor", ParamEditor).values["gain"] == 0.2
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert "bits, gain, threshold_db = 4, 0.2, 1.0" in app.screen.source
