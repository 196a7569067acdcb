"""Keypress-to-screen latency of tui-tutor vs a bare Textual app, in real 24×80 ptys.

Tutor: `tui-tutor neuron --set …` (the defaults, spelled out). Once ŷ is on screen
plus PAUSE s, Tab ×3 moves focus x → w → b (each verified on screen: the focused
field's background differs), then Up is pressed PRESSES times; each press is timed
from write() of the key to the read that makes the pyte screen show the new
"ŷ = φ(z) = sigmoid(z) = ŷ" line (b += 0.1 per press; z and ŷ computed here).

Bare app (benchmarks/bare_app.py): `+` is pressed PRESSES times, each timed to the
read that shows the new counter.

Both apps run at the same time in their own ptys and the presses alternate between
them (tutor, bare, bare, tutor, …), so both see the same machine noise. After each
press both are read until quiet. ROUNDS fresh pairs of processes are used; the first
Up of each round is reported separately against the median of the other presses.

    .venv/bin/python benchmarks/keypress.py [--rounds 3] [--presses 30]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _term import BARE_APP, KEY_TAB, KEY_UP, TUTOR, Term, median, ms, spread, verdict
from bare_app import READY_TEXT, count_text

# --- easy to adjust if the app changes ------------------------------------------------
X, W, B, STEP = (1.5, -2.0, 0.75), (0.8, 0.4, -1.0), 0.5, 0.1
ACTIVATION = "sigmoid"
TUTOR_ARGV = [TUTOR, "neuron", "--set", "x=1.5,-2,0.75", "--set", "w=0.8,0.4,-1",
              "--set", f"b={B}", "--set", f"activation={ACTIVATION}"]
YHAT_PREFIX = "ŷ = φ(z)"                      # the line that shows ŷ starts with this


def yhat_line(z: float, y: float) -> str:
    """The ŷ line as the neuron panel writes it."""
    return f"ŷ = φ(z) = {ACTIVATION}({fmt(z)}) = {fmt(y)}"


FIELD_LABELS = ("x", "w", "b")                 # the editor's rows, in Tab order
TABS_TO_B = 3                                  # Tab presses from the start to focus b
BARE_KEY = "+"
TARGET_RATIO = 2.0                             # tutor median / bare median
TARGET_FIRST = 1.5                             # first Up / median of the other Ups
PAUSE = 0.3                                    # a user's pause before the first key
KEY_TIMEOUT = 5.0
START_TIMEOUT = 60.0


def fmt(value: float) -> str:
    """As the neuron panel writes z and ŷ (`tui_tutor.numbers.number`: 4 significant digits)."""
    from tui_tutor.numbers import number

    return number(value)


def expected_lines(presses: int) -> list[str]:
    """The ŷ line after 0, 1, …, presses Up presses on b."""
    out, b = [], B
    for k in range(presses + 1):
        if k:
            b = round(b + STEP, 10)  # as ParamField.action_nudge does
        z = sum(x * w for x, w in zip(X, W)) + b
        out.append(yhat_line(z, 1 / (1 + math.exp(-z))))
    return out


def shows_line(term: Term, expected: str) -> bool:
    line = term.line_starting(YHAT_PREFIX)
    return line is not None and line.startswith(expected)


def focused_field(term: Term) -> str | None:
    """Which of FIELD_LABELS is focused: the one whose field background differs from the rest."""
    looks = {}
    for label in FIELD_LABELS:
        y = term.row_of(label + " ")
        if y is None:
            return None
        looks[label] = frozenset(term.backgrounds(y, 4, 27))
    for label, look in looks.items():
        others = [v for k, v in looks.items() if k != label]
        if all(o != look for o in others) and len(set(others)) == 1:
            return label
    return None


def one_round(presses: int, verbose: bool) -> dict:
    lines = expected_lines(presses)
    tutor, bare = Term(TUTOR_ARGV), Term(BARE_APP)
    try:
        tutor.wait_for(lambda: shows_line(tutor, lines[0]), START_TIMEOUT, f"initial {lines[0]!r}")
        bare.wait_for_text(READY_TEXT, START_TIMEOUT)
        for term in (tutor, bare):
            term.settle(0.1, 3.0)
        # As a user would: look at the screen for a moment before the first key.
        end = time.perf_counter() + PAUSE
        while time.perf_counter() < end:
            tutor.pump(0.01), bare.pump(0.01)

        tabs = []
        for i in range(TABS_TO_B):
            want = FIELD_LABELS[i]
            t0 = tutor.send(KEY_TAB)
            tabs.append(tutor.wait_for(lambda want=want: focused_field(tutor) == want, KEY_TIMEOUT, f"focus on {want}") - t0)
            tutor.settle(), bare.settle()
        if focused_field(tutor) != "b":
            raise RuntimeError(f"the b field is not focused after {TABS_TO_B} Tabs:\n{tutor.text()}")
        end = time.perf_counter() + PAUSE
        while time.perf_counter() < end:
            tutor.pump(0.01), bare.pump(0.01)

        ups, pluses = [], []
        for k in range(1, presses + 1):
            def press_tutor(k: int = k) -> None:
                t0 = tutor.send(KEY_UP)
                ups.append(tutor.wait_for(lambda: shows_line(tutor, lines[k]), KEY_TIMEOUT, repr(lines[k])) - t0)

            def press_bare(k: int = k) -> None:
                t0 = bare.send(BARE_KEY)
                pluses.append(bare.wait_for_text(count_text(k), KEY_TIMEOUT) - t0)

            for press in ((press_tutor, press_bare) if k % 2 else (press_bare, press_tutor)):
                press()
                tutor.settle(), bare.settle()
        if verbose:
            print(f"  tutor Up : first {ms(ups[0])}; rest {spread(ups[1:])}", flush=True)
            print(f"  bare  +  : first {ms(pluses[0])}; rest {spread(pluses[1:])}", flush=True)
            print(f"  tutor Tab: {', '.join(ms(t) for t in tabs)}", flush=True)
        return {"ups": ups, "pluses": pluses, "tabs": tabs}
    finally:
        tutor.close()
        bare.close()


def measure(rounds: int = 3, presses: int = 30, verbose: bool = True) -> list[dict]:
    """Rows for the report: steady keypress latency, and the first keypress."""
    ups, pluses, first_ups, first_pluses, rest_ups, rest_pluses, tabs = [], [], [], [], [], [], []
    for r in range(rounds):
        if verbose:
            print(f" round {r + 1}/{rounds}", flush=True)
        res = one_round(presses, verbose)
        ups += res["ups"]
        pluses += res["pluses"]
        first_ups.append(res["ups"][0])
        first_pluses.append(res["pluses"][0])
        rest_ups += res["ups"][1:]
        rest_pluses += res["pluses"][1:]
        tabs.append(res["tabs"])
    t, b = median(ups), median(pluses)
    f_t, r_t = median(first_ups), median(rest_ups)
    f_b, r_b = median(first_pluses), median(rest_pluses)
    return [
        {"metric": "keypress → screen (Up on b, ŷ updated; bare: + counter)",
         "tutor": t, "baseline": b, "ratio": t / b, "target": TARGET_RATIO, "pass": t / b <= TARGET_RATIO,
         "samples": {"tutor": ups, "baseline": pluses}},
        {"metric": "first keypress / median of the rest (same app)",
         "tutor": f_t, "baseline": r_t, "ratio": f_t / r_t, "target": TARGET_FIRST, "pass": f_t / r_t <= TARGET_FIRST,
         "baseline_label": "the other tutor Ups",
         "samples": {"tutor": first_ups, "baseline": rest_ups},
         "note": f"bare app: first {ms(f_b)} vs rest {ms(r_b)} (×{f_b / r_b:.2f})"},
        {"metric": "Tab → focus moves (info: 1st, 2nd, 3rd Tab)",
         "tutor": median([x[0] for x in tabs]), "baseline": None, "ratio": None, "target": None, "pass": None,
         "samples": {"tutor": [t for x in tabs for t in x]},
         "note": "medians: " + ", ".join(ms(median([x[i] for x in tabs])) for i in range(len(tabs[0])))},
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3, help="fresh process pairs (default 3)")
    ap.add_argument("--presses", type=int, default=30, help="key presses per app per round (default 30)")
    args = ap.parse_args()
    print(f"keypress latency, {args.rounds} rounds × {args.presses} presses, interleaved (24×80 ptys)")
    steady, first, tabs = measure(args.rounds, args.presses)
    print(f"  tutor Up : {spread(steady['samples']['tutor'])}")
    print(f"  bare  +  : {spread(steady['samples']['baseline'])}")
    print(f"keypress median: tutor {ms(steady['tutor'])}, bare Textual {ms(steady['baseline'])}, "
          f"ratio {steady['ratio']:.2f} (target ≤ {TARGET_RATIO}) → {verdict(steady['ratio'], TARGET_RATIO)}")
    print(f"first keypress (median of {args.rounds} rounds): {ms(first['tutor'])} vs rest {ms(first['baseline'])}, "
          f"ratio {first['ratio']:.2f} (target ≤ {TARGET_FIRST}) → {verdict(first['ratio'], TARGET_FIRST)}; "
          f"{first['note']}")
    print(f"Tab → focus: {tabs['note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
