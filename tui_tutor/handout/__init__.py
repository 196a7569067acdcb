"""The lecture as a handout: one self-contained HTML page, or Markdown with SVG figures.

Each lesson's prose step by step, the figures of its default run computed by the compute
module (`figures`), drawn as SVG (`svg`), and its review questions, with or without answers.
`tui-tutor handout ...` runs `main`.
"""

from tui_tutor.handout.cli import main

__all__ = ["main"]
