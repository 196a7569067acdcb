"""Binary cross-entropy of one prediction, and the slide's form with its sign slip (exported by tui-tutor)."""
import torch
import torch.nn.functional as F

y_hat = torch.tensor($y_hat, dtype=torch.float64)  # predicted P(y = 1)
y = torch.tensor($y, dtype=torch.float64)  # the true label
loss = F.binary_cross_entropy(y_hat, y)  # = -y log y_hat - (1 - y) log(1 - y_hat), log 0 clamped at -100
print(f"bce = {loss.item()!r}")

# the slide's formula, with its sign slip: -y log y_hat + (1 - y) log(1 - y_hat)
log_p, log_q = torch.log(y_hat).clamp(min=-100), torch.log(1 - y_hat).clamp(min=-100)
print(f"slide_bce = {(-y * log_p + (1 - y) * log_q).item()!r}")
