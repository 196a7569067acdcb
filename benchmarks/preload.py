"""Start-up and keypress through the warm server (`tui-tutor preload`), side by side in one run.

In real 24×80 ptys, interleaved, medians:

- launch → contents: `tui-tutor` handed to the server (TUI_TUTOR_PRELOAD), against a bare
  Textual app's cold launch (benchmarks/bare_app.py) and `tui-tutor` without the server;
- `tui-tutor neuron` → the first ŷ line on screen, through the server and without it (without
  it, PyTorch's import sits in front of the first number);
- keypress → screen in a forked session: benchmarks/keypress.py's measurement (Up on b → the new
  ŷ line, against the bare app's `+`) with the tutor handed to the server.

    .venv/bin/python benchmarks/preload.py [-n 10] [--rounds 3] [--presses 30]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keypress
from _term import BARE_APP, TUTOR, Term, median, ms, spread, verdict
from bare_app import READY_TEXT

from tests.e2e.preload_server import PreloadServer

CONTENTS = "Deep Learning Fundamentals II — lessons"
TARGET_START = 0.6  # through the server / the bare app's cold launch
TARGET_FIRST_YHAT = 0.150  # seconds
TIMEOUT = 60.0


def time_to(argv: list[str], ready, env: dict[str, str] | None = None) -> float:
    """Seconds from just before spawn to the read that made `ready(term)` true."""
    with Term(argv, env=env) as term:
        return term.wait_for(lambda: ready(term), TIMEOUT, str(argv)) - term.t_spawn


def shows(text: str):
    return lambda term: term.has(text)


def first_yhat(term: Term) -> bool:
    return keypress.shows_line(term, keypress.expected_lines(0)[0])


def interleaved(n: int, runs: dict[str, tuple], verbose: bool) -> dict[str, list[float]]:
    """Each of `runs` (name -> (argv, ready, env)) n times, order rotating each round; one unmeasured run first."""
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for argv, ready, env in runs.values():
        time_to(argv, ready, env)  # warm-up: .pyc files, the page cache
    names = list(runs)
    for i in range(n):
        order = names[i % len(names):] + names[:i % len(names)]
        for name in order:
            argv, ready, env = runs[name]
            samples[name].append(time_to(argv, ready, env))
        if verbose:
            print(f"  round {i + 1:2}/{n}: " + "   ".join(f"{k} {ms(v[-1])}" for k, v in samples.items()), flush=True)
    return samples


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=10, help="launches of each (default 10)")
    ap.add_argument("--rounds", type=int, default=3, help="keypress rounds (default 3)")
    ap.add_argument("--presses", type=int, default=30, help="key presses per round (default 30)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="tui-tutor-preload-") as folder, PreloadServer(Path(folder)) as server:
        warm = {"TUI_TUTOR_PRELOAD": str(server.socket)}
        print(f"launch → contents, {args.n} interleaved runs each (24×80 ptys)", flush=True)
        start = interleaved(args.n, {"server": ([TUTOR], shows(CONTENTS), warm), "bare": (BARE_APP, shows(READY_TEXT), None),
                                     "alone": ([TUTOR], shows(CONTENTS), None)}, True)
        print(f"neuron → first ŷ on screen, {args.n} interleaved runs each", flush=True)
        yhat = interleaved(args.n, {"server": (keypress.TUTOR_ARGV, first_yhat, warm),
                                    "alone": (keypress.TUTOR_ARGV, first_yhat, None)}, True)
        print(f"keypress in a forked session: {args.rounds} rounds × {args.presses} presses", flush=True)
        os.environ.update(warm)  # keypress.py's terminals take this process's environment (the bare app ignores it)
        steady, first, _tabs = keypress.measure(args.rounds, args.presses, verbose=True)
        del os.environ["TUI_TUTOR_PRELOAD"]
        print("keypress in a tutor of its own (no server), the same way", flush=True)
        alone, _first, _tabs = keypress.measure(args.rounds, args.presses, verbose=False)
        sessions = server.log_text().count("started: tui-tutor")

    s, b, a = (median(start[k]) for k in ("server", "bare", "alone"))
    y, ya = median(yhat["server"]), median(yhat["alone"])
    print()
    for name, values in {**{f"start {k}": v for k, v in start.items()}, **{f"ŷ {k}": v for k, v in yhat.items()}}.items():
        print(f"  {name:14}: {spread(values)}")
    print(f"launch → contents: through the server {ms(s)}, bare Textual app {ms(b)}, tui-tutor alone {ms(a)}; "
          f"ratio to the bare app {s / b:.2f} (target ≤ {TARGET_START}) → {verdict(s / b, TARGET_START)}")
    print(f"neuron → first ŷ: through the server {ms(y)} (target ≤ {ms(TARGET_FIRST_YHAT)}) → "
          f"{verdict(y, TARGET_FIRST_YHAT)}; alone {ms(ya)}")
    print(f"keypress in a forked session: tutor {ms(steady['tutor'])}, bare {ms(steady['baseline'])}, ratio "
          f"{steady['ratio']:.2f} (target ≤ {keypress.TARGET_RATIO}) → {verdict(steady['ratio'], keypress.TARGET_RATIO)}; "
          f"first keypress {ms(first['tutor'])} vs the rest {ms(first['baseline'])}; without the server: tutor "
          f"{ms(alone['tutor'])}, bare {ms(alone['baseline'])}, ratio {alone['ratio']:.2f}")
    print(f"(the server ran {sessions} sessions; machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f})")
    ok = s / b <= TARGET_START and y <= TARGET_FIRST_YHAT and steady["ratio"] <= keypress.TARGET_RATIO
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
