"""Every exported "show the PyTorch" script of Group B's panels prints what the screen shows.

The shape of `tests/unit/test_export.py` (to be merged into it): one table; each row names a
lesson, the values on screen (over the lesson's defaults) and the panel's state beyond them
(`shown`: the view, the e-mail typed, the image classified); its script is written as the
panel exports it (`export_source(lesson, values, **shown)`), and all scripts run in ONE
`python` process (torch imported once), each with `runpy` in a fresh namespace and its own
captured stdout. Every printed `name = value` must equal the compute module's number.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
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
    """The panel's state beyond its values, as `export_source` takes it (the view, the typed text)."""

    @property
    def id(self) -> str:
        extra = ",".join(f"{k}={str(v)[:24]}" for k, v in {**self.values, **self.shown}.items())
        return f"{self.lesson}[{extra}]" if extra else self.lesson


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
ROWS: list[Row] = [
    Row("softmax", {}, softmax),
    Row("softmax", {"logits": (1000.0, 999.0, 995.0)}, softmax),
    Row("softmax", {"logits": (-1000.0, -1001.0)}, softmax),
    Row("binary-cross-entropy", {}, bce),
    Row("binary-cross-entropy", {"y_hat": 0.9, "y": 0}, bce),
    Row("binary-cross-entropy", {"y_hat": 0.0, "y": 1}, bce),
    Row("binary-cross-entropy", {"lr": 0.7, "epochs": 57}, spam_filter, {"view": "spam", "text": EMAIL, "seed": 2}),
    Row("cross-entropy", {"digit": 8}, classified, {"epochs": 200, "image": noisy(8, 0.15, 3)}),
    Row("cross-entropy", {"digit": 1}, classified, {"epochs": 40, "image": noisy(1, 0.0, 0)}),
    Row("mse-for-classification", {}, lambda v: trained(v["runs"], v["lr"]), {"runs": (("ce", 40), ("mse", 25))}),
    Row("mse-for-classification", {"lr": 2.0}, lambda v: trained(v["runs"], v["lr"]), {"runs": (("mse", 30),)}),
    Row("mse-for-classification", {}, gradients, {"view": "gradients"}),
    Row("mse-for-classification", {"logits": (4.0, -1.0, 0.5, 2.0), "true_class": 2}, gradients, {"view": "gradients"}),
    *(Row("output-space", {"flaw": flaw}, output_space, {"seed": 2}) for flaw in ("phase shift", "missing harmonic",
                                                                                   "added noise")),
    *(Row("output-space", {"error": e, "quiet": q}, loud_quiet, {"part": "loud-quiet"})
      for e, q in ((0.1, 0.01), (1.0, 0.001), (0.5, 1.0))),
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
    expected = row.expect({**lesson.defaults(), "seed": 0, **row.values, **row.shown})
    assert set(expected) <= set(got), f"not printed: {set(expected) - set(got)}"
    for name, want in expected.items():
        if isinstance(want, str):
            assert got[name] == want, name
        elif math.isnan(want):
            assert got[name] == "nan", name
        else:
            assert float(got[name]) == pytest.approx(want, rel=1e-9, abs=1e-12), name
