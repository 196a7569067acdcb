"""Where a keypress's computation runs: inline once torch is warm, else on a compute thread.

Training and other long jobs use Textual thread workers (progress, cancel). The small
computations a nudge triggers (a neuron, a softmax: well under a millisecond of torch)
are different: handing them to a thread means the field repaints in one frame and the
result arrives a frame later (Textual draws at most 60 frames a second), which doubles a
keypress's time to the screen. So once the background warm-up has imported torch, they
run inline, inside the keystroke's own handling, and the new numbers reach the screen in
the same frame as the keystroke. Before that, they go to a resident thread, so an early
keypress never waits on the event loop for torch's import.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

from textual.widget import Widget

from tui_tutor.safety import is_live

T = TypeVar("T")

_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tui-tutor-compute")
torch_ready = threading.Event()
"""Set by the app's warm-up once torch and the compute module are imported."""


def compute_quick(widget: Widget, fn: Callable[..., T], *args, then: Callable[[T], None]) -> None:
    """Call `then(fn(*args))`: at once when torch is warm, else when the compute thread is done.

    `fn` must be a sub-millisecond computation; `widget` owns the waiting (its newest
    request wins).
    """
    if torch_ready.is_set():
        then(fn(*args))
        return

    async def later() -> None:
        result = await asyncio.get_running_loop().run_in_executor(_EXECUTOR, partial(fn, *args))
        if is_live(widget):  # the lesson may have been left while torch was still loading
            then(result)

    widget.run_worker(later(), exclusive=True, group="compute-quick")
