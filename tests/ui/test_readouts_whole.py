"""At 80×24 the numbers and words of lessons 1–7 are read whole: in every view, with every
scenario (and a run stepped to its end), no fixed-height readout needs more rows than it has."""

from __future__ import annotations

import pytest

from tests.helpers import clipped_readouts, each_view_and_scenario, lesson_at
from tests.ui.test_prose_fits import LESSONS


@pytest.mark.parametrize("lesson", LESSONS)
async def test_no_readout_is_cut_in_any_view_or_scenario(make_app, lesson):
    async with lesson_at(make_app, lesson) as (pilot, app):
        problems = [f"{state}: {p}" async for state in each_view_and_scenario(pilot, app) for p in clipped_readouts(app)]
        assert problems == []
