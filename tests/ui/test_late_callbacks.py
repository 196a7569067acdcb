"""Callbacks that arrive after their widget started leaving the screen are dropped, not crashes.

Textual removes a widget's children before the widget itself; a lesson left in a hurry
(PageDown held down, over SSH, before torch has loaded) used to get a result or a plot
draw in that window and fail with NoMatches.
"""

from __future__ import annotations

import threading

from textual.app import App, ComposeResult
from textual.widgets import Static

from tui_tutor import runner
from tui_tutor.content import load_lessons
from tui_tutor.panels.base import LessonPanel
from tui_tutor.safety import is_live, post_callback, post_while_live


class Holder(LessonPanel):
    """A lesson panel with one child; `show` needs the child."""

    def __init__(self, id: str) -> None:
        lesson = load_lessons()[0]
        super().__init__(lesson, lesson.defaults(), seed=0)
        self.id = id

    def compose(self) -> ComposeResult:
        yield Static("inside", id="inside")

    def show(self, *_args) -> None:
        self.query_one("#inside", Static).update("shown")
        self.app.shown.append(self.id)


class Harness(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str | None] = []
        self.failures: list[BaseException] = []

    def compose(self) -> ComposeResult:
        yield Holder(id="holder")

    def report_error(self, error: Exception) -> None:
        self.failures.append(error)


async def test_callbacks_of_a_live_widget_run():
    app = Harness()
    async with app.run_test() as pilot:
        holder = app.query_one(Holder)
        assert is_live(holder)
        holder.call_after_refresh(holder.show)
        holder.set_timer(0.01, holder.show)
        await pilot.pause(0.1)
        assert app.shown == ["holder", "holder"] and app.failures == []


async def test_callbacks_after_removal_are_dropped():
    app = Harness()
    async with app.run_test() as pilot:
        holder = app.query_one(Holder)
        holder.call_after_refresh(holder.show)
        holder.set_timer(0.05, holder.show)
        await holder.remove()
        assert not is_live(holder)
        await pilot.pause(0.2)
        assert app.shown == [] and app.failures == []


async def test_a_thread_reporting_back_to_a_removed_widget_is_ignored():
    app = Harness()
    async with app.run_test() as pilot:
        holder = app.query_one(Holder)
        removed = threading.Event()

        def worker() -> None:
            removed.wait(5)
            post_while_live(holder, holder.show)

        thread = threading.Thread(target=worker)
        thread.start()
        await holder.remove()
        removed.set()
        thread.join(5)
        await pilot.pause(0.1)
        assert app.shown == [] and app.failures == []


async def test_quick_compute_before_torch_is_warm_skips_a_removed_widget(monkeypatch):
    monkeypatch.setattr(runner, "torch_ready", threading.Event())  # not warm: goes to the compute thread
    app = Harness()
    async with app.run_test() as pilot:
        holder = app.query_one(Holder)
        release = threading.Event()

        def slow(x: int) -> int:
            release.wait(5)
            return x + 1

        runner.compute_quick(holder, slow, 1, then=holder.show)
        await holder.remove()
        release.set()
        await pilot.pause(0.2)
        assert app.shown == [] and app.failures == []


async def test_quick_compute_before_torch_is_warm_delivers_to_a_live_widget(monkeypatch):
    monkeypatch.setattr(runner, "torch_ready", threading.Event())
    app = Harness()
    async with app.run_test() as pilot:
        holder = app.query_one(Holder)
        got: list[int] = []
        runner.compute_quick(holder, lambda x: x + 1, 41, then=got.append)
        for _ in range(50):
            if got:
                break
            await pilot.pause(0.02)
        assert got == [42]


class Probe(Static):
    """Records, as it is unmounted, whether its parent still counted as live."""

    def on_unmount(self) -> None:
        parent = self.parent
        self.app.live_while_children_leave = is_live(parent)


class ProbedHolder(Holder):
    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield Probe("probe")


async def test_a_widget_is_not_live_while_its_children_are_being_removed():
    app = Harness()
    async with app.run_test() as pilot:
        await app.mount(ProbedHolder(id="probed"))
        await app.query_one("#probed").remove()
        await pilot.pause()
        assert app.live_while_children_leave is False


async def test_posting_from_a_thread_returns_at_once_and_runs_on_the_loop():
    """Textual's call_from_thread would wait here for the (blocked) event loop; a worker doing
    that while the app quits hangs the exit."""
    app = Harness()
    async with app.run_test() as pilot:
        returned = threading.Event()

        def worker() -> None:
            post_callback(app, app.shown.append, "posted")
            returned.set()

        thread = threading.Thread(target=worker)
        thread.start()
        assert returned.wait(2), "post_callback waited for the event loop"  # which is blocked right here
        assert app.shown == []
        thread.join(2)
        await pilot.pause()
        assert app.shown == ["posted"]
