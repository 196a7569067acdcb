"""Every exported "show the PyTorch" script prints what the screen shows: one table for every panel.

Each row is a script as the lesson's panel exports it and a check of what it prints against
the compute module. Most rows name a lesson, the values on screen (over the lesson's defaults)
and the panel's state beyond them (`screen_row`: the printed `name = value` lines must equal
what an `expect` function computes); rows whose output is a sequence (a descent's wₜ, `.grad`
over calls) bring their own check. All scripts run in ONE `python` process (torch imported
once), each with `runpy` in a fresh namespace and its own captured stdout, and each must be
plain standalone Python importing nothing but torch and the standard library.

To add a panel: give its module an `export_source`, then add rows below.
"""

from __future__ import annotations

import ast
import json
import math
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any

import pytest

from tui_tutor.compute import backprop, descent, search
from tui_tutor.content import load_course, load_lessons
from tui_tutor.panels import backpropagation, descent_common, optimization

LESSONS = {lesson.id: lesson for lesson in load_lessons()}


@dataclass(frozen=True)
class Row:
    """One exported script and the check of what it prints."""

    name: str
    source: Callable[[], str]
    check: Callable[[list[tuple[str, str]]], None]
    """Asserts that the printed (name, value) lines are what the compute module gives."""


def screen_row(lesson: str, values: dict[str, Any], expect: Callable[[dict[str, Any]], dict[str, float | str]],
               shown: dict[str, Any] | None = None) -> Row:
    """A row for `lesson` with `values` on screen (over its defaults) and the panel's state
    `shown`: every name `expect` gives must be printed with the compute module's value."""
    shown = shown or {}
    extra = ",".join(f"{k}={str(v)[:24]}" for k, v in {**values, **shown}.items())

    def source() -> str:
        course_lesson = load_course().lesson(lesson)
        panel = import_module(f"tui_tutor.panels.{course_lesson.panel.replace('-', '_')}")
        return panel.export_source(course_lesson, {**course_lesson.defaults(), **values}, **shown)

    def check(printed: list[tuple[str, str]]) -> None:
        got = dict(printed)
        expected = expect({**LESSONS[lesson].defaults(), "seed": 0, **values, **shown})
        assert set(expected) <= set(got), f"not printed: {set(expected) - set(got)}"
        for name, want in expected.items():
            if isinstance(want, str):
                assert got[name] == want, name
            elif math.isnan(want):
                assert got[name] == "nan", name
            else:
                assert float(got[name]) == pytest.approx(want, rel=1e-9, abs=1e-12), name

    return Row(f"{lesson}[{extra}]" if extra else lesson, source, check)


# --- lessons 1-7 ------------------------------------------------------------------------------

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



# --- lessons 8-12 ----------------------------------------------------------------------------

def indexed(name: str, values) -> dict[str, float]:
    return {f"{name}[{i}]": v for i, v in enumerate(values)}


def softmax(v: dict[str, Any]) -> dict[str, float]:
    from tui_tutor.compute import classification as C

    r, two = C.softmax(v["logits"]), C.two_class(*v["logits"][:2])
    return {**indexed("p", r.probabilities), **indexed("stable", r.probabilities), **indexed("naive", r.naive),
            "softmax_two": two.softmax_first, "sigmoid_diff": two.sigmoid_of_difference}


def bce(v: dict[str, Any]) -> dict[str, float]:
    from tui_tutor.compute import classification as C

    r = C.bce(v["y_hat"], float(v["y"]))
    return {"bce": r.loss, "slide_bce": r.slide_loss}


def spam_filter(v: dict[str, Any]) -> dict[str, float]:
    from tui_tutor.compute import spam
    from tui_tutor.panels.binary_cross_entropy import emails_of

    m = spam.train(emails_of(load_course().lesson("binary-cross-entropy")), seed=v["seed"], lr=v["lr"], epochs=v["epochs"])
    return {"final_loss": m.final_loss, "accuracy": m.accuracy, "weight_norm": m.weight_norm,
            "p_spam": spam.predict(m, v["text"]).probability}


@cache
def recogniser(loss: str, epochs: int, seed: int = 0, lr: float = 0.5):
    from tui_tutor.compute import digits
    from tui_tutor.panels.cross_entropy import TRAINING

    return digits.train(seed=seed, loss=loss, lr=lr, epochs=epochs, hidden=TRAINING["hidden"],
                        per_digit=TRAINING["per_digit"])


def trained(runs, lr: float) -> dict[str, float]:
    out = {}
    for loss, epochs in runs:
        m = recogniser(loss, epochs, lr=lr)
        out |= {f"{loss}_loss": m.final_loss, f"{loss}_accuracy": m.final_accuracy,
                f"{loss}_test_accuracy": m.test_accuracy}
    return out


def noisy(digit: int, noise: float, seed: int) -> tuple[tuple[int, ...], ...]:
    """The image the cross-entropy panel shows for (digit, noise) with the example seed `seed`."""
    from tui_tutor.compute import digits

    return digits.predict(recogniser("ce", 200), digit, noise, seed).pixels


def classified(v: dict[str, Any]) -> dict[str, float]:
    from tui_tutor.compute import digits

    p = digits.predict_pixels(recogniser("ce", v["epochs"]), v["image"], v["digit"])
    return {**trained((("ce", v["epochs"]),), 0.5), **indexed("p", p.probabilities), "ce": p.loss}


def gradients(v: dict[str, Any]) -> dict[str, float]:
    from tui_tutor.compute import classification as C

    g = C.logit_gradients(v["logits"], v["true_class"] - 1)
    return {**indexed("p", g.probabilities), "ce": g.ce_loss, "mse": g.mse_loss, **indexed("ce_grad", g.ce_grad),
            **indexed("mse_grad", g.mse_grad), "ce_grad_norm": g.ce_grad_norm, "mse_grad_norm": g.mse_grad_norm}


def output_space(v: dict[str, Any]) -> dict[str, float]:
    from tui_tutor.compute import audio

    r = audio.output_space_losses(audio.waveform().samples, audio.waveform(v["flaw"], seed=v["seed"]).samples)
    return {"waveform_mse": r.waveform, "linear_mse": r.linear, "mel_mse": r.mel, "db_mse": r.db}


def loud_quiet(v: dict[str, Any]) -> dict[str, float]:
    from tui_tutor.compute import audio

    r = audio.loud_quiet_errors(v["error"], quiet_gain=v["quiet"])
    return {name: getattr(r, name) for name in ("loud_value", "quiet_value", "loud_raw_mse", "quiet_raw_mse",
                                                 "loud_db_mse", "quiet_db_mse")}


EMAIL = "Congratulations!! Claim your FREE prize now \x00\x1b[31m 'quoted' \"too\" \\ back\nslash $HOME ${x}"

# --- lessons 13-16 ---------------------------------------------------------------------------

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
    return Row(f"{lesson}-{function}", lambda: source, check)


def search_row(threshold: float, seed: int, budget: int) -> Row:
    def check(printed):
        values = dict(printed)
        result = search.compare(threshold, seed, budget)
        for run, count in zip(result.runs, result.counts, strict=True):
            name = run.method.replace(" ", "_")
            assert values[f"{name}_evaluations"] == str(count)
            assert close(float(values[f"{name}_best_loss"]), run.best[-1])

    return Row(f"optimization-{threshold}-{seed}-{budget}", lambda: optimization.export_source(LESSONS["optimization"],
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

    return Row(f"backprop-neuron-{activation}-{len(x)}", lambda: backpropagation.export_source(BP, "neuron", v), check)


def two_layer_row(activation: str) -> Row:
    v = values(x=(0.5, -1.25, 2.0), W1_1=(0.3, 0.7, -0.2), W1_2=(-0.4, 0.1, 0.6), activation=activation)

    def check(printed):
        result = backprop.two_layer(v["x"], (v["W1_1"], v["W1_2"]), v["b1"], v["w2"], v["b2"], v["y"], activation)
        params = [g for g in result.backward if not g.retained]
        assert [name for name, _ in printed] == ["L"] + [g.autograd_name for g in params]
        assert close(float(printed[0][1]), result.loss)
        assert all(close(float(value), g.value) for (_, value), g in zip(printed[1:], params))

    return Row(f"backprop-two-{activation}", lambda: backpropagation.export_source(BP, "two", v), check)


def trap_row() -> Row:
    v = values(activation="step")

    def check(printed):
        trap = backprop.step_trap(v["x"], v["w"], v["b"], v["y"], lr=v["eta"], steps=backpropagation.TRAP_STEPS)
        assert [name for name, _ in printed] == ["L", "w.grad", "w"] * backpropagation.TRAP_STEPS
        assert [float(value) for name, value in printed if name == "L"] == list(trap.losses)
        assert all(ast.literal_eval(value) == [0.0] * len(v["x"]) for name, value in printed if name == "w.grad")
        assert [tuple(ast.literal_eval(value)) for name, value in printed if name == "w"] == list(trap.ws[1:])

    return Row("backprop-trap", lambda: backpropagation.export_source(BP, "trap", v), check)


def accumulate_row() -> Row:
    v = values(activation="tanh")

    def check(printed):
        acc = backprop.accumulate(v["x"], v["w"], v["b"], v["y"], "tanh")
        assert len(printed) == len(acc.states)
        for (_, value), state in zip(printed, acc.states):
            shown = ast.literal_eval(value)
            assert (shown is None) == (state.w_grad is None)
            assert shown is None or all(close(a, b) for a, b in zip(shown, state.w_grad))

    return Row("backprop-accumulate", lambda: backpropagation.export_source(BP, "accumulate", v), check)


def reuse_row() -> Row:
    v = values(x=(1.5, -2.0), w=(-0.5, 0.25))

    def check(printed):
        r = backprop.reuse(-0.5, 1.5)
        expected = [("a", r.a), ("L", r.loss), ("dL/da", r.a_grad), ("dL/dw", r.w_grad)]
        assert [name for name, _ in printed] == [name for name, _ in expected]
        assert all(close(float(value), e) for (_, value), (_, e) in zip(printed, expected))

    return Row("backprop-reuse", lambda: backpropagation.export_source(BP, "reuse", v), check)


ROWS: list[Row] = [
    *(screen_row("neuron", {"activation": a}, neuron) for a in ("identity", "step", "sigmoid", "tanh", "relu")),
    screen_row("neuron", {"x": (2.0,), "w": (-1.5,), "b": 0.25}, neuron),
    screen_row("parameterized-functions", {}, network),
    screen_row("parameterized-functions", {"w1": 1.5, "b1": -0.5, "w2": -2.0, "v2": -1.2, "c": 0.3, "activation": "relu"},
               network),
    screen_row("parameterized-functions", {"w1": -1.0, "b1": 2.0, "w2": 3.0, "b2": 0.0, "c": -1.0, "activation": "sigmoid"},
               network),
    screen_row("regression-vs-classification", {"z": 1.25}, reading),
    screen_row("regression-vs-classification", {"z": -0.4, "threshold": 0.3, "question": "spam filter"}, reading),
    screen_row("loss-functions", {}, losses_at),
    screen_row("loss-functions", {"y_hat": 2.5, "y": -0.75}, losses_at),
    screen_row("loss-functions", {"y_hat": 1.3, "y": 1.0}, losses_at),
    screen_row("audio-codec-objective", {}, codec),
    screen_row("audio-codec-objective", {"bits": 6, "threshold": 10.0, "gain": 0.5}, codec),
    screen_row("why-not-difference", {}, descents, {"t": 60}),
    screen_row("why-not-difference", {"lr": 1.1, "steps": 40}, descents, {"t": 40}),
    screen_row("why-not-difference", {"y_hat0": 1.0}, descents, {"t": 7}),
    screen_row("l1-vs-l2", {"data": (2.0, 3.0, 3.5, 4.0, 5.0, 35.0), "lr": 0.1, "steps": 300}, constant_fit),
    screen_row("l1-vs-l2", {"data": (1.0, 2.0, 6.0, 7.0), "c": 10.0, "lr": 0.1, "steps": 300}, constant_fit),
    screen_row("l1-vs-l2", {"data": (2.0, 3.0, 3.5, 4.0, 5.0, 35.0), "lr": 1.1}, constant_fit),
    screen_row("softmax", {}, softmax),
    screen_row("softmax", {"logits": (1000.0, 999.0, 995.0)}, softmax),
    screen_row("softmax", {"logits": (-1000.0, -1001.0)}, softmax),
    screen_row("binary-cross-entropy", {}, bce),
    screen_row("binary-cross-entropy", {"y_hat": 0.9, "y": 0}, bce),
    screen_row("binary-cross-entropy", {"y_hat": 0.0, "y": 1}, bce),
    screen_row("binary-cross-entropy", {"lr": 0.7, "epochs": 57}, spam_filter, {"view": "spam", "text": EMAIL, "seed": 2}),
    screen_row("cross-entropy", {"digit": 8}, classified, {"epochs": 200, "image": noisy(8, 0.15, 3)}),
    screen_row("cross-entropy", {"digit": 1}, classified, {"epochs": 40, "image": noisy(1, 0.0, 0)}),
    screen_row("mse-for-classification", {}, lambda v: trained(v["runs"], v["lr"]), {"runs": (("ce", 40), ("mse", 25))}),
    screen_row("mse-for-classification", {"lr": 2.0}, lambda v: trained(v["runs"], v["lr"]), {"runs": (("mse", 30),)}),
    screen_row("mse-for-classification", {}, gradients, {"view": "gradients"}),
    screen_row("mse-for-classification", {"logits": (4.0, -1.0, 0.5, 2.0), "true_class": 2}, gradients, {"view": "gradients"}),
    *(screen_row("output-space", {"flaw": flaw}, output_space, {"seed": 2}) for flaw in ("phase shift", "missing harmonic",
                                                                                   "added noise")),
    *(screen_row("output-space", {"error": e, "quiet": q}, loud_quiet, {"part": "loud-quiet"})
      for e, q in ((0.1, 0.01), (1.0, 0.001), (0.5, 1.0))),
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
SEPARATORS = (" = ", ": w.grad = ")


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, list[tuple[str, str]]]:
    """Every row's script run in one interpreter: its (name, value) lines, by row name."""
    folder = tmp_path_factory.mktemp("exports")
    paths = []
    for i, row in enumerate(ROWS):
        path = folder / f"script_{i}.py"
        path.write_text(row.source(), encoding="utf-8")
        paths.append(str(path))
    done = subprocess.run([sys.executable, "-c", RUNNER, *paths], capture_output=True, text=True, timeout=600,
                          cwd=folder, check=True)
    outputs = json.loads(done.stdout.splitlines()[-1])
    return {row.name: [tuple(line.split(next(s for s in SEPARATORS if s in line), 1)) for line in out.splitlines()]
            for row, out in zip(ROWS, outputs, strict=True)}


def test_rows_are_distinct():
    assert len({row.name for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_exported_script_prints_what_the_screen_shows(row: Row, printed):
    source = row.source()
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"torch", *sys.stdlib_module_names}, f"a script stands alone: it imports {imported}"
    row.check(printed[row.name])
