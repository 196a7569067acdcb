"""Reading one output both ways, as a number and as a label (torch.sigmoid oracle; the slides'
examples are checked where they live, in tests/ui/test_regression_vs_classification.py)."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import tasks


@settings(max_examples=50, deadline=None)
@given(st.floats(allow_nan=False), st.floats(min_value=0.0, max_value=1.0))
def test_read_output_as_number_and_as_label(z: float, threshold: float) -> None:
    r = tasks.read_output(z, threshold, ("not spam", "spam"))
    assert r.as_number == z
    expected = torch.sigmoid(torch.tensor(z, dtype=torch.float64)).item()
    assert r.probability == pytest.approx(expected, rel=1e-15)
    assert r.label == ("spam" if expected >= threshold else "not spam")


def test_read_output_examples_and_nan() -> None:
    assert tasks.read_output(0.0).label == "yes"  # σ(0) = 0.5 reaches the threshold
    assert tasks.read_output(-0.1).label == "no"
    assert tasks.read_output(2.0, threshold=0.9).label == "no"  # σ(2) ≈ 0.881
    r = tasks.read_output(math.nan)
    assert r.label is None and math.isnan(r.probability)
