"""How a training run ended, in words (the network fits, the codec's gain)."""

from __future__ import annotations


def run_end(steps: int, *, stopped: bool = False, diverged: bool = False,
            problem: str = "the loss is not a finite number") -> str:
    """"trained for 600 steps", "stopped after 7 steps" or "diverged at step 12: the loss is not
    a finite number"; `steps` counts the steps taken (for a divergence: the step it happened at)."""
    if diverged:
        return f"diverged at step {steps}: {problem}"
    if stopped:
        return f"stopped after {steps} step{'' if steps == 1 else 's'}"
    return f"trained for {steps} step{'' if steps == 1 else 's'}"
