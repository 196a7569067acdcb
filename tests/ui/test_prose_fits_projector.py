"""On a projector (presenter mode, 120×32) every step's text of lessons 1–7 is read whole: a
clicker cannot scroll, so no step's prose needs a scrollbar."""

from __future__ import annotations

import pytest

from tests.helpers import lesson_at, steps_whose_prose_scrolls

LESSONS = ["neuron", "parameterized-functions", "regression-vs-classification", "loss-functions",
           "audio-codec-objective", "why-not-difference", "l1-vs-l2"]


@pytest.mark.parametrize("lesson", LESSONS)
async def test_no_step_scrolls_on_a_projector(make_app, lesson):
    async with lesson_at(make_app, lesson, size=(120, 32), presenting=True) as (pilot, app):
        assert await steps_whose_prose_scrolls(pilot, app) == []
