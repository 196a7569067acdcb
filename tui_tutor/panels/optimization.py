"""Lesson `optimization`: gradient descent, random search and a genetic algorithm race to
θ* = argmin_θ L(θ) on one loss; best loss so far against evaluations, and the evaluations
each needed to reach the threshold.

The plot is log-log, one colour and one marker per method (the table beside it is the legend).
In a view about one method its curve is drawn with its markers and the others faint, so the
three never merge into one smudge at 80×24; in the race view all three carry their markers.
"""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from tui_tutor.content.code import fill, literal
from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import given, number, vector
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.widgets.live_plot import LivePlot, PlotFrame, Trace
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.training_runner import TrainingRunner
from tui_tutor.words import search as words

METHODS = ("gradient descent", "random search", "genetic algorithm")
"""The methods in the order `search.compare` runs them (a test checks it)."""
STYLE = {"gradient descent": ("red", "error", "●"), "random search": ("blue", "primary", "▲"),
         "genetic algorithm": ("green", "success", "◆")}
"""Each method's colour in the table, its `LivePlot` colour and its marker (the same glyph in
the table's key, so the table is the legend; the markers tell the curves apart without colour)."""
MARKS = 7
"""About how many markers each curve carries (spread evenly on the log axis)."""
FOCUS = {"gradient-descent": 0, "random-search": 1, "genetic-algorithm": 2}
"""The views about one method, and that method's row (marked); view "race" is about all three."""


def race(threshold: float, seed: int, budget: int, on_progress=None, should_stop=None):
    """The three methods on the same loss (`search.compare`), and the least-squares θ*."""
    from tui_tutor.compute import search

    result = search.compare(threshold, seed, budget, on_progress=on_progress, should_stop=should_stop)
    return result, search.minimum()


def method_at(step: int, total: int) -> str:
    """Which method `compare` is running at progress step `step` of `total` (3 equal parts)."""
    return METHODS[min(2, max(0, (step - 1) * 3 // max(total, 1)))]


class OptimizationPanel(LessonPanel):
    """Editor, counts and notes on the left; the best-so-far curves on the right; progress below."""

    BINDINGS = [
        Binding("r", "run", "rerun"),
        Binding("s", "stop", "stop"),
        Binding("plus", "seed(1)", "seed", key_display="+/−",
                tooltip="next / previous seed: all three methods run again"),
        Binding("minus", "seed(-1)", "", show=False),  # listed with + above
    ]

    DEFAULT_CSS = """
    OptimizationPanel { height: 14; }
    OptimizationPanel #opt-top { height: 1fr; }
    OptimizationPanel #opt-left { width: 40; }
    OptimizationPanel ParamEditor { grid-columns: 5 9 1fr; }
    OptimizationPanel #opt-counts { height: 4; }
    OptimizationPanel #opt-notes { height: 1fr; }
    OptimizationPanel #opt-plot { margin-left: 1; height: 1fr; }
    OptimizationPanel #opt-progress { height: 1; }
    """

    def compose(self) -> ComposeResult:
        self.values = dict(self.initial_values)
        self.run_seed = self.seed
        self.result = self.best = None
        with Horizontal(id="opt-top"):
            with Vertical(id="opt-left"):
                yield ParamEditor(self.lesson.params, self.values, id="opt-editor")
                yield NumberTable("starting …", id="opt-counts")
                yield Readout(id="opt-notes")
            yield LivePlot(id="opt-plot")
        yield TrainingRunner(id="opt-progress", on_finished=self.finished)

    def on_mount(self) -> None:
        self.watch(self.query_one("#opt-editor", ParamEditor), "values", self.edited, init=False)
        self.action_run()

    # --- keys and edits ----------------------------------------------------------------

    def edited(self, values: dict[str, ParamValue]) -> None:
        """A new threshold recounts the finished runs at once; a new budget runs the race again."""
        budget_changed = values["budget"] != self.values["budget"]
        self.values = dict(values)
        if budget_changed:
            self.action_run()
        else:
            self.show()

    def action_run(self) -> None:
        """Run the race in a thread worker, with progress; a newer run supersedes a running one."""
        v = self.values
        self.query_one(TrainingRunner).run(
            method_at, race, self._describe, threshold=v["threshold"], seed=self.run_seed, budget=v["budget"])

    def action_stop(self) -> None:
        if not self.query_one(TrainingRunner).stop():
            self.notify("Nothing is running: r runs the race again.", timeout=3)

    def action_seed(self, delta: int) -> None:
        self.run_seed = max(0, self.run_seed + delta)
        self.action_run()

    def _describe(self, result) -> str:
        comparison, _ = result
        stopped = any(run.status == "stopped" for run in comparison.runs)
        said = "stopped: the runs so far are shown" if stopped else "done"
        return f"{said} · seed {self.run_seed} · r: run again · +/−: another seed"

    def finished(self, result) -> None:
        self.result, self.best = result
        self.show()

    def watch_view(self) -> None:
        self.show()

    # --- what is shown -----------------------------------------------------------------

    def counts(self) -> tuple[int | None, ...]:
        """Evaluations each run needed to reach the current threshold (None: not within n)."""
        return tuple(run.evaluations_to_reach(self.values["threshold"]) for run in self.result.runs)

    def show(self) -> None:
        if self.result is None:
            return
        threshold, counts = self.values["threshold"], self.counts()
        rows = [(self._key(run.method), str(count) if count is not None else f"not in {len(run.best)}",
                 number(run.best[-1], 3) if run.best else "–") for run, count in zip(self.result.runs, counts, strict=True)]
        self.query_one("#opt-counts", NumberTable).show_rows(
            ("method", f"to L ≤ {given(threshold)}", "best L"), rows, highlight=FOCUS.get(self.view), labels=1)
        self.query_one("#opt-notes", Readout).show(self._notes(counts))
        focus = FOCUS.get(self.view, 0)
        count = counts[focus]
        self.headline = (Headline(f"{METHODS[focus]}: evaluations to L ≤ {given(threshold)} =", (count,))
                         if count is not None else
                         Headline(f"{METHODS[focus]}: L ≤ {given(threshold)} not reached in n =", (self.values["budget"],)))
        self.call_after_refresh(self._plot, counts)

    @staticmethod
    def _key(method: str) -> str:
        colour, _, glyph = STYLE[method]
        return f"[{colour}]{glyph}[/] {method}"

    def _notes(self, counts) -> str:
        from tui_tutor.compute import search  # loaded: the race came from it

        minimum, theta_star = self.best
        focus = FOCUS.get(self.view)
        if focus is not None:
            run = self.result.runs[focus]
            found = f"θ = {vector(run.theta)}" if run.theta else "nothing evaluated"
            how = words.counting(run.method, search.POPULATION, search.POPULATION - search.ELITES)
            return f"[b]{run.method}[/b]: {how}.\n{words.ending(run)}; best {found}"
        verdict = words.first(METHODS, counts, self.values["threshold"])
        return f"θ* = {vector(theta_star)}, L(θ*) = {number(minimum)}\n{verdict}"

    def _plot(self, counts) -> None:
        """Best L so far against evaluations, log-log: the focused method bright with its markers,
        the others faint (in the race view all three bright), the threshold as a dotted line."""
        runs, threshold = self.result.runs, self.values["threshold"]
        budget = float(max(self.values["budget"], 2))
        lows = [min(run.best) for run in runs if run.best] + [threshold, self.best[0]]
        highs = [max(run.best) for run in runs if run.best] + [threshold]
        lo, hi = max(min(lows), 1e-12) / 1.5, max(highs) * 1.5
        focus = FOCUS.get(self.view)
        background = [Trace((1.0, budget), (threshold, threshold), "muted")]
        overlay = []
        for k, run in enumerate(runs):
            xs, ys = _steps(run.best)
            _, colour, glyph = STYLE[run.method]
            if focus is not None and k != focus:
                background.append(Trace(xs, ys, "muted"))
                continue
            overlay.append(Trace(xs, ys, colour))
            overlay.append(Trace(*_marks(run.best, budget, k), colour, glyph))
            if counts[k] is not None:
                overlay.append(Trace((float(counts[k]),), (run.best[counts[k] - 1],), colour, "✚"))
        frame = PlotFrame((1.0, budget), (lo, hi), title=f"best L vs evaluations (┈ L ≤ {given(threshold)})",
                          background=tuple(background), xlog=True, ylog=True)
        self.query_one("#opt-plot", LivePlot).show(frame, overlay)

    def pytorch_source(self) -> str | None:
        return export_source(self.lesson, self.values["threshold"], self.run_seed, self.values["budget"])


def export_source(lesson, threshold: float, seed: int, budget: int) -> str:
    """The lesson's code template `search` filled: the race of `search.compare(threshold, seed, budget)`
    in plain PyTorch, printing each method's evaluations to the threshold and its best loss."""
    from tui_tutor.compute import search

    lo, hi = search.BOX
    return fill(lesson.code["search"], x=literal(list(search.DATA_X)), y=literal(list(search.DATA_Y)),
                budget=literal(int(budget)), threshold=literal(float(threshold)), seed=literal(int(seed)),
                lo=literal(lo), hi=literal(hi), span=literal(hi - lo), theta0=literal(list(search.THETA0)),
                lr=literal(search.LR), grad_tol=literal(search.GRAD_TOL), elites=literal(search.ELITES),
                population=literal(search.POPULATION), children=literal(search.POPULATION - search.ELITES),
                mutation=literal(search.MUTATION))


def _steps(best: tuple[float, ...]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The best-so-far curve as the points where it changes (and its last), evaluations from 1."""
    xs, ys = [], []
    for k, value in enumerate(best):
        if not ys or value != ys[-1] or k == len(best) - 1:
            if ys and value != ys[-1]:
                xs.append(float(k + 1))
                ys.append(ys[-1])  # the level it held until here: a staircase
            xs.append(float(k + 1))
            ys.append(value)
    return tuple(xs), tuple(ys)


def _marks(best: tuple[float, ...], budget: float, k: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Marker positions along a curve, evenly spread on the log axis (staggered by method `k`,
    so the markers of curves that run together do not hide each other)."""
    top = math.log10(min(len(best), budget)) if best else 0.0
    spots = sorted({round(10 ** (top * (i + (k + 1) / 4) / MARKS)) for i in range(MARKS)})
    spots = [n for n in spots if 1 <= n <= len(best)]
    return tuple(float(n) for n in spots), tuple(best[n - 1] for n in spots)


PANEL = OptimizationPanel
