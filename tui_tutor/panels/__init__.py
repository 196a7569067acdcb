"""Interactive lesson panels, found by the name a lesson file gives in `panel = "..."`.

Panels are imported only when their lesson opens, keeping torch off the start-up path.
"""

from __future__ import annotations

from importlib import import_module

PANELS: dict[str, str] = {
    "neuron": "tui_tutor.panels.neuron:NeuronPanel",
    "parameterized-functions": "tui_tutor.panels.parameterized:ParameterizedPanel",
}


def panel_class(name: str) -> type:
    """The panel class registered as `name` (imported on first use)."""
    module, _, attr = PANELS[name].partition(":")
    return getattr(import_module(module), attr)
