"""Progress of a training job that runs in a worker thread, and the request to stop it.

The worker calls `report` from its thread as often as it likes (it only stores
the latest numbers); the widget redraws at most ten times a second. `stop()`
sets a flag the worker's `should_stop` reads.
"""

from __future__ import annotations

import threading

from textual.widgets import Static

from tui_tutor.numbers import number

BAR = 20
"""The longest bar; a narrow line gets a shorter one, so the step count, loss and stop key fit."""


class TrainingProgress(Static):
    """One line: what is training, a bar, the step count and the latest loss."""

    DEFAULT_CSS = """
    TrainingProgress { height: 1; color: $text-muted; }
    TrainingProgress.-running { color: $text; }
    """

    def __init__(self, idle: str = "", *, id: str | None = None) -> None:
        super().__init__(idle, id=id)
        self.idle = idle
        self._latest: tuple[str, int, int, float] | None = None
        self._stop = threading.Event()
        self._timer = None

    @property
    def running(self) -> bool:
        """Whether a job is under way."""
        return self.has_class("-running")

    def start(self) -> None:
        """A job begins: clear the stop flag and start redrawing."""
        self._stop.clear()
        self._latest = None
        self.add_class("-running")
        self.update("starting …")
        if self._timer is None:
            self._timer = self.set_interval(0.1, self._redraw)
        else:
            self._timer.resume()

    def report(self, label: str, step: int, total: int, loss: float) -> None:
        """Called from the worker thread: remember the latest progress."""
        self._latest = (label, step, total, loss)

    def should_stop(self) -> bool:
        """For the worker: True once the learner asked to stop."""
        return self._stop.is_set()

    def stop(self) -> bool:
        """Ask the running job to stop; False when nothing is running."""
        if not self.running:
            return False
        self._stop.set()
        return True

    def finish(self, message: str) -> None:
        """The job ended: show `message` and stop redrawing."""
        self.remove_class("-running")
        if self._timer is not None:
            self._timer.pause()
        self.update(message)

    def _redraw(self) -> None:
        if self._latest is None or not self.running:
            return
        label, step, total, loss = self._latest
        rest = f" {step}/{total}  loss {number(loss)}  s: stop"
        bar = max(3, min(BAR, self.size.width - len(label) - 1 - len(rest)))
        done = round(bar * step / total) if total else bar
        self.update(f"{label} {'█' * done}{'░' * (bar - done)}{rest}")
