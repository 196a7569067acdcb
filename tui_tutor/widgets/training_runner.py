"""A training job in a thread worker, with its progress line, a stop request and its result.

`TrainingRunner` is a `TrainingProgress` that also runs the job: `run(label, job, **kwargs)`
calls `job(**kwargs, on_progress=..., should_stop=...)` (the compute modules' training
signature) on a thread, shows its progress, and hands the result to `on_finished` on the
event loop (a short job can run inline instead, see `run`). Starting a new job supersedes a
running one: the old job is asked to stop and its result is dropped. The panel binds `s` to `stop()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui_tutor.runner import torch_ready
from tui_tutor.safety import post_while_live
from tui_tutor.widgets.training import TrainingProgress

Label = str | Callable[[int, int], str]
"""What the progress line calls the job: fixed text, or a function of (step, total)."""


class TrainingRunner(TrainingProgress):
    """One line of progress for the job it runs; `on_finished(result)` gets the job's result."""

    def __init__(self, idle: str = "", *, on_finished: Callable[[Any], None], id: str | None = None) -> None:
        super().__init__(idle, id=id)
        self.on_finished = on_finished
        self._job = 0

    def run(self, label: Label, job: Callable[..., Any], describe: Callable[[Any], str], *, inline: bool = False,
            **kwargs: Any) -> None:
        """Run `job(**kwargs, on_progress, should_stop)` on a thread; `describe(result)` becomes the line.

        `inline=True` is for a job of a few milliseconds: once torch is warm it runs in the
        keystroke, and `on_finished` shows its result in the same frame as the edit.
        """
        self._job += 1
        number = self._job
        if inline and torch_ready.is_set():
            try:
                result = job(**kwargs, on_progress=None, should_stop=None)
            except Exception as error:  # noqa: BLE001 - reported, the app keeps running
                self._failed(number, error)
                return
            self._done(number, result, describe)
            return
        self.start()
        self.run_worker(lambda: self._work(number, label, job, describe, kwargs), thread=True,
                        group=f"training-{self.id}", exit_on_error=False)

    def _work(self, number: int, label: Label, job: Callable[..., Any], describe: Callable[[Any], str],
              kwargs: dict[str, Any]) -> None:
        def progress(step: int, total: int, loss: float) -> None:
            self.report(label if isinstance(label, str) else label(step, total), step, total, loss)

        def stop() -> bool:
            return number != self._job or self.should_stop()

        try:
            result = job(**kwargs, on_progress=progress, should_stop=stop)
        except Exception as error:  # noqa: BLE001 - reported on the event loop, the app keeps running
            post_while_live(self, self._failed, number, error)
            return
        post_while_live(self, self._done, number, result, describe)

    def _done(self, number: int, result: Any, describe: Callable[[Any], str]) -> None:
        if number != self._job:
            return  # superseded by a newer job
        self.finish(describe(result))
        self.on_finished(result)

    def _failed(self, number: int, error: Exception) -> None:
        if number == self._job:
            self.finish("training failed (details in the log)")
        self.app.report_error(error)  # type: ignore[attr-defined]
