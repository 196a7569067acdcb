"""The neuron against a closed form written in plain Python."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_tutor.compute import neuron

CLOSED_FORM = {
    "identity": lambda z: z,
    "step": lambda z: 1.0 if z >= 0 else 0.0,
    "sigmoid": lambda z: 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z)),
    "tanh": math.tanh,
    "relu": lambda z: max(0.0, z),
}

finite = st.floats(-50, 50, allow_nan=False)


@pytest.mark.parametrize("activation", sorted(CLOSED_FORM))
def test_forward_matches_the_slide_formula(activation):
    x, w, b = [1.5, -2.0, 0.75], [0.8, 0.4, -1.0], 0.5
    result = neuron.forward(x, w, b, activation)
    z = sum(wi * xi for wi, xi in zip(w, x)) + b
    assert result.terms == pytest.approx([1.2, -0.8, -0.75], abs=1e-15)
    assert result.z == pytest.approx(z, abs=1e-15)
    assert result.y_hat == pytest.approx(CLOSED_FORM[activation](z), abs=1e-15)


@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=5), finite, st.sampled_from(sorted(CLOSED_FORM)))
def test_forward_property(pairs, b, activation):
    x, w = [p[0] for p in pairs], [p[1] for p in pairs]
    result = neuron.forward(x, w, b, activation)
    z = math.fsum(wi * xi for wi, xi in zip(w, x)) + b
    assert len(result.terms) == len(x)
    assert result.z == pytest.approx(z, rel=1e-12, abs=1e-9)
    assert result.y_hat == pytest.approx(CLOSED_FORM[activation](result.z), rel=1e-12, abs=1e-12)
    if activation == "sigmoid":
        assert 0.0 <= result.y_hat <= 1.0


def test_step_is_one_at_zero():
    assert neuron.forward([1.0], [1.0], -1.0, "step").y_hat == 1.0


@pytest.mark.parametrize(("x", "w", "phi"), [([1.0], [1.0, 2.0], "relu"), ([], [], "relu"), ([1.0], [1.0], "softsign")])
def test_forward_refuses_bad_input(x, w, phi):
    with pytest.raises(ValueError):
        neuron.forward(x, w, 0.0, phi)


@pytest.mark.parametrize("activation", sorted(CLOSED_FORM))
def test_activation_curve(activation):
    curve = neuron.activation_curve(activation, -3.0, 3.0, 7)
    assert curve.xs == pytest.approx([-3, -2, -1, 0, 1, 2, 3])
    assert curve.ys == pytest.approx([CLOSED_FORM[activation](z) for z in curve.xs], abs=1e-15)
