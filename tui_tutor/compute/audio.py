"""Output spaces for audio: waveform, linear spectrogram, mel spectrogram, decibels.

A synthesised tone (a fundamental plus harmonics) is compared with a flawed
reconstruction of it, and the mean squared error is measured in four output
spaces. Every representation is built the same way:

* linear spectrogram: |STFT| (magnitude, not power) from `torch.stft` with a
  periodic Hann window, `N_FFT` = 126 samples (64 frequency bins, 63.5 Hz
  apart at 8 kHz), hop `HOP` = 32 samples, `center=False` (no padding, so a
  frame never sees a mirrored edge), so 0.3 s at 8 kHz gives 1 + (2400 − 126) // 32
  = 72 frames: small enough for a terminal heat map;
* mel spectrogram: a triangular HTK mel filter bank (mel = 2595·log10(1 + f/700),
  no area normalisation, like torchaudio's `melscale_fbanks(norm=None,
  mel_scale="htk")`) applied to the *magnitude* spectrogram;
* decibels: 20·log10(max(m, AMIN)) of a magnitude m (so −100 dB floor), and for
  the loss optionally clipped to (max − top_db); the "dB" loss is on the mel
  spectrogram in dB (log-mel), as neural codecs use it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from tui_tutor.compute.core import DTYPE, all_finite, floats, generator, rows, tensor

SAMPLE_RATE = 8000
"""Samples per second of every synthesised signal."""
DURATION = 0.3
"""Default length of a tone in seconds."""
N_FFT = 126
"""STFT frame (and Hann window) length in samples: N_FFT // 2 + 1 = 64 frequency bins."""
HOP = 32
"""STFT hop in samples (4 ms at 8 kHz)."""
N_MELS = 32
"""Number of mel bands."""
AMIN = 1e-5
"""Magnitude floor before taking decibels: 20·log10(1e-5) = −100 dB."""
TOP_DB = 80.0
"""Dynamic range kept by the dB loss: values below (max − 80 dB) are raised to it."""
F0 = 440.0
"""Default fundamental frequency in Hz."""
AMPLITUDES = (0.5, 0.25, 0.15, 0.05)
"""Default amplitudes of the fundamental and its harmonics (peak below 1)."""
QUIET_GAIN = 0.01
"""Gain of the quiet second half when a tone has a loud and a quiet part (−40 dB)."""
NOISE_STD = 0.01
"""Standard deviation of the "added noise" flaw."""

FLAWS = ("phase shift", "missing harmonic", "added noise")
"""Flawed reconstructions by name (see `reconstruction` for what each one changes)."""


@dataclass(frozen=True, slots=True)
class Signal:
    """A sampled waveform."""

    samples: tuple[float, ...]
    sample_rate: int
    flaw: str | None
    """The flaw of a reconstruction (one of FLAWS), or None for the original tone."""


@dataclass(frozen=True, slots=True)
class Recipe:
    """How a tone (or a flawed reconstruction of it) is made: Σₕ aₕ·sin(2π·h·f0·t + φₕ) + noise."""

    amplitudes: tuple[float, ...]
    phases: tuple[float, ...]
    noise_std: float
    """Standard deviation of the seeded Gaussian noise added to every sample (0: none)."""


@dataclass(frozen=True, slots=True)
class Spectrogram:
    """A time-frequency picture, rows = frequency (low first), columns = time."""

    values: tuple[tuple[float, ...], ...]
    freqs: tuple[float, ...]
    """Centre frequency of each row in Hz (a bin's frequency, or a mel band's peak)."""
    times: tuple[float, ...]
    """Centre time of each column (frame) in seconds."""
    kind: str
    """One of: linear, dB (the linear magnitudes in dB), mel, mel dB."""


@dataclass(frozen=True, slots=True)
class FilterBank:
    """Triangular mel filters: `weights[m][k]` is band m's weight on linear bin k."""

    weights: tuple[tuple[float, ...], ...]
    centres: tuple[float, ...]
    """Peak frequency of each band in Hz."""


@dataclass(frozen=True, slots=True)
class OutputSpaceLosses:
    """MSE between an original and a reconstruction, measured in four output spaces."""

    waveform: float
    linear: float
    """On the linear magnitude spectrograms."""
    mel: float
    """On the mel (magnitude) spectrograms."""
    db: float
    """On the mel spectrograms in dB, each clipped to its own (max − TOP_DB)."""
    status: str
    """"ok", or "overflow" (the samples are too large to square in float64)."""


@dataclass(frozen=True, slots=True)
class LoudQuiet:
    """The same raw error added at a loud and at a quiet spot of a magnitude spectrogram."""

    error: float
    freq: float
    """Frequency of the bin (Hz) that gets the error: the fundamental's bin."""
    loud_time: float
    quiet_time: float
    loud_value: float
    """Magnitude before the error, loud part."""
    quiet_value: float
    loud_raw_mse: float
    quiet_raw_mse: float
    loud_db_mse: float
    """(20·log10(v + e) − 20·log10(v))², loud part."""
    quiet_db_mse: float
    status: str
    """"ok", or "overflow" (error² is too large for float64)."""


# ---- tensor building blocks (checked, stft_magnitude and amplitude_to_db are shared with codec.py)


def checked(values: Sequence[float], name: str = "samples") -> torch.Tensor:
    """`values` as a 1-D float64 tensor.

    Raises:
        ValueError: if `values` is empty or holds NaN or ±infinity.
    """
    if len(values) == 0:
        raise ValueError(f"{name} is empty")
    t = tensor([float(v) for v in values])
    if not torch.isfinite(t).all():
        raise ValueError(f"{name} contains NaN or infinity; only finite numbers can be measured")
    return t


def _synthesise(
    f0: float,
    amplitudes: Sequence[float],
    phases: Sequence[float],
    duration: float,
    sample_rate: int,
    quiet_gain: float | None,
) -> torch.Tensor:
    """Σₕ aₕ·sin(2π·h·f0·t + φₕ), with the second half scaled by `quiet_gain` if given."""
    t = torch.arange(round(duration * sample_rate), dtype=DTYPE) / sample_rate
    x = torch.zeros_like(t)
    for h, (a, phi) in enumerate(zip(amplitudes, phases, strict=True), start=1):
        x = x + a * torch.sin(2 * math.pi * h * f0 * t + phi)
    if quiet_gain is not None:
        x[t >= duration / 2] *= quiet_gain
    return x


def stft_magnitude(x: torch.Tensor) -> torch.Tensor:
    """|STFT| of `x`, shape (N_FFT // 2 + 1, frames); Hann window, hop HOP, no padding."""
    window = torch.hann_window(N_FFT, dtype=DTYPE)
    return torch.stft(x, N_FFT, hop_length=HOP, window=window, center=False, return_complex=True).abs()


def _frame_times(frames: int, sample_rate: float) -> torch.Tensor:
    """Centre time (s) of each STFT frame: frame f covers samples f·HOP … f·HOP + N_FFT − 1."""
    return (torch.arange(frames, dtype=DTYPE) * HOP + N_FFT / 2) / sample_rate


def _mel_edges(n_mels: int, sample_rate: float, f_min: float, f_max: float | None) -> torch.Tensor:
    """n_mels + 2 frequencies (Hz) evenly spaced in HTK mel = 2595·log10(1 + f/700)."""
    f_max = sample_rate / 2 if f_max is None else f_max
    mel_lo, mel_hi = (2595.0 * math.log10(1.0 + f / 700.0) for f in (f_min, f_max))
    return 700.0 * (10 ** (torch.linspace(mel_lo, mel_hi, n_mels + 2, dtype=DTYPE) / 2595.0) - 1.0)


def _mel_fbank(n_freqs: int, n_mels: int, sample_rate: float, f_min: float = 0.0, f_max: float | None = None) -> torch.Tensor:
    """HTK triangular mel filters, shape (n_mels, n_freqs), peak weight 1, no normalisation.

    Band m rises linearly from edge m to 1 at edge m + 1 and falls to 0 at edge m + 2
    (`_mel_edges`), evaluated at the n_freqs bin frequencies 0 … sample_rate / 2.
    """
    all_freqs = torch.linspace(0, sample_rate / 2, n_freqs, dtype=DTYPE)
    f_pts = _mel_edges(n_mels, sample_rate, f_min, f_max)
    lower, centre, upper = f_pts[:-2, None], f_pts[1:-1, None], f_pts[2:, None]
    up = (all_freqs - lower) / (centre - lower)
    down = (upper - all_freqs) / (upper - centre)
    return torch.clamp(torch.minimum(up, down), min=0.0)


def _mel_spectrogram(magnitude: torch.Tensor, sample_rate: float) -> torch.Tensor:
    """The mel filter bank applied to a magnitude spectrogram: (N_MELS, frames)."""
    return _mel_fbank(magnitude.shape[0], N_MELS, sample_rate) @ magnitude


def amplitude_to_db(magnitude: torch.Tensor, top_db: float | None = None) -> torch.Tensor:
    """20·log10(max(m, AMIN)), raised to at least (max − top_db) if `top_db` is given."""
    db = 20.0 * torch.log10(torch.clamp(magnitude, min=AMIN))
    return db if top_db is None else torch.maximum(db, db.max() - top_db)


def reconstruction(flaw: str | None, amplitudes: Sequence[float] = AMPLITUDES) -> Recipe:
    """The recipe of the tone with `amplitudes` (`flaw=None`) or of its reconstruction with `flaw`:
    "phase shift" shifts every harmonic by a quarter period (π/2), "missing harmonic" leaves out
    the second harmonic (2·f0), "added noise" adds Gaussian noise of standard deviation NOISE_STD.

    Raises:
        ValueError: an unknown flaw, or "missing harmonic" with fewer than two harmonics.
    """
    amps, phases = [float(a) for a in amplitudes], [0.0] * len(amplitudes)
    if flaw == "phase shift":
        phases = [math.pi / 2] * len(amps)
    elif flaw == "missing harmonic":
        if len(amps) < 2:
            raise ValueError("'missing harmonic' needs at least two harmonics")
        amps[1] = 0.0
    elif flaw not in (None, "added noise"):
        raise ValueError(f"unknown flaw {flaw!r}; expected one of {', '.join(FLAWS)}")
    return Recipe(tuple(amps), tuple(phases), NOISE_STD if flaw == "added noise" else 0.0)


def _tone(
    flaw: str | None, f0: float, amplitudes: Sequence[float], duration: float, sample_rate: int,
    quiet_gain: float | None, seed: int,
) -> torch.Tensor:
    """The tone, or its reconstruction with `flaw`, as a tensor (validated)."""
    numbers = [f0, duration, *amplitudes] + ([] if quiet_gain is None else [quiet_gain])
    if not all_finite(float(v) for v in numbers):
        raise ValueError("f0, duration, amplitudes and quiet_gain must be finite numbers")
    if not amplitudes or f0 <= 0 or duration <= 0:
        raise ValueError("need at least one amplitude, f0 > 0 and duration > 0")
    if len(amplitudes) * f0 >= sample_rate / 2:
        raise ValueError(
            f"harmonic {len(amplitudes)} at {len(amplitudes) * f0:g} Hz is at or above the Nyquist "
            f"frequency {sample_rate / 2:g} Hz"
        )
    if round(duration * sample_rate) < N_FFT:
        raise ValueError(f"duration must give at least {N_FFT} samples (one STFT frame)")
    recipe = reconstruction(flaw, amplitudes)
    x = _synthesise(f0, recipe.amplitudes, recipe.phases, duration, sample_rate, quiet_gain)
    if recipe.noise_std:
        x = x + recipe.noise_std * torch.randn(x.shape, generator=generator(seed), dtype=DTYPE)
    if not torch.isfinite(x).all():
        raise ValueError("the tone overflowed to infinity: the amplitudes are too large")
    return x


# ---- public, plain-value API --------------------------------------------------------------


def waveform(
    flaw: str | None = None,
    *,
    f0: float = F0,
    amplitudes: Sequence[float] = AMPLITUDES,
    duration: float = DURATION,
    sample_rate: int = SAMPLE_RATE,
    quiet_gain: float | None = None,
    seed: int = 0,
) -> Signal:
    """The tone (`flaw=None`) or a flawed reconstruction of it (a key of `FLAWS`).

    Args:
        flaw: None for the original, else "phase shift", "missing harmonic" or "added noise".
        f0: fundamental frequency in Hz; harmonic h sits at h·f0.
        amplitudes: amplitude of harmonic 1, 2, ... (sine phase 0).
        duration: seconds.
        sample_rate: samples per second.
        quiet_gain: if given, the second half is multiplied by it (a loud and a quiet part).
        seed: seeds the noise of "added noise".

    Raises:
        ValueError: unknown flaw, non-finite numbers, a harmonic above Nyquist, too short.
    """
    x = _tone(flaw, f0, amplitudes, duration, sample_rate, quiet_gain, seed)
    return Signal(floats(x), sample_rate, flaw)


def spectrogram(
    samples: Sequence[float], kind: str = "linear", sample_rate: int = SAMPLE_RATE, top_db: float | None = TOP_DB
) -> Spectrogram:
    """The "linear" magnitude, "dB" (linear in dB), "mel" magnitude or "mel dB" spectrogram of `samples`.

    `top_db` (only for "dB" and "mel dB") raises everything below (max − top_db); None keeps
    the −100 dB floor only.

    Raises:
        ValueError: unknown kind, non-finite samples, or fewer than N_FFT samples.
    """
    x = checked(samples)
    if len(x) < N_FFT:
        raise ValueError(f"need at least {N_FFT} samples for one STFT frame (got {len(x)})")
    mag = stft_magnitude(x)
    times = floats(_frame_times(mag.shape[1], sample_rate))
    if kind in ("linear", "dB"):
        values = mag if kind == "linear" else amplitude_to_db(mag, top_db)
        return Spectrogram(rows(values), floats(torch.arange(mag.shape[0], dtype=DTYPE) * sample_rate / N_FFT), times, kind)
    if kind not in ("mel", "mel dB"):
        raise ValueError(f"unknown spectrogram kind {kind!r}; expected 'linear', 'dB', 'mel' or 'mel dB'")
    mel = _mel_spectrogram(mag, sample_rate)
    values = mel if kind == "mel" else amplitude_to_db(mel, top_db)
    return Spectrogram(rows(values), floats(_mel_edges(N_MELS, sample_rate, 0.0, None)[1:-1]), times, kind)


def mel_filter_bank(
    n_freqs: int = N_FFT // 2 + 1,
    n_mels: int = N_MELS,
    sample_rate: float = SAMPLE_RATE,
    f_min: float = 0.0,
    f_max: float | None = None,
) -> FilterBank:
    """The HTK triangular mel filter bank used by `spectrogram` (see `_mel_fbank`)."""
    if n_freqs < 2 or n_mels < 1:
        raise ValueError("need n_freqs ≥ 2 and n_mels ≥ 1")
    centres = _mel_edges(n_mels, sample_rate, f_min, f_max)[1:-1]
    return FilterBank(rows(_mel_fbank(n_freqs, n_mels, sample_rate, f_min, f_max)), floats(centres))


def output_space_losses(
    original: Sequence[float], reconstruction: Sequence[float], sample_rate: int = SAMPLE_RATE
) -> OutputSpaceLosses:
    """MSE of `reconstruction` against `original` on the waveform, |STFT|, mel and mel dB.

    Raises:
        ValueError: different lengths, fewer than N_FFT samples, or non-finite samples.
    """
    y, y_hat = checked(original, "original"), checked(reconstruction, "reconstruction")
    if y.shape != y_hat.shape or len(y) < N_FFT:
        raise ValueError(f"need two signals of the same length ≥ {N_FFT} (got {len(y)} and {len(y_hat)})")
    mag, mag_hat = stft_magnitude(y), stft_magnitude(y_hat)
    mel, mel_hat = _mel_spectrogram(mag, sample_rate), _mel_spectrogram(mag_hat, sample_rate)
    losses = (
        F.mse_loss(y_hat, y),
        F.mse_loss(mag_hat, mag),
        F.mse_loss(mel_hat, mel),
        F.mse_loss(amplitude_to_db(mel_hat, TOP_DB), amplitude_to_db(mel, TOP_DB)),
    )
    values = tuple(float(v) for v in losses)
    status = "ok" if all_finite(values) else "overflow"
    return OutputSpaceLosses(*values, status=status)


def loud_quiet_errors(
    error: float = 1.0,
    *,
    f0: float = F0,
    amplitudes: Sequence[float] = AMPLITUDES,
    quiet_gain: float = QUIET_GAIN,
    sample_rate: int = SAMPLE_RATE,
) -> LoudQuiet:
    """Add the same raw `error` to the fundamental's bin in a loud and in a quiet frame.

    The tone is loud in its first half and `quiet_gain` times as loud in its second. The raw
    squared error is error² at both spots; in dB it is far larger where the signal is quiet.
    """
    if not all_finite([float(error)]):
        raise ValueError("error must be a finite number")
    mag = stft_magnitude(_tone(None, f0, amplitudes, DURATION, sample_rate, quiet_gain, 0))
    k = round(f0 * N_FFT / sample_rate)
    frames = mag.shape[1]
    loud_t, quiet_t = frames // 4, 3 * frames // 4
    v = mag[k, [loud_t, quiet_t]]
    v_hat = v + error
    raw = (v_hat - v) ** 2
    db = (amplitude_to_db(v_hat) - amplitude_to_db(v)) ** 2
    values = (float(v[0]), float(v[1]), float(raw[0]), float(raw[1]), float(db[0]), float(db[1]))
    status = "ok" if all_finite(values) else "overflow"
    loud_time, quiet_time = floats(_frame_times(frames, sample_rate)[[loud_t, quiet_t]])
    return LoudQuiet(float(error), k * sample_rate / N_FFT, loud_time, quiet_time, *values, status)
