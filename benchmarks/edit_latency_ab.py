"""Edits in lessons 3–7 against a baseline commit, side by side in one run (issue 11's ≤ 50 ms).

The same measure as `edit_latency.py` (a real 24×80 pty, ↑/↓ in the first field, from the key's
write to the last read that changed the screen's text), for this tree and for a baseline
checkout given as a folder (e.g. `git worktree add /tmp/base main`), alternating A and B for
ROUNDS rounds; medians per lesson, and the ratio this/baseline.

    .venv/bin/python benchmarks/edit_latency_ab.py /tmp/base
"""

from __future__ import annotations

import os
import statistics
import sys

import edit_latency as e
from _term import PYTHON

LESSONS = ("regression-vs-classification", "loss-functions", "audio-codec-objective", "why-not-difference", "l1-vs-l2")
ROUNDS = 3


def run(lesson: str, tree: str | None) -> float:
    """The median whole-update time in ms of one session, of this tree or of `tree`."""
    if tree is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = tree  # the baseline's tui_tutor comes first on sys.path
    return e.measure([PYTHON, "-m", "tui_tutor", lesson], (*e.LESSONS[lesson], "\t"), (e.KEY_UP, e.KEY_DOWN))[1]


def main() -> int:
    base = sys.argv[1]
    print(f"{'lesson':30s} {'this':>8s} {'baseline':>9s}  ratio   (ms, medians of {ROUNDS} sessions × {e.PRESSES} presses)")
    for lesson in LESSONS:
        mine, theirs = [], []
        for _ in range(ROUNDS):
            mine.append(run(lesson, None))
            theirs.append(run(lesson, base))
        a, b = statistics.median(mine), statistics.median(theirs)
        print(f"{lesson:30s} {a:8.1f} {b:9.1f}  {a / b:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
