"""Three ways to find θ* = argmin_θ L(θ): gradient descent, random search, a genetic algorithm.

All three minimise the same loss, the MSE of a line ŷ = a·x + b through 7 fixed points, with
θ = (a, b), and each is given the same budget of loss evaluations. Each run records the best
loss found so far after every evaluation, so the three can be plotted against one axis.

How evaluations are counted:

- random search and the genetic algorithm: one loss value at one θ = 1 evaluation.
- gradient descent: one iteration is a forward pass (the loss at θ_t: 1 evaluation) and a
  backward pass (the gradient ∇L(θ_t)) counted as 1 more, because backpropagation costs
  about as much as a forward pass. So iteration t costs 2 evaluations, and L(θ_t) is known
  after 2t + 1 of them.

Random search and the genetic algorithm draw from `core.generator(seed)`; gradient descent
is deterministic. Numbers and status codes only: `tui_tutor.words.search` says them in words.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch

from tui_tutor.compute.core import ProgressFn, StopFn, floats, generator, part_progress, tensor

DATA_X = (-1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0)
DATA_Y = (-3.1, -1.9, -1.05, 0.1, 0.9, 2.05, 2.95)
"""Seven points near the line y = 2x − 1."""
BOX = (-5.0, 5.0)
"""Where random search and the genetic algorithm look: a, b ∈ [−5, 5]."""
THETA0 = (-4.0, 4.0)
"""Gradient descent's start."""
LR = 0.3
THRESHOLD = 0.1
"""The loss every method must reach (the best possible is about 0.006)."""
BUDGET = 1000
"""Loss evaluations each method may use."""
GRAD_TOL = 1e-8
"""Gradient descent stops once |∇L| is below this."""
POPULATION = 20
ELITES = 2
MUTATION = 0.3
"""Standard deviation of the Gaussian noise added to each child's a and b."""

METHODS = ("gradient descent", "random search", "genetic algorithm")

# How a run ended (`SearchRun.status`).
OK = "ok"
"""It used its whole budget."""
CONVERGED = "converged"
"""Gradient descent: the gradient vanished before the budget ran out."""
STOPPED = "stopped"
"""`should_stop` ended it early."""
DIVERGED = "diverged"
"""A loss was not finite; the run ends before it (it is not in `losses`)."""


@dataclass(frozen=True, slots=True)
class SearchRun:
    """One method's run: the loss after each evaluation and the best so far."""

    method: str
    losses: tuple[float, ...]
    """losses[k]: the loss seen at evaluation k + 1."""
    best: tuple[float, ...]
    """best[k]: the lowest loss within the first k + 1 evaluations (non-increasing)."""
    theta: tuple[float, float] | None
    """The best θ = (a, b) found (None if nothing was evaluated)."""
    status: str
    """`OK`, `CONVERGED`, `STOPPED` or `DIVERGED` (a non-finite loss ends the run and is left out
    of `losses`: it was evaluation len(losses) + 1)."""
    budget: int
    """The evaluations it was allowed."""

    def evaluations_to_reach(self, threshold: float) -> int | None:
        """How many evaluations it took for the best loss to reach ≤ `threshold` (None: never)."""
        return next((k + 1 for k, b in enumerate(self.best) if b <= threshold), None)


@dataclass(frozen=True, slots=True)
class Comparison:
    """The three methods side by side."""

    threshold: float
    minimum: float
    """The lowest loss possible (least squares, in closed form)."""
    runs: tuple[SearchRun, ...]
    counts: tuple[int | None, ...]
    """Evaluations each run needed to reach the threshold (None: not within the budget)."""


def _losses(thetas: torch.Tensor) -> torch.Tensor:
    """L for each row (a, b) of `thetas`."""
    x, y = tensor(DATA_X), tensor(DATA_Y)
    return ((thetas[:, :1] * x + thetas[:, 1:] - y) ** 2).mean(dim=1)


def loss(theta: Sequence[float]) -> float:
    """L(a, b) at θ = (a, b)."""
    return float(_losses(tensor([list(theta)]))[0])


def minimum() -> tuple[float, tuple[float, float]]:
    """The least-squares line: the lowest loss and its θ* = (a*, b*)."""
    x = tensor(DATA_X)
    design = torch.stack([x, torch.ones_like(x)], dim=1)
    theta = torch.linalg.lstsq(design, tensor(DATA_Y)[:, None]).solution[:, 0]
    return float(_losses(theta[None, :])[0]), (float(theta[0]), float(theta[1]))


def _finish(method: str, found: list[tuple[float, torch.Tensor]], status: str, budget: int) -> SearchRun:
    """A SearchRun from (loss, θ) per evaluation, in order."""
    if not found:
        return SearchRun(method, (), (), None, status, budget)
    losses = tensor([value for value, _ in found])
    a, b = floats(found[int(losses.argmin())][1])
    best = floats(torch.cummin(losses, dim=0).values)
    return SearchRun(method, floats(losses), best, (a, b), status, budget)


def _loop(
    method: str,
    budget: int,
    batch: Callable[[int], list[tuple[float, torch.Tensor]]],
    on_progress: ProgressFn | None,
    should_stop: StopFn | None,
) -> SearchRun:
    """Call `batch(evaluations so far)` until the budget is spent or it returns nothing new."""
    found: list[tuple[float, torch.Tensor]] = []
    while len(found) < budget:
        if should_stop is not None and should_stop():
            return _finish(method, found, STOPPED, budget)
        new = batch(len(found))[: budget - len(found)]
        if not new:
            return _finish(method, found, CONVERGED, budget)
        bad = next((k for k, (value, _) in enumerate(new) if not math.isfinite(value)), None)
        if bad is not None:
            return _finish(method, found + new[:bad], DIVERGED, budget)
        found += new
        if on_progress is not None:
            on_progress(len(found), budget, min(value for value, _ in found))
    return _finish(method, found, OK, budget)


def gradient_descent(
    budget: int = BUDGET,
    lr: float = LR,
    theta0: Sequence[float] = THETA0,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> SearchRun:
    """θₜ₊₁ = θₜ − η∇L(θₜ) from θ0, 2 evaluations per step (see the module docstring).

    Stops early once |∇L(θₜ)| < `GRAD_TOL` (status `CONVERGED`).
    """
    theta: torch.Tensor | None = tensor(list(theta0))

    def one_step(_: int) -> list[tuple[float, torch.Tensor]]:
        nonlocal theta
        if theta is None:
            return []
        current = theta.clone().requires_grad_(True)
        value = _losses(current[None, :])[0]  # forward: 1 evaluation
        (grad,) = torch.autograd.grad(value, current)  # backward: counted as 1 more
        theta = None if float(grad.norm()) < GRAD_TOL else (current - lr * grad).detach()
        return [(float(value.detach()), current.detach())] * 2

    return _loop("gradient descent", budget, one_step, on_progress, should_stop)


def _uniform(g: torch.Generator, n: int) -> torch.Tensor:
    lo, hi = BOX
    return lo + (hi - lo) * torch.rand((n, 2), generator=g, dtype=torch.float64)


def _scored(thetas: torch.Tensor) -> list[tuple[float, torch.Tensor]]:
    return list(zip(floats(_losses(thetas)), thetas, strict=True))


def random_search(
    seed: int = 0,
    budget: int = BUDGET,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> SearchRun:
    """Try θ drawn uniformly from the box, 1 evaluation each, and keep the best."""
    g = generator(seed)
    return _loop("random search", budget, lambda _: _scored(_uniform(g, 100)), on_progress, should_stop)


def genetic_algorithm(
    seed: int = 0,
    budget: int = BUDGET,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> SearchRun:
    """A population of θ evolved by selection, crossover and mutation.

    Each generation keeps the `ELITES` best unchanged; every other child has two parents, each
    the fitter (lower-loss) of two random individuals (tournament selection), takes each of
    a and b as a random blend of its parents' (crossover), and gets Gaussian noise of
    standard deviation `MUTATION` added (mutation).
    """
    g = generator(seed)
    population: list[tuple[float, torch.Tensor]] = []

    def generation(done: int) -> list[tuple[float, torch.Tensor]]:
        nonlocal population
        if done == 0:
            population = _scored(_uniform(g, POPULATION))
            return population
        fitness = tensor([value for value, _ in population])
        thetas = torch.stack([theta for _, theta in population])
        n = POPULATION - ELITES
        rivals = torch.randint(POPULATION, (n, 2, 2), generator=g)
        parents = torch.where(fitness[rivals[..., 0]] <= fitness[rivals[..., 1]], rivals[..., 0], rivals[..., 1])
        mix = torch.rand((n, 2), generator=g, dtype=torch.float64)
        children = mix * thetas[parents[:, 0]] + (1 - mix) * thetas[parents[:, 1]]
        children = children + MUTATION * torch.randn((n, 2), generator=g, dtype=torch.float64)
        scored = _scored(children)
        population = sorted(population, key=lambda p: p[0])[:ELITES] + scored
        return scored

    return _loop("genetic algorithm", budget, generation, on_progress, should_stop)


def compare(
    threshold: float = THRESHOLD,
    seed: int = 0,
    budget: int = BUDGET,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> Comparison:
    """Run all three methods on the same loss and say how many evaluations each needed.

    `on_progress` sees one job of 3·budget steps: gradient descent's evaluation k is step k,
    random search's is budget + k, the genetic algorithm's 2·budget + k.
    """
    total = 3 * budget
    runs = (
        gradient_descent(budget, on_progress=part_progress(on_progress, 0, total), should_stop=should_stop),
        random_search(seed, budget, part_progress(on_progress, budget, total), should_stop),
        genetic_algorithm(seed, budget, part_progress(on_progress, 2 * budget, total), should_stop),
    )
    counts = tuple(run.evaluations_to_reach(threshold) for run in runs)
    return Comparison(threshold, minimum()[0], runs, counts)
