"""Backpropagation written out: each node's formula with its numbers, each gradient's chain rule,
the step-function trap, and what `.grad` does over several calls, from `compute.backprop` results.

Numbers are written by `tui_tutor.numbers` (4 significant digits, U+2212 minus, a negative
factor of a product in brackets, NaN and infinity in words).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from tui_tutor.numbers import number, subscript

LOSS = "L = (ŷ − y)²"
LOCAL = {
    "identity": "1",
    "step": "0",
    "sigmoid": "{out}(1 − {out})",
    "tanh": "1 − {out}²",
    "relu": "(1 if {inp} > 0 else 0)",
}
"""φ′ written in terms of φ's input and output (the step's derivative is 0 wherever z ≠ 0)."""


def num(value: float, wrap: bool = True) -> str:
    """A number in a formula; with `wrap`, in brackets when negative (a factor of a product)."""
    text = number(value + 0.0)  # + 0.0: no "−0"
    return f"({text})" if wrap and text.startswith("−") else text


def phi_name(activation: str) -> str:
    """φ as the formulas write it."""
    return "σ" if activation == "sigmoid" else activation


def _dot(ws: Sequence[float], xs: Sequence[float]) -> str:
    return " + ".join(f"{num(w)}·{num(x)}" for w, x in zip(ws, xs))


def _loss(y_hat: float, y: float, loss: float) -> str:
    return f"{LOSS} = ({num(y_hat)} − {num(y)})² = {num(loss, False)}"


def neuron_formulas(x: Sequence[float], w: Sequence[float], b: float, y: float, result: Any) -> dict[str, str]:
    """Each forward node of `backprop.neuron`'s result, its formula with the numbers put in."""
    z, y_hat, loss = (node.value for node in result.forward)
    phi = phi_name(result.activation)
    return {
        "z": f"z = w·x + b = {_dot(w, x)} + {num(b)} = {num(z, False)}",
        "ŷ": f"ŷ = {phi}(z) = {phi}({num(z, False)}) = {num(y_hat, False)}",
        "L": _loss(y_hat, y, loss),
    }


def two_layer_formulas(x: Sequence[float], W1: Sequence[Sequence[float]], b1: Sequence[float],
                       w2: Sequence[float], b2: float, y: float, result: Any) -> dict[str, str]:
    """Each forward node of `backprop.two_layer`'s result, its formula with the numbers put in."""
    values = {node.name: node.value for node in result.forward}
    phi = phi_name(result.activation)
    out = {}
    for j in range(2):
        k = subscript(j + 1)
        a, h = values[f"a{k}"], values[f"h{k}"]
        out[f"a{k}"] = f"a{k} = W₁[{j + 1},:]·x + b₁[{j + 1}] = {_dot(W1[j], x)} + {num(b1[j])} = {num(a, False)}"
        out[f"h{k}"] = f"h{k} = {phi}(a{k}) = {phi}({num(a, False)}) = {num(h, False)}"
    hs = (values["h₁"], values["h₂"])
    out["ŷ"] = f"ŷ = w₂·h + b₂ = {_dot(w2, hs)} + {num(b2)} = {num(values['ŷ'], False)}"
    out["L"] = _loss(values["ŷ"], y, values["L"])
    return out


def symbol(factor: Any) -> str:
    """A chain link as a symbol: ∂ŷ/∂z."""
    return f"∂{factor.of}/∂{factor.by}"


def local_formula(factor: Any, activation: str) -> str:
    """What a chain link is, as a formula: 2(ŷ − y), ŷ(1 − ŷ), x₁, 1."""
    if factor.operand:
        return factor.operand
    if factor.of == "L":
        return "2(ŷ − y)"
    return LOCAL[activation].format(out=factor.of, inp=factor.by)


def local(gradient: Any, activation: str) -> str:
    """The gradient's own link: '∂z/∂w₁ = x₁ = 1.5'."""
    last = gradient.factors[-1]
    parts = [symbol(last), local_formula(last, activation), num(last.value, False)]
    return " = ".join(dict.fromkeys(parts))  # a formula that is already the number is said once


def chain(gradient: Any, activation: str) -> str:
    """The whole chain rule with numbers: '∂L/∂w₁ = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w₁ = 2(ŷ − y) · … = −0.4162'."""
    factors = gradient.factors
    parts = [f"∂L/∂{gradient.name}"]
    if len(factors) > 1:
        formulas = [local_formula(f, activation) for f in factors]
        parts += [" · ".join(symbol(f) for f in factors),
                  " · ".join(f"({text})" if text.startswith("1 − ") else text for text in formulas),
                  " · ".join(num(f.value) for f in factors)]
    else:
        parts.append(local_formula(factors[0], activation))
    parts.append(num(gradient.value, False))
    return " = ".join(dict.fromkeys(parts))  # drop repeats (a formula that is already a number)


def not_finite(result: Any) -> str:
    """'' or which values of a `Backprop` are not finite numbers, in words."""
    named = [(node.name, node.value) for node in result.forward] + [(f"∂L/∂{g.name}", g.value) for g in result.backward]
    return "; ".join(f"{name} is {number(value)}" for name, value in named if not math.isfinite(value))


def agreement(result: Any, tolerance: float) -> str:
    """The verdict under the table of hand gradients beside `loss.backward()`'s."""
    count = sum(not g.retained for g in result.backward)
    if result.agree:
        return f"✓ all {count} agree (to {number(tolerance)}): the chain rule by hand is what loss.backward() computes."
    return "✗ some differ from loss.backward(): see the ✗ rows."


def trap_summary(trap: Any) -> str:
    """Why the step neuron never learns, with the run's numbers."""
    steps = len(trap.ws) - 1
    change = max(abs(after - before) for after, before in zip(trap.ws[-1], trap.ws[0]))
    grads = ", ".join(num(g, False) for g in trap.w_grad)
    return (f"φ′(z) = 0, so ∂L/∂w = ∂L/∂ŷ · φ′(z) · x = ({grads}) and ∂L/∂b = {num(trap.b_grad, False)}: "
            f"after {steps} steps of w ← w − η∇L, w has moved by {num(change, False)} and L is still "
            f"{num(trap.losses[-1], False)}")


def grad_state(state: Any) -> str:
    """`.grad` after one call of `backprop.accumulate`, and how many passes it holds."""
    if state.w_grad is None:
        return "w.grad = None (cleared)"
    shown = ", ".join(number(g) for g in state.w_grad)
    passes = "one pass" if state.backwards == 1 else f"{state.backwards} passes added up"
    return f"w.grad = ({shown}): {passes}"


def reuse_lines(r: Any) -> list[str]:
    """a = w·x used twice, L = a·a + a, worked out: the forward pass, each use, the sum."""
    return [
        f"a = w·x = {num(r.w)}·{num(r.x)} = {num(r.a, False)}",
        f"L = a·a + a = {num(r.a)}·{num(r.a)} + {num(r.a)} = {num(r.loss, False)}",
        f"through a·a: ∂(a·a)/∂a = 2a = {num(r.through_product, False)}",
        f"through + a: ∂(… + a)/∂a = {num(r.through_sum, False)}",
        f"∂L/∂a = 2a + 1 = {num(r.through_product)} + {num(r.through_sum)} = {num(r.a_grad, False)}",
        f"∂L/∂w = ∂L/∂a · x = {num(r.a_grad)} · {num(r.x)} = {num(r.w_grad, False)}",
    ]
