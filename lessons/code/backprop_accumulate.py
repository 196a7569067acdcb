import torch

PHI = {  # the activation φ (the step is built from sign, so autograd can run through it: its slope is 0)
    "identity": lambda z: z,
    "step": lambda z: (torch.sign(z) + 1).clamp(max=1),
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
}
phi = PHI[$activation]

x = torch.tensor($x, dtype=torch.float64)
w = torch.tensor($w, dtype=torch.float64, requires_grad=True)
b = torch.tensor($b, dtype=torch.float64, requires_grad=True)
y = torch.tensor($y, dtype=torch.float64)
optimizer = torch.optim.SGD([w, b], lr=0.1)  # only for zero_grad(): no step is taken


def backward():
    loss = (phi(w @ x + b) - y) ** 2  # the forward pass, built again
    loss.backward()  # adds this pass's gradients into w.grad and b.grad


def show(after):
    grad = None if w.grad is None else w.grad.tolist()
    print(f"{after}: w.grad = {grad}")


backward()
show("backward 1")
backward()
show("backward 2")  # twice the first: .grad accumulates
optimizer.zero_grad()  # sets w.grad and b.grad to None
show("zero_grad")
backward()
show("backward 3")  # the first again
