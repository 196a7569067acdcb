import torch

w = torch.tensor($w, dtype=torch.float64, requires_grad=True)
x = $x

a = w * x
a.retain_grad()  # keep ∂L/∂a (an inner node's .grad is freed otherwise)
loss = a * a + a  # a is used twice: in a·a and in + a
loss.backward()

print(f"a = {a.item()!r}")
print(f"L = {loss.item()!r}")
print(f"dL/da = {a.grad.item()!r}")  # 2a from a·a, plus 1 from + a
print(f"dL/dw = {w.grad.item()!r}")  # dL/da · x
