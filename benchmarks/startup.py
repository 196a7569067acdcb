"""Startup time of tui-tutor vs a bare Textual app, in a real 24×80 pty.

Measures spawn → "the contents screen is visible" (its title text is on the pyte
screen) for `tui-tutor`, and spawn → "the Static's text is visible" for the bare
app (benchmarks/bare_app.py). Runs are interleaved (order alternates each round),
after one unmeasured warm-up of each; prints medians and the ratio.

    .venv/bin/python benchmarks/startup.py [-n 10]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _term import BARE_APP, TUTOR, Term, median, ms, spread, verdict
from bare_app import READY_TEXT

# --- easy to adjust if the app changes ------------------------------------------------
TUTOR_ARGV = [TUTOR]
TUTOR_READY_TEXT = "Deep Learning Fundamentals II — lessons"  # the contents screen's title
TARGET_RATIO = 1.3
TIMEOUT = 30.0


def time_to_text(argv: list[str], text: str) -> float:
    """Seconds from just before spawn to the read that put `text` on the pyte screen."""
    with Term(argv) as term:
        return term.wait_for_text(text, TIMEOUT) - term.t_spawn


def measure(n: int = 10, verbose: bool = True) -> dict:
    """Run both n times, interleaved; returns medians, raw samples and the ratio."""
    # Warm-up (not counted): .pyc files, the page cache.
    time_to_text(BARE_APP, READY_TEXT)
    time_to_text(TUTOR_ARGV, TUTOR_READY_TEXT)
    tutor: list[float] = []
    bare: list[float] = []
    for i in range(n):
        order = [("bare", BARE_APP, READY_TEXT, bare), ("tutor", TUTOR_ARGV, TUTOR_READY_TEXT, tutor)]
        if i % 2:
            order.reverse()
        for _name, argv, text, out in order:
            out.append(time_to_text(argv, text))
        if verbose:
            print(f"  round {i + 1:2}/{n}: tutor {ms(tutor[-1]):>10}   bare {ms(bare[-1]):>10}", flush=True)
    t, b = median(tutor), median(bare)
    ratio = t / b
    return {
        "metric": "startup: spawn → contents visible",
        "tutor": t, "baseline": b, "ratio": ratio, "target": TARGET_RATIO,
        "pass": ratio <= TARGET_RATIO, "samples": {"tutor": tutor, "baseline": bare},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=10, help="runs of each (default 10)")
    args = ap.parse_args()
    print(f"startup, {args.n} interleaved runs each (24×80 pty)")
    r = measure(args.n)
    print(f"  tutor : {spread(r['samples']['tutor'])}")
    print(f"  bare  : {spread(r['samples']['baseline'])}")
    print(f"startup median: tutor {ms(r['tutor'])}, bare Textual {ms(r['baseline'])}, "
          f"ratio {r['ratio']:.2f} (target ≤ {TARGET_RATIO}) → {verdict(r['ratio'], TARGET_RATIO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
