"""At 80×24 every plot of lessons 1–7 keeps its title on screen (plotext drops a title wider than
its plot), at every step."""

from __future__ import annotations

import pytest

from tests.helpers import lesson_open, screen_text, settle
from tests.ui.test_prose_fits_projector import LESSONS
from tui_tutor.widgets.plot_panel import PlotPanel


@pytest.mark.parametrize("lesson", LESSONS)
async def test_every_plot_on_screen_shows_its_title(make_app, lesson):
    async with lesson_open(make_app, lesson) as (app, pilot):
        missing = []
        for step in range(len(app.screen.lesson.sections)):
            app.screen.section = step
            await settle(pilot, app)
            await pilot.pause()
            text = screen_text(app)
            shown = [p for p in app.screen.query(PlotPanel) if p.display and p.region.area and p.spec is not None]
            missing += [f"step {step + 1}: {p.spec.title!r}" for p in shown if p.spec.title not in text]
        assert missing == []
