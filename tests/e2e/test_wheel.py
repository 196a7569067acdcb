"""A plain (non-editable) build ships the lesson files inside the package and runs from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_lessons_and_runs_from_elsewhere(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("tui_tutor-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(n for n in names if n.startswith("tui_tutor/lessons/"))
    tracked = subprocess.run(["git", "ls-files", "lessons"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    assert shipped == sorted(f"tui_tutor/{name}" for name in tracked), "the course: lessons, course.toml, code"
    script = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".data/scripts/tui-tutor"))).decode()
    assert script.startswith("#!python\n"), "the installer makes it the environment's Python"
    assert "from tui_tutor.__main__ import main" in script and "import re" not in script

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = "from tui_tutor.content import lessons_dir; print(lessons_dir())"
    where = subprocess.run([sys.executable, "-c", probe], cwd=elsewhere, env=env, capture_output=True, text=True,
                           check=True).stdout.strip()
    assert Path(where) == site / "tui_tutor" / "lessons"
    listed = subprocess.run([sys.executable, "-m", "tui_tutor", "--list"], cwd=elsewhere, env=env,
                            capture_output=True, text=True, check=True).stdout
    assert listed.startswith("neuron\tInside a neuron")
    (elsewhere / "tui-tutor").write_text(script)
    by_script = subprocess.run([sys.executable, "tui-tutor", "--list"], cwd=elsewhere, env=env,
                               capture_output=True, text=True, check=True).stdout
    assert by_script == listed
