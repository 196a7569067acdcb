"""Backpropagation by hand against autograd run independently here (and against NumPy for
the forward pass), for one neuron, a two-layer network and the untrainable step."""

from __future__ import annotations

import math
import subprocess
import sys

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


@settings(max_examples=60, deadline=None)
@given(xw=inputs, b=number, y=number, activation=st.sampled_from(sorted(PHI)))
def test_neuron_hand_chain_rule_equals_loss_backward(xw, b, y, activation):
    x, w = xw
    result = backprop.neuron(x, w, b, y, activation)
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    y_hat = PHI[activation](wt @ torch.tensor(x, dtype=torch.float64) + bt)
    loss = F.mse_loss(y_hat, torch.tensor(y, dtype=torch.float64))
    loss.backward()
    hand = grads(result)
    assert close(result.loss, loss.item())
    assert all(close(hand['w' + '₁₂₃'[i]], g) for i, g in enumerate(wt.grad.tolist()))
    assert close(hand["b"], bt.grad.item())
    assert result.agree and result.note == ""
    assert all(g.agrees for g in result.backward)


def test_neuron_stages_and_chain_rule_with_numbers():
    x, w, b, y = (1.5, -2.0), (0.5, 0.25), 0.1, 1.0
    result = backprop.neuron(x, w, b, y, "sigmoid")
    z = float(np.dot(w, x) + b)
    y_hat = 1 / (1 + math.exp(-z))
    assert [n.name for n in result.forward] == ["z", "ŷ", "L"]
    assert [n.value for n in result.forward] == pytest.approx([z, y_hat, (y_hat - y) ** 2], rel=1e-12)
    assert result.forward[0].formula == "z = w·x + b = 0.5·1.5 + 0.25·(−2) + 0.1 = 0.35"
    assert [g.name for g in result.backward] == ["ŷ", "z", "w₁", "w₂", "b"]
    dw1 = 2 * (y_hat - y) * y_hat * (1 - y_hat) * 1.5
    w1 = result.backward[2]
    assert w1.value == pytest.approx(dw1, rel=1e-12)
    assert w1.chain == (
        "∂L/∂w₁ = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w₁ = 2(ŷ − y) · ŷ(1 − ŷ) · x₁ "
        f"= (−0.8268) · 0.2425 · 1.5 = {dw1:.4g}".replace("-", "−")
    )
    assert w1.local == "∂z/∂w₁ = x₁ = 1.5" and w1.autograd_name == "w.grad[0]"
    assert result.backward[0].chain == "∂L/∂ŷ = 2(ŷ − y) = −0.8268"


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
    assert len(set(trap.losses)) == 1 and "moved by 0" in trap.note


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="1 to 3"):
        backprop.neuron((1, 2, 3, 4), (1, 2, 3, 4), 0, 1)
    with pytest.raises(ValueError, match="as many"):
        backprop.neuron((1, 2), (1,), 0, 1)
    with pytest.raises(ValueError, match="unknown activation"):
        backprop.neuron((1,), (1,), 0, 1, "softplus")
    with pytest.raises(ValueError, match="2 units"):
        backprop.two_layer((1,), [[1], [1], [1]], (0, 0, 0), (1, 1, 1), 0, 1)


def test_overflow_is_said_in_words():
    result = backprop.neuron((1e200,), (1e200,), 0.0, 0.0, "identity")
    assert "infinity" in result.note


def test_pytorch_source_prints_the_same_gradients():
    x, w, b, y = (0.5, -1.25, 2.0), (0.3, 0.7, -0.2), 0.05, 1.0
    result = backprop.neuron(x, w, b, y, "tanh")
    program = backprop.pytorch_source(x, w, b, y, "tanh")
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True, timeout=60)
    printed = dict(line.split(" = ") for line in out.stdout.splitlines())
    hand = grads(result)
    assert list(printed) == ["L", "dL/dw1", "dL/dw2", "dL/dw3", "dL/db"]
    assert close(float(printed["L"]), result.loss)
    for i, s in enumerate("₁₂₃"):
        assert close(float(printed[f"dL/dw{i + 1}"]), hand[f"w{s}"])
    assert close(float(printed["dL/db"]), hand["b"])


def run_source(program: str) -> list[tuple[str, str]]:
    """Run generated PyTorch code in this process; its printed `name = value` lines."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(program, "<pytorch_source>", "exec"), {})  # noqa: S102 - our own generated code
    return [tuple(line.split(" = ", 1)) for line in out.getvalue().splitlines()]


@pytest.mark.parametrize("activation", ["sigmoid", "relu", "step"])
def test_two_layer_source_prints_every_parameter_gradient(activation):
    x, W1, b1, w2, b2, y = (0.5, -1.25, 2.0), [(0.3, 0.7, -0.2), (-0.4, 0.1, 0.6)], (0.05, -0.1), (0.8, -0.6), 0.2, 1.0
    result = backprop.two_layer(x, W1, b1, w2, b2, y, activation)
    printed = run_source(backprop.two_layer_source(x, W1, b1, w2, b2, y, activation))
    params = [g for g in result.backward if "retain_grad" not in g.autograd_name]
    assert [name for name, _ in printed] == ["L"] + [g.autograd_name for g in params]
    assert close(float(printed[0][1]), result.loss)
    assert all(close(float(value), g.value) for (_, value), g in zip(printed[1:], params))


def test_step_trap_source_prints_a_w_that_never_moves():
    x, w, b, y = (1.5, -2.0), (-0.5, 0.25), 0.1, 1.0
    trap = backprop.step_trap(x, w, b, y, lr=0.5, steps=3)
    printed = run_source(backprop.step_trap_source(x, w, b, y, lr=0.5, steps=3))
    assert [name for name, _ in printed] == ["L", "w.grad", "w"] * 3
    assert [float(v) for n, v in printed if n == "L"] == list(trap.losses)
    assert all(v == "[0.0, 0.0]" for n, v in printed if n == "w.grad")
    assert [tuple(eval(v)) for n, v in printed if n == "w"] == list(trap.ws[1:])  # noqa: S307 - a printed list
