import torch

PHI = {  # the activation φ (the step is built from sign, so autograd can run through it: its slope is 0)
    "identity": lambda a: a,
    "step": lambda a: (torch.sign(a) + 1).clamp(max=1),
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
}
phi = PHI[$activation]

x = torch.tensor($x, dtype=torch.float64)
W1 = torch.tensor($W1, dtype=torch.float64, requires_grad=True)  # hidden layer: 2 units
b1 = torch.tensor($b1, dtype=torch.float64, requires_grad=True)
w2 = torch.tensor($w2, dtype=torch.float64, requires_grad=True)  # output layer
b2 = torch.tensor($b2, dtype=torch.float64, requires_grad=True)
y = torch.tensor($y, dtype=torch.float64)

a = W1 @ x + b1  # a_j = W1[j, :] · x + b1[j]
h = phi(a)
y_hat = w2 @ h + b2
loss = (y_hat - y) ** 2
loss.backward()  # the backward pass: fills W1.grad, b1.grad, w2.grad and b2.grad

print(f"L = {loss.item()!r}")
for j in range(2):
    print(f"w2.grad[{j}] = {w2.grad[j].item()!r}")
print(f"b2.grad = {b2.grad.item()!r}")
for j in range(2):
    for i in range(len(x)):
        print(f"W1.grad[{j}, {i}] = {W1.grad[j, i].item()!r}")
    print(f"b1.grad[{j}] = {b1.grad[j].item()!r}")
