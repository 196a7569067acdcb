"""Driving review sessions as a learner does: an App from a command line, answers by keys.

Used by the review Pilot tests and by the second terminal they start as a process.
"""

from __future__ import annotations

import zlib

from tests.helpers import settle
from tui_tutor.numbers import fmt


def review_app(course, argv: list[str], store, **kwargs):
    """The App `tui-tutor ARGV` starts, with progress in `store` (the command line checked as main does)."""
    from tui_tutor.app import TutorApp
    from tui_tutor.cli import parse_args, review_settings, split_targets

    args = parse_args(argv)
    _, review = split_targets(course.lessons, args.targets)
    return TutorApp(course, review=review, review_settings=review_settings(args, review), store=store,
                    seed=args.seed, **kwargs)


def card(app):
    from tui_tutor.widgets.review_card import ReviewCard

    return app.screen.query_one(ReviewCard)


async def answer_current(pilot, app, right: bool, typed: bool = True) -> None:
    """Answer the card on screen, rightly or (far off, never a near miss) wrongly: a choice by its
    number key, a number typed key by key (or, `typed=False`, put in the field at once), then Enter."""
    item = card(app).item
    if item.kind == "choice":
        index = int(item.answer) if right else (int(item.answer) + 1) % len(item.choices)
        await pilot.press(str(index + 1))
    else:
        text = fmt(item.answer if right else item.answer + 10 * item.tolerance + 1, 6).replace("−", "-")
        if typed:
            await pilot.press(*text)
        else:
            card(app).query_one("#card-answer").value = text
        await pilot.press("enter")
    await settle(pilot, app)


def wrong_on(key: str, day: int, every: int = 4) -> bool:
    """A fixed, spread-out pattern of mistakes: card `key` is answered wrongly on day `day` 1 in `every`."""
    return zlib.crc32(f"{key}@{day}".encode()) % every == 0


async def answer_part(pilot, app, right_for, typed: bool = True) -> list[tuple[str, bool]]:
    """Answer every card of the part on screen (`right_for(key)` says how); then the summary shows."""
    answered = []
    screen = app.screen
    for _ in range(len(screen.part)):
        key = card(app).item.key
        right = right_for(key)
        await answer_current(pilot, app, right, typed)
        answered.append((key, right))
        await pilot.press("enter")
        await settle(pilot, app)
    return answered
