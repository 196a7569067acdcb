"""Oracles for lesson 5 (`audio-codec-objective`): quantisation and MSE by hand in NumPy,
`torch.stft` for the log-spectral distance, autograd / Adam's first step in closed form."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import audio, codec

TONE = np.array(audio.waveform().samples)


def np_quantise(x, bits, gain):
    step = 2.0 / (2**bits - 1)
    codes = np.round((np.clip(gain * x, -1.0, 1.0) + 1.0) / step)
    return (codes * step - 1.0) / gain


def stft_db(x):
    mag = torch.stft(torch.tensor(x), 126, hop_length=32, window=torch.hann_window(126, dtype=torch.float64),
                     center=False, return_complex=True).abs().numpy()
    db = 20 * np.log10(np.maximum(mag, 1e-5))
    return np.maximum(db, db.max() - 80.0)


def np_lsd(x, x_hat):
    d = stft_db(x) - stft_db(x_hat)
    return np.mean(np.sqrt(np.mean(d**2, axis=0)))


def test_quantise_matches_hand_quantiser():
    for bits, gain in [(1, 1.0), (3, 0.5), (8, 1.3), (16, 2.0)]:
        q = codec.quantise(list(TONE), bits, gain)
        assert np.allclose(q.samples, np_quantise(TONE, bits, gain), atol=1e-12)
        assert q.step == pytest.approx(2 / (2**bits - 1))
        assert q.clipped == int(np.sum(np.abs(gain * TONE) > 1))
    assert codec.quantise([0.9, -0.9, 0.2], 1).samples == (1.0, -1.0, 1.0)  # 1 bit: two levels, ±1


def test_codec_table_matches_numpy_and_stft():
    rows = codec.codec_table()
    assert [r.bits for r in rows] == list(range(1, 17))
    for r in rows:
        x_hat = np_quantise(TONE, r.bits, codec.GAIN)
        assert r.bit_rate == r.bits * 8000
        assert r.waveform_mse == pytest.approx(np.mean((TONE - x_hat) ** 2), rel=1e-9)
        assert r.lsd_db == pytest.approx(np_lsd(TONE, x_hat), rel=1e-7, abs=1e-9)
    mses = [r.waveform_mse for r in rows]
    assert all(a > b for a, b in zip(mses, mses[1:]))  # every extra bit helps
    # about 6 dB less noise per bit: the MSE falls by about 4× per bit
    assert 2.5 < mses[9] / mses[10] < 6.5


def test_search_picks_the_smallest_bits_meeting_the_threshold():
    table = codec.codec_table()
    for threshold in (1.0, 10.0, 30.0):
        found = codec.search_bits(threshold)
        expected = min(r.bits for r in table if r.lsd_db <= threshold)
        assert found.bits == expected and found.bit_rate == expected * 8000
        assert found.tried_bits == tuple(range(1, expected + 1))
        assert found.tried_lsd_db == tuple(r.lsd_db for r in table[:expected])
    none = codec.search_bits(0.0)
    assert none.bits == 0 and none.bit_rate == 0 and len(none.tried_bits) == 16


def test_gradient_wrt_bits_is_zero_but_wrt_gain_is_not():
    for bits, gain in [(4, 1.0), (2, 0.5), (8, 1.6)]:
        r = codec.bit_gradients(bits, gain)
        assert r.grad_bits == 0.0 and r.loss != r.loss_next  # the loss moves with k, its gradient does not
        x_hat = np_quantise(TONE, bits, gain)
        assert r.loss == pytest.approx(np.mean((TONE - x_hat) ** 2))
        assert r.loss_next == pytest.approx(np.mean((TONE - np_quantise(TONE, bits + 1, gain)) ** 2))
        # straight-through: d x̂/dg = (x·[|g·x| < 1] − x̂) / g
        dxhat = (TONE * (np.abs(gain * TONE) < 1) - x_hat) / gain
        assert r.grad_gain == pytest.approx(np.mean(2 * (x_hat - TONE) * dxhat), rel=1e-9)
        assert r.grad_gain != 0.0


def test_training_the_gain_lowers_the_true_loss():
    seen = []
    r = codec.train_gain(on_progress=lambda *a: seen.append(a))
    assert (r.steps_run, r.stopped, r.diverged) == (100, False, False) and len(r.gains) == len(r.losses) == 101
    for g, loss in list(zip(r.gains, r.losses))[::20]:
        assert loss == pytest.approx(np.mean((TONE - np_quantise(TONE, 4, g)) ** 2), rel=1e-9)
    # Adam's first step has size lr, uphill in g because d(loss)/dg < 0 at g = 0.2
    assert r.gains[1] - r.gains[0] == pytest.approx(0.2, rel=1e-6)
    assert r.final_loss < 0.05 * r.losses[0] and 1.0 < r.final_gain < 2.0
    assert r.final_loss < codec.codec_table(codec.GAIN, [4])[0].waveform_mse  # better than g = 1
    assert seen[0][:2] == (0, 100) and seen[-1] == (100, 100, r.final_loss)
    stopped = codec.train_gain(should_stop=lambda: True)
    assert (stopped.steps_run, stopped.stopped) == (0, True) and stopped.gains == (0.2,)
    # Adam's first step has size lr: 5 takes g = 2 (d(loss)/dg > 0 there: clipping) to −3, not a gain
    wild = codec.train_gain(4, 2.0, lr=5.0)
    assert (wild.steps_run, wild.diverged) == (1, True) and wild.gains[1] == pytest.approx(2.0 - 5.0, rel=1e-5)


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match="whole number from 1 to 16"):
        codec.quantise([0.1], 0)
    with pytest.raises(ValueError, match="whole number from 1 to 16"):
        codec.quantise([0.1], 4.5)
    with pytest.raises(ValueError, match="gain"):
        codec.quantise([0.1], 4, 0.0)
    with pytest.raises(ValueError, match="gain"):
        codec.train_gain(gain0=math.nan)
    with pytest.raises(ValueError, match="threshold"):
        codec.search_bits(math.inf)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-5, 5), min_size=1, max_size=50), st.integers(1, 16), st.floats(0.01, 10))
def test_quantisation_error_is_at_most_half_a_step(xs, bits, gain):
    q = codec.quantise(xs, bits, gain)
    x, x_hat = np.array(xs), np.array(q.samples)
    assert len(q.samples) == len(xs)
    inside = np.abs(gain * x) <= 1
    assert np.all(np.abs(x - x_hat)[inside] <= q.step / (2 * gain) * (1 + 1e-9) + 1e-12)
    assert len(set(np.round(x_hat * gain, 9))) <= 2**bits  # k bits: at most 2ᵏ levels
    assert np.all(np.abs(x_hat) <= 1 / gain * (1 + 1e-9))
    assert q.clipped == int(np.sum(~inside))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-5, 5), min_size=1, max_size=20), st.integers(0, 19), st.sampled_from([math.nan, math.inf, -math.inf]))
def test_non_finite_samples_are_rejected(xs, i, bad):
    xs = list(xs)
    xs[i % len(xs)] = bad
    with pytest.raises(ValueError, match="NaN or infinity"):
        codec.quantise(xs, 8)


def test_spectra_are_the_mean_log_spectra_the_lsd_compares():
    for bits, gain in [(4, 1.0), (12, 1.3)]:
        s = codec.spectra(bits, gain)
        x_hat = np_quantise(TONE, bits, gain)
        assert np.allclose(s.original_db, stft_db(TONE).mean(axis=1), atol=1e-9)
        assert np.allclose(s.decoded_db, stft_db(x_hat).mean(axis=1), atol=1e-9)
        assert s.freqs == pytest.approx([k * 8000 / 126 for k in range(64)])
    quiet = np.array(codec.spectra(4).original_db[40:])  # above the 4th harmonic: only the floor
    assert np.all(np.array(codec.spectra(4).decoded_db[40:]) > quiet + 20)  # quantisation noise lifts it
    with pytest.raises(ValueError, match="bits"):
        codec.spectra(0)
