"""Softmax of some logits: by PyTorch, by hand the stable way, and the naive way (exported by tui-tutor)."""
import torch

z = torch.tensor($logits, dtype=torch.float64)  # the logits (the slide's ỹ)

p = torch.softmax(z, dim=0)  # PyTorch subtracts max(z) for you
m = z.max()
stable = torch.exp(z - m) / torch.exp(z - m).sum()  # e^(zᵢ − m) / Σⱼ e^(zⱼ − m): every exponent ≤ 0
naive = torch.exp(z) / torch.exp(z).sum()  # e^zᵢ / Σⱼ e^zⱼ: e^710 is already inf, inf / inf = nan

for i in range(len(z)):
    print(f"p[{i}] = {p[i].item()!r}")
for i in range(len(z)):
    print(f"stable[{i}] = {stable[i].item()!r}")
for i in range(len(z)):
    print(f"naive[{i}] = {naive[i].item()!r}")

# two classes: softmax(z₁, z₂)₁ is the sigmoid of the difference
print(f"softmax_two = {torch.softmax(z[:2], dim=0)[0].item()!r}")
print(f"sigmoid_diff = {torch.sigmoid(z[0] - z[1]).item()!r}")
