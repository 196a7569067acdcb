"""Sigmoid, softmax, BCE and CE against torch.nn.functional, torch.softmax and closed forms."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import classification as C

any_finite = st.floats(allow_nan=False, allow_infinity=False)
moderate = st.floats(min_value=-50, max_value=50, allow_nan=False)
logit_lists = st.lists(any_finite, min_size=1, max_size=8)
prob = st.floats(min_value=0.0, max_value=1.0)


def t(values: object) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float64)


@settings(max_examples=50, deadline=None)
@given(any_finite)
def test_sigmoid_matches_torch_and_closed_form(z: float) -> None:
    s = C.sigmoid(z)
    assert s.status == "ok" and 0.0 <= s.y_hat <= 1.0
    assert s.y_hat == pytest.approx(torch.sigmoid(t(z)).item(), rel=1e-15)
    if abs(z) < 700:
        assert s.y_hat == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-12)


def test_sigmoid_nan_is_reported() -> None:
    assert C.sigmoid(math.nan).status == "not finite"


@settings(max_examples=50, deadline=None)
@given(logit_lists)
def test_softmax_is_a_finite_distribution_matching_torch(logits: list[float]) -> None:
    s = C.softmax(logits)
    assert len(s.probabilities) == len(s.naive) == len(s.shifted) == len(logits)
    assert s.status == "ok"
    assert all(0.0 <= p <= 1.0 for p in s.probabilities)
    assert sum(s.probabilities) == pytest.approx(1.0, abs=1e-12)
    assert s.probabilities == pytest.approx(torch.softmax(t(logits), dim=0).tolist(), abs=1e-12)
    assert max(s.shifted) == 0.0


@settings(max_examples=50, deadline=None)
@given(st.lists(moderate, min_size=1, max_size=8))
def test_softmax_closed_form_and_naive_agree_for_small_logits(logits: list[float]) -> None:
    s = C.softmax(logits)
    denominator = sum(math.exp(z) for z in logits)
    assert s.probabilities == pytest.approx([math.exp(z) / denominator for z in logits], rel=1e-9, abs=1e-15)
    assert s.naive == pytest.approx(s.probabilities, rel=1e-9, abs=1e-15)
    assert s.naive_status == "ok" and s.overflowed == -1


def test_naive_softmax_overflows_for_large_logits_but_stable_form_does_not() -> None:
    s = C.softmax([3.0, 1000.0, 999.0, 0.0])
    assert any(math.isnan(v) for v in s.naive)
    assert s.naive_status == "overflow" and s.overflowed == 1  # e^1000 is the first to overflow
    e = math.exp(-1.0)
    assert s.probabilities == pytest.approx([0.0, 1 / (1 + e), e / (1 + e), 0.0], rel=1e-12, abs=1e-300)
    under = C.softmax([-1000.0, -1001.0])
    assert under.naive_status == "underflow" and all(math.isnan(v) for v in under.naive)
    assert under.probabilities == pytest.approx([1 / (1 + e), e / (1 + e)])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(any_finite, st.sampled_from([math.nan, math.inf, -math.inf])), min_size=1, max_size=6))
def test_softmax_with_non_finite_logits_says_which_limit(logits: list[float]) -> None:
    s = C.softmax(logits)
    if all(math.isfinite(z) for z in logits):
        assert s.status == "ok"
        return
    assert s.naive_status == "not compared"
    if any(math.isnan(z) for z in logits) or all(z == -math.inf for z in logits):
        assert s.status == "undefined" and all(math.isnan(p) for p in s.probabilities)
        return
    assert sum(s.probabilities) == pytest.approx(1.0)
    assert s.status == ("limit" if math.inf in logits else "zero")


def test_softmax_limits_for_infinite_logits() -> None:
    assert C.softmax([math.inf, 0.0, math.inf]).probabilities == (0.5, 0.0, 0.5)
    assert C.softmax([-math.inf, 0.0]).probabilities == (0.0, 1.0)
    with pytest.raises(ValueError):
        C.softmax([])


@settings(max_examples=50, deadline=None)
@given(moderate, moderate)
def test_two_class_softmax_is_sigmoid_of_difference(z1: float, z2: float) -> None:
    r = C.two_class(z1, z2)
    assert r.softmax_first == pytest.approx(r.sigmoid_of_difference, rel=1e-12, abs=1e-300)
    assert r.softmax_first == pytest.approx(torch.softmax(t([z1, z2]), 0)[0].item(), rel=1e-12, abs=1e-300)
    assert r.sigmoid_of_difference == pytest.approx(1 / (1 + math.exp(z2 - z1)), rel=1e-12)


@settings(max_examples=50, deadline=None)
@given(prob, st.one_of(st.sampled_from([0.0, 1.0]), prob))
def test_bce_matches_functional_and_slide_form_by_hand(y_hat: float, y: float) -> None:
    r = C.bce(y_hat, y)
    assert r.loss == pytest.approx(F.binary_cross_entropy(t(y_hat), t(y)).item(), rel=1e-12, abs=1e-12)
    assert math.isfinite(r.loss) and r.loss >= 0
    log_p = max(math.log(y_hat), -100) if y_hat > 0 else -100.0
    log_q = max(math.log(1 - y_hat), -100) if y_hat < 1 else -100.0
    assert r.slide_loss == pytest.approx(-y * log_p + (1 - y) * log_q, rel=1e-12, abs=1e-12)


def test_bce_slide_sign_slip_shows_numerically() -> None:
    right = C.bce(0.9, 0.0)
    assert right.loss == pytest.approx(-math.log(0.1))
    assert right.slide_loss == pytest.approx(math.log(0.1)) and right.slide_loss < 0  # "rewards" being wrong
    same = C.bce(0.9, 1.0)
    assert same.loss == same.slide_loss == pytest.approx(-math.log(0.9))


def test_bce_log_zero_is_clamped_and_said() -> None:
    r = C.bce(0.0, 1.0)
    assert r.loss == 100.0 == F.binary_cross_entropy(t(0.0), t(1.0)).item()
    assert r.status == "clamped"
    assert C.bce(1.0, 1.0).status == "ok" and C.bce(1.0, 1.0).loss == 0.0


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.sampled_from([math.nan, math.inf, -math.inf, -0.5, 1.5])), prob)
def test_bce_bad_inputs_give_status_not_crash(bad: float, good: float) -> None:
    for y_hat, y in ((bad, good), (good, bad)):
        r = C.bce(y_hat, y)
        assert math.isnan(r.loss) and math.isnan(r.slide_loss)
        assert r.status == ("outside" if math.isfinite(bad) else "not finite")


def test_bce_curves_are_minus_logs() -> None:
    c = C.bce_curves(0.01, 0.99, 99)
    assert len(c.y_hats) == len(c.if_one) == len(c.if_zero) == 99
    for p, one, zero in zip(c.y_hats, c.if_one, c.if_zero, strict=True):
        assert one == pytest.approx(-math.log(p)) and zero == pytest.approx(-math.log(1 - p))


def test_bce_curves_slide_term_is_log_one_minus_y_hat() -> None:
    c = C.bce_curves(0.01, 0.99, 99)
    assert len(c.slide_if_zero) == 99
    for p, slide in zip(c.y_hats, c.slide_if_zero, strict=True):
        assert slide == pytest.approx(math.log(1 - p)) and slide <= 0
        assert slide == pytest.approx(C.bce(p, 0.0).slide_loss, rel=1e-12)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(-10, 10), min_size=1, max_size=10), st.data())
def test_bce_with_logits_matches_functional(zs: list[float], data: st.DataObject) -> None:
    ys = data.draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=len(zs), max_size=len(zs)))
    expected = F.binary_cross_entropy(torch.sigmoid(t(zs)), t(ys)).item()
    assert C.bce_with_logits(t(zs), t(ys)).item() == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_bce_with_logits_stays_accurate_for_large_logits() -> None:
    # −log(1 − σ(z)) = z + log(1 + e^(−z)); the probability form loses these digits to cancellation
    for z in (20.0, 40.0, 700.0):
        assert C.bce_with_logits(t([z]), t([0.0])).item() == pytest.approx(z + math.log1p(math.exp(-z)), rel=1e-15)
        assert C.bce_with_logits(t([-z]), t([0.0])).item() == pytest.approx(math.log1p(math.exp(-z)), rel=1e-12)


@settings(max_examples=50, deadline=None)
@given(logit_lists, st.data())
def test_cross_entropy_matches_functional(logits: list[float], data: st.DataObject) -> None:
    k = data.draw(st.integers(0, len(logits) - 1))
    r = C.cross_entropy(logits, k)
    expected = F.cross_entropy(t([logits]), torch.tensor([k])).item()
    if math.isfinite(expected):
        assert r.loss == pytest.approx(expected, rel=1e-12, abs=1e-12)
        assert r.status == "ok"
    else:
        assert r.status == "not finite"
    assert r.one_hot == tuple(1.0 if i == k else 0.0 for i in range(len(logits)))
    assert all(v == 0.0 for i, v in enumerate(r.terms) if i != k)
    assert r.surviving_term == r.terms[k] == r.loss
    assert sum(r.probabilities) == pytest.approx(1.0, abs=1e-12)
    assert r.predicted == max(range(len(logits)), key=lambda i: (logits[i], -i))


def test_cross_entropy_huge_logits_stay_finite_and_bad_class_raises() -> None:
    r = C.cross_entropy([1000.0, -1000.0], 1)
    assert r.loss == 2000.0 and r.probabilities == (1.0, 0.0)
    assert r.surviving_term == 2000.0 and r.terms == (0.0, 2000.0)
    assert C.cross_entropy([math.nan, 0.0], 0).status == "not finite"
    with pytest.raises(ValueError):
        C.cross_entropy([1.0, 2.0], 2)


@settings(max_examples=50, deadline=None)
@given(st.lists(moderate, min_size=2, max_size=6), st.data())
def test_logit_gradients_match_autograd_through_functional(logits: list[float], data: st.DataObject) -> None:
    k = data.draw(st.integers(0, len(logits) - 1))
    r = C.logit_gradients(logits, k)
    z = t(logits).requires_grad_(True)
    ce = F.cross_entropy(z[None], torch.tensor([k]))
    one_hot = F.one_hot(torch.tensor(k), len(logits)).to(torch.float64)
    mse = F.mse_loss(torch.softmax(z, 0), one_hot)
    (ce_grad,) = torch.autograd.grad(ce, z)
    (mse_grad,) = torch.autograd.grad(mse, z)
    assert r.ce_loss == pytest.approx(ce.item(), rel=1e-12, abs=1e-12)
    assert r.mse_loss == pytest.approx(mse.item(), rel=1e-12, abs=1e-15)
    assert r.ce_grad == pytest.approx(ce_grad.tolist(), abs=1e-12)
    assert r.mse_grad == pytest.approx(mse_grad.tolist(), abs=1e-12)
    p = torch.softmax(t(logits), 0)
    assert r.ce_grad == pytest.approx((p - one_hot).tolist(), abs=1e-12)  # closed form ŷ − y


def test_confidently_wrong_ce_gradient_stays_large_mse_vanishes() -> None:
    r = C.logit_gradients([6.0, 0.0, -2.0], 2)  # sure of class 0, the answer is class 2
    assert r.ce_grad_norm > 1.0 and r.mse_grad_norm < 0.01
    assert r.norm_ratio == pytest.approx(r.ce_grad_norm / r.mse_grad_norm) and r.norm_ratio > 100
    assert r.verdict == "confidently wrong"
    assert C.logit_gradients([6.0, 0.0, -2.0], 0).verdict == "ok"  # confidently right
    assert C.logit_gradients([math.nan, 0.0], 0).verdict == "undefined"
