"""The class overview: who is connected, how far the class got, what it gets wrong, who is stuck.

`overview(ClassData)` computes it (the instructor's screen and `tui-tutor class report` show
the same `Overview`); `table` writes it for a terminal, `csv_text` one row per student for a
gradebook. No UI imports.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tui_tutor.classroom.model import (
    CONNECTED_WITHIN,
    ClassData,
    LiveAnswer,
    LiveQuestion,
    MemberRow,
    Position,
    Question,
    ReviewRecord,
)
from tui_tutor.classroom.reviews import ScheduleSummary, summarise
from tui_tutor.numbers import fmt_sig

NO_SCHEDULE = ScheduleSummary(0, 0, 0, 0, 0, 0)
STUCK_AFTER = 300.0
"""Seconds without a step, while the class moved on, after which a student seems stuck."""


@dataclass(frozen=True, slots=True)
class ItemScore:
    """One question or exercise over the students' own review answers."""

    item_id: str
    students: int
    right: int
    wrong: int

    @property
    def share_right(self) -> float:
        return self.right / (self.right + self.wrong) if self.right + self.wrong else 0.0


@dataclass(frozen=True, slots=True)
class LiveResult:
    """A question asked live, with every student's answer."""

    question: LiveQuestion
    answers: tuple[LiveAnswer, ...]

    @property
    def right(self) -> int:
        return sum(bool(a.correct) for a in self.answers)


@dataclass(frozen=True, slots=True)
class Overview:
    now: float
    position: Position | None
    students: tuple[MemberRow, ...]
    """Everyone in the class (revoked students left out)."""
    connected: tuple[MemberRow, ...]
    lessons: tuple[tuple[str, int, int], ...]
    """(lesson id, students who visited it, students who completed it)."""
    items: tuple[ItemScore, ...]
    """Most missed first: lowest share right, then most wrong answers."""
    live: tuple[LiveResult, ...]
    stuck: tuple[tuple[MemberRow, float], ...]
    """(student, seconds since their last step)."""
    per_student: dict[str, tuple[int, int, int, int]]
    """Each student's lessons visited and completed, and review answers right and wrong."""
    today: date
    """The day the schedules are read for."""
    schedules: dict[str, ScheduleSummary] | None
    """Each student's review schedule (none for a student who has reviewed nothing); None when
    the reviews were not read (the instructor's live screen does not)."""

    @property
    def following(self) -> int:
        return sum(m.following for m in self.connected)

    def most_missed(self, n: int = 5) -> tuple[ItemScore, ...]:
        return tuple(item for item in self.items if item.wrong)[:n]


def overview(data: ClassData, stuck_after: float = STUCK_AFTER,
             reviews: Sequence[tuple[str, ReviewRecord]] | None = None, today: date | None = None) -> Overview:
    """The overview of the class in `data`, with the review schedules replayed from `reviews`
    ((name, review) from `ClassStore.class_reviews`) if given, as of `today` (default: the
    store's clock in this computer's time zone)."""
    students = tuple(m for m in data.members if m.revoked_at is None)
    names = {m.name for m in students}
    connected = tuple(m for m in students if m.seen_at is not None and data.now - m.seen_at <= CONNECTED_WITHIN)
    moved_on = data.position.at if data.position else None
    stuck = tuple((m, data.now - m.step_at) for m in connected
                  if m.step_at is not None and data.now - m.step_at >= stuck_after
                  and moved_on is not None and moved_on > m.step_at)
    visited: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    mine: dict[str, list[int]] = {name: [0, 0, 0, 0] for name in names}
    for name, lesson, was_visited, was_completed in data.lessons:
        if name in names:
            for counts in (visited[lesson], mine[name]):
                counts[0] += was_visited
                counts[1] += was_completed
    scores: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for name, item, right, wrong in data.items:
        if name in names and right + wrong:
            score = scores[item]
            score[0], score[1], score[2] = score[0] + 1, score[1] + right, score[2] + wrong
            mine[name][2] += right
            mine[name][3] += wrong
    items = sorted((ItemScore(item, *s) for item, s in scores.items()),
                   key=lambda i: (i.share_right, -i.wrong, i.item_id))
    by_question: dict[int, list[LiveAnswer]] = defaultdict(list)
    for a in data.answers:
        by_question[a.question_id].append(a)
    live = tuple(LiveResult(q, tuple(by_question[q.id])) for q in data.questions)
    today = today or date.fromtimestamp(data.now)
    by_student: dict[str, list[ReviewRecord]] = defaultdict(list)
    for name, review in reviews or ():
        if name in names:
            by_student[name].append(review)
    schedules = None if reviews is None else {name: summarise(mine, today) for name, mine in sorted(by_student.items())}
    return Overview(data.now, data.position, students, connected, tuple(sorted((k, *v) for k, v in visited.items())),
                    tuple(items), live, stuck, {name: (v, c, r, w) for name, (v, c, r, w) in mine.items()},
                    today, schedules)


def answer_text(question: Question, value: float) -> str:
    """An answer as the student saw it: `2. text` for a choice, the number otherwise."""
    if question.kind == "choice" and 0 <= int(value) < len(question.choices):
        return f"{int(value) + 1}. {question.choices[int(value)]}"
    return fmt_sig(value, 6)


def _share(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def _ago(seconds: float) -> str:
    minutes = int(seconds // 60)
    return "just now" if minutes < 1 else f"{minutes} min ago"


def _rows(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return ["  " + "  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in [header, *rows]]


def table(ov: Overview, location: str) -> str:
    """The overview as text for a terminal."""
    lines = [f"Class {location}: {len(ov.students)} students, {len(ov.connected)} connected now "
             f"({ov.following} following)"]
    if ov.position:
        where = ov.position.lesson_id or "the contents"
        lines.append(f"Instructor ({ov.position.leader}): {where}, step {ov.position.step + 1}, "
                     f"{_ago(ov.now - ov.position.at)}")
    lines += ["", "Connected now"]
    lines += _rows(("student", "where", "step", "following", "last step"), [
        (m.name, m.lesson_id or "contents", str(m.step + 1), "yes" if m.following else "no",
         _ago(ov.now - m.step_at) if m.step_at else "-") for m in ov.connected]) if ov.connected else ["  nobody"]
    lines += ["", "Lessons"]
    lines += _rows(("lesson", "visited", "completed"), [(lesson, str(v), str(c)) for lesson, v, c in ov.lessons]) \
        if ov.lessons else ["  no progress reported yet"]
    lines += ["", "Questions (the students' own review answers; most missed first)"]
    lines += _rows(("question", "students", "right", "wrong", "share right"), [
        (i.item_id, str(i.students), str(i.right), str(i.wrong), f"{i.share_right:.0%}") for i in ov.items]) \
        if ov.items else ["  no answers reported yet"]
    missed = ov.most_missed()
    if missed:
        lines.append("  most missed: " + ", ".join(f"{i.item_id} ({i.wrong} wrong)" for i in missed))
    if ov.schedules is not None:
        lines += ["", f"Review schedules (FSRS, replayed from each student's reviews; due as of {ov.today})"]
        lines += _rows(("student", "cards", "due today", "due in 7 days", "reviews", "retention", "lapses"), [
            (name, str(s.cards), str(s.due), str(s.due_week), str(s.reviews), _share(s.retention), str(s.lapses))
            for name, s in ov.schedules.items()]) if ov.schedules else ["  no reviews reported yet"]
    lines += ["", "Asked live"]
    if not ov.live:
        lines.append("  nothing asked yet")
    for n, result in enumerate(ov.live, 1):
        q = result.question.question
        truth = answer_text(q, q.answer) if q.answer is not None else "?"
        lines.append(f"  {n}. {q.item_id} ({q.lesson_id}, {result.question.state}): {result.right} of "
                     f"{len(result.answers)} right; answer {truth}")
        lines += ["  " + row for row in _rows(("student", "answer", "right"), [
            (a.name, answer_text(q, a.value), "yes" if a.correct else "no") for a in result.answers])[1:]]
    lines += ["", f"Seems stuck (no step for {int(STUCK_AFTER // 60)} minutes while the class moved on)"]
    lines += [f"  {m.name}: {m.lesson_id or 'contents'} step {m.step + 1}, {_ago(idle)}" for m, idle in ov.stuck] \
        or ["  nobody"]
    return "\n".join(lines)


def csv_text(ov: Overview) -> str:
    """One row per student: progress, review answers, and each live question's answer."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    live_columns = [column for n, result in enumerate(ov.live, 1)
                    for column in (f"live {n} {result.question.question.item_id}", f"live {n} right")]
    writer.writerow(["student", "joined by", "connected now", "lessons visited", "lessons completed",
                     "review right", "review wrong", "cards", "due today", "due in 7 days", "retention",
                     "live answered", "live right", *live_columns])
    connected = {m.name for m in ov.connected}
    for m in ov.students:
        cells: list[str] = []
        answered = right = 0
        for result in ov.live:
            mine = next((a for a in result.answers if a.name == m.name), None)
            if mine is None:
                cells += ["", ""]
            else:
                answered, right = answered + 1, right + bool(mine.correct)
                cells += [answer_text(result.question.question, mine.value), "1" if mine.correct else "0"]
        schedule = (ov.schedules or {}).get(m.name, NO_SCHEDULE)
        writer.writerow([m.name, m.origin, "yes" if m.name in connected else "no", *ov.per_student[m.name],
                         schedule.cards, schedule.due, schedule.due_week, _share(schedule.retention),
                         answered, right, *cells])
    return out.getvalue()
