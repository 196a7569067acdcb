"""Exported "show the PyTorch" code prints the numbers the compute module gives."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui_tutor.compute import neuron
from tui_tutor.numbers import fmt


def run_source(source: str, tmp_path) -> dict[str, str]:
    path = tmp_path / "exported.py"
    path.write_text(source, encoding="utf-8")
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    return dict(line.split(" = ", 1) for line in out.splitlines())


@pytest.mark.parametrize("activation", ["identity", "step", "sigmoid", "tanh", "relu"])
def test_neuron_export_prints_the_screen_numbers(activation, tmp_path):
    x, w, b = (1.5, -2.0, 0.75), (0.8, 0.4, -1.0), 0.5
    printed = run_source(neuron.pytorch_source(x, w, b, activation), tmp_path)
    result = neuron.forward(x, w, b, activation)
    assert printed["z"] == f"{result.z:.4f}"
    assert printed["y_hat"] == f"{result.y_hat:.4f}"
    assert [printed[f"w{i}x{i}"] for i in (1, 2, 3)] == [f"{t:.4f}" for t in result.terms]
    assert fmt(result.y_hat) == printed["y_hat"].replace("-", "−")
