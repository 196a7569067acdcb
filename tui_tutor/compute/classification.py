"""Classification outputs: sigmoid, softmax, binary cross-entropy (BCE) and cross-entropy (CE).

The slide writes BCE as −y log ŷ + (1 − y) log(1 − ŷ): a sign slip. The correct form is
−y log ŷ − (1 − y) log(1 − ŷ); `bce` returns both so a lesson can show the difference.
log 0 = −∞ is clamped to −100 as `torch.nn.functional.binary_cross_entropy` does, and
said so in the result's status.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from tui_tutor.compute.core import floats, linspace, literal, nonfinite_note, tensor

LOG_FLOOR = -100.0
"""log ŷ is clamped to at least this, as PyTorch's BCE does, so log 0 gives 100, not ∞."""

BCE_FORMULA = "L = −y log ŷ − (1 − y) log(1 − ŷ)"
SLIDE_BCE_FORMULA = "L = −y log ŷ + (1 − y) log(1 − ŷ)"
SLIDE_NOTE = (
    "The slide writes −y log ŷ + (1 − y) log(1 − ŷ). For y = 1 that agrees with the correct "
    "form, but for y = 0 it gives log(1 − ŷ) ≤ 0, which keeps falling as ŷ → 1: it rewards "
    "being confidently wrong. The minus sign belongs to both terms."
)

CONFIDENTLY_WRONG = ((6.0, 0.0, -2.0), 2)
"""Example (logits, true class): the model is sure of class 0, the answer is class 2."""


@dataclass(frozen=True, slots=True)
class Sigmoid:
    """σ(z) = 1 / (1 + e^(−z))."""

    z: float
    y_hat: float
    status: str


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
    naive_status: str


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
    status: str


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
    note: str


def _status(*parts: str) -> str:
    return "; ".join(p for p in parts if p) or "ok"


def _logit_note(logits: Sequence[float]) -> str:
    return nonfinite_note(*((f"z{i + 1}", float(v)) for i, v in enumerate(logits)))


def sigmoid(z: float) -> Sigmoid:
    """σ(z), stable for any finite z."""
    return Sigmoid(z, float(torch.sigmoid(tensor(z))), _status(nonfinite_note(("z", z))))


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


def _naive_status(z: torch.Tensor, naive: torch.Tensor) -> str:
    if not torch.isfinite(z).all():
        return "not compared: some logit is not finite"
    if torch.isfinite(naive).all():
        return "ok: same numbers as the stable form"
    if torch.isinf(z.exp()).any():
        big = float(z[torch.isinf(z.exp())][0])
        return f"overflowed: e^{big:g} is +infinity in float64, and ∞/∞ gives NaN"
    return "underflowed: every e^zᵢ rounds to 0, and 0/0 gives NaN"


def softmax(logits: Sequence[float]) -> Softmax:
    """ŷᵢ = e^(zᵢ) / Σⱼ e^(zⱼ) computed stably (subtract max z), beside the naive form.

    Non-finite logits: a NaN or all −∞ make softmax undefined (NaN, said in `status`);
    +∞ logits take all the probability, shared equally (the limit); −∞ logits get 0.
    """
    if not logits:
        raise ValueError("softmax needs at least one logit")
    z = tensor([float(v) for v in logits])
    note = _logit_note(logits)
    naive = z.exp() / z.exp().sum()
    top = torch.isposinf(z)
    if torch.isnan(z).any() or torch.isneginf(z).all():
        probs, status = torch.full_like(z, math.nan), _status(note, "softmax is undefined (NaN)")
    elif top.any():
        probs = top.to(z.dtype) / top.sum()
        status = _status(note, "in the limit the +∞ logit(s) take all the probability")
    else:
        probs = softmax_tensor(z)
        status = _status(note, "e^(−∞) = 0, so those classes get probability 0" if note else "")
    shifted = z - z.max()
    return Softmax(floats(z), floats(probs), floats(shifted), floats(naive), status, _naive_status(z, naive))


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

    ŷ or y outside [0, 1], or not finite, give NaN losses and a status in words.
    """
    note = nonfinite_note(("ŷ", y_hat), ("y", y))
    if note or not (0 <= y_hat <= 1 and 0 <= y <= 1):
        status = _status(note, "" if note else "ŷ and y must both lie in [0, 1]")
        return BinaryCrossEntropy(y_hat, y, math.nan, math.nan, f"undefined: {status}")
    one, zero = _bce_terms(tensor(y_hat), tensor(y))
    clamped = ""
    if (y > 0 and y_hat == 0) or (y < 1 and y_hat == 1):
        clamped = "log 0 = −∞ was clamped to −100 (as PyTorch does), so the loss is 100 instead of +∞"
    return BinaryCrossEntropy(y_hat, y, float(one + zero) + 0.0, float(one - zero) + 0.0, _status(clamped))


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
    status = _status(_logit_note(logits), nonfinite_note(("the loss", loss)))
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
    p_true = log_p[true_class].exp().item()
    note = _logit_note(logits)
    if note:
        note += ": the gradients are undefined"
    else:
        note = f"ŷ for the true class is {p_true:.3g}; |∇CE| = {ce_norm:.3g}, |∇MSE| = {mse_norm:.3g}"
        if p_true < 0.1 and mse_norm > 0:
            note += (
                f". Confidently wrong: CE's gradient (ŷ − y) stays large while MSE's is {ce_norm / mse_norm:.3g}× "
                "smaller, because the saturated softmax flattens it: MSE barely corrects the mistake"
            )
    return LogitGradients(
        floats(z), true_class, floats(log_p.exp()), ce.item(), mse.item(),
        floats(ce_grad), floats(mse_grad), ce_norm, mse_norm, note,
    )  # fmt: skip


def _floats_source(values: Sequence[float]) -> str:
    return "[" + ", ".join(literal(v) for v in values) + "]"


def softmax_source(logits: Sequence[float]) -> str:
    """Standalone PyTorch code printing softmax(logits), one `p[i] = value` per class (i from 0)."""
    return f"""import torch

z = torch.tensor({_floats_source(logits)}, dtype=torch.float64)
p = torch.softmax(z, dim=0)
for i, value in enumerate(p.tolist()):
    print(f"p[{{i}}] = {{value!r}}")
"""


def bce_source(y_hat: float, y: float, *, slide: bool = False) -> str:
    """Standalone PyTorch code printing the BCE of ŷ against y as `bce = value`.

    With `slide=True` it also prints the slide's sign-slipped form as `slide_bce = value`.
    """
    slide_lines = """
# the slide's formula, with its sign slip: -y log y_hat + (1 - y) log(1 - y_hat)
log_p, log_q = torch.log(y_hat).clamp(min=-100), torch.log(1 - y_hat).clamp(min=-100)
print(f"slide_bce = {(-y * log_p + (1 - y) * log_q).item()!r}")
""" if slide else ""
    return f"""import torch
import torch.nn.functional as F

y_hat = torch.tensor({literal(y_hat)}, dtype=torch.float64)
y = torch.tensor({literal(y)}, dtype=torch.float64)
loss = F.binary_cross_entropy(y_hat, y)  # = -y log y_hat - (1 - y) log(1 - y_hat)
print(f"bce = {{loss.item()!r}}")
{slide_lines}"""


def cross_entropy_source(logits: Sequence[float], true_class: int) -> str:
    """Standalone PyTorch code printing `p[i] = value` per class and `ce = value` for `true_class`."""
    return f"""import torch
import torch.nn.functional as F

z = torch.tensor([{_floats_source(logits)}], dtype=torch.float64)  # one sample
target = torch.tensor([{int(true_class)}])
for i, value in enumerate(torch.softmax(z, dim=1)[0].tolist()):
    print(f"p[{{i}}] = {{value!r}}")
print(f"ce = {{F.cross_entropy(z, target).item()!r}}")
"""


def softmax_steps_source(logits: Sequence[float]) -> str:
    """Standalone PyTorch code for the softmax lesson: `p[i]` (torch.softmax), `stable[i]` (by hand,
    max subtracted), `naive[i]` (e^z / Σ e^z, NaN on overflow) and, for the first two logits,
    `softmax_two` and `sigmoid_diff` (the same number)."""
    return f"""import torch

z = torch.tensor({_floats_source(logits)}, dtype=torch.float64)  # the logits (the slide's ỹ)

p = torch.softmax(z, dim=0)                   # PyTorch subtracts max(z) for you
m = z.max()
stable = torch.exp(z - m) / torch.exp(z - m).sum()   # e^(zᵢ − m) / Σⱼ e^(zⱼ − m): every exponent ≤ 0
naive = torch.exp(z) / torch.exp(z).sum()     # e^zᵢ / Σⱼ e^zⱼ: e^710 is already inf, inf / inf = nan

for i in range(len(z)):
    print(f"p[{{i}}] = {{p[i].item()!r}}")
for i in range(len(z)):
    print(f"stable[{{i}}] = {{stable[i].item()!r}}")
for i in range(len(z)):
    print(f"naive[{{i}}] = {{naive[i].item()!r}}")

# two classes: softmax(z₁, z₂)₁ is the sigmoid of the difference
print(f"softmax_two = {{torch.softmax(z[:2], dim=0)[0].item()!r}}")
print(f"sigmoid_diff = {{torch.sigmoid(z[0] - z[1]).item()!r}}")
"""


def logit_gradients_source(logits: Sequence[float], true_class: int) -> str:
    """Standalone PyTorch code printing `p[i]`, `ce`, `mse`, `ce_grad[i]`, `mse_grad[i]` and both
    gradient norms for the logits and the true class (counted from 0), by autograd."""
    _check_class(logits, true_class)
    return f"""import torch
import torch.nn.functional as F

z = torch.tensor({_floats_source(logits)}, dtype=torch.float64, requires_grad=True)  # logits
target = {int(true_class)}  # the true class, counted from 0
y = F.one_hot(torch.tensor(target), num_classes={len(logits)}).to(torch.float64)  # one-hot y

p = torch.softmax(z, dim=0)                                 # ŷ
ce = F.cross_entropy(z[None], torch.tensor([target]))      # −log ŷ_target
mse = F.mse_loss(p, y)                                      # mean of (ŷᵢ − yᵢ)²
(ce_grad,) = torch.autograd.grad(ce, z, retain_graph=True)  # = ŷ − y
(mse_grad,) = torch.autograd.grad(mse, z)                   # flattened by the softmax

for i, value in enumerate(p.tolist()):
    print(f"p[{{i}}] = {{value!r}}")
print(f"ce = {{ce.item()!r}}")
print(f"mse = {{mse.item()!r}}")
for i, value in enumerate(ce_grad.tolist()):
    print(f"ce_grad[{{i}}] = {{value!r}}")
for i, value in enumerate(mse_grad.tolist()):
    print(f"mse_grad[{{i}}] = {{value!r}}")
print(f"ce_grad_norm = {{ce_grad.norm().item()!r}}")
print(f"mse_grad_norm = {{mse_grad.norm().item()!r}}")
"""
