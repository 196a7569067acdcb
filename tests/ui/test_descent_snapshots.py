"""How lessons 13–15 look mid-run: the race in one method's view, the stepper after some
iterations, converged, diverged from far away, the zig-zag and the saddle, the surface in 3D,
at 80×24 and 200×60 (`--snapshot-update` to accept changes, after looking at them)."""

from __future__ import annotations

import pytest

from tests.helpers import go_to_view, settle
from tui_tutor.app import TutorApp

SNAPSHOTS = {  # name: (lesson, size, (view, nth), keys, --set values)
    "race-random-search": ("optimization", (80, 24), ("random-search", 0), (), {}),
    "gd-four-iterations": ("gradient-descent", (80, 24), ("run", 0), ("full_stop",) * 4, {}),
    "gd-converged": ("gradient-descent", (80, 24), ("run", 0), ("end",), {}),
    "gd-diverged-far": ("gradient-descent", (80, 24), ("run", 0), ("full_stop",) * 6, {"w0": -100.0, "lr": 1.5}),
    "gd-wide": ("gradient-descent", (200, 60), ("run", 0), ("full_stop",) * 8, {}),
    "gd3d-zigzag": ("gradient-descent-3d", (80, 24), ("run", 1), ("full_stop",) * 12, {}),
    "gd3d-surface": ("gradient-descent-3d", (80, 24), ("run", 1), ("full_stop",) * 12 + ("v",), {}),
    "gd3d-zigzag-wide": ("gradient-descent-3d", (200, 60), ("run", 1), ("full_stop",) * 12, {}),
    "gd3d-saddle": ("gradient-descent-3d", (80, 24), ("run", 2), ("full_stop",) * 15, {}),
}


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_snapshots(snap_compare, course, name):
    lesson, size, (view, nth), keys, values = SNAPSHOTS[name]

    async def walk(pilot) -> None:
        await settle(pilot, pilot.app)
        await go_to_view(pilot, pilot.app, view, nth)
        await pilot.press(*keys)
        await settle(pilot, pilot.app)
        pilot.app.clear_notifications()
        await pilot.pause(0.05)  # the plots follow the numbers by a timer

    assert snap_compare(TutorApp(course, start=lesson, overrides=values), terminal_size=size, run_before=walk)
