"""Private memory (USS) of one tutor session after walking every lesson, vs a bare `import torch`.

Each SSH session is its own process, so this is the cost of one more student on a shared
server. The tutor runs in a real 24×80 pty; PageDown walks the whole lecture (lessons that
train do so as they are reached); then USS = Private_Clean + Private_Dirty from
/proc/PID/smaps_rollup. The baseline is a Python process that only imported torch.

USS counts a shared library's pages as private while only one process maps them. So each is
measured twice: alone (the first student on the server), and while a second, identical
process is running (every further student: torch's ~60 MB of library code is then shared).

    .venv/bin/python benchmarks/memory.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack, contextmanager
from pathlib import Path

import pexpect
from _term import PYTHON, TUTOR, Term

TARGET_MB = 200
STEP_PAUSE = 0.15


def uss_mb(pid: int) -> float:
    """Unique set size of `pid` in MB (private pages, clean and dirty)."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as smaps:
        lines = smaps.readlines()
    for line in lines:
        parts = line.split()
        if parts[0].endswith(":") and len(parts) >= 2 and parts[1].isdigit():
            fields[parts[0][:-1]] = int(parts[1])
    return (fields["Private_Clean"] + fields["Private_Dirty"]) / 1024


def total_steps() -> int:
    """Steps in the whole lecture, from the lesson files."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tui_tutor.content import load_lessons

    return sum(len(lesson.sections) for lesson in load_lessons())


@contextmanager
def tutor_session():
    """A tutor that has walked the whole lecture; yields its pid, quits at the end."""
    term = Term([TUTOR])
    term.wait_for_text("Deep Learning Fundamentals II — lessons")
    term.send("\r")
    for _ in range(total_steps() + 2):
        term.send("\x1b[6~")  # PageDown
        term.settle(quiet=STEP_PAUSE, limit=3.0)
    time.sleep(2.0)
    term.settle()
    try:
        yield term.child.pid
    finally:
        term.send("q")
        term.child.expect(pexpect.EOF, timeout=20)


@contextmanager
def bare_torch():
    """A Python process that imported torch; yields its pid."""
    child = subprocess.Popen([PYTHON, "-c", "import torch, time; torch.zeros(1); print('ok', flush=True); time.sleep(120)"],
                             stdout=subprocess.PIPE, text=True)
    try:
        child.stdout.readline()
        yield child.pid
    finally:
        child.kill()
        child.wait()


def alone_and_alongside(start: Callable[[], AbstractContextManager[int]]) -> tuple[float, float]:
    """USS of a process alone, then of a second one while the first still runs."""
    with ExitStack() as stack:
        first = stack.enter_context(start())
        alone = uss_mb(first)
        second = stack.enter_context(start())
        return alone, uss_mb(second)


def main() -> int:
    tutor, bare = alone_and_alongside(tutor_session), alone_and_alongside(bare_torch)
    ok = tutor[1] <= TARGET_MB
    for label, t, b in (("alone", tutor[0], bare[0]), ("beside a second session", tutor[1], bare[1])):
        print(f"USS {label:24s} tutor {t:4.0f} MB, bare `import torch` {b:4.0f} MB, ratio {t / b:.2f}")
    print(f"one more student costs {tutor[1]:.0f} MB; target ≤ {TARGET_MB} MB → {'pass' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
