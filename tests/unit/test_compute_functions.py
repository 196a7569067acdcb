"""The named test functions: values and derivatives against formulas derived by hand,
sampling for plots, the learning-rate presets doing what their names say, and the lessons'
words for them (every function written, every preset said, the exported expression the same f)."""

from __future__ import annotations

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.compute import descent, functions
from tui_tutor.compute.functions import CONVERGED, DIVERGED, RUNNING, UNBOUNDED
from tui_tutor.content import load_lessons

DESCENT_LESSONS = [lesson for lesson in load_lessons() if lesson.panel in ("gradient-descent", "gradient-descent-3d")]

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



@pytest.mark.parametrize("lesson", DESCENT_LESSONS, ids=lambda lesson: lesson.id)
def test_the_lesson_writes_every_function_it_offers_and_says_every_preset(lesson):
    rows = {row["name"]: row for row in lesson.data["functions"]}
    notes = {(row["function"], row["name"]) for row in lesson.data["presets"]}
    for name in lesson.param("function").choices:
        o = functions.get(name)
        assert rows[name]["formula"].startswith("f(w) = ")
        assert rows[name]["gradient"].startswith("f′(w) = " if o.dims == 1 else "∇f(w) = ")
        assert {(name, p.name) for p in o.presets} <= notes


@pytest.mark.parametrize("lesson", DESCENT_LESSONS, ids=lambda lesson: lesson.id)
def test_the_exported_expression_is_the_f_the_tutor_computes(lesson):
    """The PyTorch line pasted into exported code (the lesson's `code`) is the same f, here and by hand."""
    for row in lesson.data["functions"]:
        o = functions.get(row["name"])
        points = torch.randn(o.dims, 50, dtype=torch.float64, generator=torch.Generator().manual_seed(1)) * 2
        names = {"w": points[0]} if o.dims == 1 else {"u": points[0], "v": points[1]}
        from_text = eval(row["code"], {"__builtins__": {}, "torch": torch}, names)  # the lesson's own text
        assert torch.allclose(functions.apply(o, points), from_text, rtol=1e-15, atol=1e-15)
        by_hand = torch.tensor([HAND[o.name][0](*p) for p in points.T.tolist()], dtype=torch.float64)
        assert torch.allclose(from_text, by_hand, rtol=1e-12, atol=1e-12)
