"""The lecture's navigation: contents, step keys, lesson jumps, help, palette, size notice."""

from __future__ import annotations

import pytest

from tests.helpers import plain_text, settle, text_of
from tui_tutor.screens.contents import ContentsScreen
from tui_tutor.screens.help import HelpScreen
from tui_tutor.screens.lesson import LessonScreen
from tui_tutor.screens.too_small import TooSmallScreen


async def test_contents_lists_every_lesson(make_app, lessons):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ContentsScreen)
        from textual.widgets import OptionList

        options = app.screen.query_one(OptionList)
        assert options.option_count == len(lessons)
        first = plain_text(options.get_option_at_index(0).prompt)
        assert lessons[0].title in first and lessons[0].summary in first
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == lessons[0].id


@pytest.mark.parametrize("forward,back", [("right", "left"), ("pagedown", "pageup"), ("n", "p")])
async def test_step_keys_walk_sections(make_app, lessons, forward, back):
    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert screen.section == 0
        await pilot.press(forward, forward)
        assert screen.section == 2
        assert "step 3/" in text_of(screen.query_one("#lesson-bar"))
        await pilot.press(back)
        assert screen.section == 1


async def test_whole_lecture_walks_forward_and_back(make_app, lessons):
    """PageDown visits every section of every lesson in order (a panel may take steps of its
    own in between: iterations, graph nodes); PageUp walks all the way back."""
    app = make_app(start=lessons[0].id)
    expected = [(lesson.id, i) for lesson in lessons for i in range(len(lesson.sections))]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)

        async def walk(key: str, goal: tuple[str, int]) -> list[tuple[str, int]]:
            seen = [(app.screen.lesson.id, app.screen.section)]
            for _ in range(2000):
                if seen[-1] == goal:
                    break
                await pilot.press(key)
                await pilot.pause()
                here = (app.screen.lesson.id, app.screen.section)
                if here != seen[-1]:
                    seen.append(here)
            return seen

        assert await walk("pagedown", expected[-1]) == expected
        await app.workers.wait_for_complete()
        await pilot.press("pagedown")
        await pilot.pause()
        assert (app.screen.lesson.id, app.screen.section) == expected[-1], "the last step stays put"
        back = await walk("pageup", expected[0])
        assert back[-1] == expected[0]
        assert set(back) == set(expected)
        await app.workers.wait_for_complete()
        await settle(pilot, app)


async def test_escape_returns_to_contents_with_lesson_highlighted(make_app, lessons):
    from textual.widgets import OptionList

    app = make_app(start=lessons[-1].id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.contents_screen() is None, "a tutor started in a lesson makes the contents only when asked"
        await pilot.press("escape")
        assert isinstance(app.screen, ContentsScreen)
        assert app.screen.query_one(OptionList).highlighted == len(lessons) - 1
        assert "◐ step 1/" in plain_text(app.screen.query_one(OptionList).get_option(lessons[-1].id).prompt), \
            "the contents made on the way back mark the lesson just visited"
        await pilot.press("up", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == lessons[-2].id
        await pilot.press("escape")
        assert isinstance(app.screen, ContentsScreen)
        assert app.screen.query_one(OptionList).highlighted == len(lessons) - 2
        assert [type(s) for s in app.screen_stack[1:]] == [ContentsScreen], "the contents alone, made again"
        await pilot.press("enter")
        await settle(pilot, app)
        assert [type(s) for s in app.screen_stack[1:]] == [LessonScreen], "no contents kept under a lesson"


async def test_bracket_keys_jump_lessons(make_app, lessons):
    if len(lessons) < 2:
        pytest.fail("needs two lessons")
    app = make_app(start=lessons[0].id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("right_square_bracket")
        await settle(pilot, app)
        assert app.screen.lesson.id == lessons[1].id and app.screen.section == 0
        await pilot.press("left_square_bracket")
        await settle(pilot, app)
        assert app.screen.lesson.id == lessons[0].id


async def test_a_lesson_left_is_freed(make_app, lessons):
    """A lesson left behind (from the contents, then on to the next two) leaves nothing alive:
    not its screen, not its plot (a plotext plot joins the App's theme signal on mount)."""
    import gc
    import weakref

    from tui_tutor.widgets.plot_panel import PlotPanel

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        screen = app.screen
        assert screen.lesson.id == lessons[0].id
        left = [weakref.ref(screen), *(weakref.ref(plot) for plot in screen.query(PlotPanel))]
        assert len(left) > 1, "the first lesson draws a plot"
        del screen
        for _ in range(2):
            await pilot.press("right_square_bracket")
            await settle(pilot, app)
        assert app.screen.lesson.id == lessons[2].id
        gc.collect()
        assert [ref() for ref in left if ref() is not None] == []


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_lists_every_key(make_app, key):
    from tui_tutor.keys import KEYS

    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press(key)
        assert isinstance(app.screen, HelpScreen)
        shown = text_of(app.screen.query("Static").last())
        for _, keys, _ in KEYS:
            assert keys.split()[0] in shown
        await pilot.press("escape")
        assert isinstance(app.screen, LessonScreen)


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_opens_over_the_pytorch_code_too(make_app, key):
    from tui_tutor.screens.code import CodeScreen

    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CodeScreen)
        await pilot.press(key)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, CodeScreen), "Esc closes the help, not the code under it"


async def test_command_palette_opens_a_lesson_by_name(make_app, lessons):
    app = make_app()
    target = lessons[-1]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*target.title)
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == target.id


async def test_small_terminal_shows_a_notice_until_resized(make_app):
    app = make_app(start="neuron")
    async with app.run_test(size=(70, 20)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, TooSmallScreen)
        assert "70×20" in text_of(app.screen.query_one("#too-small-text"))
        await pilot.resize_terminal(80, 24)
        await settle(pilot, app)
        assert isinstance(app.screen, LessonScreen)
        await pilot.resize_terminal(79, 24)
        await settle(pilot, app)
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(200, 60)
        await settle(pilot, app)
        assert isinstance(app.screen, LessonScreen) and app.screen.has_class("-wide")


async def test_unexpected_error_becomes_a_notification(course, monkeypatch):
    from tui_tutor.app import TutorApp

    monkeypatch.setattr(LessonScreen, "action_show_code", lambda self: 1 / 0)
    app = TutorApp(course, start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        assert len(app.errors) == 1 and isinstance(app.errors[0], ZeroDivisionError)
        assert any("Something went wrong" in t for t, m in app.notices)
        assert app.is_running
        await pilot.press("pagedown")
        await settle(pilot, app)
        assert app.screen.section == 1, "still answering keys"


@pytest.mark.parametrize("theme", ["dark", "light"])
async def test_themes(make_app, theme):
    app = make_app(theme=theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.current_theme.dark is (theme == "dark")


async def test_q_quits(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_presenter_mode_theme_headline_blank_and_scenarios(make_app):
    from tui_tutor.screens.blank import BlankScreen

    app = make_app(start="neuron", presenting=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert app.theme == "projector-dark" and app.has_class("-presenting")
        assert app.screen.query_one("#headline").display
        assert app.screen.query_one("#headline-number").text == "0.5374"
        await pilot.press("b")
        assert isinstance(app.screen, BlankScreen)
        await pilot.press("space")
        assert isinstance(app.screen, LessonScreen)
        await pilot.press("f2")
        await settle(pilot, app)
        assert app.screen.panel.values["activation"] == "relu" and app.screen.panel.values["b"] == -3.0
        await pilot.press("f5")
        await settle(pilot, app)
        assert app.theme == "textual-dark" and not app.screen.query_one("#headline").display
        await pilot.press("b")
        assert isinstance(app.screen, LessonScreen), "b blanks only while presenting"


async def test_blank_never_steals_typing(make_app):
    app = make_app(start="neuron", presenting=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = app.screen.query_one("#param-activation")
        field.focus()
        field.value = ""
        await pilot.press("t", "a", "n", "h")
        await settle(pilot, app)
        assert app.screen.panel.values["activation"] == "tanh"
        field.value = ""
        await pilot.press(*"sigmoid")
        assert field.value == "sigmoid"
