import torch

x = torch.tensor($x, dtype=torch.float64)
w = torch.tensor($w, dtype=torch.float64, requires_grad=True)
b = torch.tensor($b, dtype=torch.float64, requires_grad=True)
y = torch.tensor($y, dtype=torch.float64)
lr = $lr  # η

for t in range($steps):
    w.grad = b.grad = None
    z = w @ x + b
    y_hat = (torch.sign(z) + 1).clamp(max=1)  # the step: 1 if z >= 0 else 0, via sign (slope 0)
    loss = (y_hat - y) ** 2
    loss.backward()  # dL/dw = dL/dŷ · 0 · x = 0
    with torch.no_grad():
        w -= lr * w.grad  # w ← w − η ∂L/∂w: moves by 0
        b -= lr * b.grad
    print(f"L = {loss.item()!r}")
    print(f"w.grad = {[g + 0.0 for g in w.grad.tolist()]}")
    print(f"w = {w.tolist()}")
