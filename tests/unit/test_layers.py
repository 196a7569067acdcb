"""The compute module returns numbers: no teaching prose, data sets, quizzes or code templates in it.

Words about numbers (status verdicts, notes), quizzes, data sets and code-export templates live in
lesson files and in the layers that phrase results; compute keeps docstrings, exception messages
and short labels (at most two words) only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

COMPUTE = Path(__file__).resolve().parents[2] / "tui_tutor" / "compute"


def prose(path: Path) -> list[str]:
    """String literals of three words or more that are not docstrings or exception messages."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    allowed: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body:
            for before, after in zip([None, *body], body):
                documented = before is None or isinstance(before, (ast.Assign, ast.AnnAssign))
                if documented and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                    allowed.add(id(after.value))  # a docstring, or an attribute's docstring
        if isinstance(node, ast.Raise):
            allowed.update(id(sub) for sub in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if id(node) in allowed:
            continue
        if isinstance(node, ast.JoinedStr):
            allowed.update(id(v) for v in node.values)
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if len(text.split()) >= 3:
            found.append(f"{path.name}:{node.lineno}: {text.strip()[:60]!r}")
    return found


@pytest.mark.parametrize("module", sorted(p.name for p in COMPUTE.glob("*.py")))
def test_compute_holds_no_prose(module):
    assert prose(COMPUTE / module) == []
