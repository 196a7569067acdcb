"""`tui-tutor serve`: the tutor in a web browser (textual-serve), for students without a terminal.

Each browser tab runs its own `python -m tui_tutor` process behind a local web server.
It binds to 127.0.0.1 unless told otherwise: opening it to the network is a decision
for whoever runs it (there is no login in front of it).
"""

from __future__ import annotations

import argparse
import shlex
import sys


def parser() -> argparse.ArgumentParser:
    """Arguments of `tui-tutor serve`."""
    p = argparse.ArgumentParser(prog="tui-tutor serve", description="Serve the tutor to a web browser.")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("tutor_args", nargs=argparse.REMAINDER, metavar="...",
                   help="arguments for the tutor in each tab, e.g. neuron --theme light")
    return p


def main(argv: list[str]) -> int:
    """Run the web server until Ctrl+C; returns an exit status."""
    args = parser().parse_args(argv)
    if not 0 < args.port < 65536:
        print(f"tui-tutor serve: error: --port {args.port}: expected 1 to 65535", file=sys.stderr)
        return 2
    from textual_serve.server import Server

    command = shlex.join([sys.executable, "-m", "tui_tutor", *args.tutor_args])
    url = f"http://{args.host}:{args.port}/"
    print(f"tui-tutor in the browser: {url}   (Ctrl+C stops)", flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print("note: this address may be reachable from other machines; there is no login.", flush=True)
    Server(command, host=args.host, port=args.port, title="tui-tutor", public_url=url.rstrip("/")).serve()
    return 0
