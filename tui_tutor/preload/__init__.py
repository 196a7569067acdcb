"""One warm tutor for a whole class: a preloaded server that forks every session.

`tui-tutor preload --socket PATH` (server.py) imports Textual, PyTorch, the compute module and
the lessons once, then waits on a Unix socket. `tui-tutor` with `TUI_TUTOR_PRELOAD=PATH` set
(launcher.py) hands its terminal to that server, which forks a child that runs the tutor on it
(session.py). protocol.py is what the two sides say to each other and what the server accepts.

The launcher's side imports nothing heavy: no Textual, no torch (a test checks it).
"""

from __future__ import annotations

import os

ENV = "TUI_TUTOR_PRELOAD"


def hand_over(argv: list[str]) -> int | None:
    """With TUI_TUTOR_PRELOAD=PATH: the exit status of the session the server at PATH ran for
    `argv`; None when it is not set or no server answers (the caller then runs the tutor itself)."""
    path = os.environ.get(ENV)
    if not path:
        return None
    from tui_tutor.preload.launcher import run_in_server

    return run_in_server(path, argv)
