"""Backpropagation: the chain rule, node by node, beside what `loss.backward()` computes.

Two graphs, both with the squared-error loss L = (ŷ − y)² (the L2 loss):

- one neuron: x, w, b → z = w·x + b → ŷ = φ(z) → L, with 1 to 3 inputs;
- two layers: x → aⱼ = W₁[j,:]·x + b₁[j] → hⱼ = φ(aⱼ) (2 hidden units) → ŷ = w₂·h + b₂ → L.

The forward pass is computed by PyTorch. The backward pass is computed here by hand in
plain Python: each node's gradient is the gradient of the node after it times a local
derivative (so each is computed once and reused), written out as the full chain rule with
numbers. Every hand gradient is shown beside autograd's: `.grad` of the leaves after
`loss.backward()`, and of the inner nodes via `retain_grad()`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from tui_tutor.compute.core import floats, literal, nonfinite_note, tensor
from tui_tutor.compute.neuron import ACTIVATIONS, activate

LOSS_FORMULA = "L = (ŷ − y)²"
TOLERANCE = 1e-9
"""Hand and autograd gradients agree if they differ by at most this, relative to their size."""

LOCAL = {
    "identity": "1",
    "step": "0",
    "sigmoid": "{out}(1 − {out})",
    "tanh": "1 − {out}²",
    "relu": "(1 if {inp} > 0 else 0)",
}
"""φ′ written in terms of φ's input and output (the step's derivative is 0 wherever z ≠ 0)."""

SOURCE = {
    "identity": "z",
    "step": "(torch.sign(z) + 1).clamp(max=1)  # 1 if z >= 0 else 0, via sign (derivative 0)",
    "sigmoid": "torch.sigmoid(z)",
    "tanh": "torch.tanh(z)",
    "relu": "torch.relu(z)",
}
"""φ(z) as PyTorch code."""

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(k: int) -> str:
    """`k` in subscript digits (for node names like w₁)."""
    return str(k).translate(_SUB)


def _phi_name(activation: str) -> str:
    return "σ" if activation == "sigmoid" else activation


@dataclass(frozen=True, slots=True)
class Node:
    """One node of the forward pass."""

    name: str
    formula: str
    """The node's formula with the numbers put in, e.g. 'z = w·x + b = 0.5·2 + 0.1 = 1.1'."""
    value: float


@dataclass(frozen=True, slots=True)
class Gradient:
    """One node of the backward pass: ∂L/∂node by hand, beside autograd's."""

    name: str
    """The node, e.g. 'w₁'."""
    local: str
    """The last link of the chain, e.g. '∂z/∂w₁ = x₁ = 1.5'."""
    local_value: float
    chain: str
    """The whole chain rule with numbers, e.g. '∂L/∂w₁ = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w₁ = …'."""
    value: float
    """∂L/∂node by hand."""
    autograd: float
    """The same gradient from `loss.backward()`."""
    autograd_name: str
    """Where autograd's number comes from, e.g. 'w.grad[0]'."""

    @property
    def agrees(self) -> bool:
        """Whether the hand value matches autograd's within `TOLERANCE`."""
        return math.isclose(self.value, self.autograd, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


@dataclass(frozen=True, slots=True)
class Backprop:
    """The forward pass, the backward pass, and the check against autograd."""

    activation: str
    forward: tuple[Node, ...]
    backward: tuple[Gradient, ...]
    loss: float
    agree: bool
    """Every hand gradient matches autograd's."""
    note: str
    """'' or what is not finite, in words."""


@dataclass(frozen=True, slots=True)
class StepTrap:
    """Gradient descent on a neuron with the step activation: the gradient is 0, w never moves."""

    w_grad: tuple[float, ...]
    """w.grad from `loss.backward()`."""
    b_grad: float
    ws: tuple[tuple[float, ...], ...]
    """w before each step and after the last."""
    losses: tuple[float, ...]
    note: str


def _num(v: float, wrap: bool = True) -> str:
    """A number for a formula: 4 significant digits, a real minus, negatives in a product wrapped."""
    text = f"{v + 0.0:.4g}".replace("-", "−")  # + 0.0 turns −0.0 into 0.0
    return f"({text})" if wrap and text.startswith("−") else text


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


def _dot(ws: Sequence[float], xs: Sequence[float]) -> str:
    return " + ".join(f"{_num(w)}·{_num(x)}" for w, x in zip(ws, xs))


def _gradient(
    name: str, factors: Sequence[tuple[str, str, float]], autograd: torch.Tensor, autograd_name: str
) -> Gradient:
    """∂L/∂name as the product of `factors` (symbol, formula, value), first to last."""
    value = 1.0
    for _, _, v in factors:
        value *= v
    symbol, formula, local_value = factors[-1]
    local = " = ".join(dict.fromkeys([symbol, formula, _num(local_value, wrap=False)]))
    parts = [f"∂L/∂{name}"]
    if len(factors) > 1:
        parts.append(" · ".join(s for s, _, _ in factors))
        parts.append(" · ".join(f"({f})" if f.startswith("1 − ") else f for _, f, _ in factors))
        parts.append(" · ".join(_num(v) for _, _, v in factors))
    else:
        parts.append(formula)
    parts.append(_num(value, wrap=False))
    chain = " = ".join(dict.fromkeys(parts))  # drop repeats (e.g. a formula that is already a number)
    return Gradient(name, local, local_value, chain, value, float(autograd), autograd_name)


def _result(activation: str, forward: list[Node], backward: list[Gradient]) -> Backprop:
    loss = forward[-1].value
    note = nonfinite_note(*((n.name, n.value) for n in forward), *((f"∂L/∂{g.name}", g.value) for g in backward))
    agree = all(g.agrees for g in backward)
    return Backprop(activation, tuple(forward), tuple(backward), loss, agree, note)


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
    phi = _phi_name(activation)
    forward = [
        Node("z", f"z = w·x + b = {_dot(w, x)} + {_num(b)} = {_num(zv, False)}", zv),
        Node("ŷ", f"ŷ = {phi}(z) = {phi}({_num(zv, False)}) = {_num(yv, False)}", yv),
        Node("L", f"{LOSS_FORMULA} = ({_num(yv)} − {_num(y)})² = {_num(lv, False)}", lv),
    ]
    d_yhat = ("∂L/∂ŷ", "2(ŷ − y)", 2 * (yv - y))
    d_z = ("∂ŷ/∂z", LOCAL[activation].format(out="ŷ", inp="z"), _phi_prime(activation, zv, yv))
    backward = [
        _gradient("ŷ", [d_yhat], y_hat.grad, "ŷ.grad (retain_grad)"),
        _gradient("z", [d_yhat, d_z], z.grad, "z.grad (retain_grad)"),
    ]
    for i in range(len(x)):
        d_w = (f"∂z/∂w{_sub(i + 1)}", f"x{_sub(i + 1)}", float(x[i]))
        backward.append(_gradient(f"w{_sub(i + 1)}", [d_yhat, d_z, d_w], wt.grad[i], f"w.grad[{i}]"))
    backward.append(_gradient("b", [d_yhat, d_z, ("∂z/∂b", "1", 1.0)], bt.grad, "b.grad"))
    return _result(activation, forward, backward)


def two_layer(
    x: Sequence[float],
    W1: Sequence[Sequence[float]],  # noqa: N803 (the lecture's name)
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
    phi = _phi_name(activation)
    forward: list[Node] = []
    for j in range(2):
        a_j, h_j, k = f"a{_sub(j + 1)}", f"h{_sub(j + 1)}", j + 1
        sum_j = f"{_dot(W1[j], x)} + {_num(b1[j])}"
        forward += [
            Node(a_j, f"{a_j} = W₁[{k},:]·x + b₁[{k}] = {sum_j} = {_num(av[j], False)}", av[j]),
            Node(h_j, f"{h_j} = {phi}({a_j}) = {phi}({_num(av[j], False)}) = {_num(hv[j], False)}", hv[j]),
        ]
    forward.append(Node("ŷ", f"ŷ = w₂·h + b₂ = {_dot(w2, hv)} + {_num(b2)} = {_num(yv, False)}", yv))
    forward.append(Node("L", f"{LOSS_FORMULA} = ({_num(yv)} − {_num(y)})² = {_num(lv, False)}", lv))

    d_yhat = ("∂L/∂ŷ", "2(ŷ − y)", 2 * (yv - y))
    backward = [_gradient("ŷ", [d_yhat], y_hat.grad, "ŷ.grad (retain_grad)")]
    for j in range(2):
        d_w2 = (f"∂ŷ/∂w₂[{j + 1}]", f"h{_sub(j + 1)}", hv[j])
        backward.append(_gradient(f"w₂[{j + 1}]", [d_yhat, d_w2], w2t.grad[j], f"w2.grad[{j}]"))
    backward.append(_gradient("b₂", [d_yhat, ("∂ŷ/∂b₂", "1", 1.0)], b2t.grad, "b2.grad"))
    for j in range(2):
        a_j, h_j, k = f"a{_sub(j + 1)}", f"h{_sub(j + 1)}", j + 1
        d_h = (f"∂ŷ/∂{h_j}", f"w₂[{k}]", float(w2[j]))
        d_a = (f"∂{h_j}/∂{a_j}", LOCAL[activation].format(out=h_j, inp=a_j), _phi_prime(activation, av[j], hv[j]))
        to_a = [d_yhat, d_h, d_a]
        backward += [
            _gradient(h_j, [d_yhat, d_h], h.grad[j], f"h.grad[{j}] (retain_grad)"),
            _gradient(a_j, to_a, a.grad[j], f"a.grad[{j}] (retain_grad)"),
        ]
        for i in range(len(x)):
            name = f"W₁[{k},{i + 1}]"
            d_w = (f"∂{a_j}/∂{name}", f"x{_sub(i + 1)}", float(x[i]))
            backward.append(_gradient(name, [*to_a, d_w], W1t.grad[j, i], f"W1.grad[{j}, {i}]"))
        d_b = (f"∂{a_j}/∂b₁[{k}]", "1", 1.0)
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
    w_grad, b_grad = floats(wt.grad), bt.grad.item()
    change = max(abs(after - before) for after, before in zip(ws[-1], ws[0]))
    note = (
        f"φ′(z) = 0, so ∂L/∂w = ∂L/∂ŷ · φ′(z) · x = ({', '.join(_num(g, False) for g in w_grad)}) "
        f"and ∂L/∂b = {_num(b_grad, wrap=False)}: after {steps} steps of w ← w − η∇L, w has moved by "
        f"{_num(change, wrap=False)} and L is still {_num(losses[-1], wrap=False)}"
    )
    return StepTrap(w_grad, b_grad, tuple(ws), tuple(losses), note)


def _vec(values: Sequence[float]) -> str:
    return "[" + ", ".join(literal(v) for v in values) + "]"


def pytorch_source(x: Sequence[float], w: Sequence[float], b: float, y: float, activation: str = "sigmoid") -> str:
    """Standalone PyTorch code: the neuron's forward pass, `loss.backward()`, and the gradients."""
    _check(activation, x, w)
    prints = "\n".join(f'print(f"dL/dw{i + 1} = {{w.grad[{i}].item()!r}}")' for i in range(len(x)))
    return f"""import torch

x = torch.tensor({_vec(x)}, dtype=torch.float64)
w = torch.tensor({_vec(w)}, dtype=torch.float64, requires_grad=True)
b = torch.tensor({literal(b)}, dtype=torch.float64, requires_grad=True)
y = torch.tensor({literal(y)}, dtype=torch.float64)

z = w @ x + b
y_hat = {SOURCE[activation]}
loss = (y_hat - y) ** 2
loss.backward()  # the backward pass: fills w.grad and b.grad

print(f"L = {{loss.item()!r}}")
{prints}
print(f"dL/db = {{b.grad.item()!r}}")
"""


def two_layer_source(
    x: Sequence[float],
    W1: Sequence[Sequence[float]],  # noqa: N803 (the lecture's name)
    b1: Sequence[float],
    w2: Sequence[float],
    b2: float,
    y: float,
    activation: str = "sigmoid",
) -> str:
    """Standalone PyTorch code: `two_layer`'s forward pass, `loss.backward()`, and every parameter's `.grad`.

    Prints `L`, then one line per parameter entry named as in `Gradient.autograd_name`
    (`w2.grad[0]`, `b2.grad`, `W1.grad[0, 0]`, `b1.grad[0]`, ...).
    """
    _check(activation, x, *W1)
    if not (len(W1) == len(b1) == len(w2) == 2):
        raise ValueError("the hidden layer has 2 units: W1 needs 2 rows, b1 and w2 2 entries each")
    rows = "[" + ", ".join(_vec(r) for r in W1) + "]"
    phi = re.sub(r"\bz\b", "a", SOURCE[activation])  # φ(a): SOURCE writes φ's input as z
    return f"""import torch

x = torch.tensor({_vec(x)}, dtype=torch.float64)
W1 = torch.tensor({rows}, dtype=torch.float64, requires_grad=True)  # hidden layer: 2 units
b1 = torch.tensor({_vec(b1)}, dtype=torch.float64, requires_grad=True)
w2 = torch.tensor({_vec(w2)}, dtype=torch.float64, requires_grad=True)  # output layer
b2 = torch.tensor({literal(b2)}, dtype=torch.float64, requires_grad=True)
y = torch.tensor({literal(y)}, dtype=torch.float64)

a = W1 @ x + b1  # a_j = W1[j, :] · x + b1[j]
h = {phi}
y_hat = w2 @ h + b2
loss = (y_hat - y) ** 2
loss.backward()  # the backward pass: fills W1.grad, b1.grad, w2.grad and b2.grad

print(f"L = {{loss.item()!r}}")
for j in range(2):
    print(f"w2.grad[{{j}}] = {{w2.grad[j].item()!r}}")
print(f"b2.grad = {{b2.grad.item()!r}}")
for j in range(2):
    for i in range(len(x)):
        print(f"W1.grad[{{j}}, {{i}}] = {{W1.grad[j, i].item()!r}}")
    print(f"b1.grad[{{j}}] = {{b1.grad[j].item()!r}}")
"""


def step_trap_source(
    x: Sequence[float], w: Sequence[float], b: float, y: float, lr: float = 0.5, steps: int = 5
) -> str:
    """Standalone PyTorch code for `step_trap`: gradient descent on a step neuron, w never moving.

    Prints, per step, `L` (before the step), `w.grad` and `w` (after the step).
    """
    _check("step", x, w)
    return f"""import torch

x = torch.tensor({_vec(x)}, dtype=torch.float64)
w = torch.tensor({_vec(w)}, dtype=torch.float64, requires_grad=True)
b = torch.tensor({literal(b)}, dtype=torch.float64, requires_grad=True)
y = torch.tensor({literal(y)}, dtype=torch.float64)
lr = {literal(lr)}  # η

for t in range({int(steps)}):
    w.grad = b.grad = None
    z = w @ x + b
    y_hat = {SOURCE["step"]}
    loss = (y_hat - y) ** 2
    loss.backward()  # dL/dw = dL/dŷ · 0 · x = 0
    with torch.no_grad():
        w -= lr * w.grad  # w ← w − η ∂L/∂w: moves by 0
        b -= lr * b.grad
    print(f"L = {{loss.item()!r}}")
    print(f"w.grad = {{[g + 0.0 for g in w.grad.tolist()]}}")
    print(f"w = {{w.tolist()}}")
"""
