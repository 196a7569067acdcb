"""Lessons 3–12: from a keypress that edits a value to the last byte of the redraw (numbers and plots).

Each lesson runs in a real 24×80 pty. After it has settled (and stepped to its first field),
Tab enters the field and ↑ nudges (or cycles) the value PRESSES times; each press is timed
from the write of the key to the read that last changed the text on screen within WINDOW
seconds (the whole update: numbers, tables and plots; not the field's cursor blink). The bare Textual app's `+` is timed the same way in the
same run. Target (issue 3): median ≤ 50 ms per lesson.

    .venv/bin/python benchmarks/edit_latency.py
"""

from __future__ import annotations

import statistics
import sys
import time

from _term import BARE_APP, TUTOR, Term

KEY_RIGHT = "\x1b[C"
LESSONS: dict[str, tuple[str, ...]] = {lesson: () for lesson in ("loss-functions", "audio-codec-objective", "why-not-difference", "l1-vs-l2",
                                     "binary-cross-entropy", "softmax", "cross-entropy", "mse-for-classification",
                                     "output-space")}
LESSONS["regression-vs-classification"] = (KEY_RIGHT,) * 4
"""Lesson id → keys that reach the step with its first field (regression-vs-classification's is in step 5)."""
PRESSES = 8
QUIET = 0.15
WINDOW = 1.0
"""How long after a key the screen is watched; the update is the last change of its text."""
TARGET_MS = 50.0


def redraw_time(term: Term, key: str) -> float:
    """Seconds from writing `key` to the read that last changed the screen's text.

    Only text counts: a focused field's cursor blinks (an attribute change) twice a second,
    and a blink is not part of the update.
    """
    term.settle(quiet=QUIET, limit=3.0)
    shown = term.text()
    sent = time.perf_counter()
    term.send(key)
    changed = None
    while time.perf_counter() - sent < WINDOW:
        if term.pump(0.01) and (now := term.text()) != shown:
            shown, changed = now, term.last_read
    if changed is None:
        raise RuntimeError(f"{key!r} changed nothing on screen:\n{shown}")
    return changed - sent


def measure(argv: list[str], prepare: tuple[str, ...], key: str) -> list[float]:
    term = Term(argv)
    time.sleep(3.0)  # training demos and first computations finish
    term.settle(quiet=0.3, limit=10.0)
    for k in prepare:
        term.send(k)
        term.settle(quiet=0.3, limit=3.0)
    times = [redraw_time(term, key) for _ in range(PRESSES)]
    term.child.terminate(force=True)
    return times


def main() -> int:
    bare = statistics.median(measure(BARE_APP, (), "+")) * 1000
    print(f"bare Textual app: {bare:.1f} ms (same measure)")
    failed = 0
    for lesson, reach in LESSONS.items():
        ms = statistics.median(measure([TUTOR, lesson], (*reach, "\t"), "\x1b[A")) * 1000
        ok = ms <= TARGET_MS
        failed += not ok
        print(f"{lesson:30s} {ms:6.1f} ms  ({ms / bare:4.1f}× bare)  {'pass' if ok else 'FAIL'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
