"""A class under load: follow latency, store traffic and the instructor's CPU, on SQLite and PostgreSQL.

Each run makes a fresh class, starts the students, then an instructor, all as real processes:

* students: `ClassLink`s exactly as a student's tutor runs one (its own thread and store
  connection, polling every 0.2 s on SQLite, woken by NOTIFY on PostgreSQL), ten or twenty
  per worker process. Each follows the instructor: when its link shows a new step it reports
  where it is (as the student's tutor does when its screen moves), it heartbeats, and it
  answers the question asked live.
* the instructor: one `ClassLink` with the key in its own process, publishing STEPS steps a
  random 0.3-0.7 s apart (lesson, step, scenario, parameter values, descent iteration), asking
  one question halfway and revealing it a second later.

Follow latency: from just before the instructor's `publish()` (its keypress) to the moment
each student's link has the new step (or, had the next step overtaken it, a later one) in its
snapshot, which is what its screen is drawn from; the drawing itself adds one frame. "missed":
the share of steps a student's screen skipped that way. Traffic: the store reads and writes of every link, per second
of the run. CPU: the instructor's process (user + system) over the run, in % of one core; what
one `publish()` call costs the instructor's keypress; and the students' processes' CPU per link. Baseline, in the same invocation:
the same run with one student (latency is then the poll interval's and the store's alone).

    .venv/bin/python benchmarks/classroom.py [--runs 3] [--steps 40] [--sqlite 60] [--postgres 200]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_tutor.classroom.keys import StudentSecrets, new_secret  # noqa: E402
from tui_tutor.classroom.link import ClassLink, Snapshot  # noqa: E402
from tui_tutor.classroom.store import create_store  # noqa: E402

LESSON = "gradient-descent"
PER_WORKER = {"sqlite": 10, "postgres": 20}
TEMPORARY: list[str] = []
"""Folders this run made (class files, students' secrets): removed at the end."""


def temporary(prefix: str) -> str:
    folder = tempfile.mkdtemp(prefix=prefix)
    TEMPORARY.append(folder)
    return folder


# ---------------------------------------------------------------- a worker process: many students

def worker(location: str, first: int, count: int, secrets_dir: str) -> None:
    """Run `count` student links until stdin closes; then print what each one saw, as JSON."""
    seen: list[list[tuple[int, float]]] = [[] for _ in range(count)]
    links: list[ClassLink] = []

    def follower(n: int):
        last = {"step": None, "question": None}

        def on_change(snap: Snapshot) -> None:
            now = time.time()
            position = snap.position
            if position is not None and position.step != last["step"]:
                last["step"] = position.step
                seen[n].append((position.step, now))
                links[n].where(position.lesson_id, position.step, True)
            question = snap.question
            if question is not None and question.id != last["question"] and not question.revealed:
                last["question"] = question.id
                links[n].answer(question.id, float(n % max(1, len(question.question.choices))))
        return on_change

    for n in range(count):
        link = ClassLink(location, name=f"student-{first + n:03d}", secrets=StudentSecrets(Path(secrets_dir)),
                         on_change=follower(n))
        links.append(link)
        link.connect()
        link.start()
    print("ready", flush=True)
    cpu0, wall0 = _cpu(), time.time()
    sys.stdin.read()
    cpu, wall = _cpu() - cpu0, time.time() - wall0
    ops = {"reads": 0, "writes": 0}
    for link in links:
        store = link.store
        if store is not None:
            for k in ops:
                ops[k] += store.ops[k]
    lost = sum(not link.snapshot.connected for link in links)
    for link in links:
        link.close()
    print(json.dumps({"seen": seen, "ops": ops, "lost": lost, "cpu": cpu / wall, "links": count}), flush=True)


# ---------------------------------------------------------------- the instructor's process

def instructor(location: str, key: str, steps: int, students: int, seed: int) -> None:
    """Lead: publish `steps` steps, ask one question halfway; print times, CPU and traffic as JSON."""
    from tui_tutor.review_items import ReviewItem

    rng = random.Random(seed)
    link = ClassLink(location, name="prof", key=key)
    link.connect()
    link.start()
    time.sleep(1.0)  # the students have seen the class's current state
    cpu0, wall0 = _cpu(), time.time()
    published, call_costs = [], []
    question = ReviewItem("gd-eta", "choice", "Gradient descent", "η too large?", ("converges", "diverges", "stalls"),
                          1.0, 0.0, "look at the loss", "it diverges", True)
    for step in range(steps):
        t = time.time()
        started = time.perf_counter()
        link.publish(LESSON, step, "η too large" if step % 2 else None, {"lr": 1.05, "w0": (2.0,)}, iteration=step)
        call_costs.append(time.perf_counter() - started)
        published.append((step, t))
        if step == steps // 2:
            link.ask(question, LESSON)
        if step == steps // 2 + 2:  # every answer in (or 10 s), then the reveal
            link.wait_for(lambda s: s.tally is not None and s.tally.answered >= students, 10.0)
            link.reveal()
        time.sleep(rng.uniform(0.3, 0.7))
    time.sleep(1.5)  # the last step's followers
    wall, cpu = time.time() - wall0, _cpu() - cpu0
    snap = link.snapshot
    ops = dict(link.store.ops) if link.store else {}
    link.close()
    print(json.dumps({"published": published, "wall": wall, "cpu": cpu, "calls": call_costs, "ops": ops,
                      "answers": snap.tally.answered if snap.tally else 0,
                      "connected": snap.counts.connected if snap.counts else 0}), flush=True)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------- the driver

def run_once(location: str, key: str, students: int, per_worker: int, steps: int, seed: int) -> dict:
    """One class session; the figures of the run."""
    me = [sys.executable, str(Path(__file__).resolve())]
    secrets_dir = temporary("tui-tutor-bench-secrets-")
    workers = []
    for first in range(0, students, per_worker):
        count = min(per_worker, students - first)
        workers.append(subprocess.Popen([*me, "--worker", location, str(first), str(count), secrets_dir],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))
    for w in workers:
        assert w.stdout.readline().strip() == "ready", "a worker failed to start"
    lead = subprocess.run([*me, "--instructor", location, key, str(steps), str(students), str(seed)],
                          capture_output=True,
                          text=True, timeout=steps * 2 + 120)
    assert lead.returncode == 0, lead.stderr
    led = json.loads(lead.stdout)
    reports = []
    for w in workers:
        out, _ = w.communicate("", timeout=120)
        reports.append(json.loads(out.strip().splitlines()[-1]))
    latencies, missed = [], 0
    for report in reports:
        for seen in report["seen"]:
            shown = {step for step, _ in seen}
            for step, t in led["published"]:
                # when this student first showed this step or a later one (a step overtaken by
                # the next before a poll saw it counts until the student caught up)
                caught_up = [at for at_step, at in seen if at_step >= step]
                if caught_up:
                    latencies.append(min(caught_up) - t)
                missed += step not in shown
    reads = led["ops"].get("reads", 0) + sum(r["ops"]["reads"] for r in reports)
    writes = led["ops"].get("writes", 0) + sum(r["ops"]["writes"] for r in reports)
    return {"p50": statistics.median(latencies), "p95": _quantile(latencies, 0.95), "max": max(latencies),
            "missed": missed / (len(led["published"]) * students), "reads": reads / led["wall"],
            "writes": writes / led["wall"], "cpu": 100 * led["cpu"] / led["wall"],
            "call_us": 1e6 * statistics.median(led["calls"]), "answers": led["answers"],
            "connected": led["connected"], "lost": sum(r["lost"] for r in reports),
            "student_cpu": 100 * sum(r["cpu"] for r in reports) / students}


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def new_class(backend: str, server) -> tuple[str, str]:
    key = new_secret()
    if backend == "sqlite":
        location = os.path.join(temporary("tui-tutor-bench-"), "class.db")
        create_store(location, key)
        return location, key
    owner_url = server.new_database()
    students_url = create_store(owner_url, key)
    return students_url, key


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--sqlite", type=int, default=60, metavar="N", help="students on SQLite (0: skip)")
    ap.add_argument("--postgres", type=int, default=200, metavar="N", help="students on PostgreSQL (0: skip)")
    args = ap.parse_args()
    server = None
    if args.postgres:
        from tests.e2e.class_postgres import PostgresServer

        server = PostgresServer(max_connections=args.postgres + 50)
    rows = []
    try:
        for backend, students in (("sqlite", args.sqlite), ("postgres", args.postgres)):
            if not students:
                continue
            for n in (1, students):  # the baseline, then the class, interleaved run by run
                runs = []
                for run in range(args.runs):
                    location, key = new_class(backend, server)
                    runs.append(run_once(location, key, n, PER_WORKER[backend], args.steps, seed=run))
                    print(f"{backend} {n:3d} students, run {run + 1}: " + ", ".join(
                        f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in runs[-1].items()),
                        flush=True)
                rows.append((backend, n, {k: statistics.median(r[k] for r in runs) for k in runs[0]}))
    finally:
        if server is not None:
            server.close()
        for folder in TEMPORARY:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"\nload average before/after: {os.getloadavg()[0]:.2f}; {os.cpu_count()} cores; medians of {args.runs} runs")
    print("| store | students | follow p50 | p95 | max | reads/s | writes/s | answers in | instructor CPU |"
          " publish() call | CPU per student | target p95 ≤ 0.5 s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|")
    for backend, n, m in rows:
        verdict = "pass" if m["p95"] <= 0.5 else "**FAIL**"
        print(f"| {backend} | {n} | {1000 * m['p50']:.0f} ms | {1000 * m['p95']:.0f} ms | {1000 * m['max']:.0f} ms |"
              f" {m['reads']:.0f} | {m['writes']:.0f} | {m['answers']:.0f} of {n} | {m['cpu']:.1f} % |"
              f" {m['call_us']:.0f} µs | {m['student_cpu']:.2f} % | {verdict} |")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        worker(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif sys.argv[1:2] == ["--instructor"]:
        instructor(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    else:
        sys.exit(main())
