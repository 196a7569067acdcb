"""What is wrong with a lesson file, said as `FILE:LINE: what is wrong; what to write`.

The loader collects every problem of a file (not only the first) so `tui-tutor check`
can list them all; the app refuses a course with any problem and shows the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in one file, and what to write instead."""

    file: str
    line: int
    """1-based line in the file; 0 when the problem is the file as a whole."""
    what: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.what}" + (f"; {self.fix}" if self.fix else "")


class LessonError(Exception):
    """One or more lesson files cannot be used; `problems` lists every one found."""

    def __init__(self, problems: list[Problem] | Problem, partial: object = None) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.partial = partial
        """The lesson as far as it could be read (for `check`, which looks further), or None."""
        super().__init__(str(self.problems[0]) + (f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""))


_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")
_PATH = re.compile(r"^(?P<table>[A-Za-z0-9_.\-]+)\[(?P<index>\d+)\](?:\.(?P<key>[A-Za-z0-9_\-]+))?")


class Locator:
    """Finds the line of a front-matter field: `title`, `params[2].max`, `questions[1]`,
    `data.emails[3].text`, `scenarios[0].set` (an inline table: its key's line).

    TOML parsers give no line numbers, so this reads the front matter line by line,
    counting `[[table]]` headers, which is enough for the shapes lesson files use.
    """

    def __init__(self, text: str) -> None:
        lines = text.splitlines()
        end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == "+++"), len(lines))
        self.lines = lines[:end]

    def line_of(self, path: str) -> int:
        """The 1-based line of `path`; its table's line when the key is absent; else 1."""
        match = _PATH.match(path)
        if match is None:  # a key of the top-level table
            return self._key_line(path.split(".")[0], 1) or 1
        header = self._header_line(match["table"], int(match["index"]))
        if header == 0:
            return 1
        return (self._key_line(match["key"], header + 1) if match["key"] else 0) or header

    def _header_line(self, table: str, index: int) -> int:
        """The line of the `index`-th `[[table]]` header, 0 when there are fewer."""
        seen = -1
        for number, text in enumerate(self.lines, start=1):
            found = _HEADER.match(text)
            if found and found[1] == table:
                seen += 1
                if seen == index:
                    return number
        return 0

    def _key_line(self, key: str, start: int) -> int:
        """The line of `key = ...` from `start` to the next table header, 0 when absent."""
        for number in range(start, len(self.lines) + 1):
            text = self.lines[number - 1]
            if _HEADER.match(text):
                return 0
            found = _KEY.match(text)
            if found and found[1] == key:
                return number
        return 0
