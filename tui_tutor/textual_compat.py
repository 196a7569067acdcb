"""The one place that leans on Textual's private names, for what Textual offers no public way to do.

1. Keep running after an error in a handler. Textual hands it to `App._handle_exception`,
   which exits the app, and stops the failing widget's message loop. `ErrorsReported` (for the
   App) turns the error into a notice and a log entry instead; `ReportErrors` (for screens and
   widgets) catches it around `_dispatch_message`, so the widget keeps working.
2. Tell a widget that is being removed from one that is live: Textual removes a widget's
   children before the widget itself, and a late callback (after a refresh, a timer, a
   worker's result) must not run then. `is_live` reads the pump's `_closing` and the node's
   `_pruning` flags.

3. Parse each piece of CSS once per process, not once per app: `share_parsed_css()` puts one
   process-wide cache in front of `Stylesheet._parse_rules` (Textual keeps one per stylesheet,
   and `reparse()` starts a new stylesheet, so every app parses every widget's DEFAULT_CSS
   again). The warm server fills it before forking, so a session's app finds its rules parsed.

4. Let go of widgets' rendered lines once the widgets are gone: Textual's
   `StylesCache.get_inner_outer` is an `lru_cache` on a method, so its cache keeps up to 1024
   `StylesCache`s (with every line their widgets rendered) alive for good (Textual issue #6665,
   open). `release_styles_caches()` caches the same colours without the instance.

`PRIVATE_NAMES` lists every private name used here; a test fails loudly if the Textual in use
lacks one, and `pyproject.toml` pins Textual to the range these are tested with.
"""

from __future__ import annotations

from asyncio import CancelledError
from typing import Any

from textual.message import Message

PRIVATE_NAMES = {
    "textual.message_pump.MessagePump": ("_dispatch_message",),
    "textual.app.App": ("_handle_exception",),
    "instances of textual.widget.Widget": ("_closing", "_pruning"),
    "textual.css.stylesheet.Stylesheet": ("_parse_rules", "_variables"),
    "textual._styles_cache.StylesCache": ("get_inner_outer",),
}


class ErrorsReported:
    """Mixin for the App: an unexpected error is reported (`report_error`), the app runs on."""

    def _handle_exception(self, error: Exception) -> None:
        self.report_error(error)  # type: ignore[attr-defined]


class ReportErrors:
    """Mixin for screens and widgets: a failing handler is reported, not fatal to the widget."""

    async def _dispatch_message(self, message: Message) -> None:  # type: ignore[override]
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]
        except CancelledError:
            raise
        except Exception as error:
            self.app.report_error(error)  # type: ignore[attr-defined]


def is_live(widget: Any) -> bool:
    """Whether a widget is in the DOM and not being removed."""
    return bool(widget.is_attached and not (widget._closing or widget._pruning))


def share_parsed_css() -> None:
    """From now on, every stylesheet in this process reuses the rules any of them parsed from
    the same CSS, location, scope and variables (a theme's colours): parsed rules are never
    changed once made, so sharing them changes nothing but the time."""
    from textual.css.stylesheet import Stylesheet

    own = Stylesheet._parse_rules
    if getattr(own, "shared", False):
        return
    parsed: dict[tuple, list] = {}

    def _parse_rules(self: Stylesheet, css: str, read_from: tuple[str, str], is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> list:
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(self._variables.items()))
        try:
            return parsed[key]
        except KeyError:
            rules = parsed[key] = own(self, css, read_from, is_default_rules, tie_breaker, scope)
            return rules

    _parse_rules.shared = True  # type: ignore[attr-defined]
    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]


def release_styles_caches() -> None:
    """From now on, `StylesCache.get_inner_outer` caches its colours by the colours alone (what
    it computes never depends on the instance), and keeps no `StylesCache` alive."""
    from functools import lru_cache

    from textual._styles_cache import StylesCache

    method = StylesCache.get_inner_outer
    if hasattr(method, "textual_method"):
        return
    compute = method.__wrapped__  # the undecorated function: it never reads its first argument

    @lru_cache(1024)
    def by_colours(base_background: Any, background: Any) -> Any:
        return compute(None, base_background, background)

    def get_inner_outer(self: StylesCache, base_background: Any, background: Any) -> Any:
        return by_colours(base_background, background)

    get_inner_outer.textual_method = method  # type: ignore[attr-defined]
    StylesCache.get_inner_outer = get_inner_outer  # type: ignore[method-assign]
