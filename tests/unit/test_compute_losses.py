"""Regression losses against closed forms, torch.nn.functional and NumPy medians/means; how a
descent ended, judged against a descent written out by hand (the exported scripts: test_export.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import losses

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


def closed_form(name: str, y_hat: float, y: float) -> tuple[float, float]:
    """(L, dL/dŷ) by hand."""
    d = y_hat - y
    sign = (d > 0) - (d < 0)
    return {
        "difference": (d, 1.0),
        "l1": (abs(d), float(sign)),
        "l2": (d * d, 2 * d),
        "huber": (0.5 * d * d, d) if abs(d) <= 1 else (abs(d) - 0.5, float(sign)),
    }[name]


def t(x: float) -> torch.Tensor:
    return torch.tensor(x, dtype=torch.float64)


@settings(max_examples=50, deadline=None)
@given(finite, finite)
def test_all_losses_match_closed_forms_and_functional(y_hat: float, y: float) -> None:
    result = losses.all_losses(y_hat, y)
    assert [v.name for v in result.losses] == ["difference", "l1", "l2", "huber"]
    for v in result.losses:
        value, grad = closed_form(v.name, y_hat, y)
        assert v.value == pytest.approx(value, rel=1e-12, abs=1e-12)
        assert v.grad == pytest.approx(grad, rel=1e-12, abs=1e-12)
    by_name = {v.name: v.value for v in result.losses}
    assert by_name["l1"] == pytest.approx(F.l1_loss(t(y_hat), t(y)).item(), rel=1e-12)
    assert by_name["l2"] == pytest.approx(F.mse_loss(t(y_hat), t(y)).item(), rel=1e-12)
    assert by_name["huber"] == pytest.approx(F.huber_loss(t(y_hat), t(y), delta=1.0).item(), rel=1e-12)


def test_single_loss_and_unknown_name() -> None:
    v = losses.loss("l2", 3.0, 1.0)
    assert (v.value, v.grad) == (4.0, 4.0)
    assert losses.loss("l1", 1.0, 1.0).grad == 0.0  # subgradient 0 at the kink
    with pytest.raises(ValueError, match="unknown loss"):
        losses.loss("l3", 0.0, 0.0)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from([math.nan, math.inf, -math.inf]), finite)
def test_non_finite_inputs_give_non_finite_losses_not_numbers(bad: float, y: float) -> None:
    """The screen says them in words (`numbers.number`); compute never turns them into numbers."""
    for y_hat, target in ((bad, y), (y, bad)):
        result = losses.all_losses(y_hat, target)
        assert not any(math.isfinite(v.value) for v in result.losses)


def test_loss_curves_shapes_and_values() -> None:
    curves = losses.loss_curves(1.0, -3.0, 5.0, 81)
    assert len(curves.y_hats) == 81 and curves.y_hats[0] == -3.0 and curves.y_hats[-1] == 5.0
    assert [c.name for c in curves.curves] == list(losses.LOSSES)
    for c in curves.curves:
        assert len(c.values) == len(c.grads) == 81
        for x, value, grad in zip(curves.y_hats, c.values, c.grads, strict=True):
            assert (value, grad) == pytest.approx(closed_form(c.name, x, 1.0), abs=1e-12)


DATA = [2.0, 3.0, 3.5, 4.0, 5.0, 40.0]  # an outlier at 40


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(finite, finite), min_size=1, max_size=10), st.sampled_from(list(losses.LOSSES)))
def test_mean_loss_matches_functional_and_autograd(pairs: list[tuple[float, float]], name: str) -> None:
    y_hats, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    result = losses.mean_loss(name, y_hats, ys)
    assert len(result.per_sample) == len(result.grads) == len(pairs)
    for (y_hat, y), value, grad in zip(pairs, result.per_sample, result.grads, strict=True):
        expected_value, expected_grad = closed_form(name, y_hat, y)
        assert value == pytest.approx(expected_value, rel=1e-12, abs=1e-12)
        assert grad == pytest.approx(expected_grad / len(pairs), rel=1e-12, abs=1e-12)
    yh = torch.tensor(y_hats, dtype=torch.float64, requires_grad=True)
    oracle = {"l1": F.l1_loss, "l2": F.mse_loss, "huber": F.huber_loss}.get(name)
    if oracle is not None:
        value = oracle(yh, torch.tensor(ys, dtype=torch.float64))
        (grad,) = torch.autograd.grad(value, yh)
        assert result.value == pytest.approx(value.item(), rel=1e-12, abs=1e-9)
        assert result.grads == pytest.approx(grad.tolist(), rel=1e-12, abs=1e-12)


def test_mean_loss_checks_lengths_and_keeps_nan() -> None:
    with pytest.raises(ValueError):
        losses.mean_loss("l1", [1.0], [1.0, 2.0])
    assert math.isnan(losses.mean_loss("l2", [1.0, math.nan], [0.0, 0.0]).value)


@settings(max_examples=50, deadline=None)
@given(st.lists(finite, min_size=1, max_size=12), finite)
def test_constant_loss_matches_functional_and_numpy(data: list[float], c: float) -> None:
    result = losses.constant_loss(data, c)
    ys, preds = torch.tensor(data, dtype=torch.float64), torch.full((len(data),), c, dtype=torch.float64)
    assert result.mae == pytest.approx(F.l1_loss(preds, ys).item(), rel=1e-12, abs=1e-9)
    assert result.mse == pytest.approx(F.mse_loss(preds, ys).item(), rel=1e-12, abs=1e-9)
    arr = np.array(data)
    assert result.mae_grad == pytest.approx(np.mean(np.sign(c - arr)), abs=1e-12)
    assert result.mse_grad == pytest.approx(2 * (c - np.mean(arr)), rel=1e-9, abs=1e-6)


def test_constant_loss_keeps_nan() -> None:
    assert math.isnan(losses.constant_loss([1.0, math.nan], 0.0).mae)
    with pytest.raises(ValueError):
        losses.constant_loss([], 0.0)


def test_constant_curves_match_numpy() -> None:
    curves = losses.constant_curves(DATA, 0.0, 10.0, 41)
    arr = np.array(DATA)
    assert len(curves.cs) == len(curves.mae) == len(curves.mse) == len(curves.mae_grad) == len(curves.mse_grad) == 41
    for c, mae, mse, g1, g2 in zip(curves.cs, curves.mae, curves.mse, curves.mae_grad, curves.mse_grad, strict=True):
        assert mae == pytest.approx(np.mean(np.abs(c - arr)))
        assert mse == pytest.approx(np.mean((c - arr) ** 2))
        assert g1 == pytest.approx(np.mean(np.sign(c - arr)), abs=1e-12)
        assert g2 == pytest.approx(2 * (c - np.mean(arr)))


def test_fit_constant_l2_lands_on_mean_along_the_closed_form_trajectory() -> None:
    fit = losses.fit_constant(DATA, "l2", lr=0.1, steps=200)
    mean = float(np.mean(DATA))
    assert fit.mean == pytest.approx(mean) and fit.run.final == pytest.approx(mean, abs=1e-9)
    assert fit.minimiser_lo == fit.minimiser_hi == pytest.approx(mean)
    assert fit.run.outcome == "settled" and fit.run.gap <= 1e-9
    c, expected = 0.0, [0.0]
    for _ in range(200):
        c -= 0.1 * 2 * (c - mean)
        expected.append(c)
    assert fit.run.trajectory == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert fit.run.losses[0] == pytest.approx(float(np.mean(np.array(DATA) ** 2)))
    assert fit.run.steps_run == 200 and len(fit.run.trajectory) == 201 == len(fit.run.losses)


def test_fit_constant_l1_lands_on_median_despite_the_outlier() -> None:
    data = [2.0, 3.0, 3.5, 4.0, 40.0]  # odd: a unique median
    fit = losses.fit_constant(data, "l1", lr=0.05, steps=400)
    median = float(np.median(data))
    assert fit.median == median and fit.minimiser_lo == fit.minimiser_hi == median
    assert abs(fit.run.final - median) <= 0.05 / len(data) + 1e-12
    assert abs(fit.run.final - median) < abs(fit.mean - median) / 10  # far from the mean 10.5
    assert (fit.run.target_lo, fit.run.target_hi) == (median, median)


def test_fit_constant_l1_even_count_stops_anywhere_between_the_middle_values() -> None:
    fit = losses.fit_constant(DATA, "l1", lr=0.1, steps=400)
    assert (fit.minimiser_lo, fit.minimiser_hi) == (3.5, 4.0)
    assert fit.median == float(np.median(DATA)) == 3.75
    assert 3.5 <= fit.run.final <= 4.0
    assert fit.run.outcome == "settled" and fit.run.gap == 0 and (fit.run.target_lo, fit.run.target_hi) == (3.5, 4.0)
    c = losses.constant_loss(DATA, fit.run.final)
    assert c.mae == pytest.approx(losses.constant_loss(DATA, 3.75).mae)  # flat bottom
    assert c.mae_grad == 0.0


def test_fit_constant_diverges_swinging_by_one_minus_two_eta_and_rejects_other_losses() -> None:
    fit = losses.fit_constant([1.0, 2.0, 3.0], "l2", lr=1.5, steps=200)
    assert fit.run.outcome == "diverged" and fit.run.steps_run < 200 and abs(fit.run.final) > fit.run.cap
    assert fit.run.factor == pytest.approx(1 - 2 * 1.5)  # c − mean is multiplied by 1 − 2η each step
    with pytest.raises(ValueError):
        losses.fit_constant([1.0], "difference")
    nan_fit = losses.fit_constant([1.0, 2.0], "l2", lr=math.nan)
    assert nan_fit.run.outcome == "diverged" and math.isnan(nan_fit.run.final)


def test_why_not_difference_runs_away_while_l1_and_l2_stop_at_y() -> None:
    diff, l1, l2 = losses.why_not_difference(5.0, 1.0, lr=0.1, steps=60)
    assert [r.loss for r in (diff, l1, l2)] == ["difference", "l1", "l2"]
    assert diff.trajectory == pytest.approx([5.0 - 0.1 * k for k in range(61)])
    assert diff.losses == pytest.approx([4.0 - 0.1 * k for k in range(61)])
    assert all(b < a for a, b in zip(diff.losses, diff.losses[1:], strict=False))
    assert diff.outcome == "falling" and math.isnan(diff.target_lo)
    assert abs(l1.final - 1.0) <= 0.1 + 1e-12
    assert l2.final == pytest.approx(1.0, abs=1e-4)
    assert l2.trajectory[:3] == pytest.approx([5.0, 5.0 - 0.1 * 8, 4.2 - 0.1 * 2 * 3.2])


def test_why_not_difference_cap_stops_the_run() -> None:
    diff, *_ = losses.why_not_difference(0.0, 0.0, lr=1e5, steps=1000, cap=1e6)
    assert diff.steps_run < 1000 and abs(diff.trajectory[-1]) > 1e6
    assert diff.outcome == "falling" and diff.final < -diff.cap


def test_callbacks_progress_and_stop() -> None:
    seen: list[tuple[int, int, float]] = []
    losses.fit_constant(DATA, "l2", lr=0.1, steps=25, on_progress=lambda *a: seen.append(a))
    assert [s[0] for s in seen] == list(range(1, 26)) and all(s[1] == 25 for s in seen)
    calls = iter(range(100))
    fit = losses.fit_constant(DATA, "l2", lr=0.1, steps=50, should_stop=lambda: next(calls) >= 10)
    assert fit.run.stopped and fit.run.steps_run == 10
    seen.clear()
    losses.why_not_difference(1.0, 0.0, steps=4, on_progress=lambda *a: seen.append(a))
    assert [s[:2] for s in seen] == [(i, 12) for i in range(1, 13)]


@settings(deadline=None, max_examples=30)
@given(finite, finite, st.floats(min_value=0.001, max_value=0.5))
def test_why_not_difference_shapes(y0: float, y: float, lr: float) -> None:
    for run in losses.why_not_difference(y0, y, lr=lr, steps=20):
        assert len(run.trajectory) == len(run.losses) == run.steps_run + 1
        assert run.outcome in losses.OUTCOMES


@pytest.mark.parametrize("name", sorted(losses.LOSSES))
def test_closed_form_slopes_equal_autograd_and_the_hand_derivative(name: str) -> None:
    d = torch.tensor([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.5, 1e6], dtype=torch.float64, requires_grad=True)
    (autograd,) = torch.autograd.grad(losses.LOSSES[name](d).sum(), d)
    assert losses.SLOPES[name](d.detach()).tolist() == autograd.tolist()
    by_hand = [closed_form(name, v, 0.0)[1] for v in d.tolist()]
    assert losses.SLOPES[name](d.detach()).tolist() == pytest.approx(by_hand, abs=1e-12)


def test_descent_grads_are_autograd_slopes_of_the_mean_loss_at_every_point() -> None:
    data = [2.0, 3.0, 3.5, 4.0, 30.0]
    fit = losses.fit_constant(data, "l2", lr=0.05, steps=30)
    assert len(fit.run.grads) == len(fit.run.trajectory) == 31
    for c, grad in zip(fit.run.trajectory, fit.run.grads, strict=True):
        assert grad == pytest.approx(float(np.mean([2 * (c - y) for y in data])), rel=1e-12, abs=1e-12)


def by_hand(data: list[float], lr: float, steps: int, c: float, slope) -> list[float]:
    """Gradient descent on a constant, written out: c ← c − η · (1/n) Σ slope(c − yᵢ)."""
    path = [c]
    for _ in range(steps):
        path.append(path[-1] - lr * sum(slope(path[-1] - y) for y in data) / len(data))
    return path


def sign(d: float) -> float:
    return float((d > 0) - (d < 0))


def test_an_l1_fit_that_hops_is_hopping_not_settled() -> None:
    """The L1 fit of 2, 3, 3.5, 4, 5 from 0 with η = 0.05 ends jumping between 3.49999999999998
    and 3.51 for ever: neither settled (its last step moved) nor approaching (it got no nearer)."""
    data = [2.0, 3.0, 3.5, 4.0, 5.0]
    path = by_hand(data, 0.05, 400, 0.0, sign)
    assert path[-1] != path[-2] and max(path[-8:]) - min(path[-8:]) == pytest.approx(0.01)
    run = losses.fit_constant(data, "l1", 0.05, 400).run
    assert run.trajectory == pytest.approx(path, abs=1e-12)
    assert run.outcome == "hopping" and (run.hop_lo, run.hop_hi) == pytest.approx((min(path[-8:]), max(path[-8:])))
    for steps in (399, 398):  # one step earlier it is hopping too, not "approaching"
        assert losses.fit_constant(data, "l1", 0.05, steps).run.outcome == "hopping"


def test_outcomes_follow_the_run() -> None:
    data = [2.0, 3.0, 3.5, 4.0, 5.0, 35.0]
    short = losses.fit_constant(data, "l1", 0.01, 100).run  # T too short
    assert short.outcome == "approaching" and short.gap == pytest.approx(3.5 - by_hand(data, 0.01, 100, 0.0, sign)[-1])
    zigzag = losses.fit_constant(data, "l2", 0.7, 10).run  # 1 − 2η = −0.4: overshoots, nearer each step
    assert zigzag.outcome == "approaching" and zigzag.factor == pytest.approx(-0.4)
    swings = losses.fit_constant(data, "l2", 1.1, 20).run  # 1 − 2η = −1.2: not yet past the cap
    assert swings.outcome == "growing" and swings.factor == pytest.approx(-1.2)
    diverged = losses.fit_constant(data, "l2", 1.1, 400).run
    assert diverged.outcome == "diverged" and diverged.factor == pytest.approx(-1.2)
    assert losses.fit_constant(data, "l2", 0.05, 400).run.outcome == "settled"
