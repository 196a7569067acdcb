"""The gradient-descent stepper in real ptys: step latency and bytes vs a bare Textual app,
and play mode's iteration and frame rates.

1. Step (80×24): `tui-tutor gradient-descent` on the bowl with η = 0.01 (no verdict for 50
   iterations), → twice to reach the run section, then `.` (one iteration) pressed STEPS
   times; each press is timed from write() to the read that shows the new table row (t, wₜ;
   wₜ computed here in closed form: wₜ₊₁ = wₜ − η·2(wₜ − 1), read back to the digits shown).
   The bare app (benchmarks/bare_app.py) is pressed `+` as often, interleaved with the tutor's presses (same machine noise). Also
   reported: the time to the step's last byte (numbers and plots). Bytes: everything read
   from the tutor's pty per step (until quiet: numbers and plots).
   The same bytes count for the 2-D lesson (heat map), stepping the elongated bowl.
2. Play (80×24 and 200×60): fastest speed, space, then PLAY_SECONDS of reading; every
   screen state is parsed for the status line's t and the table's last row. Reported:
   iterations/s (t on screen over time), frames/s (screen states showing a new t), the share
   of those frames whose table shows the latest iteration, and how fast `−`/`+` (speed keys)
   answer during play.

    .venv/bin/python benchmarks/descent.py [--rounds 2] [--steps 30]
"""

from __future__ import annotations

import argparse
import contextlib
import math
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _term import BARE_APP, TUTOR, Term, median, ms, spread, verdict
from bare_app import READY_TEXT, count_text

# --- easy to adjust if the app changes ------------------------------------------------
W0, LR = 4.0, 0.01
TUTOR_ARGV = [TUTOR, "gradient-descent", "--set", "function=bowl", "--set", f"w0={W0}", "--set", f"lr={LR}"]
KEY_RIGHT, KEY_SPACE, KEY_STEP = "\x1b[C", " ", "."
READY = "Follow the slope downhill"        # section 1's title, in the lesson bar
PLOT_TITLE = "(w − 1)² + 0.5"              # the title of the plot of f: drawn once torch is imported
RUN_SECTION = "step 3/6"                   # the run section, in the lesson bar
TABLE_HEADER = "f(wₜ)"
TABLE_COLUMNS = 51                         # the table's width (it sits in the panel's left column)
HEADER = re.compile(r"t\s+wₜ\s+f\(wₜ\)")        # the table's header, where the table starts
STATUS = re.compile(r"t = (\d+) · ▶ playing at (\d+)/s")
FASTEST = 60
TARGET_STEP_RATIO = 2.0
TARGET_BYTES = 3000
TARGET_ITERATIONS, TARGET_FPS = 30.0, 20.0
PLAY_SECONDS = 4.0
KEY_TIMEOUT = 5.0
START_TIMEOUT = 60.0


def trajectory(steps: int) -> list[float]:
    """w_0 … w_steps on f(w) = (w − 1)² + 0.5 (∇f(w) = 2(w − 1)), as the tutor computes them."""
    ws = [W0]
    for _ in range(steps):
        ws.append(ws[-1] - LR * (2 * (ws[-1] - 1)))
    return ws


def table_rows(term: Term) -> dict[int, float]:
    """The table's rows on screen: t -> the wₜ cell (the table is found by its header)."""
    lines = term.lines()
    x0 = next((m.start() for line in lines if (m := HEADER.search(line))), None)
    if x0 is None:
        return {}
    rows = {}
    for line in lines:  # t is right-aligned under the header's "t"; w_t follows
        t = re.search(r"(?<!\S)(\d+)$", line[: x0 + 1])
        w = re.match(r"\s+(−?\d+(?:\.\d+)?(?:e[+−]\d+)?)\s", line[x0 + 1 : x0 + 1 + TABLE_COLUMNS])
        if t and w:
            rows[int(t.group(1))] = float(w.group(1).replace("−", "-"))
    return rows


def shows_row(term: Term, t: int, w: float) -> bool:
    """Row t is on screen with wₜ to the (at least 4) significant digits the table writes."""
    shown = table_rows(term).get(t)
    return shown is not None and math.isclose(shown, w, rel_tol=5e-4)


def open_lesson(term: Term) -> None:
    """Wait until the lesson shows its first plot (torch has been imported), then a little more."""
    term.wait_for_text(READY, START_TIMEOUT)
    term.wait_for_text(PLOT_TITLE, START_TIMEOUT)
    term.settle(0.5, 5.0)


def step_round(steps: int, verbose: bool) -> dict:
    ws = trajectory(steps)
    tutor, bare = Term(TUTOR_ARGV), Term(BARE_APP)
    try:
        open_lesson(tutor)
        bare.wait_for_text(READY_TEXT, START_TIMEOUT)
        for _ in range(2):
            tutor.send(KEY_RIGHT)
            tutor.settle(0.3, 3.0)
        tutor.wait_for_text(RUN_SECTION, KEY_TIMEOUT)
        tutor.wait_for_text(TABLE_HEADER, KEY_TIMEOUT)
        tutor.settle(0.2, 2.0), bare.settle(0.2, 2.0)
        times, wholes, pluses, sizes = [], [], [], []
        for k in range(1, steps + 1):
            def press_tutor(k: int = k) -> None:
                before = tutor.nbytes
                t0 = tutor.send(KEY_STEP)
                times.append(tutor.wait_for(lambda: shows_row(tutor, k - 1, ws[k - 1]), KEY_TIMEOUT,
                                            f"row {k - 1}: {ws[k - 1]}") - t0)
                tutor.settle(0.12, 2.0)  # the plots come a frame after the numbers
                wholes.append(tutor.last_read - t0)
                sizes.append(tutor.nbytes - before)

            def press_bare(k: int = k) -> None:
                t0 = bare.send("+")
                pluses.append(bare.wait_for_text(count_text(k), KEY_TIMEOUT) - t0)
                bare.settle(0.05, 1.0)

            for press in ((press_tutor, press_bare) if k % 2 else (press_bare, press_tutor)):
                press()
        if verbose:
            print(f"  tutor →: {spread(times)}; with the plots: {spread(wholes)}; "
                  f"bytes/step median {median(sizes):.0f} (min {min(sizes)}, max {max(sizes)})")
            print(f"  bare  +: {spread(pluses)}", flush=True)
        return {"steps": times, "wholes": wholes, "bare": pluses, "bytes": sizes}
    finally:
        tutor.close()
        bare.close()


def play(rows: int, cols: int, verbose: bool) -> dict:
    """Fastest play for PLAY_SECONDS; then the speed keys' answer time while playing.

    During play the pty is read raw (time-stamped chunks, no parsing, so the reader keeps up);
    afterwards the chunks are fed to pyte one by one and each resulting screen is checked.
    """
    term = Term(TUTOR_ARGV, rows=rows, cols=cols)
    try:
        open_lesson(term)
        for _ in range(8):
            term.send("+")
            term.settle(0.05, 1.0)
        term.wait_for_text(f"play at {FASTEST}/s", KEY_TIMEOUT)
        chunks: list[tuple[float, bytes]] = []
        t0 = term.send(KEY_SPACE)
        while time.perf_counter() < t0 + PLAY_SECONDS:
            with contextlib.suppress(Exception):  # pexpect.TIMEOUT: nothing yet
                chunks.append((time.perf_counter(), term.child.read_nonblocking(65536, timeout=0.005)))
        samples: list[tuple[float, int, int | None]] = []
        for stamp, data in chunks:
            term.stream.feed(data)
            m = STATUS.search(term.text())
            if m:
                shown = table_rows(term)
                samples.append((stamp, int(m.group(1)), max(shown) if shown else None))
        # keys while playing: slower, then faster, timed to the status line
        answers = []
        for speed, key in ((30, "-"), (FASTEST, "+")) * 4:
            k0 = term.send(key)
            answers.append(term.wait_for(lambda s=speed: f"playing at {s}/s" in term.text(), KEY_TIMEOUT,
                                         f"playing at {speed}/s") - k0)
        term.send(KEY_SPACE)
        term.settle(0.1, 2.0)
    finally:
        term.close()
    first, last = samples[0], samples[-1]
    span = last[0] - first[0]
    new_t = [s for prev, s in zip(samples, samples[1:]) if s[1] != prev[1]]
    latest = [s for s in new_t if s[2] == s[1] - 1]
    result = {
        "size": f"{cols}×{rows}",
        "iterations_per_s": (last[1] - first[1]) / span,
        "fps": len(new_t) / span,
        "latest_share": len(latest) / max(len(new_t), 1),
        "key_answer": answers,
        "t_end": last[1],
    }
    if verbose:
        print(f"  play {result['size']}: {result['iterations_per_s']:.1f} it/s, {result['fps']:.1f} frames/s with a new t, "
              f"{100 * result['latest_share']:.0f} % of them with the table at the latest row; "
              f"speed keys answer in {spread(answers)}", flush=True)
    return result


def bytes_3d(steps: int, verbose: bool) -> list[int]:
    """Bytes per step of the 2-D lesson (80×24): → into its run section, then `.` `steps` times."""
    term = Term([TUTOR, "gradient-descent-3d", "--set", "function=elongated-bowl", "--set", "w0=-3.5,1.5",
                 "--set", "lr=0.19"])
    try:
        term.wait_for_text("A loss surface", START_TIMEOUT)
        term.wait_for_text("u² + 5v²", START_TIMEOUT)
        term.settle(0.5, 5.0)
        term.send(KEY_RIGHT)
        term.wait_for_text("step 2/5", KEY_TIMEOUT)
        term.settle(0.3, 3.0)
        sizes = []
        for k in range(1, steps + 1):
            before = term.nbytes
            term.send(KEY_STEP)
            term.wait_for(lambda k=k: f"t = {k} ·" in term.text(), KEY_TIMEOUT, f"t = {k}")
            term.settle(0.12, 2.0)
            sizes.append(term.nbytes - before)
    finally:
        term.close()
    if verbose:
        print(f"  2-D lesson (heat map): bytes/step median {median(sizes):.0f} (min {min(sizes)}, max {max(sizes)})")
    return sizes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=2, help="fresh process pairs for the step test (default 2)")
    ap.add_argument("--steps", type=int, default=30, help="`.` presses per round (default 30)")
    args = ap.parse_args()
    print(f"gradient-descent stepper: {args.rounds} rounds × {args.steps} steps, interleaved with a bare app (80×24 ptys)")
    steps, wholes, bares, sizes = [], [], [], []
    for r in range(args.rounds):
        print(f" round {r + 1}/{args.rounds}", flush=True)
        res = step_round(args.steps, True)
        steps += res["steps"]
        wholes += res["wholes"]
        bares += res["bare"]
        sizes += res["bytes"]
    t, b = median(steps), median(bares)
    ok = True
    print(f"step (.) → screen median: tutor {ms(t)}, bare Textual {ms(b)}, ratio {t / b:.2f} "
          f"(target ≤ {TARGET_STEP_RATIO}) → {verdict(t / b, TARGET_STEP_RATIO)}")
    ok &= t / b <= TARGET_STEP_RATIO
    print(f"step → numbers and plots all drawn (last byte) median: {ms(median(wholes))}, "
          f"ratio {median(wholes) / b:.2f} to the bare app's keypress (info: the plots follow the numbers by a frame)")
    print(f"bytes per step (80×24): median {median(sizes):.0f} B (min {min(sizes)}, max {max(sizes)}; "
          f"target ≤ {TARGET_BYTES}) → {'pass' if median(sizes) <= TARGET_BYTES else 'FAIL'}")
    ok &= median(sizes) <= TARGET_BYTES
    sizes_3d = bytes_3d(args.steps, False)
    print(f"bytes per step, 2-D lesson (elongated bowl, heat map, 80×24): median {median(sizes_3d):.0f} B "
          f"(min {min(sizes_3d)}, max {max(sizes_3d)}) → {'pass' if median(sizes_3d) <= TARGET_BYTES else 'FAIL'}")
    ok &= median(sizes_3d) <= TARGET_BYTES
    for rows, cols in ((24, 80), (60, 200)):
        p = play(rows, cols, True)
        good = p["iterations_per_s"] >= TARGET_ITERATIONS and p["fps"] >= TARGET_FPS and p["latest_share"] >= 0.95
        ok &= good
        print(f"play {p['size']}: {p['iterations_per_s']:.1f} it/s (≥ {TARGET_ITERATIONS}), {p['fps']:.1f} frames/s "
              f"(≥ {TARGET_FPS}), latest row shown in {100 * p['latest_share']:.0f} % of frames; speed key → screen "
              f"median {ms(median(p['key_answer']))} (bare app keypress {ms(b)}) → {'pass' if good else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
