"""Backpropagation by hand against autograd run independently here (and against NumPy for
the forward pass), for one neuron, a two-layer network and the untrainable step; `.grad`
accumulating over calls until zeroed, and a value used twice, against autograd and by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import backprop, neuron

PHI = {"identity": lambda z: z, "sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": F.relu}
number = st.floats(-3, 3, allow_nan=False)
inputs = st.integers(1, 3).flatmap(lambda n: st.tuples(*[st.lists(number, min_size=n, max_size=n)] * 2))
"""(x, w) of the same length, 1 to 3."""


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-10, abs_tol=1e-12)


def grads(result: backprop.Backprop) -> dict[str, float]:
    return {g.name: g.value for g in result.backward}


def autograd_neuron(x, w, b, y, activation) -> tuple[float, list[float], float]:
    """One neuron's loss and (w.grad, b.grad) from autograd, built here: (L, ∂L/∂w, ∂L/∂b)."""
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    loss = F.mse_loss(PHI[activation](wt @ torch.tensor(x, dtype=torch.float64) + bt), torch.tensor(y, dtype=torch.float64))
    loss.backward()
    return loss.item(), wt.grad.tolist(), bt.grad.item()


@settings(max_examples=60, deadline=None)
@given(xw=inputs, b=number, y=number, activation=st.sampled_from(sorted(PHI)))
def test_neuron_hand_chain_rule_equals_loss_backward(xw, b, y, activation):
    x, w = xw
    result = backprop.neuron(x, w, b, y, activation)
    loss, w_grad, b_grad = autograd_neuron(x, w, b, y, activation)
    hand = grads(result)
    assert close(result.loss, loss)
    assert all(close(hand['w' + '₁₂₃'[i]], g) for i, g in enumerate(w_grad))
    assert close(hand["b"], b_grad)
    assert result.agree
    assert all(g.agrees for g in result.backward)


def test_neuron_stages_and_the_chain_of_factors():
    x, w, b, y = (1.5, -2.0), (0.5, 0.25), 0.1, 1.0
    result = backprop.neuron(x, w, b, y, "sigmoid")
    z = float(np.dot(w, x) + b)
    y_hat = 1 / (1 + math.exp(-z))
    assert [n.name for n in result.forward] == ["z", "ŷ", "L"]
    assert [n.value for n in result.forward] == pytest.approx([z, y_hat, (y_hat - y) ** 2], rel=1e-12)
    assert [g.name for g in result.backward] == ["ŷ", "z", "w₁", "w₂", "b"]
    w1 = result.backward[2]
    by_hand = (2 * (y_hat - y), y_hat * (1 - y_hat), 1.5)  # ∂L/∂ŷ, σ′(z), ∂z/∂w₁ = x₁
    assert [(f.of, f.by, f.operand) for f in w1.factors] == [("L", "ŷ", ""), ("ŷ", "z", ""), ("z", "w₁", "x₁")]
    assert [f.value for f in w1.factors] == pytest.approx(by_hand, rel=1e-12)
    assert w1.value == pytest.approx(math.prod(by_hand), rel=1e-12) and w1.local_value == 1.5
    assert w1.autograd_name == "w.grad[0]" and not w1.retained and result.backward[0].retained


@settings(max_examples=40, deadline=None)
@given(
    x=st.lists(number, min_size=1, max_size=3),
    params=st.lists(number, min_size=12, max_size=12),
    y=number,
    activation=st.sampled_from(sorted(PHI)),
)
def test_two_layer_every_node_equals_autograd(x, params, y, activation):
    n = len(x)
    W1 = [params[:n], params[3 : 3 + n]]
    b1, w2, b2 = params[6:8], params[8:10], params[10]
    result = backprop.two_layer(x, W1, b1, w2, b2, y, activation)
    layer1 = torch.nn.Linear(n, 2, dtype=torch.float64)
    layer2 = torch.nn.Linear(2, 1, dtype=torch.float64)
    with torch.no_grad():
        for param, values in ((layer1.weight, W1), (layer1.bias, b1), (layer2.weight, [w2]), (layer2.bias, [b2])):
            param.copy_(torch.tensor(values, dtype=torch.float64))
    a = layer1(torch.tensor(x, dtype=torch.float64))
    h = PHI[activation](a)
    a.retain_grad()
    h.retain_grad()
    loss = F.mse_loss(layer2(h), torch.tensor([y], dtype=torch.float64))
    loss.backward()
    hand = grads(result)
    forward = {node.name: node.value for node in result.forward}
    assert close(result.loss, loss.item())
    for j in range(2):
        s = "₁₂"[j]
        assert close(forward[f"a{s}"], a[j].item()) and close(forward[f"h{s}"], h[j].item())
        assert close(hand[f"a{s}"], a.grad[j].item()) and close(hand[f"h{s}"], h.grad[j].item())
        assert close(hand[f"w₂[{j + 1}]"], layer2.weight.grad[0, j].item())
        assert close(hand[f"b₁[{j + 1}]"], layer1.bias.grad[j].item())
        for i in range(n):
            assert close(hand[f"W₁[{j + 1},{i + 1}]"], layer1.weight.grad[j, i].item())
    assert close(hand["b₂"], layer2.bias.grad.item())
    assert result.agree and len(result.backward) == 1 + 3 + 2 * (2 + n + 1)


def test_relu_at_exactly_zero_uses_autograds_zero():
    result = backprop.neuron((1.0,), (0.0,), 0.0, 1.0, "relu")
    assert result.forward[0].value == 0.0
    assert grads(result)["w₁"] == 0.0 and result.agree


@settings(max_examples=30, deadline=None)
@given(xw=inputs, b=number, y=st.sampled_from([0.0, 1.0]))
def test_step_activation_has_zero_gradient_so_w_never_moves(xw, b, y):
    x, w = xw
    z = torch.tensor(float(np.dot(w, x) + b), dtype=torch.float64)
    result = backprop.neuron(x, w, b, y, "step")
    assert result.forward[1].value == neuron.activate("step", z).item()
    assert all(g.value == 0 == g.autograd for g in result.backward if g.name != "ŷ")
    trap = backprop.step_trap(x, w, b, y, lr=0.5, steps=4)
    assert trap.w_grad == (0.0,) * len(x) and trap.b_grad == 0.0
    assert all(ws == tuple(float(v) for v in w) for ws in trap.ws) and len(trap.ws) == 5
    assert len(set(trap.losses)) == 1 and trap.lr == 0.5


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="1 to 3"):
        backprop.neuron((1, 2, 3, 4), (1, 2, 3, 4), 0, 1)
    with pytest.raises(ValueError, match="as many"):
        backprop.neuron((1, 2), (1,), 0, 1)
    with pytest.raises(ValueError, match="unknown activation"):
        backprop.neuron((1,), (1,), 0, 1, "softplus")
    with pytest.raises(ValueError, match="2 units"):
        backprop.two_layer((1,), [[1], [1], [1]], (0, 0, 0), (1, 1, 1), 0, 1)


def test_overflow_is_left_as_a_non_finite_number():
    result = backprop.neuron((1e200,), (1e200,), 0.0, 0.0, "identity")
    assert math.isinf(result.loss)


@settings(max_examples=25, deadline=None)
@given(xw=inputs, b=number, y=number, activation=st.sampled_from(sorted(PHI)))
def test_grad_accumulates_over_backward_calls_until_zeroed(xw, b, y, activation):
    """Against autograd run here: k calls of loss.backward() leave k times one call's gradient."""
    x, w = xw
    acc = backprop.accumulate(x, w, b, y, activation)
    _, once, b_once = autograd_neuron(x, w, b, y, activation)
    assert [s.call for s in acc.states] == [backprop.BACKWARD, backprop.BACKWARD, backprop.ZERO_GRAD, backprop.BACKWARD]
    assert [s.backwards for s in acc.states] == [1, 2, 0, 1]
    assert all(close(a, b) for a, b in zip(acc.w_once, once))
    for state in acc.states:
        if state.call == backprop.ZERO_GRAD:
            assert state.w_grad is None and state.b_grad is None
        else:
            assert all(close(g, state.backwards * o) for g, o in zip(state.w_grad, once))
            assert close(state.b_grad, state.backwards * b_once)
    with pytest.raises(ValueError, match="unknown call"):
        backprop.accumulate(x, w, b, y, activation, calls=("step",))


@settings(max_examples=40, deadline=None)
@given(w=number, x=number)
def test_a_value_used_twice_gets_the_sum_of_both_gradients(w, x):
    """a = w·x, L = a·a + a: ∂L/∂a = 2a + 1 by hand, and autograd's a.grad and w.grad."""
    r = backprop.reuse(w, x)
    a = w * x
    assert close(r.a, a) and close(r.loss, a * a + a)
    assert close(r.through_product, 2 * a) and r.through_sum == 1.0
    assert close(r.a_grad, 2 * a + 1) and close(r.w_grad, (2 * a + 1) * x)
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    (lambda t: t * t + t)(wt * x).backward()
    assert close(r.w_autograd, wt.grad.item()) and r.agree
