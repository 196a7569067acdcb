"""Classifiers said in words (softmax, BCE, cross-entropy, their gradients, a training run), from
compute's codes and numbers."""

from __future__ import annotations

import math
from collections.abc import Sequence

from tui_tutor.numbers import number, probability, subscript


def _not_finite(logits: Sequence[float], name: str = "ỹ") -> str:
    """'ỹ₂ is infinity; ỹ₃ is not a number' for the logits that are not finite ('' if all are)."""
    return "; ".join(f"{name}{subscript(i)} is {number(z)}" for i, z in enumerate(logits, 1) if not math.isfinite(z))


def softmax_status(code: str, logits: Sequence[float]) -> str:
    """What the stable form did with these logits."""
    said = {
        "ok": "every exponent ≤ 0, all finite",
        "undefined": "softmax is undefined (not a number)",
        "limit": "in the limit the +∞ logits take all the probability",
        "zero": "e^(−∞) = 0, so those classes get probability 0",
    }[code]
    unusual = _not_finite(logits)
    return f"{unusual}: {said}" if unusual else said


def naive_status(code: str, logits: Sequence[float], overflowed: int) -> str:
    """What the naive form e^ỹᵢ / Σⱼ e^ỹⱼ did with these logits."""
    if code == "overflow":
        return f"overflowed: e^{number(logits[overflowed], 6)} is +infinity in float64, and ∞/∞ is not a number"
    return {
        "ok": "same numbers as the stable form",
        "underflow": "underflowed: every e^ỹᵢ rounds to 0, and 0/0 is not a number",
        "not compared": "not compared: some logit is not finite",
    }[code]


def bce_status(code: str, y_hat: float, y: float) -> str:
    """What happened to one BCE ('' when nothing needs saying)."""
    if code == "clamped":
        return "log 0 = −∞ was clamped to −100 (as PyTorch does), so the loss is 100, not +∞"
    if code == "not finite":
        return "undefined: " + "; ".join(f"{n} is {number(v)}" for n, v in (("ŷ", y_hat), ("y", y)) if not math.isfinite(v))
    if code == "outside":
        return "undefined: ŷ and y must both lie in [0, 1]"
    return ""


def ce_status(code: str, logits: Sequence[float], loss: float) -> str:
    """What happened to one cross-entropy ('' when nothing needs saying)."""
    if code == "ok":
        return ""
    unusual = _not_finite(logits)
    return f"{unusual}: the loss is {number(loss)}" if unusual else f"the loss is {number(loss)}: beyond float64"


def gradient_verdict(verdict: str, true_probability: float, ratio: float) -> str:
    """Why CE's and MSE's gradients differ for this example ('' when nothing stands out)."""
    if verdict == "undefined":
        return "A logit is not finite: the gradients are undefined."
    if verdict == "confidently wrong":
        return (f"Confidently wrong (ŷ_true = {probability(true_probability)}): CE's gradient ŷ − y stays large, "
                f"MSE's is {number(ratio, 3)}× smaller: the saturated softmax flattens it.")
    return ""


def loss_course(losses: Sequence[float], final: float) -> str:
    """How the loss went over a run: "2.324 → 0.1329", or "2.324 → peak 33.05 (epoch 40) → 1.538"
    when it first rose by more than half of where it started, or where it stopped being finite.
    `losses[k]` is the loss before update k + 1; `final` the loss after the last update."""
    if not losses:
        return number(final)
    bad = next((k for k, v in enumerate((*losses, final)) if not math.isfinite(v)), None)
    if bad is not None:
        return f"{number(losses[0])} → {number((*losses, final)[bad])} at epoch {bad}: diverged"
    peak = max(range(len(losses)), key=losses.__getitem__)
    if peak > 0 and losses[peak] > 1.5 * losses[0]:
        return f"{number(losses[0])} → peak {number(losses[peak])} (epoch {peak}) → {number(final)}"
    return f"{number(losses[0])} → {number(final)}"


def run_ended(epochs_run: int, planned: int, stopped: bool, losses: Sequence[float]) -> str:
    """"trained 200 epochs", "stopped after 12 of 200 epochs" or "diverged at epoch 7"."""
    if stopped:
        return f"stopped after {epochs_run} of {planned} epochs"
    bad = next((k for k, v in enumerate(losses) if not math.isfinite(v)), None)
    if bad is not None:
        return f"diverged at epoch {bad}: the loss is {number(losses[bad])}"
    return f"trained {epochs_run} epochs"


def prediction_status(code: str) -> str:
    """What the spam filter's verdict rests on, when that needs saying ('' otherwise)."""
    return "no known words: the verdict is σ(b), from the bias alone" if code == "bias only" else ""


BCE_FORMULA = "L = −y log ŷ − (1 − y) log(1 − ŷ)"
SLIDE_BCE_FORMULA = "L = −y log ŷ + (1 − y) log(1 − ŷ)"
"""BCE as it is, and as the slide writes it (its sign slip), for labelling the two numbers."""
