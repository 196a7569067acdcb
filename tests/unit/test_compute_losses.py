"""Regression losses against closed forms, torch.nn.functional and NumPy medians/means."""

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
    assert result.status == "ok"
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
    assert (v.value, v.grad, v.formula) == (4.0, 4.0, "L = (ŷ − y)²")
    assert losses.loss("l1", 1.0, 1.0).grad == 0.0  # subgradient 0 at the kink
    with pytest.raises(ValueError, match="unknown loss"):
        losses.loss("l3", 0.0, 0.0)


@settings(max_examples=50, deadline=None)
@given(st.sampled_from([math.nan, math.inf, -math.inf]), finite)
def test_non_finite_inputs_are_reported_in_words(bad: float, y: float) -> None:
    for y_hat, target in ((bad, y), (y, bad)):
        status = losses.all_losses(y_hat, target).status
        assert status != "ok"
        assert ("NaN" in status) or ("infinity" in status)


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
    assert result.status == "ok" and len(result.per_sample) == len(result.grads) == len(pairs)
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


def test_mean_loss_checks_lengths_and_reports_nan() -> None:
    with pytest.raises(ValueError):
        losses.mean_loss("l1", [1.0], [1.0, 2.0])
    assert "ŷ2 is NaN" in losses.mean_loss("l2", [1.0, math.nan], [0.0, 0.0]).status


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
    assert result.status == "ok"


def test_constant_loss_reports_nan() -> None:
    assert "NaN" in losses.constant_loss([1.0, math.nan], 0.0).status
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
    assert "settled" in fit.status
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
    assert "3.5" in fit.status


def test_fit_constant_l1_even_count_stops_anywhere_between_the_middle_values() -> None:
    fit = losses.fit_constant(DATA, "l1", lr=0.1, steps=400)
    assert (fit.minimiser_lo, fit.minimiser_hi) == (3.5, 4.0)
    assert fit.median == float(np.median(DATA)) == 3.75
    assert 3.5 <= fit.run.final <= 4.0
    assert "between the two middle values" in fit.status
    c = losses.constant_loss(DATA, fit.run.final)
    assert c.mae == pytest.approx(losses.constant_loss(DATA, 3.75).mae)  # flat bottom
    assert c.mae_grad == 0.0


def test_fit_constant_diverges_in_words_and_rejects_other_losses() -> None:
    fit = losses.fit_constant([1.0, 2.0, 3.0], "l2", lr=1.5, steps=200)
    assert fit.status.startswith("diverged") and fit.run.steps_run < 200
    with pytest.raises(ValueError):
        losses.fit_constant([1.0], "difference")
    nan_fit = losses.fit_constant([1.0, 2.0], "l2", lr=math.nan)
    assert "diverged" in nan_fit.status and "NaN" in nan_fit.status


def test_why_not_difference_runs_away_while_l1_and_l2_stop_at_y() -> None:
    diff, l1, l2 = losses.why_not_difference(5.0, 1.0, lr=0.1, steps=60)
    assert [r.loss for r in (diff, l1, l2)] == ["difference", "l1", "l2"]
    assert diff.trajectory == pytest.approx([5.0 - 0.1 * k for k in range(61)])
    assert diff.losses == pytest.approx([4.0 - 0.1 * k for k in range(61)])
    assert all(b < a for a, b in zip(diff.losses, diff.losses[1:], strict=False))
    assert "−∞" in diff.status and "runs away" in diff.status
    assert abs(l1.final - 1.0) <= 0.1 + 1e-12
    assert l2.final == pytest.approx(1.0, abs=1e-4)
    assert l2.trajectory[:3] == pytest.approx([5.0, 5.0 - 0.1 * 8, 4.2 - 0.1 * 2 * 3.2])


def test_why_not_difference_cap_stops_the_run() -> None:
    diff, *_ = losses.why_not_difference(0.0, 0.0, lr=1e5, steps=1000, cap=1e6)
    assert diff.steps_run < 1000 and abs(diff.trajectory[-1]) > 1e6
    assert diff.status.startswith("diverged") and "−∞" in diff.status


def test_callbacks_progress_and_stop() -> None:
    seen: list[tuple[int, int, float]] = []
    losses.fit_constant(DATA, "l2", lr=0.1, steps=25, on_progress=lambda *a: seen.append(a))
    assert [s[0] for s in seen] == list(range(1, 26)) and all(s[1] == 25 for s in seen)
    calls = iter(range(100))
    fit = losses.fit_constant(DATA, "l2", lr=0.1, steps=50, should_stop=lambda: next(calls) >= 10)
    assert fit.run.stopped and fit.run.steps_run == 10
    assert "stopped" in fit.status and fit.status == fit.run.status
    seen.clear()
    losses.why_not_difference(1.0, 0.0, steps=4, on_progress=lambda *a: seen.append(a))
    assert [s[:2] for s in seen] == [(i, 12) for i in range(1, 13)]


def test_glossary_names_fields_and_signs() -> None:
    entries = {e.name: e for e in losses.GLOSSARY}
    assert set(entries) == {"cost", "error", "objective", "reward", "fitness", "utility", "profit"}
    assert {n for n, e in entries.items() if e.sign == +1} == {"cost", "error"}
    assert "reinforcement" in entries["reward"].field
    assert "genetic" in entries["fitness"].field
    assert entries["utility"].field == entries["profit"].field == "economics"


def run_source(source: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, check=True, timeout=120)
    return {k: float(v) for k, v in (line.split(" = ") for line in out.stdout.splitlines())}


def test_pytorch_source_prints_the_same_numbers() -> None:
    source = losses.pytorch_source(2.5, -0.75)
    assert "import torch" in source and "tui_tutor" not in source
    printed = run_source(source)
    result = losses.all_losses(2.5, -0.75)
    assert len(printed) == 8
    for v in result.losses:
        assert printed[v.name] == pytest.approx(v.value, rel=1e-12)
        assert printed[f"{v.name}_grad"] == pytest.approx(v.grad, rel=1e-12)


@settings(deadline=None, max_examples=30)
@given(finite, finite, st.floats(min_value=0.001, max_value=0.5))
def test_why_not_difference_shapes(y0: float, y: float, lr: float) -> None:
    for run in losses.why_not_difference(y0, y, lr=lr, steps=20):
        assert len(run.trajectory) == len(run.losses) == run.steps_run + 1
        assert run.status


def test_name_matching_follows_the_slide() -> None:
    slide = {"cost": 0, "error": 0, "objective": 1, "reward": 2, "fitness": 3, "utility": 4, "profit": 4}
    for entry in losses.GLOSSARY:
        expected = losses.NAME_FIELDS[slide[entry.name]]
        assert (entry.sign == +1) == expected.endswith("minimised")
        right = losses.check_name(entry.name, expected)
        assert right.correct and right.reason.startswith(f"{entry.name}: {expected}")
        for other in losses.NAME_FIELDS:
            if other != expected:
                wrong = losses.check_name(entry.name, other)
                assert not wrong.correct and wrong.expected == expected
    assert "reinforcement" in losses.check_name("reward", losses.NAME_FIELDS[0]).expected
    assert "genetic" in losses.check_name("fitness", losses.NAME_FIELDS[0]).expected
    with pytest.raises(ValueError):
        losses.check_name("price", losses.NAME_FIELDS[0])
    with pytest.raises(ValueError):
        losses.check_name("cost", "physics")



def run_sources(*sources: str) -> list[dict[str, float]]:
    """Run several standalone scripts in one subprocess (one torch import); a dict per script."""
    script = "\nprint('---')\n".join(f"exec({s!r})" for s in sources)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    return [dict((k, float(v)) for k, v in (line.split(" = ") for line in part.strip().splitlines())) for part in out.stdout.split("---")]


def test_descent_and_fit_sources_print_the_same_numbers() -> None:
    descents = [(3.0, 1.0, 0.25, 60, 10.0), (3.0, 1.0, 1.1, 40, 10.0), (1.0, 1.0, 0.25, 7, 10.0)]
    fits = [([2.0, 3.0, 3.5, 4.0, 5.0, 35.0], 0.0), ([1.0, 2.0, 6.0, 7.0], 10.0)]
    sources = [losses.why_not_difference_source(*a) for a in descents] + [losses.constant_fit_source(d, c, 0.1, 300) for d, c in fits]
    assert all("import torch" in s and "tui_tutor" not in s and "torch.optim.SGD" in s for s in sources)
    printed = run_sources(*sources)
    for args, out in zip(descents, printed, strict=False):
        for run in losses.why_not_difference(*args):
            assert out[f"{run.loss}_steps"] == run.steps_run
            assert out[f"{run.loss}_y_hat"] == pytest.approx(run.final, rel=1e-12, abs=1e-12)
            assert out[f"{run.loss}_loss"] == pytest.approx(run.losses[-1], rel=1e-12, abs=1e-12)
    for (data, c), out in zip(fits, printed[len(descents):], strict=True):
        at_c = losses.constant_loss(data, c)
        l1, l2 = (losses.fit_constant(data, name, lr=0.1, steps=300, c0=c) for name in ("l1", "l2"))
        expected = {
            "mae": at_c.mae, "mae_grad": at_c.mae_grad, "mse": at_c.mse, "mse_grad": at_c.mse_grad,
            "mean": float(np.mean(data)), "median": float(np.median(data)), "l1_fit": l1.run.final, "l2_fit": l2.run.final,
        }  # fmt: skip
        assert out == pytest.approx(expected, rel=1e-12, abs=1e-12)


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
