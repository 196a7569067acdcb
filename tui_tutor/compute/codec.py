"""A toy audio codec: uniform k-bit quantisation, what is searchable and what is trainable.

Encoder: y = clamp(g·x, −1, 1), code c = round((y + 1) / Δ) with Δ = 2 / (2ᵏ − 1), so the
2ᵏ codes 0 … 2ᵏ − 1 fit in k bits. Decoder: x̂ = (c·Δ − 1) / g. Wherever |g·x| ≤ 1 the error
|x − x̂| is at most Δ / (2g).

Quality is measured two ways: waveform MSE, and the log-spectral distance (LSD) in dB: for
every STFT frame the root-mean-square difference of the two magnitude spectra in dB (the
`audio` module's |STFT| and dB with its −100 dB floor and 80 dB range), averaged over frames.
Bit rate is k × sample rate bits per second. k is an integer: it can be searched, not
trained; the gain g is a real number that gradient descent can tune through a
straight-through estimator (round() treated as the identity in the backward pass).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from tui_tutor.compute.adam import Adam
from tui_tutor.compute.audio import (
    N_FFT,
    SAMPLE_RATE,
    TOP_DB,
    amplitude_to_db,
    checked,
    stft_magnitude,
    waveform,
)
from tui_tutor.compute.core import all_finite, floats, tensor

GAIN = 1.0
"""Default gain g applied before quantising (the default tone peaks at about 0.72)."""
THRESHOLD_DB = 1.0
"""Default quality target of the search: LSD at most 1 dB."""


@dataclass(frozen=True, slots=True)
class Quantised:
    """Samples after encoding to `bits` bits and decoding."""

    samples: tuple[float, ...]
    bits: int
    gain: float
    step: float
    """Δ = 2 / (2ᵏ − 1), the spacing of the levels of g·x."""
    clipped: int
    """How many samples had |g·x| > 1 and were clipped."""


@dataclass(frozen=True, slots=True)
class CodecRow:
    """One bit depth of the toy codec on the synthesised tone."""

    bits: int
    bit_rate: int
    """Bits per second: bits × sample rate."""
    waveform_mse: float
    lsd_db: float
    """Log-spectral distance in dB (see the module docstring)."""
    clipped: int


@dataclass(frozen=True, slots=True)
class BitSearch:
    """Smallest bit depth whose LSD meets a threshold, found by trying k = 1, 2, …"""

    threshold_db: float
    bits: int
    """The chosen k, or 0 if no k up to 16 met the threshold."""
    bit_rate: int
    tried_bits: tuple[int, ...]
    """Every k evaluated, in order: 1, 2, … up to the chosen one."""
    tried_lsd_db: tuple[float, ...]
    """The LSD measured for each k in `tried_bits`."""


@dataclass(frozen=True, slots=True)
class BitGradients:
    """What autograd says about d(loss)/dk and d(loss)/dg at one (k, g)."""

    bits: int
    gain: float
    loss: float
    """Waveform MSE at k bits."""
    loss_next: float
    """Waveform MSE at k + 1 bits: the loss does change with k …"""
    grad_bits: float
    """… but d(loss)/dk from autograd is 0: k enters only through round(k)."""
    grad_gain: float
    """d(loss)/dg through the straight-through estimator: not 0."""


@dataclass(frozen=True, slots=True)
class GainTraining:
    """Gradient descent (Adam) on the gain g at a fixed bit depth."""

    bits: int
    gains: tuple[float, ...]
    """g before each step, then the final g."""
    losses: tuple[float, ...]
    """True (quantised) waveform MSE at each g in `gains`."""
    final_gain: float
    final_loss: float
    steps_run: int
    """Adam steps taken (fewer than asked when stopped or diverged)."""
    stopped: bool
    """`should_stop` ended the training early."""
    diverged: bool
    """The gain left the positive finite numbers (at step `steps_run`)."""


def _quantise(
    x: torch.Tensor, bits: torch.Tensor | int, gain: torch.Tensor | float, straight_through: bool = False
) -> torch.Tensor:
    """Encode and decode `x`; with `straight_through`, round() passes gradients unchanged."""
    step = 2.0 / (2.0**bits - 1.0)
    u = (torch.clamp(gain * x, -1.0, 1.0) + 1.0) / step
    codes = u + (torch.round(u) - u).detach() if straight_through else torch.round(u)
    return (codes * step - 1.0) / gain


def _check(bits: int | None, gain: float) -> None:
    """Raise ValueError unless bits is a whole number in 1..16 (or None) and 0.001 ≤ gain ≤ 1000."""
    if bits is not None and (not isinstance(bits, int) or not 1 <= bits <= 16):
        raise ValueError(f"bits must be a whole number from 1 to 16 (got {bits!r})")
    if not all_finite([float(gain)]) or not 1e-3 <= gain <= 1e3:
        raise ValueError(f"gain must be a number from 0.001 to 1000 (got {gain!r})")


def _clipped(x: torch.Tensor, gain: float) -> int:
    """How many samples the encoder clips (|g·x| > 1)."""
    return int((torch.abs(gain * x) > 1.0).sum())


def _tone_tensor() -> torch.Tensor:
    """The `audio` module's default tone (440 Hz and three harmonics, 0.3 s at 8 kHz)."""
    return checked(waveform().samples)


def _lsd_db(original: torch.Tensor, decoded: torch.Tensor) -> torch.Tensor:
    """Log-spectral distance in dB between two waveforms (mean over frames of RMS dB difference)."""
    d = amplitude_to_db(stft_magnitude(original), TOP_DB) - amplitude_to_db(stft_magnitude(decoded), TOP_DB)
    return (d**2).mean(dim=0).sqrt().mean()


def quantise(samples: Sequence[float], bits: int, gain: float = GAIN) -> Quantised:
    """Encode `samples` to `bits` bits with gain `gain` and decode them again.

    Raises:
        ValueError: bits not a whole number in 1..16, gain not in [0.001, 1000], or
            non-finite samples.
    """
    _check(bits, gain)
    x = checked(samples)
    return Quantised(floats(_quantise(x, bits, gain)), bits, float(gain), 2.0 / (2**bits - 1), _clipped(x, gain))


def _row(x: torch.Tensor, bits: int, gain: float) -> CodecRow:
    x_hat = _quantise(x, bits, gain)
    return CodecRow(bits, bits * SAMPLE_RATE, float(F.mse_loss(x_hat, x)), float(_lsd_db(x, x_hat)), _clipped(x, gain))


def codec_table(gain: float = GAIN, bits: Sequence[int] = tuple(range(1, 17))) -> tuple[CodecRow, ...]:
    """Bit rate, waveform MSE and LSD of the default tone for each bit depth in `bits`."""
    for k in bits:
        _check(k, gain)
    x = _tone_tensor()
    return tuple(_row(x, k, gain) for k in bits)


def search_bits(threshold_db: float = THRESHOLD_DB, gain: float = GAIN) -> BitSearch:
    """Try k = 1, 2, … 16 and stop at the first (smallest) k whose LSD ≤ `threshold_db`."""
    _check(None, gain)
    if not all_finite([float(threshold_db)]) or threshold_db < 0:
        raise ValueError("threshold_db must be a finite number ≥ 0")
    x, lsds = _tone_tensor(), []
    for k in range(1, 17):
        lsds.append(_row(x, k, gain).lsd_db)
        if lsds[-1] <= threshold_db:
            return BitSearch(float(threshold_db), k, k * SAMPLE_RATE, tuple(range(1, k + 1)), tuple(lsds))
    return BitSearch(float(threshold_db), 0, 0, tuple(range(1, 17)), tuple(lsds))


def bit_gradients(bits: int = 4, gain: float = GAIN) -> BitGradients:
    """Autograd on k (relaxed to a real number, rounded to whole bits) and on g (straight-through)."""
    _check(bits, gain)
    x = _tone_tensor()
    k, g = tensor(float(bits), grad=True), tensor(float(gain), grad=True)
    loss = F.mse_loss(_quantise(x, torch.round(k), gain), x)  # a codec can only use whole bits
    (grad_k,) = torch.autograd.grad(loss, k)
    (grad_g,) = torch.autograd.grad(F.mse_loss(_quantise(x, bits, g, straight_through=True), x), g)
    loss_next = F.mse_loss(_quantise(x, bits + 1, gain), x).item()
    return BitGradients(bits, float(gain), loss.item(), loss_next, grad_k.item(), grad_g.item())


def train_gain(
    bits: int = 4,
    gain0: float = 0.2,
    steps: int = 100,
    lr: float = 0.2,
    on_progress: Callable[[int, int, float], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> GainTraining:
    """Adam on g, minimising the waveform MSE through a straight-through quantiser."""
    _check(bits, gain0)
    if not all_finite([float(lr)]) or lr <= 0 or steps < 0:
        raise ValueError("lr must be a finite number > 0 and steps ≥ 0")
    x = _tone_tensor()
    g = tensor(float(gain0), grad=True)
    opt = Adam([g], lr=lr)
    gains, losses, stopped, diverged = [], [], False, False
    for step in range(steps + 1):
        loss = F.mse_loss(_quantise(x, bits, g, straight_through=True), x)
        gains.append(g.item())
        losses.append(loss.item())
        if not all_finite([gains[-1], losses[-1]]) or gains[-1] <= 0:
            diverged = True
            break
        if on_progress is not None and (step % 10 == 0 or step == steps):
            on_progress(step, steps, losses[-1])
        if step == steps:
            break
        if should_stop is not None and should_stop():
            stopped = True
            break
        opt.zero_grad()
        loss.backward()
        opt.step()
    return GainTraining(bits, tuple(gains), tuple(losses), gains[-1], losses[-1], len(gains) - 1, stopped, diverged)


@dataclass(frozen=True, slots=True)
class Spectra:
    """The tone's average log spectrum beside its k-bit reconstruction's (what the LSD compares)."""

    bits: int
    gain: float
    freqs: tuple[float, ...]
    """Frequency of each STFT bin in Hz."""
    original_db: tuple[float, ...]
    """Mean over frames of the original's |STFT| in dB (−100 dB floor, 80 dB range, as in the LSD)."""
    decoded_db: tuple[float, ...]
    """The same for the decoded samples: quantisation noise lifts the floor between the harmonics."""


def spectra(bits: int = 4, gain: float = GAIN) -> Spectra:
    """Mean dB spectrum over STFT frames of the default tone and of its `bits`-bit reconstruction."""
    _check(bits, gain)
    x = _tone_tensor()
    x_hat = _quantise(x, bits, gain)
    original, decoded = (amplitude_to_db(stft_magnitude(s), TOP_DB).mean(dim=1) for s in (x, x_hat))
    freqs = torch.arange(original.shape[0], dtype=original.dtype) * SAMPLE_RATE / N_FFT
    return Spectra(bits, float(gain), floats(freqs), floats(original), floats(decoded))
