"""Tabs opened on `tui-tutor serve` against plain textual-serve (what `serve` was), side by side.

Opens TABS tabs in headless Chromium on each server, one after the other, waits for each
tab's first screen (the tutor's contents, read off its websocket) or for the page that says
the tutor is full, lets the tutors warm up, then counts the tutor processes and adds up their
memory (PSS: shared pages split between the processes that map them).

    .venv/bin/python benchmarks/serve_tabs.py [TABS]
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CONTENTS = "Deep Learning Fundamentals II — lessons"
WARM = 8.0
"""Seconds for every tutor to finish its warm-up (torch imported) before memory is read."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tutor_pids(root: int) -> list[int]:
    """Processes below `root` running the tutor."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found = []
    for pid in parents:
        up = pid
        while up in parents and up != root:
            up = parents[up]
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if up == root and pid != root and b"tui_tutor" in argv and b"-m" in argv:
            found.append(pid)
    return found


def pss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start(kind: str, port: int) -> subprocess.Popen:
    if kind == "tui-tutor serve":
        command = [sys.executable, "-m", "tui_tutor", "serve", "--port", str(port)]
    else:  # what `serve` was: textual-serve's Server with the tutor's command, no cap
        code = (f"from textual_serve.server import Server; "
                f"Server({sys.executable + ' -m tui_tutor'!r}, port={port}).serve()")
        command = [sys.executable, "-c", code]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/static/css/xterm.css", timeout=5)
            return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{kind} did not start")


def measure(browser, kind: str, tabs: int) -> dict:
    port = free_port()
    process = start(kind, port)
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    shown, refused, firsts = 0, 0, []
    try:
        for _ in range(tabs):
            page, output = context.new_page(), bytearray()
            page.on("websocket", lambda ws, out=output: ws.on(
                "framereceived", lambda data: out.extend(data) if isinstance(data, bytes) else None))
            began = time.monotonic()
            response = page.goto(f"http://127.0.0.1:{port}/", wait_until="load", timeout=120_000)
            if response.status == 503:
                refused += 1
                continue
            while CONTENTS not in output.decode("utf-8", "replace"):
                if time.monotonic() - began > 120:
                    raise RuntimeError(f"{kind}: a tab showed nothing in 120 s")
                page.wait_for_timeout(50)
            firsts.append(time.monotonic() - began)
            shown += 1
        time.sleep(WARM)
        pids = tutor_pids(process.pid)
        memory = sum(pss_mb(pid) for pid in pids)
    finally:
        context.close()
        process.send_signal(signal.SIGTERM if kind == "tui-tutor serve" else signal.SIGINT)
        process.wait(timeout=60)
    return {"kind": kind, "shown": shown, "refused": refused, "processes": len(pids), "pss": memory,
            "first": statistics.median(firsts) if firsts else float("nan")}


def main() -> None:
    tabs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        try:
            rows = [measure(browser, kind, tabs) for kind in ("textual-serve (before)", "tui-tutor serve")]
        finally:
            browser.close()
    print(f"{tabs} tabs opened one after another (load average {os.getloadavg()[0]:.2f})")
    print(f"{'server':<24} {'tutors shown':>12} {'refused':>8} {'processes':>9} {'PSS total':>10} {'page → contents':>16}")
    for r in rows:
        print(f"{r['kind']:<24} {r['shown']:>12} {r['refused']:>8} {r['processes']:>9} {r['pss']:>8.0f} MB"
              f" {r['first'] * 1000:>13.0f} ms")


if __name__ == "__main__":
    main()
