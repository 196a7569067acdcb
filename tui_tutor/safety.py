"""Keep the tutor alive through unexpected errors.

Textual stops a widget's message loop after an exception in one of its
handlers (and `App._handle_exception` then exits). The tutor instead reports
the error (notification + log) and carries on, so `ReportErrors` wraps message
dispatch for the app and its own screens and widgets.
"""

from __future__ import annotations

from asyncio import CancelledError
from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from textual import events
from textual._context import NoActiveAppError
from textual.message import Message


class ReportErrors:
    """Mixin for the app, screens and widgets: a failing handler is reported, not fatal."""

    async def _dispatch_message(self, message: Message) -> None:  # type: ignore[override]
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]
        except CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - reported to the user and the log
            self.app._handle_exception(error)  # type: ignore[attr-defined]


def is_live(widget: object) -> bool:
    """Whether a widget is in the DOM and not being removed.

    Textual removes a widget's children before the widget itself, so a callback
    that arrives late (after a refresh, on a timer, from a worker thread) can find
    its widget still attached but its children gone.
    """
    return bool(
        getattr(widget, "is_attached", False)
        and not (getattr(widget, "_closing", False) or getattr(widget, "_pruning", False))
    )


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
    try:
        target.post_message(events.Callback(partial(callback, *args, **kwargs)))
    except NoActiveAppError:  # the widget already left the app
        pass
