"""Lesson `backpropagation`: the graph x, w, b → z → ŷ → L, stepped node by node.

The lecture's step keys walk the forward pass (each node's value) and then the backward
pass (each local derivative and the chain rule with its numbers); then `loss.backward()`'s
gradients beside the hand ones; then the same for a two-layer network; then what `.grad`
does over several calls (it accumulates until zeroed) and a value used twice (its gradients
add up); then the step function, whose zero gradient leaves w where it is. The lesson's
sections say which graph and which pass (its view, `VIEWS`); the numbers all come from
`tui_tutor.compute.backprop`, the code shown with `c` from the lesson's `code/` templates.

One press per idea, so a clicker can run the lecture: at the start of a pass → plays it (one
node per `PLAY_EVERY` seconds) and the next → moves on; ← goes back to the pass's start, then
to the step before. The panel's own keys take one node at a time (`.` forward, `,` back), `a`
shows every node at once. While a graph's numbers are still being computed (torch loading),
→ waits for them (and then plays) rather than letting the lecture skip the step.
"""

from __future__ import annotations

from functools import partial

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.worker import get_current_worker

from tui_tutor.content.code import fill, literal
from tui_tutor.content.model import ParamValue
from tui_tutor.panels import backpropagation_views as views
from tui_tutor.panels.backpropagation_views import Stage
from tui_tutor.panels.base import LessonPanel
from tui_tutor.runner import compute_quick
from tui_tutor.safety import post_while_live
from tui_tutor.widgets.equations import Equations
from tui_tutor.widgets.graph_view import GraphView
from tui_tutor.widgets.param_editor import ParamEditor, ParamField

VIEWS = ("neuron-overview", "neuron-forward", "neuron-backward", "neuron-compare",
         "two-forward", "two-backward", "two-compare", "accumulate-calls", "reuse-uses", "trap-descent")
"""The panel's views, each "GRAPH-PASS": which graph is drawn and which pass is stepped."""
EDITED = {
    "neuron": ("x", "w", "b", "y", "activation"),
    "two": ("x", "W1_1", "W1_2", "b1", "w2", "b2", "y", "activation"),
    "accumulate": ("x", "w", "b", "y", "activation"),
    "reuse": ("x", "w"),
    "trap": ("x", "w", "b", "y", "eta"),
}
"""The parameters each graph uses (and its editor shows); shared ones are kept in step."""
TRAP_STEPS = 5
TRAP_ACTIVATION = "step"
"""The trap's φ, whatever φ the other graphs use: the step's zero slope is what it shows."""
PLAY_EVERY = 0.7
"""Seconds between the nodes of a pass that plays."""


def run(mode: str, v: dict[str, ParamValue]):
    """The forward and backward pass of graph `mode` (the trap: the step neuron and its descent;
    accumulate: the neuron and its .grad over several calls; reuse: a = w₁·x₁ used twice)."""
    from tui_tutor.compute import backprop

    if mode == "neuron":
        return backprop.neuron(v["x"], v["w"], v["b"], v["y"], v["activation"])
    if mode == "two":
        return backprop.two_layer(v["x"], (v["W1_1"], v["W1_2"]), v["b1"], v["w2"], v["b2"], v["y"], v["activation"])
    if mode == "accumulate":
        return (backprop.neuron(v["x"], v["w"], v["b"], v["y"], v["activation"]),
                backprop.accumulate(v["x"], v["w"], v["b"], v["y"], v["activation"]))
    if mode == "reuse":
        return backprop.reuse(v["w"][0], v["x"][0])
    return (backprop.neuron(v["x"], v["w"], v["b"], v["y"], TRAP_ACTIVATION),
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
        Binding("full_stop,i", "node(1)", "node", key_display=".",
                tooltip="one node of the pass (i too, for when . blanks a projector; , or u goes back one)"),
        Binding("comma,u", "node(-1)", "back one node", key_display=",", show=False),
        Binding("r", "restart", "restart this pass", show=False),
        Binding("a", "reveal_all", "all"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stage = Stage(*VIEWS[0].split("-", 1))
        self.shared: dict[str, ParamValue] = dict(self.initial_values)
        """Every parameter's value in force: the editors each show some of them."""
        self.results: dict[str, object] = dict.fromkeys(EDITED)
        self._to_end = False
        self._ready = False
        self._play_when_ready = False
        """→ was pressed while the current graph's numbers were being computed: play when they come."""
        self._player = None

    def compose(self) -> ComposeResult:
        yield GraphView(id="bp-graph")
        with Horizontal(id="bp-band"):
            yield Equations("computing …", id="bp-detail")
            with VerticalScroll(id="bp-editors", can_focus=False):
                for mode, names in EDITED.items():
                    params = tuple(p for p in self.lesson.params if p.name in names)
                    yield ParamEditor(params, self.inputs[mode], id=f"bp-edit-{mode}")

    def on_mount(self) -> None:
        for editor in self.query(ParamEditor):
            self.watch(editor, "values", self.edited, init=False)
        self._ready = True
        if self.view:
            self.enter(self.view, backwards=self.backwards)

    @property
    def inputs(self) -> dict[str, dict[str, ParamValue]]:
        """Each graph's inputs, by mode."""
        return {mode: {name: self.shared[name] for name in names} for mode, names in EDITED.items()}

    def apply_values(self, values: dict[str, ParamValue]) -> None:
        """A scenario, or a step's values coming back: every editor that shows them follows."""
        self.edited({name: value for name, value in values.items() if name in self.shared})

    def scenario_remark(self, values: dict[str, ParamValue]) -> str:
        """The trap keeps its own φ = step: a scenario's other φ is said to wait for the other steps."""
        activation = values.get("activation", TRAP_ACTIVATION)
        if self.stage.mode != "trap" or activation == TRAP_ACTIVATION:
            return ""
        return f"This step keeps φ = {TRAP_ACTIVATION}, its subject; φ = {activation} shows on the other steps."

    def editor(self, mode: str) -> ParamEditor:
        return self.query_one(f"#bp-edit-{mode}", ParamEditor)

    # --- steps ----------------------------------------------------------------------

    def watch_view(self, view: str) -> None:
        if self._ready:
            self.enter(view, backwards=self.backwards)

    def enter(self, view: str, *, backwards: bool = False) -> None:
        """Show the view's graph and pass: at its first step, or its last coming back."""
        mode, phase = view.split("-", 1)
        self.set_class(phase in ("compare", "calls"), "-compare")  # at 80×24 the numbers take the graph's place
        for other in EDITED:
            self.editor(other).set_class(other != mode, "-other")
        focused = self.app.focused
        if isinstance(focused, ParamField) and self.editor(mode) not in focused.ancestors:
            self.focus()
        self.pause()
        self._play_when_ready = False
        self.stage, self._to_end = Stage(mode, phase), backwards
        if self.results[mode] is None:
            self.recompute(mode)
        else:
            self.show(mode)

    def step_forward(self) -> bool:
        """At the start of a pass: play it (True); else the lecture moves on (False)."""
        if self.results[self.stage.mode] is None:  # still being computed: play once the numbers are here
            self._play_when_ready = True
            return True
        if self.playing or self.stage.cursor or not views.steps(self.stage, self.results[self.stage.mode]):
            self.pause()
            return False
        self.play()
        return True

    def step_back(self) -> bool:
        """Back to the start of the pass first (True), then to the step before (False)."""
        self._play_when_ready = False
        if self.stage.cursor == 0 and not self.playing:
            return False
        self.action_restart()
        return True

    def step_home(self) -> bool:
        """Home: the start of the pass (False when already there: the lesson's first step)."""
        if self.stage.cursor == 0 and not self.playing:
            return False
        self.action_restart()
        return True

    def step_end(self) -> bool:
        """End: every node of the pass (False when already shown: the lesson's last step)."""
        result = self.results[self.stage.mode]
        if result is None or self.stage.cursor >= views.steps(self.stage, result):
            return False
        self.action_reveal_all()
        return True

    @property
    def playing(self) -> bool:
        """Whether the current pass is playing, one node at a time."""
        return self._player is not None

    def play(self) -> None:
        """Reveal the pass's nodes one by one (the first at once)."""
        self.pause()
        if self.move(1):
            self._player = self.set_interval(PLAY_EVERY, self._next_node)

    def pause(self) -> None:
        if self._player is not None:
            self._player.stop()
            self._player = None

    def _next_node(self) -> None:
        if not self.move(1):
            self.pause()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`.` and `a` are offered only where the view has nodes of its own to fill in."""
        if action in ("node", "reveal_all"):
            return views.steps(self.stage, self.results[self.stage.mode]) > 0
        return True

    def action_node(self, delta: int) -> None:
        """One node forward or back (pauses a pass that plays)."""
        self.pause()
        if not self.move(delta):
            self.app.bell()

    def move(self, delta: int) -> bool:
        """Take one step of the current pass; False when it has none left that way (or none yet)."""
        result = self.results[self.stage.mode]
        if result is None:
            return False
        cursor = self.stage.cursor + delta
        if not 0 <= cursor <= views.steps(self.stage, result):
            return False
        self.stage = Stage(self.stage.mode, self.stage.phase, cursor)
        self.render_stage()
        return True

    def action_restart(self) -> None:
        """Back to the start of the current pass."""
        self.pause()
        self.stage = Stage(self.stage.mode, self.stage.phase, 0)
        self.render_stage()

    def action_reveal_all(self) -> None:
        """Every step of the current pass at once."""
        self.pause()
        result = self.results[self.stage.mode]
        self.stage = Stage(self.stage.mode, self.stage.phase, views.steps(self.stage, result))
        self.render_stage()

    # --- values ---------------------------------------------------------------------

    def edited(self, values: dict[str, ParamValue]) -> None:
        """New values (from an editor, or given): every editor showing one of them follows, and
        each graph that uses one is computed again (the one on screen at once)."""
        changed = {name: value for name, value in values.items() if self.shared[name] != value}
        if not changed:
            return  # an editor's echo of values already in force
        self.shared.update(changed)
        for mode, names in EDITED.items():
            editor = self.editor(mode)
            follow = {name: value for name, value in changed.items() if name in names and editor.values[name] != value}
            if follow:
                editor.set_values(follow)
            if any(name in names for name in changed):
                self.results[mode] = None
        if self.results[self.stage.mode] is None:
            self.recompute(self.stage.mode)

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
        """Show the current stage of `mode`, its step kept (at the end if it was at the end), then
        take the step keys pressed while it was being computed."""
        result, stage = self.results[mode], self.stage
        last = views.steps(stage, result)
        cursor = last if self._to_end else min(stage.cursor, last)
        self.stage, self._to_end = Stage(stage.mode, stage.phase, cursor), False
        self.render_stage()
        if self._play_when_ready:
            self._play_when_ready = False
            self.play()

    # --- drawing --------------------------------------------------------------------

    def on_resize(self) -> None:
        if self._ready:
            self.render_stage()

    def render_stage(self) -> None:
        self.refresh_bindings()  # the footer offers `.` and `a` where this view has steps
        stage, values = self.stage, self.inputs[self.stage.mode]
        result = self.results[stage.mode]
        detail = self.query_one("#bp-detail", Equations)
        if result is None:
            return
        network = result[0] if stage.mode in ("trap", "accumulate") else result
        build = {"two": views.two_layer_graph, "reuse": views.reuse_graph}.get(stage.mode, views.neuron_graph)
        wide = self.screen.has_class("-wide")
        self.query_one("#bp-graph", GraphView).show(build(stage, values, network), spread=2 if wide else 1)
        if stage.mode == "accumulate":
            detail.show_lines(views.accumulate_lines(stage, result))
        elif stage.mode == "reuse":
            detail.show_lines(views.reuse_lines(stage, result))
        elif stage.phase == "compare":
            detail.show(views.comparison(result, detail.size.width, digits=10 if wide else 6))
        elif stage.mode == "trap":
            tail = views.trap_table(result[1], stage.cursor) if wide and stage.cursor else None
            detail.show_lines(views.trap_lines(stage, values, result), tail)
        else:
            detail.show_lines(views.detail(stage, values, result), views.history_table(stage, result) if wide else None)
        self.headline = views.headline(stage, result)

    def pytorch_source(self) -> str | None:
        return export_source(self.lesson, self.stage.mode, self.inputs[self.stage.mode])


def export_source(lesson, mode: str, v: dict[str, ParamValue]) -> str:
    """The lesson's code template for graph `mode`, filled with the values `v`: plain PyTorch that
    prints the numbers the panel shows (the gradients, `.grad` over calls, ...)."""
    code = lesson.code
    if mode == "reuse":
        return fill(code["backprop_reuse"], w=literal(v["w"][0]), x=literal(v["x"][0]))
    if mode == "trap":
        return fill(code["backprop_trap"], x=literal(v["x"]), w=literal(v["w"]), b=literal(v["b"]), y=literal(v["y"]),
                    lr=literal(v["eta"]), steps=literal(TRAP_STEPS))
    if mode == "two":
        return fill(code["backprop_two_layer"], x=literal(v["x"]), W1=literal([v["W1_1"], v["W1_2"]]),
                    b1=literal(v["b1"]), w2=literal(v["w2"]), b2=literal(v["b2"]), y=literal(v["y"]),
                    activation=literal(v["activation"]))
    name = "backprop_accumulate" if mode == "accumulate" else "backprop_neuron"
    return fill(code[name], x=literal(v["x"]), w=literal(v["w"]), b=literal(v["b"]), y=literal(v["y"]),
                activation=literal(v["activation"]))


PANEL = BackpropagationPanel
