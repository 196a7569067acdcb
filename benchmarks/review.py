"""What the review schedule costs: a year of daily reviews, replayed through FSRS.

    .venv/bin/python benchmarks/review.py [--days 365] [--runs 5]

A simulated learner visits every lesson, then reviews every day for `--days` days: each
day's plan (due cards and up to 10 new) is answered, right 85 % of the time (a fixed
pattern). The resulting progress file is what a whole course of daily reviews leaves.
Measured on it, medians of `--runs`, each beside a baseline in the same run:

* load: reading the file (parse and check), as the tutor did before the schedule;
* plan: replaying every card through fsrs.Scheduler and making the day's plan (what
  `r`, the contents' "N due today" and the session summary each cost), against load;
* `tui-tutor review --stats` as a process, against `tui-tutor --list` (start-up alone).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_tutor.answers import AGAIN, GOOD  # noqa: E402
from tui_tutor.content import load_course  # noqa: E402
from tui_tutor.progress import Progress, ProgressStore, parse  # noqa: E402
from tui_tutor.review_plan import plan  # noqa: E402

START = date(2026, 1, 5)


def a_year(days: int) -> Progress:
    """The progress of a learner who reviewed every card due, every day, for `days` days."""
    lessons = load_course().lessons
    p = Progress()
    for lesson in lessons:
        p = p.visit(lesson.id, 0, now=1.0)
    for n in range(days):
        day = START + timedelta(days=n)
        for k, card in enumerate(plan(lessons, p, day, new_per_day=10).queue):
            right = zlib.crc32(f"{card.key}@{n}".encode()) % 100 < 85
            record = p.record_exercise if card.is_exercise else p.record_question
            extra = {"value": 0.5} if card.is_exercise else {}
            p = record(card.item_id, right, now=1.0e9 + n * 86400 + k, rating=GOOD if right else AGAIN,
                       day=day.isoformat(), **extra)
    return p


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    lessons = load_course().lessons
    t = time.perf_counter()
    p = a_year(args.days)
    built = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as home:
        store = ProgressStore(Path(home) / "tui-tutor")
        store.save(p)
        raw = store.path.read_bytes()
        reviews = sum(len(v) for table in (p.questions, p.exercises) for v in table.values())
        day = START + timedelta(days=args.days)
        load = median_ms(lambda: parse(raw), args.runs)
        planning = median_ms(lambda: plan(lessons, p, day, new_per_day=10), args.runs)
        env = {**os.environ, "XDG_DATA_HOME": home}
        tutor = [sys.executable, "-m", "tui_tutor"]
        stats = median_ms(lambda: subprocess.run([*tutor, "review", "--stats", "--today", day.isoformat()],
                                                 env=env, check=True, capture_output=True), args.runs)
        listing = median_ms(lambda: subprocess.run([*tutor, "--list"], env=env, check=True, capture_output=True),
                            args.runs)
    print(f"{args.days} days simulated in {built:.1f} s: {reviews} reviews of {len(p.questions) + len(p.exercises)} "
          f"cards, progress file {len(raw) / 1024:.0f} KB")
    print("| measure | review | baseline | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| plan the day (replay every card) vs load the file | {planning:.1f} ms | {load:.1f} ms | "
          f"{planning / load:.2f} |")
    print(f"| `tui-tutor review --stats` vs `tui-tutor --list` | {stats:.0f} ms | {listing:.0f} ms | "
          f"{stats / listing:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
