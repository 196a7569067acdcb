"""Regression vs classification: the slides' example tasks, and one model output read both ways.

Regression outputs a number; classification outputs a label. A single real output z can
be read as a number, or through the sigmoid σ(z) and a threshold as one of two labels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tui_tutor.compute.classification import sigmoid
from tui_tutor.compute.core import literal

KINDS = ("regression", "classification")


@dataclass(frozen=True, slots=True)
class Task:
    """An example task and what kind of output it needs."""

    name: str
    kind: str
    """'regression' or 'classification'."""
    output_space: str
    reason: str


TASKS: tuple[Task, ...] = (
    Task("age from a photo", "regression", "y ∈ [0, ∞) (years, e.g. 5)", "the answer is a number: an age"),
    Task("is it a human?", "classification", "y ∈ {yes, no}", "the answer is one of two labels"),
    Task("stock price prediction", "regression", "y ∈ [0, ∞)", "a price is a non-negative number"),
    Task(
        "depth estimation",
        "regression",
        "y ∈ [0, ∞)^{W×H}",
        "one non-negative distance per pixel: a W × H array of numbers",
    ),
    Task(
        "image recognition",
        "classification",
        "y ∈ {cat, dog, bear, bird}",
        "the answer is one label from a fixed set of four",
    ),
    Task(
        "handwritten digit recognition",
        "classification",
        "y ∈ {0, 1, 2, …, 9}",
        "digits name ten classes: '8' is a label here, not an amount (7.5 means nothing)",
    ),
    Task("spam filter", "classification", "y ∈ {spam, not spam}", "each e-mail gets one of two labels"),
)
"""The lecture's examples, in slide order."""


@dataclass(frozen=True, slots=True)
class Feedback:
    """Whether a learner sorted a task correctly, and why."""

    task: str
    answer: str
    correct: bool
    expected: str
    reason: str


@dataclass(frozen=True, slots=True)
class OutputReading:
    """One model output z read as a number and as a label."""

    z: float
    as_number: float
    """Regression: the output itself."""
    probability: float
    """σ(z), read as P(positive label)."""
    threshold: float
    label: str
    """positive label if σ(z) ≥ threshold, else the negative one."""
    status: str


def task(name: str) -> Task:
    """The example task called `name`."""
    for t in TASKS:
        if t.name == name:
            return t
    raise ValueError(f"unknown task {name!r}")


def check(name: str, answer: str) -> Feedback:
    """Feedback on sorting the task `name` into `answer` ('regression' or 'classification')."""
    if answer not in KINDS:
        raise ValueError(f"answer must be 'regression' or 'classification', got {answer!r}")
    t = task(name)
    return Feedback(t.name, answer, answer == t.kind, t.kind, f"{t.kind}: {t.output_space}; {t.reason}")


def read_output(
    z: float, threshold: float = 0.5, labels: tuple[str, str] = ("no", "yes")
) -> OutputReading:
    """Read z as a number (regression) and as labels[1] if σ(z) ≥ threshold else labels[0]."""
    s = sigmoid(z)
    if math.isnan(s.y_hat):
        return OutputReading(z, z, s.y_hat, threshold, "undefined", f"{s.status}: no label can be read")
    label = labels[1] if s.y_hat >= threshold else labels[0]
    return OutputReading(z, z, s.y_hat, threshold, label, s.status)


def pytorch_source(z: float, threshold: float = 0.5, labels: tuple[str, str] = ("no", "yes")) -> str:
    """Standalone PyTorch printing z read as a number and, through σ(z) and a threshold, as a label."""
    return f"""import torch

z = torch.tensor({literal(z)}, dtype=torch.float64)  # the model's one output
threshold = {literal(threshold)}
labels = {tuple(labels)!r}  # (negative, positive)

# regression: the output itself is the answer
as_number = z.item()
# classification: squash z into (0, 1) with the sigmoid, then compare with the threshold
probability = torch.sigmoid(z).item()
label = labels[1] if probability >= threshold else labels[0]
print(f"as_number = {{as_number!r}}")
print(f"probability = {{probability!r}}")
print(f"label = {{label}}")
"""
