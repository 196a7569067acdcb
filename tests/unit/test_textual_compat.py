"""The private Textual names `tui_tutor.textual_compat` relies on exist in the Textual installed.

If Textual renames one, this fails loudly (instead of every late callback silently running on a
widget that is being removed, or one error in a handler ending the tutor)."""

from __future__ import annotations

from importlib.metadata import version

from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.message_pump import MessagePump
from textual.widget import Widget

from tui_tutor.textual_compat import PRIVATE_NAMES


def test_the_private_names_exist():
    assert all(hasattr(MessagePump, name) for name in PRIVATE_NAMES["textual.message_pump.MessagePump"])
    assert all(hasattr(App, name) for name in PRIVATE_NAMES["textual.app.App"])
    assert hasattr(Stylesheet, "_parse_rules") and isinstance(Stylesheet()._variables, dict)
    from textual._styles_cache import StylesCache

    method = StylesCache.get_inner_outer
    assert hasattr(getattr(method, "textual_method", method), "__wrapped__")  # Textual's lru_cache
    widget = Widget()
    assert all(isinstance(getattr(widget, name), bool) for name in PRIVATE_NAMES["instances of textual.widget.Widget"])


def test_textual_is_in_the_pinned_range():
    import tomllib
    from pathlib import Path

    from packaging.specifiers import SpecifierSet

    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    pinned = next(d for d in pyproject["project"]["dependencies"] if d.startswith(("textual>", "textual=")))
    assert version("textual") in SpecifierSet(pinned.removeprefix("textual"))


def test_only_the_compat_module_names_private_textual_things():
    """`git grep` for `textual._`, `._dispatch_message`, `._handle_exception`, `._closing`,
    `._pruning` finds them in `tui_tutor/textual_compat.py` only."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "tui_tutor"
    private = re.compile(r"textual\._|_dispatch_message|_handle_exception|\._closing|\._pruning|_closing or|_pruning\)")
    offenders = [str(p.relative_to(package)) for p in package.rglob("*.py")
                 if p.name != "textual_compat.py" and private.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
