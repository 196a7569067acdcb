"""On a projector (presenter mode, 120×32) every step's text of lessons 1–7 is read whole: a
clicker cannot scroll, so no step's prose needs a scrollbar."""

from __future__ import annotations

import pytest

from tests.helpers import lesson_open, prose_overflows, settle

LESSONS = ["neuron", "parameterized-functions", "regression-vs-classification", "loss-functions",
           "audio-codec-objective", "why-not-difference", "l1-vs-l2"]


@pytest.mark.parametrize("lesson", LESSONS)
async def test_no_step_scrolls_on_a_projector(make_app, lesson):
    async with lesson_open(make_app, lesson, size=(120, 32), presenting=True) as (app, pilot):
        scrolled = []
        for step in range(len(app.screen.lesson.sections)):
            app.screen.section = step
            await settle(pilot, app)
            if prose_overflows(app):
                scrolled.append(step + 1)
        assert scrolled == []
