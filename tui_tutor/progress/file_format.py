"""The progress file format: `Progress` <-> JSON, every field checked on the way in.

A file of schema version 1 (before the review schedule) reads as version 2 with nothing
lost: its attempts have no rating (the schedule reads right as good, wrong as again) and
no day (the local date of their time), its lessons no values, and it has no settings.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from tui_tutor.progress.model import (
    SCHEMA_VERSION,
    Attempt,
    LessonProgress,
    ParamValue,
    Position,
    Progress,
    Setting,
)


class BadProgressFile(ValueError):
    """The progress file cannot be used; the message says why and `tag` names the moved-aside copy."""

    def __init__(self, reason: str, tag: str = "corrupt") -> None:
        super().__init__(reason)
        self.tag = tag


# ----------------------------------------------------------------------------- writing


def to_json(p: Progress) -> dict[str, Any]:
    """`p` as plain JSON data."""

    def attempts(table: Mapping[str, tuple[Attempt, ...]]) -> dict[str, list[dict[str, Any]]]:
        return {k: [_attempt_json(a) for a in v] for k, v in table.items()}

    data = {
        "version": SCHEMA_VERSION,
        "cleared_at": p.cleared_at,
        "position": _position_json(p.position),
        "lessons": {k: _lesson_json(v) for k, v in p.lessons.items()},
        "questions": attempts(p.questions),
        "exercises": attempts(p.exercises),
    }
    if p.settings:
        data["settings"] = {k: {"value": s.value, "at": s.at} for k, s in p.settings.items()}
    return data


def _lesson_json(v: LessonProgress) -> dict[str, Any]:
    data: dict[str, Any] = {"visited": v.visited, "completed": v.completed, "step": v.step,
                            "last_visited": v.last_visited}
    if v.values_at is not None:
        data["values"] = {k: list(x) if isinstance(x, tuple) else x for k, x in v.values.items()}
        data["values_at"] = v.values_at
    return data


def _position_json(p: Position | None) -> dict[str, Any] | None:
    return None if p is None else {"lesson": p.lesson_id, "step": p.step, "at": p.at}


def _attempt_json(a: Attempt) -> dict[str, Any]:
    data: dict[str, Any] = {"id": a.id, "correct": a.correct, "at": a.at}
    for name in ("value", "rating", "day", "asked"):
        if getattr(a, name) is not None:
            data[name] = getattr(a, name)
    return data


def dump(p: Progress) -> bytes:
    """The bytes of a progress file for `p`."""
    return (json.dumps(to_json(p), indent=1, sort_keys=True, allow_nan=False) + "\n").encode()


# ----------------------------------------------------------------------------- reading


def from_json(data: Any) -> Progress:
    """A Progress from JSON data, checked field by field.

    Raises:
        BadProgressFile: for the wrong shape or a schema version this code does not read.
    """
    obj = _obj(data, "the file")
    version = obj.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BadProgressFile(f"has no valid schema version ({version!r})")
    if version > SCHEMA_VERSION:
        raise BadProgressFile(
            f"was written by a newer tui-tutor (schema version {version}; this one reads {SCHEMA_VERSION})",
            tag=f"v{version}",
        )
    return Progress(
        lessons={k: _lesson(v, f"lesson {k!r}") for k, v in _obj(obj.get("lessons", {}), "lessons").items()},
        position=_position(obj.get("position")),
        questions=_attempt_table(obj.get("questions", {}), "questions"),
        exercises=_attempt_table(obj.get("exercises", {}), "exercises"),
        cleared_at=_time(obj.get("cleared_at"), "cleared_at", optional=True),
        settings={k: _setting(v, f"setting {k!r}") for k, v in _obj(obj.get("settings", {}), "settings").items()},
    )


def _shape(what: str) -> BadProgressFile:
    return BadProgressFile(f"has an unexpected shape ({what})")


def _obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _shape(f"{what} is not an object")
    return value


def _bool(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise _shape(f"{what} is not true/false")
    return value


def _step(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _shape(f"{what} is not a step number")
    return value


def _time(value: Any, what: str, optional: bool = False) -> float | None:
    if value is None and optional:
        return None
    return _number(value, what)


def _number(value: Any, what: str) -> float:
    bad = _shape(f"{what} is not a finite number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad
    try:
        number = float(value)  # an integer of 309+ digits does not fit a float
    except OverflowError:
        raise bad from None
    if not math.isfinite(number):
        raise bad
    return number


def _text(value: Any, what: str, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value or len(value) > 200:
        raise _shape(f"{what} is not a short text")
    return value


def _day(value: Any, what: str) -> str | None:
    text = _text(value, what)
    if text is not None:
        try:
            date.fromisoformat(text)
        except ValueError:
            raise _shape(f"{what} is not a date YYYY-MM-DD") from None
    return text


def _lesson(value: Any, what: str) -> LessonProgress:
    obj = _obj(value, what)
    values_at = _time(obj.get("values_at"), f"{what} values_at", optional=True)
    values = {k: _param_value(v, f"{what} value {k!r}") for k, v in _obj(obj.get("values", {}), f"{what} values").items()}
    return LessonProgress(
        visited=_bool(obj.get("visited", False), f"{what} visited"),
        completed=_bool(obj.get("completed", False), f"{what} completed"),
        step=_step(obj.get("step", 0), f"{what} step"),
        last_visited=_time(obj.get("last_visited"), f"{what} last_visited", optional=True),
        values=values if values_at is not None else {},
        values_at=values_at,
    )


def _param_value(value: Any, what: str) -> ParamValue:
    """A parameter value: a text, a number (an integer stays one) or a list of numbers."""
    if isinstance(value, str):
        return _text(value, what, optional=False)
    if isinstance(value, list):
        return tuple(_number(v, what) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        _number(value, what)
        return value
    return _number(value, what)


def _position(value: Any) -> Position | None:
    if value is None:
        return None
    obj = _obj(value, "position")
    lesson_id = obj.get("lesson")
    if not isinstance(lesson_id, str):
        raise _shape("position lesson is not text")
    return Position(lesson_id, _step(obj.get("step"), "position step"), _number(obj.get("at"), "position at"))


def _setting(value: Any, what: str) -> Setting:
    obj = _obj(value, what)
    kept = obj.get("value")
    if not (kept is None or isinstance(kept, str) or (isinstance(kept, int) and not isinstance(kept, bool))):
        raise _shape(f"{what} value is not a whole number or text")
    if isinstance(kept, int):
        _number(kept, what)
    return Setting(kept, _number(obj.get("at"), f"{what} at"))


def _attempt_table(value: Any, what: str) -> dict[str, tuple[Attempt, ...]]:
    table = {}
    for key, attempts in _obj(value, what).items():
        if not isinstance(attempts, list):
            raise _shape(f"{what} {key!r} is not a list")
        table[key] = tuple(_attempt(a, f"{what} {key!r}") for a in attempts)
    return table


def _attempt(value: Any, what: str) -> Attempt:
    obj = _obj(value, f"an attempt in {what}")
    if not isinstance(obj.get("id"), str) or not obj["id"]:
        raise _shape(f"an attempt in {what} has no id")
    value_, rating = obj.get("value"), obj.get("rating")
    if rating is not None and (type(rating) is not int or rating not in (1, 2, 3, 4)):
        raise _shape(f"an attempt rating in {what} is not 1 to 4")
    return Attempt(
        id=obj["id"],
        correct=_bool(obj.get("correct"), f"an attempt in {what}"),
        at=_number(obj.get("at"), f"an attempt time in {what}"),
        value=None if value_ is None else _number(value_, f"an attempt value in {what}"),
        rating=rating,
        day=_day(obj.get("day"), f"an attempt day in {what}"),
        asked=_text(obj.get("asked"), f"what an attempt in {what} asked"),
    )


def parse(raw: bytes) -> Progress:
    """A Progress from the bytes of a progress file.

    Raises:
        BadProgressFile: saying in words what is wrong.
    """
    if not raw.strip():
        raise BadProgressFile("is empty")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as err:
        raise BadProgressFile(f"is not valid JSON ({str(err)[:80]})") from None
    try:
        return from_json(data)
    except BadProgressFile:
        raise
    except Exception as err:
        raise BadProgressFile(f"has an unexpected shape ({type(err).__name__}: {str(err)[:80]})") from None
