"""Results said in words (lessons 8-12): each sentence from the compute module's codes and numbers,
in the case the screens rarely meet (non-finite inputs, a diverged or jumping run)."""

from __future__ import annotations

import math

from tui_tutor.compute import audio
from tui_tutor.compute import classification as C
from tui_tutor.words import audio as said_audio
from tui_tutor.words import classification as said


def test_softmax_and_its_naive_form_in_every_case():
    for logits, words in (([2.0, 1.0], "every exponent ≤ 0"), ([math.inf, 0.0], "ỹ₁ is infinity: in the limit"),
                          ([-math.inf, 0.0], "ỹ₁ is −infinity: e^(−∞) = 0"), ([math.nan, 0.0], "ỹ₁ is not a number")):
        r = C.softmax(logits)
        assert said.softmax_status(r.status, logits).startswith(words)
    r = C.softmax([3.0, 800.0])
    assert said.naive_status(r.naive_status, [3.0, 800.0], r.overflowed).startswith("overflowed: e^800 is +infinity")
    assert said.naive_status("not compared", [math.nan], -1).startswith("not compared")


def test_bce_cross_entropy_and_gradients_say_what_went_wrong():
    assert said.bce_status(C.bce(0.5, 1.0).status, 0.5, 1.0) == ""
    assert said.bce_status(C.bce(math.inf, 1.0).status, math.inf, 1.0) == "undefined: ŷ is infinity"
    assert said.bce_status(C.bce(1.5, 1.0).status, 1.5, 1.0).endswith("must both lie in [0, 1]")
    huge = [-1.7976931348623155e308, 3e292]  # finite logits, an infinite loss
    r = C.cross_entropy(huge, 0)
    assert said.ce_status(r.status, huge, r.loss) == "the loss is infinity: beyond float64"
    r = C.cross_entropy([math.nan, 0.0], 1)
    assert said.ce_status(r.status, [math.nan, 0.0], r.loss).startswith("ỹ₁ is not a number")
    g = C.logit_gradients([math.nan, 0.0], 0)
    assert said.gradient_verdict(g.verdict, g.probabilities[0], g.norm_ratio).startswith("A logit is not finite")
    assert said.prediction_status("bias only").startswith("no known words") and said.prediction_status("ok") == ""


def test_a_run_is_said_as_its_losses_went():
    assert said.loss_course((2.0, 1.0, 0.5), 0.25) == "2 → 0.25"
    assert said.loss_course((2.0, 9.0, 1.0), 0.5) == "2 → peak 9 (epoch 1) → 0.5"
    assert said.loss_course((2.0, math.inf), math.nan) == "2 → infinity at epoch 1: diverged"
    assert said.run_ended(200, 200, False, (1.0,) * 200) == "trained 200 epochs"
    assert said.run_ended(7, 200, True, (1.0,) * 7) == "stopped after 7 of 200 epochs"
    assert said.run_ended(3, 200, False, (1.0, 2.0, math.nan)) == "diverged at epoch 2: the loss is not a number"


def test_loud_and_quiet_verdicts_follow_the_numbers():
    for gain, words in ((0.01, "far larger"), (0.5, "is larger"), (1.0, "equally loud")):
        r = audio.loud_quiet_errors(0.1, quiet_gain=gain)
        assert words in said_audio.loud_quiet_verdict(r.status, r.loud_db_mse, r.quiet_db_mse)
    r = audio.loud_quiet_errors(1e200)
    assert said_audio.loud_quiet_verdict(r.status, r.loud_db_mse, r.quiet_db_mse).startswith("Overflowed")
    assert said_audio.losses_status("overflow").startswith("overflowed") and said_audio.losses_status("ok") == ""
