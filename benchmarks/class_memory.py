"""Memory of a class: N sessions side by side, each walked through every lesson, with the warm
server (`tui-tutor preload`) and without it, measured the same way in one run.

Each session is a `tui-tutor` in its own 24×80 pty, a fresh user (no saved progress); all N are
started together and walked together: PageDown to each in turn, until every one shows the last
step of the last lesson (lessons that train do so as they are reached). Then, with all N still
running, PSS (proportional set size: each page's share among the processes that map it, so the
PSS of all processes adds up to the memory they really use) is read from /proc/PID/smaps_rollup.

With the server, a session is two processes: the launcher (the terminal's process) and its
fork of the server; both count. The server's own PSS is reported beside them: it holds the pages
every session shares, and a class pays it once.

    .venv/bin/python benchmarks/class_memory.py [-n 30] [--baseline 30]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _term import TUTOR, Term

from tests.e2e.preload_server import PreloadServer, memory_kib

CONTENTS = "Deep Learning Fundamentals II — lessons"
BAR = re.compile(r"(\d+)/(\d+)\s.*?step (\d+)/(\d+)")
PAGE_DOWN = "\x1b[6~"
TARGET_MB = 60
MAX_PRESSES = 400


def at_the_end(term: Term) -> bool:
    """The lesson bar shows the last step of the last lesson."""
    found = BAR.search(term.lines()[0])
    return bool(found) and found[1] == found[2] and found[3] == found[4]


def settle_all(terms: list[Term], quiet: float = 0.2, limit: float = 30.0) -> None:
    """Read every session until none has written anything for `quiet` seconds."""
    end, last = time.monotonic() + limit, time.monotonic()
    while time.monotonic() < end and time.monotonic() - last < quiet:
        if sum(term.pump(0.002) for term in terms):  # every session read, not only up to the first
            last = time.monotonic()


def walk(terms: list[Term]) -> float:
    """Open lesson 1 in every session, then PageDown them all to the end; seconds it took."""
    started = time.monotonic()
    for term in terms:
        term.wait_for_text(CONTENTS, timeout=600)
        term.send("\r")
    for _ in range(MAX_PRESSES):
        walking = [term for term in terms if not at_the_end(term)]
        if not walking:
            break
        for term in walking:
            term.send(PAGE_DOWN)
        settle_all(terms)
    settle_all(terms, quiet=3.0, limit=120.0)  # the last trainings finish
    behind = [term.lines()[0].strip() for term in terms if not at_the_end(term)]
    if behind:
        raise RuntimeError(f"{len(behind)} sessions did not reach the end: {behind[:3]}")
    return time.monotonic() - started


def pss_mb(pid: int) -> float:
    return memory_kib(pid)["pss"] / 1024


def measure(n: int, server: PreloadServer | None) -> dict:
    """Start n sessions (through `server`, if given), walk them, measure; the figures in MB."""
    env = {"TUI_TUTOR_PRELOAD": str(server.socket)} if server else {}
    terms = [Term([TUTOR], env=env) for _ in range(n)]
    try:
        took = walk(terms)
        launchers = [pss_mb(term.child.pid) for term in terms]
        forks = [pss_mb(pid) for pid in server.children()] if server else []
        if server and len(forks) != n:
            raise RuntimeError(f"{len(forks)} forks of the server for {n} sessions")
        per_session = [a + b for a, b in zip(launchers, forks)] if server else launchers
        server_mb = pss_mb(server.pid) if server else 0.0
        return {"n": n, "walk_s": took, "mean": statistics.mean(per_session), "median": statistics.median(per_session),
                "launcher": statistics.mean(launchers) if server else None,
                "fork": statistics.mean(forks) if server else None, "server": server_mb,
                "total": sum(per_session) + server_mb}
    finally:
        for term in terms:
            term.close()


def report(label: str, r: dict) -> str:
    parts = f" (launcher {r['launcher']:.1f} + fork {r['fork']:.1f})" if r["launcher"] is not None else ""
    server = f"; the server {r['server']:.0f} MB" if r["server"] else ""
    return (f"{label:<16} {r['n']:3} sessions: mean PSS per session {r['mean']:6.1f} MB{parts}, median "
            f"{r['median']:.1f}{server}; all together {r['total'] / 1024:.2f} GB "
            f"({r['total'] / r['n']:.0f} MB a student); walked in {r['walk_s']:.0f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=30, help="sessions through the server (default 30)")
    ap.add_argument("--baseline", type=int, default=30, metavar="N",
                    help="sessions without the server, measured the same way (default 30; 0 skips)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="tui-tutor-class-") as folder, PreloadServer(Path(folder)) as server:
        warm = measure(args.n, server)
    print(report("with the server", warm), flush=True)
    if args.baseline:
        alone = measure(args.baseline, None)
        print(report("without it", alone))
        print(f"ratio (with / without, mean PSS per session): {warm['mean'] / alone['mean']:.2f}")
    ok = warm["mean"] <= TARGET_MB
    print(f"target: mean PSS per session ≤ {TARGET_MB} MB → {'pass' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
