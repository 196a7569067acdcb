"""The tutor's Adam against torch.optim.Adam (single-tensor), step by step."""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch

from tui_tutor.compute.adam import Adam


def loss_of(params: list[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    w1, b1, w2 = params
    return ((torch.tanh(x @ w1 + b1) @ w2 - torch.sin(3 * x)) ** 2).mean()


def fresh(seed: int) -> list[torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    shapes = [(1, 8), (8,), (8, 1)]
    return [torch.randn(*s, generator=gen, dtype=torch.float64).requires_grad_(True) for s in shapes]


@pytest.mark.parametrize(("lr", "betas", "eps"), [(0.01, (0.9, 0.999), 1e-8), (0.2, (0.5, 0.9), 1e-6)])
def test_every_step_equals_torch_optim_adam(lr, betas, eps):
    x = torch.linspace(-1, 1, 20, dtype=torch.float64)[:, None]
    ours, theirs = fresh(3), fresh(3)
    mine = Adam(ours, lr=lr, betas=betas, eps=eps)
    oracle = torch.optim.Adam(theirs, lr=lr, betas=betas, eps=eps, foreach=False)
    for _ in range(60):
        for params, opt in ((ours, mine), (theirs, oracle)):
            opt.zero_grad()
            loss_of(params, x).backward()
            opt.step()
        for a, b in zip(ours, theirs, strict=True):
            assert torch.allclose(a, b, rtol=1e-12, atol=1e-14)


def test_a_parameter_without_a_gradient_is_left_alone():
    used, unused = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in (1.0, 5.0))
    opt = Adam([used, unused], lr=0.1)
    (used**2).backward()
    opt.step()
    assert unused.item() == 5.0 and used.item() == pytest.approx(0.9, abs=1e-9)


def test_training_in_the_tutor_does_not_import_torch_dynamo():
    code = ("import sys; from tui_tutor.compute import network, codec; network.fit('wide', steps=3); "
            "codec.train_gain(bits=3, steps=3); print('torch._dynamo' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
