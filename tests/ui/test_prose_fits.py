"""Every step's text of lessons 1–7, gradient descent and backpropagation is read whole, on a laptop (80×24) and on a projector
(presenter mode, 120×32): a clicker cannot scroll, so no step's prose needs a scrollbar."""

from __future__ import annotations

import pytest

from tests.helpers import lesson_at, steps_whose_prose_scrolls

LESSONS = ["neuron", "parameterized-functions", "regression-vs-classification", "loss-functions",
           "audio-codec-objective", "why-not-difference", "l1-vs-l2", "gradient-descent", "backpropagation"]


@pytest.mark.parametrize(("size", "presenting"), [((80, 24), False), ((120, 32), True)], ids=["80x24", "projector"])
@pytest.mark.parametrize("lesson", LESSONS)
async def test_no_step_scrolls(make_app, lesson, size, presenting):
    async with lesson_at(make_app, lesson, size=size, presenting=presenting) as (pilot, app):
        assert await steps_whose_prose_scrolls(pilot, app) == []
