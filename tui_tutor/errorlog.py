"""The tutor's log: configured on the first entry, so start-up never pays for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging


def logger() -> logging.Logger:
    """The `tui_tutor` logger, writing to the user's log file (nowhere if that cannot be written)."""
    import logging

    log = logging.getLogger("tui_tutor")
    if not log.handlers:
        try:
            from platformdirs import user_log_path

            folder = user_log_path("tui-tutor", appauthor=False)
            folder.mkdir(parents=True, exist_ok=True)
            handler = logging.FileHandler(folder / "tui-tutor.log", encoding="utf-8")
        except OSError:
            handler = logging.NullHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.propagate = False
    return log


def log_error(error: BaseException) -> None:
    """Append `error` with its traceback to the user's log file (silently skipped if unwritable)."""
    logger().error("unexpected error", exc_info=error)
