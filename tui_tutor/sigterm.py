"""SIGTERM ends the tutor as `q` does, then says why, instead of leaving the screen as it was.

An administrator ending a student's session (deploy/ssh/README.md, "Removing a student") or
a shutdown sends SIGTERM: the tutor leaves its screen, restores the terminal, prints one line
and exits with the status a SIGTERM death would give (143).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

MESSAGE = "tui-tutor: this session was ended from outside (SIGTERM)."
STATUS = 128 + signal.SIGTERM


def end_on_sigterm(app: App) -> None:
    """From now on, SIGTERM makes `app` exit with MESSAGE and STATUS (call it on the app's loop)."""
    with contextlib.suppress(RuntimeError, ValueError, NotImplementedError):  # not the main thread, or no signals
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, app.exit, None, STATUS, MESSAGE)
