"""Regenerate `screenshots/*.svg` from the real app: the contents, then every lesson.

Run: .venv/bin/python scripts/screenshots.py  (sizes: 80×24 and one wide 160×45 shot per lesson)
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tui_tutor.app import TutorApp
from tui_tutor.content import load_course, load_lessons

OUT = Path(__file__).resolve().parent.parent / "screenshots"
MID_RUN = {
    "gradient-descent": (2, ("full_stop",) * 8),  # "Run it": eight iterations (. is one)
    "gradient-descent-3d": (2, ("full_stop",) * 12),  # the elongated bowl's zig-zag
}
"""Lessons shot mid-run (section, keys) instead of at a middle section, wide and at 80×24 (`-run`)."""


async def shoot(name: str, size: tuple[int, int], keys: tuple[str, ...] = (), section: int = 0, **kwargs) -> None:
    """Start the app with `kwargs` (at lesson `section`), press `keys`, wait for its workers, save `name`.svg."""
    app = TutorApp(load_course(), **kwargs)
    async with app.run_test(size=size) as pilot:
        if section:
            await pilot.pause()
            app.screen.section = section
        for key in ("", *keys):
            if key:
                await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.pause(0.05)  # plots that follow the numbers by a timer
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))
    print(f"screenshots/{name}.svg")


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    await shoot("contents", (80, 24))
    await shoot("help", (80, 24), ("f1",))
    for lesson in load_lessons():
        name = f"{lesson.number:02d}-{lesson.id}"
        await shoot(name, (80, 24), start=lesson.id)
        section, keys = MID_RUN.get(lesson.id, (len(lesson.sections) // 2, ()))
        await shoot(f"{name}-wide", (160, 45), keys, section=section, start=lesson.id)
        if keys:
            await shoot(f"{name}-run", (80, 24), keys, section=section, start=lesson.id)
    await shoot("01-neuron-light", (80, 24), start="neuron", theme="light")


if __name__ == "__main__":
    asyncio.run(main())
