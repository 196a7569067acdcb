"""Lesson `output-space`: the four MSEs per flaw are the compute module's, the heat maps show its
spectrograms on one scale with time and frequency ticked (also at 80×24), loud vs quiet errors
and their verdict, values refused, the Setup A/B rows walked and announced as "row k of n", the
seed, focus when a view hides, and the PyTorch."""

from __future__ import annotations

import pytest

from tests.helpers import go_to_view, lesson_at, screen_lines, settle, steps_whose_prose_scrolls, text_of
from tui_tutor.compute import audio
from tui_tutor.numbers import number
from tui_tutor.panels.output_space import export_source
from tui_tutor.screens.code import CodeScreen
from tui_tutor.widgets.heat_map import HeatMap, HeatMapData
from tui_tutor.widgets.param_editor import ParamEditor, ParamField


def table(app, name: str) -> list[str]:
    return [line.strip() for line in text_of(app.screen.query_one(name)).splitlines() if line.strip()]


def heat(app, name: str) -> HeatMapData:
    return app.screen.query_one(f"#os-{name}", HeatMap).data


def drawn(app, name: str) -> list[str]:
    """The heat map's rows as the screen shows them."""
    region = app.screen.query_one(f"#os-{name}", HeatMap).region
    return [line[region.x:region.right] for line in screen_lines(app)[region.y:region.bottom]]


async def focus_field(pilot, app, name: str) -> ParamField:
    field = app.screen.query_one(f"#param-{name}", ParamField)
    field.focus()
    await pilot.pause()
    return field


def assert_losses(app, seed: int, chosen: int) -> None:
    rows = table(app, "#os-losses-table")
    assert rows[0].split() == ["MSE(ŷ,", "y)", "waveform", "|STFT|", "mel", "mel", "dB"]
    y = audio.waveform().samples
    for row, flaw in zip(rows[1:], audio.FLAWS, strict=True):
        got = audio.output_space_losses(y, audio.waveform(flaw, seed=seed).samples)
        assert row.split() == [*flaw.split(), *(number(v) for v in (got.waveform, got.linear, got.mel, got.db))]
    assert app.screen.query_one("#os-losses-table")._shown[2] == chosen, "the chosen flaw is marked"


async def test_every_flaws_four_losses_and_both_maps_on_one_scale(make_app):
    async with lesson_at(make_app, "output-space") as (pilot, app):
        assert await steps_whose_prose_scrolls(pilot, app) == [], "every step's text fits at 80×24"
        assert_losses(app, 0, 0)
        y = audio.waveform().samples
        shifted = audio.output_space_losses(y, audio.waveform("phase shift").samples)
        assert app.screen.panel.headline.values == (shifted.db,)
        left, right = heat(app, "losses-left"), heat(app, "losses-right")
        original = audio.spectrogram(y, "linear")
        flawed = audio.spectrogram(audio.waveform("phase shift").samples, "linear")
        assert left.grid == original.values and right.grid == flawed.values
        assert left.title == "y (original) · linear" and right.title == "ŷ (phase shift) · linear"
        everything = [v for grid in (original.values, flawed.values) for row in grid for v in row]
        assert (left.lo, left.hi) == (right.lo, right.hi) == (min(everything), max(everything))


async def test_the_maps_label_time_and_frequency_at_80x24(make_app):
    """Ticks where their values fall: seconds under the map, Hz beside it, in every view."""
    async with lesson_at(make_app, "output-space") as (pilot, app):
        for view in ("linear", "mel", "mel dB"):
            app.screen.panel.query_one("#os-editor-losses", ParamEditor).set_values({"view": view})
            await settle(pilot, app)
            rows = drawn(app, "losses-left")
            assert len(rows) >= 6, "a title, the map and the time axis"
            axis = rows[-1]
            assert "0.1" in axis and "0.2" in axis and axis.rstrip().endswith("s") and "Hz" in "".join(rows)
            labels = [row.split()[0] for row in rows[1:-1] if row.split() and row.split()[0][0].isdigit()]
            assert len(labels) >= 3, f"frequency ticks beside the {view} map: {rows}"
            data = heat(app, "losses-left")
            ticks = {label: y for y, label in data.y_ticks}
            assert all(label in ticks for label in labels)
            positions = [ticks[label] for label in labels]
            assert positions == sorted(positions, reverse=True), "higher frequencies higher up"
        mel = heat(app, "losses-left")
        spec = audio.spectrogram(audio.waveform().samples, "mel dB")
        k, f = next((k, f) for k, f in enumerate(spec.freqs) if f > 1000)  # mel bands are not evenly spaced in Hz
        assert k - 1 < {label: y for y, label in mel.y_ticks}["1k"] < k


async def test_scenarios_and_arrows_set_the_flaw_and_the_view(make_app):
    async with lesson_at(make_app, "output-space") as (pilot, app):
        await pilot.press("f2", "f2")
        await settle(pilot, app)
        assert heat(app, "losses-right").title == "ŷ (added noise) · mel dB"
        assert app.screen.query_one("#os-losses-table")._shown[2] == 2
        await focus_field(pilot, app, "flaw")
        await pilot.press("down")
        await settle(pilot, app)
        assert heat(app, "losses-right").title == "ŷ (missing harmonic) · mel dB"
        await focus_field(pilot, app, "view")
        await pilot.press("up")  # mel dB → linear (cycles)
        await settle(pilot, app)
        assert heat(app, "losses-right").grid == audio.spectrogram(audio.waveform("missing harmonic").samples).values


async def test_set_overrides_and_the_seed_reach_the_screen(make_app):
    async with lesson_at(make_app, "output-space", overrides={"flaw": "added noise", "view": "mel"}, seed=7) as (pilot, app):
        assert_losses(app, 7, 2)
        assert heat(app, "losses-right").title == "ŷ (added noise) · mel"
        lesson = app.screen.lesson
        assert app.screen.panel.pytorch_source() == export_source(lesson, {"flaw": "added noise"}, seed=7)


async def test_loud_and_quiet_errors_and_their_verdict(make_app):
    async with lesson_at(make_app, "output-space", view="loud-quiet") as (pilot, app):
        assert app.screen.query_one("#os-loud-quiet").display and not app.screen.query_one("#os-losses").display
        for error, gain, verdict in ((0.1, 0.01, "far larger"), (0.5, 0.001, "far larger"), (0.1, 1.0, "equally loud")):
            (await focus_field(pilot, app, "error")).value = str(error)
            (await focus_field(pilot, app, "quiet")).value = str(gain)
            await settle(pilot, app)
            r = audio.loud_quiet_errors(error, quiet_gain=gain)
            loud, quiet = table(app, "#os-lq-table")[1:]
            assert loud.split() == ["∘", "loud", number(r.loud_time, 3), number(r.freq), number(r.loud_value),
                                    number(r.loud_raw_mse), number(r.loud_db_mse)]
            assert quiet.split() == ["●", "quiet", number(r.quiet_time, 3), number(r.freq), number(r.quiet_value),
                                     number(r.quiet_raw_mse), number(r.quiet_db_mse)]
            assert verdict in text_of(app.screen.query_one("#os-lq-verdict"))
            samples = audio.waveform(quiet_gain=gain).samples
            raw, db = heat(app, "loud-quiet-left"), heat(app, "loud-quiet-right")
            assert raw.grid == audio.spectrogram(samples, "linear").values and db.grid == audio.spectrogram(samples, "dB").values
            assert raw.path == db.path == ((r.loud_time, r.freq), (r.quiet_time, r.freq))
            spec = audio.spectrogram(samples)
            for (t, f), frame in zip(raw.path, (spec.times.index(r.loud_time), spec.times.index(r.quiet_time)), strict=True):
                (x0, x1), (y0, y1) = raw.x_range, raw.y_range  # each spot at the centre of its frame and bin
                assert (t - x0) / (x1 - x0) * len(spec.times) == pytest.approx(frame + 0.5)
                assert (f - y0) / (y1 - y0) * len(spec.freqs) == pytest.approx(spec.freqs.index(r.freq) + 0.5)
        field = await focus_field(pilot, app, "quiet")
        field.value = "0"
        await settle(pilot, app)
        assert "below the minimum" in app.screen.query_one("#os-editor-loud-quiet", ParamEditor).note("quiet")
        assert heat(app, "loud-quiet-left").grid == audio.spectrogram(audio.waveform(quiet_gain=1.0).samples).values


async def test_setup_rows_are_walked_and_announced(make_app):
    async with lesson_at(make_app, "output-space", view="setup-rows") as (pilot, app):
        rows = app.screen.lesson.data["setups"]
        setup = app.screen.query_one("#os-setup-text")
        section = app.screen.section

        def says() -> str:
            return " ".join(text_of(setup).split())

        for k, row in enumerate(rows):
            assert f"row {k + 1} of {len(rows)}" in says()
            assert f"Setup {row['setup']}, F: {row['transform']}: {row['note']}" in says()
            assert f"model {row['model']} loss {row['loss']}" in says()
            assert app.screen.section == section
            await pilot.press("right")
        assert app.screen.section == section + 1
        assert rows[-1]["note"] in says() and "row " not in says(), "the whole table, without the walk"
        await pilot.press("left")
        assert app.screen.section == section and f"row {len(rows)} of {len(rows)}" in says()
        await pilot.press("home")
        assert app.screen.section == section and f"row 1 of {len(rows)}" in says()
        await pilot.press("end")
        assert app.screen.section == section and f"row {len(rows)} of {len(rows)}" in says()
        await pilot.press("right", "right", "left")
        assert app.screen.section == section + 1, "the last step has no rows of its own: ← goes straight back"


async def test_a_hidden_field_gives_focus_back_to_the_panel(make_app):
    async with lesson_at(make_app, "output-space") as (pilot, app):
        await focus_field(pilot, app, "flaw")
        await go_to_view(pilot, app, "loud-quiet")
        assert app.focused is app.screen.panel
        section = app.screen.section
        await pilot.press("right")
        assert app.screen.section == section + 1


async def test_show_and_export_the_pytorch_of_each_view(make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    async with lesson_at(make_app, "output-space") as (pilot, app):
        lesson = app.screen.lesson
        await pilot.press("c")
        await settle(pilot, app)
        assert isinstance(app.screen, CodeScreen)
        assert app.screen.source == export_source(lesson, lesson.defaults())
        await pilot.press("escape")
        await go_to_view(pilot, app, "loud-quiet")
        await pilot.press("c")
        await settle(pilot, app)
        expected = export_source(lesson, lesson.defaults(), "loud-quiet")
        assert app.screen.source == expected
        await pilot.press("e")
        await settle(pilot, app)
        assert (tmp_path / "tui_tutor_output_space.py").read_text() == expected


def test_heat_map_averages_when_it_shrinks_a_grid():
    """A one-bin ridge (a harmonic) survives shrinking 64 rows to 14 (as a block mean, or at full
    height as a block maximum); enlarging repeats cells."""
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
    peaks = HeatMapData(grid, (0.0, 1.0), (0.0, 1.0), peaks=True)
    assert [widget._cell_value(peaks, row, 0, 14, 26) for row in range(14)].count(1.0) == 1, "the ridge at full height"
