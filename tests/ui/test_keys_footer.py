"""The footer row: the screen's shown keys, one per action, `? help` pinned right, clicks press keys."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen

from tests.helpers import screen_lines
from tui_tutor.widgets.keys_footer import KeysFooter


class KeysScreen(Screen):
    BINDINGS = [
        Binding("right,pagedown", "count('next')", "next", key_display="→"),
        Binding("n", "count('next')", "next again"),  # the same action: shown once, as its first key
        Binding("c", "count('code')", "code"),
        Binding("x", "count('never')", "off"),
        Binding("z", "count('hidden')", "hidden", show=False),
        Binding("w", "count('wide')", "a rather long description"),
        Binding("question_mark", "count('help')", "help", show=False),  # pinned right, as the App's
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield KeysFooter()

    def action_count(self, what: str) -> None:
        self.pressed.append(what)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if parameters == ("never",) else True  # None: shown, dimmed, does nothing


class KeysApp(App):
    def on_mount(self) -> None:
        self.push_screen(KeysScreen())


async def test_each_shown_action_once_help_at_the_right_and_what_does_not_fit_dropped():
    app = KeysApp()
    async with app.run_test(size=(50, 3)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        assert screen_lines(app)[-1].rstrip() == "→ next c code x off".ljust(43) + "? help"
        row = footer.render()
        assert footer.dropped == ("w",), "the long key does not fit whole, so it is left out"
        dimmed = [span for span in row.spans if "dim" in str(span.style)]
        assert dimmed and all(row.plain[s.start:s.end].strip() in ("x off", "x", "off") for s in dimmed), dimmed
        await pilot.resize_terminal(100, 3)
        await pilot.pause()
        assert screen_lines(app)[-1].startswith("→ next c code x off w a rather long description ")
        assert footer.dropped == ()


async def test_a_click_on_a_key_presses_it():
    app = KeysApp()
    async with app.run_test(size=(60, 3)) as pilot:
        await pilot.pause()
        await pilot.click(KeysFooter, offset=(9, 0))  # on "c code"
        await pilot.click(KeysFooter, offset=(2, 0))  # on "→ next"
        await pilot.click(KeysFooter, offset=(55, 0))  # on "? help", pinned at the right end
        await pilot.pause()
        assert app.screen.pressed == ["code", "next", "help"]
