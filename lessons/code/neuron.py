"""One neuron, ŷ = φ(w·x + b) (exported by tui-tutor; runs with any Python that has PyTorch)."""
import torch

x = torch.tensor($x, dtype=torch.float64)  # the inputs
w = torch.tensor($w, dtype=torch.float64)  # one weight per input
b = torch.tensor($b, dtype=torch.float64)  # the bias
activation = $activation

phi = {
    "identity": lambda z: z,
    "step": lambda z: (z >= 0).double(),  # 1 if z ≥ 0 else 0
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
}[activation]

terms = w * x  # each wᵢxᵢ
z = terms.sum() + b  # z = w·x + b
y_hat = phi(z)  # ŷ = φ(z)

for i, term in enumerate(terms.tolist(), start=1):
    print(f"w{i}x{i} = {term!r}")
print(f"z = {z.item()!r}")
print(f"y_hat = {y_hat.item()!r}")
