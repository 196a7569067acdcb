"""The instructor's hour: a clicker (PageDown/PageUp) starts, walks and ends the lecture; `b`
blanks the wall truly; the key number grows with the window; notices never stack over the screen."""

from __future__ import annotations

import re

from tests.helpers import screen_lines, screen_text, settle
from tui_tutor.progress import ProgressStore
from tui_tutor.screens.blank import BlankScreen
from tui_tutor.screens.contents import ContentsScreen
from tui_tutor.screens.lesson import LessonScreen


async def test_pagedown_on_the_contents_starts_the_lecture(make_app):
    app = make_app(presenting=True)
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ContentsScreen)
        await pilot.press("pagedown")
        await settle(pilot, app)
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "neuron" and app.screen.section == 0
        await pilot.press("pageup")
        await settle(pilot, app)
        assert isinstance(app.screen, ContentsScreen), "PageUp at the first step goes back to the contents"


async def test_the_resume_dialog_answers_a_clicker_and_q(make_app, tmp_path):
    store = ProgressStore(tmp_path)
    store.save(store.load().visit("softmax", 2))
    app = make_app(store=store, presenting=True)
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot, app)
        assert "Welcome back" in screen_text(app) and "PageDown" in screen_text(app)
        await pilot.press("pagedown")
        await settle(pilot, app)
        assert app.screen.lesson.id == "softmax" and app.screen.section == 2
    app = make_app(store=store)
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running, "q quits at the resume dialog too"


async def test_b_leaves_nothing_readable_and_any_key_brings_the_slide_back(make_app):
    app = make_app(start="neuron", presenting=True)
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot, app)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)
        assert all(not line.strip() for line in screen_lines(app)), "not a character on the wall"
        terminal = app.export_screenshot().split("-clip-terminal)", 1)[1]  # the cells, not the window's frame
        colours = set(re.findall(r'<rect fill="(#[0-9a-fA-F]{6})"', terminal))
        assert colours == {"#000000"}, f"only black is drawn: {colours}"
        await pilot.press("pagedown")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.section == 0, "the key only brings the slide back"


async def test_the_key_number_grows_with_the_window(make_app):
    heights = {}
    for size in ((120, 32), (160, 45), (200, 60)):
        app = make_app(start="neuron", presenting=True)
        async with app.run_test(size=size) as pilot:
            await settle(pilot, app)
            number = app.screen.query_one("#headline-number")
            heights[size] = number.region.height
            rows = screen_lines(app)[number.region.y:number.region.bottom]
            drawn = [line[number.region.x:number.region.right] for line in rows]
            assert any("█" in line for line in drawn), "drawn in block glyphs"
    assert heights[(120, 32)] >= 5 and heights[(120, 32)] < heights[(160, 45)] < heights[(200, 60)], heights


async def test_sixty_presses_past_the_end_leave_one_notice(make_app):
    app = make_app(start="backpropagation", presenting=True)
    async with app.run_test(size=(120, 32)) as pilot:
        await settle(pilot, app)
        app.screen.section = len(app.screen.lesson.sections) - 1
        await settle(pilot, app)
        for _ in range(60):
            app.screen.post_message(__import__("tui_tutor.messages").messages.LessonLeft("backpropagation", +1))
        await settle(pilot, app)
        assert "The end" in screen_lines(app)[0]
        assert not app.screen.query("Toast"), "no toast stacks over the slide"
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
