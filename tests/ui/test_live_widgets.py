"""The widgets behind the gradient-descent lessons: cell canvases that repaint only what changed
(LivePlot, LiveText, HeatMap), their geometry, and the plain text table."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region

from tui_tutor.widgets.cell_canvas import changed_span, clip_segment, spans
from tui_tutor.widgets.heat_map import HeatMap, HeatMapData, arrow_head, short_label
from tui_tutor.widgets.live_plot import LivePlot, PlotFrame, Trace, nice_ticks, tick_label
from tui_tutor.widgets.live_text import LiveText
from tui_tutor.widgets.number_table import text_table


class Harness(App[None]):
    CSS = "LivePlot { height: 10; width: 40; } LiveText { height: 2; width: 30; } HeatMap { height: 12; width: 50; }"

    def compose(self) -> ComposeResult:
        yield LivePlot()
        yield LiveText()
        yield HeatMap()


def record_refreshes(widget) -> list[tuple[Region, ...]]:
    calls: list[tuple[Region, ...]] = []
    original = widget.refresh

    def refresh(*regions, **kwargs):
        calls.append(regions)
        return original(*regions, **kwargs)

    widget.refresh = refresh
    return calls


def lines(widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


def test_spans_join_near_changes():
    assert spans([9, 1, 2, 3, 20]) == [(1, 3), (9, 9), (20, 20)]
    assert spans([1, 4]) == [(1, 4)], "3 cells apart or less: one span"
    assert changed_span([("a", None)] * 3, [("a", None), ("b", None), ("a", None)]) == (1, 1)
    assert changed_span([("a", None)], [("a", None)]) is None


def test_clip_segment():
    assert clip_segment(-1, 1, 3, 1, 2, 2) == (0, 1, 2, 1)
    assert clip_segment(-1, -1, -2, -2, 2, 2) is None


def test_ticks_and_labels():
    assert nice_ticks(-3, 5, 4) == [-2, 0, 2, 4]
    assert nice_ticks(0.5, 16.5, 2) == [10]
    assert tick_label(-2.5) == "−2.5" and tick_label(1e-7) == "1e-7"
    assert short_label(0.00155) == "0.00155" and short_label(-9) == "−9" and short_label(float("inf")) == "infinity"
    assert [arrow_head(1, 0), arrow_head(0, 1), arrow_head(-1, -1), arrow_head(0, 0)] == ["→", "↑", "↙", "●"]


def test_text_table_aligns_like_number_table():
    text = text_table(("t", "w"), [("0", "4.000"), ("10", "−3.500")], highlight=1)
    assert text.plain.splitlines() == [" t       w", " 0   4.000", "10  −3.500"]
    assert [span.style for span in text.spans] == ["bold", "reverse"] and not text.style


async def test_a_moving_marker_repaints_only_the_cells_it_left_and_entered():
    app = Harness()
    async with app.run_test(size=(60, 30)) as pilot:
        plot = app.query_one(LivePlot)
        frame = PlotFrame((0.0, 10.0), (0.0, 10.0), title="f", xlabel="w",
                          background=(Trace((0.0, 10.0), (0.0, 10.0)),))
        plot.show(frame, (Trace((2.0,), (2.0,), "error", "●"),))
        await pilot.pause()
        before = lines(plot)
        assert before[0].startswith("f") and "●" in "".join(before) and before[-1].rstrip().endswith("w")
        calls = record_refreshes(plot)
        plot.show(frame, (Trace((7.0,), (7.0,), "error", "●"),))
        await pilot.pause()
        regions = [r for call in calls for r in call]
        assert regions and all(r.height == 1 and r.width <= 3 for r in regions), regions
        assert len(regions) == 2
        after = lines(plot)
        assert sum(a != b for a, b in zip(before, after)) == 2


async def test_points_off_the_axes_become_arrows_at_the_edge():
    app = Harness()
    async with app.run_test(size=(60, 30)) as pilot:
        plot = app.query_one(LivePlot)
        frame = PlotFrame((0.0, 10.0), (0.0, 10.0))
        plot.show(frame, (Trace((50.0, 5.0, -3.0), (5.0, 1e9, 5.0), "error", "●"),
                          Trace((float("nan"),), (1.0,), "error", "●")))
        await pilot.pause()
        text = "".join(lines(plot))
        assert "▶" in text and "▲" in text and "◀" in text and "●" not in text


async def test_live_text_sends_only_the_changed_characters():
    app = Harness()
    async with app.run_test(size=(60, 30)) as pilot:
        live = app.query_one(LiveText)
        live.show("t = 9 · running")
        await pilot.pause()
        assert lines(live)[0].rstrip() == "t = 9 · running"
        calls = record_refreshes(live)
        live.show("t = 8 · running")
        await pilot.pause()
        assert [r for call in calls for r in call] == [Region(4, 0, 1, 1)]
        live.show("a long line that must wrap onto the second line of the widget")
        await pilot.pause()
        assert lines(live)[1].strip() != ""


async def test_heat_map_path_updates_keep_the_map_and_equal_aspect_sets_the_height():
    app = Harness()
    async with app.run_test(size=(60, 30)) as pilot:
        heat = app.query_one(HeatMap)
        grid = [[x * x + 5 * y * y for x in range(-4, 5)] for y in range(-2, 3)]
        data = HeatMapData(grid, (-4.0, 4.0), (-2.0, 2.0), title="f", log_scale=True, join_path=True,
                           x_label="w₁", y_label="w₂")
        heat.data = data.with_path([(-3.0, 1.5)], ((-3.0, 1.5), (-1.0, -1.0)))
        await pilot.pause()
        assert "●" in "".join(lines(heat)) and lines(heat)[-1].strip().startswith("−4")
        key = heat._drawn_key
        calls = record_refreshes(heat)
        heat.data = data.with_path([(-3.0, 1.5), (-1.0, -1.0)], None)
        await pilot.pause()
        assert heat._drawn_key == key
        regions = [r for call in calls for r in call]
        assert regions and all(r.height == 1 for r in regions), "only cells of the path, never the whole map"
        wide = HeatMapData(grid, (-4.0, 4.0), (-2.0, 2.0), equal_aspect=True)
        heat.styles.height = "auto"
        heat.data = wide
        await pilot.pause()
        await pilot.pause()
        lay = heat._layout
        assert lay.cols / 8 == pytest.approx(2 * lay.lines / 4, rel=0.15)
        assert heat.size.height == lay.lines
