"""Oracles for lesson 2 (`parameterized-functions`): f_θ in closed form (NumPy), parameter
counts by hand, the final loss by `F.mse_loss` (the exported script: tests/unit/test_export.py)."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import network

PHI = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0), "sigmoid": lambda z: 1 / (1 + np.exp(-z))}
DEFAULT_THETA = [t.default for t in network.THETA]


@pytest.fixture(scope="module")
def fits():
    """Both default fits, timed in CPU seconds after a one-step warm-up (first optimiser import)."""
    network.fit("deep", steps=1)
    start = time.process_time()
    wide, deep = network.fit("wide"), network.fit("deep")
    return wide, deep, time.process_time() - start


def np_tiny(theta, x, phi):
    w1, b1, w2, b2, v1, v2, c = theta
    return v1 * PHI[phi](w1 * x + b1) + v2 * PHI[phi](w2 * x + b2) + c


def test_tiny_curve_matches_closed_form():
    for phi in network.TINY_ACTIVATIONS:
        theta = [1.5, -0.5, -2.0, 1.0, 0.7, -1.2, 0.3]
        curve = network.tiny_curve(theta, phi)
        x = np.array(curve.xs)
        assert len(x) == 121 and x[0] == -3.0 and x[-1] == 3.0
        assert np.allclose(curve.ys, np_tiny(theta, x, phi), atol=1e-12)
    assert [t.name for t in network.THETA] == ["w₁", "b₁", "w₂", "b₂", "v₁", "v₂", "c"]


def test_changing_theta_changes_the_function():
    base = network.tiny_curve(DEFAULT_THETA)
    for i in range(len(DEFAULT_THETA)):
        theta = list(DEFAULT_THETA)
        theta[i] += 0.5
        assert network.tiny_curve(theta).ys != base.ys


def test_parameter_counts_by_hand(fits):
    wide, deep, _ = fits
    (w,) = network.ARCHITECTURES["wide"]
    assert wide.parameter_count == 3 * w + 1 == network.parameter_count((w,)) == 193
    h, layers = network.ARCHITECTURES["deep"][0], len(network.ARCHITECTURES["deep"])
    by_hand = (h + h) + (layers - 1) * (h * h + h) + (h + 1)
    assert deep.parameter_count == by_hand == network.parameter_count(network.ARCHITECTURES["deep"]) == 145
    assert network.parameter_count((10, 10)) == 20 + 110 + 11


def test_final_loss_is_mse_of_returned_predictions(fits):
    for r in fits[:2]:
        pred, ys = torch.tensor(r.predictions, dtype=torch.float64), torch.tensor(r.ys, dtype=torch.float64)
        assert r.final_loss == pytest.approx(F.mse_loss(pred, ys).item(), rel=1e-12)
        x = np.array(r.xs)
        assert np.allclose(r.ys, np.sin(2 * x) + 0.5 * np.sin(5 * x), atol=1e-12)
        assert len(x) == network.N_POINTS and np.all((x >= -3) & (x <= 3))
        assert len(r.losses) == network.STEPS and r.losses[-1] < 0.2 * r.losses[0]
        assert not r.stopped and not r.diverged and len(r.curve_xs) == len(r.curve_ys) == 121


def test_deep_beats_wide_with_fewer_parameters(fits):
    wide, deep, _ = fits
    assert deep.parameter_count < wide.parameter_count
    assert deep.final_loss < wide.final_loss
    assert (deep.hidden, wide.hidden) == ((6, 6, 6, 6), (64,))


def test_both_fits_take_under_two_seconds(fits):
    assert fits[2] < 2.0


def test_fit_is_seeded_and_stoppable():
    threads = torch.get_num_threads()
    a, b = network.fit("deep", seed=5, steps=20), network.fit("deep", seed=5, steps=20)
    assert a == b and torch.get_num_threads() == threads
    assert network.fit("deep", seed=6, steps=20).xs != a.xs
    calls, seen = iter(range(100)), []
    r = network.fit("wide", steps=50, should_stop=lambda: next(calls) >= 7, on_progress=lambda *p: seen.append(p))
    assert r.stopped and not r.diverged and len(r.losses) == 7
    assert seen[0] == (0, 50, r.losses[0]) and seen[-1] == (7, 50, r.final_loss)


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match="needs 7 values"):
        network.tiny_curve([1.0, 2.0])
    with pytest.raises(ValueError, match="finite"):
        network.tiny_curve([math.nan] + DEFAULT_THETA[1:])
    with pytest.raises(ValueError, match="activation"):
        network.tiny_curve(DEFAULT_THETA, "step")
    with pytest.raises(ValueError, match="architecture"):
        network.fit("medium")


theta_strategy = st.lists(st.floats(-network.THETA_LIMIT, network.THETA_LIMIT), min_size=7, max_size=7)


@settings(max_examples=60, deadline=None)
@given(theta_strategy, st.sampled_from(network.TINY_ACTIVATIONS), st.lists(st.floats(-3, 3), min_size=1, max_size=30))
def test_tiny_curve_is_finite_for_every_allowed_theta(theta, phi, xs):
    curve = network.tiny_curve(theta, phi, xs)
    assert len(curve.ys) == len(xs) and all(math.isfinite(y) for y in curve.ys)
    assert np.allclose(curve.ys, np_tiny(theta, np.array(xs), phi), rtol=1e-9, atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(theta_strategy, st.integers(0, 6), st.sampled_from([math.nan, math.inf, -math.inf, 1e3]))
def test_non_finite_or_out_of_range_theta_is_rejected(theta, i, bad):
    theta[i] = bad
    with pytest.raises(ValueError, match="finite number from"):
        network.tiny_curve(theta)
