"""The progress model: what one learner has done, as an immutable value, and how two copies merge.

* `Progress` is immutable; its methods return a new `Progress`.
* Everything in it only grows or carries its own time, so two copies combine with `merge`:
  attempts are united by their unique id (a uuid4), visited/completed are OR-ed, the step
  reached is the maximum, and what is replaced rather than added (the resume position, a
  lesson's parameter values, a setting) is the newer one. `merge` is commutative,
  associative and idempotent, so two terminals saving in any order end with the union of
  their results. `reset` writes a `cleared_at` time: merges drop what a copy that missed
  the reset recorded before it, so a stale copy in another terminal cannot bring cleared
  progress back.
* Attempts are also the review log of the spaced-repetition schedule
  (`tui_tutor.schedule`): each carries its rating and the day it counts for. The schedule
  itself is never stored; it is replayed from the merged attempts, so two terminals
  reviewing at once lose nothing and agree on every card's next day.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

SCHEMA_VERSION = 2
"""2: attempts carry a rating, a schedule day and what was asked; lessons keep the learner's
values; settings (new cards per day, an exam date). Version 1 files are read and upgraded."""

ParamValue = float | int | str | tuple[float, ...]
SettingValue = int | str | None


@dataclass(frozen=True, slots=True)
class Attempt:
    """One answer to a question or exercise (one review of its card)."""

    id: str
    """Unique (uuid4 hex): the same attempt seen in two copies is kept once."""
    correct: bool
    at: float
    """Unix time of the answer."""
    value: float | None = None
    """The number given (exercises), None for questions."""
    rating: int | None = None
    """The schedule's rating, 1 again, 2 hard, 3 good, 4 easy (`tui_tutor.answers.rating`);
    None in files from before the schedule, read as good when right and again when wrong."""
    day: str | None = None
    """The day (YYYY-MM-DD) the review counts for: the real date, or `--today`'s. None in
    files from before the schedule: the local date of `at`."""
    asked: str | None = None
    """A fingerprint of the numbers an exercise asked about, so the next one differs."""


@dataclass(frozen=True, slots=True)
class LessonProgress:
    """How far the user got in one lesson."""

    visited: bool = False
    completed: bool = False
    step: int = 0
    """The furthest step reached (0-based)."""
    last_visited: float | None = None
    """Unix time of the last visit."""
    values: Mapping[str, ParamValue] = field(default_factory=dict)
    """The parameter values the learner last had (empty: the lesson's defaults)."""
    values_at: float | None = None
    """Unix time of `values`; the newer values win a merge."""


@dataclass(frozen=True, slots=True)
class Position:
    """Where the user was last, to resume there."""

    lesson_id: str
    step: int
    at: float


@dataclass(frozen=True, slots=True)
class Setting:
    """One remembered choice (new cards per day, the exam date); the newer one wins a merge."""

    value: SettingValue
    at: float


@dataclass(frozen=True, slots=True)
class Progress:
    """All progress of one user. Immutable: the methods return a new Progress."""

    version: int = SCHEMA_VERSION
    lessons: Mapping[str, LessonProgress] = field(default_factory=dict)
    position: Position | None = None
    questions: Mapping[str, tuple[Attempt, ...]] = field(default_factory=dict)
    exercises: Mapping[str, tuple[Attempt, ...]] = field(default_factory=dict)
    cleared_at: float | None = None
    """Unix time of the last reset; anything older is gone."""
    settings: Mapping[str, Setting] = field(default_factory=dict)

    def lesson(self, lesson_id: str) -> LessonProgress:
        """The progress in `lesson_id` (not visited when unknown)."""
        return self.lessons.get(lesson_id, LessonProgress())

    def visit(self, lesson_id: str, step: int = 0, now: float | None = None) -> Progress:
        """Record being at `step` of `lesson_id`: visited, step reached and resume position."""
        at = _now(now)
        old = self.lesson(lesson_id)
        new = replace(old, visited=True, step=max(old.step, step), last_visited=at)
        return replace(self, lessons={**self.lessons, lesson_id: new}, position=Position(lesson_id, step, at))

    def complete(self, lesson_id: str, now: float | None = None) -> Progress:
        """Mark `lesson_id` completed (and visited)."""
        at = _now(now)
        old = self.lesson(lesson_id)
        new = replace(old, visited=True, completed=True, last_visited=at)
        return replace(self, lessons={**self.lessons, lesson_id: new})

    def keep_values(self, lesson_id: str, values: Mapping[str, ParamValue], now: float | None = None) -> Progress:
        """Remember the parameter values the learner has in `lesson_id` (to resume with them)."""
        old = self.lesson(lesson_id)
        new = replace(old, values=dict(values), values_at=_now(now))
        return replace(self, lessons={**self.lessons, lesson_id: new})

    def record_question(self, question_id: str, correct: bool, now: float | None = None, *,
                        rating: int | None = None, day: str | None = None) -> Progress:
        """Add an attempt at review question `question_id`."""
        attempt = _new_attempt(correct, now, None, rating, day, None)
        return replace(self, questions=_append(self.questions, question_id, attempt))

    def record_exercise(self, exercise_id: str, correct: bool, value: float | None = None, now: float | None = None,
                        *, rating: int | None = None, day: str | None = None, asked: str | None = None) -> Progress:
        """Add an attempt at exercise `exercise_id`, with the number given (finite or None)."""
        if value is not None and not math.isfinite(value):
            raise ValueError(f"exercise value {value!r} is not finite")
        attempt = _new_attempt(correct, now, None if value is None else float(value), rating, day, asked)
        return replace(self, exercises=_append(self.exercises, exercise_id, attempt))

    def setting(self, name: str, default: SettingValue = None) -> SettingValue:
        """The remembered value of setting `name` (`default` when never set)."""
        kept = self.settings.get(name)
        return default if kept is None else kept.value

    def set(self, name: str, value: SettingValue, now: float | None = None) -> Progress:
        """Remember `value` for setting `name`."""
        return replace(self, settings={**self.settings, name: Setting(value, _now(now))})


def _now(now: float | None) -> float:
    return time.time() if now is None else now


def _new_attempt(correct: bool, now: float | None, value: float | None, rating: int | None, day: str | None,
                 asked: str | None) -> Attempt:
    if rating is not None and rating not in (1, 2, 3, 4):
        raise ValueError(f"rating {rating!r} is not 1, 2, 3 or 4")
    return Attempt(uuid.uuid4().hex, bool(correct), _now(now), value, rating, day, asked)


def _append(table: Mapping[str, tuple[Attempt, ...]], key: str, attempt: Attempt) -> dict[str, tuple[Attempt, ...]]:
    return {**table, key: (*table.get(key, ()), attempt)}


# ----------------------------------------------------------------------------- merge


def merge(a: Progress, b: Progress) -> Progress:
    """The union of two copies of the same user's progress (commutative, associative, idempotent)."""
    cleared = _max_time(a.cleared_at, b.cleared_at)
    a, b = _since(a, cleared), _since(b, cleared)
    positions = [p for p in (a.position, b.position) if p is not None]
    return Progress(
        lessons={k: _merge_lesson(a.lesson(k), b.lesson(k)) for k in sorted({*a.lessons, *b.lessons})},
        position=max(positions, key=lambda p: (p.at, p.lesson_id, p.step), default=None),
        questions=_merge_attempts(a.questions, b.questions),
        exercises=_merge_attempts(a.exercises, b.exercises),
        cleared_at=cleared,
        settings={k: _newer_setting(a.settings.get(k), b.settings.get(k)) for k in sorted({*a.settings, *b.settings})},
    )


def _max_time(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else max(a, b)


def _since(p: Progress, cleared: float | None) -> Progress:
    """`p` as it counts after the reset at `cleared`.

    A copy that has seen that reset counts in full. A copy that has not keeps
    only its answers, position and settings from after the reset; its lesson marks
    (which carry no time of their own) are dropped. This keeps `merge` associative.
    """
    if p.cleared_at == cleared or cleared is None:
        return p

    def keep(table: Mapping[str, tuple[Attempt, ...]]) -> dict[str, tuple[Attempt, ...]]:
        kept = {k: tuple(a for a in v if a.at >= cleared) for k, v in table.items()}
        return {k: v for k, v in kept.items() if v}

    return replace(
        p,
        lessons={},
        position=p.position if p.position is not None and p.position.at >= cleared else None,
        questions=keep(p.questions),
        exercises=keep(p.exercises),
        settings={k: s for k, s in p.settings.items() if s.at >= cleared},
    )


def _merge_lesson(a: LessonProgress, b: LessonProgress) -> LessonProgress:
    values, values_at = max(((a.values, a.values_at), (b.values, b.values_at)), key=_values_order)
    return LessonProgress(
        visited=a.visited or b.visited,
        completed=a.completed or b.completed,
        step=max(a.step, b.step),
        last_visited=_max_time(a.last_visited, b.last_visited),
        values=values,
        values_at=values_at,
    )


def _values_order(kept: tuple[Mapping[str, ParamValue], float | None]) -> tuple[float, str]:
    """Newer values first; equal times broken by the values themselves, so merge is commutative."""
    values, at = kept
    return (-math.inf if at is None else at, repr(sorted(values.items())))


def _newer_setting(a: Setting | None, b: Setting | None) -> Setting:
    present = [s for s in (a, b) if s is not None]
    return max(present, key=lambda s: (s.at, repr(s.value)))


def _merge_attempts(
    a: Mapping[str, tuple[Attempt, ...]], b: Mapping[str, tuple[Attempt, ...]]
) -> dict[str, tuple[Attempt, ...]]:
    merged = {}
    for key in sorted({*a, *b}):
        by_id = {t.id: t for t in (*a.get(key, ()), *b.get(key, ()))}
        if by_id:
            merged[key] = tuple(sorted(by_id.values(), key=lambda t: (t.at, t.id)))
    return merged
