"""Private memory (USS) of one tutor session after walking every lesson, vs a bare `import torch`.

Each SSH session is its own process, so this is the cost of one more student on a shared
server. The tutor runs in a real 24×80 pty; PageDown walks the whole lecture (lessons that
train do so as they are reached); then USS = Private_Clean + Private_Dirty from
/proc/PID/smaps_rollup. The baseline is a Python process that only imported torch.

    .venv/bin/python benchmarks/memory.py
"""

from __future__ import annotations

import subprocess
import sys
import time

from _term import PYTHON, TUTOR, Term

TARGET_MB = 200
STEP_PAUSE = 0.15


def uss_mb(pid: int) -> float:
    """Unique set size of `pid` in MB (private pages, clean and dirty)."""
    fields = {}
    for line in open(f"/proc/{pid}/smaps_rollup"):
        parts = line.split()
        if parts[0].endswith(":") and len(parts) >= 2 and parts[1].isdigit():
            fields[parts[0][:-1]] = int(parts[1])
    return (fields["Private_Clean"] + fields["Private_Dirty"]) / 1024


def total_steps() -> int:
    """Steps in the whole lecture, from the lesson files."""
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    from tui_tutor.content import load_lessons

    return sum(len(lesson.sections) for lesson in load_lessons())


def measure_tutor() -> float:
    term = Term([TUTOR])
    term.wait_for_text("Deep Learning Fundamentals II — lessons")
    term.send("\r")
    for _ in range(total_steps() + 2):
        term.send("\x1b[6~")  # PageDown
        term.settle(quiet=STEP_PAUSE, limit=3.0)
    time.sleep(2.0)
    term.settle()
    mb = uss_mb(term.child.pid)
    term.send("q")
    term.child.expect(__import__("pexpect").EOF, timeout=20)
    return mb


def measure_bare_torch() -> float:
    child = subprocess.Popen([PYTHON, "-c", "import torch, time; torch.zeros(1); print('ok', flush=True); time.sleep(60)"],
                             stdout=subprocess.PIPE, text=True)
    try:
        child.stdout.readline()
        return uss_mb(child.pid)
    finally:
        child.kill()


def main() -> int:
    tutor, bare = measure_tutor(), measure_bare_torch()
    ok = tutor <= TARGET_MB
    print(f"USS after walking every lesson: tutor {tutor:.0f} MB, bare `import torch` {bare:.0f} MB, "
          f"ratio {tutor / bare:.2f}; target ≤ {TARGET_MB} MB → {'pass' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
