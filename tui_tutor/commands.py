"""Command palette provider: open any lesson by typing part of its name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui_tutor.messages import LessonChosen


class LessonCommands(Provider):
    """One command per lesson: "Open lesson N: title"."""

    def _commands(self):
        for lesson in self.app.lessons:
            text = f"Open lesson {lesson.number}: {lesson.title}"
            yield text, lesson, partial(self.app.post_message, LessonChosen(lesson.id))

    async def discover(self) -> Hits:
        for text, lesson, action in self._commands():
            yield DiscoveryHit(text, action, help=lesson.summary)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, lesson, action in self._commands():
            score = max(matcher.match(text), matcher.match(lesson.id))
            if score > 0:
                yield Hit(score, matcher.highlight(text), action, help=lesson.summary)
