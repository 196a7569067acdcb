"""Oracles for lesson 12 (`output-space`): NumPy closed forms, NumPy framing + rfft, `torch.stft`,
and a mel filter bank written here from the HTK formula."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import audio

SR, N_FFT, HOP = audio.SAMPLE_RATE, audio.N_FFT, audio.HOP


def np_tone(amplitudes, phases, quiet_gain=None, f0=audio.F0, duration=audio.DURATION):
    t = np.arange(round(duration * SR)) / SR
    x = sum(a * np.sin(2 * np.pi * h * f0 * t + p) for h, (a, p) in enumerate(zip(amplitudes, phases), start=1))
    if quiet_gain is not None:
        x = np.where(t < duration / 2, x, x * quiet_gain)
    return x


def np_stft_mag(x):
    """Frames of N_FFT every HOP (no padding), periodic Hann, |rfft|: (freq, time)."""
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)
    frames = [x[s : s + N_FFT] * window for s in range(0, len(x) - N_FFT + 1, HOP)]
    return np.abs(np.fft.rfft(np.array(frames), axis=1)).T


def np_mel_fbank(n_freqs, n_mels, sr, f_min=0.0, f_max=None):
    """Triangular HTK mel filters, one bin and one filter at a time."""
    f_max = sr / 2 if f_max is None else f_max
    hz_to_mel = lambda f: 2595.0 * math.log10(1.0 + f / 700.0)  # noqa: E731
    mel_to_hz = lambda m: 700.0 * (10.0 ** (m / 2595.0) - 1.0)  # noqa: E731
    lo, hi = hz_to_mel(f_min), hz_to_mel(f_max)
    edges = [mel_to_hz(lo + (hi - lo) * i / (n_mels + 1)) for i in range(n_mels + 2)]
    fb = np.zeros((n_mels, n_freqs))
    for m in range(n_mels):
        left, centre, right = edges[m], edges[m + 1], edges[m + 2]
        for k in range(n_freqs):
            f = k * (sr / 2) / (n_freqs - 1)
            if left <= f <= centre:
                fb[m, k] = (f - left) / (centre - left)
            elif centre < f <= right:
                fb[m, k] = (right - f) / (right - centre)
    return fb


def np_db(m, top_db=None):
    d = 20 * np.log10(np.maximum(m, audio.AMIN))
    return d if top_db is None else np.maximum(d, d.max() - top_db)


def test_tone_and_flaws_match_closed_form():
    amps = audio.AMPLITUDES
    original = np.array(audio.waveform(quiet_gain=0.1).samples)
    assert np.allclose(original, np_tone(amps, [0.0] * 4, 0.1), atol=1e-12)
    shifted = np.array(audio.waveform("phase shift").samples)
    assert np.allclose(shifted, np_tone(amps, [np.pi / 2] * 4), atol=1e-12)
    missing = np.array(audio.waveform("missing harmonic").samples)
    assert np.allclose(missing, np_tone([amps[0], 0.0, *amps[2:]], [0.0] * 4), atol=1e-12)
    noisy = np.array(audio.waveform("added noise", seed=3).samples)
    noise = torch.randn(len(noisy), generator=torch.Generator().manual_seed(3), dtype=torch.float64).numpy()
    assert np.allclose(noisy, np_tone(amps, [0.0] * 4) + audio.NOISE_STD * noise, atol=1e-12)
    assert audio.waveform("added noise", seed=3) == audio.waveform("added noise", seed=3)
    assert [audio.waveform(f).flaw for f in (None, *audio.FLAWS)] == [None, *audio.FLAWS]
    assert audio.reconstruction(None) == audio.Recipe(audio.AMPLITUDES, (0.0,) * 4, 0.0)
    assert audio.reconstruction("added noise").noise_std == audio.NOISE_STD


def test_linear_spectrogram_matches_numpy_rfft_and_torch_stft():
    x = np_tone(audio.AMPLITUDES, [0.3, 1.0, 2.0, 0.0], quiet_gain=0.05)
    spec = audio.spectrogram(list(x))
    values = np.array(spec.values)
    assert values.shape == (64, 72) and values.shape[0] <= 64 and values.shape[1] <= 80
    assert np.allclose(values, np_stft_mag(x), atol=1e-9)
    ref = torch.stft(torch.tensor(x), 126, hop_length=32, window=torch.hann_window(126, dtype=torch.float64),
                     center=False, return_complex=True).abs().numpy()
    assert np.allclose(values, ref, atol=1e-12)
    assert spec.freqs[1] == pytest.approx(SR / N_FFT) and spec.times[0] == pytest.approx(N_FFT / 2 / SR)
    # the fundamental (440 Hz ≈ bin 7) is the loudest bin of a loud frame
    assert int(np.argmax(values[:, 5])) == round(audio.F0 * N_FFT / SR)


def test_mel_filter_bank_matches_formula_written_here():
    cases = [(64, 32, 8000, 0.0, None), (129, 40, 16000, 50.0, 7000.0), (10, 3, 1000, 0.0, None)]
    for n_freqs, n_mels, sr, f_min, f_max in cases:
        bank = audio.mel_filter_bank(n_freqs, n_mels, sr, f_min, f_max)
        assert np.allclose(np.array(bank.weights), np_mel_fbank(n_freqs, n_mels, sr, f_min, f_max), atol=1e-12)
    bank = audio.mel_filter_bank()
    assert len(bank.weights) == audio.N_MELS and all(max(row) > 0 for row in bank.weights)
    # HTK mel = 2595·log10(1 + f/700): the band centres are evenly spaced in it
    mels = [2595 * math.log10(1 + f / 700) for f in bank.centres]
    assert np.allclose(np.diff(mels), mels[1] - mels[0])


def test_mel_and_db_spectrograms_match_numpy():
    x = np_tone(audio.AMPLITUDES, [0.0] * 4, quiet_gain=0.01)
    mel = np_mel_fbank(64, audio.N_MELS, SR) @ np_stft_mag(x)
    assert np.allclose(np.array(audio.spectrogram(list(x), "mel").values), mel, atol=1e-9)
    db = np.array(audio.spectrogram(list(x), "mel dB").values)
    assert np.allclose(db, np_db(mel, audio.TOP_DB), atol=1e-7)
    assert db.min() == pytest.approx(db.max() - 80.0)
    no_clip = np.array(audio.spectrogram(list(x), "mel dB", top_db=None).values)
    assert np.allclose(no_clip, np_db(mel), atol=1e-7)


def test_output_space_losses_match_numpy():
    for flaw in audio.FLAWS:
        y = np_tone(audio.AMPLITUDES, [0.0] * 4, quiet_gain=0.01)
        y_hat = np.array(audio.waveform(flaw, quiet_gain=0.01).samples)
        got = audio.output_space_losses(list(y), list(y_hat))
        s, s_hat = np_stft_mag(y), np_stft_mag(y_hat)
        fb = np_mel_fbank(64, audio.N_MELS, SR)
        assert got.status == "ok"
        assert got.waveform == pytest.approx(np.mean((y - y_hat) ** 2), rel=1e-9)
        assert got.linear == pytest.approx(np.mean((s - s_hat) ** 2), rel=1e-6, abs=1e-12)
        assert got.mel == pytest.approx(np.mean((fb @ s - fb @ s_hat) ** 2), rel=1e-6, abs=1e-12)
        assert got.db == pytest.approx(np.mean((np_db(fb @ s, 80) - np_db(fb @ s_hat, 80)) ** 2), rel=1e-6)


def test_each_flaw_is_seen_by_the_right_output_space():
    y = audio.waveform().samples
    shift, missing, noise = (audio.output_space_losses(y, audio.waveform(f).samples) for f in audio.FLAWS)
    assert shift.waveform > 10 * missing.waveform  # the waveform calls a phase shift the worst flaw
    assert shift.linear < 1e-4 * missing.linear  # the spectrogram barely sees it
    assert noise.waveform < 0.01 * missing.waveform and noise.db > missing.db  # dB hears quiet noise


def test_equal_raw_errors_weigh_more_in_db_where_quiet():
    r = audio.loud_quiet_errors(1.0)
    assert r.loud_raw_mse == pytest.approx(1.0) and r.quiet_raw_mse == pytest.approx(1.0)
    assert r.loud_db_mse == pytest.approx((20 * math.log10((r.loud_value + 1) / r.loud_value)) ** 2)
    assert r.quiet_db_mse == pytest.approx((20 * math.log10((r.quiet_value + 1) / r.quiet_value)) ** 2)
    assert r.quiet_db_mse > 100 * r.loud_db_mse
    assert r.quiet_value == pytest.approx(audio.QUIET_GAIN * r.loud_value, rel=1e-3)
    mag = np_stft_mag(np_tone(audio.AMPLITUDES, [0.0] * 4, audio.QUIET_GAIN))
    assert r.loud_value == pytest.approx(mag[7, round((r.loud_time * SR - N_FFT / 2) / HOP)])
    assert r.loud_time < audio.DURATION / 2 < r.quiet_time


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match="unknown flaw"):
        audio.waveform("echo")
    with pytest.raises(ValueError, match="Nyquist"):
        audio.waveform(f0=1500.0)
    with pytest.raises(ValueError, match="finite"):
        audio.waveform(amplitudes=(1.0, math.nan))
    with pytest.raises(ValueError, match="same length"):
        audio.output_space_losses([0.0] * 200, [0.0] * 300)
    with pytest.raises(ValueError, match="kind"):
        audio.spectrogram([0.0] * 200, "bark")
    with pytest.raises(ValueError, match="finite"):
        audio.loud_quiet_errors(math.inf)
    with pytest.raises(ValueError, match="overflowed to infinity"):
        audio.waveform(amplitudes=(1.7e308, 1.7e308, 1.7e308))


@st.composite
def signals(draw, max_len=600):
    """Seeded noise of any length ≥ N_FFT and scale, with a stretch of exact silence."""
    n = draw(st.integers(N_FFT, max_len))
    x = draw(st.floats(1e-6, 1e3)) * np.random.default_rng(draw(st.integers(0, 2**32 - 1))).standard_normal(n)
    start = draw(st.integers(0, n))
    x[start : start + draw(st.integers(0, n))] = 0.0
    return x.tolist()


@settings(max_examples=30, deadline=None)
@given(signals())
def test_spectrogram_shapes_and_ranges(xs):
    frames = 1 + (len(xs) - N_FFT) // HOP
    lin = audio.spectrogram(xs)
    mel = audio.spectrogram(xs, "mel")
    db = audio.spectrogram(xs, "mel dB")
    assert (len(lin.values), len(lin.values[0]), len(lin.times)) == (64, frames, frames)
    assert (len(mel.values), len(mel.values[0])) == (audio.N_MELS, frames)
    assert all(v >= 0 for row in lin.values + mel.values for v in row)
    flat = [v for row in db.values for v in row]
    assert min(flat) >= max(-100.0, max(flat) - audio.TOP_DB) - 1e-9
    assert all(v >= -100.0 for row in audio.spectrogram(xs, "mel dB", top_db=None).values for v in row)
    losses = audio.output_space_losses(xs, xs)
    assert (losses.waveform, losses.linear, losses.mel, losses.db) == (0.0, 0.0, 0.0, 0.0)


@settings(max_examples=25, deadline=None)
@given(signals(max_len=300), st.integers(0, N_FFT - 1), st.sampled_from([math.nan, math.inf, -math.inf]))
def test_non_finite_samples_are_rejected(xs, i, bad):
    xs = list(xs)
    xs[i] = bad
    with pytest.raises(ValueError, match="NaN or infinity"):
        audio.spectrogram(xs)
    with pytest.raises(ValueError, match="NaN or infinity"):
        audio.output_space_losses(xs, [0.0] * len(xs))


@settings(max_examples=15, deadline=None)
@given(st.floats(50, 900), st.lists(st.floats(0, 2), min_size=1, max_size=4), st.sampled_from([None, *audio.FLAWS]),
       st.integers(0, 2**31))
def test_waveforms_are_finite_and_losses_non_negative(f0, amps, flaw, seed):
    if flaw == "missing harmonic" and len(amps) < 2:
        amps = [*amps, 0.5]
    y = audio.waveform(f0=f0, amplitudes=amps)
    y_hat = audio.waveform(flaw, f0=f0, amplitudes=amps, seed=seed)
    assert len(y.samples) == len(y_hat.samples) == round(audio.DURATION * SR)
    assert all(math.isfinite(v) and abs(v) <= sum(amps) + 1 for v in y_hat.samples)
    losses = audio.output_space_losses(y.samples, y_hat.samples)
    assert losses.status == "ok" and min(losses.waveform, losses.linear, losses.mel, losses.db) >= 0


def test_overflow_is_reported_in_words():
    huge = [1e200, -1e200] * 100
    losses = audio.output_space_losses(huge, [0.0] * 200)
    assert not math.isfinite(losses.waveform) and losses.status == "overflow"
    r = audio.loud_quiet_errors(1e200)
    assert not math.isfinite(r.quiet_raw_mse) and r.status == "overflow"
    assert audio.loud_quiet_errors(1.0).status == "ok"


def test_linear_db_spectrogram_matches_numpy():
    x = np_tone(audio.AMPLITUDES, [0.0] * 4, quiet_gain=0.01)
    spec = audio.spectrogram(list(x), "dB")
    assert spec.kind == "dB" and spec.freqs == audio.spectrogram(list(x)).freqs
    db = np.array(spec.values)
    assert np.allclose(db, np_db(np_stft_mag(x), audio.TOP_DB), atol=1e-7)
    assert db.min() == pytest.approx(db.max() - audio.TOP_DB)
    no_clip = np.array(audio.spectrogram(list(x), "dB", top_db=None).values)
    assert np.allclose(no_clip, np_db(np_stft_mag(x)), atol=1e-7)
    with pytest.raises(ValueError, match="'dB'"):
        audio.spectrogram(list(x), "log")
