"""Backpropagation written out: formulas and chain rules with the result's own numbers (checked
against values worked out by hand here), U+2212 minus, negative factors in brackets."""

from __future__ import annotations

import math

from tui_tutor.compute import backprop
from tui_tutor.numbers import number
from tui_tutor.words import backprop as words

X, W, B, Y = (1.5, -2.0), (0.5, 0.25), 0.1, 1.0


def test_the_neurons_formulas_carry_its_numbers():
    result = backprop.neuron(X, W, B, Y, "sigmoid")
    written = words.neuron_formulas(X, W, B, Y, result)
    y_hat = 1 / (1 + math.exp(-0.35))
    assert written["z"] == "z = w·x + b = 0.5·1.5 + 0.25·(−2) + 0.1 = 0.35"
    assert written["ŷ"] == f"ŷ = σ(z) = σ(0.35) = {number(y_hat)}"
    assert written["L"] == f"L = (ŷ − y)² = ({number(y_hat)} − 1)² = {number((y_hat - 1) ** 2)}"


def test_the_chain_rule_of_w1_with_its_numbers():
    result = backprop.neuron(X, W, B, Y, "sigmoid")
    w1 = next(g for g in result.backward if g.name == "w₁")
    y_hat = 1 / (1 + math.exp(-0.35))
    dw1 = 2 * (y_hat - 1) * y_hat * (1 - y_hat) * 1.5
    assert words.chain(w1, "sigmoid") == (
        "∂L/∂w₁ = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w₁ = 2(ŷ − y) · ŷ(1 − ŷ) · x₁ "
        f"= (−0.8268) · 0.2425 · 1.5 = {number(dw1)}")
    assert words.local(w1, "sigmoid") == "∂z/∂w₁ = x₁ = 1.5"
    assert words.chain(result.backward[0], "sigmoid") == "∂L/∂ŷ = 2(ŷ − y) = −0.8268"
    tanh = backprop.neuron(X, W, B, Y, "tanh")
    assert "(1 − ŷ²)" in words.chain(next(g for g in tanh.backward if g.name == "b"), "tanh")


def test_two_layer_formulas_name_each_unit():
    result = backprop.two_layer((1.5, -2.0), [(0.5, -0.3), (-0.4, 0.6)], (0.1, -0.2), (0.8, -0.6), 0.05, 1.0, "relu")
    written = words.two_layer_formulas((1.5, -2.0), [(0.5, -0.3), (-0.4, 0.6)], (0.1, -0.2), (0.8, -0.6), 0.05, 1.0,
                                       result)
    assert written["a₁"] == "a₁ = W₁[1,:]·x + b₁[1] = 0.5·1.5 + (−0.3)·(−2) + 0.1 = 1.45"
    assert written["h₂"] == "h₂ = relu(a₂) = relu(−2) = 0"
    assert list(written) == [n.name for n in result.forward]


def test_agreement_counts_the_parameters_only():
    result = backprop.two_layer((1.0,), [(0.5,), (-0.4,)], (0.1, -0.2), (0.8, -0.6), 0.05, 1.0, "sigmoid")
    params = sum(not g.retained for g in result.backward)
    assert params == 2 + 1 + 2 * 2
    assert words.agreement(result, backprop.TOLERANCE).startswith(f"✓ all {params} agree (to 1e−09)")


def test_a_value_that_is_not_finite_is_said_in_words():
    result = backprop.neuron((1e200,), (1e200,), 0.0, 0.0, "identity")
    assert "L is infinity" in words.not_finite(result)
    assert words.not_finite(backprop.neuron(X, W, B, Y)) == ""


def test_the_trap_summary_has_the_runs_numbers():
    trap = backprop.step_trap(X, (-0.5, 0.25), B, Y, lr=0.5, steps=5)
    said = words.trap_summary(trap)
    assert "∂L/∂w = ∂L/∂ŷ · φ′(z) · x = (0, 0)" in said and "after 5 steps" in said
    assert "w has moved by 0 and L is still 1" in said


def test_grad_state_says_how_many_passes_it_holds():
    acc = backprop.accumulate(X, W, B, Y)
    said = [words.grad_state(state) for state in acc.states]
    once = ", ".join(number(g) for g in acc.w_once)
    assert said[0] == f"w.grad = ({once}): one pass"
    twice = ", ".join(number(2 * g) for g in acc.w_once)
    assert said[1] == f"w.grad = ({twice}): 2 passes added up"
    assert said[2] == "w.grad = None (cleared)" and said[3] == said[0]


def test_reuse_is_worked_out_with_its_numbers():
    lines = words.reuse_lines(backprop.reuse(-0.5, 1.5))
    assert lines == [
        "a = w·x = (−0.5)·1.5 = −0.75",
        "L = a·a + a = (−0.75)·(−0.75) + (−0.75) = −0.1875",
        "through a·a: ∂(a·a)/∂a = 2a = −1.5",
        "through + a: ∂(… + a)/∂a = 1",
        "∂L/∂a = 2a + 1 = (−1.5) + 1 = −0.5",
        "∂L/∂w = ∂L/∂a · x = (−0.5) · 1.5 = −0.75",
    ]
