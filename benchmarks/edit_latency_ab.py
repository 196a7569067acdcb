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
from _term import PYTHON, Term

LESSONS = ("regression-vs-classification", "loss-functions", "audio-codec-objective", "why-not-difference", "l1-vs-l2")
ROUNDS = 3


def run(lesson: str, tree: str | None) -> float:
    """The median whole-update time in ms of one session, of this tree or of `tree`: the lesson
    is waited for on screen, then each step key for its step (a busy machine drops no key)."""
    if tree is None:
        os.environ.pop("PYTHONPATH", None)
    else:
        os.environ["PYTHONPATH"] = tree  # the baseline's tui_tutor comes first on sys.path
    term = Term([PYTHON, "-m", "tui_tutor", lesson])
    term.wait_for_text("step 1/", timeout=120)
    for n, key in enumerate(e.LESSONS[lesson], start=2):
        term.send(key)
        term.wait_for_text(f"step {n}/", timeout=60)
    term.settle(quiet=1.0, limit=20.0)  # first computations and plots done
    term.send("\t")
    term.settle(quiet=0.3, limit=5.0)
    times = [e.update_times(term, (e.KEY_UP, e.KEY_DOWN)[i % 2]) for i in range(e.PRESSES)]
    term.child.terminate(force=True)
    return statistics.median(t[1] for t in times) * 1000


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
