"""The compute and content layers never import a UI library; start-up never imports torch."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tui_tutor.compute

UI = ("textual", "rich", "plotext", "textual_plotext")


def imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return {name.split(".")[0] for name in out.split()}


def test_compute_imports_no_ui():
    modules = [m.name for m in pkgutil.iter_modules(tui_tutor.compute.__path__, "tui_tutor.compute.")]
    assert "tui_tutor.compute.neuron" in modules
    loaded = imported_after("\n".join(f"import {m}" for m in modules))
    assert "torch" in loaded
    assert not loaded & set(UI)


def test_content_and_cli_import_no_ui_and_no_torch():
    loaded = imported_after("import tui_tutor.content, tui_tutor.cli; tui_tutor.content.load_lessons()")
    assert not loaded & {*UI, "torch"}


def test_app_start_up_path_does_not_import_torch():
    loaded = imported_after("import tui_tutor.app, tui_tutor.__main__")
    assert "textual" in loaded
    assert "torch" not in loaded
