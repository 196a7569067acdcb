"""A spam filter: logistic regression on a bag of words, trained with binary cross-entropy.

ŷ = σ(w · x + b), where xⱼ counts how often vocabulary word j occurs in the e-mail. Training
is full-batch gradient descent on BCE over the e-mails it is given as (text, is_spam) pairs
(the lesson file's `[[data.emails]]`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import torch

from tui_tutor.compute.classification import bce_with_logits
from tui_tutor.compute.core import DTYPE, ProgressFn, StopFn, floats, generator, run_steps, tensor

WORD = re.compile(r"[a-z]+")
Emails = Sequence[tuple[str, bool]]
"""Labelled e-mails: (text, is_spam)."""


@dataclass(frozen=True, slots=True)
class SpamModel:
    """A trained spam filter."""

    vocabulary: tuple[str, ...]
    weights: tuple[float, ...]
    """One weight per vocabulary word: > 0 pushes towards spam."""
    bias: float
    weight_norm: float
    """‖w‖ after training: on separable e-mails it keeps growing with every epoch."""
    losses: tuple[float, ...]
    """Mean BCE over the e-mails before each epoch's update."""
    final_loss: float
    """Mean BCE after the last update."""
    accuracy: float
    """Fraction of the training e-mails classified correctly (threshold 0.5)."""
    epochs_run: int
    stopped: bool
    status: str
    """"ok", "stopped" or "diverged" (see `core.Steps`)."""


@dataclass(frozen=True, slots=True)
class WordContribution:
    """How much one word of an e-mail moves the logit z: weight × count."""

    word: str
    count: int
    weight: float
    contribution: float


@dataclass(frozen=True, slots=True)
class SpamPrediction:
    """The filter's verdict on one text."""

    probability: float
    """ŷ = P(spam)."""
    is_spam: bool
    """ŷ ≥ 0.5."""
    logit: float
    """z = b + Σ contributions."""
    bias: float
    contributions: tuple[WordContribution, ...]
    """Known words, the most influential (largest |contribution|) first."""
    ignored: tuple[str, ...]
    """Words not in the vocabulary, in order of first appearance: they do not count."""
    status: str
    """"ok", or "bias only" (no known word: the verdict is σ(b))."""


def tokenize(text: str) -> tuple[str, ...]:
    """The lowercase words (runs of letters a-z) of `text`."""
    return tuple(WORD.findall(text.lower()))


def vocabulary(emails: Emails, size: int = 100) -> tuple[str, ...]:
    """The `size` words that best separate spam from not spam in `emails`.

    A word's score is |P(word in e-mail | spam) − P(word in e-mail | not spam)| (with add-one
    smoothing); only words in at least two e-mails count; ties go alphabetically.
    """
    docs = [(set(tokenize(text)), bool(is_spam)) for text, is_spam in emails]
    n_spam = sum(is_spam for _, is_spam in docs)
    n_ham = len(docs) - n_spam
    spam, ham = Counter(), Counter()
    for words, is_spam in docs:
        (spam if is_spam else ham).update(words)

    def score(word: str) -> float:
        return abs((spam[word] + 1) / (n_spam + 2) - (ham[word] + 1) / (n_ham + 2))

    candidates = [w for w in spam.keys() | ham.keys() if spam[w] + ham[w] >= 2]
    return tuple(sorted(candidates, key=lambda w: (-score(w), w))[:size])


def _features(texts: Iterable[str], vocab: Sequence[str]) -> torch.Tensor:
    """The bag-of-words count matrix: row i, column j = count of vocab[j] in texts[i]."""
    index = {word: j for j, word in enumerate(vocab)}
    texts = list(texts)
    x = torch.zeros(len(texts), len(vocab), dtype=DTYPE)
    for i, text in enumerate(texts):
        for word in tokenize(text):
            if word in index:
                x[i, index[word]] += 1
    return x


def initial_parameters(seed: int, n_words: int) -> tuple[tuple[float, ...], float]:
    """The seeded starting weights (small, normal with σ = 0.01) and bias 0."""
    return floats(0.01 * torch.randn(n_words, dtype=DTYPE, generator=generator(seed))), 0.0


def train(
    emails: Emails,
    seed: int = 0,
    lr: float = 0.5,
    epochs: int = 300,
    vocab_size: int = 100,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> SpamModel:
    """Train the filter on `emails`: full-batch gradient descent on mean BCE.

    Raises:
        ValueError: when `emails` is empty.
    """
    if not emails:
        raise ValueError("the spam filter needs at least one e-mail to train on")
    vocab = vocabulary(emails, vocab_size)
    x = _features((text for text, _ in emails), vocab)
    y = tensor([float(is_spam) for _, is_spam in emails])
    w0, b0 = initial_parameters(seed, len(vocab))
    w, b = tensor(w0, grad=True), tensor(b0, grad=True)

    def epoch() -> float:
        loss = bce_with_logits(x @ w + b, y)
        grad_w, grad_b = torch.autograd.grad(loss, (w, b))
        with torch.no_grad():
            w.sub_(lr * grad_w)
            b.sub_(lr * grad_b)
        return loss.item()

    done = run_steps(epoch, epochs, on_progress, should_stop)
    with torch.no_grad():
        z = x @ w + b
        final = bce_with_logits(z, y).item()
        accuracy = ((z >= 0) == (y > 0.5)).to(DTYPE).mean().item()
    return SpamModel(
        vocab, floats(w), b.item(), float(w.detach().norm()), done.losses, final, accuracy, len(done.losses),
        done.stopped, done.status,
    )


def predict(model: SpamModel, text: str) -> SpamPrediction:
    """P(spam) for any text, with each known word's contribution and the ignored words."""
    counts = Counter(tokenize(text))
    weight = dict(zip(model.vocabulary, model.weights, strict=True))
    known = [WordContribution(word, n, weight[word], weight[word] * n) for word, n in counts.items() if word in weight]
    known.sort(key=lambda c: (-abs(c.contribution), c.word))
    ignored = tuple(word for word in counts if word not in weight)
    z = model.bias + sum(c.contribution for c in known)
    probability = torch.sigmoid(tensor(z)).item()
    status = "ok" if known else "bias only"
    return SpamPrediction(probability, probability >= 0.5, z, model.bias, tuple(known), ignored, status)
