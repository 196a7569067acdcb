"""Adam, the update `torch.optim.Adam` makes (no weight decay, no AMSGrad), written out.

Why not `torch.optim.Adam` itself: constructing any `torch.optim` optimiser imports
`torch._dynamo` and with it sympy and mpmath (about 800 modules) the first time, which costs
about 70 MB of private memory and a second, in every tutor session that reaches a lesson
that trains. These few lines do the same arithmetic in the same order as its single-tensor
implementation; the tests hold them to `torch.optim.Adam` step by step.
"""

from __future__ import annotations

from collections.abc import Iterable

import torch


class Adam:
    """Adam over `params` (tensors with requires_grad): `zero_grad()`, then backward, then `step()`."""

    def __init__(self, params: Iterable[torch.Tensor], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> None:
        self.params = list(params)
        self.lr, (self.beta1, self.beta2), self.eps = lr, betas, eps
        self.steps = 0
        self.exp_avg = [torch.zeros_like(p) for p in self.params]
        self.exp_avg_sq = [torch.zeros_like(p) for p in self.params]

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self) -> None:
        """One update of every parameter that has a gradient."""
        self.steps += 1
        bias_correction1 = 1 - self.beta1**self.steps
        bias_correction2 = 1 - self.beta2**self.steps
        step_size = self.lr / bias_correction1
        bias_correction2_sqrt = bias_correction2**0.5
        for p, m, v in zip(self.params, self.exp_avg, self.exp_avg_sq, strict=True):
            if p.grad is None:
                continue
            m.lerp_(p.grad, 1 - self.beta1)
            v.mul_(self.beta2).addcmul_(p.grad, p.grad, value=1 - self.beta2)
            denom = (v.sqrt() / bias_correction2_sqrt).add_(self.eps)
            p.addcdiv_(m, denom, value=-step_size)
