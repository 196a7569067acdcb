"""The same raw error at a loud and at a quiet spot, squared in raw values and in dB (exported by tui-tutor)."""
import math

import torch

sr, n_fft, hop = $sample_rate, $n_fft, $hop
f0, duration, error, gain = $f0, $duration, $error, $gain
t = torch.arange(round(duration * sr), dtype=torch.float64) / sr
x = sum(a * torch.sin(2 * math.pi * h * f0 * t) for h, a in enumerate($amplitudes, start=1))
x[t >= duration / 2] *= gain  # loud first half, quiet second half

window = torch.hann_window(n_fft, dtype=torch.float64)
S = torch.stft(x, n_fft, hop_length=hop, window=window, center=False, return_complex=True).abs()
k = round(f0 * n_fft / sr)  # the fundamental's frequency bin
loud, quiet = S.shape[1] // 4, 3 * S.shape[1] // 4  # a frame in each half
v = S[k, [loud, quiet]]  # magnitudes before the error
v_hat = v + error  # the same raw error at both spots


def db(m):
    return 20 * torch.log10(torch.clamp(m, min=$amin))


raw = (v_hat - v) ** 2
in_db = (db(v_hat) - db(v)) ** 2
print("loud_value =", repr(v[0].item()))
print("quiet_value =", repr(v[1].item()))
print("loud_raw_mse =", repr(raw[0].item()))
print("quiet_raw_mse =", repr(raw[1].item()))
print("loud_db_mse =", repr(in_db[0].item()))
print("quiet_db_mse =", repr(in_db[1].item()))
