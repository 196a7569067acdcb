"""Keep the tutor alive through unexpected errors.

Textual stops a widget's message loop after an exception in one of its
handlers (and `App._handle_exception` then exits). The tutor instead reports
the error (notification + log) and carries on, so `ReportErrors` wraps message
dispatch for the app and its own screens and widgets.
"""

from __future__ import annotations

from asyncio import CancelledError

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
