"""How a one-number gradient descent on a loss ended (why-not-difference, l1-vs-l2), said from its numbers.

The compute module judges the run (`losses.Descent.outcome`: settled, approaching, hopping,
growing, diverged, falling) from its last iterates; these sentences say it with the numbers
of that run, so the words always match what the table and the plot show.
"""

from __future__ import annotations

import math

from tui_tutor.numbers import MINUS, column, number


def outcome(run, *, name: str, target: str) -> str:
    """One line for a `losses.Descent`: `name` is what descends ("ŷ", "c"), `target` what its
    minimiser is called ("y", "the mean", "the median")."""
    said = _said(run, name, target)
    return f"stopped at t = {run.steps_run}: {said}" if run.stopped else said


def _said(run, name: str, target: str) -> str:
    t, cap = run.steps_run, number(run.cap)
    if run.outcome == "falling":
        if not math.isfinite(run.final) or abs(run.final) > run.cap:
            return f"runs away to {MINUS}∞: |{name}| > {cap} at t = {t}"
        return f"falls at every step: {name} = {number(run.final)} at t = {t}, no minimum"
    lo, hi = run.target_lo, run.target_hi
    where = f"{target} = {number(lo)}" if lo == hi else f"[{number(lo)}, {number(hi)}]"
    factor = number(run.factor, 2)
    if run.outcome == "diverged":
        end = f"|{name}| > {cap} at t = {t}" if math.isfinite(run.final) else f"not a number at t = {t}"
        if run.factor < 0:
            return f"diverges, swinging wider (× {factor} a step): {end}"
        return f"runs away to {'' if run.final > 0 else MINUS}∞: {end}"
    if run.outcome == "settled":
        if lo == hi:
            return f"settled at {target} = {number(lo)}"
        return f"settled at {number(run.final)} in {where}: every point there is minimal"
    if run.outcome == "approaching":
        jumping = ", jumping over it" if run.factor < 0 else ""
        return f"approaching {where}{jumping}: {number(run.gap, 2)} away at t = {t}"
    if run.outcome == "hopping":
        low, high = column([run.hop_lo, run.hop_hi])
        return f"hops between {low} and {high} around {where}"
    return f"swings wider (× {factor} a step) around {where}" if run.factor < 0 else f"moves away from {where}"
