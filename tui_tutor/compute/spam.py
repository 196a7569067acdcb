"""A spam filter: logistic regression on a bag of words, trained with binary cross-entropy.

ŷ = σ(w · x + b), where xⱼ counts how often vocabulary word j occurs in the e-mail. Training
is full-batch gradient descent on BCE over the built-in e-mails (`spam_emails.EMAILS`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import torch

from tui_tutor.compute.classification import bce_with_logits
from tui_tutor.compute.core import DTYPE, ProgressFn, StopFn, floats, generator, literal, run_steps, tensor
from tui_tutor.compute.spam_emails import EMAILS

WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class SpamModel:
    """A trained spam filter."""

    vocabulary: tuple[str, ...]
    weights: tuple[float, ...]
    """One weight per vocabulary word: > 0 pushes towards spam."""
    bias: float
    losses: tuple[float, ...]
    """Mean BCE over the e-mails before each epoch's update."""
    final_loss: float
    """Mean BCE after the last update."""
    accuracy: float
    """Fraction of the built-in e-mails classified correctly (threshold 0.5)."""
    epochs_run: int
    stopped: bool
    status: str


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


def tokenize(text: str) -> tuple[str, ...]:
    """The lowercase words (runs of letters a-z) of `text`."""
    return tuple(WORD.findall(text.lower()))


def vocabulary(size: int = 100) -> tuple[str, ...]:
    """The `size` words that best separate spam from not spam in the built-in e-mails.

    A word's score is |P(word in e-mail | spam) − P(word in e-mail | not spam)| (with add-one
    smoothing); only words in at least two e-mails count; ties go alphabetically.
    """
    docs = [(set(tokenize(text)), is_spam) for text, is_spam in EMAILS]
    n_spam = sum(is_spam for _, is_spam in docs)
    n_ham = len(docs) - n_spam
    spam, ham = Counter(), Counter()
    for words, is_spam in docs:
        (spam if is_spam else ham).update(words)

    def score(word: str) -> float:
        return abs((spam[word] + 1) / (n_spam + 2) - (ham[word] + 1) / (n_ham + 2))

    candidates = [w for w in spam.keys() | ham.keys() if spam[w] + ham[w] >= 2]
    return tuple(sorted(candidates, key=lambda w: (-score(w), w))[:size])


def _features(texts: Sequence[str], vocab: Sequence[str]) -> torch.Tensor:
    """The bag-of-words count matrix: row i, column j = count of vocab[j] in texts[i]."""
    index = {word: j for j, word in enumerate(vocab)}
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
    seed: int = 0,
    lr: float = 0.5,
    epochs: int = 300,
    vocab_size: int = 100,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> SpamModel:
    """Train the filter on the built-in e-mails: full-batch gradient descent on mean BCE."""
    vocab = vocabulary(vocab_size)
    x = _features([text for text, _ in EMAILS], vocab)
    y = tensor([float(is_spam) for _, is_spam in EMAILS])
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
        vocab, floats(w), b.item(), done.losses, final, accuracy, len(done.losses), done.stopped, done.status
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
    status = "ok" if known else f"no known words: the verdict is σ(b) = {probability:.3g} from the bias alone"
    return SpamPrediction(probability, probability >= 0.5, z, model.bias, tuple(known), ignored, status)


def pytorch_source(text: str, seed: int = 0, lr: float = 0.5, epochs: int = 300, vocab_size: int = 100) -> str:
    """Standalone PyTorch code that trains the filter as `train` does and judges `text`.

    The code comes first; the e-mails and the vocabulary are written at its end. Prints
    `final_loss`, `accuracy` and `p_spam` (the filter's P(spam) for `text`).
    """
    emails = "\n".join(f"    ({message!r}, {int(is_spam)})," for message, is_spam in EMAILS)
    vocab = "\n".join(f"    {line}" for line in _wrap_words(vocabulary(vocab_size)))
    return f"""import re

import torch
import torch.nn.functional as F


def bag_of_words(text, vocabulary):
    \"\"\"x: how often each vocabulary word occurs in `text` (other words are ignored).\"\"\"
    words = re.findall("[a-z]+", text.lower())
    return torch.tensor([float(words.count(word)) for word in vocabulary], dtype=torch.float64)


def main(emails, vocabulary, text):
    x = torch.stack([bag_of_words(message, vocabulary) for message, _ in emails])
    y = torch.tensor([float(is_spam) for _, is_spam in emails], dtype=torch.float64)
    generator = torch.Generator().manual_seed({int(seed)})
    w = (0.01 * torch.randn(len(vocabulary), dtype=torch.float64, generator=generator)).requires_grad_()
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([w, b], lr={literal(lr)})  # η
    for epoch in range({int(epochs)}):
        optimizer.zero_grad()
        loss = F.binary_cross_entropy_with_logits(x @ w + b, y)  # mean BCE of ŷ = σ(w·x + b)
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        z = x @ w + b
        print(f"final_loss = {{F.binary_cross_entropy_with_logits(z, y).item()!r}}")
        print(f"accuracy = {{((z >= 0) == (y > 0.5)).double().mean().item()!r}}")
        print(f"p_spam = {{torch.sigmoid(bag_of_words(text, vocabulary) @ w + b).item()!r}}")


TEXT = {text!r}  # your e-mail
EMAILS = [  # (text, is_spam): the tutor's built-in e-mails, the slides' two first
{emails}
]
VOCABULARY = [  # the words that best separate spam from not spam in EMAILS
{vocab}
]
main(EMAILS, VOCABULARY, TEXT)
"""


def _wrap_words(words: Sequence[str], width: int = 84) -> list[str]:
    """`words` as quoted, comma-separated source lines of at most about `width` characters."""
    lines, line = [], ""
    for word in words:
        item = f"{word!r}, "
        if line and len(line) + len(item) > width:
            lines.append(line.rstrip())
            line = ""
        line += item
    return [*lines, line.rstrip()] if line else lines
