"""Run every benchmark and print a Markdown table for the README.

    .venv/bin/python benchmarks/run_all.py [-n 10] [--rounds 3] [--presses 30] [-q]

Each benchmark measures tui-tutor side by side with a bare Textual app
(benchmarks/bare_app.py) in the same run, in real 24×80 ptys; see startup.py and
keypress.py for how. Times are medians; ratio = tutor / baseline.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import keypress
import startup
from _term import ms


def table(rows: list[dict]) -> str:
    out = ["| metric | tui-tutor | baseline | ratio | target | result |",
           "|---|---:|---:|---:|---:|:---:|"]
    for r in rows:
        base = "—" if r["baseline"] is None else ms(r["baseline"])
        if r.get("baseline_label"):
            base = f"{base} ({r['baseline_label']})"
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.2f}"
        target = "—" if r["target"] is None else f"≤ {r['target']}"
        result = "info" if r["pass"] is None else ("pass" if r["pass"] else "**FAIL**")
        out.append(f"| {r['metric']} | {ms(r['tutor'])} | {base} | {ratio} | {target} | {result} |")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=10, help="startup runs of each app (default 10)")
    ap.add_argument("--rounds", type=int, default=3, help="keypress rounds (fresh processes; default 3)")
    ap.add_argument("--presses", type=int, default=30, help="key presses per app per round (default 30)")
    ap.add_argument("-q", "--quiet", action="store_true", help="only the table and notes")
    args = ap.parse_args()
    verbose = not args.quiet
    t0 = time.perf_counter()
    load_before = os.getloadavg()[0]

    if verbose:
        print(f"startup: {args.n} interleaved runs each", flush=True)
    start = startup.measure(args.n, verbose)
    if verbose:
        print(f"keypress: {args.rounds} rounds × {args.presses} presses, interleaved", flush=True)
    steady, first, tabs = keypress.measure(args.rounds, args.presses, verbose)

    rows = [start, steady, first, tabs]
    print()
    print(table(rows))
    print()
    print("- baseline: a bare Textual app (Header, Static, Footer; `+` increments a counter); "
          "both measured in the same run, interleaved, in 24×80 ptys (TERM=xterm-256color)")
    print(f"- startup: spawn → \"{startup.TUTOR_READY_TEXT}\" on screen vs spawn → the bare app's Static; "
          f"median of {args.n} runs each")
    print(f"- keypress: write(Up) on the `b` field → new ŷ line on screen vs write(+) → new counter; "
          f"median of {args.rounds}×{args.presses} presses each")
    print(f"- first keypress: first Up of each round (after ŷ shown + {keypress.PAUSE} s, and 3 Tabs) vs the "
          f"median of the other Ups; {first['note']}")
    print(f"- Tab → focus visibly moves (x, w, b): {tabs['note']}")
    print(f"- machine: {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"load average {load_before:.2f} → {os.getloadavg()[0]:.2f}; suite took {time.perf_counter() - t0:.0f} s")
    return 0 if all(r["pass"] is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
