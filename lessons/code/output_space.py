"""One flaw's MSE in four output spaces: waveform, |STFT|, mel, mel in dB (exported by tui-tutor)."""
import math

import torch
import torch.nn.functional as F

sr, n_fft, hop, n_mels = $sample_rate, $n_fft, $hop, $n_mels
f0, duration = $f0, $duration
t = torch.arange(round(duration * sr), dtype=torch.float64) / sr


def tone(amplitudes, phases):
    """Σₕ aₕ·sin(2π·h·f0·t + φₕ)."""
    return sum(a * torch.sin(2 * math.pi * h * f0 * t + p) for h, (a, p) in enumerate(zip(amplitudes, phases), start=1))


def spec(x):  # linear magnitude spectrogram (freq × time)
    window = torch.hann_window(n_fft, dtype=torch.float64)
    return torch.stft(x, n_fft, hop_length=hop, window=window, center=False, return_complex=True).abs()


def mel_fbank(n_freqs):  # HTK mel, triangular, no normalisation
    freqs = torch.linspace(0, sr / 2, n_freqs, dtype=torch.float64)
    mel_max = 2595 * math.log10(1 + (sr / 2) / 700)
    f = 700 * (10 ** (torch.linspace(0, mel_max, n_mels + 2, dtype=torch.float64) / 2595) - 1)
    up = (freqs - f[:-2, None]) / (f[1:-1, None] - f[:-2, None])
    down = (f[2:, None] - freqs) / (f[2:, None] - f[1:-1, None])
    return torch.clamp(torch.minimum(up, down), min=0)


def db(m, top_db=$top_db):
    d = 20 * torch.log10(torch.clamp(m, min=$amin))
    return torch.maximum(d, d.max() - top_db)


y = tone($amplitudes, $phases)  # the original
y_hat = tone($flawed_amplitudes, $flawed_phases)  # the reconstruction: $flaw
noise_std = $noise_std  # Gaussian noise added to every sample (0: none)
if noise_std:
    y_hat = y_hat + noise_std * torch.randn(y_hat.shape, generator=torch.Generator().manual_seed($seed), dtype=torch.float64)
S, S_hat = spec(y), spec(y_hat)
fb = mel_fbank(S.shape[0])
M, M_hat = fb @ S, fb @ S_hat
print("waveform_mse =", repr(F.mse_loss(y_hat, y).item()))
print("linear_mse =", repr(F.mse_loss(S_hat, S).item()))
print("mel_mse =", repr(F.mse_loss(M_hat, M).item()))
print("db_mse =", repr(F.mse_loss(db(M_hat), db(M)).item()))
