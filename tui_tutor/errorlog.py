"""The tutor's error log: configured on the first error, so start-up never pays for it."""

from __future__ import annotations


def log_error(error: BaseException) -> None:
    """Append `error` with its traceback to the user's log file (silently skipped if unwritable)."""
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
    log.error("unexpected error", exc_info=error)
