"""How the learner wants to review: the day, the session length, new cards per day, an exam date.

Read from the command line (`tui-tutor review --today --limit --new-per-day --before`); the
cap and the exam date are remembered in the progress file, so `r` on the contents uses
them too. Light on purpose (no schedule, no fsrs): the App holds one from its start.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # datetime loads when a day is first asked for: this module is on the start-up path
    from datetime import date

    from tui_tutor.progress import Progress

ALL = sys.maxsize
"""A session length meaning every card."""
DEFAULT_LIMIT = 10
"""Cards in a session unless the learner asks for more."""
DEFAULT_NEW_PER_DAY = 10
"""New cards a day unless the learner sets another cap."""
NEW_PER_DAY, EXAM_DAY, EXAM_SINCE = "new_per_day", "exam_day", "exam_since"
"""Names of the settings kept in the progress file."""


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """The review options of one run; None: not given (the remembered or default value)."""

    today: date | None = None
    """`--today`: run the schedule as of this day (answers count for it)."""
    limit: int | None = None
    """`--limit`: cards per session (ALL: every one); None: the learner picks, 10 by default."""
    new_per_day: int | None = None
    """`--new-per-day`: the daily cap of new cards (remembered)."""
    exam: date | None = None
    """`--before`: the exam date (remembered)."""

    def day(self) -> date:
        """The review day: `--today`, or the real date (read each time: a session can pass midnight)."""
        from datetime import date

        return self.today or date.today()

    def remember(self, p: Progress) -> Progress:
        """`p` with the cap and exam date given on this command line (the same `p` if none is new)."""
        if self.new_per_day is not None and p.setting(NEW_PER_DAY) != self.new_per_day:
            p = p.set(NEW_PER_DAY, self.new_per_day)
        if self.exam is not None and p.setting(EXAM_DAY) != self.exam.isoformat():
            p = p.set(EXAM_DAY, self.exam.isoformat()).set(EXAM_SINCE, self.day().isoformat())
        return p

    def plan_options(self, p: Progress) -> dict[str, Any]:
        """The keyword arguments of `review_plan.plan` for progress `p`."""
        cap = p.setting(NEW_PER_DAY)
        exam, since = p.setting(EXAM_DAY), p.setting(EXAM_SINCE)
        return {
            "new_per_day": self.new_per_day if self.new_per_day is not None else
            cap if isinstance(cap, int) else DEFAULT_NEW_PER_DAY,
            "exam": self.exam or _day(exam),
            "exam_since": _day(since) if self.exam is None or _day(exam) == self.exam else self.day(),
        }


def _day(text: Any) -> date | None:
    from datetime import date

    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
