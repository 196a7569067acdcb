"""`tui-tutor serve` for real: a server process, headless Chromium tabs, real waits.

Each tab's terminal output is read off its websocket (the bytes the tutor writes), so the
tests wait for what the tutor shows, never for a fixed time.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.browser import chromium
from tui_tutor.progress import Progress, ProgressStore

WAIT = 120.0
"""Seconds to wait for anything the tutor shows (the machine may be busy)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """IPv4 addresses with a socket listening on `port` (from /proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def descendants(pid: int) -> set[int]:
    """Every living process below `pid` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def tutors(pid: int) -> list[str]:
    """The command lines of the tutor processes the server runs."""
    lines = []
    for child in descendants(pid):
        try:
            argv = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"tui_tutor" in argv and b"-m" in argv:
            lines.append(" ".join(a.decode() for a in argv if a))
    return lines


def wait_until(condition, what: str, timeout: float = WAIT, pause=lambda: time.sleep(0.2)) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        pause()


@contextmanager
def server(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Iterator[tuple[str, subprocess.Popen]]:
    """`tui-tutor serve` on a free port: (its URL, its process); stopped with SIGTERM afterwards,
    and every tutor it started must end with it."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "tui_tutor", "serve", "--port", str(port), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, **(env or {})}, cwd=cwd)
    url = f"http://127.0.0.1:{port}/"

    def up() -> bool:  # (the page itself would reserve a tab's slot: ask for a static file)
        try:
            return urllib.request.urlopen(url + "static/css/xterm.css", timeout=5).status == 200
        except OSError:
            return process.poll() is not None
    try:
        wait_until(up, "the server to answer")
        assert process.poll() is None, process.stdout.read()
        yield url, process
    finally:
        below = descendants(process.pid)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        wait_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in below),
                   "every tab's tutor to end with the server", 60)


class Tab:
    """A browser tab on the served tutor, with everything its tutor wrote to the terminal."""

    def __init__(self, context, url: str) -> None:
        self.page = context.new_page()
        self.output = bytearray()
        self.response = None
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._received))
        self.response = self.page.goto(url, wait_until="load", timeout=WAIT * 1000)

    def _received(self, payload) -> None:
        if isinstance(payload, bytes):
            self.output.extend(payload)

    @property
    def text(self) -> str:
        return self.output.decode("utf-8", errors="replace")

    def wait_for(self, words: str) -> None:
        """Wait until the tutor has written `words` (Playwright delivers frames while it waits)."""
        wait_until(lambda: words in self.text, f"{words!r} on the tab's screen",
                   pause=lambda: self.page.wait_for_timeout(200))

    def press(self, *keys: str) -> None:
        """Type `keys` into the terminal (focused as a learner's first key would, without a click on it)."""
        self.page.focus(".xterm-helper-textarea")
        for key in keys:
            self.page.keyboard.press(key)


def test_serve_prints_url_and_serves_the_page():
    with server() as (url, process):
        assert process.stdout.readline().startswith(f"tui-tutor in the browser: {url}")
        assert "One person's tutor" in process.stdout.readline()
        page = urllib.request.urlopen(url, timeout=30).read().decode()
        assert "one person's tutor, not a class" in page and "fonts.googleapis" not in page
        assert listening_addresses(int(url.rsplit(":", 1)[1].strip("/"))) == {"127.0.0.1"}, "loopback only by default"


@pytest.mark.parametrize(("args", "words"), [
    (("--port", "70000"), "expected 1 to 65535"),
    (("--max-sessions", "0"), "expected a whole number ≥ 1"),
    (("neuron", "--set", "x=abc"), "'abc' is not a number"),
    (("no-such-lesson",), "unknown lesson"),
    (("neuron", "--list"), "--list does not run a tutor"),
])
def test_serve_refuses_a_bad_command_line(args, words):
    done = subprocess.run([sys.executable, "-m", "tui_tutor", "serve", *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_two_tabs_are_two_sessions_an_export_downloads_and_nothing_leaves_the_machine(tmp_path):
    data = tmp_path / "data"
    ProgressStore(data / "tui-tutor").save(Progress().visit("cross-entropy", 2))  # a terminal user's progress
    seeded = (data / "tui-tutor" / "progress.json").read_bytes()
    requests: list[str] = []
    folder = tmp_path / "server"
    folder.mkdir()
    with server(env={"XDG_DATA_HOME": str(data)}, cwd=folder) as (url, process), chromium() as browser:
        context = browser.new_context(viewport={"width": 1200, "height": 760}, accept_downloads=True)
        context.on("request", lambda r: requests.append(r.url))
        first = Tab(context, url)
        first.wait_for("Deep Learning Fundamentals II — lessons")
        first.wait_for("●")
        assert "⭘" not in first.text, "the header's icon is a glyph browsers have, not Textual's ⭘"
        first.page.screenshot(path=str(tmp_path / "contents.png"))
        first.press("Enter")
        first.wait_for("A neuron in one line")
        first.wait_for("0.5374")  # ŷ of the default neuron: the panel has computed
        with first.page.expect_download(timeout=WAIT * 1000) as download:
            first.press("e")
        assert download.value.suggested_filename == "tui_tutor_neuron.py"
        saved = tmp_path / "tui_tutor_neuron.py"
        download.value.save_as(saved)
        first.wait_for("Your browser downloads tui_tutor_neuron.py")
        first.page.screenshot(path=str(tmp_path / "lesson.png"))

        second = Tab(context, url)
        second.wait_for("Deep Learning Fundamentals II — lessons")
        second.press("Enter")  # the contents have settled: a resume offer would have come first
        second.wait_for("A neuron in one line")
        running = tutors(process.pid)
        fonts = first.page.evaluate("document.fonts.check('16px \"Roboto Mono\"')")
    assert "Welcome back" not in first.text + second.text, "no tab opens on someone else's progress"
    assert len(running) == 2 and all("--no-progress" in line for line in running), running
    assert (data / "tui-tutor" / "progress.json").read_bytes() == seeded, "the tabs wrote no progress"
    assert list(folder.iterdir()) == [], "the export went to the browser, not to the server's folder"
    run = subprocess.run([sys.executable, str(saved)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and "y_hat = 0.5374" in run.stdout, run.stdout + run.stderr
    origin = url.rstrip("/")
    assert requests and all(r.startswith(origin) for r in requests), [r for r in requests if not r.startswith(origin)]
    assert fonts, "the terminal's font came from the server"


@pytest.mark.slow
def test_the_cap_refuses_politely_and_frees_a_closed_tabs_slot(tmp_path):
    with server("--max-sessions", "2") as (url, process), chromium() as browser:
        context = browser.new_context(viewport={"width": 1000, "height": 700})
        tabs = [Tab(context, url) for _ in range(2)]
        for tab in tabs:
            tab.wait_for("Deep Learning Fundamentals II — lessons")
        third = Tab(context, url)
        assert third.response.status == 503
        assert "tui-tutor is full" in third.page.inner_text("h1")
        assert "at most 2 tabs" in third.page.inner_text("body")
        third.page.screenshot(path=str(tmp_path / "full.png"))
        assert len(tutors(process.pid)) == 2, "the refused tab started no tutor"
        tabs[1].page.close()
        third.response = third.page.reload(wait_until="load", timeout=WAIT * 1000)
        assert third.response.status == 200
        third.wait_for("Deep Learning Fundamentals II — lessons")
        wait_until(lambda: len(tutors(process.pid)) == 2, "the closed tab's tutor to quit")
        before = len(third.output)
        third.response = third.page.reload(wait_until="load", timeout=WAIT * 1000)  # at the cap: its own slot
        assert third.response.status == 200
        wait_until(lambda: "Deep Learning Fundamentals II — lessons" in third.output[before:].decode("utf-8", "replace"),
                   "the reloaded tab's new tutor", pause=lambda: third.page.wait_for_timeout(200))


async def test_a_websocket_without_a_page_starts_no_tutor():
    """Scripts opening websockets (5 of them made 5 tutors, 777 MB) get a refusal and no process."""
    import aiohttp

    with server("--max-sessions", "2") as (url, process):
        async with aiohttp.ClientSession() as session:
            for attempt in range(5):
                async with session.ws_connect(f"{url.replace('http', 'ws')}ws/made-up-{attempt}") as ws:
                    said = await ws.receive(timeout=WAIT)
                    assert said.type == aiohttp.WSMsgType.BINARY and b"tui-tutor is full" in said.data
                    assert (await ws.receive(timeout=WAIT)).type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert tutors(process.pid) == []
