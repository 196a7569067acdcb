"""Interactive lesson panels, found by the name a lesson file gives in `panel = "..."`.

`panel = "gradient-descent"` means the module `tui_tutor.panels.gradient_descent`, whose
`PANEL` is the panel class. Panels are imported only when their lesson opens, keeping torch
off the start-up path; a test checks that every lesson's panel exists.
"""

from __future__ import annotations

from importlib import import_module


def panel_module(name: str) -> str:
    """The module that holds the panel called `name`."""
    return f"tui_tutor.panels.{name.replace('-', '_')}"


def panel_class(name: str) -> type:
    """The panel class called `name` (imported on first use)."""
    return import_module(panel_module(name)).PANEL
