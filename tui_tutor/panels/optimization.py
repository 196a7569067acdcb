"""Lesson `optimization`: gradient descent, random search and a genetic algorithm race to
θ* = argmin_θ L(θ) on one loss; best loss so far against evaluations, and the evaluations
each needed to reach the threshold."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import fmt
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.training_runner import TrainingRunner

METHODS = ("gradient descent", "random search", "genetic algorithm")
"""The methods in the order `search.compare` runs them (a test checks it)."""
STYLE = {"gradient descent": ("red", "braille", "⠒"), "random search": ("blue", "dot", "•"),
         "genetic algorithm": ("green", "hd", "▞")}
"""Each method's colour, plotext marker and the key drawn for it in the table (no legend:
plotext puts it top left, just where the curves start; the markers tell the curves apart
without colour too)."""
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
    OptimizationPanel #opt-plot { margin-left: 1; }
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
            yield PlotPanel(id="opt-plot")
        yield TrainingRunner(id="opt-progress", on_finished=self.finished)

    def on_mount(self) -> None:
        self.action_run()

    # --- keys and edits ----------------------------------------------------------------

    @on(ParamEditor.Changed, "#opt-editor")
    def _edited(self, event: ParamEditor.Changed) -> None:
        self.edited(event.values)

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
        stopped = any(run.status.startswith("stopped") for run in comparison.runs)
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
                 fmt(run.best[-1]) if run.best else "–") for run, count in zip(self.result.runs, counts, strict=True)]
        self.query_one("#opt-counts", NumberTable).show_rows(
            ("method", f"to L ≤ {threshold:g}", "best L"), rows, highlight=FOCUS.get(self.view), labels=1)
        self.query_one("#opt-notes", Readout).show(self._notes(counts))
        focus = FOCUS.get(self.view, 0)
        count = counts[focus]
        self.headline = Headline(f"{METHODS[focus]}: evaluations to L ≤ {threshold:g} =", (count,))
        self.call_after_refresh(self._plot, counts)

    @staticmethod
    def _key(method: str) -> str:
        colour, _, glyph = STYLE[method]
        return f"[{colour}]{glyph}[/] {method}"

    def _notes(self, counts) -> str:
        minimum, (a, b) = self.best
        focus = FOCUS.get(self.view)
        if focus is not None:
            run = self.result.runs[focus]
            found = f"θ = ({fmt(run.theta[0])}, {fmt(run.theta[1])})" if run.theta else "nothing evaluated"
            status = f"used all {len(run.losses)} evaluations" if run.status == "ok" else run.status
            return f"[b]{run.method}[/b]: {run.counting}.\n{status}; best {found}"
        threshold = self.values["threshold"]
        fewest = min((count for count in counts if count is not None), default=None)
        if fewest is None:
            verdict = f"Nobody reaches L ≤ {threshold:g} within n."
        else:
            first = " and ".join(run.method for run, count in zip(self.result.runs, counts, strict=True) if count == fewest)
            each = " each" if " and " in first else ""
            verdict = f"First to L ≤ {threshold:g}: [b]{first}[/b] ({fewest} evaluations{each})."
        return f"θ* = ({fmt(a)}, {fmt(b)}), L(θ*) = {fmt(minimum)}\n{verdict}"

    def _plot(self, counts) -> None:
        threshold = self.values["threshold"]
        series = [Series(tuple(range(1, len(run.best) + 1)), run.best, color=STYLE[run.method][0],
                         marker=STYLE[run.method][1]) for run in self.result.runs]
        series += [Series((float(count),), (run.best[count - 1],), color=STYLE[run.method][0], points=True, marker="●")
                   for run, count in zip(self.result.runs, counts, strict=True) if count is not None]
        self.query_one("#opt-plot", PlotPanel).spec = PlotSpec(
            series=tuple(series), title="best L so far", xlabel="evaluations", hlines=(threshold,),
            xlim=(1.0, float(max(self.values["budget"], 2))), xlog=True, ylog=True)

    def pytorch_source(self) -> str | None:
        from tui_tutor.compute import search

        return search.pytorch_source(self.values["threshold"], self.run_seed, self.values["budget"])


PANEL = OptimizationPanel
