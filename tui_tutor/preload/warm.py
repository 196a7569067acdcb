"""What the server loads once, before its first session, so that no session loads it again.

Every module a session can need (Textual's app and driver, every screen, widget and panel,
PyTorch and the whole compute module), the lessons, and one computation through torch, which
sets up its operators and allocator. Nothing here may start a thread: forking a process whose
threads hold locks (PyTorch's OpenMP pool above all) can deadlock the child, so torch is
imported with OMP_NUM_THREADS=1 and the server checks that it is still one thread.
"""

from __future__ import annotations

import gc
import pkgutil
from importlib import import_module

MODULES = (
    "argparse", "tui_tutor.app", "tui_tutor.keeping", "tui_tutor.progress", "tui_tutor.exercises",
    "tui_tutor.review_items", "textual.drivers.linux_driver", "textual.drivers.web_driver", "textual.command",
)
"""Modules a session imports on its way (the app imports the rest of its start-up path)."""
PACKAGES = ("tui_tutor.screens", "tui_tutor.widgets", "tui_tutor.panels", "tui_tutor.compute")
"""Packages whose every module is imported: lessons load their panels, and panels compute, on demand."""


def warm() -> int:
    """Import and load what every session needs; returns the number of lessons."""
    from tui_tutor.content import load_lessons

    lessons = load_lessons()  # cached in this process: every session gets these
    for name in MODULES:
        import_module(name)
    for name in PACKAGES:
        package = import_module(name)
        for info in pkgutil.iter_modules(package.__path__, f"{name}."):
            import_module(info.name)
    from tui_tutor.compute import neuron
    from tui_tutor.runner import torch_ready

    neuron.forward([1.0], [1.0], 0.0, "sigmoid")  # what the app's own warm-up does, once for all
    torch_ready.set()  # sessions compute a keypress's numbers inline from the first key
    gc.collect()
    gc.freeze()  # the sessions' collector never writes to these objects: their pages stay shared
    return len(lessons)


def thread_count() -> int:
    """Threads of this process, as the kernel counts them (PyTorch's own included)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return 0
