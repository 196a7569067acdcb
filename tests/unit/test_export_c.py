"""Every exported script of lessons 13–16 prints what the screen shows: one table of rows (lesson,
values, what the compute module says); all scripts run in ONE `python` (torch imported once),
each from its own file with `runpy` in a fresh namespace, and each stays plain standalone
Python (no import of tui_tutor).

(Group C's rows, in the shape of `tests/unit/test_export.py`; the lead merges the two.)
"""

from __future__ import annotations

import ast
import json
import math
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tui_tutor.compute import backprop, descent, search
from tui_tutor.content import load_lessons
from tui_tutor.panels import backpropagation, descent_common, optimization

LESSONS = {lesson.id: lesson for lesson in load_lessons()}
RUNNER = """
import contextlib, io, json, runpy, sys
out = []
for path in sys.argv[1:]:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        runpy.run_path(path, run_name="__main__")
    out.append(printed.getvalue())
print(json.dumps(out))
"""


@dataclass(frozen=True)
class Row:
    name: str
    source: str
    check: Callable[[list[tuple[str, str]]], None]
    """Asserts that the printed `name = value` lines are what the compute module gives."""


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


def descent_row(lesson: str, template: str, function: str, w0: tuple[float, ...], lr: float, steps: int) -> Row:
    def check(printed):
        path = descent.run(function, w0, lr, steps=steps).path
        assert [name for name, _ in printed] == [f"w_{t}" for t in range(len(path))]
        for (_, value), w in zip(printed, path):
            shown = ast.literal_eval(value)
            assert all(close(a, b) for a, b in zip((shown,) if len(w) == 1 else shown, w))

    source = descent_common.export_source(LESSONS[lesson], template, function, w0, lr, steps)
    return Row(f"{lesson}-{function}", source, check)


def search_row(threshold: float, seed: int, budget: int) -> Row:
    def check(printed):
        values = dict(printed)
        result = search.compare(threshold, seed, budget)
        for run, count in zip(result.runs, result.counts, strict=True):
            name = run.method.replace(" ", "_")
            assert values[f"{name}_evaluations"] == str(count)
            assert close(float(values[f"{name}_best_loss"]), run.best[-1])

    return Row(f"optimization-{threshold}-{seed}-{budget}", optimization.export_source(LESSONS["optimization"],
                                                                                      threshold, seed, budget), check)


BP = LESSONS["backpropagation"]


def values(**changes) -> dict:
    return {**BP.defaults(), **changes}


def neuron_row(activation: str, x, w) -> Row:
    v = values(x=x, w=w, activation=activation)

    def check(printed):
        result = backprop.neuron(v["x"], v["w"], v["b"], v["y"], activation)
        hand = {g.name: g.value for g in result.backward}
        expected = [("L", result.loss)] + [(f"dL/dw{i + 1}", hand[f"w{'₁₂₃'[i]}"]) for i in range(len(x))]
        expected.append(("dL/db", hand["b"]))
        assert [name for name, _ in printed] == [name for name, _ in expected]
        assert all(close(float(value), e) for (_, value), (_, e) in zip(printed, expected))

    return Row(f"backprop-neuron-{activation}-{len(x)}", backpropagation.export_source(BP, "neuron", v), check)


def two_layer_row(activation: str) -> Row:
    v = values(x=(0.5, -1.25, 2.0), W1_1=(0.3, 0.7, -0.2), W1_2=(-0.4, 0.1, 0.6), activation=activation)

    def check(printed):
        result = backprop.two_layer(v["x"], (v["W1_1"], v["W1_2"]), v["b1"], v["w2"], v["b2"], v["y"], activation)
        params = [g for g in result.backward if not g.retained]
        assert [name for name, _ in printed] == ["L"] + [g.autograd_name for g in params]
        assert close(float(printed[0][1]), result.loss)
        assert all(close(float(value), g.value) for (_, value), g in zip(printed[1:], params))

    return Row(f"backprop-two-{activation}", backpropagation.export_source(BP, "two", v), check)


def trap_row() -> Row:
    v = values(activation="step")

    def check(printed):
        trap = backprop.step_trap(v["x"], v["w"], v["b"], v["y"], lr=v["eta"], steps=backpropagation.TRAP_STEPS)
        assert [name for name, _ in printed] == ["L", "w.grad", "w"] * backpropagation.TRAP_STEPS
        assert [float(value) for name, value in printed if name == "L"] == list(trap.losses)
        assert all(ast.literal_eval(value) == [0.0] * len(v["x"]) for name, value in printed if name == "w.grad")
        assert [tuple(ast.literal_eval(value)) for name, value in printed if name == "w"] == list(trap.ws[1:])

    return Row("backprop-trap", backpropagation.export_source(BP, "trap", v), check)


def accumulate_row() -> Row:
    v = values(activation="tanh")

    def check(printed):
        acc = backprop.accumulate(v["x"], v["w"], v["b"], v["y"], "tanh")
        assert len(printed) == len(acc.states)
        for (_, value), state in zip(printed, acc.states):
            shown = ast.literal_eval(value)
            assert (shown is None) == (state.w_grad is None)
            assert shown is None or all(close(a, b) for a, b in zip(shown, state.w_grad))

    return Row("backprop-accumulate", backpropagation.export_source(BP, "accumulate", v), check)


def reuse_row() -> Row:
    v = values(x=(1.5, -2.0), w=(-0.5, 0.25))

    def check(printed):
        r = backprop.reuse(-0.5, 1.5)
        expected = [("a", r.a), ("L", r.loss), ("dL/da", r.a_grad), ("dL/dw", r.w_grad)]
        assert [name for name, _ in printed] == [name for name, _ in expected]
        assert all(close(float(value), e) for (_, value), (_, e) in zip(printed, expected))

    return Row("backprop-reuse", backpropagation.export_source(BP, "reuse", v), check)


ROWS = [
    descent_row("gradient-descent", "descent_1d", "bowl", (4.0,), 0.3, 5),
    descent_row("gradient-descent", "descent_1d", "two-minima", (1.6,), 0.05, 12),
    descent_row("gradient-descent-3d", "descent_2d", "elongated-bowl", (-3.5, 1.5), 0.19, 12),
    descent_row("gradient-descent-3d", "descent_2d", "saddle", (3.0, 0.01), 0.1, 8),
    search_row(search.THRESHOLD, 0, search.BUDGET),
    search_row(0.01, 3, 301),
    search_row(1.0, 5, 50),
    search_row(1e-4, 1, 200),
    neuron_row("tanh", (0.5, -1.25, 2.0), (0.3, 0.7, -0.2)),
    neuron_row("sigmoid", (2.0,), (0.5,)),
    two_layer_row("sigmoid"),
    two_layer_row("relu"),
    two_layer_row("step"),
    trap_row(),
    accumulate_row(),
    reuse_row(),
]


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, list[tuple[str, str]]]:
    """Every row's script run in one interpreter: its `name = value` (or `name: value`) lines."""
    folder = tmp_path_factory.mktemp("exports")
    paths = []
    for row in ROWS:
        path = folder / f"{row.name}.py"
        path.write_text(row.source, encoding="utf-8")
        paths.append(str(path))
    done = subprocess.run([sys.executable, "-c", RUNNER, *paths], capture_output=True, text=True, timeout=300,
                          cwd=folder, check=True)
    outputs = json.loads(done.stdout.splitlines()[-1])
    separators = (" = ", ": w.grad = ")
    parsed = {}
    for row, out in zip(ROWS, outputs, strict=True):
        lines = []
        for line in out.splitlines():
            sep = next(s for s in separators if s in line)
            lines.append(tuple(line.split(sep, 1)))
        parsed[row.name] = lines
    return parsed


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_the_exported_script_prints_what_the_screen_shows(row, printed):
    imports = [node for node in ast.walk(ast.parse(row.source)) if isinstance(node, ast.Import | ast.ImportFrom)]
    assert {alias.name for node in imports for alias in getattr(node, "names", ())} <= {"torch"}
    assert all(getattr(node, "module", None) in (None, "torch") for node in imports)
    row.check(printed[row.name])
