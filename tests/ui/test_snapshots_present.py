"""Every lesson in presenter mode on a projector (120×32) and a large one (160×45), at the step
that shows most (`--snapshot-update` to accept changes, then look at them)."""

from __future__ import annotations

import pytest

from tests.ui.test_snapshots_wide_a import SHOTS as SHOTS_A
from tests.ui.test_snapshots_wide_b import SHOTS as SHOTS_B
from tests.ui.test_snapshots_wide_b import at_view
from tui_tutor.app import TutorApp
from tui_tutor.content import load_course

COURSE = load_course()
SHOTS = {**SHOTS_A, **SHOTS_B, "optimization": "race", "gradient-descent": "run", "gradient-descent-3d": "run",
         "backpropagation": "two-backward"}
"""Each lesson and the view of the step shot."""


def test_every_lesson_is_shot():
    assert sorted(SHOTS) == sorted(lesson.id for lesson in COURSE.lessons)


@pytest.mark.parametrize("size", [(120, 32), (160, 45)], ids=["120x32", "160x45"])
@pytest.mark.parametrize("lesson_id", list(SHOTS))
def test_lesson_presented(snap_compare, lesson_id, size):
    app = TutorApp(COURSE, start=lesson_id, presenting=True)
    assert snap_compare(app, terminal_size=size, run_before=at_view(SHOTS[lesson_id]))
