"""The audio-codec lesson in PyTorch: a tone quantised to k bits, its bit rate, waveform MSE and
log-spectral distance, the search over k, d(MSE)/dk = 0 against d(MSE)/dg, and the gain trained
with Adam (exported by tui-tutor; runs with any Python that has PyTorch)."""
import math

import torch
import torch.nn.functional as F

sr, n_fft, hop, top_db, floor = $sample_rate, $n_fft, $hop, $top_db, $amin
t = torch.arange(round($duration * sr), dtype=torch.float64) / sr
x = torch.zeros_like(t)  # the tone: $f0 Hz and its harmonics
for h, a in enumerate($amplitudes, start=1):
    x = x + a * torch.sin(2 * math.pi * h * $f0 * t)


def codec(x, bits, gain, straight_through=False):
    """Encode to 2**bits levels and decode; straight-through: round() passes gradients."""
    step = 2.0 / (2.0**bits - 1.0)
    u = (torch.clamp(gain * x, -1.0, 1.0) + 1.0) / step
    codes = u + (torch.round(u) - u).detach() if straight_through else torch.round(u)
    return (codes * step - 1.0) / gain


def log_spec(x):  # |STFT| in dB, with a floor and a top_db range
    window = torch.hann_window(n_fft, dtype=torch.float64)
    m = torch.stft(x, n_fft, hop_length=hop, window=window, center=False, return_complex=True).abs()
    d = 20.0 * torch.log10(torch.clamp(m, min=floor))
    return torch.maximum(d, d.max() - top_db)


def lsd(x, x_hat):  # log-spectral distance in dB
    return ((log_spec(x) - log_spec(x_hat)) ** 2).mean(dim=0).sqrt().mean()


bits, gain, threshold_db = $bits, $gain, $threshold
x_hat = codec(x, bits, gain)
print("bit_rate =", bits * sr)
print("waveform_mse =", repr(F.mse_loss(x_hat, x).item()))
print("lsd_db =", repr(lsd(x, x_hat).item()))

# the bit rate is searched: try k = 1, 2, … and keep the first that is good enough
searched = next((k for k in range(1, 17) if lsd(x, codec(x, k, gain)).item() <= threshold_db), 0)
print("searched_bits =", searched)

# … not trained: k enters only through round(k), whose gradient is 0
k = torch.tensor(float(bits), dtype=torch.float64, requires_grad=True)
(grad_k,) = torch.autograd.grad(F.mse_loss(codec(x, torch.round(k), gain), x), k)
g = torch.tensor(gain, dtype=torch.float64, requires_grad=True)
(grad_g,) = torch.autograd.grad(F.mse_loss(codec(x, bits, g, straight_through=True), x), g)
print("grad_bits =", repr(grad_k.item()))
print("grad_gain =", repr(grad_g.item()))

# the gain is trainable: Adam on g through the straight-through quantiser
g = torch.tensor(gain, dtype=torch.float64, requires_grad=True)
opt = torch.optim.Adam([g], lr=$train_lr)
for step in range($train_steps):
    loss = F.mse_loss(codec(x, bits, g, straight_through=True), x)
    opt.zero_grad()
    loss.backward()
    opt.step()
print("trained_gain =", repr(g.item()))
print("trained_mse =", repr(F.mse_loss(codec(x, bits, g.detach()), x).item()))
