"""Regression vs classification: one model output read both ways.

Regression outputs a number; classification outputs a label. A single real output z can
be read as a number, or through the sigmoid σ(z) and a threshold as one of two labels.
(The slides' example tasks and their kinds are data: the lesson file's `[[data.tasks]]`.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from tui_tutor.compute.core import tensor


@dataclass(frozen=True, slots=True)
class OutputReading:
    """One model output z read as a number and as a label."""

    z: float
    as_number: float
    """Regression: the output itself."""
    probability: float
    """σ(z), read as P(positive label)."""
    threshold: float
    label: str | None
    """The positive label if σ(z) ≥ threshold, else the negative one; None when σ(z) is not a
    number (z is NaN): no label can be read."""


def read_output(z: float, threshold: float = 0.5, labels: tuple[str, str] = ("no", "yes")) -> OutputReading:
    """Read z as a number (regression) and as labels[1] if σ(z) ≥ threshold else labels[0]."""
    probability = float(torch.sigmoid(tensor(z)))
    label = None if math.isnan(probability) else labels[1] if probability >= threshold else labels[0]
    return OutputReading(z, z, probability, threshold, label)
