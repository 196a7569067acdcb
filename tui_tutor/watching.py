"""`--watch`: an instructor edits a lesson file and sees it in the running tutor within a second."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tui_tutor.content.course import course_files

if TYPE_CHECKING:
    from tui_tutor.app import TutorApp


class CourseWatcher:
    """Looks at the course's files twice a second and asks the app to reload when one changed."""

    INTERVAL = 0.5

    def __init__(self, app: TutorApp, folder: Path) -> None:
        self.app, self.folder = app, folder
        self.seen = self.stamp()
        app.set_interval(self.INTERVAL, self.check)

    def stamp(self) -> tuple[tuple[str, int, int], ...]:
        """Every file of the course with its modification time and size (a few stat calls)."""
        stamps = []
        for path in course_files(self.folder):
            try:
                info = path.stat()
            except OSError:
                continue
            stamps.append((str(path), info.st_mtime_ns, info.st_size))
        return tuple(stamps)

    def check(self) -> None:
        stamp = self.stamp()
        if stamp != self.seen:
            self.seen = stamp
            self.app.reload_course(self.folder)
