"""Predict-then-reveal exercises: fresh numbers, a prediction to type, the worked answer.

Each generator draws its numbers from `random.Random(seed)` (so `--seed` reproduces a
session), asks the compute module for the answer, and writes the worked steps with the
same numbers. No UI imports here.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace

from tui_tutor.content import Lesson
from tui_tutor.numbers import fmt, given, number, subscript, vector


@dataclass(frozen=True, slots=True)
class Exercise:
    """One prediction to make."""

    id: str
    """Stable per kind of exercise, e.g. 'neuron-output' (progress keys on it)."""
    lesson: str
    prompt: str
    answer: float
    tolerance: float
    steps: tuple[str, ...]
    """The worked solution, one line per step."""


def _pick(rng: random.Random, lo: float, hi: float, step: float = 0.5) -> float:
    """A 'nice' number from lo to hi in multiples of `step`."""
    return round(rng.randrange(round(lo / step), round(hi / step) + 1) * step, 10)


def _minus(a: float, b: float) -> str:
    """"a − b" with a negative b in brackets: "-1 − (−0.1000)", not "-1 − −0.1000"."""
    return f"{given(a)} − " + (f"({fmt(b)})" if b < 0 else fmt(b))


def _vector(values) -> str:
    return "(" + ", ".join(given(v) for v in values) + ")"


def neuron(rng: random.Random, lesson: Lesson) -> Exercise:
    from tui_tutor.compute import neuron as compute

    n = rng.choice((2, 3))
    x = [_pick(rng, -2, 2) for _ in range(n)]
    w = [_pick(rng, -2, 2) for _ in range(n)]
    b = _pick(rng, -1, 1)
    phi = rng.choice(("identity", "relu", "sigmoid", "step"))
    r = compute.forward(x, w, b, phi)
    formula = {row["name"]: row["formula"] for row in lesson.data["activations"]}[phi]
    terms = " + ".join(f"({given(wi)})({given(xi)})" for wi, xi in zip(w, x))
    return Exercise(
        "neuron-output", "neuron",
        f"x = {_vector(x)}, w = {_vector(w)}, b = {given(b)}, φ = {phi}.\nPredict ŷ = φ(w·x + b).",
        r.y_hat, 0.01,
        (f"z = w·x + b = {terms} + ({given(b)})", f"  = {fmt(r.z)}", f"ŷ = {formula} at z = {fmt(r.z)}",
         f"ŷ = {fmt(r.y_hat)}"),
    )


def _written(lesson: Lesson, function: str) -> dict:
    """How the lesson writes `function` (its `[[data.functions]]` row; the name alone if it has none)."""
    rows = lesson.data.get("functions", ())
    return next((r for r in rows if r.get("name") == function), {"formula": function, "gradient": ""})


def gradient_descent(rng: random.Random, lesson: Lesson) -> Exercise:
    from tui_tutor.compute import descent

    name = rng.choice(lesson.param("function").choices)  # the functions this lesson teaches
    written = _written(lesson, name)
    w = _pick(rng, -1.5, 2.5)
    lr = rng.choice((0.05, 0.1, 0.2, 0.3))
    it = descent.step(name, (w,), lr)
    g, step, nxt = it.grad[0], it.update[0], it.w_next[0]
    return Exercise(
        "gradient-descent-next-w", "gradient-descent",
        f"{written['formula']}, wₜ = {given(w)}, η = {given(lr)}.\nPredict wₜ₊₁ = wₜ − η∇f(wₜ).",
        nxt, 0.01,
        (written["gradient"], f"∇f({given(w)}) = {number(g)}", f"η∇f = {given(lr)} · {_factor(g)} = {number(step)}",
         f"wₜ₊₁ = {given(w)} − {_factor(step)} = {number(nxt)}"),
    )


def gradient_descent_3d(rng: random.Random, lesson: Lesson) -> Exercise:
    from tui_tutor.compute import descent

    name = rng.choice([f for f in lesson.param("function").choices if f in ("round-bowl", "elongated-bowl")]
                      or ("round-bowl", "elongated-bowl"))  # bowls: one step has a clean answer
    written = _written(lesson, name)
    w = (_pick(rng, -3, 3), _pick(rng, -1.5, 1.5))
    lr = rng.choice((0.05, 0.1, 0.15))
    k = rng.choice((0, 1))
    it = descent.step(name, w, lr)
    coordinate = "uv"[k]
    g, step = it.grad[k], it.update[k]
    return Exercise(
        "gradient-descent-3d-next-w", "gradient-descent-3d",
        f"{written['formula']}, wₜ = (u, v) = {vector(w)}, η = {given(lr)}.\n"
        f"Predict {coordinate} of wₜ₊₁ = wₜ − η∇f(wₜ).",
        it.w_next[k], 0.01,
        (written["gradient"], f"∇f(wₜ) = {vector(it.grad)}",
         f"η ∂f/∂{coordinate} = {given(lr)} · {_factor(g)} = {number(step)}",
         f"{coordinate} = {given(w[k])} − {_factor(step)} = {number(it.w_next[k])}"),
    )


def _factor(value: float) -> str:
    """A number as a factor or a term after a minus: in brackets when negative, "(−0.6)"."""
    text = number(value)
    return f"({text})" if text.startswith("−") else text


def l1_vs_l2(rng: random.Random, lesson: Lesson) -> Exercise:
    from tui_tutor.compute import losses

    data = [float(rng.randint(0, 6)) for _ in range(4)]
    c = float(rng.randint(1, 5))
    r = losses.constant_loss(data, c)
    mse = rng.choice((False, True))
    errors = [c - y for y in data]
    shown = ", ".join(given(e) for e in errors)
    if mse:
        what, answer = "MSE = (1/n) Σ (c − yᵢ)²", r.mse
        work = f"squared: {', '.join(number(e * e) for e in errors)}; mean = {fmt(answer)}"
    else:
        what, answer = "MAE = (1/n) Σ |c − yᵢ|", r.mae
        work = f"absolute: {', '.join(given(abs(e)) for e in errors)}; mean = {fmt(answer)}"
    return Exercise(
        "l1-vs-l2-constant-loss", "l1-vs-l2",
        f"Data y = {_vector(data)}, predicted by one constant c = {given(c)}.\nPredict the {what}.",
        answer, 0.01,
        (f"errors c − yᵢ: {shown}", work, f"{what.split(' =')[0]} = {fmt(answer)}"),
    )


def softmax(rng: random.Random, lesson: Lesson) -> Exercise:
    from tui_tutor.compute import classification
    from tui_tutor.numbers import number, probability

    logits = [float(rng.randint(-2, 3)) for _ in range(3)]
    r = classification.softmax(logits)
    exps = " + ".join(f"e^{number(z)}" for z in logits)
    return Exercise(
        "softmax-probability", "softmax",
        f"Logits ỹ = ({', '.join(number(z) for z in logits)}).\nPredict ŷ₁, the softmax probability of the first class.",
        r.probabilities[0], 0.01,
        (f"ŷ₁ = e^{number(logits[0])} / ({exps})", f"ŷ = ({', '.join(probability(p) for p in r.probabilities)})",
         f"ŷ₁ = {probability(r.probabilities[0])}"),
    )


def binary_cross_entropy(rng: random.Random, lesson: Lesson) -> Exercise:
    from tui_tutor.compute import classification
    from tui_tutor.numbers import number

    y_hat = rng.choice((0.1, 0.2, 0.25, 0.5, 0.75, 0.8, 0.9))
    y = rng.choice((0, 1))
    r = classification.bce(y_hat, y)
    term, value = ("−log ŷ", y_hat) if y == 1 else ("−log(1 − ŷ)", 1 - y_hat)
    return Exercise(
        "bce-loss", "binary-cross-entropy",
        f"The filter says ŷ = {number(y_hat)} (probability of spam); the truth is y = {y}.\n"
        "Predict the binary cross-entropy L = −y log ŷ − (1 − y) log(1 − ŷ) (natural log).",
        r.loss, 0.01,
        (f"y = {y}, so only {term} survives", f"L = {term} = −log {number(value)} = {number(r.loss)}"),
    )


def cross_entropy(rng: random.Random, lesson: Lesson) -> Exercise:
    import math

    from tui_tutor.compute import classification
    from tui_tutor.numbers import number, operand, probability

    logits = [float(rng.randint(-1, 3)) for _ in range(3)]
    true_class = rng.randrange(3)
    r = classification.cross_entropy(logits, true_class)
    shown = operand(r.probabilities[true_class], lambda p: -math.log(p))  # so that −log(shown) = L as printed
    return Exercise(
        "cross-entropy-loss", "cross-entropy",
        f"Logits ỹ = ({', '.join(number(z) for z in logits)}) for classes 0, 1, 2; the true class is {true_class}.\n"
        "Predict the cross-entropy loss −Σ yᵢ log ŷᵢ (natural log).",
        r.loss, 0.01,
        (f"softmax: ŷ = ({', '.join(probability(p) for p in r.probabilities)})",
         f"one-hot y keeps only i = {true_class}: L = −log ŷ{subscript(true_class)} = −log {shown}",
         f"L = {number(r.loss)}"),
    )


def backpropagation(rng: random.Random, lesson: Lesson) -> Exercise:
    from tui_tutor.compute import backprop
    from tui_tutor.words import backprop as words

    x = rng.choice((-2.0, -1.5, -1.0, -0.5, 0.5, 1.0, 1.5, 2.0))
    w, b = _pick(rng, -1.5, 1.5), _pick(rng, -1, 1)
    y = rng.choice((0.0, 1.0))
    r = backprop.neuron([x], [w], b, y, "sigmoid")
    grad_w = next(g for g in r.backward if g.name == "w₁")
    written = words.neuron_formulas([x], [w], b, y, r)
    return Exercise(
        "backprop-dw", "backpropagation",
        f"One neuron: z = w·x + b, ŷ = σ(z), L = (ŷ − y)², with x = {given(x)}, w = {given(w)}, b = {given(b)}, "
        f"y = {given(y)}.\nPredict ∂L/∂w.",
        grad_w.value, 0.01,
        (*written.values(), words.chain(grad_w, r.activation), f"∂L/∂w = {number(grad_w.value)}"),
    )


GENERATORS: dict[str, Callable[[random.Random, Lesson], Exercise]] = {
    "neuron-output": neuron,
    "gradient-descent-next-w": gradient_descent,
    "gradient-descent-3d-next-w": gradient_descent_3d,
    "l1-vs-l2-constant-loss": l1_vs_l2,
    "softmax-probability": softmax,
    "bce-loss": binary_cross_entropy,
    "cross-entropy-loss": cross_entropy,
    "backprop-dw": backpropagation,
}
"""Every predict-then-reveal generator, by the name a lesson's `exercises = [...]` gives."""


def make(name: str, lesson: Lesson, seed: int) -> Exercise:
    """A fresh exercise from the generator `name` for `lesson`, reproducible from `seed`."""
    exercise = GENERATORS[name](random.Random(f"{lesson.id}:{seed}"), lesson)
    return replace(exercise, id=name, lesson=lesson.id)
