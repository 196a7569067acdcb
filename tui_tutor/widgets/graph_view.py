"""A computational graph in the terminal: boxes joined by arrows, in box-drawing characters.

Each node is a box placed on a grid of columns (left to right) and rows. A box has a title
in its top border, one line of value inside and a note in its bottom border (a gradient,
say); a value not computed yet is drawn muted. An edge runs

- to a box in the next column: out of the right side, along the vertical line in the gap
  between the two columns (edges in one gap share it), into the left side with ▶;
- or straight down to a box lower in the same column (one free row between them), with ▼.

Boxes and edges can be marked current: the box gets a heavy border and both take the
accent colour. When the graph is wider than the widget it first drops the boxes' wide
titles and notes, then narrows the gaps, then clips the widest column's text with "…". With
room to spare (`spread`), rows and gaps are drawn further apart: easier to read on a projector.

`GraphSpec` says what to draw; `draw_graph` turns it into lines of Rich text (pure, for
tests); `GraphView` shows a spec, repainting without a relayout unless its height changes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.reactive import reactive
from textual.widget import Widget

Edge = tuple[str, str]
"""(from box key, to box key)."""
BOX_ROWS = 3
MIN_WIDTH = 5
U, D, L, R = 1, 2, 4, 8
LINES = {
    L | R: "─", L: "─", R: "─", U | D: "│", U: "│", D: "│",
    D | R: "╭", D | L: "╮", U | R: "╰", U | L: "╯",
    L | R | D: "┬", L | R | U: "┴", U | D | R: "├", U | D | L: "┤", U | D | L | R: "┼",
}
"""Line glyphs by the directions they join (edges use rounded corners; boxes square ones)."""
LIGHT, HEAVY = "┌┐└┘─│", "┏┓┗┛━┃"
ROLES = ("border", "title", "value", "pending", "note", "edge", "current")


@dataclass(frozen=True, slots=True)
class Box:
    """One node: where it sits and what it says."""

    key: str
    col: int
    row: int
    """Top row; the box is three rows high."""
    title: str
    value: str = ""
    note: str = ""
    pending: bool = False
    """The value is not known yet (drawn muted)."""
    wide_title: str = ""
    """A longer title to use when everything fits (e.g. the node's formula)."""
    wide_note: str = ""
    reserve: str = ""
    """Text the box keeps room for (what it will show later), so the layout stays put as values fill in."""
    wide_reserve: str = ""


@dataclass(frozen=True, slots=True)
class GraphSpec:
    """Boxes, the edges between them, and what is current."""

    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...] = ()
    current: frozenset[str] = field(default_factory=frozenset)
    current_edges: frozenset[Edge] = field(default_factory=frozenset)

    def height(self, spread: int = 1) -> int:
        """Rows the graph needs (rows `spread` times further apart)."""
        return max((b.row * spread for b in self.boxes), default=-BOX_ROWS) + BOX_ROWS


def _texts(box: Box, wide: bool) -> tuple[str, str, str]:
    if wide:
        return box.wide_title or box.title, box.value, box.wide_note or box.note
    return box.title, box.value, box.note


def _natural(box: Box, wide: bool) -> int:
    reserve = (box.wide_reserve or box.reserve) if wide else box.reserve
    return max(MIN_WIDTH, *(cell_len(text) + 4 for text in (*_texts(box, wide), reserve) if text))


def _columns(spec: GraphSpec, wide: bool, gap: int) -> tuple[list[int], list[int]]:
    """(x of each column, width of each column)."""
    count = max((b.col for b in spec.boxes), default=-1) + 1
    widths = [MIN_WIDTH] * count
    for box in spec.boxes:
        widths[box.col] = max(widths[box.col], _natural(box, wide))
    xs, x = [], 0
    for w in widths:
        xs.append(x)
        x += w + gap
    return xs, widths


def _fit(spec: GraphSpec, width: int, spread: int) -> tuple[bool, int, list[int], list[int]]:
    """The roomiest way to draw `spec` within `width` columns: (wide texts?, gap, xs, widths)."""
    tries = ((True, 3 * spread), (True, 3), (False, 3), (False, 2)) if spread > 1 else ((True, 3), (False, 3), (False, 2))
    for wide, gap in tries:
        xs, widths = _columns(spec, wide, gap)
        if not widths or xs[-1] + widths[-1] <= width:
            return wide, gap, xs, widths
    while xs[-1] + widths[-1] > width and max(widths) > MIN_WIDTH:
        widths[widths.index(max(widths))] -= 1
        xs = [sum(widths[:i]) + gap * i for i in range(len(widths))]
    return False, gap, xs, widths


def _clip(text: str, room: int) -> str:
    if cell_len(text) <= room:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > room - 1:
            break
        out += ch
    return out + "…" if room > 0 else ""


def draw_graph(spec: GraphSpec, width: int, styles: dict[str, Style] | None = None, spread: int = 1) -> list[Text]:
    """The graph as lines of text, centred in `width` columns (roles styled from `styles`).

    `spread` > 1 spaces the rows (and, when there is room, the columns) that many times further apart.
    """
    styles = styles or {}
    wide, gap, xs, widths = _fit(spec, max(width, 1), spread)
    total = xs[-1] + widths[-1] if widths else 0
    cells: list[list[tuple[str, str]]] = [[(" ", "")] * total for _ in range(spec.height(spread))]
    boxes = {b.key: replace(b, row=b.row * spread) for b in spec.boxes}

    flags: dict[tuple[int, int], int] = defaultdict(int)
    owners: dict[tuple[int, int], set[Edge]] = defaultdict(set)
    heads: dict[tuple[int, int], str] = {}

    def mark(x: int, y: int, bits: int, edge: Edge) -> None:
        flags[x, y] |= bits
        owners[x, y].add(edge)

    for edge in spec.edges:
        src, dst = boxes[edge[0]], boxes[edge[1]]
        if dst.col == src.col + 1:
            ys, yd = src.row + 1, dst.row + 1
            start, head = xs[src.col] + widths[src.col], xs[dst.col] - 1
            bus = start + (head - start) // 2
            for x in range(start, bus):
                mark(x, ys, L | R, edge)
            for x in range(bus + 1, head):
                mark(x, yd, L | R, edge)
            mark(bus, ys, L, edge)
            if yd != ys:
                down = yd > ys
                mark(bus, ys, D if down else U, edge)
                for y in range(min(ys, yd) + 1, max(ys, yd)):
                    mark(bus, y, U | D, edge)
                mark(bus, yd, U if down else D, edge)
            mark(bus, yd, R, edge)
            heads[head, yd] = "▶"
            owners[head, yd].add(edge)
        elif dst.col == src.col and dst.row > src.row + BOX_ROWS:
            x = xs[dst.col] + widths[dst.col] // 2
            for y in range(src.row + BOX_ROWS, dst.row - 1):
                mark(x, y, U | D, edge)
            heads[x, dst.row - 1] = "▼"
            owners[x, dst.row - 1].add(edge)
        else:
            raise ValueError(f"edge {edge}: edges go to the next column, or down the same column past a free row")

    for (x, y), bits in flags.items():
        role = "current" if owners[x, y] & spec.current_edges else "edge"
        cells[y][x] = (LINES[bits], role)
    for (x, y), glyph in heads.items():
        cells[y][x] = (glyph, "current" if owners[x, y] & spec.current_edges else "edge")

    for box in boxes.values():
        _draw_box(cells, box, xs[box.col], widths[box.col], wide, box.key in spec.current)

    pad = " " * max(0, (width - total) // 2)
    lines = []
    for row in cells:
        line = Text(pad, no_wrap=True, overflow="crop")
        for ch, role in row:
            line.append(ch, styles.get(role) if role else None)
        lines.append(line)
    return lines


def _draw_box(cells, box: Box, x: int, w: int, wide: bool, current: bool) -> None:
    tl, tr, bl, br, h, v = HEAVY if current else LIGHT
    border = "current" if current else "border"
    title, value, note = _texts(box, wide)

    def put(y: int, x0: int, text: str, role: str) -> None:
        for i, ch in enumerate(text):
            cells[y][x0 + i] = (ch, role)

    def edge_line(y: int, left: str, right: str, label: str, role: str) -> None:
        put(y, x, left + h * (w - 2) + right, border)
        if label and w >= 5:
            put(y, x + 1, " " + _clip(label, w - 4) + " ", role)

    y = box.row
    edge_line(y, tl, tr, title, "current" if current else "title")
    put(y + 1, x, v + " " * (w - 2) + v, border)
    put(y + 1, x + 2, _clip(value, w - 4), "current" if current and not box.pending else
        "pending" if box.pending else "value")
    edge_line(y + 2, bl, br, note, "note")


class GraphView(Widget):
    """Shows a `GraphSpec`; set it with `show` (its height follows the graph's)."""

    COMPONENT_CLASSES = {f"graph-view--{role}" for role in ROLES}
    DEFAULT_CSS = """
    GraphView { height: 3; }
    GraphView > .graph-view--border { color: $text-muted; }
    GraphView > .graph-view--title { text-style: bold; }
    GraphView > .graph-view--value { text-style: bold; }
    GraphView > .graph-view--pending { color: $text-muted; }
    GraphView > .graph-view--note { color: $text-success; }
    GraphView > .graph-view--edge { color: $text-muted; }
    GraphView > .graph-view--current { color: $text-accent; text-style: bold; }
    """
    """Gradients (notes) and the current node take different colours in every theme."""

    spec: reactive[GraphSpec | None] = reactive(None, layout=False)
    spread: int = 1

    def show(self, spec: GraphSpec, spread: int = 1) -> None:
        """Draw `spec`, rows `spread` times apart (a relayout only when the number of rows changes)."""
        if self.spec is None or self.spec.height(self.spread) != spec.height(spread):
            self.styles.height = spec.height(spread)
        self.spread = spread
        self.spec = spec
        self.refresh()

    def render(self) -> RenderResult:
        if self.spec is None:
            return ""
        lines = draw_graph(self.spec, self.size.width, {role: self._role_style(role) for role in ROLES}, self.spread)
        return Text("\n", no_wrap=True, overflow="crop").join(lines)

    def _role_style(self, role: str) -> Style:
        """The Rich style of `role`, its colour blended onto the background (as `$text-muted` needs)."""
        styles = self.get_component_styles(f"graph-view--{role}")
        style = styles.text_style
        if styles.has_rule("color"):
            background = self.background_colors[1]
            color = background.get_contrast_text(styles.color.a) if styles.auto_color else styles.color
            style = Style(color=(background + color).rich_color) + style
        return style
