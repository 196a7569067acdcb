"""At 80×24 every plot of lessons 1–7 keeps its title on screen (plotext drops a title wider than
its plot), in every view and with every scenario."""

from __future__ import annotations

import pytest

from tests.helpers import each_view_and_scenario, lesson_at, screen_text
from tests.ui.test_prose_fits import LESSONS
from tui_tutor.widgets.plot_panel import PlotPanel


def missing_titles(app) -> list[str]:
    text = screen_text(app)
    shown = [p for p in app.screen.query(PlotPanel) if p.display and p.region.area and p.spec is not None]
    return [repr(p.spec.title) for p in shown if p.spec.title not in text]


@pytest.mark.parametrize("lesson", LESSONS)
async def test_every_plot_on_screen_shows_its_title(make_app, lesson):
    async with lesson_at(make_app, lesson) as (pilot, app):
        missing = [f"{state}: {title}" async for state in each_view_and_scenario(pilot, app)
                   for title in missing_titles(app)]
        assert missing == []
