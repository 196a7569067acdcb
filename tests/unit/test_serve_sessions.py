"""The cap on `tui-tutor serve`'s tutor processes: tickets, slots, expiry, and the tab's command."""

from __future__ import annotations

import asyncio
import shlex
import sys

from tui_tutor.web.sessions import Sessions
from tui_tutor.web.site import TabCommand


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_page_reserves_a_slot_its_websocket_keeps():
    clock = Clock()
    sessions = Sessions(2, hold=60, clock=clock)
    first, second = sessions.reserve(), sessions.reserve()
    assert first and second and first != second
    assert sessions.reserve() is None, "two slots: a third page is refused"
    assert sessions.start(first) and not sessions.start(first), "a ticket is good for one tutor"
    assert not sessions.start("made-up")
    assert sessions.used == 2
    sessions.end()
    assert sessions.used == 1 and sessions.reserve() is not None


def test_an_unused_ticket_expires():
    clock = Clock()
    sessions = Sessions(1, hold=60, clock=clock)
    ticket = sessions.reserve()
    clock.now += 61
    assert sessions.used == 0 and not sessions.start(ticket)
    assert sessions.reserve() is not None


def test_a_page_waits_for_a_slot_that_frees_up():
    sessions = Sessions(1)
    sessions.start(sessions.reserve())

    async def reload() -> str | None:
        asyncio.get_running_loop().call_later(0.3, sessions.end)  # the tab's old tutor ends
        return await sessions.reserve_within(5)

    assert asyncio.run(reload()) is not None
    assert asyncio.run(sessions.reserve_within(0.3)) is None


def test_each_tab_runs_its_own_tutor_keeping_nothing():
    command = shlex.split(TabCommand(("neuron", "--theme", "light"))(None))
    assert command == [sys.executable, "-m", "tui_tutor", "neuron", "--theme", "light", "--no-progress"]
