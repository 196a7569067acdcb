"""The digit recogniser against F.cross_entropy, F.mse_loss, torch.softmax and a separate loop."""

from __future__ import annotations

import math
import time

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import digits as D


def as_tensors(w: D.Weights) -> list[torch.Tensor]:
    return [torch.tensor(p, dtype=torch.float64) for p in (w.w1, w.b1, w.w2, w.b2)]


def forward(params: list[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    w1, b1, w2, b2 = params
    return F.linear(torch.tanh(F.linear(x, w1, b1)), w2, b2)


def oracle_loss(name: str, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    if name == "ce":
        return F.cross_entropy(logits, labels)
    return F.mse_loss(torch.softmax(logits, dim=1), F.one_hot(labels, 10).to(torch.float64))


def dataset_tensors(seed: int, per_digit: int = 30) -> tuple[torch.Tensor, torch.Tensor]:
    data = D.make_dataset(seed, per_digit)
    return torch.tensor(data.images, dtype=torch.float64), torch.tensor(data.labels)


@pytest.fixture(scope="module")
def comparison() -> D.CeVsMse:
    return D.train_ce_vs_mse(seed=0)


def test_glyphs_are_ten_distinct_5x7_bitmaps() -> None:
    assert len(D.GLYPHS) == 10
    for rows in D.GLYPHS:
        assert len(rows) == 7 and all(len(r) == 5 and set(r) <= {"#", "."} for r in rows)
    assert len(set(D.GLYPHS)) == 10
    assert D.glyph(1)[0] == (0, 0, 1, 0, 0)


def test_dataset_is_seeded_balanced_and_noisy() -> None:
    data = D.make_dataset(0, per_digit=20)
    assert len(data.images) == len(data.labels) == 200
    assert all(len(img) == 35 and set(img) <= {0.0, 1.0} for img in data.images)
    assert sorted(set(data.labels)) == list(range(10)) and data.labels.count(3) == 20
    assert data == D.make_dataset(0, per_digit=20) and data != D.make_dataset(1, per_digit=20)
    clean = [tuple(float(v) for row in D.glyph(d) for v in row) for d in data.labels]
    differing = sum(img != c for img, c in zip(data.images, clean, strict=True))
    assert 0.3 * len(clean) < differing < len(clean)
    noiseless = D.make_dataset(0, per_digit=2, flip=0.0, shift=0.0)
    assert noiseless.images == tuple(tuple(float(v) for row in D.glyph(d) for v in row) for d in noiseless.labels)


def test_shift_moves_ink_by_one_pixel_without_wrapping() -> None:
    data = D.make_dataset(5, per_digit=10, flip=0.0, shift=1.0)
    for img, label in zip(data.images, data.labels, strict=True):
        clean = torch.tensor(D.glyph(label), dtype=torch.float64)
        grid = torch.tensor(img).reshape(7, 5)
        candidates = []
        for dim, step in ((0, 1), (0, -1), (1, 1), (1, -1)):
            moved = torch.roll(clean, step, dims=dim)
            moved.select(dim, 0 if step == 1 else -1).zero_()
            candidates.append(moved)
        assert any(torch.equal(grid, c) for c in candidates)


@pytest.mark.parametrize("loss", ["ce", "mse"])
def test_training_matches_a_separate_loop_with_functional_losses(loss: str) -> None:
    model = D.train(seed=4, loss=loss, lr=0.5, epochs=15, hidden=8, per_digit=10)
    x, labels = dataset_tensors(4, per_digit=10)
    params = [p.requires_grad_(True) for p in as_tensors(D.initial_weights(4, hidden=8))]
    history, accuracy = [], []
    for _ in range(15):
        logits = forward(params, x)
        value = oracle_loss(loss, logits, labels)
        history.append(value.item())
        accuracy.append((logits.argmax(1) == labels).double().mean().item())
        grads = torch.autograd.grad(value, params)
        with torch.no_grad():
            for p, g in zip(params, grads, strict=True):
                p -= 0.5 * g
    assert model.losses == pytest.approx(history, rel=1e-9, abs=1e-12)
    assert model.accuracies == pytest.approx(accuracy)
    final = as_tensors(model.weights)
    for mine, theirs in zip(final, params, strict=True):
        assert torch.allclose(mine, theirs.detach(), rtol=1e-9, atol=1e-12)
    assert model.final_loss == pytest.approx(oracle_loss(loss, forward(final, x), labels).item(), rel=1e-9)
    assert model.epochs_run == 15 and model.status == "ok" and model.loss == loss


def test_ce_vs_mse_same_start_different_dynamics(comparison: D.CeVsMse) -> None:
    ce, mse = comparison.ce, comparison.mse
    x, labels = dataset_tensors(0)
    start = forward(as_tensors(D.initial_weights(0)), x)
    assert ce.losses[0] == pytest.approx(F.cross_entropy(start, labels).item(), rel=1e-12)
    assert mse.losses[0] == pytest.approx(oracle_loss("mse", start, labels).item(), rel=1e-12)
    assert ce.accuracies[0] == mse.accuracies[0]
    assert len(ce.losses) == len(mse.losses) == len(ce.accuracies) == len(mse.accuracies) == 200
    assert ce.final_accuracy >= 0.95 and ce.test_accuracy >= 0.75
    assert ce.final_accuracy > mse.final_accuracy + 0.2  # MSE on softmax learns far slower at the same η
    assert ce.final_loss < ce.losses[0] and mse.final_loss < mse.losses[0]


def test_training_times_and_seeding() -> None:
    D.train(epochs=2)  # warm-up
    start = time.process_time()
    model = D.train(seed=0)
    assert time.process_time() - start < 1.0
    start = time.process_time()
    D.train_ce_vs_mse(seed=0)
    assert time.process_time() - start < 2.0
    assert model == D.train(seed=0)


def test_predict_clean_digit(comparison: D.CeVsMse) -> None:
    model = comparison.ce
    for digit in range(10):
        p = D.predict(model, digit)
        assert p.pixels == D.glyph(digit) and p.digit == digit
        logits = forward(as_tensors(model.weights), torch.tensor([sum(p.pixels, ())], dtype=torch.float64))
        assert p.logits == pytest.approx(logits[0].tolist(), rel=1e-12)
        assert p.probabilities == pytest.approx(torch.softmax(logits[0], 0).tolist(), rel=1e-9, abs=1e-15)
        assert p.one_hot == tuple(float(i == digit) for i in range(10))
        expected = F.cross_entropy(logits, torch.tensor([digit])).item()
        assert p.loss == pytest.approx(expected, rel=1e-9) and p.surviving_term == p.loss
        assert p.surviving_term == pytest.approx(-math.log(p.probabilities[digit]), rel=1e-9)
        assert p.predicted == max(range(10), key=lambda i: p.probabilities[i])
        assert p.status == "ok"
    assert sum(D.predict(model, d).predicted == d for d in range(10)) >= 9
    with pytest.raises(ValueError):
        D.predict(model, 10)


def test_predict_noisy_digit_is_seeded(comparison: D.CeVsMse) -> None:
    a = D.predict(comparison.ce, 8, noise=0.2, seed=1)
    assert a == D.predict(comparison.ce, 8, noise=0.2, seed=1)
    assert a.pixels != D.glyph(8)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 1), min_size=35, max_size=35), st.integers(0, 9))
def test_predict_pixels_gives_a_distribution(comparison: D.CeVsMse, bits: list[int], digit: int) -> None:
    image = [bits[r * 5 : r * 5 + 5] for r in range(7)]
    p = D.predict_pixels(comparison.mse, image, digit)
    assert len(p.probabilities) == 10 and all(0.0 <= q <= 1.0 for q in p.probabilities)
    assert sum(p.probabilities) == pytest.approx(1.0, abs=1e-12)
    assert math.isfinite(p.loss) and p.loss >= 0


def test_bad_inputs() -> None:
    with pytest.raises(ValueError):
        D.train(loss="l1", epochs=1)
    with pytest.raises(ValueError):
        D.predict_pixels(D.train(epochs=1), [[0] * 5] * 6, 0)
    broken = D.train(lr=math.inf, epochs=5)
    assert broken.status.startswith("diverged")
    seen: list[tuple[int, int, float]] = []
    D.train_ce_vs_mse(epochs=3, on_progress=lambda *a: seen.append(a))
    assert [s[:2] for s in seen] == [(i, 6) for i in range(1, 7)]
    stopped = D.train(epochs=50, should_stop=lambda: True)
    assert stopped.stopped and stopped.epochs_run == 0 and stopped.losses == ()
