"""A widget drawn cell by cell whose repaints send only the cells that changed.

Textual repaints a widget by sending every cell of it to the terminal again. For a picture
that changes a little, many times a second (a point moving over a plot, a path growing on a
heat map), that is most of the bytes on the wire. A `CellCanvas` has two layers:

- the background, every cell: `draw_background(width, height)`, drawn once per size,
  theme, or call to `invalidate()`;
- the overlay, a few cells on top: `draw_overlay(width, height)` -> {(x, y): cell}.

`update_overlay()` draws the overlay again, compares it with the one on screen and refreshes
only the changed spans of each line; everything else stays on the terminal as it is.
`redraw()` does the same for a changed background (cell by cell; for text that changes a
few characters at a time), and `invalidate()` repaints everything.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

Cell = tuple[str, Style]
"""One character of width 1 and its style."""
BLANK: Cell = (" ", Style())
GAP = 3
"""Changed cells this close together on a line are sent as one span."""


def spans(xs: Iterable[int], gap: int = GAP) -> list[tuple[int, int]]:
    """Sorted x positions grouped into (first, last) runs, joining runs `gap` or fewer cells apart."""
    out: list[tuple[int, int]] = []
    for x in sorted(xs):
        if out and x - out[-1][1] <= gap:
            out[-1] = (out[-1][0], x)
        else:
            out.append((x, x))
    return out


def clip_segment(x0: float, y0: float, x1: float, y1: float, w: float, h: float) -> tuple[float, float, float, float] | None:
    """The part of the segment inside [0, w] × [0, h] (Liang–Barsky), or None."""
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0), (dx, w - x0), (-dy, y0), (dy, h - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return None
    return x0 + t0 * dx, y0 + t0 * dy, x0 + t1 * dx, y0 + t1 * dy


def changed_span(a: list[Cell], b: list[Cell]) -> tuple[int, int] | None:
    """The first and last x where two rows of cells differ (a missing cell counts as blank)."""
    n = max(len(a), len(b))
    a = a + [BLANK] * (n - len(a))
    b = b + [BLANK] * (n - len(b))
    first = next((x for x in range(n) if a[x] != b[x]), None)
    if first is None:
        return None
    last = next(x for x in range(n - 1, first - 1, -1) if a[x] != b[x])
    return first, last


class CellCanvas(Widget):
    """Base for widgets drawn as a background grid of cells plus an overlay of a few cells."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._drawn_size: Size | None = None
        self._background: list[list[Cell]] | None = None
        self._overlay: dict[tuple[int, int], Cell] = {}
        self._overlay_rows: dict[int, list[tuple[int, Cell]]] | None = None
        self._strips: dict[int, Strip] = {}
        self._base = Style()

    # --- what subclasses draw ---------------------------------------------------------

    def draw_background(self, width: int, height: int) -> list[list[Cell]]:
        """Every cell, row by row (rows may be shorter than `width`; the rest is blank)."""
        return []

    def draw_overlay(self, width: int, height: int) -> dict[tuple[int, int], Cell]:
        """Cells drawn over the background, by (x, y)."""
        return {}

    # --- when to draw again -------------------------------------------------------------

    def invalidate(self) -> None:
        """The background changed: draw everything again on the next frame."""
        self._background = None
        self._strips.clear()
        self.refresh()

    def update_overlay(self) -> None:
        """The overlay changed: send only the cells that differ from what is on screen."""
        self._update(background=False)

    def redraw(self) -> None:
        """Background and overlay changed: draw both again, send only the cells that differ."""
        self._update(background=True)

    def _update(self, background: bool) -> None:
        if self._background is None or self._drawn_size != self.size:
            self.invalidate()
            return
        rows: dict[int, list[int]] = {}
        if background:
            old_rows, new_rows = self._background, self.draw_background(*self._drawn_size)
            self._background = new_rows
            for y in range(max(len(old_rows), len(new_rows))):
                a = old_rows[y] if y < len(old_rows) else []
                b = new_rows[y] if y < len(new_rows) else []
                if a != b:
                    span = changed_span(a, b)
                    if span is not None:
                        rows[y] = list(span)
        new = self.draw_overlay(*self._drawn_size)
        old = self._overlay
        self._overlay, self._overlay_rows = new, None
        for key in old.keys() | new.keys():
            if old.get(key) != new.get(key):
                rows.setdefault(key[1], []).append(key[0])
        regions = []
        for y, xs in rows.items():
            self._strips.pop(y, None)
            regions.extend(Region(x0, y, x1 - x0 + 1, 1) for x0, x1 in spans(xs))
        if regions:
            self.refresh(*regions)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._background = None  # colours come from the theme: draw them again
        self._strips.clear()

    # --- Textual's line API -------------------------------------------------------------

    def _ensure_drawn(self) -> None:
        if self._background is None or self._drawn_size != self.size:
            self._drawn_size = self.size
            self._base = self.rich_style
            self._background = self.draw_background(*self.size)
            self._overlay, self._overlay_rows = self.draw_overlay(*self.size), None
            self._strips.clear()

    def render_line(self, y: int) -> Strip:
        self._ensure_drawn()
        strip = self._strips.get(y)
        if strip is None:
            strip = self._strips[y] = self._strip(y)
        return strip

    def _strip(self, y: int) -> Strip:
        width = self._drawn_size.width if self._drawn_size else 0
        background = self._background or []
        row = list(background[y]) if y < len(background) else []
        row += [BLANK] * (width - len(row))
        if self._overlay_rows is None:
            self._overlay_rows = {}
            for (x, oy), cell in self._overlay.items():
                self._overlay_rows.setdefault(oy, []).append((x, cell))
        for x, cell in self._overlay_rows.get(y, ()):
            if 0 <= x < width:
                row[x] = cell
        base = self._base
        segments: list[Segment] = []
        text, style = "", None
        for char, cell_style in row[:width]:
            if cell_style is style or cell_style == style:
                text += char
                continue
            if text:
                segments.append(Segment(text, base + style))
            text, style = char, cell_style
        if text:
            segments.append(Segment(text, base + style))
        return Strip(segments, width)
