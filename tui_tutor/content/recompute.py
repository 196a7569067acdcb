"""Numeric answers written in lesson files, recomputed with the compute module.

A numeric question may say how its answer is computed:

    compute = { function = "loss", name = "l2", y_hat = 5, y = 2 }

`tui-tutor check` calls the named function below with those arguments and compares the
result with the written `answer` (within the question's tolerance); a question with
`compute` and no `answer` takes the computed value. The functions only pass their
arguments to `tui_tutor.compute` and pick one number out of its result.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable, Sequence

from tui_tutor.content.model import Recompute

FUNCTIONS: dict[str, Callable[..., float]] = {}


def _register(fn: Callable[..., float]) -> Callable[..., float]:
    FUNCTIONS[fn.__name__] = fn
    return fn


@_register
def neuron_output(x: Sequence[float], w: Sequence[float], b: float, activation: str) -> float:
    """ŷ = φ(w·x + b)."""
    from tui_tutor.compute import neuron

    return neuron.forward(list(x), list(w), b, activation).y_hat


@_register
def parameter_count(hidden: Sequence[int]) -> float:
    """Weights and biases of a 1-input, 1-output network with these hidden widths."""
    from tui_tutor.compute import network

    return network.parameter_count(list(hidden))


@_register
def sigmoid(z: float) -> float:
    """σ(z) = 1 / (1 + e⁻ᶻ)."""
    from tui_tutor.compute import classification

    return classification.sigmoid(z).y_hat


@_register
def loss(name: str, y_hat: float, y: float) -> float:
    """One loss L(ŷ, y): "difference", "l1", "l2" or "huber"."""
    from tui_tutor.compute import losses

    return losses.loss(name, y_hat, y).value


@_register
def codec_bit_rate(bits: int) -> float:
    """The toy codec's bit rate in bit/s at `bits` bits per sample."""
    from tui_tutor.compute import codec

    return codec.codec_table(bits=(bits,))[0].bit_rate


@_register
def codec_levels(bits: int) -> float:
    """How many levels a `bits`-bit code has: 2 / Δ + 1, Δ being the level spacing."""
    from tui_tutor.compute import codec

    return round(2 / codec.quantise((0.0,), bits).step + 1)


@_register
def descent_on_loss(name: str, y_hat0: float, y: float, lr: float, steps: int) -> float:
    """ŷ after `steps` steps of gradient descent on the loss `name` ("difference", "l1", "l2")."""
    from tui_tutor.compute import losses

    runs = {run.loss: run for run in losses.why_not_difference(y_hat0, y, lr, steps)}
    return runs[name].trajectory[-1]


@_register
def constant_fit_loss(data: Sequence[float], c: float, mean_of: str) -> float:
    """MAE (`mean_of = "l1"`) or MSE ("l2") of the data predicted by one constant c."""
    from tui_tutor.compute import losses

    result = losses.constant_loss(list(data), c)
    return {"l1": result.mae, "l2": result.mse}[mean_of]


@_register
def best_constant(data: Sequence[float], mean_of: str) -> float:
    """The constant c that a long gradient descent on the MAE ("l1") or MSE ("l2") lands on."""
    from tui_tutor.compute import losses

    return losses.fit_constant(list(data), mean_of, lr=0.1, steps=3000).run.final


@_register
def bce(y_hat: float, y: float) -> float:
    """Binary cross-entropy −y log ŷ − (1 − y) log(1 − ŷ)."""
    from tui_tutor.compute import classification

    return classification.bce(y_hat, y).loss


@_register
def softmax_output(logits: Sequence[float], index: int) -> float:
    """softmax(ỹ)ᵢ, counting i from 1 as the slides do."""
    from tui_tutor.compute import classification

    return classification.softmax(list(logits)).probabilities[index - 1]


@_register
def cross_entropy_of_probabilities(probabilities: Sequence[float], true_class: int) -> float:
    """CE = −log ŷ_true for these probabilities (true class counted from 1), through the
    compute module's logit form: logits ln ŷᵢ have exactly these softmax probabilities."""
    from tui_tutor.compute import classification

    logits = [math.log(p) for p in probabilities]
    return classification.cross_entropy(logits, true_class - 1).loss


@_register
def logit_gradient(logits: Sequence[float], true_class: int, index: int, of: str) -> float:
    """∂L/∂ỹᵢ for L = CE (`of = "ce"`) or MSE on softmax ("mse"); classes counted from 1."""
    from tui_tutor.compute import classification

    result = classification.logit_gradients(list(logits), true_class - 1)
    return {"ce": result.ce_grad, "mse": result.mse_grad}[of][index - 1]


@_register
def mse_of_probabilities(probabilities: Sequence[float], true_class: int) -> float:
    """(1/n) Σᵢ (ŷᵢ − yᵢ)² against the one-hot y of `true_class` (counted from 1)."""
    from tui_tutor.compute import losses

    one_hot = [1.0 if i == true_class - 1 else 0.0 for i in range(len(probabilities))]
    return losses.mean_loss("l2", list(probabilities), one_hot).value


@_register
def db_change(before: float, after: float) -> float:
    """20·log₁₀(after) − 20·log₁₀(before): a magnitude's change in dB."""
    from tui_tutor.compute import audio, core

    db = audio.amplitude_to_db(core.tensor([before, after]))
    return float(db[1] - db[0])


@_register
def search_evaluations(steps: int) -> float:
    """How many evaluations `steps` steps of gradient descent cost in the optimisation race."""
    from tui_tutor.compute import search

    return len(search.gradient_descent(budget=2 * steps).losses)


@_register
def descent_step(function_name: str, w: Sequence[float], lr: float, coordinate: int) -> float:
    """Coordinate `coordinate` (from 1) of wₜ₊₁ = wₜ − η∇f(wₜ) on the function `function_name`."""
    from tui_tutor.compute import descent

    return descent.step(function_name, tuple(w), lr).w_next[coordinate - 1]


@_register
def stable_eta_limit(function_name: str) -> float:
    """The η below which gradient descent converges on a quadratic: 2 / its largest curvature."""
    from tui_tutor.compute import descent

    return descent.stable_eta_limit(function_name)


@_register
def neuron_gradient(x: Sequence[float], w: Sequence[float], b: float, y: float, activation: str, of: str) -> float:
    """∂L/∂`of` for one neuron and L = (ŷ − y)², by the chain rule (`of` is "b", "w₁", …)."""
    from tui_tutor.compute import backprop

    result = backprop.neuron(list(x), list(w), b, y, activation)
    return next(g.value for g in result.backward if g.name == of)


def describe() -> list[str]:
    """One line per function: its name, arguments and what it computes (for authors)."""
    return [f"{name}{inspect.signature(fn)}: {(fn.__doc__ or '').splitlines()[0]}" for name, fn in sorted(FUNCTIONS.items())]


def recompute(spec: Recompute) -> float:
    """The number `spec` names, from the compute module.

    Raises:
        ValueError: for an unknown function, wrong arguments, or a computation that fails,
            with a message that says which.
    """
    fn = FUNCTIONS.get(spec.function)
    if fn is None:
        raise ValueError(f"no compute function {spec.function!r} (known: {', '.join(sorted(FUNCTIONS))})")
    args = dict(spec.args)
    try:
        inspect.signature(fn).bind(**args)
    except TypeError as err:
        raise ValueError(f"{spec.function}: {err}; it takes {inspect.signature(fn)}") from None
    try:
        return float(fn(**args))
    except Exception as err:
        raise ValueError(f"{spec.function}{tuple(args.values())} cannot be computed: {type(err).__name__}: {err}") from None
