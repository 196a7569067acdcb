import torch

w = torch.tensor($w0, dtype=torch.float64, requires_grad=True)  # w = (u, v)
optimizer = torch.optim.SGD([w], lr=$lr)
print(f"w_0 = {tuple(w.tolist())!r}")
for t in range(1, $steps + 1):
    optimizer.zero_grad()
    u, v = w
    f = $code  # $formula
    f.backward()
    optimizer.step()  # w = w - lr * w.grad
    print(f"w_{t} = {tuple(w.tolist())!r}")
