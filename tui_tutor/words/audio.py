"""Output-space results said in words: the losses' status and the loud-vs-quiet verdict."""

from __future__ import annotations


def losses_status(code: str) -> str:
    """What went wrong measuring the losses ('' when nothing did)."""
    return "overflowed to infinity: the samples are too large to square" if code == "overflow" else ""


def loud_quiet_verdict(code: str, loud_db: float, quiet_db: float) -> str:
    """The same raw error at a loud and a quiet spot, compared in dB."""
    if code == "overflow":
        return "Overflowed to infinity: the error is too large to square."
    if quiet_db > 10 * loud_db:
        return "Same raw error at both spots; in dB the quiet spot's error is far larger."
    if quiet_db > 1.1 * loud_db:
        return "Same raw error at both spots; in dB the quiet spot's error is larger."
    return "Same raw error at both spots; in dB too: the two parts are about equally loud."
