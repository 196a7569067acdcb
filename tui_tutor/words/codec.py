"""The toy codec's results in words (audio-codec-objective)."""

from __future__ import annotations

from tui_tutor.numbers import number


def search_verdict(bits: int, threshold_db: float) -> str:
    """What the search over k found: the smallest k meeting the target, or none up to 16."""
    if bits:
        return f"k = {bits}: the smallest k with LSD ≤ {number(threshold_db)} dB"
    return f"no k up to 16 bits reaches LSD ≤ {number(threshold_db)} dB"


def clipping(clipped: int, samples: int) -> str:
    """Whether the gain makes the encoder clip."""
    return f"g·x clips {clipped} of {samples} samples" if clipped else "no sample clips: |g·x| ≤ 1"
