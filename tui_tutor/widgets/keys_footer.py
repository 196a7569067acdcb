"""The bottom row: the keys that work now, with `? help` always at its right end.

One widget draws the whole row. Textual's Footer makes a widget for every key and composes
them again once the screen's bindings are known: headless, `tui-tutor neuron` settled its first
frame in 134–150 ms with it and in 93 ms without, and every lesson left a footer's worth of
widgets to collect.

At 80 columns a lesson's own keys, the lecture's and the screen's do not always fit: the row then
leaves out the last of them whole (`dropped` names them), and never `?` (the help lists every key).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

HELP = "?"
HELP_LABEL = "help"


class KeysFooter(Widget):
    """The keys of the screen's active bindings that are shown, each once per action, in order; a
    key that is disabled now is dimmed; a click on a key presses it."""

    COMPONENT_CLASSES = {"keys-footer--key", "keys-footer--description", "keys-footer--item"}
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom; height: 1; background: $footer-background; color: $footer-foreground;
        & > .keys-footer--item { background: $footer-item-background; }
        & > .keys-footer--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        & > .keys-footer--description {
            color: $footer-description-foreground; background: $footer-description-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[tuple[int, int, str]] = []
        """Where each key drawn last sits: (first column, end column, key)."""
        self.dropped: tuple[str, ...] = ()
        """The keys the last drawing had no room for."""
        self.help_from = 0
        """The column where `? help` starts."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def keys(self) -> list[tuple[Binding, bool]]:
        """The bindings to show, first of each action, with whether each is enabled now."""
        seen: set[str] = set()
        shown = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                shown.append((binding, enabled))
        return shown

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keys-footer--key")
        description_style = self.get_component_rich_style("keys-footer--description")
        item_style = self.get_component_rich_style("keys-footer--item")
        hint = Text.assemble(" ", (HELP, Style(bold=True)), f" {HELP_LABEL} ")
        room = self.size.width - hint.cell_len
        row, spans, dropped = Text(no_wrap=True, overflow="crop"), [], []
        for binding, enabled in self.keys():
            shown = self.app.get_key_display(binding)
            item = Text.assemble((shown, key_style), (f" {binding.description}", description_style))
            item.stylize_before(item_style)
            if not enabled:
                item.stylize(Style(dim=True))
            if dropped or row.cell_len + item.cell_len > room:
                dropped.append(shown)
                continue
            spans.append((row.cell_len, row.cell_len + item.cell_len, binding.key.split(",")[0]))
            row.append_text(item)
            row.append(" ")
        self.spans, self.dropped, self.help_from = spans, tuple(dropped), room
        row.pad_right(max(room - row.cell_len, 0))
        row.append_text(hint)
        return row

    def on_click(self, event: events.Click) -> None:
        for first, end, key in self.spans:
            if first <= event.x < end:
                self.app.simulate_key(key)
                return
        if event.x >= self.help_from:
            self.app.simulate_key("question_mark")
