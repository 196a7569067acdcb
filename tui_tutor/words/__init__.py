"""Results said in words: compute's verdicts and numbers turned into the sentences a learner reads.

No UI imports (the panels and the handout both use it); one module per topic. The compute
module returns numbers and verdict codes only, so every sentence about a result is written here,
from the numbers on screen.
"""
