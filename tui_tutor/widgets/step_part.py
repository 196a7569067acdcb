"""Part of a lesson panel that belongs to some of the panel's views.

At 80×24 a panel has about 13 rows: a lesson with two activities (a sorting exercise and
an explorer, say) shows the one its current step's view is about. From 150 columns on (the
lesson screen's `-wide` class) there is room for all of them, and every part shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.containers import Vertical
from textual.widget import Widget


class StepPart(Vertical):
    """Shown at the views named in `views`, and at every view when wide."""

    SCOPED_CSS = False  # the wide rule starts at the screen, outside this widget
    DEFAULT_CSS = """
    StepPart { height: auto; }
    StepPart.-off { display: none; }
    .-wide StepPart.-off { display: block; }
    """

    def __init__(self, *children: Widget, views: Iterable[str], id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(*children, id=id, classes=classes)
        self.views = frozenset(views)

    def show_for(self, view: str) -> None:
        """Hide this part unless `view` is one of its views (CSS shows it anyway when wide)."""
        self.set_class(view not in self.views, "-off")

    def on_resize(self) -> None:
        """Shown or resized (e.g. the screen turned wide): the panel's keys may have changed."""
        self.refresh_bindings()

    @property
    def visible_now(self) -> bool:
        """Whether the learner can see (and use) this part at the current step and size."""
        return not self.has_class("-off") or self.screen.has_class("-wide")


def show_step_parts(root: Widget, view: str) -> None:
    """Show the `StepPart`s under `root` that belong to `view`; refresh the footer's keys (a
    panel's `check_action` usually asks `visible_now`). A field left focused in a part that
    just went away hands focus back to `root`, so keys never land in an invisible field."""
    for part in root.query(StepPart):
        part.show_for(view)
    focused = root.screen.focused
    if focused is not None and any(isinstance(a, StepPart) and not a.visible_now for a in focused.ancestors):
        root.focus()
    root.refresh_bindings()


def part_visible(root: Widget, selector: str) -> bool:
    """Whether the `StepPart` matching `selector` under `root` is visible now (False before it exists)."""
    parts = root.query(selector).results(StepPart)
    part = next(iter(parts), None)
    return part is not None and part.is_attached and part.visible_now
