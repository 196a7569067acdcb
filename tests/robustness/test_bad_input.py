"""Every typed field refuses bad text where it is typed and Enter undoes the whole edit; any
keystrokes leave field and computation equal."""

from __future__ import annotations

import pytest

from tests.helpers import settle
from tests.robustness.monkey import key_event
from tui_tutor.content import load_lessons
from tui_tutor.widgets.param_editor import ParamEditor, ParamField

BAD = ["abc", "", "nan", "inf", "-inf", "1e400", "9" * 400, "1\x00\x1b[2J", "__import__('os')", "1/0"]
"""Refused everywhere. (`-0` is a good number: it is checked separately below.)"""
LESSONS_WITH_FIELDS = [lesson.id for lesson in load_lessons() if lesson.params]


def fields(app) -> list[ParamField]:
    return [f for f in app.screen.query(ParamField) if f.display and f.region.area]


def first_section_of_each_view(app) -> list[int]:
    """One section per view of the open lesson: the fields on screen depend on the view only."""
    seen: dict[str, int] = {}
    for i, section in enumerate(app.screen.lesson.sections):
        seen.setdefault(section.view, i)
    return sorted(seen.values())


@pytest.mark.parametrize("lesson", LESSONS_WITH_FIELDS)
async def test_every_field_refuses_bad_text_and_enter_undoes_the_whole_edit(make_app, lesson):
    """Each bad text is refused where it is typed, the screen says it still computes with the
    value in force, and Enter puts back the value the edit began with (here after a good
    intermediate keystroke, which must not be what comes back)."""
    app = make_app(start=lesson)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        checked: list[ParamField] = []  # (kept alive: an id is never reused for another field)
        for section in first_section_of_each_view(app):
            app.screen.section = section
            await settle(pilot, app)
            for field in fields(app):
                if any(field is done for done in checked):  # the same field, kept on screen by another view
                    continue
                editor = next(a for a in field.ancestors if isinstance(a, ParamEditor))
                field.focus()
                await pilot.pause()
                before, start_text = dict(editor.values), field.value
                for text in BAD:
                    field.value = text
                    await pilot.pause()
                    assert field.has_class("-refused"), f"{lesson}: {field.param.name} took {text!r}"
                    note = editor.note(field.param.name)
                    assert note.startswith("✗ ") and "still computing with" in note
                    assert editor.values == before
                await pilot.press("enter")
                await pilot.pause()
                assert field.value == start_text and not field.has_class("-refused")
                assert editor.values == before, "Enter undid the edit: the computation is back where it was"
                refusals = [m for t, m in app.notices if t == "Value refused"]
                assert refusals and f"Back to {start_text}, the value before this edit." in refusals[-1]
                checked.append(field)
        assert checked, f"{lesson} declares parameters but no field was found"
        await app.workers.wait_for_complete()


async def test_any_keystrokes_then_enter_leave_field_and_computation_equal(make_app):
    """A property over 150 random edits of the neuron's fields: whatever is typed, after Enter
    the field shows exactly the value the screen computes with."""
    import random

    from tui_tutor.content.values import parse_value

    app = make_app(start="neuron")
    rng = random.Random(11)
    keys = list("0123456789.,-e ") + ["a", "backspace", "backspace", "left", "up", "down"]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        editor = app.screen.query_one(ParamEditor)
        seen = set()
        for trial in range(150):
            field = app.screen.query_one(f"#param-{rng.choice(['x', 'w', 'b'])}", ParamField)
            field.focus()
            for key in [*(rng.choice(keys) for _ in range(rng.randint(1, 8))), "enter"]:
                app.post_message(key_event(key))  # as a terminal delivers them: in order, as fast as typed
            await pilot.pause()
            shown = {f.param.name: parse_value(f.param, f.value) for f in app.screen.query(ParamField)}
            assert shown == editor.values == app.screen.panel.values, f"trial {trial}: {shown} vs {editor.values}"
            seen.add(repr(sorted(shown.items())))
        assert len(seen) > 30, "the edits changed the values (the keys reached the fields)"


async def test_minus_zero_is_a_number(make_app):
    app = make_app(start="neuron")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        field = app.screen.query_one("#param-b", ParamField)
        field.value = "-0"
        await settle(pilot, app)
        assert not field.has_class("-refused") and app.screen.panel.values["b"] == 0.0
