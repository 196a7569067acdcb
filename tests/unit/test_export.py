"""Every exported "show the PyTorch" script prints what the screen shows.

One table: each row names a lesson, the values on screen (over the lesson's defaults), any
state of the panel beyond them (an iteration shown), and what the screen shows, computed by
the compute module. Every row's script is written as the panel exports it (its
`export_source(lesson, values, **shown)`), and all of them run in ONE `python` process
(torch imported once), each with `runpy` in a fresh namespace and its own captured stdout.
A script prints `name = value` lines; each value must equal the compute module's, and the
script must be plain standalone Python (no import of tui_tutor).

To add a panel: give its module an `export_source`, then add rows below.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

import pytest

from tui_tutor.content import load_course


@dataclass(frozen=True)
class Row:
    """One exported script and what it must print."""

    lesson: str
    values: dict[str, Any]
    """Values on screen that differ from the lesson's defaults."""
    expect: Callable[[dict[str, Any]], dict[str, float | str]]
    """From all the values (and `shown`): each printed name and the compute module's value."""
    shown: dict[str, Any] = field(default_factory=dict)
    """The panel's state beyond its values, as `export_source` takes it (e.g. the iteration t)."""

    @property
    def id(self) -> str:
        extra = ",".join(f"{k}={v}" for k, v in {**self.values, **self.shown}.items())
        return f"{self.lesson}[{extra}]" if extra else self.lesson


def neuron(v: dict[str, Any]) -> dict[str, float]:
    from tui_tutor.compute import neuron as compute

    r = compute.forward(v["x"], v["w"], v["b"], v["activation"])
    return {"z": r.z, "y_hat": r.y_hat, **{f"w{i}x{i}": t for i, t in enumerate(r.terms, start=1)}}


def network(v: dict[str, Any]) -> dict[str, float]:
    from tui_tutor.compute import network as compute
    from tui_tutor.panels.parameterized_functions import EXPORT_XS, THETA_NAMES

    curve = compute.tiny_curve([v[name] for name in THETA_NAMES], v["activation"], EXPORT_XS)
    return {f"f({x!r})": y for x, y in zip(EXPORT_XS, curve.ys)}


def reading(v: dict[str, Any]) -> dict[str, float | str]:
    from tui_tutor.compute import tasks
    from tui_tutor.panels.regression_vs_classification import QUESTIONS

    r = tasks.read_output(v["z"], v["threshold"], QUESTIONS[v["question"]])
    return {"as_number": r.as_number, "probability": r.probability, "label": r.label}


def losses_at(v: dict[str, Any]) -> dict[str, float]:
    from tui_tutor.compute import losses

    at = losses.all_losses(v["y_hat"], v["y"])
    return {k: x for one in at.losses for k, x in ((one.name, one.value), (f"{one.name}_grad", one.grad))}


def codec(v: dict[str, Any]) -> dict[str, float]:
    from tui_tutor.compute import codec as compute
    from tui_tutor.panels.audio_codec_objective import TRAIN_LR, TRAIN_STEPS

    bits, gain = v["bits"], v["gain"]
    row = compute.codec_table(gain, [bits])[0]
    grads = compute.bit_gradients(bits, gain)
    trained = compute.train_gain(bits, gain, steps=TRAIN_STEPS, lr=TRAIN_LR)
    return {"bit_rate": row.bit_rate, "waveform_mse": row.waveform_mse, "lsd_db": row.lsd_db,
            "searched_bits": compute.search_bits(v["threshold"], gain).bits, "grad_bits": grads.grad_bits,
            "grad_gain": grads.grad_gain, "trained_gain": trained.final_gain,
            "trained_mse": compute.codec_table(trained.final_gain, [bits])[0].waveform_mse}


def descents(v: dict[str, Any]) -> dict[str, float]:
    from tui_tutor.compute import losses

    runs = losses.why_not_difference(v["y_hat0"], v["y"], v["lr"], v["t"], v["cap"])
    return {k: x for r in runs for k, x in ((f"{r.loss}_steps", r.steps_run), (f"{r.loss}_y_hat", r.final),
                                            (f"{r.loss}_loss", r.losses[-1]))}


def constant_fit(v: dict[str, Any]) -> dict[str, float]:
    import statistics

    from tui_tutor.compute import losses
    from tui_tutor.panels.l1_vs_l2 import CAP

    at = losses.constant_loss(v["data"], v["c"])
    l1, l2 = (losses.fit_constant(v["data"], name, v["lr"], v["steps"], c0=v["c"], cap=CAP) for name in ("l1", "l2"))
    return {"mae": at.mae, "mae_grad": at.mae_grad, "mse": at.mse, "mse_grad": at.mse_grad,
            "mean": statistics.fmean(v["data"]), "median": statistics.median(v["data"]),
            "l1_fit": l1.run.final, "l2_fit": l2.run.final}


ROWS: list[Row] = [
    *(Row("neuron", {"activation": a}, neuron) for a in ("identity", "step", "sigmoid", "tanh", "relu")),
    Row("neuron", {"x": (2.0,), "w": (-1.5,), "b": 0.25}, neuron),
    Row("parameterized-functions", {}, network),
    Row("parameterized-functions", {"w1": 1.5, "b1": -0.5, "w2": -2.0, "v2": -1.2, "c": 0.3, "activation": "relu"}, network),
    Row("parameterized-functions", {"w1": -1.0, "b1": 2.0, "w2": 3.0, "b2": 0.0, "c": -1.0, "activation": "sigmoid"}, network),
    Row("regression-vs-classification", {"z": 1.25}, reading),
    Row("regression-vs-classification", {"z": -0.4, "threshold": 0.3, "question": "spam filter"}, reading),
    Row("loss-functions", {}, losses_at),
    Row("loss-functions", {"y_hat": 2.5, "y": -0.75}, losses_at),
    Row("loss-functions", {"y_hat": 1.3, "y": 1.0}, losses_at),
    Row("audio-codec-objective", {}, codec),
    Row("audio-codec-objective", {"bits": 6, "threshold": 10.0, "gain": 0.5}, codec),
    Row("why-not-difference", {}, descents, {"t": 60}),
    Row("why-not-difference", {"lr": 1.1, "steps": 40}, descents, {"t": 40}),
    Row("why-not-difference", {"y_hat0": 1.0}, descents, {"t": 7}),
    Row("l1-vs-l2", {"data": (2.0, 3.0, 3.5, 4.0, 5.0, 35.0), "lr": 0.1, "steps": 300}, constant_fit),
    Row("l1-vs-l2", {"data": (1.0, 2.0, 6.0, 7.0), "c": 10.0, "lr": 0.1, "steps": 300}, constant_fit),
    Row("l1-vs-l2", {"data": (2.0, 3.0, 3.5, 4.0, 5.0, 35.0), "lr": 1.1}, constant_fit),
]


RUNNER = """
import contextlib, io, json, runpy, sys
printed = {}
for path in sys.argv[1:]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        runpy.run_path(path, run_name="__main__")
    printed[path] = out.getvalue()
sys.stdout.write(json.dumps(printed))
"""


def source_of(row: Row) -> str:
    """The script the lesson's panel exports for this row."""
    lesson = load_course().lesson(row.lesson)
    panel = import_module(f"tui_tutor.panels.{lesson.panel.replace('-', '_')}")
    return panel.export_source(lesson, {**lesson.defaults(), **row.values}, **row.shown)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, dict[str, str]]:
    """Each row's printed `name = value` lines, by row id: every script in one process."""
    folder = tmp_path_factory.mktemp("exports")
    paths = {}
    for i, row in enumerate(ROWS):
        path = folder / f"script_{i}.py"
        path.write_text(source_of(row), encoding="utf-8")
        paths[str(path)] = row.id
    done = subprocess.run([sys.executable, "-c", RUNNER, *paths], capture_output=True, text=True, timeout=600,
                          cwd=folder, check=True)
    return {paths[path]: dict(line.split(" = ", 1) for line in out.splitlines())
            for path, out in json.loads(done.stdout).items()}


def test_rows_are_distinct():
    assert len({row.id for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_exported_script_prints_what_the_screen_shows(row: Row, printed):
    lesson = load_course().lesson(row.lesson)
    source = source_of(row)
    assert "tui_tutor" not in source.replace("exported by tui-tutor", ""), "a script stands alone"
    compile(source, row.id, "exec")
    got = printed[row.id]
    expected = row.expect({**lesson.defaults(), **row.values, **row.shown})
    assert set(expected) <= set(got), f"not printed: {set(expected) - set(got)}"
    for name, want in expected.items():
        if isinstance(want, str):
            assert got[name] == want, name
        elif math.isnan(want):
            assert got[name] == "nan", name
        else:
            assert float(got[name]) == pytest.approx(want, rel=1e-9, abs=1e-12), name
