"""Each loss of one prediction ŷ against a target y, and its slope dL/dŷ by autograd
(exported by tui-tutor; runs with any Python that has PyTorch)."""
import torch
import torch.nn.functional as F

y_hat = torch.tensor($y_hat, dtype=torch.float64, requires_grad=True)
y = torch.tensor($y, dtype=torch.float64)
losses = {
    "difference": y_hat - y,  # ŷ − y: no loss at all
    "l1": F.l1_loss(y_hat, y),  # |ŷ − y|
    "l2": F.mse_loss(y_hat, y),  # (ŷ − y)²
    "huber": F.huber_loss(y_hat, y, delta=$delta),  # ½(ŷ − y)² near y, |ŷ − y| − ½ further out
}
for name, loss in losses.items():
    (grad,) = torch.autograd.grad(loss, y_hat)
    print(f"{name} = {loss.item()!r}")
    print(f"{name}_grad = {grad.item()!r}")
