"""`tui-tutor serve` binds to 127.0.0.1, prints its URL and serves the page."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """IPv4 addresses with a socket listening on `port` (from /proc/net/tcp)."""
    found = set()
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def test_serve_prints_url_and_serves_the_page():
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "tui_tutor", "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first_line = server.stdout.readline()
        assert first_line.startswith(f"tui-tutor in the browser: http://127.0.0.1:{port}/")
        deadline, page = time.monotonic() + 30, ""
        while time.monotonic() < deadline and not page:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
            except OSError:
                time.sleep(0.2)
        assert "<html" in page.lower() and "tui-tutor" in page
        assert listening_addresses(port) == {"127.0.0.1"}, "binds to loopback only by default"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_refuses_a_bad_port():
    done = subprocess.run([sys.executable, "-m", "tui_tutor", "serve", "--port", "70000"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "expected 1 to 65535" in done.stderr
