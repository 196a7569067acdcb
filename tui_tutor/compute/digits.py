"""A tiny digit recogniser: noisy 5×7 glyphs of 0-9, a one-hidden-layer network, softmax output.

The glyphs are drawn by hand below (no downloads). Noisy examples flip pixels and shift the
glyph by one pixel. The network is x (35 pixels) → tanh(W₁x + b₁) (hidden) → z = W₂h + b₂
(10 logits) → softmax, trained by full-batch gradient descent on cross-entropy ('ce') or on
MSE between the softmax output and the one-hot target ('mse').
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

from tui_tutor.compute.classification import cross_entropy, log_softmax, softmax_tensor
from tui_tutor.compute.core import (
    DTYPE,
    ProgressFn,
    StopFn,
    floats,
    generator,
    one_thread,
    part_progress,
    rows,
    run_steps,
    tensor,
)

WIDTH, HEIGHT = 5, 7
PIXELS = WIDTH * HEIGHT
CLASSES = 10

GLYPHS: tuple[tuple[str, ...], ...] = (
    (".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."),
    ("..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."),
    (".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"),
    ("#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."),
    ("...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."),
    ("#####", "#....", "####.", "....#", "....#", "#...#", ".###."),
    ("..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."),
    ("#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."),
    (".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."),
    (".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."),
)
"""Each digit as 7 rows of 5 characters: '#' is ink (1), '.' is paper (0)."""

LOSS_NAMES = ("ce", "mse")

FLIP, SHIFT = 0.08, 0.3
"""Default noise: each pixel flips with probability FLIP; a glyph shifts with probability SHIFT."""


@dataclass(frozen=True, slots=True)
class DigitData:
    """Noisy examples: each image flattened row by row to 35 values in {0, 1}."""

    images: tuple[tuple[float, ...], ...]
    labels: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Weights:
    """The network's parameters (W₁: hidden × 35, b₁, W₂: 10 × hidden, b₂)."""

    w1: tuple[tuple[float, ...], ...]
    b1: tuple[float, ...]
    w2: tuple[tuple[float, ...], ...]
    b2: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class DigitModel:
    """A trained recogniser and its training history."""

    loss: str
    """'ce' or 'mse' (on the softmax output)."""
    weights: Weights
    losses: tuple[float, ...]
    """Training loss before each epoch's update."""
    accuracies: tuple[float, ...]
    """Training accuracy before each epoch's update."""
    final_loss: float
    final_accuracy: float
    test_accuracy: float
    """Accuracy on fresh noisy examples (data seed + 1)."""
    epochs_run: int
    stopped: bool
    status: str
    """"ok", "stopped" or "diverged" (see `core.Steps`)."""


@dataclass(frozen=True, slots=True)
class CeVsMse:
    """The same network, data and initial weights trained with CE and with MSE."""

    ce: DigitModel
    mse: DigitModel


@dataclass(frozen=True, slots=True)
class DigitPrediction:
    """The recogniser's answer for one image, with the cross-entropy terms."""

    digit: int
    """The true digit."""
    pixels: tuple[tuple[int, ...], ...]
    """7 rows of 5 values in {0, 1}, for drawing."""
    logits: tuple[float, ...]
    probabilities: tuple[float, ...]
    """softmax over the digits 0-9."""
    one_hot: tuple[float, ...]
    surviving_term: float
    """−log ŷ_true: the only non-zero term of −Σ yᵢ log ŷᵢ."""
    loss: float
    predicted: int
    status: str


def glyph(digit: int) -> tuple[tuple[int, ...], ...]:
    """The clean glyph of `digit` as 7 rows of 5 zeros and ones."""
    return tuple(tuple(int(c == "#") for c in row) for row in GLYPHS[digit])


_CLEAN = tensor([[float(v) for row in glyph(d) for v in row] for d in range(CLASSES)])


def _noisy(labels: torch.Tensor, flip: float, shift: float, gen: torch.Generator) -> torch.Tensor:
    """Glyphs of `labels`, each shifted one pixel (left/right/up/down) with probability
    `shift`, then each pixel flipped with probability `flip`."""
    images = _CLEAN[labels].reshape(-1, HEIGHT, WIDTH).clone()
    moves = torch.randint(0, 4, (len(labels),), generator=gen)
    shifted = torch.rand(len(labels), generator=gen, dtype=DTYPE) < shift
    for i in torch.nonzero(shifted).flatten().tolist():
        dim, odd = divmod(int(moves[i]), 2)
        step = 1 if odd else -1
        images[i] = torch.roll(images[i], step, dims=dim)
        images[i].select(dim, 0 if step == 1 else -1).zero_()  # what rolled round the edge
    flips = torch.rand(images.shape, generator=gen, dtype=DTYPE) < flip
    return torch.where(flips, 1 - images, images).reshape(len(labels), PIXELS)


def _data_tensors(
    seed: int, per_digit: int, flip: float = FLIP, shift: float = SHIFT
) -> tuple[torch.Tensor, torch.Tensor]:
    labels = torch.arange(CLASSES).repeat(per_digit)
    return _noisy(labels, flip, shift, generator(seed)), labels


def make_dataset(seed: int, per_digit: int = 30, flip: float = FLIP, shift: float = SHIFT) -> DigitData:
    """`per_digit` noisy examples of each digit (seeded)."""
    images, labels = _data_tensors(seed, per_digit, flip, shift)
    return DigitData(rows(images), tuple(labels.tolist()))


def initial_weights(seed: int, hidden: int = 16) -> Weights:
    """Seeded starting weights: normal, scaled by 1/√fan-in; biases 0."""
    gen = generator(seed)
    w1 = torch.randn(hidden, PIXELS, generator=gen, dtype=DTYPE) / PIXELS**0.5
    w2 = torch.randn(CLASSES, hidden, generator=gen, dtype=DTYPE) / hidden**0.5
    return Weights(rows(w1), (0.0,) * hidden, rows(w2), (0.0,) * CLASSES)


def _logits(params: Sequence[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    w1, b1, w2, b2 = params
    return torch.tanh(x @ w1.T + b1) @ w2.T + b2


def _loss(name: str, logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Mean CE, or MSE between softmax(logits) and the one-hot targets (mean over all entries)."""
    if name == "ce":
        return -log_softmax(logits).gather(1, labels[:, None]).mean()
    one_hot = torch.nn.functional.one_hot(labels, CLASSES).to(DTYPE)
    return ((softmax_tensor(logits) - one_hot) ** 2).mean()


def _accuracy(logits: torch.Tensor, labels: torch.Tensor) -> float:
    return (logits.argmax(1) == labels).to(DTYPE).mean().item()


def _fit(
    loss: str,
    start: Weights,
    data: tuple[torch.Tensor, torch.Tensor],
    test: tuple[torch.Tensor, torch.Tensor],
    lr: float,
    epochs: int,
    on_progress: ProgressFn | None,
    should_stop: StopFn | None,
) -> DigitModel:
    if loss not in LOSS_NAMES:
        raise ValueError(f"unknown loss {loss!r}; expected 'ce' or 'mse'")
    params = [tensor(p, grad=True) for p in (start.w1, start.b1, start.w2, start.b2)]
    x, labels = data
    accuracies: list[float] = []

    def epoch() -> float:
        logits = _logits(params, x)
        value = _loss(loss, logits, labels)
        accuracies.append(_accuracy(logits, labels))
        grads = torch.autograd.grad(value, params)
        with torch.no_grad():
            for p, g in zip(params, grads, strict=True):
                p.sub_(lr * g)
        return value.item()

    done = run_steps(epoch, epochs, on_progress, should_stop)
    with torch.no_grad():
        logits = _logits(params, x)
        final_loss, final_accuracy = _loss(loss, logits, labels).item(), _accuracy(logits, labels)
        test_accuracy = _accuracy(_logits(params, test[0]), test[1])
    w1, b1, w2, b2 = params
    weights = Weights(rows(w1), floats(b1), rows(w2), floats(b2))
    return DigitModel(
        loss, weights, done.losses, tuple(accuracies), final_loss, final_accuracy, test_accuracy,
        len(done.losses), done.stopped, done.status,
    )  # fmt: skip


def train(
    seed: int = 0,
    loss: str = "ce",
    lr: float = 0.5,
    epochs: int = 200,
    hidden: int = 16,
    per_digit: int = 30,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> DigitModel:
    """Train the recogniser on `make_dataset(seed, per_digit)` from `initial_weights(seed, hidden)`."""
    with one_thread():
        data, test = _data_tensors(seed, per_digit), _data_tensors(seed + 1, per_digit)
        return _fit(loss, initial_weights(seed, hidden), data, test, lr, epochs, on_progress, should_stop)


def train_ce_vs_mse(
    seed: int = 0,
    lr: float = 0.5,
    epochs: int = 200,
    hidden: int = 16,
    per_digit: int = 30,
    on_progress: ProgressFn | None = None,
    should_stop: StopFn | None = None,
) -> CeVsMse:
    """Train with CE and with MSE on the softmax output: same data, same initial weights, same η.

    `on_progress` sees one run of 2 × `epochs` steps (CE first, then MSE).
    """
    data, test = _data_tensors(seed, per_digit), _data_tensors(seed + 1, per_digit)
    start = initial_weights(seed, hidden)

    with one_thread():
        ce = _fit("ce", start, data, test, lr, epochs, part_progress(on_progress, 0, 2 * epochs), should_stop)
        mse = _fit("mse", start, data, test, lr, epochs, part_progress(on_progress, epochs, 2 * epochs), should_stop)
    return CeVsMse(ce, mse)


def predict_pixels(model: DigitModel, pixels: Sequence[Sequence[float]], digit: int) -> DigitPrediction:
    """Classify a 7 × 5 image (rows of 0/1) whose true digit is `digit`: softmax, one-hot, CE terms."""
    x = tensor([[float(v) for row in pixels for v in row]])
    if x.shape[1] != PIXELS or len(pixels) != HEIGHT:
        raise ValueError(f"an image is {HEIGHT} rows of {WIDTH} pixels")
    w = model.weights
    logits = _logits([tensor(p) for p in (w.w1, w.b1, w.w2, w.b2)], x)[0]
    ce = cross_entropy(floats(logits), digit)
    image = tuple(tuple(int(round(float(v))) for v in row) for row in pixels)
    return DigitPrediction(
        digit, image, ce.logits, ce.probabilities, ce.one_hot, ce.surviving_term, ce.loss, ce.predicted, ce.status
    )


def predict(model: DigitModel, digit: int, noise: float = 0.0, seed: int = 0) -> DigitPrediction:
    """Classify the glyph of `digit`, clean (`noise=0`) or with each pixel flipped with probability `noise`."""
    if not 0 <= digit < CLASSES:
        raise ValueError(f"digit must be in 0..9, got {digit}")
    image = _noisy(torch.tensor([digit]), noise, 0.0, generator(seed)).reshape(HEIGHT, WIDTH)
    return predict_pixels(model, rows(image), digit)
