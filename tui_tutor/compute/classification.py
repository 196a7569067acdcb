"""Classification outputs: sigmoid, softmax, binary cross-entropy (BCE) and cross-entropy (CE).

The slide writes BCE as −y log ŷ + (1 − y) log(1 − ŷ): a sign slip. The correct form is
−y log ŷ − (1 − y) log(1 − ŷ); `bce` returns both so a lesson can show the difference.
log 0 = −∞ is clamped to −100 as `torch.nn.functional.binary_cross_entropy` does, and
the result's status says so ("clamped"). Statuses are short codes; `tui_tutor.words.classification`
says them in sentences.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from tui_tutor.compute.core import floats, linspace, tensor

LOG_FLOOR = -100.0
"""log ŷ is clamped to at least this, as PyTorch's BCE does, so log 0 gives 100, not ∞."""
CONFIDENT = 0.1
"""A prediction giving the true class less than this probability counts as confidently wrong."""


@dataclass(frozen=True, slots=True)
class Sigmoid:
    """σ(z) = 1 / (1 + e^(−z))."""

    z: float
    y_hat: float
    status: str
    """"ok", or "not finite" (z is NaN or ±∞)."""


@dataclass(frozen=True, slots=True)
class Softmax:
    """Softmax of some logits, the stable way and the naive way."""

    logits: tuple[float, ...]
    probabilities: tuple[float, ...]
    """Stable form: e^(zᵢ − max z) / Σⱼ e^(zⱼ − max z)."""
    shifted: tuple[float, ...]
    """zᵢ − max z (all ≤ 0, so no e^… can overflow)."""
    naive: tuple[float, ...]
    """Naive form e^zᵢ / Σⱼ e^zⱼ: NaN once some e^zᵢ overflows (zᵢ > ~709.78)."""
    status: str
    """"ok"; "undefined" (a NaN logit, or every logit −∞); "limit" (+∞ logits share all the
    probability); "zero" (−∞ logits get probability 0)."""
    naive_status: str
    """"ok" (same numbers as the stable form), "overflow" (some e^zᵢ is +∞), "underflow" (every
    e^zᵢ is 0) or "not compared" (a logit is not finite)."""
    overflowed: int = -1
    """The first logit whose e^zᵢ overflows (for "overflow"), else −1."""


@dataclass(frozen=True, slots=True)
class TwoClass:
    """Two-class softmax against the sigmoid of the logits' difference."""

    z1: float
    z2: float
    softmax_first: float
    """softmax(z1, z2)₁."""
    sigmoid_of_difference: float
    """σ(z1 − z2): the same number."""
    status: str
    """The softmax's status (see `Softmax.status`)."""


@dataclass(frozen=True, slots=True)
class BinaryCrossEntropy:
    """BCE of one predicted probability ŷ against a label y."""

    y_hat: float
    y: float
    loss: float
    """−y log ŷ − (1 − y) log(1 − ŷ), the correct form."""
    slide_loss: float
    """−y log ŷ + (1 − y) log(1 − ŷ), the slide's form (sign slip)."""
    status: str
    """"ok"; "clamped" (a log 0 counted as −100, as PyTorch does); "not finite" (ŷ or y is NaN or
    ±∞) or "outside" (ŷ or y outside [0, 1]): then both losses are NaN."""


@dataclass(frozen=True, slots=True)
class BCECurves:
    """The two halves of BCE over ŷ: −log ŷ (y = 1) and −log(1 − ŷ) (y = 0)."""

    y_hats: tuple[float, ...]
    if_one: tuple[float, ...]
    if_zero: tuple[float, ...]
    slide_if_zero: tuple[float, ...] = ()
    """The slide's y = 0 term, +log(1 − ŷ): ≤ 0 and falling as ŷ → 1 (the sign slip)."""


@dataclass(frozen=True, slots=True)
class CrossEntropy:
    """CE = −Σᵢ yᵢ log ŷᵢ with one-hot y: only the true class's term survives."""

    logits: tuple[float, ...]
    true_class: int
    probabilities: tuple[float, ...]
    one_hot: tuple[float, ...]
    terms: tuple[float, ...]
    """−yᵢ log ŷᵢ per class: 0 except at the true class."""
    surviving_term: float
    """−log ŷ_true."""
    loss: float
    predicted: int
    """The most probable class (−1 when a logit is NaN)."""
    status: str
    """"ok", or "not finite" (some logit, or the loss, is NaN or ±∞)."""


@dataclass(frozen=True, slots=True)
class LogitGradients:
    """∂L/∂z for CE and for MSE on the softmax output, at the same logits."""

    logits: tuple[float, ...]
    true_class: int
    probabilities: tuple[float, ...]
    ce_loss: float
    mse_loss: float
    """mean over classes of (ŷᵢ − yᵢ)², as `F.mse_loss`."""
    ce_grad: tuple[float, ...]
    mse_grad: tuple[float, ...]
    ce_grad_norm: float
    mse_grad_norm: float
    norm_ratio: float
    """|∇CE| / |∇MSE| (+∞ when MSE's gradient is 0, NaN when undefined)."""
    verdict: str
    """"confidently wrong" (the true class gets less than CONFIDENT and MSE's gradient is smaller
    than CE's), "ok", or "undefined" (a logit is not finite: the gradients are NaN)."""


def _finite(*values: float) -> bool:
    return all(math.isfinite(float(v)) for v in values)


def sigmoid(z: float) -> Sigmoid:
    """σ(z), stable for any finite z."""
    return Sigmoid(z, float(torch.sigmoid(tensor(z))), "ok" if _finite(z) else "not finite")


def log_softmax(z: torch.Tensor) -> torch.Tensor:
    """log softmax along the last axis, computed stably: (z − max z) − log Σ e^(z − max z)."""
    shifted = z - z.max(dim=-1, keepdim=True).values
    return shifted - shifted.exp().sum(dim=-1, keepdim=True).log()


def softmax_tensor(z: torch.Tensor) -> torch.Tensor:
    """Stable softmax along the last axis (for other compute modules)."""
    return log_softmax(z).exp()


def bce_with_logits(z: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean BCE of σ(z) against y, stably: −y log σ(z) − (1 − y) log(1 − σ(z)) = softplus(z) − y z."""
    return (F.softplus(z) - y * z).mean()


def _naive_status(z: torch.Tensor, naive: torch.Tensor) -> tuple[str, int]:
    """The naive form's status code and the first logit whose e^z overflowed (or −1)."""
    if not torch.isfinite(z).all():
        return "not compared", -1
    if torch.isfinite(naive).all():
        return "ok", -1
    overflowed = torch.isinf(z.exp())
    if overflowed.any():
        return "overflow", int(torch.nonzero(overflowed)[0])
    return "underflow", -1


def softmax(logits: Sequence[float]) -> Softmax:
    """ŷᵢ = e^(zᵢ) / Σⱼ e^(zⱼ) computed stably (subtract max z), beside the naive form.

    Non-finite logits: a NaN or all −∞ make softmax undefined (NaN, status "undefined");
    +∞ logits take all the probability, shared equally ("limit"); −∞ logits get 0 ("zero").
    """
    if not logits:
        raise ValueError("softmax needs at least one logit")
    z = tensor([float(v) for v in logits])
    naive = z.exp() / z.exp().sum()
    top = torch.isposinf(z)
    if torch.isnan(z).any() or torch.isneginf(z).all():
        probs, status = torch.full_like(z, math.nan), "undefined"
    elif top.any():
        probs, status = top.to(z.dtype) / top.sum(), "limit"
    else:
        probs, status = softmax_tensor(z), "ok" if torch.isfinite(z).all() else "zero"
    shifted = z - z.max()
    return Softmax(floats(z), floats(probs), floats(shifted), floats(naive), status, *_naive_status(z, naive))


def two_class(z1: float, z2: float) -> TwoClass:
    """softmax(z1, z2)₁ and σ(z1 − z2): the two-class softmax is the sigmoid of the difference."""
    first = softmax([z1, z2])
    return TwoClass(z1, z2, first.probabilities[0], float(torch.sigmoid(tensor(z1 - z2))), first.status)


def _bce_terms(y_hat: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(−y log ŷ, −(1 − y) log(1 − ŷ)) with each log clamped at LOG_FLOOR."""
    log_p = y_hat.log().clamp(min=LOG_FLOOR)
    log_q = (1 - y_hat).log().clamp(min=LOG_FLOOR)
    return -y * log_p, -(1 - y) * log_q


def bce(y_hat: float, y: float) -> BinaryCrossEntropy:
    """Binary cross-entropy of ŷ ∈ [0, 1] against y ∈ [0, 1], correct form and slide's form.

    ŷ or y outside [0, 1] ("outside") or not finite ("not finite") give NaN losses.
    """
    if not _finite(y_hat, y) or not (0 <= y_hat <= 1 and 0 <= y <= 1):
        status = "not finite" if not _finite(y_hat, y) else "outside"
        return BinaryCrossEntropy(y_hat, y, math.nan, math.nan, status)
    one, zero = _bce_terms(tensor(y_hat), tensor(y))
    clamped = (y > 0 and y_hat == 0) or (y < 1 and y_hat == 1)
    return BinaryCrossEntropy(y_hat, y, float(one + zero) + 0.0, float(one - zero) + 0.0, "clamped" if clamped else "ok")


def bce_curves(lo: float = 0.001, hi: float = 0.999, n: int = 101) -> BCECurves:
    """−log ŷ (the loss when y = 1) and −log(1 − ŷ) (when y = 0) at `n` points ŷ ∈ [lo, hi]."""
    y_hats = linspace(lo, hi, n)
    if_one, _ = _bce_terms(y_hats, tensor(1.0))
    _, if_zero = _bce_terms(y_hats, tensor(0.0))
    return BCECurves(floats(y_hats), floats(if_one), floats(if_zero), floats(-if_zero + 0.0))


def _check_class(logits: Sequence[float], true_class: int) -> None:
    if not 0 <= true_class < len(logits):
        raise ValueError(f"true_class must be in 0..{len(logits) - 1}, got {true_class}")


def cross_entropy(logits: Sequence[float], true_class: int) -> CrossEntropy:
    """CE of softmax(logits) against the one-hot label `true_class` (log-softmax, so stable)."""
    _check_class(logits, true_class)
    z = tensor([float(v) for v in logits])
    one_hot = torch.zeros_like(z)
    one_hot[true_class] = 1.0
    log_p = log_softmax(z)
    terms = torch.where(one_hot > 0, -log_p, torch.zeros_like(z)) + 0.0  # avoids 0 · (−∞) = NaN and −0
    loss = float(terms.sum())
    status = "ok" if torch.isfinite(z).all() and math.isfinite(loss) else "not finite"
    predicted = int(z.argmax()) if not torch.isnan(z).any() else -1
    return CrossEntropy(
        floats(z), true_class, floats(log_p.exp()), floats(one_hot), floats(terms),
        float(terms[true_class]), loss, predicted, status,
    )  # fmt: skip


def logit_gradients(logits: Sequence[float], true_class: int) -> LogitGradients:
    """∂L/∂z by autograd for CE and for MSE on the softmax output, at the same logits."""
    _check_class(logits, true_class)
    z = tensor([float(v) for v in logits], grad=True)
    one_hot = torch.zeros_like(z.detach())
    one_hot[true_class] = 1.0
    log_p = log_softmax(z)
    ce = -log_p[true_class]
    mse = ((log_p.exp() - one_hot) ** 2).mean()
    (ce_grad,) = torch.autograd.grad(ce, z, retain_graph=True)
    (mse_grad,) = torch.autograd.grad(mse, z)
    ce_norm, mse_norm = float(ce_grad.norm()), float(mse_grad.norm())
    ratio = ce_norm / mse_norm if mse_norm > 0 else math.inf if ce_norm > 0 else math.nan
    if not torch.isfinite(z).all():
        verdict = "undefined"
    elif log_p[true_class].exp().item() < CONFIDENT and ratio > 1:
        verdict = "confidently wrong"
    else:
        verdict = "ok"
    return LogitGradients(
        floats(z), true_class, floats(log_p.exp()), ce.item(), mse.item(),
        floats(ce_grad), floats(mse_grad), ce_norm, mse_norm, ratio, verdict,
    )  # fmt: skip
