"""A tiny digit recogniser on noisy 5×7 glyphs (exported by tui-tutor)."""
import torch
import torch.nn.functional as F

GLYPHS = $glyphs  # '#' is ink (1), '.' is paper (0)
SEED, LR, HIDDEN, PER_DIGIT = $seed, $lr, $hidden, $per_digit
FLIP, SHIFT = $flip, $shift  # pixel flip probability, one-pixel shift probability
CLEAN = torch.tensor([[float(c == "#") for row in g for c in row] for g in GLYPHS], dtype=torch.float64)


def noisy_digits(seed):
    """PER_DIGIT noisy copies of each digit: maybe shifted by one pixel, then pixels flipped."""
    gen = torch.Generator().manual_seed(seed)
    labels = torch.arange(10).repeat(PER_DIGIT)
    images = CLEAN[labels].reshape(-1, 7, 5).clone()
    moves = torch.randint(0, 4, (len(labels),), generator=gen)
    shifted = torch.rand(len(labels), generator=gen, dtype=torch.float64) < SHIFT
    for i in torch.nonzero(shifted).flatten().tolist():
        dim, odd = divmod(int(moves[i]), 2)
        step = 1 if odd else -1
        images[i] = torch.roll(images[i], step, dims=dim)
        images[i].select(dim, 0 if step == 1 else -1).zero_()  # what rolled round the edge
    flips = torch.rand(images.shape, generator=gen, dtype=torch.float64) < FLIP
    return torch.where(flips, 1 - images, images).reshape(-1, 35), labels


def logits_of(params, x):
    """35 pixels -> tanh hidden layer -> 10 logits (the softmax is inside the loss)."""
    w1, b1, w2, b2 = params
    return torch.tanh(x @ w1.T + b1) @ w2.T + b2


def loss_of(name, logits, labels):
    if name == "ce":
        return F.cross_entropy(logits, labels)
    one_hot = F.one_hot(labels, 10).to(torch.float64)
    return F.mse_loss(torch.softmax(logits, dim=1), one_hot)  # MSE on the softmax output


x, labels = noisy_digits(SEED)
test_x, test_labels = noisy_digits(SEED + 1)  # fresh noisy examples
gen = torch.Generator().manual_seed(SEED)
start = [
    torch.randn(HIDDEN, 35, generator=gen, dtype=torch.float64) / 35**0.5,
    torch.zeros(HIDDEN, dtype=torch.float64),
    torch.randn(10, HIDDEN, generator=gen, dtype=torch.float64) / HIDDEN**0.5,
    torch.zeros(10, dtype=torch.float64),
]
models = {}
for name, epochs in $runs:  # (loss, epochs): every run from the same start
    params = [p.clone().requires_grad_() for p in start]
    for epoch in range(epochs):  # full-batch gradient descent
        loss = loss_of(name, logits_of(params, x), labels)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads):
                p -= LR * g
    with torch.no_grad():
        logits = logits_of(params, x)
        accuracy = (logits.argmax(1) == labels).double().mean().item()
        test_accuracy = (logits_of(params, test_x).argmax(1) == test_labels).double().mean().item()
        print(f"{name}_loss = {loss_of(name, logits, labels).item()!r}")
    print(f"{name}_accuracy = {accuracy!r}")
    print(f"{name}_test_accuracy = {test_accuracy!r}")
    models[name] = params
