"""Set up `.venv` for tui-tutor from nothing, or check that it is up to date.

Run by `./run-tutor` and `./run-tests` with any Python 3.11+. It creates the
virtual environment, installs a CPU build of PyTorch where one can be had,
then installs the project (editable) with its test extras. A stamp file keeps
later runs instant until `pyproject.toml` changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import sys
import venv
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".tui-tutor-stamp"
TORCH_SPEC = "torch==2.13.0"
CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def venv_python() -> Path:
    """The interpreter inside `.venv`."""
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def pip(*args: str) -> None:
    """Run pip inside `.venv`, failing loudly."""
    subprocess.run([str(venv_python()), "-m", "pip", *args], check=True)


def wanted_stamp() -> str:
    """What the stamp must say for `.venv` to count as up to date."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} {os.environ.get('TORCH_INDEX_URL', '')}"


def torch_is_cpu_build() -> bool | None:
    """True/False once torch is importable in `.venv`, None when it is not."""
    probe = "import torch, json; print(json.dumps(torch.version.cuda is None))"
    done = subprocess.run([str(venv_python()), "-c", probe], capture_output=True, text=True)
    return json.loads(done.stdout) if done.returncode == 0 else None


def default_torch_is_cpu() -> bool:
    """Whether pip, as configured, would pick a CPU wheel for TORCH_SPEC.

    Asks pip for a dry-run report (no download of the wheel itself). PyPI's
    Linux x86_64 wheels are CUDA builds; macOS, Windows and Linux aarch64 ones
    are CPU builds; a local wheel named `+cpu` is one too.
    """
    done = subprocess.run(
        [str(venv_python()), "-m", "pip", "install", "--dry-run", "--quiet",
         "--ignore-installed", "--no-deps", "--report", "-", TORCH_SPEC],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        return False
    try:
        url = json.loads(done.stdout)["install"][0]["download_info"]["url"]
    except (ValueError, KeyError, IndexError):
        return False
    linux_x86 = sys.platform.startswith("linux") and platform.machine() in ("x86_64", "AMD64")
    return "+cpu" in unquote(url) or not linux_x86


def install_torch() -> None:
    """Install a CPU build of PyTorch where one can be had."""
    if torch_is_cpu_build():
        return
    index = os.environ.get("TORCH_INDEX_URL")
    if index:
        pip("install", TORCH_SPEC, "--index-url", index)
    elif default_torch_is_cpu():
        pip("install", TORCH_SPEC)
    else:
        print(f"tui-tutor setup: taking PyTorch's CPU build from {CPU_INDEX}", flush=True)
        pip("install", TORCH_SPEC, "--index-url", CPU_INDEX)


def main() -> int:
    """Create or refresh `.venv`; return a process exit status."""
    if sys.version_info < (3, 11):  # noqa: UP036 - run by whatever python3 is on PATH, maybe an old one
        print("tui-tutor needs Python 3.11 or newer", file=sys.stderr)
        return 2
    if STAMP.exists() and STAMP.read_text() == wanted_stamp():
        return 0
    if not venv_python().exists():
        print("tui-tutor setup: creating .venv (first run only) ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    install_torch()
    pip("install", "--quiet", "-e", f"{ROOT}[test]")
    STAMP.write_text(wanted_stamp())
    print("tui-tutor setup: .venv is ready", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
