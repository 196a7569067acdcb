"""Late callbacks and threads reporting back, without blocking and without touching a widget
that is leaving the screen (see `textual_compat.is_live`)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import partial, wraps
from typing import Any

from textual import events

from tui_tutor.textual_compat import ReportErrors, is_live

__all__ = ["ReportErrors", "if_live", "is_live", "post_callback", "post_while_live"]


def if_live(widget: object, callback: Callable[..., Any]) -> Callable[..., Any]:
    """`callback`, skipped when it comes after `widget` started leaving the screen."""

    @wraps(callback)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if is_live(widget):
            return callback(*args, **kwargs)
        return None

    return guarded


def post_while_live(widget: Any, callback: Callable[..., Any], *args: Any) -> None:
    """From a worker thread: run `callback(*args)` on the event loop if `widget` is still live then."""
    post_callback(widget, if_live(widget, callback), *args)


def post_callback(target: Any, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """From any thread: run `callback(*args, **kwargs)` on `target`'s message loop, without waiting.

    Textual's `App.call_from_thread` blocks the thread until the callback has run. A worker
    reporting back while the app quits then waits forever on a loop that no longer runs, and
    the exit waits for the worker. A posted message is simply dropped instead.
    """
    with suppress(RuntimeError):  # Textual's "no active app": the widget already left the app
        target.post_message(events.Callback(partial(callback, *args, **kwargs)))
