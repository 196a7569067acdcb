"""One constant c predicting every point of a data set: MAE, MSE, their slopes in c, the mean and
the median, and c fitted by torch.optim.SGD under each loss
(exported by tui-tutor; runs with any Python that has PyTorch)."""
import torch
import torch.nn.functional as F

y = torch.tensor($data, dtype=torch.float64)
losses = {"mae": F.l1_loss, "mse": F.mse_loss}  # (1/n) Σ |ŷᵢ − yᵢ| and (1/n) Σ (ŷᵢ − yᵢ)²
for name, loss_fn in losses.items():
    c = torch.tensor($c, dtype=torch.float64, requires_grad=True)
    loss = loss_fn(c.expand_as(y), y)  # predict ŷᵢ = c for every i
    loss.backward()
    print(f"{name} = {loss.item()!r}")
    print(f"{name}_grad = {c.grad.item()!r}")  # dMAE/dc, dMSE/dc
print(f"mean = {y.mean().item()!r}")
print(f"median = {torch.quantile(y, 0.5).item()!r}")  # even n: midpoint of the two middle values

for name, loss_fn in (("l1", F.l1_loss), ("l2", F.mse_loss)):
    c = torch.tensor($c, dtype=torch.float64, requires_grad=True)  # c₀
    optimizer = torch.optim.SGD([c], lr=$lr)  # η
    for step in range($steps):
        if abs(c.item()) > $cap:
            break  # diverged
        optimizer.zero_grad()
        loss = loss_fn(c.expand_as(y), y)
        loss.backward()
        optimizer.step()  # cₜ₊₁ = cₜ − η dL/dc
        if not torch.isfinite(loss):
            break
    print(f"{name}_fit = {c.item()!r}")
