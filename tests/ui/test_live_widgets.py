"""The widgets behind the gradient-descent lessons: cell canvases that repaint only what changed
(LivePlot, LiveText, HeatMap, SurfaceView), their geometry (log axes, whole-number ticks, axes
that grow with a run, a surface's hidden parts), and the plain text table."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region

from tui_tutor.widgets.cell_canvas import changed_span, clip_segment, spans
from tui_tutor.widgets.heat_map import HeatMap, HeatMapData, arrow_head, short_label
from tui_tutor.widgets.live_plot import LivePlot, PlotFrame, Trace, grown, log_ticks, nice_ticks, tick_label
from tui_tutor.widgets.live_text import LiveText
from tui_tutor.widgets.number_table import text_table
from tui_tutor.widgets.surface import SurfaceData, SurfaceView, _Projection


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


def test_whole_log_and_growing_axes():
    assert nice_ticks(0, 3, 6, whole=True) == [0, 1, 2, 3], "counts: no 0.5"
    assert nice_ticks(0, 25, 3, whole=True) == [0, 10, 20]
    assert log_ticks(1, 1000) == [1.0, 10.0, 100.0, 1000.0] and log_ticks(0.004, 0.2) == [0.01, 0.1]
    assert grown((0, 10), (1, 9)) == (0, 10), "inside: the axes hold still"
    lo, hi = grown((0, 10), (0, 39.2))
    assert lo == 0 and hi >= 39.2, "a run that climbs is followed"
    assert grown((0, 50), (0, 51), double=True) == (0, 100)
    assert grown((0, 10), (-3, 5))[0] < -3
    assert grown((0, 10), (0, float("inf"))) == (0, 10)


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


class SurfaceHarness(App[None]):
    CSS = "SurfaceView { height: 14; width: 40; }"

    def compose(self) -> ComposeResult:
        yield SurfaceView()


def bowl(n: int = 30) -> SurfaceData:
    xs = [-4 + 8 * i / (n - 1) for i in range(n)]
    grid = tuple(tuple(x * x + y * y for x in xs) for y in xs)
    return SurfaceData(grid, (-4.0, 4.0), (-4.0, 4.0), title="bowl", x_label="u", y_label="v",
                       path=((-3.0, 3.0, 18.0), (-1.0, 1.0, 2.0), (0.0, 0.0, 0.0)))


async def test_the_surface_draws_its_mesh_and_its_path_and_turns():
    app = SurfaceHarness()
    async with app.run_test(size=(50, 20)) as pilot:
        view = app.query_one(SurfaceView)
        view.show(bowl())
        await pilot.pause()
        drawn = lines(view)
        assert drawn[0].startswith("bowl") and any("u" in line and "v" in line for line in drawn[-3:])
        assert sum(0x2801 <= ord(ch) < 0x2900 for line in drawn for ch in line) > 50, "a mesh"
        marks = {c for c, _ in view.draw_overlay(*view.size).values()}
        assert {"•", "●"} <= marks, "the path and the current point"
        calls = record_refreshes(view)
        view.show(replace(bowl(), path=bowl().path[:2]))
        await pilot.pause()
        assert calls and all(r.height == 1 for call in calls for r in call), "a new path: only the cells it changed"
        before = lines(view)
        view.turn(90)
        await pilot.pause()
        assert view.azimuth == pytest.approx(55) and lines(view) != before


def test_what_the_surface_hides_and_what_it_shows():
    """Seen from 45° above, the bottom of a bowl shows over its near rim; a point under the floor
    of the far side is hidden by the surface in front of it."""
    data = bowl()
    view = SurfaceView()
    p = _Projection(data, 40, 14, view.azimuth, view.elevation)
    view._projection, view.data = p, data
    xs, ys, heights = view._mesh(p)
    points = [[p.dot(x, y, heights[j][i]) for i, x in enumerate(xs)] for j, y in enumerate(ys)]
    for j in range(len(ys) - 1):
        for i in range(len(xs) - 1):
            a, b, c, d = points[j][i], points[j][i + 1], points[j + 1][i + 1], points[j + 1][i]
            view._fill(p, (a, b, c))
            view._fill(p, (a, c, d))
    assert view._seen(*p.dot(0.0, 0.0, data.heights()[0])), "the bottom of the bowl"
    far = (4.0, 4.0) if p.dot(4.0, 4.0, 0.0)[2] > p.dot(-4.0, -4.0, 0.0)[2] else (-4.0, -4.0)
    assert view._seen(*p.dot(*far, 32.0)), "the far rim"
    assert not view._seen(*p.dot(far[0] / 2, far[1] / 2, 0.0)), "under the far wall: behind the surface"
