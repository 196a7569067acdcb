"""The values a class store holds and hands out: plain frozen dataclasses, no database code.

Also the two rules both stores apply the same way: which names a student may take, and when a
live answer is right (`is_right`, mirrored in `postgres.sql`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from tui_tutor.answers import allowed_error
from tui_tutor.content.model import ParamValue

if TYPE_CHECKING:
    from tui_tutor.review_items import ReviewItem

MAX_NAME = 64
"""The longest student or instructor name, in characters."""
KINDS = ("choice", "numeric", "exercise")
"""The kinds of live question, as `ReviewItem.kind` says them."""
HEARTBEAT_EVERY = 5.0
"""Seconds between a student tutor's heartbeats."""
CONNECTED_WITHIN = 15.0
"""A student whose last heartbeat is older than this (three missed) no longer counts as connected."""
MAX_CARD = 200
"""The longest card key or review id a class record takes, in characters."""
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
CARD = re.compile(r"(question|exercise):.+", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Position:
    """Where the instructor is: what every follower's tutor shows."""

    lesson_id: str | None
    """None: the contents."""
    step: int = 0
    scenario: str | None = None
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    """The lesson's parameter values as the instructor set them (float lists as tuples)."""
    iteration: int = 0
    """The gradient-descent iteration (0 where a lesson has none)."""
    leader: str = ""
    """Who published it (the instructor's or TA's name)."""
    at: float = 0.0
    """The store's clock (Unix time) when it was published."""


@dataclass(frozen=True, slots=True)
class ClassState:
    """What a follower polls: one row, cheap to read. `version` grows with every publish, ask
    and reveal, so comparing it with the last one seen tells whether anything changed."""

    version: int
    position: Position | None
    """None until an instructor has published."""
    question_id: int | None
    """The latest question asked live, open or revealed (None: none yet)."""
    question_state: str | None
    """"open" or "revealed"."""


@dataclass(frozen=True, slots=True)
class Question:
    """A question as the instructor poses it to the class: its text and, where the reader may
    see it, its solution (None for a student until the reveal)."""

    item_id: str
    """The question id or exercise id (progress keys on it)."""
    kind: str
    """"choice", "numeric" or "exercise"."""
    lesson_id: str
    lesson_title: str
    prompt: str
    choices: tuple[str, ...]
    hint: str
    from_lecture: bool
    answer: float | None = None
    """The right choice's index, or the right number."""
    tolerance: float | None = None
    explanation: str | None = None

    @classmethod
    def from_item(cls, item: ReviewItem, lesson_id: str) -> Question:
        """`item` of lesson `lesson_id` with its numbers and the order of its choices as this
        tutor drew them: everyone gets the same."""
        return cls(item.id, item.kind, lesson_id, item.lesson, item.prompt, tuple(item.choices), item.hint,
                   item.from_lecture, float(item.answer), float(item.tolerance), item.explanation)

    def review_item(self) -> ReviewItem | None:
        """The question as the review card shows it, once its solution is known."""
        from tui_tutor.review_items import ReviewItem

        if self.answer is None:
            return None
        return ReviewItem(self.item_id, self.kind, self.lesson_title, self.prompt, self.choices, self.answer,
                          self.tolerance or 0.0, self.hint, self.explanation or "", self.from_lecture)

    def public_json(self) -> str:
        """What a student sees before the reveal."""
        return json.dumps({"lesson_title": self.lesson_title, "prompt": self.prompt, "choices": list(self.choices),
                           "hint": self.hint, "from_lecture": self.from_lecture})

    def check(self) -> None:
        """Refuse, with ValueError, a question that no answer could be right for."""
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of question {self.kind!r}")
        if not (self.answer is not None and self.tolerance is not None and math.isfinite(self.answer)
                and math.isfinite(self.tolerance) and self.tolerance >= 0):
            raise ValueError("a live question needs a finite answer and tolerance")
        if self.kind == "choice" and not (self.answer.is_integer() and 0 <= self.answer < len(self.choices)):
            raise ValueError("a choice question's answer must be one of its choices")


@dataclass(frozen=True, slots=True)
class LiveQuestion:
    """A question asked to the whole class, numbered by the store."""

    id: int
    state: str
    """"open" (answers welcome) or "revealed"."""
    asked_at: float
    question: Question

    @property
    def revealed(self) -> bool:
        return self.state == "revealed"


@dataclass(frozen=True, slots=True)
class LiveAnswer:
    """One student's answer to a live question: a choice's index or a number."""

    question_id: int
    name: str
    value: float
    correct: bool | None
    """None for a student until the reveal."""
    at: float


@dataclass(frozen=True, slots=True)
class Tally:
    """The anonymous counts of a live question's answers: (value, how many) by value."""

    question_id: int
    counts: tuple[tuple[float, int], ...]

    @property
    def answered(self) -> int:
        return sum(n for _, n in self.counts)


@dataclass(frozen=True, slots=True)
class Counts:
    """Students connected now, and how many of them follow the instructor."""

    connected: int
    following: int


def live_question(row: Mapping[str, Any]) -> LiveQuestion:
    """A LiveQuestion from a store row (`public` JSON text; solution columns may be None)."""
    public = json.loads(row["public"])
    question = Question(row["item_id"], row["kind"], row["lesson_id"], public["lesson_title"], public["prompt"],
                        tuple(public["choices"]), public["hint"], bool(public["from_lecture"]), _float(row["answer"]),
                        _float(row["tolerance"]), row["explanation"])
    return LiveQuestion(int(row["id"]), row["state"], float(row["asked_at"]), question)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def is_right(kind: str, value: float, answer: float, tolerance: float) -> bool:
    """Whether a live answer is right: the chosen index, or a number within the tolerance the
    review accepts (`tui_tutor.answers.allowed_error`)."""
    if kind == "choice":
        return value == answer
    return abs(value - answer) <= allowed_error(answer, tolerance) * (1 + 1e-9)


def check_answer_value(value: float, kind: str, n_choices: int) -> str:
    """"" when `value` can be an answer to a question of `kind`, else what is wrong with it."""
    if not math.isfinite(value):
        return "an answer must be a finite number"
    if kind == "choice" and not (float(value).is_integer() and 0 <= value < n_choices):
        return f"there is no choice {value:g}"
    return ""


def check_name(name: str) -> str:
    """The name cleaned of surrounding spaces, or ValueError saying why it cannot be a name."""
    cleaned = name.strip()
    if not cleaned:
        raise ValueError("a name cannot be empty")
    if len(cleaned) > MAX_NAME:
        raise ValueError(f"a name has at most {MAX_NAME} characters")
    if not cleaned.isprintable():
        raise ValueError("a name cannot contain control characters")
    return cleaned


def join_problem(name: str, secret: str) -> str:
    """"" when a student may claim `name` with `secret`, else why not."""
    try:
        cleaned = check_name(name)
    except ValueError as err:
        return str(err)
    if cleaned != name:
        return "a name cannot start or end with spaces"
    return "" if len(secret) >= 32 else "a student secret has at least 32 characters"


def encode_params(params: Mapping[str, ParamValue]) -> str:
    """Parameter values as JSON text (tuples as lists)."""
    return json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}, sort_keys=True)


def decode_params(text: str | None) -> dict[str, ParamValue]:
    """Parameter values from JSON text (lists back to tuples of floats)."""
    data = json.loads(text) if text else {}
    return {k: tuple(float(x) for x in v) if isinstance(v, list) else v for k, v in data.items()}


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One review of one card, as a student's class record keeps it: enough to replay the
    card's schedule (`tui_tutor.schedule`) and to put the review back into their progress."""

    card: str
    """The schedule's card key (`question:ID` or `exercise:ID`)."""
    id: str
    """The attempt's id (the same review sent twice is kept once)."""
    day: str
    """The day it counts for (YYYY-MM-DD)."""
    rating: int
    """1 again, 2 hard, 3 good, 4 easy."""
    correct: bool
    at: float

    def problem(self) -> str:
        """Why a store must refuse this record ("" if it is sound); mirrored in `postgres.sql`."""
        if not (len(self.card) <= MAX_CARD and 0 < len(self.id) <= MAX_CARD):
            return f"a review's card and id must be 1 to {MAX_CARD} characters"
        if not CARD.fullmatch(self.card):
            return f"a review's card must be question:ID or exercise:ID, not {self.card!r}"
        if not _is_day(self.day):
            return f"a review's day must be a date YYYY-MM-DD, not {self.day!r}"
        if self.rating not in (1, 2, 3, 4):
            return f"a review's rating must be 1 to 4, not {self.rating!r}"
        if not math.isfinite(self.at):
            return "a review's time must be a finite number"
        return ""


def _is_day(text: str) -> bool:
    try:
        return bool(DAY.fullmatch(text)) and bool(date.fromisoformat(text))
    except ValueError:
        return False


def unsound_review(reviews: Iterable[ReviewRecord]) -> str:
    """Why a store must refuse these reviews: the first one's problem ("" if all are sound)."""
    return next((p for p in (r.problem() for r in reviews) if p), "")


def review_record(row: Mapping[str, Any]) -> ReviewRecord:
    """A ReviewRecord from a store row."""
    return ReviewRecord(row["card"], row["id"], row["day"], int(row["rating"]), bool(row["correct"]), float(row["at"]))


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A student as the instructor sees them: name, how they joined, where they were last."""

    name: str
    origin: str
    """"join" (a name from --as or the SSH key) or "invite" (a student code)."""
    joined_at: float
    revoked_at: float | None
    seen_at: float | None
    """The last heartbeat (None: never, or they left)."""
    lesson_id: str | None
    step: int
    step_at: float | None
    """When they last moved to another step."""
    following: bool


@dataclass(frozen=True, slots=True)
class ClassData:
    """Everything the instructor may read, as rows: what reports and the instructor's screen
    are computed from (`tui_tutor.classroom.report`)."""

    now: float
    """The store's clock when this was read."""
    position: Position | None
    members: tuple[MemberRow, ...]
    lessons: tuple[tuple[str, str, bool, bool], ...]
    """(name, lesson id, visited, completed)."""
    items: tuple[tuple[str, str, int, int], ...]
    """(name, question or exercise id, right, wrong) from the students' own progress."""
    questions: tuple[LiveQuestion, ...]
    answers: tuple[LiveAnswer, ...]


def class_state(row: Mapping[str, Any]) -> ClassState:
    """A ClassState from a store row (position columns, `question_id`, `question_state`)."""
    position = None
    if row["leader"] is not None:
        position = Position(row["lesson_id"], int(row["step"]), row["scenario"], decode_params(row["params"]),
                            int(row["iteration"]), row["leader"], float(row["at"]))
    qid = row["question_id"]
    return ClassState(int(row["version"]), position, None if qid is None else int(qid), row["question_state"])


def live_answer(row: Mapping[str, Any], show_correct: bool = True) -> LiveAnswer:
    """A LiveAnswer from a store row; `correct` left out (None) unless `show_correct`."""
    return LiveAnswer(int(row["question_id"]), row["name"], float(row["value"]),
                      bool(row["correct"]) if show_correct else None, float(row["at"]))


def member_row(row: Mapping[str, Any]) -> MemberRow:
    """A MemberRow from a store row (members left-joined with presence)."""
    return MemberRow(row["name"], row["origin"], float(row["joined_at"]), _float(row["revoked_at"]),
                     _float(row["seen_at"]), row["lesson_id"], int(row["step"] or 0), _float(row["step_at"]),
                     bool(row["following"]))
