"""Lessons 1-7 at 200×60, at the step that shows most (`--snapshot-update` to accept changes)."""

from __future__ import annotations

import pytest

from tests.ui.test_snapshots_wide_b import at_view
from tui_tutor.app import TutorApp
from tui_tutor.content import load_course

COURSE = load_course()
SHOTS = {"neuron": "explore", "parameterized-functions": "compare", "regression-vs-classification": "reading",
         "loss-functions": "explore", "audio-codec-objective": "search", "why-not-difference": "end", "l1-vs-l2": "fit"}
"""Each lesson and the view of the step shot."""


@pytest.mark.parametrize("lesson_id", list(SHOTS))
def test_lesson_at_200x60(snap_compare, lesson_id):
    assert snap_compare(TutorApp(COURSE, start=lesson_id), terminal_size=(200, 60), run_before=at_view(SHOTS[lesson_id]))
