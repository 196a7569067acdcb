"""Backpropagation: the chain rule, node by node, beside what `loss.backward()` computes.

Two graphs, both with the squared-error loss L = (ŷ − y)² (the L2 loss):

- one neuron: x, w, b → z = w·x + b → ŷ = φ(z) → L, with 1 to 3 inputs;
- two layers: x → aⱼ = W₁[j,:]·x + b₁[j] → hⱼ = φ(aⱼ) (2 hidden units) → ŷ = w₂·h + b₂ → L.

The forward pass is computed by PyTorch. The backward pass is computed here by hand in
plain Python: each node's gradient is the gradient of the node after it times a local
derivative (so each is computed once and reused), kept as the chain of factors it is the
product of. Every hand gradient is shown beside autograd's: `.grad` of the leaves after
`loss.backward()`, and of the inner nodes via `retain_grad()`.

Two things a learner meets the first time they call `loss.backward()` themselves: `.grad`
accumulates over calls until it is zeroed (`accumulate`), and a value used twice gets the
sum of the gradients of both uses (`reuse`). Numbers only: `tui_tutor.words.backprop` writes
the formulas and the chain rule out with these numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from tui_tutor.compute.core import floats, tensor
from tui_tutor.compute.neuron import ACTIVATIONS, activate

TOLERANCE = 1e-9
"""Hand and autograd gradients agree if they differ by at most this, relative to their size."""
ZERO_GRAD = "zero_grad"
BACKWARD = "backward"
"""The calls `accumulate` makes, in the order given."""

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(k: int) -> str:
    """`k` in subscript digits (for node names like w₁)."""
    return str(k).translate(_SUB)


@dataclass(frozen=True, slots=True)
class Node:
    """One node of the forward pass."""

    name: str
    value: float


@dataclass(frozen=True, slots=True)
class Factor:
    """One link of a chain rule: the local derivative ∂`of`/∂`by`."""

    of: str
    by: str
    value: float
    operand: str = ""
    """What the derivative equals when it is a plain input of the link ("x₁", "h₂", "w₂[1]",
    "1"); "" when it is the loss's or the activation's own derivative."""


@dataclass(frozen=True, slots=True)
class Gradient:
    """One node of the backward pass: ∂L/∂node by hand, beside autograd's."""

    name: str
    """The node, e.g. 'w₁'."""
    factors: tuple[Factor, ...]
    """The chain rule's factors, from L back to the node; their product is `value`."""
    value: float
    """∂L/∂node by hand."""
    autograd: float
    """The same gradient from `loss.backward()`."""
    autograd_name: str
    """Where autograd's number comes from, e.g. 'w.grad[0]'."""

    @property
    def local_value(self) -> float:
        """The last link of the chain (the node's own local derivative)."""
        return self.factors[-1].value

    @property
    def agrees(self) -> bool:
        """Whether the hand value matches autograd's within `TOLERANCE`."""
        return math.isclose(self.value, self.autograd, rel_tol=TOLERANCE, abs_tol=TOLERANCE)

    @property
    def retained(self) -> bool:
        """Whether it is an inner node's gradient (kept with `retain_grad()`), not a parameter's."""
        return "retain_grad" in self.autograd_name


@dataclass(frozen=True, slots=True)
class Backprop:
    """The forward pass, the backward pass, and the check against autograd."""

    activation: str
    forward: tuple[Node, ...]
    backward: tuple[Gradient, ...]
    loss: float
    agree: bool
    """Every hand gradient matches autograd's."""


@dataclass(frozen=True, slots=True)
class StepTrap:
    """Gradient descent on a neuron with the step activation: the gradient is 0, w never moves."""

    w_grad: tuple[float, ...]
    """w.grad from `loss.backward()`."""
    b_grad: float
    ws: tuple[tuple[float, ...], ...]
    """w before each step and after the last."""
    losses: tuple[float, ...]
    lr: float


@dataclass(frozen=True, slots=True)
class GradState:
    """The neuron's `.grad` after one call of `accumulate`: None where PyTorch holds no gradient."""

    call: str
    """`BACKWARD` or `ZERO_GRAD`."""
    backwards: int
    """How many `loss.backward()` calls have added into `.grad` since it was last zeroed."""
    w_grad: tuple[float, ...] | None
    b_grad: float | None


@dataclass(frozen=True, slots=True)
class Accumulation:
    """`.grad` after each call, beside the gradient of one backward pass by hand."""

    states: tuple[GradState, ...]
    w_once: tuple[float, ...]
    """∂L/∂w of one backward pass, by hand (the chain rule of `neuron`)."""
    b_once: float


@dataclass(frozen=True, slots=True)
class Reuse:
    """a = w·x used twice, L = a·a + a: ∂L/∂a is the sum over both uses."""

    w: float
    x: float
    a: float
    loss: float
    through_product: float
    """∂(a·a)/∂a = 2a: the gradient through the use a·a."""
    through_sum: float
    """∂(… + a)/∂a = 1: the gradient through the use + a."""
    a_grad: float
    """∂L/∂a by hand: the sum of both."""
    a_autograd: float
    """a.grad from `loss.backward()` (retain_grad)."""
    w_grad: float
    """∂L/∂w by hand: ∂L/∂a · x."""
    w_autograd: float
    """w.grad from `loss.backward()`."""

    @property
    def agree(self) -> bool:
        """Both hand gradients match autograd's within `TOLERANCE`."""
        return all(math.isclose(h, a, rel_tol=TOLERANCE, abs_tol=TOLERANCE)
                   for h, a in ((self.a_grad, self.a_autograd), (self.w_grad, self.w_autograd)))


def _phi(activation: str, z: torch.Tensor) -> torch.Tensor:
    """φ(z), with the step built from `sign` so autograd can run through it (its derivative is 0)."""
    if activation == "step":
        return (torch.sign(z) + 1).clamp(max=1)
    return activate(activation, z)


def _phi_prime(activation: str, inp: float, out: float) -> float:
    """φ′ at `inp` by hand, where out = φ(inp)."""
    return {
        "identity": 1.0,
        "step": 0.0,
        "sigmoid": out * (1 - out),
        "tanh": 1 - out * out,
        "relu": 1.0 if inp > 0 else 0.0,
    }[activation]


def _check(activation: str, x: Sequence[float], *weights: Sequence[float]) -> None:
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r}; expected one of {', '.join(ACTIVATIONS)}")
    if not 1 <= len(x) <= 3:
        raise ValueError(f"x needs 1 to 3 inputs, got {len(x)}")
    for w in weights:
        if len(w) != len(x):
            raise ValueError(f"each weight vector needs as many entries as x ({len(x)}), got {len(w)}")


def _gradient(name: str, factors: Sequence[Factor], autograd: torch.Tensor, autograd_name: str) -> Gradient:
    """∂L/∂name as the product of `factors`, first to last."""
    value = 1.0
    for factor in factors:
        value *= factor.value
    return Gradient(name, tuple(factors), value, float(autograd), autograd_name)


def _result(activation: str, forward: list[Node], backward: list[Gradient]) -> Backprop:
    return Backprop(activation, tuple(forward), tuple(backward), forward[-1].value, all(g.agrees for g in backward))


def neuron(x: Sequence[float], w: Sequence[float], b: float, y: float, activation: str = "sigmoid") -> Backprop:
    """Forward and backward pass through z = w·x + b, ŷ = φ(z), L = (ŷ − y)²."""
    _check(activation, x, w)
    wt, bt = tensor(list(w), grad=True), tensor(b, grad=True)
    z = wt @ tensor(list(x)) + bt
    y_hat = _phi(activation, z)
    loss = (y_hat - y) ** 2
    for node in (z, y_hat):
        node.retain_grad()
    loss.backward()
    zv, yv, lv = z.item(), y_hat.item(), loss.item()
    forward = [Node("z", zv), Node("ŷ", yv), Node("L", lv)]
    d_yhat = Factor("L", "ŷ", 2 * (yv - y))
    d_z = Factor("ŷ", "z", _phi_prime(activation, zv, yv))
    backward = [
        _gradient("ŷ", [d_yhat], y_hat.grad, "ŷ.grad (retain_grad)"),
        _gradient("z", [d_yhat, d_z], z.grad, "z.grad (retain_grad)"),
    ]
    for i in range(len(x)):
        d_w = Factor("z", f"w{_sub(i + 1)}", float(x[i]), f"x{_sub(i + 1)}")
        backward.append(_gradient(f"w{_sub(i + 1)}", [d_yhat, d_z, d_w], wt.grad[i], f"w.grad[{i}]"))
    backward.append(_gradient("b", [d_yhat, d_z, Factor("z", "b", 1.0, "1")], bt.grad, "b.grad"))
    return _result(activation, forward, backward)


def two_layer(
    x: Sequence[float],
    W1: Sequence[Sequence[float]],  # the lecture's name
    b1: Sequence[float],
    w2: Sequence[float],
    b2: float,
    y: float,
    activation: str = "sigmoid",
) -> Backprop:
    """Forward and backward pass through aⱼ = W₁[j,:]·x + b₁[j], hⱼ = φ(aⱼ), ŷ = w₂·h + b₂, L.

    `W1` has 2 rows (hidden units) of len(x) entries; `b1` and `w2` have 2 entries.
    Indices in names are 1-based (W₁[2,1] is row 2, column 1).
    """
    _check(activation, x, *W1)
    if not (len(W1) == len(b1) == len(w2) == 2):
        raise ValueError("the hidden layer has 2 units: W1 needs 2 rows, b1 and w2 2 entries each")
    W1t, b1t = tensor([list(r) for r in W1], grad=True), tensor(list(b1), grad=True)
    w2t, b2t = tensor(list(w2), grad=True), tensor(b2, grad=True)
    a = W1t @ tensor(list(x)) + b1t
    h = _phi(activation, a)
    y_hat = w2t @ h + b2t
    loss = (y_hat - y) ** 2
    for node in (a, h, y_hat):
        node.retain_grad()
    loss.backward()
    av, hv, yv, lv = floats(a), floats(h), y_hat.item(), loss.item()
    forward: list[Node] = []
    for j in range(2):
        forward += [Node(f"a{_sub(j + 1)}", av[j]), Node(f"h{_sub(j + 1)}", hv[j])]
    forward += [Node("ŷ", yv), Node("L", lv)]

    d_yhat = Factor("L", "ŷ", 2 * (yv - y))
    backward = [_gradient("ŷ", [d_yhat], y_hat.grad, "ŷ.grad (retain_grad)")]
    for j in range(2):
        d_w2 = Factor("ŷ", f"w₂[{j + 1}]", hv[j], f"h{_sub(j + 1)}")
        backward.append(_gradient(f"w₂[{j + 1}]", [d_yhat, d_w2], w2t.grad[j], f"w2.grad[{j}]"))
    backward.append(_gradient("b₂", [d_yhat, Factor("ŷ", "b₂", 1.0, "1")], b2t.grad, "b2.grad"))
    for j in range(2):
        a_j, h_j, k = f"a{_sub(j + 1)}", f"h{_sub(j + 1)}", j + 1
        d_h = Factor("ŷ", h_j, float(w2[j]), f"w₂[{k}]")
        d_a = Factor(h_j, a_j, _phi_prime(activation, av[j], hv[j]))
        to_a = [d_yhat, d_h, d_a]
        backward += [
            _gradient(h_j, [d_yhat, d_h], h.grad[j], f"h.grad[{j}] (retain_grad)"),
            _gradient(a_j, to_a, a.grad[j], f"a.grad[{j}] (retain_grad)"),
        ]
        for i in range(len(x)):
            name = f"W₁[{k},{i + 1}]"
            d_w = Factor(a_j, name, float(x[i]), f"x{_sub(i + 1)}")
            backward.append(_gradient(name, [*to_a, d_w], W1t.grad[j, i], f"W1.grad[{j}, {i}]"))
        d_b = Factor(a_j, f"b₁[{k}]", 1.0, "1")
        backward.append(_gradient(f"b₁[{k}]", [*to_a, d_b], b1t.grad[j], f"b1.grad[{j}]"))
    return _result(activation, forward, backward)


def step_trap(
    x: Sequence[float], w: Sequence[float], b: float, y: float, lr: float = 0.5, steps: int = 5
) -> StepTrap:
    """Why the step activation cannot be trained: gradient descent with φ = step.

    φ′ = 0 wherever z ≠ 0, so ∂L/∂w = ∂L/∂ŷ · 0 · x = 0 and every update w − η·0 leaves w
    where it is, however wrong ŷ is.
    """
    _check("step", x, w)
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    wt, bt, xt = tensor(list(w), grad=True), tensor(b, grad=True), tensor(list(x))
    ws, losses = [floats(wt)], []
    for _ in range(steps):
        wt.grad = bt.grad = None
        loss = (_phi("step", wt @ xt + bt) - y) ** 2
        loss.backward()
        with torch.no_grad():
            wt -= lr * wt.grad
            bt -= lr * bt.grad
        ws.append(floats(wt))
        losses.append(loss.item())
    return StepTrap(floats(wt.grad), bt.grad.item(), tuple(ws), tuple(losses), float(lr))


def accumulate(x: Sequence[float], w: Sequence[float], b: float, y: float, activation: str = "sigmoid",
               calls: Sequence[str] = (BACKWARD, BACKWARD, ZERO_GRAD, BACKWARD)) -> Accumulation:
    """`.grad` of the neuron's w and b after each of `calls`, made on real tensors: each
    `BACKWARD` runs the forward pass and `loss.backward()` (which adds into `.grad`), each
    `ZERO_GRAD` does what `optimizer.zero_grad()` does (sets `.grad` to None)."""
    _check(activation, x, w)
    once = neuron(x, w, b, y, activation)
    by_name = {g.name: g.value for g in once.backward}
    wt, bt, xt = tensor(list(w), grad=True), tensor(b, grad=True), tensor(list(x))
    states, count = [], 0
    for call in calls:
        if call == ZERO_GRAD:
            wt.grad = bt.grad = None
            count = 0
        elif call == BACKWARD:
            ((_phi(activation, wt @ xt + bt) - y) ** 2).backward()
            count += 1
        else:
            raise ValueError(f"unknown call {call!r}; expected {BACKWARD!r} or {ZERO_GRAD!r}")
        states.append(GradState(call, count, None if wt.grad is None else floats(wt.grad),
                                None if bt.grad is None else bt.grad.item()))
    w_once = tuple(by_name[f"w{_sub(i + 1)}"] for i in range(len(x)))
    return Accumulation(tuple(states), w_once, by_name["b"])


def reuse(w: float, x: float) -> Reuse:
    """a = w·x, L = a·a + a: autograd's a.grad and w.grad beside the sum over both uses of a."""
    wt = tensor(w, grad=True)
    a = wt * x
    a.retain_grad()
    loss = a * a + a
    loss.backward()
    av = a.item()
    through_product, through_sum = 2 * av, 1.0
    a_grad = through_product + through_sum
    return Reuse(float(w), float(x), av, loss.item(), through_product, through_sum, a_grad, a.grad.item(),
                 a_grad * x, wt.grad.item())
