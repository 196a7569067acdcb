"""Regression vs classification examples and reading one output both ways (torch.sigmoid oracle)."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import tasks

SLIDES = {
    "age from a photo": "regression",
    "is it a human?": "classification",
    "stock price prediction": "regression",
    "depth estimation": "regression",
    "image recognition": "classification",
    "handwritten digit recognition": "classification",
    "spam filter": "classification",
}


def test_the_slides_examples_are_sorted_correctly() -> None:
    assert {t.name: t.kind for t in tasks.TASKS} == SLIDES
    spaces = {t.name: t.output_space for t in tasks.TASKS}
    assert "[0, ∞)" in spaces["stock price prediction"]
    assert "W×H" in spaces["depth estimation"]
    assert all(w in spaces["image recognition"] for w in ("cat", "dog", "bear", "bird"))
    assert "9" in spaces["handwritten digit recognition"]
    assert "spam" in spaces["spam filter"]
    assert all(t.reason for t in tasks.TASKS)


@pytest.mark.parametrize(("name", "kind"), SLIDES.items())
def test_check_gives_feedback(name: str, kind: str) -> None:
    other = "regression" if kind == "classification" else "classification"
    right, wrong = tasks.check(name, kind), tasks.check(name, other)
    assert right.correct and not wrong.correct
    assert wrong.expected == kind and wrong.reason.startswith(kind)


def test_check_rejects_unknowns() -> None:
    with pytest.raises(ValueError):
        tasks.check("spam filter", "clustering")
    with pytest.raises(ValueError):
        tasks.task("weather")


@settings(max_examples=50, deadline=None)
@given(st.floats(allow_nan=False), st.floats(min_value=0.0, max_value=1.0))
def test_read_output_as_number_and_as_label(z: float, threshold: float) -> None:
    r = tasks.read_output(z, threshold, ("not spam", "spam"))
    assert r.as_number == z
    expected = torch.sigmoid(torch.tensor(z, dtype=torch.float64)).item()
    assert r.probability == pytest.approx(expected, rel=1e-15)
    assert r.label == ("spam" if expected >= threshold else "not spam")
    assert (r.status == "ok") == math.isfinite(z)


def test_read_output_examples_and_nan() -> None:
    assert tasks.read_output(0.0).label == "yes"  # σ(0) = 0.5 reaches the threshold
    assert tasks.read_output(-0.1).label == "no"
    assert tasks.read_output(2.0, threshold=0.9).label == "no"  # σ(2) ≈ 0.881
    r = tasks.read_output(math.nan)
    assert r.label == "undefined" and "NaN" in r.status


@pytest.mark.parametrize(("z", "threshold", "labels"), [(1.25, 0.5, ("no", "yes")), (-0.4, 0.3, ("not spam", "spam"))])
def test_pytorch_source_prints_the_same_reading(z: float, threshold: float, labels: tuple[str, str]) -> None:
    import subprocess
    import sys

    source = tasks.pytorch_source(z, threshold, labels)
    assert "import torch" in source and "tui_tutor" not in source
    out = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, check=True, timeout=60)
    printed = dict(line.split(" = ", 1) for line in out.stdout.splitlines())
    r = tasks.read_output(z, threshold, labels)
    assert float(printed["as_number"]) == r.as_number
    assert float(printed["probability"]) == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-15)
    assert float(printed["probability"]) == r.probability and printed["label"] == r.label
