"""The lesson data model: what a lesson file (and a course) becomes once validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ParamValue = float | int | str | tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter the lesson exposes (editable in the lesson, settable with --set)."""

    name: str
    type: str
    """One of "float", "int", "choice", "float_list"."""
    default: ParamValue
    label: str = ""
    help: str = ""
    min: float | None = None
    max: float | None = None
    step: float = 0.1
    """How far one nudge moves the value."""
    choices: tuple[str, ...] = ()
    min_length: int = 1
    max_length: int = 1
    same_length_as: str = ""
    """Another float_list parameter this one must match in length."""


@dataclass(frozen=True, slots=True)
class Recompute:
    """How the compute module recomputes a numeric answer: a named function and its arguments
    (see `tui_tutor.content.recompute`)."""

    function: str
    args: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    """A review question: multiple choice ("choice") or a number ("numeric")."""

    id: str
    kind: str
    prompt: str
    explanation: str
    hint: str = ""
    choices: tuple[str, ...] = ()
    answer: int | float = 0
    """Index into `choices` (choice) or the expected number (numeric)."""
    tolerance: float = 0.0
    source: str = ""
    """"lecture" when the lecture itself asks it."""
    ordered: bool = False
    """Keep the choices in the file's order (e.g. values in ascending order); others are shuffled."""
    compute: Recompute | None = None
    """For a numeric answer: how `tui-tutor check` recomputes it."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named preset of parameter values (F2, --scenario, or a section that loads it)."""

    name: str
    values: tuple[tuple[str, ParamValue], ...]
    note: str = ""
    """One line said when the scenario is applied (what to watch for)."""


@dataclass(frozen=True, slots=True)
class Section:
    """One step of a lesson: a heading, its Markdown prose, and what the panel shows."""

    title: str
    body: str
    view: str = ""
    """The panel's view at this step (one its declaration names); "" without a panel."""
    scenario: str = ""
    """The scenario loaded when the learner steps into this section for the first time."""
    line: int = 0
    """The heading's line in the lesson file."""


@dataclass(frozen=True, slots=True)
class Lesson:
    """A validated lesson file."""

    id: str
    title: str
    summary: str
    sections: tuple[Section, ...]
    panel: str = ""
    """Name of the interactive panel (see `tui_tutor.panels`), or "" for prose only."""
    params: tuple[Param, ...] = ()
    questions: tuple[Question, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    exercises: tuple[str, ...] = ()
    """Predict-then-reveal generators offered by `x` (see `tui_tutor.exercises`)."""
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    """Content tables the panel reads (e-mails, tasks, a quiz), as the panel declares them."""
    code: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    """The panel's code-export templates by name (`code/NAME.py` in the lessons folder)."""
    number: int = 0
    """Position in the course, from 1 (set by the course, not by the file)."""
    after: str = ""
    """For a lesson added by a course folder: the lesson it follows ("" for the end)."""
    source: str = ""
    """The file it was read from."""

    def param(self, name: str) -> Param:
        """The parameter called `name`; KeyError when the lesson has none."""
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults(self) -> dict[str, ParamValue]:
        """Every parameter's default value, by name."""
        return {p.name: p.default for p in self.params}

    def scenario(self, name: str) -> Scenario:
        """The scenario called exactly `name`; KeyError when there is none."""
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        raise KeyError(name)

    def scenarios_matching(self, text: str) -> list[Scenario]:
        """Scenarios whose name is `text`, or starts with it, ignoring case and writing `-`
        for `−` (a name typed exactly wins over names it is a prefix of)."""
        def folded(s: str) -> str:
            return " ".join(s.replace("−", "-").casefold().split())

        wanted = folded(text)
        exact = [s for s in self.scenarios if folded(s.name) == wanted]
        return exact or [s for s in self.scenarios if wanted and folded(s.name).startswith(wanted)]


@dataclass(frozen=True, slots=True)
class Course:
    """The lessons in lecture order, and the course's own title."""

    title: str
    lessons: tuple[Lesson, ...]
    subtitle: str = ""

    def lesson(self, lesson_id: str) -> Lesson:
        """The lesson called `lesson_id`; KeyError when the course has none."""
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(lesson_id)
