"""A loss surface f(u, v) drawn in 3D: a wireframe with hidden lines removed, seen from an angle
the learner can turn, with the path of gradient descent drawn on the surface.

The surface is a mesh sampled from a grid (`grid[j][i]` = f at xs[i], ys[j], as a heat map's),
projected orthographically: turned by `azimuth` about the vertical axis, tilted by `elevation`
towards the viewer. A depth buffer at braille-dot resolution (2 × 4 dots per cell) is filled
with the mesh's triangles, so a mesh line or a path point behind a nearer part of the surface
is not drawn (a hidden part of the path is drawn dim instead). Mesh cells are coloured by
height with the heat map's scale, so both views read alike.

The mesh is the background (drawn again only when the data, the angle or the size change); the
path, the current point and the next step are the overlay, so a step of the run sends only the
few cells it changed (see `CellCanvas`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.style import Style

from tui_tutor.widgets.cell_canvas import Cell, CellCanvas
from tui_tutor.widgets.heat_map import colour

DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""Braille dot bits by (row 0-3, column 0-1) inside a cell."""
MESH = (6, 24)
"""The fewest and most mesh lines drawn in each direction."""
SPACING = 5
"""About how many dots apart the mesh lines are drawn (fewer lines on a small widget)."""
HEIGHT = 0.6
"""The height of the box the surface sits in, relative to its half-width."""
NEAR = 0.08
"""How far behind the depth buffer a dot may lie and still count as seen (the mesh is a coarse
sample: a point on the true surface can lie a little below it)."""
PATH_COLOUR = "#ff2a2a"


@dataclass(frozen=True, slots=True)
class SurfaceData:
    """A surface over a rectangle, and the path drawn on it."""

    grid: Sequence[Sequence[float]]
    """grid[j][i] = f(xs[i], ys[j]), j = 0 the lowest y (as `HeatMapData`)."""
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    title: str = ""
    x_label: str = "x"
    y_label: str = "y"
    path: tuple[tuple[float, float, float], ...] = ()
    """(x, y, f) of each point of the path; the last is the current point (●)."""
    arrow: tuple[tuple[float, float, float], tuple[float, float, float]] | None = None
    """The next step, from the current point to where it lands."""
    z_range: tuple[float, float] = field(default=(0.0, 0.0))
    """The heights the box spans ((0, 0): the grid's lowest and highest)."""

    def heights(self) -> tuple[float, float]:
        """The lowest and highest height of the box."""
        if self.z_range != (0.0, 0.0):
            return self.z_range
        values = [v for row in self.grid for v in row if math.isfinite(v)]
        return (min(values), max(values)) if values else (0.0, 1.0)

    def background_key(self, azimuth: float, elevation: float) -> tuple:
        """What the drawn mesh depends on (everything but the path)."""
        return (id(self.grid), self.x_range, self.y_range, self.title, self.x_label, self.y_label, self.z_range,
                azimuth, elevation)


class _Projection:
    """Data (x, y, f) → dot coordinates and depth, for one view angle and widget size."""

    def __init__(self, data: SurfaceData, width: int, height: int, azimuth: float, elevation: float) -> None:
        self.data = data
        self.top = 1 if data.title else 0
        self.dots_w, self.dots_h = 2 * width, 4 * (height - self.top)
        (self.x0, self.x1), (self.y0, self.y1) = data.x_range, data.y_range
        self.z0, self.z1 = data.heights()
        a, e = math.radians(azimuth), math.radians(elevation)
        self.ca, self.sa, self.ce, self.se = math.cos(a), math.sin(a), math.cos(e), math.sin(e)
        corners = [self._view(x, y, z) for x in (-1, 1) for y in (-1, 1) for z in (-HEIGHT, HEIGHT)]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        self.scale = min((self.dots_w - 2) / (max(xs) - min(xs)), (self.dots_h - 2) / (max(ys) - min(ys)))
        self.cx = (self.dots_w - 1) / 2 - self.scale * (max(xs) + min(xs)) / 2
        self.cy = (self.dots_h - 1) / 2 + self.scale * (max(ys) + min(ys)) / 2

    def _view(self, x: float, y: float, z: float) -> tuple[float, float, float]:
        """Box coordinates (each in [−1, 1], z in [−HEIGHT, HEIGHT]) → (right, up, depth)."""
        right = x * self.ca - y * self.sa
        into = x * self.sa + y * self.ca
        return right, z * self.ce + into * self.se, into * self.ce - z * self.se

    def box(self, x: float, y: float, z: float) -> tuple[float, float, float]:
        """Data → box coordinates."""
        bx = 2 * (x - self.x0) / (self.x1 - self.x0) - 1
        by = 2 * (y - self.y0) / (self.y1 - self.y0) - 1
        bz = (2 * (z - self.z0) / (self.z1 - self.z0) - 1) * HEIGHT if self.z1 > self.z0 else 0.0
        return bx, by, bz

    def dot(self, x: float, y: float, z: float) -> tuple[float, float, float]:
        """Data (x, y, f) → (dot column, dot row, depth); depth grows away from the viewer."""
        right, up, depth = self._view(*self.box(x, y, z))
        return self.cx + self.scale * right, self.cy - self.scale * up, depth


class SurfaceView(CellCanvas):
    """Draws a `SurfaceData` in 3D; `turn(degrees)` rotates it about the vertical axis."""

    DEFAULT_CSS = """
    SurfaceView { width: 1fr; height: 1fr; min-height: 6; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None, azimuth: float = -35.0,
                 elevation: float = 45.0) -> None:
        """Seen from `azimuth` degrees about the vertical and `elevation` degrees above the floor
        (high enough to see the bottom of a bowl over its near rim)."""
        super().__init__(id=id, classes=classes)
        self.data: SurfaceData | None = None
        self.azimuth, self.elevation = azimuth, elevation
        self._key: tuple | None = None
        self._projection: _Projection | None = None
        self._depth: dict[tuple[int, int], float] = {}

    def show(self, data: SurfaceData) -> None:
        """Draw `data` (a new surface or angle redraws the mesh; a new path only the overlay)."""
        self.data = data
        key = data.background_key(self.azimuth, self.elevation)
        if key != self._key:
            self._key = key
            self.invalidate()
        else:
            self.update_overlay()

    def turn(self, degrees: float) -> None:
        """Rotate the view about the vertical axis."""
        self.azimuth = (self.azimuth + degrees + 180) % 360 - 180
        if self.data is not None:
            self.show(self.data)

    # --- the mesh -------------------------------------------------------------------------

    def _mesh(self, p: _Projection) -> tuple[list[float], list[float], list[list[float]]]:
        """The grid sampled at n × n points, n from the widget's size: (xs, ys, heights[j][i])."""
        data = self.data
        rows, cols = len(data.grid), len(data.grid[0])
        n = min(max(round(min(p.dots_w, 2 * p.dots_h) / SPACING / 2), MESH[0]), MESH[1])
        (x0, x1), (y0, y1) = data.x_range, data.y_range
        xs = [x0 + (x1 - x0) * i / (n - 1) for i in range(n)]
        ys = [y0 + (y1 - y0) * j / (n - 1) for j in range(n)]
        heights = [[data.grid[round(j * (rows - 1) / (n - 1))][round(i * (cols - 1) / (n - 1))] for i in range(n)]
                   for j in range(n)]
        return xs, ys, heights

    def _fill(self, p: _Projection, triangle: Sequence[tuple[float, float, float]]) -> None:
        """Write a projected triangle's depth into the depth buffer (nearest wins)."""
        (ax, ay, az), (bx, by, bz), (cx, cy, cz) = triangle
        area = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay)
        if abs(area) < 1e-12:
            return
        depth = self._depth
        for y in range(max(0, math.ceil(min(ay, by, cy))), min(p.dots_h - 1, math.floor(max(ay, by, cy))) + 1):
            for x in range(max(0, math.ceil(min(ax, bx, cx))), min(p.dots_w - 1, math.floor(max(ax, bx, cx))) + 1):
                u = ((bx - x) * (cy - y) - (cx - x) * (by - y)) / area
                v = ((cx - x) * (ay - y) - (ax - x) * (cy - y)) / area
                w = 1 - u - v
                if u >= -1e-9 and v >= -1e-9 and w >= -1e-9:
                    d = u * az + v * bz + w * cz
                    if d < depth.get((x, y), math.inf):
                        depth[(x, y)] = d

    def _seen(self, x: float, y: float, d: float) -> bool:
        return d <= self._depth.get((round(x), round(y)), math.inf) + NEAR

    def draw_background(self, width: int, height: int) -> list[list[Cell]]:
        self._projection, self._depth = None, {}
        data = self.data
        if data is None or width < 8 or height < 4 or not data.grid or not data.grid[0]:
            return []
        p = self._projection = _Projection(data, width, height, self.azimuth, self.elevation)
        lo, hi = data.heights()
        xs, ys, heights = self._mesh(p)
        points = [[p.dot(x, y, min(max(heights[j][i], lo), hi)) for i, x in enumerate(xs)] for j, y in enumerate(ys)]
        n = len(xs)
        for j in range(n - 1):
            for i in range(n - 1):
                a, b, c, d = points[j][i], points[j][i + 1], points[j + 1][i + 1], points[j + 1][i]
                self._fill(p, (a, b, c))
                self._fill(p, (a, c, d))
        cells: dict[tuple[int, int], list] = {}  # (col, row) -> [bits, height sum, count]
        for j in range(n):
            for i in range(n):
                for di, dj in ((1, 0), (0, 1)):
                    if i + di < n and j + dj < n:
                        self._line(cells, points[j][i], points[j + dj][i + di], heights[j][i], heights[j + dj][i + di])
        rows: list[list[Cell]] = [[(" ", Style())] * width for _ in range(height)]
        no_color = self.app.no_color
        for (col, row), (bits, total, count) in cells.items():
            level = (total / count - lo) / (hi - lo) if hi > lo else 0.5
            rows[p.top + row][col] = (chr(0x2800 + bits), Style() if no_color else Style(color=colour(level)))
        if data.title:
            rows[0][: len(data.title[:width])] = [(c, Style(bold=True)) for c in data.title[:width]]
        self._labels(rows, p, width, height)
        return rows

    def _line(self, cells: dict, a: tuple[float, float, float], b: tuple[float, float, float], za: float,
              zb: float) -> None:
        """The seen dots of a mesh line, by cell, with the heights they carry."""
        steps = int(max(abs(b[0] - a[0]), abs(b[1] - a[1]))) + 1
        p = self._projection
        for k in range(steps + 1):
            t = k / steps
            x, y, d = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t
            dx, dy = round(x), round(y)
            if not (0 <= dx < p.dots_w and 0 <= dy < p.dots_h) or not self._seen(x, y, d):
                continue
            cell = cells.setdefault((dx // 2, dy // 4), [0, 0.0, 0])
            cell[0] |= DOTS[dy % 4][dx % 2]
            cell[1] += za + (zb - za) * t
            cell[2] += 1

    def _labels(self, rows: list[list[Cell]], p: _Projection, width: int, height: int) -> None:
        """The axis names at the middle of the two front edges of the floor."""
        data = self.data
        muted = Style(dim=True, bold=True)
        front_y = p.y0 if p.dot(p.x0, p.y0, p.z0)[2] + p.dot(p.x1, p.y0, p.z0)[2] < \
            p.dot(p.x0, p.y1, p.z0)[2] + p.dot(p.x1, p.y1, p.z0)[2] else p.y1
        front_x = p.x0 if p.dot(p.x0, p.y0, p.z0)[2] + p.dot(p.x0, p.y1, p.z0)[2] < \
            p.dot(p.x1, p.y0, p.z0)[2] + p.dot(p.x1, p.y1, p.z0)[2] else p.x1
        for label, (x, y) in ((data.x_label, ((p.x0 + p.x1) / 2, front_y)), (data.y_label, (front_x, (p.y0 + p.y1) / 2))):
            dx, dy, _ = p.dot(x, y, p.z0)
            col, row = int(dx) // 2, p.top + int(dy) // 4 + 1
            col = min(max(col, 0), width - len(label))
            if 0 <= row < height and label:
                rows[row][col: col + len(label)] = [(c, muted) for c in label]

    # --- the path ---------------------------------------------------------------------------

    def draw_overlay(self, width: int, height: int) -> dict[tuple[int, int], Cell]:
        p, data = self._projection, self.data
        if p is None or data is None or not data.path:
            return {}
        lo, hi = data.heights()
        seen, hidden = Style(color=PATH_COLOUR, bold=True), Style(color=PATH_COLOUR, dim=True)
        out: dict[tuple[int, int], Cell] = {}

        def place(point: tuple[float, float, float]) -> tuple[float, float, float] | None:
            x, y, z = point
            if not (p.x0 <= x <= p.x1 and p.y0 <= y <= p.y1 and math.isfinite(z)):
                return None
            return p.dot(x, y, min(max(z, lo), hi))

        placed = [place(point) for point in data.path]
        for a, b in zip(placed, placed[1:]):
            if a is not None and b is not None:
                self._path_line(out, a, b, seen, hidden)
        for point in placed[:-1]:
            if point is not None:
                self._mark(out, point, "•", seen, hidden)
        if data.arrow is not None:
            end = place(data.arrow[1])
            if end is not None:
                self._mark(out, end, "○", seen, hidden)
        if placed[-1] is not None:
            self._mark(out, placed[-1], "●", seen, hidden)
        return out

    def _mark(self, out: dict, point: tuple[float, float, float], char: str, seen: Style, hidden: Style) -> None:
        p = self._projection
        x, y, d = point
        col, row = int(round(x)) // 2, p.top + int(round(y)) // 4
        out[(col, row)] = (char, seen if self._seen(x, y, d) else hidden)

    def _path_line(self, out: dict, a: tuple[float, float, float], b: tuple[float, float, float], seen: Style,
                   hidden: Style) -> None:
        p = self._projection
        bits: dict[tuple[int, int], list] = {}
        steps = int(max(abs(b[0] - a[0]), abs(b[1] - a[1]))) + 1
        for k in range(steps + 1):
            t = k / steps
            x, y, d = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t
            dx, dy = round(x), round(y)
            if 0 <= dx < p.dots_w and 0 <= dy < p.dots_h:
                cell = bits.setdefault((dx // 2, p.top + dy // 4), [0, False])
                cell[0] |= DOTS[dy % 4][dx % 2]
                cell[1] |= self._seen(x, y, d)
        for key, (b_, visible) in bits.items():
            out[key] = (chr(0x2800 + b_), seen if visible else hidden)
