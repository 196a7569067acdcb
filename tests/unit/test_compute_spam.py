"""The spam filter against an independent training loop with F.binary_cross_entropy, on the
e-mails of the lesson file (`[[data.emails]]` in lessons/08-binary-cross-entropy.md)."""

from __future__ import annotations

import math
import re
import time
from collections import Counter

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import spam
from tui_tutor.content import load_course

EMAILS = tuple((row["text"], row["spam"]) for row in load_course().lesson("binary-cross-entropy").data["emails"])


@pytest.fixture(scope="module")
def model() -> spam.SpamModel:
    return spam.train(EMAILS, seed=0)


def test_data_set_is_balanced_and_holds_the_slides_examples() -> None:
    assert len(EMAILS) >= 44
    n_spam = sum(is_spam for _, is_spam in EMAILS)
    assert abs(n_spam - len(EMAILS) / 2) <= 3
    assert len({text for text, _ in EMAILS}) == len(EMAILS)
    powerball = [s for text, s in EMAILS if "POWERBALL" in text]
    panel = [s for text, s in EMAILS if "internship panel for our PAT seminar" in text]
    assert powerball == [True] and panel == [False]


def test_tokenize_lowercase_words() -> None:
    assert spam.tokenize("CONGRATULATIONS!! Win 1.5million $$ now") == ("congratulations", "win", "million", "now")
    assert spam.tokenize("") == ()


def test_vocabulary_is_small_deterministic_and_from_the_data() -> None:
    vocab = spam.vocabulary(EMAILS)
    assert 60 <= len(vocab) <= 120 and len(set(vocab)) == len(vocab)
    assert vocab == spam.vocabulary(EMAILS)
    doc_freq = Counter(w for text, _ in EMAILS for w in set(re.findall("[a-z]+", text.lower())))
    assert all(doc_freq[w] >= 2 for w in vocab)
    assert len(spam.vocabulary(EMAILS, 10)) == 10 and spam.vocabulary(EMAILS, 10) == vocab[:10]


def counts(vocab: tuple[str, ...]) -> torch.Tensor:
    """The bag-of-words matrix of the built-in e-mails, counted with Counter."""
    return torch.tensor(
        [[Counter(re.findall("[a-z]+", text.lower()))[w] for w in vocab] for text, _ in EMAILS], dtype=torch.float64
    )


def independent_history(seed: int, lr: float, epochs: int) -> tuple[list[float], torch.Tensor, torch.Tensor]:
    """Full-batch gradient descent on F.binary_cross_entropy."""
    vocab = spam.vocabulary(EMAILS)
    x = counts(vocab)
    y = torch.tensor([float(s) for _, s in EMAILS], dtype=torch.float64)
    w0, b0 = spam.initial_parameters(seed, len(vocab))
    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
    history = []
    for _ in range(epochs):
        loss = F.binary_cross_entropy(torch.sigmoid(x @ w + b), y)
        history.append(loss.item())
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad = b.grad = None
    return history, w.detach(), b.detach()


def test_training_matches_an_independent_bce_loop() -> None:
    m = spam.train(EMAILS, seed=3, lr=0.5, epochs=40)
    history, w, b = independent_history(3, 0.5, 40)
    assert m.losses == pytest.approx(history, rel=1e-9)
    assert m.weights == pytest.approx(w.tolist(), rel=1e-9, abs=1e-12)
    assert m.bias == pytest.approx(b.item(), rel=1e-9, abs=1e-12)
    assert m.weight_norm == pytest.approx(torch.linalg.vector_norm(w).item(), rel=1e-9)
    assert m.epochs_run == 40 and m.status == "ok" and not m.stopped


def test_trained_model_is_accurate_and_loss_falls(model: spam.SpamModel) -> None:
    assert model.accuracy >= 0.95
    assert model.losses[0] == pytest.approx(math.log(2), abs=0.05)  # tiny initial weights: ŷ ≈ 0.5
    assert model.final_loss < 0.1 < model.losses[0]
    assert all(b <= a + 1e-12 for a, b in zip(model.losses, model.losses[1:], strict=False))
    x = counts(model.vocabulary)
    z = x @ torch.tensor(model.weights, dtype=torch.float64) + model.bias
    y = torch.tensor([float(s) for _, s in EMAILS], dtype=torch.float64)
    assert model.final_loss == pytest.approx(F.binary_cross_entropy(torch.sigmoid(z), y).item(), rel=1e-9)
    assert model.accuracy == ((z >= 0) == (y > 0.5)).double().mean().item()


def test_training_is_fast_and_seeded() -> None:
    spam.train(EMAILS, seed=1, epochs=5)  # warm-up
    start = time.perf_counter()
    m = spam.train(EMAILS, seed=1)
    assert time.perf_counter() - start < 0.5
    assert m == spam.train(EMAILS, seed=1)
    assert m.losses[0] != spam.train(EMAILS, seed=2, epochs=1).losses[0]
    with pytest.raises(ValueError):
        spam.train(())


def test_separable_emails_weights_grow_while_the_loss_falls() -> None:
    """Every e-mail right: more epochs always lower the loss and lengthen w (no finite minimum)."""
    runs = [spam.train(EMAILS, lr=10.0, epochs=n) for n in (250, 500, 1000)]
    assert all(m.accuracy == 1.0 for m in runs)
    assert runs[0].final_loss > runs[1].final_loss > runs[2].final_loss
    assert runs[0].weight_norm < runs[1].weight_norm < runs[2].weight_norm


def test_predict_matches_sigmoid_of_weighted_counts(model: spam.SpamModel) -> None:
    text = "FREE prize!! Claim your free cash now, dear friend. Xyzzy plugh."
    p = spam.predict(model, text)
    weight = dict(zip(model.vocabulary, model.weights, strict=True))
    counts = Counter(re.findall("[a-z]+", text.lower()))
    z = model.bias + sum(weight[w] * n for w, n in counts.items() if w in weight)
    assert p.logit == pytest.approx(z) and p.bias == model.bias
    assert p.probability == pytest.approx(1 / (1 + math.exp(-z)))
    assert p.is_spam == (p.probability >= 0.5)
    assert {c.word: c.count for c in p.contributions} == {w: n for w, n in counts.items() if w in weight}
    assert all(c.contribution == pytest.approx(c.weight * c.count) for c in p.contributions)
    sizes = [abs(c.contribution) for c in p.contributions]
    assert sizes == sorted(sizes, reverse=True)
    assert "xyzzy" in p.ignored and "plugh" in p.ignored
    assert not set(p.ignored) & set(weight)


def test_predict_on_the_slides_and_on_new_text(model: spam.SpamModel) -> None:
    for text, is_spam in EMAILS[:2]:
        assert spam.predict(model, text).is_spam == is_spam
    assert spam.predict(model, "Congratulations, claim your free cash prize now!").is_spam
    assert not spam.predict(model, "Can we meet after the lecture to discuss the project?").is_spam


def test_predict_without_known_words_says_so(model: spam.SpamModel) -> None:
    p = spam.predict(model, "qwerty zxcv")
    assert p.contributions == () and p.ignored == ("qwerty", "zxcv")
    assert p.probability == pytest.approx(torch.sigmoid(torch.tensor(model.bias)).item())
    assert p.status == "bias only"


@settings(deadline=None, max_examples=50)
@given(st.text(max_size=200))
def test_predict_any_text_gives_a_probability(model: spam.SpamModel, text: str) -> None:
    p = spam.predict(model, text)
    assert 0.0 <= p.probability <= 1.0 and p.status == ("ok" if p.contributions else "bias only")


def test_callbacks_and_divergence() -> None:
    seen: list[tuple[int, int, float]] = []
    spam.train(EMAILS, epochs=12, on_progress=lambda *a: seen.append(a))
    assert [s[:2] for s in seen] == [(i, 12) for i in range(1, 13)]
    assert seen[0][2] == pytest.approx(math.log(2), abs=0.05)
    stopped = spam.train(EMAILS, epochs=100, should_stop=lambda: len(seen) >= 17, on_progress=lambda *a: seen.append(a))
    assert stopped.stopped and stopped.epochs_run == 5
    broken = spam.train(EMAILS, lr=math.nan, epochs=10)
    assert not broken.stopped and broken.epochs_run < 10 and math.isnan(broken.losses[-1])
