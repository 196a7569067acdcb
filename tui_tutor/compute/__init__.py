"""The tutor's one source of numbers: small PyTorch functions, float64 throughout.

Each submodule holds one concept and returns frozen dataclasses of plain
Python numbers (floats, ints, tuples) that a screen can show without touching
tensors. Nothing here imports a UI library; `tests/unit/test_import_hygiene.py`
enforces it. Importing this package is cheap: torch is imported by the
submodules, which the app loads off its start-up path.
"""

import threading
from importlib import import_module
from types import ModuleType

_LOADING = threading.RLock()
"""Held while a submodule loads: threads load them one at a time."""


def __getattr__(name: str) -> ModuleType:
    """`from tui_tutor.compute import losses` for a submodule not loaded yet loads it under one
    lock, so no two threads (the app's warm-up, a training worker, the compute thread) are in
    torch's first import at once. Two concurrent first imports can make one of them fail half
    way (Python's import deadlock detection), and torch's operator registrations then fail on
    every later import: no lesson could compute again in that session."""
    if name.startswith("_"):
        raise AttributeError(name)
    with _LOADING:
        try:
            return import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as err:
            if err.name == f"{__name__}.{name}":
                raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
            raise
