"""Regression losses L(ŷ, y) of the residual ŷ − y, and gradient descent under them.

The lecture's candidates: the plain difference ŷ − y (no minimum: it runs away to −∞),
L1 = |ŷ − y| (MAE over a data set) and L2 = (ŷ − y)² (MSE), plus Huber for comparison.
Every derivative is computed by autograd. At L1's kink (ŷ = y) autograd uses the
subgradient 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import torch

from tui_tutor.compute.core import (
    ProgressFn,
    StopFn,
    floats,
    linspace,
    literal,
    nonfinite_note,
    part_progress,
    run_steps,
    tensor,
)

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

FORMULAS = {
    "difference": "L = ŷ − y",
    "l1": "L = |ŷ − y|",
    "l2": "L = (ŷ − y)²",
    "huber": "L = ½(ŷ − y)² if |ŷ − y| ≤ 1, else |ŷ − y| − ½",
}

LABELS = {"difference": "ŷ − y", "l1": "L1", "l2": "L2", "huber": "Huber"}

MEAN_NAMES = {"l1": "MAE", "l2": "MSE", "difference": "mean difference", "huber": "mean Huber"}


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """Another name for a loss function, for the matching exercise."""

    name: str
    field: str
    sign: int
    """+1: minimised, like a loss; −1: the opposite (maximised)."""


GLOSSARY: tuple[GlossaryEntry, ...] = (
    GlossaryEntry("cost", "machine learning, optimisation (general)", +1),
    GlossaryEntry("error", "machine learning, statistics (general)", +1),
    GlossaryEntry("objective", "optimisation (general)", -1),
    GlossaryEntry("reward", "reinforcement learning", -1),
    GlossaryEntry("fitness", "evolutionary & genetic algorithms", -1),
    GlossaryEntry("utility", "economics", -1),
    GlossaryEntry("profit", "economics", -1),
)
"""The slide's names: 'cost' and 'error' mean the same as loss; the others are its opposite."""

NAME_FIELDS: tuple[str, ...] = (
    "same as a loss: minimised",
    "optimisation in general: maximised",
    "reinforcement learning: maximised",
    "evolutionary & genetic algorithms: maximised",
    "economics: maximised",
)
"""The choices of the name-matching exercise: where each name is used, and in which direction."""

_NAME_ANSWERS: dict[str, tuple[int, str]] = {
    "cost": (0, "another word for the loss: a cost function is minimised"),
    "error": (0, "another word for the loss, used where it measures how far ŷ is from y: minimised"),
    "objective": (1, "what an optimiser pursues; the slide files it with the opposite sign "
                     "(maximised), though people also say 'minimise the objective'"),
    "reward": (2, "an agent acts to collect as much reward as it can: maximised, so reward plays the role of −L"),
    "fitness": (3, "the fittest candidates survive and breed: fitness is maximised"),
    "utility": (4, "how much an outcome is worth to someone: maximised"),
    "profit": (4, "revenue minus cost: maximised (while its cost is minimised: opposite signs)"),
}


@dataclass(frozen=True, slots=True)
class NameFeedback:
    """Whether a learner matched a name of the loss to the right field, and why."""

    name: str
    answer: str
    correct: bool
    expected: str
    reason: str


def check_name(name: str, answer: str) -> NameFeedback:
    """Feedback on matching the glossary name `name` to `answer` (one of NAME_FIELDS)."""
    if answer not in NAME_FIELDS:
        raise ValueError(f"answer must be one of {', '.join(NAME_FIELDS)}; got {answer!r}")
    if name not in _NAME_ANSWERS:
        raise ValueError(f"unknown name {name!r}; expected one of {', '.join(_NAME_ANSWERS)}")
    index, why = _NAME_ANSWERS[name]
    expected = NAME_FIELDS[index]
    return NameFeedback(name, answer, answer == expected, expected, f"{name}: {expected}; {why}")


@dataclass(frozen=True, slots=True)
class LossValue:
    """One loss at one ŷ."""

    name: str
    formula: str
    value: float
    grad: float
    """dL/dŷ by autograd."""


@dataclass(frozen=True, slots=True)
class LossesAt:
    """Every loss for one prediction ŷ against a target y."""

    y_hat: float
    y: float
    losses: tuple[LossValue, ...]
    status: str
    """'ok', or which input is NaN/infinite, in words."""


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
    status: str


@dataclass(frozen=True, slots=True)
class ConstantLoss:
    """MAE and MSE of a data set predicted by one constant c, with d/dc of each."""

    c: float
    mae: float
    mse: float
    mae_grad: float
    mse_grad: float
    status: str


@dataclass(frozen=True, slots=True)
class ConstantCurves:
    """MAE(c), MSE(c) and their derivatives over a range of constants c."""

    cs: tuple[float, ...]
    mae: tuple[float, ...]
    mse: tuple[float, ...]
    mae_grad: tuple[float, ...]
    mse_grad: tuple[float, ...]


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
    status: str
    """What happened, in words."""


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
    status: str


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
    return LossValue(name, FORMULAS[name], float(value), float(grad))


def all_losses(y_hat: float, y: float) -> LossesAt:
    """Every loss for one ŷ against a fixed y (the 'move ŷ and watch' view)."""
    note = nonfinite_note(("ŷ", y_hat), ("y", y))
    return LossesAt(y_hat, y, tuple(loss(n, y_hat, y) for n in LOSSES), note or "ok")


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
    named = [(f"ŷ{i + 1}", float(v)) for i, v in enumerate(y_hats)]
    named += [(f"y{i + 1}", float(v)) for i, v in enumerate(ys)]
    note = nonfinite_note(*named) or "ok"
    return MeanLoss(name, floats(values), float(values.mean()), floats(grads / len(ys)), note)


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
    note = nonfinite_note(("c", c), *((f"y{i + 1}", v) for i, v in enumerate(data)))
    return ConstantLoss(c, float(mae), float(mse), float(mae_grad), float(mse_grad), note or "ok")


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
    on_progress: ProgressFn | None,
    should_stop: StopFn | None,
) -> tuple[Descent, bool]:
    """Gradient descent x ← x − lr · d/dx mean L(x − yᵢ); also says whether |x| passed `cap`."""
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
    capped = abs(final) > cap
    stopped = done.stopped and not capped
    points = tuple(trajectory)
    values, grads = _with_grad(name, tensor(list(points)).unsqueeze(1), targets.reshape(1, -1))
    status = done.status if done.status.startswith("diverged") or stopped else "ok"
    run = Descent(name, points, (*done.losses, float(values[-1].mean())), floats(grads.squeeze(1) / targets.numel()),
                  final, len(done.losses), stopped, status)
    return run, capped


def _describe(run: Descent, capped: bool, target: float, lr: float, cap: float) -> str:
    """Words for how a run ended relative to where the loss is minimal."""
    if run.status != "ok" and not run.stopped:
        return run.status
    if not math.isfinite(run.final) or capped:
        where = "−∞" if run.final < 0 else "+∞"
        return f"diverged: |value| passed {cap:g} after {run.steps_run} steps, running away to {where}"
    prefix = f"{run.status}; " if run.stopped else ""
    if run.loss == "difference":
        return (
            f"{prefix}ran away: every step lowers ŷ by η = {lr:g} and the 'loss' ŷ − y keeps falling; "
            "it has no minimum, so ŷ runs away to −∞"
        )
    gap = abs(run.final - target)
    if gap <= 1e-6 * max(1.0, abs(target)):
        return f"{prefix}settled at {target:g}"
    if gap < 0.01 * abs(run.trajectory[0] - target):
        return f"{prefix}approaching {target:g}: {gap:.3g} away after {run.steps_run} steps"
    return f"{prefix}ended {gap:.3g} away from {target:g}"


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

    Each run stops after `steps` steps or once |ŷ| > cap; its status says in words what
    happened (the difference runs away to −∞; L1 and L2 stop at y, L1 possibly hopping
    around it in steps of η because its slope never shrinks). `on_progress` sees one job of
    3 × `steps` steps.
    """
    runs = []
    for i, name in enumerate(("difference", "l1", "l2")):
        progress = part_progress(on_progress, i * steps, 3 * steps)
        run, capped = _descend(name, y_hat0, tensor(y), lr, steps, cap, progress, should_stop)
        status = _describe(run, capped, y, lr, cap)
        if name == "l1" and status.startswith("ended"):
            status += f" (|ŷ − y| has slope ±1 everywhere, so each step moves ŷ by η = {lr:g} and it hops around y)"
        runs.append(replace(run, status=status))
    return tuple(runs)


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
    η the fit may instead hop around the median in steps of about η/n: the status says so.
    """
    if loss not in ("l1", "l2"):
        raise ValueError(f"fit_constant fits 'l1' (MAE) or 'l2' (MSE), not {loss!r}")
    ys = _data(data)
    mean = float(ys.mean())
    lo, hi = _median_interval([float(v) for v in data])
    median = (lo + hi) / 2
    run, capped = _descend(loss, c0, ys, lr, steps, cap, on_progress, should_stop)
    prefix = f"{run.status}; " if run.stopped else ""
    if loss == "l2":
        lo = hi = mean
        status = _describe(run, capped, mean, lr, cap)
    elif lo <= run.final <= hi:
        status = f"{prefix}settled at {run.final:g}, inside [{lo:g}, {hi:g}] where MAE is minimal"
        if lo < hi:
            status += (
                ": with an even number of points every c between the two middle values minimises MAE "
                f"(the median {median:g} is just their midpoint)"
            )
    else:
        status = _describe(run, capped, median, lr, cap)
        if status.startswith(("ended", "stopped")):
            status += (
                f" (MAE's slope is at least 1/n = {1 / len(data):.3g} in size, "
                "so with a fixed η c hops around the median)"
            )
    return ConstantFit(replace(run, status=status), mean, median, lo, hi, status)


def pytorch_source(y_hat: float, y: float) -> str:
    """Standalone PyTorch code printing each loss of ŷ against y and its derivative dL/dŷ."""
    return f"""import torch
import torch.nn.functional as F

y_hat = torch.tensor({literal(y_hat)}, dtype=torch.float64, requires_grad=True)
y = torch.tensor({literal(y)}, dtype=torch.float64)
losses = {{
    "difference": y_hat - y,
    "l1": F.l1_loss(y_hat, y),
    "l2": F.mse_loss(y_hat, y),
    "huber": F.huber_loss(y_hat, y, delta={HUBER_DELTA!r}),
}}
for name, loss in losses.items():
    (grad,) = torch.autograd.grad(loss, y_hat)
    print(f"{{name}} = {{loss.item()!r}}")
    print(f"{{name}}_grad = {{grad.item()!r}}")
"""


def why_not_difference_source(y_hat0: float, y: float, lr: float, steps: int, cap: float) -> str:
    """Standalone PyTorch code running `why_not_difference`'s three descents with `torch.optim.SGD`.

    Prints, per loss, `{name}_steps`, `{name}_y_hat` (ŷ after the last step) and `{name}_loss`.
    """
    return f"""import torch

y = torch.tensor({literal(y)}, dtype=torch.float64)
candidates = {{
    "difference": lambda y_hat: y_hat - y,  # L = ŷ − y
    "l1": lambda y_hat: (y_hat - y).abs(),  # L1 = |ŷ − y|
    "l2": lambda y_hat: (y_hat - y) ** 2,  # L2 = (ŷ − y)²
}}
for name, loss_fn in candidates.items():
    y_hat = torch.tensor({literal(y_hat0)}, dtype=torch.float64, requires_grad=True)  # ŷ₀
    optimizer = torch.optim.SGD([y_hat], lr={literal(lr)})  # η
    steps = 0
    while steps < {int(steps)} and abs(y_hat.item()) <= {literal(cap)}:  # T steps, or until |ŷ| passes the cap
        optimizer.zero_grad()
        loss = loss_fn(y_hat)
        loss.backward()  # dL/dŷ
        optimizer.step()  # ŷ ← ŷ − η dL/dŷ
        steps += 1
        if not torch.isfinite(loss):
            break
    print(f"{{name}}_steps = {{steps}}")
    print(f"{{name}}_y_hat = {{y_hat.item()!r}}")
    print(f"{{name}}_loss = {{loss_fn(y_hat).item()!r}}")
"""


def constant_fit_source(data: Sequence[float], c: float, lr: float, steps: int, cap: float = 1e6) -> str:
    """Standalone PyTorch code for a constant prediction c of `data`: MAE, MSE, their d/dc, the mean,
    the median, and c fitted from c₀ = c by `torch.optim.SGD` on each.

    Prints `mae`, `mae_grad`, `mse`, `mse_grad`, `mean`, `median`, `l1_fit`, `l2_fit`.
    """
    values = ", ".join(literal(v) for v in data)
    return f"""import torch
import torch.nn.functional as F

y = torch.tensor([{values}], dtype=torch.float64)
losses = {{"mae": F.l1_loss, "mse": F.mse_loss}}  # (1/n) Σ |ŷᵢ − yᵢ| and (1/n) Σ (ŷᵢ − yᵢ)²
for name, loss_fn in losses.items():
    c = torch.tensor({literal(c)}, dtype=torch.float64, requires_grad=True)
    loss = loss_fn(c.expand_as(y), y)  # predict ŷᵢ = c for every i
    loss.backward()
    print(f"{{name}} = {{loss.item()!r}}")
    print(f"{{name}}_grad = {{c.grad.item()!r}}")  # d{{name.upper()}}/dc
print(f"mean = {{y.mean().item()!r}}")
print(f"median = {{torch.quantile(y, 0.5).item()!r}}")  # even n: midpoint of the two middle values

for name, loss_fn in (("l1", F.l1_loss), ("l2", F.mse_loss)):
    c = torch.tensor({literal(c)}, dtype=torch.float64, requires_grad=True)  # c₀
    optimizer = torch.optim.SGD([c], lr={literal(lr)})  # η
    for step in range({int(steps)}):
        if abs(c.item()) > {literal(cap)}:
            break  # diverged
        optimizer.zero_grad()
        loss = loss_fn(c.expand_as(y), y)
        loss.backward()
        optimizer.step()  # c ← c − η dL/dc
        if not torch.isfinite(loss):
            break
    print(f"{{name}}_fit = {{c.item()!r}}")
"""
