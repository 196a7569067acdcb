"""What to review on a day: the cards due, new cards at a steady rate, and an exam's run-up.

No UI imports. `plan` reads the learner's progress as of a day and returns a `Plan`;
`Plan.queue` is the order a session asks in: the due cards most overdue first (on the
same day, in lecture order), with the new cards spread evenly among them.

* New cards come from the lessons the learner visited, in lecture order, at most
  `new_per_day` a day (counting cards first answered that day, wherever: a review
  session, a lesson's `k` or `x`).
* Exam mode (`exam`, set on day `exam_since`): every card started before the exam is
  seen at least once more before it. A card FSRS would next show on or after the exam
  day, and not answered since exam mode began, is pulled in; those are spread evenly
  over the days left (most urgent first), and the new cards left are introduced in time
  (the daily cap rises to what the days left need).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from tui_tutor.content import Lesson
from tui_tutor.progress import Progress
from tui_tutor.review_items import ReviewItem, card_key, exercise_item, question_item
from tui_tutor.schedule import CardState, schedule


@dataclass(frozen=True, slots=True)
class CardRef:
    """One card of the course: a lesson's question or its predict-then-reveal exercise."""

    key: str
    lesson: Lesson
    item_id: str
    is_exercise: bool
    order: int
    """Its place in the lecture (lesson by lesson, questions then the exercise)."""


def cards_of(lessons: Sequence[Lesson]) -> list[CardRef]:
    """Every card of `lessons`, in lecture order."""
    cards: list[CardRef] = []
    for lesson in lessons:
        ids = [(q.id, False) for q in lesson.questions] + [(name, True) for name in lesson.exercises]
        for item_id, is_exercise in ids:
            cards.append(CardRef(card_key(is_exercise, item_id), lesson, item_id, is_exercise, len(cards)))
    return cards


@dataclass(frozen=True, slots=True)
class Plan:
    """The reviews of one day."""

    today: date
    due: tuple[CardRef, ...]
    """Started cards due today or before, most overdue first."""
    new: tuple[CardRef, ...]
    """Cards never answered, from visited lessons, for today (within the daily cap)."""
    extra: tuple[CardRef, ...] = ()
    """Exam mode: cards pulled in today so they are seen again before the exam."""
    exam: date | None = None
    exam_left: int = 0
    """Exam mode: cards not seen since exam mode began, and new cards, still to see before the exam."""
    states: dict[str, CardState] = field(default_factory=dict)
    cards: tuple[CardRef, ...] = ()
    """Every card of the lessons planned for."""
    held_back: int = 0
    """New cards from visited lessons left for later days by the daily cap."""
    started_today: int = 0
    """Cards first answered today (they count against the daily cap)."""

    @property
    def queue(self) -> tuple[CardRef, ...]:
        """The order a session asks in: reviews (due, then exam pulls), new cards spread evenly."""
        return tuple(spread(list(self.due + self.extra), list(self.new)))

    def next_due(self) -> tuple[date, int] | None:
        """The first day after today with cards due, and how many (None if no card is started)."""
        later = [s.due for s in self.states.values() if s.due > self.today]
        if not later:
            return None
        first = min(later)
        return first, later.count(first)


def spread(main: list[CardRef], other: list[CardRef]) -> list[CardRef]:
    """`main` in order with `other` spread evenly among it."""
    keyed = [((i + 1) / (len(main) + 1), 0, card) for i, card in enumerate(main)]
    keyed += [((j + 1) / (len(other) + 1), 1, card) for j, card in enumerate(other)]
    return [card for _, _, card in sorted(keyed, key=lambda k: (k[0], k[1]))]


def plan(lessons: Sequence[Lesson], progress: Progress, today: date, *, new_per_day: int,
         exam: date | None = None, exam_since: date | None = None) -> Plan:
    """The reviews of `today` for the cards of `lessons`."""
    cards = cards_of(lessons)
    states = schedule(progress)
    mine = {c.key: states[c.key] for c in cards if c.key in states}
    started = [c for c in cards if c.key in mine]
    due = sorted((c for c in started if mine[c.key].due <= today), key=lambda c: (mine[c.key].due, c.order))
    unseen = [c for c in cards if c.key not in mine and progress.lesson(c.lesson.id).visited]
    introduced = sum(1 for s in mine.values() if s.first_day == today)
    cap = new_per_day
    extra: list[CardRef] = []
    left = 0
    if exam is not None and exam > today:
        days = (exam - today).days
        since = exam_since or today
        behind = sorted((c for c in started if mine[c.key].due >= exam and mine[c.key].last_day < since),
                        key=lambda c: (mine[c.key].due, c.order))
        extra = behind[:math.ceil(len(behind) / days)]
        cap = max(cap, math.ceil((len(unseen) + introduced) / days))
        left = sum(1 for c in started if mine[c.key].last_day < since) + len(unseen)
    new = unseen[:max(0, cap - introduced)]
    return Plan(today, tuple(due), tuple(new), tuple(extra), exam if exam and exam > today else None, left,
                mine, tuple(cards), len(unseen) - len(new), introduced)


def day_name(day: date, today: date) -> str:
    """`day` as a learner says it: today, tomorrow, or "Thu 26 Nov" (with the year if not this one)."""
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def item_for(card: CardRef, seed: int, progress: Progress) -> ReviewItem:
    """The card as an item to ask: a question with its choices shuffled by `seed`, or an
    exercise with fresh numbers (never the ones it asked last time)."""
    if card.is_exercise:
        attempts = progress.exercises.get(card.item_id, ())
        return exercise_item(card.lesson, seed, avoid=attempts[-1].asked if attempts else None, name=card.item_id)
    question = next(q for q in card.lesson.questions if q.id == card.item_id)
    return question_item(card.lesson, question, seed)


def counted(n: int, what: str) -> str:
    """"1 card", "3 cards"."""
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


def due_line(p: Plan) -> str:
    """The contents' line about today's reviews."""
    exam = f" · exam {day_name(p.exam, p.today)}: {p.exam_left} to see" if p.exam else ""
    if p.queue:
        new = f" · {len(p.new)} new" if p.new else ""
        return f"r: review · {len(p.due) + len(p.extra)} due today{new}{exam}"
    following = p.next_due()
    if following is None:
        return "r: review · the questions of each lesson you open join your reviews"
    day, n = following
    return f"r: review · nothing due today · next: {day_name(day, p.today)}, {counted(n, 'card')}{exam}"


def intro(p: Plan) -> str:
    """What today's session holds, before the learner picks a length."""
    parts = []
    if p.due:
        oldest = p.states[p.due[0].key].due
        since = "" if oldest == p.today else f", the oldest due {day_name(oldest, p.today)}"
        parts.append(f"{len(p.due)} due{since}")
    if p.extra:
        parts.append(f"{len(p.extra)} brought forward for the exam {day_name(p.exam, p.today)}")
    if p.new:
        parts.append(f"{len(p.new)} new from the lessons you visited")
    return f"{counted(len(p.queue), 'card')} today: " + "; ".join(parts) + "."


def nothing_due(p: Plan) -> str:
    """What an empty session says."""
    following = p.next_due()
    if following is None:
        return ("Nothing to review yet. Open a lesson from the contents: its questions join your "
                "reviews the day you visit it.")
    day, n = following
    held = (f" New cards left for the days ahead: {p.held_back} (today's new cards are used, counting the"
            " ones you first answered today; --new-per-day N changes how many).") if p.held_back else ""
    return f"Nothing due today. Next review: {day_name(day, p.today)}, {counted(n, 'card')}.{held}"


def outlook(p: Plan, answered: Sequence[str], new: Sequence[str]) -> list[str]:
    """What a session did, as of plan `p` made after it: cards learned and reviewed, when they
    come back, and the next review."""
    keys = list(dict.fromkeys(k for k in answered if k in p.states))
    learned = [k for k in keys if k in new]
    titles = {c.key: c.lesson.title for c in p.cards}
    lines = []
    for what, group in (("New", learned), ("Reviewed", [k for k in keys if k not in learned])):
        if group:
            per_lesson: dict[str, int] = {}
            for k in group:
                per_lesson[titles[k]] = per_lesson.get(titles[k], 0) + 1
            lines.append(f"{what}: {counted(len(group), 'card')} ("
                         + ", ".join(f"{t} {n}" for t, n in per_lesson.items()) + ").")
    back: dict[str, int] = {}
    for k in sorted(keys, key=lambda k: p.states[k].due):
        label = day_name(p.states[k].due, p.today)
        back[label] = back.get(label, 0) + 1
    if back:
        lines.append("They come back: " + ", ".join(f"{n} {label}" for label, n in back.items()) + ".")
    if p.queue:
        lines.append(f"Still due today: {counted(len(p.queue), 'card')}.")
    else:
        following = p.next_due()
        if following is not None:
            day, n = following
            lines.append(f"Next review: {day_name(day, p.today)}, {counted(n, 'card')} due.")
    return lines
