"""What each interactive panel needs from a lesson file, declared as data (no UI imports).

A lesson names its panel (`panel = "gradient-descent"`); the panel's declaration here
(`tui_tutor/content/needs/gradient_descent.py`, its `NEEDS`) says which parameters it edits,
which views its steps can show (a `## Title {view=run}` heading picks one), which content
tables it reads (`[[data.emails]]`), which predict-then-reveal exercises it offers and which
code-export templates it fills. The loader checks every lesson against it, so a lesson that
reuses a panel is one new file, and a mistake is reported at load time with the file, the
line and what to write instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec


@dataclass(frozen=True, slots=True)
class NeedParam:
    """A parameter the panel reads, by name and type."""

    name: str
    type: str
    """"float", "int", "choice" or "float_list", as in the lesson file."""
    choices: tuple[str, ...] = ()
    """For a choice: the values the panel can handle (a lesson may offer fewer)."""
    min: float | None = None
    """The least value the panel can compute with (a lesson's `min` may be larger)."""
    max: float | None = None
    """The largest value the panel can compute with (a lesson's `max` may be smaller)."""
    max_length: int | None = None
    """For a float_list: the longest list the panel can show."""
    does: str = ""
    """What the panel does with it, for authors (`tui-tutor check` says it)."""


@dataclass(frozen=True, slots=True)
class View:
    """Something the panel can show at a step, picked by `{view=NAME}` on a `## ` heading."""

    name: str
    shows: str


@dataclass(frozen=True, slots=True)
class NeedData:
    """A content table the panel reads: `[[data.NAME]]` entries with these fields."""

    name: str
    fields: tuple[tuple[str, str], ...]
    """(field, type) pairs; type is "text", "number", "bool" or "texts" (a list of strings)."""
    min_rows: int = 1
    does: str = ""


@dataclass(frozen=True, slots=True)
class NeedExport:
    """A code-export template (`code/NAME.py` in the lessons folder) and the fields it may use."""

    name: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Needs:
    """Everything a panel reads from its lesson."""

    params: tuple[NeedParam, ...]
    views: tuple[View, ...]
    data: tuple[NeedData, ...] = ()
    exercises: tuple[str, ...] = ()
    """Predict-then-reveal generators the panel's lessons may offer with `exercises = [...]`."""
    exports: tuple[NeedExport, ...] = ()
    optional: frozenset[str] = field(default_factory=frozenset)
    """Names of parameters a lesson may leave out (the panel then uses its own default)."""

    def view(self, name: str) -> View | None:
        """The view called `name`, if the panel has one."""
        return next((v for v in self.views if v.name == name), None)


def needs_module(panel: str) -> str:
    """The module declaring the needs of the panel called `panel`."""
    return f"tui_tutor.content.needs.{panel.replace('-', '_')}"


def known_panels() -> list[str]:
    """Every panel name with a declaration, sorted."""
    from pathlib import Path

    here = Path(__file__).parent
    return sorted(p.stem.replace("_", "-") for p in here.glob("*.py") if p.stem != "__init__")


def needs_of(panel: str) -> Needs | None:
    """The declaration of the panel called `panel`, or None when there is no such panel."""
    if not panel or find_spec(needs_module(panel)) is None:
        return None
    return import_module(needs_module(panel)).NEEDS
