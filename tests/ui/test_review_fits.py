"""Every choice of every review question is on screen at 80×24 without scrolling: a learner
never answers a question with an option they did not see."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from tests.helpers import settle
from tests.review_driver import answer_current, card
from tui_tutor.content import load_lessons
from tui_tutor.review_items import question_items
from tui_tutor.screens.review import ReviewScreen

CHOICE_LESSONS = [lesson.id for lesson in load_lessons() if any(q.kind == "choice" for q in lesson.questions)]


@pytest.mark.parametrize("lesson_id", CHOICE_LESSONS)
async def test_every_choice_is_on_screen(make_app, lesson_id):
    app = make_app(start=lesson_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        lesson = app.screen.lesson
        items = [item for item in question_items(lesson, 0) if item.choices]
        assert items, "the lesson has choice questions"
        app.push_screen(ReviewScreen(items, "fits"))
        for item in items:
            await settle(pilot, app)
            assert card(app).item.id == item.id
            options = app.screen.query_one(OptionList)
            assert options.max_scroll_y == 0, f"{item.id}: the choices scroll ({options.virtual_size.height} rows)"
            assert options.region.height and options.region.bottom <= 23, f"{item.id}: the choices run under the footer"
            await answer_current(pilot, app, right=False)
            await settle(pilot, app)
            verdict = card(app).query_one("#card-verdict")
            shown = verdict.region.intersection(card(app).region)
            where = f"{verdict.region} in {card(app).region}, scroll {card(app).scroll_y}/{card(app).max_scroll_y}"
            assert shown.height >= min(verdict.region.height, card(app).region.height - 1), \
                f"{item.id}: the verdict is not scrolled into view: {where}"
            await pilot.press("enter")
