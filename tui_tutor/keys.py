"""Every key the tutor answers to, in one table: the help screen and README come from here."""

from __future__ import annotations

WELCOME = "Welcome back"
"""Where the keys of the resume offer are listed (its text comes from their rows)."""
HINT_KEY, HINT_NAME = "f3", "F3"
"""The hint's key, and its one name in footers and help: it works also while a number is being
typed (where `h` is a letter of the answer)."""
HINT_ALIAS = "h"
"""The hint's second key, where no answer field takes letters (a choice question); never shown."""

KEYS: tuple[tuple[str, str, str], ...] = (
    ("Everywhere", "→  PageDown  n", "next step (at a lesson's last step: the next lesson)"),
    ("Everywhere", "←  PageUp  p", "previous step"),
    ("Everywhere", "]  [", "next / previous lesson"),
    ("Everywhere", "Esc", "leave a field; again: back to the contents"),
    ("Everywhere", "Ctrl+P", "command palette: open any lesson by name"),
    ("Everywhere", "?  F1", "this help"),
    ("Everywhere", "q  Ctrl+Q", "quit (Ctrl+Q also from inside a field)"),
    ("Everywhere", "F5", "presenter mode on/off (projector theme, key numbers large)"),
    ("Presenting", "b  .", "blank the screen; any key brings it back"),
    (WELCOME, "Enter  PageDown", "resume where you left off"),
    (WELCOME, "Esc  PageUp", "start at the contents"),
    ("Contents", "↑ ↓  Enter", "choose a lesson and open it"),
    ("Contents", "r", "review: today's due cards, new ones from the lessons you visited mixed in"),
    ("Contents", "s", "review statistics: due per day, retention, weakest lessons"),
    ("Lesson", "Tab  Shift+Tab", "move between the fields and the text"),
    ("Lesson", "↑ ↓  (in a field)", "nudge the number under the cursor, or cycle a choice (Shift: ×10)"),
    ("Lesson", "Enter  (in a field)", "accept; a refused value goes back to the last good one"),
    ("Lesson", "x", "predict, then reveal: an exercise with fresh numbers"),
    ("Lesson", "k", "check yourself: this lesson's review questions"),
    ("Lesson", "F2", "next scenario (an instructor's preset values)"),
    ("Lesson", "c", "show the PyTorch code for what is on screen"),
    ("Lesson", "e", "export that code to a .py file you can run with python"),
    ("Lesson", "↑ ↓  (no field)", "scroll the lesson text"),
    ("Review", "1–9  or ↑ ↓ Enter", "choose an answer; numbers: type, Enter checks"),
    ("Review", HINT_NAME, f"show the hint ({HINT_ALIAS} too, where no answer is being typed)"),
    ("Review", "Enter  n", "next question, once answered"),
    ("Review", "Enter  a", "a long session: 10 now, or all of them"),
    ("Review", "Esc", "end with the score so far; again: back"),
    ("Review", "r", "at the end: the missed ones again, with fresh numbers"),
)


def keys_at(where: str) -> tuple[tuple[str, str], ...]:
    """The (keys, what they do) rows of the table for one place ("Contents", `WELCOME`, ...)."""
    return tuple((keys, what) for place, keys, what in KEYS if place == where)
