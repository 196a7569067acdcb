"""Results said in words (lessons 2, 4–7): each sentence follows the numbers of its run."""

from __future__ import annotations

import pytest

from tui_tutor.compute import codec, losses
from tui_tutor.numbers import number
from tui_tutor.words.codec import clipping, search_verdict
from tui_tutor.words.fits import outcome
from tui_tutor.words.losses import miss_compared
from tui_tutor.words.network import depth_verdict
from tui_tutor.words.training import run_end

OUTLIER = [2.0, 3.0, 3.5, 4.0, 5.0, 35.0]


def said(run, name="c", target="the mean") -> str:
    return outcome(run, name=name, target=target)


def test_the_difference_runs_away_and_the_others_settle_at_y():
    diff, l1, l2 = losses.why_not_difference(3.0, 1.0, 0.25, 60, 10.0)
    assert said(diff, "ŷ", "y") == f"runs away to −∞: |ŷ| > 10 at t = {diff.steps_run}"
    assert said(l1, "ŷ", "y") == said(l2, "ŷ", "y") == "settled at y = 1"
    never = losses.why_not_difference(3.0, 1.0, 0.25, 500, 1e6)[0]  # a cap never reached
    assert said(never, "ŷ", "y") == f"falls at every step: ŷ = {number(never.final)} at t = 500, no minimum"


def test_eta_too_large_oscillates_it_does_not_run_away():
    """1 − 2η = −1.2: L2 swings wider around y each step; L1 hops around y."""
    _, l1, l2 = losses.why_not_difference(3.0, 1.0, 1.1, 60, 10.0)
    assert said(l2, "ŷ", "y") == f"diverges, swinging wider (× −1.2 a step): |ŷ| > 10 at t = {l2.steps_run}"
    assert said(l1, "ŷ", "y").startswith(f"hops between {number(l1.hop_lo)} and {number(l1.hop_hi)} around y = 1")
    fit = losses.fit_constant(OUTLIER, "l2", 1.1, 400).run
    assert "swinging wider (× −1.2 a step)" in said(fit) and "−∞" not in said(fit)
    assert said(losses.fit_constant(OUTLIER, "l2", 1.1, 20).run) == "swings wider (× −1.2 a step) around the mean = 8.75"


def test_hopping_settled_and_approaching_say_their_numbers():
    hop = losses.fit_constant([2.0, 3.0, 3.5, 4.0, 5.0], "l1", 0.05, 400).run
    assert said(hop, target="the median") == "hops between 3.5 and 3.51 around the median = 3.5"
    even = losses.fit_constant([1.0, 2.0, 6.0, 7.0], "l1", 0.05, 400).run
    assert said(even, target="the median") == f"settled at {number(even.final)} in [2, 6]: every point there is minimal"
    short = losses.fit_constant(OUTLIER, "l1", 0.01, 100).run
    assert said(short, target="the median") == f"approaching [3.5, 4]: {number(short.gap, 2)} away at t = 100"
    zigzag = losses.fit_constant(OUTLIER, "l2", 0.7, 10).run
    assert said(zigzag).startswith("approaching the mean = 8.75, jumping over it:")
    stopped = losses.fit_constant(OUTLIER, "l2", 0.01, 50, should_stop=iter([False] * 7 + [True] * 99).__next__).run
    assert said(stopped).startswith("stopped at t = 7: approaching the mean = 8.75")


def test_codec_and_training_words():
    found = codec.search_bits(1.0)
    assert search_verdict(found.bits, 1.0) == f"k = {found.bits}: the smallest k with LSD ≤ 1 dB"
    assert search_verdict(0, 0.0) == "no k up to 16 bits reaches LSD ≤ 0 dB"
    assert clipping(0, 2400) == "no sample clips: |g·x| ≤ 1" and clipping(12, 2400) == "g·x clips 12 of 2400 samples"
    assert run_end(600) == "trained for 600 steps" and run_end(1, stopped=True) == "stopped after 1 step"
    assert run_end(3, diverged=True) == "diverged at step 3: the loss is not a finite number"


@pytest.mark.parametrize(("l1", "l2", "words"), [
    (1.5, 2.25, "a miss of 1.5 > 1: L2 > L1"), (0.5, 0.25, "a miss of 0.5 < 1: L2 < L1"),
    (1.0, 1.0, "a miss of exactly 1: L2 = L1"), (0.0, 0.0, "ŷ = y:"),
])
def test_a_miss_compared(l1, l2, words):
    assert miss_compared(l1, l2).startswith(words)


def test_depth_verdict_counts_both():
    assert depth_verdict(0.006, 0.0037, 193, 145) == "deep wins: lower MSE, fewer θ"
    assert depth_verdict(0.006, 0.0037, 100, 145) == "deep: lower MSE, but more θ"
    assert depth_verdict(0.003, 0.0037, 193, 145) == "wide: lower MSE this time"
