"""How many tutor processes `serve` runs at once.

Loading the page reserves a slot and hands out a ticket; the page's websocket redeems it and
the slot stays taken until that websocket closes (the tab's tutor is then told to quit). A
ticket nobody redeems expires.
So a tab that got the page also gets its tutor, and a tab that would exceed the cap gets a
page saying so instead of a terminal that never starts.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable


class Sessions:
    """At most `limit` tutor processes, counting pages that are about to start one."""

    def __init__(self, limit: int, hold: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.hold = hold
        """Seconds a ticket stays valid (a page's websocket connects well within it)."""
        self.clock = clock
        self.running = 0
        self.tickets: dict[str, float] = {}
        """Ticket → when it expires."""

    @property
    def used(self) -> int:
        """Slots taken: running tutors and unexpired tickets."""
        now = self.clock()
        self.tickets = {t: until for t, until in self.tickets.items() if until > now}
        return self.running + len(self.tickets)

    def reserve(self) -> str | None:
        """A ticket for a new tab, or None when every slot is taken."""
        if self.used >= self.limit:
            return None
        ticket = secrets.token_urlsafe(16)
        self.tickets[ticket] = self.clock() + self.hold
        return ticket

    async def reserve_within(self, seconds: float) -> str | None:
        """A ticket, waiting up to `seconds` for a slot (a reloaded tab frees its old one a moment later)."""
        deadline = self.clock() + seconds
        while (ticket := self.reserve()) is None and self.clock() < deadline:
            await asyncio.sleep(0.1)
        return ticket

    def start(self, ticket: str) -> bool:
        """Redeem `ticket` for a running tutor; False if it is unknown or expired."""
        if self.tickets.pop(ticket, 0.0) <= self.clock():
            return False
        self.running += 1
        return True

    def end(self) -> None:
        """A tab has closed: its slot is free."""
        self.running -= 1
