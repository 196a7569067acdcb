"""Worked equations that fit the space they get: chains break at " = ", spare lines go first.

A chain rule written out with its numbers is long (∂L/∂w₁ = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w₁ =
2(ŷ − y) · ŷ(1 − ŷ) · x₁ = (−1.519) · 0.1827 · 1.5 = −0.4162). An `Equations` widget breaks
each such line at its " = " signs to fit its width, continuation lines starting "  = ", and
when the lines need more rows than it has, leaves out the least important ones (each line
has a `priority`; 0 is kept first). Lines keep their order on screen. Below the lines it
can show any Rich renderable (a table), when wide enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import RenderResult

from tui_tutor.widgets.readout import Readout


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text; an `equation` is broken at " = " to fit."""

    text: str
    style: str = ""
    priority: int = 0
    """Lower is more important: when rows run short, the highest priorities go first."""
    equation: bool = True


def break_equation(text: str, width: int) -> list[str]:
    """`text` broken at its " = " signs into lines of at most `width` cells where possible."""
    parts = text.split(" = ")
    lines = [parts[0]]
    for part in parts[1:]:
        joined = f"{lines[-1]} = {part}"
        if cell_len(joined) <= width:
            lines[-1] = joined
        else:
            lines.append(f"  = {part}")
    return lines


def wrapped_rows(text: str, width: int) -> int:
    """Rows `text` takes once Rich wraps it at `width`."""
    return max(1, len(Text(text).wrap(_console(), max(width, 1))))


def fit(lines: Sequence[Line], width: int, height: int) -> list[tuple[str, str]]:
    """(text, style) rows for `lines`: equations broken to `width`, the least important left out
    until they fit `height` rows (a line of priority 0 is always kept)."""
    broken = [
        [(part, line.style) for part in (break_equation(line.text, width) if line.equation else [line.text])]
        for line in lines
    ]
    rows = [sum(wrapped_rows(text, width) for text, _ in parts) for parts in broken]
    keep = set(range(len(lines)))
    for i in sorted(range(len(lines)), key=lambda i: (-lines[i].priority, i)):
        if sum(rows[k] for k in keep) <= height or lines[i].priority == 0:
            break
        keep.discard(i)
    return [part for i, parts in enumerate(broken) if i in keep for part in parts]


_CONSOLE = None


def _console():
    global _CONSOLE
    if _CONSOLE is None:
        from rich.console import Console

        _CONSOLE = Console(width=200, color_system=None)
    return _CONSOLE


class Equations(Readout):
    """`Line`s fitted to the widget's size, then an optional renderable (give it a fixed height)."""

    _lines: tuple[Line, ...] | None = None
    _tail: RenderableType | None = None

    def show_lines(self, lines: Sequence[Line], tail: RenderableType | None = None) -> None:
        """Show `lines` (and `tail` below them); repaints only when something changed."""
        lines = tuple(lines)
        if lines != self._lines or tail is not self._tail:
            self._lines, self._tail = lines, tail
            self.refresh()

    def show(self, content: RenderableType) -> None:
        """Show any renderable instead of lines."""
        self._lines, self._tail = None, None
        super().show(content)
        self.refresh()

    def render(self) -> RenderResult:
        if self._lines is None:
            return super().render()
        width, height = self.size.width or 40, self.size.height or len(self._lines)
        text = Text(no_wrap=False)
        for i, (part, style) in enumerate(fit(self._lines, width, height)):
            text.append(("\n" if i else "") + part, style or None)
        return Group(text, "", self._tail) if self._tail is not None else text
