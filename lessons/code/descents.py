"""Gradient descent on ŷ under ŷ − y, |ŷ − y| and (ŷ − y)², with torch.optim.SGD
(exported by tui-tutor; runs with any Python that has PyTorch)."""
import torch

y = torch.tensor($y, dtype=torch.float64)
candidates = {
    "difference": lambda y_hat: y_hat - y,  # L = ŷ − y
    "l1": lambda y_hat: (y_hat - y).abs(),  # L1 = |ŷ − y|
    "l2": lambda y_hat: (y_hat - y) ** 2,  # L2 = (ŷ − y)²
}
for name, loss_fn in candidates.items():
    y_hat = torch.tensor($y_hat0, dtype=torch.float64, requires_grad=True)  # ŷ₀
    optimizer = torch.optim.SGD([y_hat], lr=$lr)  # η
    steps = 0
    while steps < $steps and abs(y_hat.item()) <= $cap:  # T steps, or until |ŷ| passes the cap
        optimizer.zero_grad()
        loss = loss_fn(y_hat)
        loss.backward()  # dL/dŷ
        optimizer.step()  # ŷₜ₊₁ = ŷₜ − η dL/dŷ
        steps += 1
        if not torch.isfinite(loss):
            break
    print(f"{name}_steps = {steps}")
    print(f"{name}_y_hat = {y_hat.item()!r}")
    print(f"{name}_loss = {loss_fn(y_hat).item()!r}")
