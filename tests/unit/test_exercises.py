"""Exercises: reproducible from the seed, answers checked against independent closed forms."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from tui_tutor import exercises
from tui_tutor.content import load_lessons

WITH_EXERCISES = {lesson.id: lesson for lesson in load_lessons() if lesson.exercises}


def make(lesson_id: str, seed: int) -> exercises.Exercise:
    """The lesson's (first) exercise, as `x` poses it."""
    lesson = WITH_EXERCISES[lesson_id]
    return exercises.make(lesson.exercises[0], lesson, seed)


def test_every_generator_is_offered_by_a_lesson():
    assert {name for lesson in WITH_EXERCISES.values() for name in lesson.exercises} == set(exercises.GENERATORS)


@pytest.mark.parametrize("lesson", sorted(WITH_EXERCISES))
def test_reproducible_and_varied(lesson):
    assert make(lesson, 7) == make(lesson, 7)
    prompts = {make(lesson, seed).prompt for seed in range(12)}
    assert len(prompts) > 3, "fresh numbers each time"


@pytest.mark.parametrize("seed", range(20))
def test_neuron_answer(seed):
    ex = make("neuron", seed)
    x = [float(v.replace("−", "-")) for v in re.search(r"x = \(([^)]*)\)", ex.prompt).group(1).split(", ")]
    w = [float(v.replace("−", "-")) for v in re.search(r"w = \(([^)]*)\)", ex.prompt).group(1).split(", ")]
    b = float(re.search(r"b = (−?\d+(?:\.\d+)?)", ex.prompt).group(1).replace("−", "-"))
    phi = re.search(r"φ = (\w+)", ex.prompt).group(1)
    z = sum(a * c for a, c in zip(x, w)) + b
    expected = {"identity": z, "relu": max(0.0, z), "step": 1.0 if z >= 0 else 0.0,
                "sigmoid": 1 / (1 + math.exp(-z))}[phi]
    assert ex.answer == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_softmax_and_cross_entropy_answers(seed):
    ex = make("softmax", seed)
    z = [float(v.replace("−", "-")) for v in re.search(r"ỹ = \(([^)]*)\)", ex.prompt).group(1).split(", ")]
    assert ex.answer == pytest.approx(math.exp(z[0]) / sum(math.exp(v) for v in z), abs=1e-12)
    ex = make("cross-entropy", seed)
    z = [float(v.replace("−", "-")) for v in re.search(r"ỹ = \(([^)]*)\)", ex.prompt).group(1).split(", ")]
    k = int(re.search(r"true class is (\d)", ex.prompt).group(1))
    assert ex.answer == pytest.approx(-math.log(math.exp(z[k]) / sum(math.exp(v) for v in z)), abs=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_bce_gd_and_backprop_answers(seed):
    ex = make("binary-cross-entropy", seed)
    y_hat = float(re.search(r"ŷ = (\d+(?:\.\d+)?)", ex.prompt).group(1))
    y = int(re.search(r"y = (\d)\.", ex.prompt).group(1))
    assert ex.answer == pytest.approx(-(y * math.log(y_hat) + (1 - y) * math.log(1 - y_hat)), abs=1e-12)

    ex = make("gradient-descent", seed)
    w = float(re.search(r"wₜ = (−?[\d.]+)", ex.prompt).group(1).replace("−", "-"))
    lr = float(re.search(r"η = (\d+(?:\.\d+)?)", ex.prompt).group(1))
    grad = 2 * (w - 1) if ex.prompt.startswith("f(w) = (w − 1)²") else 4 * w * (w * w - 1) + 0.3
    assert ex.answer == pytest.approx(w - lr * grad, abs=1e-12)

    ex = make("backpropagation", seed)
    x, w, b, y = (float(re.search(rf"\b{n} = (−?\d+(?:\.\d+)?)", ex.prompt).group(1).replace("−", "-"))
                  for n in ("x", "w", "b", "y"))
    s = 1 / (1 + math.exp(-(w * x + b)))
    assert ex.answer == pytest.approx(2 * (s - y) * s * (1 - s) * x, abs=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_gradient_descent_3d_and_l1_vs_l2_answers(seed):
    ex = make("gradient-descent-3d", seed)
    u, v = (float(c.replace("−", "-")) for c in re.search(r"wₜ = \(u, v\) = \(([^)]*)\)", ex.prompt).group(1).split(", "))
    lr = float(re.search(r"η = (\d+(?:\.\d+)?)", ex.prompt).group(1))
    steep = 5 if ex.prompt.startswith("f(w) = u² + 5v²") else 1
    nxt = (u - lr * 2 * u, v - lr * 2 * steep * v)
    k = 0 if "Predict u" in ex.prompt else 1
    assert ex.answer == pytest.approx(nxt[k], abs=1e-12)

    ex = make("l1-vs-l2", seed)
    data = np.array([float(v.replace("−", "-")) for v in re.search(r"y = \(([^)]*)\)", ex.prompt).group(1).split(", ")])
    c = float(re.search(r"c = (\d+)", ex.prompt).group(1))
    expected = np.mean((c - data) ** 2) if "MSE" in ex.prompt else np.mean(np.abs(c - data))
    assert ex.answer == pytest.approx(float(expected), abs=1e-12)


@pytest.mark.parametrize("lesson", sorted(WITH_EXERCISES))
def test_worked_steps_end_with_the_answer(lesson):
    """The last worked step ends in the answer, to the digits it is written with."""
    ex = make(lesson, 3)
    assert ex.steps and ex.tolerance > 0
    last = re.findall(r"−?\d+(?:\.\d+)?(?:e[+−]\d+)?", ex.steps[-1])[-1]
    digits = len(re.sub(r"\D", "", last.split("e")[0]).lstrip("0")) or 1
    assert math.isclose(float(last.replace("−", "-")), ex.answer, rel_tol=10.0 ** (1 - digits), abs_tol=1e-4)


@pytest.mark.parametrize("lesson", sorted(WITH_EXERCISES))
def test_numbers_are_written_as_everywhere_else(lesson):
    """A negative number in a prompt or a worked step has the minus sign (U+2212) the screens
    use, never an ASCII hyphen ("x = (1.5, 1, −1)", not "-1")."""
    for seed in range(30):
        for name in WITH_EXERCISES[lesson].exercises:
            ex = exercises.make(name, WITH_EXERCISES[lesson], seed)
            for text in (ex.prompt, *ex.steps):
                assert not re.search(r"(?<![\w^])-\d", text), f"{name} (seed {seed}): {text!r}"
