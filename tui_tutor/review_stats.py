"""What a learner's reviews add up to: cards due per day, retention so far, the weakest lessons.

No UI imports. `stats` computes the numbers from a `Plan`; `stats_lines` draws them as
plain-text bar charts that fit 78 columns and 21 rows, for `tui-tutor review --stats` and the
review statistics screen alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tui_tutor.review_plan import Plan, counted, day_name

DAYS = 14
"""How far ahead the due chart looks."""
WEAKEST = 5
"""Lessons listed as the weakest."""
WIDTH = 78


@dataclass(frozen=True, slots=True)
class Stats:
    """The numbers behind the review statistics."""

    today: date
    due_per_day: tuple[tuple[date, int], ...]
    """Cards due on each of the next DAYS days (today's includes the overdue)."""
    new_today: int
    """New cards still to come today (within the daily cap)."""
    started: int
    """Cards answered at least once."""
    started_today: int
    """Of those, the cards first answered today."""
    returns: int
    """Answers to cards on a day after the one they were first seen (the first each day)."""
    returns_right: int
    weakest: tuple[tuple[str, int], ...]
    """(lesson title, lapses), most lapses first, only lessons with any."""
    exam: date | None
    exam_left: int

    @property
    def retention(self) -> float | None:
        """The share of returns answered right (None before any)."""
        return self.returns_right / self.returns if self.returns else None


def stats(p: Plan) -> Stats:
    """The statistics of plan `p` (its day, its cards)."""
    days = [p.today + timedelta(days=n) for n in range(DAYS)]
    dues = [s.due for s in p.states.values()]
    per_day = tuple((d, sum(1 for due in dues if (due <= d if d == p.today else due == d))) for d in days)
    returns = right = 0
    lapses: dict[str, int] = {}
    titles = {c.key: c.lesson.title for c in p.cards}
    for key, state in p.states.items():
        seen_days = set()
        for review in state.reviews:
            if review.day > state.first_day and review.day not in seen_days:
                returns += 1
                right += review.correct
            seen_days.add(review.day)
        if state.lapses:
            lapses[titles[key]] = lapses.get(titles[key], 0) + state.lapses
    order = {c.lesson.title: c.order for c in reversed(p.cards)}
    weakest = sorted(lapses.items(), key=lambda kv: (-kv[1], order[kv[0]]))[:WEAKEST]
    return Stats(p.today, per_day, len(p.new), len(p.states), p.started_today, returns, right, tuple(weakest), p.exam,
                 p.exam_left)


def bar(fraction: float, width: int) -> str:
    """A bar `fraction` (0..1) of `width` cells; anything above zero shows at least a sliver."""
    cells = round(max(0.0, min(fraction, 1.0)) * width)
    return ("█" * cells if cells else "▏" if fraction > 0 else "").ljust(width)


def stats_lines(s: Stats) -> list[str]:
    """The statistics as text: at most WIDTH columns, 21 rows."""
    lines = [f"Review statistics, {s.today:%a} {s.today.day} {s.today:%b %Y}", ""]
    if not s.started:
        return lines + ["No reviews yet. Open a lesson (its questions join your reviews the day you",
                        "visit it), then run: tui-tutor review"]
    top = max((n for _, n in s.due_per_day), default=0) or 1
    lines.append(f"Due per day, next two weeks ({counted(s.started, 'card')} started, {s.started_today} today;"
                 f" {s.new_today} new to come)")
    half = (DAYS + 1) // 2
    for left, right in zip(s.due_per_day[:half], s.due_per_day[half:] + ((None, 0),) * (2 * half - DAYS)):
        lines.append((_due_row(s, *left, top) + "  " + (_due_row(s, *right, top) if right[0] else "")).rstrip())
    lines.append("")
    if s.retention is None:
        lines.append("Retention so far: no card has come back yet.")
    else:
        lines.append(f"Retention so far  {bar(s.retention, 24)}  {round(100 * s.retention):3d} %  "
                     f"({s.returns_right} of {s.returns} returns right)")
    lines.append("")
    if s.weakest:
        most = s.weakest[0][1]
        lines.append("Weakest lessons (lapses: wrong after being learned)")
        lines += [f" {title[:30]:<30} {bar(n / most, 20)} {n:>3}" for title, n in s.weakest]
    else:
        lines.append("Weakest lessons: no lapses yet.")
    if s.exam is not None:
        lines += ["", f"Exam {day_name(s.exam, s.today)}: {s.exam_left} cards still to see before it."]
    return lines


def _due_row(s: Stats, day: date, count: int, top: int) -> str:
    label = "today" if day == s.today else f"{day:%a} {day.day:>2} {day:%b}"
    return f" {label:<10} {bar(count / top, 20)} {count:>3}"
