"""Regression losses L(ŷ, y) of the residual ŷ − y, and gradient descent under them.

The lecture's candidates: the plain difference ŷ − y (no minimum: it falls for ever),
L1 = |ŷ − y| (MAE over a data set) and L2 = (ŷ − y)² (MSE), plus Huber for comparison.
Every derivative is computed by autograd. At L1's kink (ŷ = y) autograd uses the
subgradient 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch

from tui_tutor.compute.core import ProgressFn, StopFn, floats, linspace, part_progress, run_steps, tensor

HUBER_DELTA = 1.0
"""Where Huber switches from quadratic to linear."""

LOSSES: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "difference": lambda d: d,
    "l1": torch.abs,
    "l2": torch.square,
    "huber": lambda d: torch.where(d.abs() <= HUBER_DELTA, 0.5 * d**2, HUBER_DELTA * (d.abs() - 0.5 * HUBER_DELTA)),
}
"""Each loss as a function of the residual d = ŷ − y, by name."""

SLOPES: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "difference": torch.ones_like,
    "l1": torch.sign,
    "l2": lambda d: 2 * d,
    "huber": lambda d: d.clamp(-HUBER_DELTA, HUBER_DELTA),
}
"""dL/dd of each loss in closed form (equal to autograd's, tested). The descents below take
up to thousands of steps while the learner edits; autograd's ~0.1 ms a step would make
every edit wait."""

@dataclass(frozen=True, slots=True)
class LossValue:
    """One loss at one ŷ."""

    name: str
    value: float
    grad: float
    """dL/dŷ by autograd."""


@dataclass(frozen=True, slots=True)
class LossesAt:
    """Every loss for one prediction ŷ against a target y."""

    y_hat: float
    y: float
    losses: tuple[LossValue, ...]


@dataclass(frozen=True, slots=True)
class LossCurve:
    """One loss and its derivative sampled over ŷ."""

    name: str
    values: tuple[float, ...]
    grads: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class LossCurves:
    """Every loss over a range of ŷ for a fixed y."""

    y: float
    y_hats: tuple[float, ...]
    curves: tuple[LossCurve, ...]


@dataclass(frozen=True, slots=True)
class MeanLoss:
    """A loss over a data set: per sample and mean (MAE for 'l1', MSE for 'l2')."""

    name: str
    per_sample: tuple[float, ...]
    """L(ŷᵢ, yᵢ) for each i."""
    value: float
    """(1/n) Σᵢ L(ŷᵢ, yᵢ)."""
    grads: tuple[float, ...]
    """∂value/∂ŷᵢ by autograd (each sample's dL/dŷ divided by n)."""


@dataclass(frozen=True, slots=True)
class ConstantLoss:
    """MAE and MSE of a data set predicted by one constant c, with d/dc of each."""

    c: float
    mae: float
    mse: float
    mae_grad: float
    mse_grad: float


@dataclass(frozen=True, slots=True)
class ConstantCurves:
    """MAE(c), MSE(c) and their derivatives over a range of constants c."""

    cs: tuple[float, ...]
    mae: tuple[float, ...]
    mse: tuple[float, ...]
    mae_grad: tuple[float, ...]
    mse_grad: tuple[float, ...]


OUTCOMES = ("settled", "approaching", "hopping", "growing", "diverged", "falling")
"""How a descent ended, judged from its last iterates (see `Descent.outcome`)."""
TAIL = 8
"""How many iterates at each end of the run's tail are compared to judge its outcome."""


@dataclass(frozen=True, slots=True)
class Descent:
    """Gradient descent on one number (ŷ, or a constant prediction c)."""

    loss: str
    trajectory: tuple[float, ...]
    """The value before each step and after the last one."""
    losses: tuple[float, ...]
    """The (mean) loss at each point of `trajectory`."""
    grads: tuple[float, ...]
    """d(mean loss)/dx at each point of `trajectory` (autograd)."""
    final: float
    steps_run: int
    stopped: bool
    """True if `should_stop` ended the run."""
    outcome: str
    """One of OUTCOMES: "settled" (the last step moved nothing, or the last iterates sit on the
    minimiser within rounding), "approaching" (the distance to the minimiser still shrinks),
    "hopping" (it neither shrinks nor grows: the run jumps about the minimiser for ever),
    "growing" (it grows, not yet past the cap), "diverged" (|x| passed the cap or stopped being a
    number), "falling" (the plain difference ŷ − y: no minimum, every step lowers it)."""
    target_lo: float
    """The minimisers judged against form [target_lo, target_hi] (one point but for the
    MAE of an even count); NaN for the plain difference, which has none."""
    target_hi: float
    gap: float
    """How far the last iterate is from the minimisers."""
    hop_lo: float
    """The least and largest iterate over the run's last TAIL steps (where it hops)."""
    hop_hi: float
    factor: float
    """(x_T − m)/(x_T−1 − m) for the minimiser m over the last step: what each step did to the
    distance (L2's 1 − 2η); negative when the step jumped over m; NaN where undefined."""
    cap: float
    """|x| beyond this ends the run (diverged)."""


@dataclass(frozen=True, slots=True)
class ConstantFit:
    """A constant c fitted to a data set by gradient descent, beside the closed-form answers."""

    run: Descent
    mean: float
    median: float
    minimiser_lo: float
    """The loss's minimisers form [minimiser_lo, minimiser_hi]: a single point except for
    L1 with an even number of points, where any c between the two middle values minimises MAE."""
    minimiser_hi: float


def _fn(name: str) -> Callable[[torch.Tensor], torch.Tensor]:
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; expected one of {', '.join(LOSSES)}") from None


def _with_grad(name: str, y_hat: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Elementwise loss values and dL/dŷ for a tensor of predictions (grad by autograd)."""
    y_hat = y_hat.detach().requires_grad_(True)
    values = _fn(name)(y_hat - y)
    (grad,) = torch.autograd.grad(values.sum(), y_hat)
    return values.detach(), grad


def loss(name: str, y_hat: float, y: float) -> LossValue:
    """The loss `name` ('difference', 'l1', 'l2', 'huber') of ŷ against y, with dL/dŷ."""
    value, grad = _with_grad(name, tensor(y_hat), tensor(y))
    return LossValue(name, float(value), float(grad))


def all_losses(y_hat: float, y: float) -> LossesAt:
    """Every loss for one ŷ against a fixed y (the 'move ŷ and watch' view)."""
    return LossesAt(y_hat, y, tuple(loss(n, y_hat, y) for n in LOSSES))


def loss_curves(y: float, lo: float, hi: float, n: int = 121) -> LossCurves:
    """Each loss and its derivative at `n` points ŷ ∈ [lo, hi] for a fixed y."""
    y_hats = linspace(lo, hi, n)
    curves = []
    for name in LOSSES:
        values, grads = _with_grad(name, y_hats, tensor(y))
        curves.append(LossCurve(name, floats(values), floats(grads)))
    return LossCurves(y, floats(y_hats), tuple(curves))


def _data(data: Sequence[float]) -> torch.Tensor:
    if not data:
        raise ValueError("the data set needs at least one value")
    return tensor(list(data))


def mean_loss(name: str, y_hats: Sequence[float], ys: Sequence[float]) -> MeanLoss:
    """The loss `name` of each prediction ŷᵢ against yᵢ, their mean, and ∂mean/∂ŷᵢ."""
    if len(y_hats) != len(ys):
        raise ValueError(f"ŷ and y need the same length (got {len(y_hats)} and {len(ys)})")
    values, grads = _with_grad(name, _data(y_hats), _data(ys))
    return MeanLoss(name, floats(values), float(values.mean()), floats(grads / len(ys)))


def _mean_with_grad(name: str, cs: torch.Tensor, ys: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """For each constant c in `cs`: the mean loss over `ys` and its derivative in c (autograd)."""
    cs = cs.detach().requires_grad_(True)
    means = _fn(name)(cs[:, None] - ys[None, :]).mean(dim=1)
    (grad,) = torch.autograd.grad(means.sum(), cs)
    return means.detach(), grad


def constant_loss(data: Sequence[float], c: float) -> ConstantLoss:
    """MAE and MSE of predicting every point of `data` by c, with their derivatives in c."""
    ys = _data(data)
    (mae, mae_grad), (mse, mse_grad) = (_mean_with_grad(name, tensor([c]), ys) for name in ("l1", "l2"))
    return ConstantLoss(c, float(mae), float(mse), float(mae_grad), float(mse_grad))


def constant_curves(data: Sequence[float], lo: float, hi: float, n: int = 121) -> ConstantCurves:
    """MAE(c), MSE(c) and their derivatives at `n` constants c ∈ [lo, hi]."""
    ys = _data(data)
    cs = linspace(lo, hi, n)
    (mae, mae_grad), (mse, mse_grad) = (_mean_with_grad(name, cs, ys) for name in ("l1", "l2"))
    return ConstantCurves(floats(cs), floats(mae), floats(mse), floats(mae_grad), floats(mse_grad))


def _descend(
    name: str,
    start: float,
    targets: torch.Tensor,
    lr: float,
    steps: int,
    cap: float,
    minimisers: tuple[float, float],
    on_progress: ProgressFn | None,
    should_stop: StopFn | None,
) -> Descent:
    """Gradient descent x ← x − lr · d/dx mean L(x − yᵢ), until `steps` steps, |x| > cap or a
    loss that is not a number; judged against the loss's minimisers [lo, hi]."""
    fn, slope, n = _fn(name), SLOPES[name], targets.numel()
    trajectory = [float(start)]

    def step() -> float:
        # x stays a Python float (as a 0-d tensor each update would cost ~5 µs more per op);
        # the loss and its slope over the data are torch's.
        residuals = trajectory[-1] - targets
        value = fn(residuals).sum().item() / n
        trajectory.append(trajectory[-1] - lr * (slope(residuals).sum().item() / n))
        return value

    def stop() -> bool:
        return abs(trajectory[-1]) > cap or (should_stop is not None and should_stop())

    done = run_steps(step, steps, on_progress, stop)
    final = trajectory[-1]
    points = tuple(trajectory)
    values, grads = _with_grad(name, tensor(list(points)).unsqueeze(1), targets.reshape(1, -1))
    diverged = not math.isfinite(final) or abs(final) > cap or not all(map(math.isfinite, done.losses))
    stopped = done.stopped and not diverged
    judged = _judge(points, *minimisers, diverged, falling=name == "difference")
    return Descent(name, points, (*done.losses, float(values[-1].mean())), floats(grads.squeeze(1) / n),
                   final, len(done.losses), stopped, *judged, cap)


def _judge(points: Sequence[float], lo: float, hi: float, diverged: bool,
           falling: bool) -> tuple[str, float, float, float, float, float, float]:
    """(outcome, target_lo, target_hi, gap, hop_lo, hop_hi, factor) of a run, from its last iterates.

    The distance to [lo, hi] over the last TAIL iterates against the TAIL before them says
    whether it still shrinks (approaching), stays (hopping) or grows; a distance within rounding
    of 0, or a last step that moved nothing, is settled.
    """
    final = points[-1]
    tail = [p for p in points[-TAIL:] if math.isfinite(p)] or [final]
    hop_lo, hop_hi = min(tail), max(tail)
    if falling:
        return "falling", math.nan, math.nan, math.nan, hop_lo, hop_hi, math.nan
    signed = [p - min(max(p, lo), hi) if math.isfinite(p) else math.inf for p in points]
    gap = abs(signed[-1])
    factor = signed[-1] / signed[-2] if len(points) > 1 and signed[-2] not in (0.0, math.inf) else math.nan
    if diverged:
        return "diverged", lo, hi, gap, hop_lo, hop_hi, factor
    far = [abs(d) for d in signed]
    later, earlier = (far[-TAIL:], far[-2 * TAIL:-TAIL]) if len(far) > TAIL else (far[1:] or far, far[:1])
    if max(later) <= 1e-9 * max(1.0, abs(lo), abs(hi), abs(points[0])) or (len(points) > 1 and final == points[-2]):
        outcome = "settled"
    elif max(later) < max(earlier) * (1 - 1e-9):
        outcome = "approaching"
    elif max(later) > max(earlier) * (1 + 1e-9):
        outcome = "growing"
    else:
        outcome = "hopping"
    return outcome, lo, hi, gap, hop_lo, hop_hi, factor


def why_not_difference(
    y_hat0: float,
    y: float,
    lr: float = 0.1,
    steps: int = 60,
    cap: float = 1e6,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> tuple[Descent, ...]:
    """Gradient descent on ŷ from the same start under 'difference', 'l1' and 'l2'.

    Each run stops after `steps` steps or once |ŷ| > cap; its outcome says what happened (the
    difference falls for ever; L1 and L2 settle at y, L1 possibly hopping around it in steps
    of η because its slope never shrinks, L2 diverging when η > 1). `on_progress` sees one job of
    3 × `steps` steps.
    """
    return tuple(
        _descend(name, y_hat0, tensor(y), lr, steps, cap, (y, y), part_progress(on_progress, i * steps, 3 * steps),
                 should_stop)
        for i, name in enumerate(("difference", "l1", "l2"))
    )


def _median_interval(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    n = len(values)
    return (values[n // 2], values[n // 2]) if n % 2 else (values[n // 2 - 1], values[n // 2])


def fit_constant(
    data: Sequence[float],
    loss: str,
    lr: float = 0.1,
    steps: int = 200,
    c0: float = 0.0,
    cap: float = 1e6,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> ConstantFit:
    """Fit one constant c to `data` by gradient descent on MAE (`loss='l1'`) or MSE ('l2').

    MSE is minimised by the mean. MAE by the median; with an even number of points by any
    c between the two middle values (MAE's slope is 0 there), so the fit stops wherever it
    first enters that interval. MAE's slope never shrinks below 1/n in size, so with a fixed
    η the fit may instead hop around the median in steps of about η/n: its outcome says so.
    """
    if loss not in ("l1", "l2"):
        raise ValueError(f"fit_constant fits 'l1' (MAE) or 'l2' (MSE), not {loss!r}")
    ys = _data(data)
    mean = float(ys.mean())
    lo, hi = _median_interval([float(v) for v in data])
    minimisers = (mean, mean) if loss == "l2" else (lo, hi)
    run = _descend(loss, c0, ys, lr, steps, cap, minimisers, on_progress, should_stop)
    return ConstantFit(run, mean, (lo + hi) / 2, *minimisers)
