import torch

PHI = {  # the activation φ (the step is built from sign, so autograd can run through it: its slope is 0)
    "identity": lambda z: z,
    "step": lambda z: (torch.sign(z) + 1).clamp(max=1),
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
}
phi = PHI[$activation]

x = torch.tensor($x, dtype=torch.float64)
w = torch.tensor($w, dtype=torch.float64, requires_grad=True)
b = torch.tensor($b, dtype=torch.float64, requires_grad=True)
y = torch.tensor($y, dtype=torch.float64)

z = w @ x + b
y_hat = phi(z)
loss = (y_hat - y) ** 2
loss.backward()  # the backward pass: fills w.grad and b.grad

print(f"L = {loss.item()!r}")
for i, g in enumerate(w.grad.tolist(), start=1):
    print(f"dL/dw{i} = {g!r}")
print(f"dL/db = {b.grad.item()!r}")
