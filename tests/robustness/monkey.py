"""Seeded random key sequences for the monkey tests."""

from __future__ import annotations

import random
import string

SPECIAL = ["up", "down", "left", "right", "pageup", "pagedown", "enter", "escape", "tab", "shift+tab", "space",
           "backspace", "delete", "home", "end", *(f"f{i}" for i in range(1, 11))]
PRINTABLE = [c for c in string.printable if c not in "q\x0b\x0c\r\n\t"]
"""Every printable character but `q` (which quits: the monkey must keep the app running)."""

PTY_SEQUENCES = {"up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D", "pageup": "\x1b[5~",
                 "pagedown": "\x1b[6~", "enter": "\r", "escape": "\x1b", "tab": "\t", "shift+tab": "\x1b[Z",
                 "space": " ", "backspace": "\x7f", "delete": "\x1b[3~", "home": "\x1b[H", "end": "\x1b[F",
                 "f1": "\x1bOP", "f2": "\x1bOQ", "f3": "\x1bOR", "f4": "\x1bOS", "f5": "\x1b[15~",
                 "f6": "\x1b[17~", "f7": "\x1b[18~", "f8": "\x1b[19~", "f9": "\x1b[20~", "f10": "\x1b[21~"}


def monkey_keys(seed: int, count: int) -> list[str]:
    """`count` Textual key names: half special keys, half printable characters."""
    rng = random.Random(seed)
    return [rng.choice(SPECIAL) if rng.random() < 0.5 else rng.choice(PRINTABLE) for _ in range(count)]


def key_event(key: str):
    """The Textual key event a terminal's `key` becomes: a letter or digit is its own name, other
    characters are named by Unicode (`?` is `question_mark`), as Textual's parser does."""
    import unicodedata

    from textual import events
    from textual.keys import KEY_NAME_REPLACEMENTS

    if len(key) > 1:
        return events.Key(key, " " if key == "space" else None)
    name = key if key.isalnum() else unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    return events.Key(KEY_NAME_REPLACEMENTS.get(name, name), key)


def pty_bytes(key: str) -> str:
    """What a terminal sends for `key`."""
    return PTY_SEQUENCES.get(key, key)
