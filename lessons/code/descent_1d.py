import torch

w = torch.tensor($w0, dtype=torch.float64, requires_grad=True)
optimizer = torch.optim.SGD([w], lr=$lr)
print(f"w_0 = {w.item()!r}")
for t in range(1, $steps + 1):
    optimizer.zero_grad()
    f = $code  # $formula
    f.backward()
    optimizer.step()  # w = w - lr * w.grad
    print(f"w_{t} = {w.item()!r}")
