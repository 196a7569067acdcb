"""The graph drawing (boxes, edges, junctions, fitting the width) and fitted equations."""

from __future__ import annotations

import pytest

from tui_tutor.widgets.equations import Line, break_equation, fit
from tui_tutor.widgets.graph_view import Box, GraphSpec, draw_graph

NEURON = GraphSpec(
    boxes=(
        Box("x", 0, 0, "x", "1.5, −2"),
        Box("w", 0, 4, "w", "−0.5, 0.25", "∂ −0.4162, ?"),
        Box("b", 1, 0, "b", "0.1"),
        Box("z", 1, 4, "z", "−1.15", wide_title="z = w·x + b"),
        Box("L", 2, 4, "L", "?", pending=True),
    ),
    edges=(("x", "z"), ("w", "z"), ("b", "z"), ("z", "L")),
    current=frozenset({"z"}),
)


def plain(spec: GraphSpec, width: int, spread: int = 1) -> list[str]:
    return [line.plain for line in draw_graph(spec, width, spread=spread)]


def test_boxes_edges_and_junctions():
    lines = plain(NEURON, 60)
    assert len(lines) == NEURON.height() == 7
    text = "\n".join(lines)
    assert "┌ x " in text and "│ 1.5, −2" in text and "└ ∂ −0.4162, ? ┘" in text
    assert "┏ z = w·x + b ┓" in text, "the current box is heavy, with its wide title when it fits"
    assert "│ ? │" in text
    assert "│─╮" in lines[1], "x turns down the bus"
    assert "│─┴▶┃" in lines[5], "w and the bus from x meet, then enter z"
    assert "▼" in lines[3], "b goes straight down into z"
    assert "┃──▶│" in lines[5], "z feeds L"


def test_narrow_widths_drop_wide_titles_then_gaps_then_clip():
    assert max(len(line) for line in plain(NEURON, 42)) == 42
    assert "z = w·x + b" in "\n".join(plain(NEURON, 42))
    narrow = plain(NEURON, 38)
    assert "z = w·x + b" not in "\n".join(narrow) and "┏ z ━" in "\n".join(narrow)
    assert "│─┴▶┃" in narrow[5], "gaps of three still fit"
    tighter = plain(NEURON, 34)
    assert all(len(line) <= 34 for line in tighter) and "│┴▶┃" in tighter[5], "then gaps of two"
    tiny = plain(NEURON, 30)
    assert all(len(line) <= 30 for line in tiny) and "…" in "\n".join(tiny), "then the text is clipped"


def test_spread_moves_rows_apart():
    lines = plain(NEURON, 100, spread=2)
    assert len(lines) == NEURON.height(2) == 11
    assert sum("│" in line and "▼" not in line for line in lines[3:7]) >= 3, "the b → z edge is a longer line"


def test_edges_must_go_to_the_next_column_or_down():
    spec = GraphSpec(boxes=(Box("a", 0, 0, "a"), Box("b", 2, 0, "b")), edges=(("a", "b"),))
    with pytest.raises(ValueError, match="next column"):
        draw_graph(spec, 80)


def test_equations_break_at_equals_signs():
    chain = "∂L/∂w₁ = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w₁ = 2(ŷ − y) · ŷ(1 − ŷ) · x₁ = (−1.519) · 0.1827 · 1.5 = −0.4162"
    lines = break_equation(chain, 40)
    assert lines[0] == "∂L/∂w₁ = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w₁"
    assert all(line.startswith("  = ") for line in lines[1:]) and all(len(line) <= 40 for line in lines)
    assert " ".join(line.strip() for line in lines) == chain
    assert break_equation(chain, 200) == [chain]


def test_fit_leaves_out_the_least_important_lines_first():
    lines = [Line("old = 1", priority=2), Line("older = 2", priority=2), Line("now = 3"), Line("tip", priority=1, equation=False)]
    assert [t for t, _ in fit(lines, 40, 4)] == ["old = 1", "older = 2", "now = 3", "tip"]
    assert [t for t, _ in fit(lines, 40, 3)] == ["older = 2", "now = 3", "tip"], "the oldest history goes first"
    assert [t for t, _ in fit(lines, 40, 1)] == ["now = 3"]
    assert [t for t, _ in fit(lines, 40, 0)] == ["now = 3"], "priority 0 is always kept"
