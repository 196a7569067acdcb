"""`textual_compat.release_styles_caches`: a widget's rendered lines go when the widget goes.

Textual's `StylesCache.get_inner_outer` caches on the instance (Textual issue #6665), so every
widget that ever rendered kept its `StylesCache`, with every line it drew, alive: the tutor's
sessions grew by about 13 MB over one walk through the lecture. The colours must stay the same.
"""

from __future__ import annotations

import gc

import pytest
from textual.app import App
from textual.color import Color
from textual.widgets import Label

from tui_tutor.textual_compat import release_styles_caches


@pytest.fixture
def textual_own(monkeypatch):
    """Textual's own `get_inner_outer` for this test (another test's tutor may have released it
    for the whole process); the one in place before comes back afterwards."""
    from textual._styles_cache import StylesCache

    method = StylesCache.get_inner_outer
    monkeypatch.setattr(StylesCache, "get_inner_outer", getattr(method, "textual_method", method))
    return StylesCache.get_inner_outer


@pytest.fixture
def released(textual_own):
    """Released for this test only; Textual's own method is returned."""
    release_styles_caches()
    release_styles_caches()  # a second call changes nothing
    return textual_own


def alive_styles_caches() -> int:
    from textual._styles_cache import StylesCache

    gc.collect()
    return sum(type(o) is StylesCache for o in gc.get_objects())  # type(): no attribute lookups on what it finds


class Rebuilding(App):
    """Mounts 40 labels and removes them again, as a lesson screen's widgets come and go."""

    CSS = "Label.card { background: red 50%; }"

    async def rebuild(self) -> None:
        await self.screen.remove_children()
        await self.screen.mount_all(Label(f"card {i}", classes="card") for i in range(40))


async def rebuilt_ten_times() -> int:
    """StylesCaches alive after ten rebuilds, each rendered, with the app still running."""
    app = Rebuilding()
    async with app.run_test(size=(40, 60)) as pilot:
        for _ in range(10):
            await app.rebuild()
            await pilot.pause()
        return alive_styles_caches()


async def test_widgets_that_are_gone_keep_no_styles_cache(released):
    assert await rebuilt_ten_times() < 100, "the 400 labels removed keep their StylesCaches"


async def test_textual_alone_keeps_them_which_is_why_this_exists(textual_own):
    """The test above would pass for a reason other than the release if Textual had fixed this:
    then this fails, and `release_styles_caches` can go."""
    textual_own.cache_clear()
    assert await rebuilt_ten_times() >= 400


def test_the_same_colours_come_back(released):
    from textual._styles_cache import StylesCache

    base, background = Color.parse("#203040"), Color.parse("rgba(255, 0, 0, 0.5)")
    assert StylesCache().get_inner_outer(base, background) == released(StylesCache(), base, background)
    assert StylesCache().get_inner_outer(base, background) is StylesCache().get_inner_outer(base, background)
