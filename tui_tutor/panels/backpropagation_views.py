"""What the `backpropagation` panel shows at each step, built from `compute.backprop` results.

Pure functions (no Textual, no torch): the graph of the one-neuron or two-layer network
with the values and gradients revealed so far, the worked equations for the current node
(written by `tui_tutor.words.backprop`), the table of hand gradients beside
`loss.backward()`'s, the step-function trap, `.grad` accumulating over calls, and a value
used twice. Every number comes from a `compute.backprop` result or from the learner's own
inputs; this module only lays them out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console, Group
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from tui_tutor.numbers import number
from tui_tutor.panels.base import Headline
from tui_tutor.widgets.equations import Line
from tui_tutor.widgets.graph_view import Box, Edge, GraphSpec
from tui_tutor.words import backprop as words

NEURON_EDGES: tuple[Edge, ...] = (("x", "z"), ("w", "z"), ("b", "z"), ("z", "ŷ"), ("ŷ", "L"), ("y", "L"))
TWO_LAYER_EDGES: tuple[Edge, ...] = (
    ("x", "a₁"), ("x", "a₂"), ("a₁", "h₁"), ("a₂", "h₂"), ("h₁", "ŷ"), ("h₂", "ŷ"), ("ŷ", "L"), ("y", "L"),
)
WIDE_TITLES = {
    "z": "z = w·x + b", "ŷ": "ŷ = φ(z)", "L": "L = (ŷ − y)²",
    "a₁": "a₁ = W₁[1,:]·x + b₁[1]", "a₂": "a₂ = W₁[2,:]·x + b₁[2]", "h₁": "h₁ = φ(a₁)", "h₂": "h₂ = φ(a₂)",
}
TWO_LAYER_WIDE_TITLES = {**WIDE_TITLES, "ŷ": "ŷ = w₂·h + b₂"}
REUSE_EDGES: tuple[Edge, ...] = (("w", "a"), ("x", "a"), ("a", "a·a"), ("a", "L"), ("a·a", "L"))
"""a feeds both a·a and L (L = a·a + a): two uses."""
SUB = {"₁": 1, "₂": 2, "₃": 3}
_MEASURE = Console(width=400, color_system=None)
"""Measures tables (how wide they want to be)."""


@dataclass(frozen=True, slots=True)
class Stage:
    """Where the learner is: which graph, which pass, how many of its steps are shown."""

    mode: str
    """"neuron", "two" (two layers), "trap" (the step function), "accumulate" (.grad over
    several calls) or "reuse" (a value used twice)."""
    phase: str
    """"overview", "forward", "backward", "compare", "descent", "calls" or "uses"."""
    cursor: int = 0


def vector(values: Sequence[float]) -> str:
    """A list of inputs as the graph's boxes write them: 1.5, −2."""
    return ", ".join(number(v) for v in values)


REUSE_STEPS = 4
"""The use a·a, the use + a, their sum ∂L/∂a, then ∂L/∂w."""


def steps(stage: Stage, result) -> int:
    """How many steps of its own the stage has (the lecture moves on after the last)."""
    if result is None:
        return 0
    if stage.mode == "trap":
        return len(result[1].ws) - 1 if stage.phase == "descent" else 0
    if stage.mode == "accumulate":
        return len(result[1].states)
    if stage.mode == "reuse":
        return REUSE_STEPS
    return {"forward": len(result.forward), "backward": len(result.backward)}.get(stage.phase, 0)


def formulas(stage: Stage, values: dict, result) -> dict[str, str]:
    """Each forward node's formula with its numbers, for the stage's graph."""
    if stage.mode == "two":
        return words.two_layer_formulas(values["x"], (values["W1_1"], values["W1_2"]), values["b1"], values["w2"],
                                        values["b2"], values["y"], result)
    return words.neuron_formulas(values["x"], values["w"], values["b"], values["y"], result)


# --- the graph -------------------------------------------------------------------------


def _reserve(texts: Sequence[str]) -> str:
    """The widest of `texts` (what a box keeps room for)."""
    return max(texts, key=len, default="")


def _revealed(stage: Stage, result) -> tuple[set[str], dict[str, object], bool]:
    """(forward node names shown, gradients shown by name, has the backward pass begun)."""
    backward_phase = stage.phase in ("backward", "compare", "descent", "calls")
    if stage.phase == "overview":
        nodes = 0
    elif stage.phase == "forward":
        nodes = stage.cursor
    else:
        nodes = len(result.forward)
    grads = stage.cursor if stage.phase == "backward" else len(result.backward) if backward_phase else 0
    return {n.name for n in result.forward[:nodes]}, {g.name: g for g in result.backward[:grads]}, backward_phase


def _grad_note(name: str, grads: dict, started: bool) -> tuple[str, str]:
    """(note, wide note) for node `name`: its gradient, '?' while still to come, nothing before."""
    if not started:
        return "", ""
    text = "1" if name == "L" else number(grads[name].value) if name in grads else "?"
    return f"∂ {text}", f"∂L/∂{name} = {text}"


def _node_box(node, col: int, row: int, shown: set[str], grads: dict, started: bool, titles: dict,
              every: dict) -> Box:
    """A computed node's box; `every` holds all its gradients, to keep room for them."""
    note, wide_note = _grad_note(node.name, grads, started)
    final, wide_final = _grad_note(node.name, every, True)
    known = node.name in shown
    return Box(node.name, col, row, node.name, number(node.value) if known else "?", note, not known,
               titles.get(node.name, ""), wide_note, _reserve((number(node.value), final)), wide_final)


def neuron_graph(stage: Stage, values: dict, result) -> GraphSpec:
    """x, w, b → z → ŷ → L (with y into L), values and gradients as far as `stage` goes."""
    shown, grads, started = _revealed(stage, result)
    every = {g.name: g for g in result.backward}
    names = [f"w{'₁₂₃'[i]}" for i in range(len(values["x"]))]
    w_note = "∂ " + ", ".join(number(grads[n].value) if n in grads else "?" for n in names) if started else ""
    w_final = "∂ " + ", ".join(number(every[n].value) for n in names)
    b_note, b_wide = _grad_note("b", grads, started)
    b_final, b_wide_final = _grad_note("b", every, True)
    nodes = {node.name: node for node in result.forward}
    titles = {**WIDE_TITLES, "ŷ": "ŷ = step(z)"} if stage.mode == "trap" else WIDE_TITLES
    boxes = (
        Box("x", 0, 0, "x", vector(values["x"])),
        Box("w", 0, 4, "w", vector(values["w"]), w_note, wide_note=w_note.replace("∂ ", "∂L/∂w = "),
            reserve=w_final, wide_reserve=w_final.replace("∂ ", "∂L/∂w = ")),
        Box("b", 1, 0, "b", number(values["b"]), b_note, wide_note=b_wide, reserve=b_final, wide_reserve=b_wide_final),
        _node_box(nodes["z"], 1, 4, shown, grads, started, titles, every),
        _node_box(nodes["ŷ"], 2, 4, shown, grads, started, titles, every),
        Box("y", 3, 0, "y", number(values["y"])),
        _node_box(nodes["L"], 3, 4, shown, grads, started, titles, every),
    )
    current, edges = _current(stage, result, NEURON_EDGES)
    return GraphSpec(boxes, NEURON_EDGES, current, edges)


def two_layer_graph(stage: Stage, values: dict, result) -> GraphSpec:
    """x → a₁, a₂ → h₁, h₂ → ŷ → L (with y into L), as far as `stage` goes."""
    shown, grads, started = _revealed(stage, result)
    place = {"a₁": (1, 0), "h₁": (2, 0), "a₂": (1, 4), "h₂": (2, 4), "ŷ": (3, 2), "L": (4, 4)}
    boxes = [Box("x", 0, 2, "x", vector(values["x"])), Box("y", 4, 0, "y", number(values["y"]))]
    every = {g.name: g for g in result.backward}
    boxes += [_node_box(node, *place[node.name], shown, grads, started, TWO_LAYER_WIDE_TITLES, every)
              for node in result.forward]
    current, edges = _current(stage, result, TWO_LAYER_EDGES)
    return GraphSpec(tuple(boxes), TWO_LAYER_EDGES, current, edges)


def reuse_graph(stage: Stage, values: dict, r) -> GraphSpec:
    """w, x → a → a·a → L, with a also straight into L: a is used twice."""
    cursor = stage.cursor
    a_note = "" if cursor < 3 else f"∂ {number(r.a_grad)}"
    boxes = (
        Box("w", 0, 0, "w", number(r.w), f"∂ {number(r.w_grad)}" if cursor >= 4 else "", reserve=f"∂ {number(r.w_grad)}"),
        Box("x", 0, 4, "x", number(r.x)),
        Box("a", 1, 2, "a", number(r.a), a_note, wide_title="a = w·x", reserve=f"∂ {number(r.a_grad)}"),
        Box("a·a", 2, 0, "a·a", number(r.a * r.a)),
        Box("L", 2, 4, "L", number(r.loss), "∂ 1", wide_title="L = a·a + a"),
    )
    edge = {1: ("a", "a·a"), 2: ("a", "L")}.get(cursor)
    current = frozenset({edge}) if edge else frozenset({("w", "a")}) if cursor >= 4 else frozenset()
    box = frozenset({"a"}) if cursor == 3 else frozenset({"w"}) if cursor >= 4 else frozenset()
    return GraphSpec(boxes, REUSE_EDGES, box, current)


def _current(stage: Stage, result, edges: tuple[Edge, ...]) -> tuple[frozenset[str], frozenset[Edge]]:
    """The box(es) and edge(s) the current step is about."""
    if stage.phase == "forward" and stage.cursor:
        name = result.forward[stage.cursor - 1].name
        return frozenset({name}), frozenset(e for e in edges if e[1] == name)
    if stage.phase == "backward" and stage.cursor:
        return target(result.backward[stage.cursor - 1].name, stage.mode)
    if stage.phase == "descent":
        return frozenset({"z"}), frozenset({("z", "ŷ")})
    return frozenset(), frozenset()


def _unit(name: str) -> int:
    """The hidden unit a two-layer name belongs to: a₂ → 2, W₁[2,1] → 2, w₂[1] → 1."""
    match = re.search(r"\[(\d)", name)
    return int(match.group(1)) if match else SUB.get(name[1:2], 0)


def target(name: str, mode: str) -> tuple[frozenset[str], frozenset[Edge]]:
    """Where the gradient of `name` lives in the graph: a box (a node, or what a bias feeds) and
    the edge it flows back along (a weight sits on the edge it scales)."""
    if mode != "two":
        box = "w" if name.startswith("w") else name
        consumer = {"ŷ": "L", "z": "ŷ"}.get(box, "z")
        return frozenset({box}), frozenset({(box, consumer)})
    j = _unit(name)
    if name == "ŷ":
        return frozenset({"ŷ"}), frozenset({("ŷ", "L")})
    if name == "b₂":
        return frozenset({"ŷ"}), frozenset()
    if name.startswith("w₂"):
        return frozenset(), frozenset({(f"h{'₁₂'[j - 1]}", "ŷ")})
    if name.startswith("h"):
        return frozenset({name}), frozenset({(name, "ŷ")})
    if name.startswith("a"):
        return frozenset({name}), frozenset({(name, f"h{'₁₂'[j - 1]}")})
    if name.startswith("W₁"):
        return frozenset(), frozenset({("x", f"a{'₁₂'[j - 1]}")})
    return frozenset({f"a{'₁₂'[j - 1]}"}), frozenset()  # b₁[j]


def parent(name: str, mode: str) -> str | None:
    """The node after `name` whose gradient backprop reuses for it (None for ŷ: it starts at L)."""
    if name == "ŷ":
        return None
    if mode != "two":
        return "ŷ" if name == "z" else "z"
    j = "₁₂"[_unit(name) - 1] if _unit(name) else ""
    if name.startswith(("w₂", "b₂", "h")):
        return "ŷ"
    return f"h{j}" if name.startswith("a") else f"a{j}"


# --- the words and equations -------------------------------------------------------------


def detail(stage: Stage, values: dict, result) -> list[Line]:
    """The worked equations for the current step."""
    if stage.phase == "overview":
        return [
            Line("Forward (→): x, w, b → z → ŷ → L", equation=False),
            Line("Backward (→): ∂L/∂ŷ, ∂L/∂z, ∂L/∂w, ∂L/∂b", equation=False),
            Line("A box shows its value (? = not yet) and,", "dim", 1, equation=False),
            Line("on its lower edge, ∂ = ∂L/∂(the box).", "dim", 1, equation=False),
        ]
    if stage.phase == "forward":
        return forward_lines(stage, formulas(stage, values, result), result)
    if stage.phase == "backward":
        return backward_lines(stage, result)
    return []


def forward_lines(stage: Stage, written: dict[str, str], result) -> list[Line]:
    names = ", ".join(n.name for n in result.forward)
    if stage.cursor == 0:
        return [Line(f"Forward pass: → plays it, computing {names} in order,", equation=False),
                Line("each from the values before it (. takes one node).", equation=False)]
    lines = [Line(written[node.name], "dim", 2) for node in result.forward[: stage.cursor - 1]]
    lines.append(Line(written[result.forward[stage.cursor - 1].name], "bold"))
    if stage.cursor == len(result.forward):
        lines.append(Line("The forward pass is done: → starts the backward pass.", "dim", 1, equation=False))
    return lines


def backward_lines(stage: Stage, result) -> list[Line]:
    if stage.cursor == 0:
        return [Line("Backward pass: start at L with ∂L/∂L = 1.", equation=False),
                Line("→ plays it, . takes one node further back: its gradient", equation=False),
                Line("= the gradient after it × one local derivative.", equation=False)]
    g = result.backward[stage.cursor - 1]
    local = words.local(g, result.activation)
    lines = [Line(f"local derivative: {local}", "italic")]
    before = parent(g.name, stage.mode)
    if before is not None and before != "ŷ":
        reused = next(b for b in result.backward if b.name == before)
        symbol = local.split(" = ")[0]
        lines.append(Line(f"∂L/∂{g.name} = ∂L/∂{before} · {symbol} = {words.num(reused.value)} · "
                          f"{words.num(g.local_value)} = {number(g.value)}", "bold", 2))
    chain = words.chain(g, result.activation)
    if chain != local:
        lines.append(Line(f"chain rule: {chain}"))
    return lines


def compare_table(result, *, names: bool = True, digits: int = 10) -> Table:
    """Every parameter's gradient by hand beside `loss.backward()`'s `.grad`."""
    table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("∂L/∂", no_wrap=True)
    table.add_column("by hand", justify="right", no_wrap=True)
    if names:
        table.add_column(".grad", no_wrap=True)
    table.add_column("" if names else ".grad", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for g in result.backward:
        if g.retained:
            continue
        mark = Text("✓", "green") if g.agrees else Text("✗", "bold red")
        row = [g.name, number(g.value, digits), *([g.autograd_name] if names else []), number(g.autograd, digits), mark]
        table.add_row(*row)
    return table


def comparison(result, width: int, digits: int) -> Group:
    """The table of hand gradients beside `loss.backward()`'s (with the `.grad` names when they
    fit in `width`), then the verdict right under it (the two-layer table and its verdict
    take all 14 rows an 80×24 screen leaves them)."""
    table = compare_table(result, digits=digits)
    if Measurement.get(_MEASURE, _MEASURE.options, table).maximum > max(width, 1):
        table = compare_table(result, names=False, digits=digits)
    return Group(table, *(Text(line.text, line.style) for line in compare_lines(result)))


def compare_lines(result) -> list[Line]:
    from tui_tutor.compute.backprop import TOLERANCE  # torch is loaded: `result` came from it

    lines = [Line(words.agreement(result, TOLERANCE), "green" if result.agree else "bold red", equation=False)]
    broken = words.not_finite(result)
    if broken:
        lines.append(Line(broken, "bold red", equation=False))
    return lines


def trap_lines(stage: Stage, values: dict, result) -> list[Line]:
    """Gradient descent on the step neuron, one step per →: w never moves."""
    network, trap = result
    t = stage.cursor
    written = formulas(stage, values, network)
    lines = [Line(f"{written['ŷ']}, y = {number(values['y'])}: {written['L']}", priority=3)]
    if trap.losses[0] == 0:
        lines.append(Line("ŷ = y already (L = 0): set y to the other class to see the trap.",
                          "bold", equation=False))
    w1 = next(g for g in network.backward if g.name == "w₁")
    lines.append(Line(f"chain rule: {words.chain(w1, network.activation)}", priority=2 if t else 0))
    if t == 0:
        lines.append(Line(f"→ plays gradient descent, η = {number(values['eta'])}; . takes one step.",
                          "dim", 1, equation=False))
        return lines
    w_grad = "(" + vector(trap.w_grad) + ")"
    lines.append(Line(f"step {t} of {len(trap.ws) - 1}: w ← w − η·∂L/∂w = ({vector(trap.ws[t - 1])}) − "
                      f"{number(values['eta'])}·{w_grad} = ({vector(trap.ws[t])})", "bold"))
    lines.append(Line(f"L = {number(trap.losses[t - 1])} before this step: ŷ is still wrong, w has not moved.",
                      "", 1, equation=False))
    if t == len(trap.ws) - 1:
        lines.append(Line(words.trap_summary(trap), "italic", 1, equation=False))
    return lines


CALLS = {"backward": "loss.backward()", "zero_grad": "optimizer.zero_grad()"}


def accumulate_lines(stage: Stage, result) -> list[Line]:
    """`.grad` after each call so far, the current one bold, and one pass's gradient by hand."""
    _, acc = result
    once = ", ".join(number(g) for g in acc.w_once)
    lines = [Line(f"One pass by hand: ∂L/∂w = ({once})", "dim", 1, equation=False)]
    if stage.cursor == 0:
        lines.append(Line("→ plays the calls (. one at a time): backward, backward, zero_grad(), backward.",
                          equation=False))
    for k, state in enumerate(acc.states[: stage.cursor], start=1):
        current = k == stage.cursor
        lines.append(Line(f"{k}. {CALLS[state.call]}: {words.grad_state(state)}", "bold" if current else "",
                          0 if current else 2, equation=False))
    if stage.cursor == len(acc.states):
        lines.append(Line("So: optimizer.zero_grad() before every loss.backward().", "italic", 1, equation=False))
    return lines


def reuse_lines(stage: Stage, r) -> list[Line]:
    """a = w·x used twice, L = a·a + a: one more part of the working per →."""
    worked = words.reuse_lines(r)
    shown = worked[: 2 + stage.cursor]
    lines = [Line(text, "bold" if k == len(shown) - 1 and stage.cursor else "", 0 if k >= len(shown) - 2 else 2)
             for k, text in enumerate(shown)]
    mark = "✓" if r.agree else "✗"
    if stage.cursor == 0:
        lines.append(Line("a (= w₁·x₁ of the neuron) is used twice; → plays the gradient back through each use.",
                          "dim", 1, equation=False))
    if stage.cursor >= 3:
        lines.append(Line(f"a.grad = {number(r.a_autograd)} {mark} (loss.backward(), retain_grad)", "green", 1,
                          equation=False))
    if stage.cursor >= 4:
        lines.append(Line(f"w.grad = {number(r.w_autograd)} {mark}: the gradients of both uses add up", "green", 1,
                          equation=False))
    return lines


def trap_table(trap, shown: int) -> Table:
    """t, w_t and L for the descent steps shown so far."""
    table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False, header_style="bold")
    for header in ("t", "w before", "∂L/∂w", "L", "w after"):
        table.add_column(header, justify="right", no_wrap=True)
    for t in range(1, shown + 1):
        table.add_row(str(t), vector(trap.ws[t - 1]), vector(trap.w_grad), number(trap.losses[t - 1]), vector(trap.ws[t]))
    return table


def history_table(stage: Stage, result) -> Table | None:
    """At wide sizes, under the current step: every gradient so far beside autograd's."""
    if stage.mode == "trap" or stage.phase not in ("backward", "compare") or stage.cursor == 0:
        return None
    shown = stage.cursor if stage.phase == "backward" else len(result.backward)
    table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False, header_style="bold",
                  title="gradients so far", title_justify="left", title_style="dim")
    for header, justify in (("∂L/∂", "left"), ("by hand", "right"), ("loss.backward()", "left"), ("", "right")):
        table.add_column(header, justify=justify, no_wrap=True)
    for g in result.backward[:shown]:
        table.add_row(g.name, number(g.value, 10), g.autograd_name, number(g.autograd, 10))
    return table


def headline(stage: Stage, result) -> Headline | None:
    """The number to show large when presenting: the current node's value or gradient."""
    if result is None:
        return None
    if stage.mode == "trap":
        return Headline("∂L/∂w =", tuple(result[1].w_grad))
    if stage.mode == "accumulate":
        state = result[1].states[stage.cursor - 1] if stage.cursor else None
        return None if state is None or state.w_grad is None else Headline("w.grad =", state.w_grad)
    if stage.mode == "reuse":
        return Headline("∂L/∂a =", (result.a_grad,)) if stage.cursor >= 3 else Headline("a =", (result.a,))
    if stage.phase == "forward" and stage.cursor:
        node = result.forward[stage.cursor - 1]
        return Headline(f"{node.name} =", (node.value,))
    if stage.phase == "backward" and stage.cursor:
        g = result.backward[stage.cursor - 1]
        return Headline(f"∂L/∂{g.name} =", (g.value,))
    if stage.phase in ("overview", "forward"):
        return None  # nothing computed on screen yet
    return Headline("L =", (result.loss,))
