"""The lesson data model: what a lesson file becomes once validated."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(frozen=True, slots=True)
class Section:
    """One step of a lesson: a heading and its Markdown prose."""

    title: str
    body: str


@dataclass(frozen=True, slots=True)
class Lesson:
    """A validated lesson file."""

    id: str
    number: int
    title: str
    summary: str
    sections: tuple[Section, ...]
    panel: str = ""
    """Name of the interactive panel (see `tui_tutor.panels`), or "" for prose only."""
    params: tuple[Param, ...] = ()
    questions: tuple[Question, ...] = ()
    scenarios: tuple[tuple[str, tuple[tuple[str, ParamValue], ...]], ...] = field(default=())
    """Named presets: (name, ((param, value), ...))."""

    def param(self, name: str) -> Param:
        """The parameter called `name`; KeyError when the lesson has none."""
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults(self) -> dict[str, ParamValue]:
        """Every parameter's default value, by name."""
        return {p.name: p.default for p in self.params}
