"""Lessons 3–12: from a keypress that edits a value to the last byte of the redraw (numbers and plots).

Each lesson runs in a real 24×80 pty. After it has settled, Tab enters its first field and
↑ nudges (or cycles) the value PRESSES times; each press is timed from the write of the key
to the last byte written before the screen has been quiet for QUIET seconds (the whole
update: numbers, tables and plots). The bare Textual app's `+` is timed the same way in the
same run. Target (issue 3): median ≤ 50 ms per lesson.

    .venv/bin/python benchmarks/edit_latency.py
"""

from __future__ import annotations

import statistics
import sys
import time

from _term import BARE_APP, TUTOR, Term

LESSONS = ["regression-vs-classification", "loss-functions", "audio-codec-objective", "why-not-difference",
           "l1-vs-l2", "binary-cross-entropy", "softmax", "cross-entropy", "mse-for-classification", "output-space"]
PRESSES = 8
QUIET = 0.15
TARGET_MS = 50.0


def redraw_time(term: Term, key: str) -> float:
    """Seconds from writing `key` to the last byte before QUIET seconds of silence."""
    term.settle(quiet=QUIET, limit=3.0)
    sent = time.perf_counter()
    term.send(key)
    last = sent
    while time.perf_counter() - last < QUIET:
        if term.pump(0.01):
            last = term.last_read
    return last - sent


def measure(argv: list[str], prepare: str, key: str) -> list[float]:
    term = Term(argv)
    time.sleep(3.0)  # training demos and first computations finish
    term.settle(quiet=0.3, limit=10.0)
    if prepare:
        term.send(prepare)
        term.settle(quiet=0.3, limit=3.0)
    times = [redraw_time(term, key) for _ in range(PRESSES)]
    term.child.terminate(force=True)
    return times


def main() -> int:
    bare = statistics.median(measure(BARE_APP, "", "+")) * 1000
    print(f"bare Textual app: {bare:.1f} ms (same measure)")
    failed = 0
    for lesson in LESSONS:
        ms = statistics.median(measure([TUTOR, lesson], "\t", "\x1b[A")) * 1000
        ok = ms <= TARGET_MS
        failed += not ok
        print(f"{lesson:30s} {ms:6.1f} ms  ({ms / bare:4.1f}× bare)  {'pass' if ok else 'FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
