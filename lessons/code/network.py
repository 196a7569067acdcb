"""The tiny network f(x) = v1·φ(w1·x + b1) + v2·φ(w2·x + b2) + c as a 1-2-1 PyTorch network
(exported by tui-tutor; runs with any Python that has PyTorch)."""
import torch

phi = {"tanh": torch.nn.Tanh(), "relu": torch.nn.ReLU(), "sigmoid": torch.nn.Sigmoid()}[$activation]
net = torch.nn.Sequential(torch.nn.Linear(1, 2), phi, torch.nn.Linear(2, 1)).double()
with torch.no_grad():
    net[0].weight.copy_(torch.tensor([[$w1], [$w2]], dtype=torch.float64))  # w₁, w₂
    net[0].bias.copy_(torch.tensor([$b1, $b2], dtype=torch.float64))  # b₁, b₂
    net[2].weight.copy_(torch.tensor([[$v1, $v2]], dtype=torch.float64))  # v₁, v₂
    net[2].bias.copy_(torch.tensor([$c], dtype=torch.float64))  # c

    for x in $xs:
        y = net(torch.tensor([[x]], dtype=torch.float64))
        print(f"f({x!r}) = {y.item()!r}")
