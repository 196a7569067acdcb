"""Lesson `backpropagation`: the graph x, w, b → z → ŷ → L, stepped node by node.

The lecture's step keys walk the forward pass (each node's value) and then the backward
pass (each local derivative and the chain rule with its numbers); then `loss.backward()`'s
gradients beside the hand ones; then the same for a two-layer network; then the step
function, whose zero gradient leaves w where it is. The lesson's sections say which graph
and which pass (its view, `VIEWS`); the numbers all come from `tui_tutor.compute.backprop`.
"""

from __future__ import annotations

from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.worker import get_current_worker

from tui_tutor.content.model import ParamValue
from tui_tutor.panels import backpropagation_views as views
from tui_tutor.panels.backpropagation_views import Stage
from tui_tutor.panels.base import LessonPanel
from tui_tutor.safety import post_while_live
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.equations import Equations
from tui_tutor.widgets.graph_view import GraphView
from tui_tutor.widgets.param_editor import ParamEditor, ParamField

VIEWS = ("neuron-overview", "neuron-forward", "neuron-backward", "neuron-compare",
         "two-forward", "two-backward", "two-compare", "trap-descent")
"""The panel's views, each "GRAPH-PASS": which graph is drawn and which pass is stepped."""
EDITED = {
    "neuron": ("x", "w", "b", "y", "activation"),
    "two": ("x", "W1_1", "W1_2", "b1", "w2", "b2", "y", "activation"),
    "trap": ("x", "w", "b", "y", "eta"),
}
"""The parameters each graph uses (and its editor shows); shared ones are kept in step."""
TRAP_STEPS = 5


def run(mode: str, v: dict[str, ParamValue]):
    """The forward and backward pass of graph `mode` (the trap: the step neuron and its descent)."""
    from tui_tutor.compute import backprop

    if mode == "neuron":
        return backprop.neuron(v["x"], v["w"], v["b"], v["y"], v["activation"])
    if mode == "two":
        return backprop.two_layer(v["x"], (v["W1_1"], v["W1_2"]), v["b1"], v["w2"], v["b2"], v["y"], v["activation"])
    return (backprop.neuron(v["x"], v["w"], v["b"], v["y"], "step"),
            backprop.step_trap(v["x"], v["w"], v["b"], v["y"], lr=v["eta"], steps=TRAP_STEPS))


class BackpropagationPanel(LessonPanel):
    """The graph on top; the worked equations and the editor of the graph's inputs below."""

    SCOPED_CSS = False  # the wide rules start at the screen
    DEFAULT_CSS = """
    BackpropagationPanel { height: 15; }
    BackpropagationPanel #bp-band { height: 1fr; }
    BackpropagationPanel #bp-detail { width: 1fr; height: 1fr; padding-right: 2; }
    BackpropagationPanel #bp-editors { width: 34; height: 1fr; scrollbar-size-vertical: 1; }
    BackpropagationPanel ParamEditor { grid-columns: 3 14 1fr; }
    BackpropagationPanel #bp-edit-two { grid-columns: 6 14 1fr; }
    BackpropagationPanel ParamEditor.-other { display: none; }
    BackpropagationPanel.-compare #bp-graph { display: none; }
    .-wide BackpropagationPanel.-compare #bp-graph { display: block; }
    .-wide BackpropagationPanel #bp-graph { margin-bottom: 1; }
    .-wide BackpropagationPanel #bp-editors { width: 56; }
    """
    BINDINGS = [
        Binding("r", "restart", "restart this pass", show=False),
        Binding("a", "reveal_all", "all steps"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stage = Stage(*VIEWS[0].split("-", 1))
        self.inputs = {mode: {name: self.initial_values[name] for name in names} for mode, names in EDITED.items()}
        self.results: dict[str, object] = dict.fromkeys(EDITED)
        self._to_end = False
        self._ready = False

    def compose(self) -> ComposeResult:
        yield GraphView(id="bp-graph")
        with Horizontal(id="bp-band"):
            yield Equations("computing …", id="bp-detail")
            with VerticalScroll(id="bp-editors", can_focus=False):
                for mode, names in EDITED.items():
                    params = tuple(p for p in self.lesson.params if p.name in names)
                    yield ParamEditor(params, self.inputs[mode], id=f"bp-edit-{mode}")

    def on_mount(self) -> None:
        self._ready = True
        if self.view:
            self.enter(self.view, backwards=self.backwards)

    @on(ParamEditor.Changed)
    def _edited(self, event: ParamEditor.Changed) -> None:
        self.edited(event.editor.id.removeprefix("bp-edit-"), event.values)

    @property
    def values(self) -> dict[str, ParamValue]:
        """The current graph's inputs."""
        return self.inputs[self.stage.mode]

    def editor(self, mode: str) -> ParamEditor:
        return self.query_one(f"#bp-edit-{mode}", ParamEditor)

    # --- steps ----------------------------------------------------------------------

    def watch_view(self, view: str) -> None:
        if self._ready:
            self.enter(view, backwards=self.backwards)

    def enter(self, view: str, *, backwards: bool = False) -> None:
        """Show the view's graph and pass: at its first step, or its last coming back."""
        mode, phase = view.split("-", 1)
        self.set_class(phase == "compare", "-compare")
        for other in EDITED:
            self.editor(other).set_class(other != mode, "-other")
        focused = self.app.focused
        if isinstance(focused, ParamField) and self.editor(mode) not in focused.ancestors:
            self.focus()
        self.stage, self._to_end = Stage(mode, phase), backwards
        if self.results[mode] is None:
            self.recompute(mode)
        else:
            self.show(mode)

    def step_forward(self) -> bool:
        return self.move(+1)

    def step_back(self) -> bool:
        return self.move(-1)

    def move(self, delta: int) -> bool:
        """Take one step of the current pass; False when it has none left that way."""
        result = self.results[self.stage.mode]
        if result is None:
            return False  # nothing to step through yet (PyTorch still loading): the lecture moves on
        cursor = self.stage.cursor + delta
        if not 0 <= cursor <= views.steps(self.stage, result):
            return False
        self.stage = Stage(self.stage.mode, self.stage.phase, cursor)
        self.render_stage()
        return True

    def action_restart(self) -> None:
        """Back to the start of the current pass."""
        self.stage = Stage(self.stage.mode, self.stage.phase, 0)
        self.render_stage()

    def action_reveal_all(self) -> None:
        """Every step of the current pass at once."""
        result = self.results[self.stage.mode]
        self.stage = Stage(self.stage.mode, self.stage.phase, views.steps(self.stage, result))
        self.render_stage()

    # --- values ---------------------------------------------------------------------

    def edited(self, mode: str, values: dict[str, ParamValue]) -> None:
        """A good set of values in one editor: keep the other editors' shared fields in step."""
        self.inputs[mode] = dict(values)
        for other, names in EDITED.items():
            shared = {n: values[n] for n in names if n in values and self.inputs[other][n] != values[n]}
            if other != mode and shared:
                self.editor(other).set_values(shared)
        self.results[mode] = None
        if mode == self.stage.mode:
            self.recompute(mode)

    def recompute(self, mode: str) -> None:
        values = self.inputs[mode]
        if mode == "trap":
            self.descend(values)
        else:
            compute_quick(self, run, mode, values, then=partial(self.arrived, mode, values))

    @work(thread=True, exclusive=True, group="bp-trap")
    def descend(self, values: dict[str, ParamValue]) -> None:
        """The trap's gradient descent (about 1.5 ms: five backward passes) off the event loop."""
        result = run("trap", values)
        if not get_current_worker().is_cancelled:
            post_while_live(self, self.arrived, "trap", values, result)

    def arrived(self, mode: str, values: dict, result) -> None:
        if values != self.inputs[mode]:
            return  # a newer edit is on its way
        self.results[mode] = result
        if mode == self.stage.mode:
            self.show(mode)

    def show(self, mode: str) -> None:
        """Show the current stage of `mode`, its step kept (at the end if it was at the end)."""
        result, stage = self.results[mode], self.stage
        last = views.steps(stage, result)
        cursor = last if self._to_end else min(stage.cursor, last)
        self.stage, self._to_end = Stage(stage.mode, stage.phase, cursor), False
        self.render_stage()

    # --- drawing --------------------------------------------------------------------

    def on_resize(self) -> None:
        if self._ready:
            self.render_stage()

    def render_stage(self) -> None:
        stage, values = self.stage, self.inputs[self.stage.mode]
        result = self.results[stage.mode]
        detail = self.query_one("#bp-detail", Equations)
        if result is None:
            return
        network = result[0] if stage.mode == "trap" else result
        build = views.two_layer_graph if stage.mode == "two" else views.neuron_graph
        wide = self.screen.has_class("-wide")
        self.query_one("#bp-graph", GraphView).show(build(stage, values, network), spread=2 if wide else 1)
        if stage.phase == "compare":
            detail.show(views.comparison(result, detail.size.width, digits=10 if wide else 6))
        elif stage.mode == "trap":
            tail = views.trap_table(result[1], stage.cursor) if wide and stage.cursor else None
            detail.show_lines(views.trap_lines(stage, values, result), tail)
        else:
            detail.show_lines(views.detail(stage, values, result), views.history_table(stage, result) if wide else None)
        self.headline = views.headline(stage, result)

    def pytorch_source(self) -> str | None:
        from tui_tutor.compute import backprop

        mode, v = self.stage.mode, self.inputs[self.stage.mode]
        if mode == "neuron":
            return backprop.pytorch_source(v["x"], v["w"], v["b"], v["y"], v["activation"])
        if mode == "two":
            return backprop.two_layer_source(v["x"], (v["W1_1"], v["W1_2"]), v["b1"], v["w2"], v["b2"], v["y"],
                                             v["activation"])
        return backprop.step_trap_source(v["x"], v["w"], v["b"], v["y"], lr=v["eta"], steps=TRAP_STEPS)


PANEL = BackpropagationPanel
