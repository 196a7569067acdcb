"""The gradients of CE and of MSE on the softmax output for one example, by autograd (exported by tui-tutor)."""
import torch
import torch.nn.functional as F

z = torch.tensor($logits, dtype=torch.float64, requires_grad=True)  # the logits ỹ
target = $target  # the true class, counted from 0
y = F.one_hot(torch.tensor(target), num_classes=len(z)).to(torch.float64)  # one-hot y

p = torch.softmax(z, dim=0)  # ŷ
ce = F.cross_entropy(z[None], torch.tensor([target]))  # −log ŷ_target
mse = F.mse_loss(p, y)  # mean of (ŷᵢ − yᵢ)²
(ce_grad,) = torch.autograd.grad(ce, z, retain_graph=True)  # = ŷ − y
(mse_grad,) = torch.autograd.grad(mse, z)  # flattened by the softmax

for i, value in enumerate(p.tolist()):
    print(f"p[{i}] = {value!r}")
print(f"ce = {ce.item()!r}")
print(f"mse = {mse.item()!r}")
for i, value in enumerate(ce_grad.tolist()):
    print(f"ce_grad[{i}] = {value!r}")
for i, value in enumerate(mse_grad.tolist()):
    print(f"mse_grad[{i}] = {value!r}")
print(f"ce_grad_norm = {ce_grad.norm().item()!r}")
print(f"mse_grad_norm = {mse_grad.norm().item()!r}")
