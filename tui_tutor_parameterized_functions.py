import torch

# f(x) = v1*phi(w1*x + b1) + v2*phi(w2*x + b2) + c as a 1-2-1 network
net = torch.nn.Sequential(torch.nn.Linear(1, 2), torch.nn.Tanh(), torch.nn.Linear(2, 1)).double()
with torch.no_grad():
    net[0].weight.copy_(torch.tensor([[2.0], [-1.5]], dtype=torch.float64))  # w1, w2
    net[0].bias.copy_(torch.tensor([1.0, 1.0], dtype=torch.float64))  # b1, b2
    net[2].weight.copy_(torch.tensor([[1.0, 0.8]], dtype=torch.float64))  # v1, v2
    net[2].bias.copy_(torch.tensor([0.0], dtype=torch.float64))  # c

    for x in [-2.0, -1.0, 0.0, 1.0, 2.0]:
        y = net(torch.tensor([[x]], dtype=torch.float64))
        print(f"f({x!r}) = {y.item()!r}")
