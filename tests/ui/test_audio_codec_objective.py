"""Lesson `audio-codec-objective`: the codec table, the search over k, the zero gradient in k,
training the gain (progress, stop, use), bad values, presets and the PyTorch code."""

from __future__ import annotations

import pytest

from tests.helpers import settle, text_of
from tui_tutor.compute import codec
from tui_tutor.numbers import fmt, fmt_sig
from tui_tutor.panels import audio_codec_objective as panel_module
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.param_editor import ParamEditor, ParamField
from tui_tutor.widgets.plot_stack import PlotStack
from tui_tutor.widgets.training_runner import TrainingRunner

LESSON = "audio-codec-objective"
SEARCH, GRADIENT, TRAIN = 2, 3, 4


def status(app) -> str:
    return text_of(app.screen.query_one("#codec-status"))


def table_rows(app) -> dict[int, list[str]]:
    lines = text_of(app.screen.query_one("#codec-table")).splitlines()[1:]
    return {int(line.split()[0]): line.split()[1:] for line in lines if line.strip()}


async def to_step(pilot, app, step: int) -> None:
    while app.screen.section < step:
        await pilot.press("right")
    await settle(pilot, app)


async def set_field(pilot, app, name: str, text: str) -> ParamField:
    field = app.screen.query_one(f"#param-{name}", ParamField)
    field.focus()
    field.value = text
    await settle(pilot, app)
    return field


async def test_table_equals_the_codec(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        rows = table_rows(app)
        assert sorted(rows) == [2, 3, 4, 5, 6], "the rows around k = 4"
        for r in codec.codec_table(1.0, [2, 3, 4, 5, 6]):
            assert rows[r.bits][:3] == [str(r.bit_rate), fmt_sig(r.waveform_mse), fmt(r.lsd_db, 2)]
        assert status(app).startswith("k = 4: 32000 bit/s")
        wave = app.screen.query_one(PlotStack).plot("wave").spec
        assert wave.series[1].ys == codec.quantise(wave.series[0].ys, 4, 1.0).samples


async def test_search_follows_k_and_the_threshold(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await to_step(pilot, app, SEARCH)
        assert status(app).startswith(codec.search_bits(1.0, 1.0).status)
        await set_field(pilot, app, "bits", "12")
        rows = table_rows(app)
        assert rows[12][-2:] == ["✓", "◀"] and rows[11][-1] == fmt(codec.codec_table(1.0, [11])[0].lsd_db, 2)
        await set_field(pilot, app, "threshold", "10")
        found = codec.search_bits(10.0, 1.0)
        assert status(app).startswith(found.status) and f"{found.bit_rate} bit/s" in status(app)
        search_plot = app.screen.query_one(PlotStack).plot("search").spec
        assert search_plot.hlines == (10.0,) and search_plot.vlines == (float(found.bits),)


async def test_gradient_in_k_is_zero_but_not_in_g(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await to_step(pilot, app, GRADIENT)
        grads = codec.bit_gradients(4, 1.0)
        text = status(app)
        assert f"at k = 5: {fmt_sig(grads.loss_next)}" in text
        assert "∂MSE/∂k = 0.0000" in text and f"∂MSE/∂g = {fmt_sig(grads.grad_gain)}" in text


@pytest.mark.parametrize(("name", "bad"), [("bits", "0"), ("bits", "17"), ("bits", "4.5"), ("bits", "abc"),
                                           ("gain", "0"), ("gain", "nan"), ("threshold", "-1")])
async def test_bad_values_are_refused(make_app, name, bad):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        before = text_of(app.screen.query_one("#codec-table"))
        field = await set_field(pilot, app, name, bad)
        assert app.screen.query_one(ParamEditor).note(name).startswith("✗ ") and field.has_class("-refused")
        assert text_of(app.screen.query_one("#codec-table")) == before
        await pilot.press("enter")
        assert not field.has_class("-refused")


async def test_training_the_gain_then_using_it(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await to_step(pilot, app, TRAIN)
        await pilot.press("t")
        await settle(pilot, app)
        trained = codec.train_gain(4, 1.0, steps=panel_module.TRAIN_STEPS)
        assert f"→ {fmt(trained.final_gain)}" in status(app) and fmt_sig(trained.final_loss) in status(app)
        assert text_of(app.screen.query_one(TrainingRunner)).startswith(f"done: g = {fmt(trained.final_gain)}")
        curve = app.screen.query_one(PlotStack).plot("training").spec
        assert curve.series[0].ys == trained.losses
        await pilot.press("u")
        await settle(pilot, app)
        used = float(f"{trained.final_gain:.6g}")  # the editor holds the g the status shows
        assert app.screen.query_one("#codec-editor", ParamEditor).values["gain"] == used
        row = codec.codec_table(used, [4])[0]
        assert table_rows(app)[4][1] == fmt_sig(row.waveform_mse)


async def test_training_can_be_stopped_and_keys_keep_working(make_app, monkeypatch):
    monkeypatch.setattr(panel_module, "TRAIN_STEPS", 10_000_000)  # minutes: it can only end by the stop key
    app = make_app(start=LESSON)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await to_step(pilot, app, TRAIN)
        runner = app.screen.query_one(TrainingRunner)
        await pilot.press("t")
        await pilot.pause(0.3)
        assert runner.running
        await pilot.press("v")  # the UI answers while training
        assert app.screen.query_one(PlotStack).current == 0
        await pilot.press("s")
        await settle(pilot, app)
        assert not runner.running
        assert "stopped after" in text_of(runner) and "stopped after" in status(app)
        assert app.screen.panel.training.status.startswith("stopped after")


async def test_preset_pytorch_and_wide(make_app):
    app = make_app(start=LESSON)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        assert not app.screen.query_one(PlotStack).one_at_a_time, "every plot shows when wide"
        for _ in range(3):  # the third preset: too quiet, g = 0.2
            await pilot.press("f2")
        await settle(pilot, app)
        assert app.screen.query_one("#codec-editor", ParamEditor).values["gain"] == 0.2
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == codec.pytorch_source(4, 1.0, 0.2)
