"""What the two gradient-descent lessons share: parameters, keys, the stepper, the pseudocode.

Lessons `gradient-descent` (one parameter) and `gradient-descent-3d` (two) both run
wₜ₊₁ = wₜ − η ∇f(wₜ) one iteration at a time. `DescentPanel` holds everything they share:
the editor for `function`, `w0` and `lr`; the `Stepper` (history, play loop, status line);
the keys; the pseudocode with the executing line highlighted; the lecture's step keys in the
run view; the plot of f(wₜ) against t; and "show the PyTorch". A subclass composes its parts
(using `editor`, `stepper` and `code` from here) and draws them in `draw_numbers` (within the
keystroke) and `draw_plots` (a moment later, so the numbers reach the screen first).

How each function is written (formula, gradient, the PyTorch line of the exported script)
and what its η presets do in words come from the lesson (`[[data.functions]]`,
`[[data.presets]]`); the numbers from `compute.functions` and `compute.descent`.

Two views: "intro" shows the run as it is, and the step keys move the lecture. In "run" a
clicker gets one press per idea: → plays the run (once, from t = 0) and the next → moves on;
← goes back to t = 0, then to the step before. The stepper's own keys take one iteration
each (`.` forward, `,` back), Home and End jump to t = 0 and to the end. Arriving at a "run"
step going forward starts its run again from w₀.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.binding import Binding

from tui_tutor.content.code import fill, literal
from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import given, subscript
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.live_plot import LivePlot, PlotFrame, Trace, grown
from tui_tutor.widgets.live_text import LiveText
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.stepper import LIMIT, Stepper
from tui_tutor.words import descent as words

TALL = 20
"""From this many rows on the panel shows everything (the side-by-side layout)."""
PLOT_DELAY = 0.008
"""Seconds between the numbers and the plots of a step: the event loop goes idle in between, so
the frame with the numbers is written at once (the terminal writer is a thread: it waits for
the GIL while the loop is busy)."""


def page(history: list, capacity: int) -> list:
    """The iterations a table of `capacity` rows shows: rows stay where they are while the table
    fills, then it moves on by half a table at once (fewer changed lines than scrolling by one)."""
    capacity = max(capacity, 1)
    if len(history) <= capacity:
        return history
    step = (capacity + 1) // 2
    start = -(-(len(history) - capacity) // step) * step
    return history[start:]


NO_STEP, STOPPED = "—", "stop"
"""The η∇f(wₜ) and wₜ₊₁ cells of a row that met the stopping rule: the loop ends there."""


def room_for(widths: Sequence[int], index: int, need: int, gives: Sequence[tuple[int, int]]) -> tuple[int, ...]:
    """Column widths with column `index` at least `need` wide, the room taken from the columns in
    `gives` ((column, narrowest), in order) while they have some to spare; the table stays as wide."""
    widths = list(widths)
    for column, narrowest in gives:
        short = need - widths[index]
        if short <= 0:
            break
        taken = min(short, max(widths[column] - narrowest, 0))
        widths[column] -= taken
        widths[index] += taken
    return tuple(widths)


def plain(values: tuple[float, ...]) -> str:
    """w₀ as given: 4 or (−3.5, 1.5)."""
    parts = [given(v) for v in values]
    return parts[0] if len(parts) == 1 else "(" + ", ".join(parts) + ")"


def export_source(lesson, template: str, function: str, w0: tuple[float, ...], lr: float, steps: int) -> str | None:
    """The lesson's code template `template` filled for a run: `steps` steps of torch.optim.SGD on
    `function` from `w0` with η = `lr`, printing every wₜ (None where the lesson writes no code for f)."""
    row = next((r for r in lesson.data.get("functions", ()) if r.get("name") == function), None)
    if row is None or template not in lesson.code:
        return None
    return fill(lesson.code[template], w0=literal(w0[0] if len(w0) == 1 else list(w0)), lr=literal(lr),
                steps=str(steps), code=row["code"], formula=row["formula"])


def padded(lo: float, hi: float, margin: float = 0.06) -> tuple[float, float]:
    """An axis range around [lo, hi] with a little room at both ends."""
    span = hi - lo if hi > lo else max(abs(hi), 1.0)
    return lo - margin * span, hi + margin * span


@dataclass(frozen=True, slots=True)
class Written:
    """How the lesson writes a function (its `[[data.functions]]` row)."""

    formula: str
    gradient: str
    code: str
    """f as a PyTorch expression in w (1-D) or u, v (2-D), for the exported script ("" if none)."""


@dataclass(frozen=True, slots=True)
class Scene:
    """What a run is drawn on: its function, the curve (1-D) or grid (2-D), and the range of f."""

    objective: Any
    """`functions.Objective`."""
    curve: Any
    """`neuron.Curve` of f over the plotting range (1-D), else None."""
    grid: Any
    """`functions.Grid` of f (2-D), else None."""
    f_range: tuple[float, float]
    tol: float


def make_scene(function: str) -> Scene:
    """The function's curve or grid and the convergence tolerance (once per function)."""
    from tui_tutor.compute import descent, functions

    objective = functions.get(function)
    if objective.dims == 1:
        curve = functions.curve(function)
        return Scene(objective, curve, None, (min(curve.ys), max(curve.ys)), descent.TOL)
    grid = functions.grid(function, 160, 100)
    return Scene(objective, None, grid, (grid.lowest, grid.highest), descent.TOL)


class DescentPanel(LessonPanel):
    """Runs gradient descent on the lesson's `function` from `w0` with η = `lr`, step by step."""

    BINDINGS = [
        Binding("space", "play", "play", key_display="space", tooltip="play or pause the run"),
        Binding("full_stop,i", "forward", "step", key_display=".",
                tooltip="one iteration (i too, for when . blanks a projector; , or u undoes one)"),
        Binding("comma,u", "back", "undo one iteration", key_display=",", show=False),
        Binding("r", "reset", "reset", show=False),
        Binding("plus,equals_sign", "speed(1)", "play faster", key_display="+", show=False),
        Binding("minus", "speed(-1)", "play slower", key_display="-", show=False),
        Binding("l", "next_rate", "η presets"),
        Binding("d", "default_run", "default run", show=False,
                tooltip="back to the lesson's own function, w₀ and η (the run its text describes)"),
        Binding("f", "next_function", "next function", show=False),
    ]
    EXPORT = ""
    """The code template (`lessons/code/NAME.py`) this panel fills for "show the PyTorch"."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.scene: Scene | None = None
        self._scenes: dict[str, Scene] = {}
        self._values: dict[str, ParamValue] | None = None
        self._plots_due = False
        self._ready = False
        self._loss_frame: PlotFrame | None = None
        self.editor = ParamEditor(self.lesson.params, self.initial_values, id="gd-editor")
        self.stepper = Stepper(self._on_change, id="gd-status")
        self.code = LiveText(id="gd-code")

    def on_mount(self) -> None:
        self.watch(self.editor, "values", self._values_changed, init=False)
        self._values_changed(self.editor.values)
        self._ready = True

    def presenting_changed(self) -> None:
        self._on_change()

    # --- the lesson's words for its functions ------------------------------------------------

    def written(self, function: str) -> Written:
        """How the lesson writes `function` (its name alone where the lesson has no row for it)."""
        row = next((r for r in self.lesson.data.get("functions", ()) if r.get("name") == function), {})
        return Written(row.get("formula", function), row.get("gradient", ""), row.get("code", ""))

    def preset_note(self, function: str, preset: str) -> str:
        """The lesson's words for what `preset` does on `function` ("" if it has none)."""
        rows = self.lesson.data.get("presets", ())
        return next((r["note"] for r in rows if r.get("function") == function and r.get("name") == preset), "")

    # --- parameters -> a run ----------------------------------------------------------------

    def _values_changed(self, values: dict[str, ParamValue]) -> None:
        scene = self._scenes.get(str(values["function"]))
        if scene is not None:
            self._apply(values, scene)
        else:
            compute_quick(self, make_scene, values["function"], then=lambda s: self._scene_ready(values, s))

    def _scene_ready(self, values: dict[str, ParamValue], scene: Scene) -> None:
        self._scenes[scene.objective.name] = scene
        if values == self.editor.values:
            self._apply(values, scene)

    def _function_defaults(self, objective) -> dict[str, ParamValue]:
        """w₀ and the η of the preset `objective` starts from, as the editor holds them."""
        w0 = objective.w0[0] if objective.dims == 1 else tuple(objective.w0)
        return {"w0": w0, "lr": objective.preset(objective.start).lr}

    def _defaults_due(self, previous: dict[str, ParamValue] | None, values: dict[str, ParamValue],
                      objective) -> dict[str, ParamValue]:
        """A newly picked function starts from its own w₀ and η (unless --set, a scenario or a step
        coming back gave them)."""
        if previous is None:
            if values["function"] == self.lesson.param("function").default:
                return {}
            keep = {k for k, v in self.initial_values.items() if v != self.lesson.param(k).default}
        elif all(previous[k] == values[k] for k in values if k != "function") and previous["function"] != values["function"]:
            keep = set()
        else:
            return {}
        return {k: v for k, v in self._function_defaults(objective).items() if k not in keep and values[k] != v}

    def _apply(self, values: dict[str, ParamValue], scene: Scene) -> None:
        previous, self._values = self._values, values
        objective = scene.objective
        defaults = self._defaults_due(previous, values, objective)
        if defaults:
            values = self._values = {**values, **defaults}
            self.editor.set_values(defaults)  # usually comes back here at once with the new values
            if self._values is not values:
                return  # it did: the run has started from them
        self.scene = scene
        self._loss_frame = None
        w0 = values["w0"]
        w0 = (w0,) if isinstance(w0, float | int) else tuple(w0)
        self.stepper.start(objective.name, w0, float(values["lr"]), objective.steps, self._intro(w0, values["lr"], objective))

    def _intro(self, w0: tuple[float, ...], lr: ParamValue, objective) -> str:
        """What η is expected to do from the function's own w₀, when it is one of its presets."""
        for preset in objective.presets:
            if w0 == tuple(objective.w0) and lr == preset.lr:
                return words.preset(preset.lr, preset.name, self.preset_note(objective.name, preset.name))
        return ""

    # --- drawing ------------------------------------------------------------------------------

    def _on_change(self) -> None:
        """The stepper changed: numbers now, plots a moment later."""
        if self.scene is None or not self.is_mounted:
            return
        self.code.show(self.pseudocode())
        self.draw_numbers()
        if getattr(self.app, "presenting", False):  # the large number costs a relayout: only when shown
            here = self.stepper.here
            self.headline = None if here is None or here.f is None else Headline(
                f"f(w{subscript(self.stepper.t)}) =", (here.f,))
        elif self.headline is not None:
            self.headline = None
        if not self._plots_due:
            self._plots_due = True
            if self.stepper.t or self.stepper.playing:
                self.set_timer(PLOT_DELAY, self._draw_plots)
            else:  # a new run: no keystroke is waiting for its numbers
                self.call_after_refresh(self._draw_plots)

    def _draw_plots(self) -> None:
        self._plots_due = False
        if self.scene is not None:
            self.draw_plots()

    def draw_numbers(self) -> None:
        """Show the numbers of the current state (subclasses)."""

    def draw_plots(self) -> None:
        """Show the plots of the current state (subclasses)."""

    def draw_losses(self, plot: LivePlot) -> None:
        """f(wₜ) against t. The axes hold still while the run stays inside them and grow (the t
        axis by doubling, f by half its range again) when it leaves, so a diverging run is seen
        diverging."""
        s, scene = self.stepper, self.scene
        points = [(it.t, it.f) for it in s.history if it.f is not None]
        if s.preview is not None and s.preview.f is not None:
            points.append((s.t, s.preview.f))
        fs = [f for _, f in points]
        frame = self._loss_frame
        if frame is None:
            first = fs[0] if fs else scene.f_range[1]
            lo = scene.f_range[0]
            frame = PlotFrame((0, s.budget), padded(lo, max(first, lo)), title="f(wₜ) against t", xlabel="t",
                              whole_x=True)
        xlim = grown(frame.xlim, (0, s.t), double=True)
        ylim = grown(frame.ylim, (min(fs), max(fs))) if fs else frame.ylim
        if (xlim, ylim) != (frame.xlim, frame.ylim):
            frame = PlotFrame(xlim, ylim, title=frame.title, xlabel=frame.xlabel, whole_x=True)
        self._loss_frame = frame
        ts, ys = tuple(float(t) for t, _ in points), tuple(fs)
        overlay = [Trace(ts, ys, "primary")] + ([Trace(ts[-1:], ys[-1:], "error", "●")] if points else [])
        plot.show(frame, overlay)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height >= TALL, "-tall")
        self.stepper.show(self.stepper.status())
        self._on_change()

    def pseudocode(self) -> Text:
        """The lecture's pseudocode with the line being executed highlighted."""
        s, scene = self.stepper, self.scene
        t = s.t
        line = 0 if t == 0 else 1 if s.over else 2
        if s.over:
            repeat = f"Repeat until convergence: {words.STOP_WORDS.get(s.verdict, f'stopped at {LIMIT}')}"
        else:
            repeat = f"Repeat until convergence (|∇f| < {given(scene.tol)}):"
        update = f"w{subscript(t)} = w{subscript(t - 1)} − η∇f(w{subscript(t - 1)})" if t else "wₜ₊₁ = wₜ − η∇f(wₜ)"
        rows = (f"Pick w₀ = {plain(s.w0)} and η = {given(s.lr)}", repeat, f"    {update}")
        text = Text(no_wrap=True, overflow="ellipsis")
        for i, row in enumerate(rows):
            here = i == line
            text.append(("▶ " if here else "  ") + row, style="reverse bold" if here else "")
            if i < len(rows) - 1:
                text.append("\n")
        return text

    # --- keys -----------------------------------------------------------------------------

    def action_play(self) -> None:
        self.stepper.toggle_play()

    def action_forward(self) -> None:
        self.stepper.pause()
        if not self.stepper.forward():
            self.app.bell()

    def action_back(self) -> None:
        self.stepper.pause()
        if not self.stepper.back():
            self.app.bell()

    def action_reset(self) -> None:
        self.stepper.reset()

    def action_speed(self, delta: int) -> None:
        self.stepper.change_speed(delta)

    def action_next_rate(self) -> None:
        """The function's next η preset ("too small", "about right", ...), from its own w₀."""
        if self.scene is None:
            return
        objective = self.scene.objective
        rates = [p.lr for p in objective.presets]
        lr = self.stepper.lr
        preset = objective.presets[(rates.index(lr) + 1) % len(rates) if lr in rates else 0]
        self.editor.set_values({**self._function_defaults(objective), "lr": preset.lr})
        note = self.preset_note(objective.name, preset.name)
        self.notify(f"η = {given(preset.lr)}, “{preset.name}” from the function's own w₀ = {plain(objective.w0)}"
                    + (f": {note}" if note else ""), timeout=4)

    def action_default_run(self) -> None:
        """The lesson's own function, w₀ and η: the run its text describes."""
        function, w0, lr = (self.lesson.param(name).default for name in ("function", "w0", "lr"))
        self.editor.set_values({"function": function, "w0": w0, "lr": lr})
        start = plain(w0 if isinstance(w0, tuple) else (w0,))
        self.notify(f"The lesson's default run: {function} from w₀ = {start} with η = {given(lr)}", timeout=3)

    def action_next_function(self) -> None:
        choices = self.lesson.param("function").choices
        current = str(self.editor.values["function"])
        self.editor.set_values({"function": choices[(choices.index(current) + 1) % len(choices)]})

    # --- the lecture's steps ----------------------------------------------------------------

    def step_forward(self) -> bool:
        """In the run: the first press plays it (from t = 0); the next one moves the lecture on."""
        s = self.stepper
        if self.view != "run" or self.scene is None or s.playing or s.t or s.over:
            s.pause()
            return False
        s.toggle_play()
        return True

    def step_back(self) -> bool:
        """In the run: back to t = 0 first (undoing the play), then to the step before."""
        if self.view != "run" or self.stepper.t == 0:
            self.stepper.pause()
            return False
        self.stepper.reset()
        return True

    def step_home(self) -> bool:
        """Home in the run: back to t = 0."""
        return self.step_back()

    def step_end(self) -> bool:
        """End in the run: iterate to the end of the run (or its budget)."""
        s = self.stepper
        if self.view != "run" or self.scene is None or s.over or s.t >= s.budget:
            return False
        s.pause()
        s.run_to(s.budget)
        return True

    def watch_view(self, view: str) -> None:
        if view == "run" and not self.backwards and self._ready:
            self.stepper.reset()

    def pytorch_source(self) -> str | None:
        s = self.stepper
        if not s.function:
            return None
        return export_source(self.lesson, self.EXPORT, s.function, s.w0, s.lr, s.t or s.budget)
