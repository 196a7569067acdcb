"""How the gradient-descent stepper looks mid-run: after some iterations, diverged, the
zig-zag and the saddle, at 80×24 and 200×60 (`--snapshot-update` to accept changes)."""

from __future__ import annotations

import pytest

from tests.helpers import settle
from tui_tutor.app import TutorApp

RUN, ZIGZAG, SADDLE = 2, 2, 3
"""Section indexes: lesson 14's "Run it", lesson 15's elongated bowl and saddle."""

SNAPSHOTS = {  # name: (lesson, size, section, keys)
    "gd-four-iterations": ("gradient-descent", (80, 24), RUN, ("right",) * 4),
    "gd-diverged": ("gradient-descent", (80, 24), RUN, ("l", "l") + ("full_stop",) * 6),  # about right → diverges
    "gd-wide": ("gradient-descent", (200, 60), RUN, ("right",) * 8),
    "gd3d-zigzag": ("gradient-descent-3d", (80, 24), ZIGZAG, ("full_stop",) * 12),
    "gd3d-zigzag-wide": ("gradient-descent-3d", (200, 60), ZIGZAG, ("full_stop",) * 12),
    "gd3d-saddle": ("gradient-descent-3d", (80, 24), SADDLE, ("full_stop",) * 15),
}


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_snapshots(snap_compare, course, name):
    lesson, size, section, keys = SNAPSHOTS[name]

    async def walk(pilot) -> None:
        await settle(pilot, pilot.app)
        pilot.app.screen.section = section
        await settle(pilot, pilot.app)
        await pilot.press(*keys)
        await settle(pilot, pilot.app)
        pilot.app.clear_notifications()  # the presets' toasts would hide the plots
        await pilot.pause(0.05)  # the plots follow the numbers by a timer

    assert snap_compare(TutorApp(course, start=lesson), terminal_size=size, run_before=walk)
