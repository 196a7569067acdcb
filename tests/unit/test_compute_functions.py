"""The named test functions: values and derivatives against formulas derived by hand,
sampling for plots, and the learning-rate presets doing what their names say."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import descent, functions
from tui_tutor.compute.functions import CONVERGED, DIVERGED, RUNNING, UNBOUNDED

# f and its gradient, derived by hand in plain Python (the oracle).
HAND = {
    "bowl": (lambda w: (w - 1) ** 2 + 0.5, lambda w: (2 * (w - 1),)),
    "two-minima": (lambda w: (w**2 - 1) ** 2 + 0.3 * w, lambda w: (4 * w * (w**2 - 1) + 0.3,)),
    "round-bowl": (lambda a, b: a**2 + b**2, lambda a, b: (2 * a, 2 * b)),
    "elongated-bowl": (lambda a, b: a**2 + 5 * b**2, lambda a, b: (2 * a, 10 * b)),
    "saddle": (lambda a, b: a**2 - b**2, lambda a, b: (2 * a, -2 * b)),
    "two-minima-2d": (
        lambda a, b: (a**2 - 1) ** 2 + 0.3 * a + 3 * b**2,
        lambda a, b: (4 * a * (a**2 - 1) + 0.3, 6 * b),
    ),
}

coordinate = st.floats(-5, 5, allow_nan=False)


def close(a: float, b: float, tol: float = 1e-12) -> bool:
    return math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def test_every_function_has_a_hand_oracle_and_sane_metadata():
    assert set(functions.OBJECTIVES) == set(HAND)
    for o in functions.OBJECTIVES.values():
        assert o.formula.startswith("f(w) = ")
        assert o.gradient.startswith("f′(w) = " if o.dims == 1 else "∇f(w) = ")
        assert len(o.w0) == len(o.ranges) == o.dims
        assert all(lo < v < hi for v, (lo, hi) in zip(o.w0, o.ranges))
        assert [p.lr for p in o.presets] == sorted(p.lr for p in o.presets)


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(HAND)), w=st.tuples(coordinate, coordinate))
def test_value_and_autograd_gradient_match_the_hand_derivation(name, w):
    dims = functions.get(name).dims
    point = w[:dims]
    f, grad = HAND[name]
    it = descent.step(name, point, 0.1)
    assert close(functions.evaluate(name, point), f(*point))
    assert close(it.f, f(*point))
    assert all(close(a, b, 1e-10) for a, b in zip(it.grad, grad(*point), strict=True))


def test_curve_samples_the_plotting_range():
    c = functions.curve("two-minima", n=41)
    f, _ = HAND["two-minima"]
    assert len(c.xs) == len(c.ys) == 41
    assert (c.xs[0], c.xs[-1]) == functions.get("two-minima").ranges[0]
    assert all(close(y, f(x)) for x, y in zip(c.xs, c.ys))


def test_grid_rows_are_w2_and_columns_are_w1():
    g = functions.grid("elongated-bowl", nx=120, ny=60)
    f, _ = HAND["elongated-bowl"]
    assert len(g.w1s) == 120 and len(g.w2s) == 60
    assert len(g.values) == 60 and all(len(row) == 120 for row in g.values)
    for j in (0, 17, 59):
        for i in (0, 33, 119):
            assert close(g.values[j][i], f(g.w1s[i], g.w2s[j]))
    flat = [v for row in g.values for v in row]
    assert (g.lowest, g.highest) == (min(flat), max(flat))


def test_wrong_kind_or_name_is_refused():
    with pytest.raises(ValueError, match="grid"):
        functions.curve("saddle")
    with pytest.raises(ValueError, match="curve"):
        functions.grid("bowl")
    with pytest.raises(ValueError, match="unknown function"):
        functions.get("banana")
    with pytest.raises(ValueError, match="no preset"):
        functions.get("saddle").preset("diverges")


def _reversals(iterations) -> int:
    """How often the gradient turned back on itself between consecutive iterations."""
    return sum(sum(x * y for x, y in zip(a.grad, b.grad)) < 0 for a, b in zip(iterations, iterations[1:]))


PRESETS = [(o.name, p.name) for o in functions.OBJECTIVES.values() for p in o.presets]
SADDLE_NAMES = {"small": "too small", "moderate": "about right", "large": "too large"}
"""The saddle has no minimum, so no η is "about right" there; its presets behave like these."""


@pytest.mark.parametrize(("name", "preset"), PRESETS)
def test_each_preset_does_what_its_name_says(name, preset):
    o = functions.get(name)
    p = o.preset(preset)
    run = descent.run(name, o.w0, p.lr)
    its = run.iterations
    assert run.status == p.expect, run.note
    preset = SADDLE_NAMES.get(preset, preset)
    if preset == "too small":
        # Steady, monotone progress, never overshooting, but not there within the budget.
        assert len(its) == o.steps
        assert all(b.f < a.f for a, b in zip(its, its[1:]))
        assert _reversals(its) == 0
    elif preset == "about right":
        assert run.status in (CONVERGED, UNBOUNDED)  # the saddle has no minimum: escaping is the right answer
        assert len(its) < o.steps
    elif preset == "too large":
        # Overshoots: the gradient reverses direction in most steps, without converging.
        assert run.status in (RUNNING, UNBOUNDED)
        assert _reversals(its) >= (len(its) - 1) / 2
    else:
        assert run.status == DIVERGED
        assert any(not lo <= v <= hi for v, (lo, hi) in zip(run.path[-1], o.ranges))  # ran off the plot



@pytest.mark.parametrize("name", sorted(functions.OBJECTIVES))
def test_callable_agrees_with_the_exported_expression(name):
    """The text pasted into exported code is the same f the tutor computes with."""
    objective = functions.OBJECTIVES[name]
    points = torch.randn(objective.dims, 50, dtype=torch.float64, generator=torch.Generator().manual_seed(1)) * 2
    names = {"w": points[0]} if objective.dims == 1 else {"w1": points[0], "w2": points[1]}
    from_text = eval(objective.expr, {"__builtins__": {}, "torch": torch}, names)  # the test's own oracle
    assert torch.allclose(functions.apply(objective, points), from_text, rtol=1e-15, atol=1e-15)
