"""A class logging in at once: N `ssh -t` logins started together through the real-sshd set-up
of the SSH classroom (tests/e2e/ssh_classroom.py: deploy/ssh's sshd block and wrapper on
127.0.0.1), each a student with their own key, with the warm server and then with it stopped.

Every ssh client runs in its own 24×80 pty; the time of a login is from the moment the first
client was started to the read that put the contents on its screen. A login that ends before
that (sshd refused it) is counted as dropped. Needs root and OpenSSH, as the SSH tests do.

    .venv/bin/python benchmarks/login_storm.py [-n 60]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _term import Term

from tests.e2e.pty_app import tutor_command
from tests.e2e.ssh_classroom import Classroom

CONTENTS = "Deep Learning Fundamentals II — lessons"
TARGET_LAST = 15.0
TIMEOUT = 300.0


def storm(room: Classroom, students: list[str]) -> dict:
    """Log every student in at once; seconds to the contents per login, and the dropped ones."""
    started = time.perf_counter()
    terms = [Term(room.ssh(student, "-t")) for student in students]  # no agent: the key is given with -i
    reached: dict[int, float] = {}
    dropped: dict[int, str] = {}
    try:
        deadline = time.perf_counter() + TIMEOUT
        while len(reached) + len(dropped) < len(terms) and time.perf_counter() < deadline:
            for n, term in enumerate(terms):
                if n in reached or n in dropped:
                    continue
                term.pump(0.001)
                if term.has(CONTENTS):
                    reached[n] = term.last_read - started
                elif term.dead:
                    dropped[n] = term.text().strip()[-200:]
        for term in terms:
            if not term.dead:
                term.send("q")
    finally:
        for term in terms:
            term.close()
    times = sorted(reached.values())
    return {"n": len(terms), "reached": len(times), "dropped": dropped, "times": times,
            "missing": len(terms) - len(times) - len(dropped)}


def report(label: str, r: dict) -> str:
    t = r["times"]
    timing = (f"first {t[0]:.1f} s, median {statistics.median(t):.1f} s, last {t[-1]:.1f} s" if t else "none")
    return (f"{label:<22} {r['reached']}/{r['n']} reached the contents ({timing}); dropped {len(r['dropped'])}, "
            f"still waiting after {TIMEOUT:.0f} s {r['missing']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=60, help="logins at once (default 60)")
    args = ap.parse_args()
    if os.geteuid() != 0:
        print("needs root (sshd's privilege separation), as the SSH classroom tests do")
        return 2
    students = [f"student{n:02}" for n in range(args.n)]
    with tempfile.TemporaryDirectory(prefix="tui-tutor-storm-") as folder:
        room = Classroom(Path(folder), tutor_command())
        room.set_up(tuple(students))
        room.start()
        try:
            with room.preload() as server:
                warm = storm(room, students)
                print(report("with the server", warm), flush=True)
                print(f"  (the server ran {server.log_text().count('started: tui-tutor')} sessions)")
            for student in students:  # the same students again: first visits, as before
                room.forget(student)
            print(f"memory available before the logins without the server: "
                  f"{os.sysconf('SC_AVPHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.1f} GB", flush=True)
            alone = storm(room, students)
            print(report("with the server stopped", alone))
            for r in (warm, alone):
                for n, text in list(r["dropped"].items())[:3]:
                    print(f"  dropped login {n}: {text!r}")
        finally:
            room.stop()
    ok = warm["reached"] == args.n and warm["times"][-1] <= TARGET_LAST
    print(f"target: all {args.n} reach the contents, none dropped, the last within {TARGET_LAST:.0f} s → "
          f"{'pass' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
