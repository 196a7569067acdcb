"""Lesson `output-space`: the four MSEs per flaw equal the compute module's, the heat maps show
its spectrograms on one scale, loud vs quiet errors, refusing bad values, the Setup A/B rows
as steps, the seed, focus when a view hides, the wide layout and the PyTorch."""

from __future__ import annotations

import pytest

from tests.helpers import settle, text_of
from tui_tutor.compute import audio
from tui_tutor.numbers import fmt
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.heat_map import HeatMap, HeatMapData
from tui_tutor.widgets.param_editor import ParamEditor, ParamField

FLAWS = ("phase shift", "missing harmonic", "added noise")


def as_shown(value: float) -> str:
    """How the table writes an MSE: 4 decimals, or 4 significant digits below 0.001."""
    return f"{value:.3e}" if 0 < value < 1e-3 else f"{value:.4f}"


def table(app, name: str) -> list[str]:
    return [line.strip() for line in text_of(app.screen.query_one(name)).splitlines() if line.strip()]


def heat(app, name: str) -> HeatMapData:
    return app.screen.query_one(f"#os-{name}", HeatMap).data


async def focus_field(pilot, app, name: str) -> ParamField:
    field = app.screen.query_one(f"#param-{name}", ParamField)
    field.focus()
    await pilot.pause()
    return field


async def go_to(pilot, app, section: int) -> None:
    while app.screen.section < section:
        await pilot.press("right")
    await settle(pilot, app)


async def test_every_flaws_four_losses_equal_the_compute_module(make_app):
    app = make_app(start="output-space")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        rows = table(app, "#os-losses-table")
        assert rows[0].split() == ["MSE(ŷ,", "y)", "waveform", "|STFT|", "mel", "mel", "dB"]
        y = audio.waveform().samples
        for row, flaw in zip(rows[1:], FLAWS, strict=True):
            got = audio.output_space_losses(y, audio.waveform(flaw, seed=0).samples)
            assert row.split() == [*flaw.split(), *(as_shown(v) for v in (got.waveform, got.linear, got.mel, got.db))]
        table_widget = app.screen.query_one("#os-losses-table")
        assert table_widget._shown[2] == 0, "the chosen flaw (phase shift) is marked"
        shifted = audio.output_space_losses(y, audio.waveform("phase shift").samples)
        assert app.screen.panel.headline == ("phase shift: MSE in mel dB =", fmt(shifted.db))


async def test_scenarios_set_both_views(make_app):
    app = make_app(start="output-space")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("f2", "f2")
        await settle(pilot, app)
        assert heat(app, "losses-right").title == "ŷ (added noise) · mel dB"
        await pilot.press("f2", "f2")
        await settle(pilot, app)
        await go_to(pilot, app, 3)
        r = audio.loud_quiet_errors(0.01, quiet_gain=0.001)
        assert table(app, "#os-lq-table")[2].split()[-1] == fmt(r.quiet_db_mse)
        assert app.screen.panel.headline == ("quiet spot, (Δ dB)² =", fmt(r.quiet_db_mse))
        assert heat(app, "loud-quiet-left").grid == audio.spectrogram(audio.waveform(quiet_gain=0.001).samples).values


async def test_heat_maps_show_y_and_y_hat_on_one_scale(make_app):
    app = make_app(start="output-space")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        left, right = heat(app, "losses-left"), heat(app, "losses-right")
        original = audio.spectrogram(audio.waveform().samples, "linear")
        shifted = audio.spectrogram(audio.waveform("phase shift").samples, "linear")
        assert left.grid == original.values and right.grid == shifted.values
        assert left.title == "y (original) · linear" and right.title == "ŷ (phase shift) · linear"
        everything = [v for grid in (original.values, shifted.values) for row in grid for v in row]
        assert (left.lo, left.hi) == (right.lo, right.hi) == (min(everything), max(everything))
        assert left.y_range == (original.freqs[0], original.freqs[-1]) and left.x_range == (original.times[0], original.times[-1])


async def test_arrows_pick_the_flaw_and_the_view(make_app):
    app = make_app(start="output-space")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await focus_field(pilot, app, "flaw")
        await pilot.press("up")
        await settle(pilot, app)
        assert app.screen.query_one("#os-losses-table")._shown[2] == 1
        assert heat(app, "losses-right").title == "ŷ (missing harmonic) · linear"
        await pilot.press("up")
        await focus_field(pilot, app, "view")
        await pilot.press("down")  # linear → mel dB (cycles backwards)
        await settle(pilot, app)
        assert app.screen.query_one("#os-losses-table")._shown[2] == 2
        noisy = audio.spectrogram(audio.waveform("added noise", seed=0).samples, "mel dB")
        assert heat(app, "losses-right").grid == noisy.values
        assert heat(app, "losses-right").title == "ŷ (added noise) · mel dB"
        assert heat(app, "losses-left").grid == audio.spectrogram(audio.waveform().samples, "mel dB").values


async def test_set_overrides_and_the_seed_reach_the_screen(make_app):
    app = make_app(start="output-space", overrides={"flaw": "added noise", "view": "mel"}, seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        got = audio.output_space_losses(audio.waveform().samples, audio.waveform("added noise", seed=7).samples)
        noise_row = table(app, "#os-losses-table")[3]
        assert noise_row.split()[-4:] == [as_shown(v) for v in (got.waveform, got.linear, got.mel, got.db)]
        assert heat(app, "losses-right").title == "ŷ (added noise) · mel"
        assert app.screen.panel.pytorch_source() == audio.pytorch_source("added noise", seed=7)


async def test_loud_and_quiet_errors_equal_the_compute_module(make_app):
    app = make_app(start="output-space")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, 3)
        assert app.screen.query_one("#os-loud-quiet").display and not app.screen.query_one("#os-losses").display
        for error, gain in ((0.1, 0.01), (0.5, 0.001)):
            (await focus_field(pilot, app, "error")).value = str(error)
            (await focus_field(pilot, app, "quiet")).value = str(gain)
            await settle(pilot, app)
            r = audio.loud_quiet_errors(error, quiet_gain=gain)
            loud, quiet = table(app, "#os-lq-table")[1:]
            assert loud.split() == ["∘", "loud", fmt(r.loud_time, 3), fmt(r.freq, 1), fmt(r.loud_value),
                                    fmt(r.loud_raw_mse), fmt(r.loud_db_mse)]
            assert quiet.split() == ["●", "quiet", fmt(r.quiet_time, 3), fmt(r.freq, 1), fmt(r.quiet_value),
                                     fmt(r.quiet_raw_mse), fmt(r.quiet_db_mse)]
            assert "in dB the quiet spot's error is far larger" in text_of(app.screen.query_one("#os-lq-verdict"))
            samples = audio.waveform(quiet_gain=gain).samples
            raw, db = heat(app, "loud-quiet-left"), heat(app, "loud-quiet-right")
            assert raw.grid == audio.spectrogram(samples, "linear").values
            assert db.grid == audio.spectrogram(samples, "dB").values
            assert raw.path == db.path == ((r.loud_time, r.freq), (r.quiet_time, r.freq))
        (await focus_field(pilot, app, "quiet")).value = "1"
        await settle(pilot, app)
        assert "equally loud" in text_of(app.screen.query_one("#os-lq-verdict"))


async def test_a_gain_of_zero_is_refused(make_app):
    app = make_app(start="output-space")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, 3)
        field = await focus_field(pilot, app, "quiet")
        field.value = "0"
        await settle(pilot, app)
        assert "below the minimum" in app.screen.query_one("#os-editor-loud-quiet", ParamEditor).note("quiet")
        assert heat(app, "loud-quiet-left").grid == audio.spectrogram(audio.waveform(quiet_gain=0.01).samples).values


async def test_setup_rows_are_steps_of_their_own(make_app):
    app = make_app(start="output-space")
    rows = audio.setup_table()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await go_to(pilot, app, 4)
        setup = app.screen.query_one("#os-setup-text")
        for k, row in enumerate(rows):
            shown = " ".join(text_of(setup).split())
            assert f"Setup {row.setup}, F: {row.transform}: {row.note}" in shown
            assert "model f: x → y (linear spectrogram) loss L(mel(y), mel(ŷ))" in shown
            assert app.screen.section == 4
            if k < len(rows) - 1:
                await pilot.press("right")
        await pilot.press("right")
        assert app.screen.section == 5
        assert rows[-1].note in " ".join(text_of(setup).split()), "the next step keeps the table as it was"
        await pilot.press("left")
        assert app.screen.section == 4 and rows[-1].note in " ".join(text_of(setup).split())
        await pilot.press("left")
        assert app.screen.section == 4 and rows[-2].note in " ".join(text_of(setup).split())
        await pilot.press("right", "right", "left")
        assert app.screen.section == 4, "the last step has no rows of its own: ← goes straight back"


async def test_a_hidden_field_gives_focus_back_to_the_panel(make_app):
    app = make_app(start="output-space")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await focus_field(pilot, app, "flaw")
        await pilot.press("pagedown", "pagedown", "pagedown")
        await settle(pilot, app)
        assert app.screen.section == 3 and app.focused is app.screen.panel
        await pilot.press("right")
        assert app.screen.section == 4


async def test_wide_maps_get_labelled_axes(make_app):
    app = make_app(start="output-space")
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot, app)
        assert app.screen.has_class("-wide")
        assert heat(app, "losses-left").x_label == "time (s)" and heat(app, "losses-left").y_label == "Hz"
        await pilot.resize_terminal(80, 24)
        await settle(pilot, app)
        assert heat(app, "losses-left").x_label == "", "no room for axes at 80×24"


async def test_show_and_export_the_pytorch_of_each_view(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(start="output-space")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == audio.pytorch_source("phase shift", seed=0)
        await pilot.press("escape")
        await go_to(pilot, app, 3)
        await pilot.press("c")
        await settle(pilot, app)
        assert app.screen.source == audio.loud_quiet_source(0.1, quiet_gain=0.01)
        await pilot.press("e")
        await settle(pilot, app)
        assert (tmp_path / "tui_tutor_output_space.py").read_text() == audio.loud_quiet_source(0.1, quiet_gain=0.01)


def test_heat_map_averages_when_it_shrinks_a_grid():
    """A one-bin ridge (a harmonic) survives shrinking 64 rows to 14; enlarging repeats cells."""
    grid = [[1.0 if i == 6 else 0.0] * 72 for i in range(64)]
    data = HeatMapData(grid, (0.0, 1.0), (0.0, 1.0))
    widget = HeatMap()
    column = [widget._cell_value(data, row, 0, 14, 26) for row in range(14)]
    assert sum(v > 0 for v in column) == 1 and max(column) == pytest.approx(1 / 5)
    assert sum(column) * 64 / 14 == pytest.approx(1.0, rel=0.2)
    small = [[1.0, 2.0], [3.0, 4.0]]
    assert [widget._cell_value(HeatMapData(small, (0, 1), (0, 1)), r, c, 4, 4) for r in (0, 3) for c in (0, 3)] == \
        [3.0, 4.0, 1.0, 2.0]
    assert HeatMapData(small, (0, 1), (0, 1), value_range=(0.0, 10.0)).scaled(5.0) == 0.5
