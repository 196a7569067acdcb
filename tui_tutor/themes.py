"""The tutor's colour themes: everyday dark and light, and high-contrast ones for projectors."""

from __future__ import annotations

from textual.theme import Theme

EVERYDAY = {"dark": "textual-dark", "light": "textual-light"}
"""`--theme` names -> Textual's built-in themes, readable on ordinary screens."""

PROJECTOR = {
    "dark": Theme(
        name="projector-dark", dark=True, primary="#4FC3F7", secondary="#81D4FA", accent="#FFEB3B",
        warning="#FFEB3B", error="#FF5252", success="#69F0AE", foreground="#FFFFFF",
        background="#000000", surface="#000000", panel="#1A1A1A", text_alpha=1.0,
        variables={"footer-key-foreground": "#FFEB3B", "text-muted": "#E0E0E0"},
    ),
    "light": Theme(
        name="projector-light", dark=False, primary="#0D47A1", secondary="#1565C0", accent="#B71C1C",
        warning="#BF360C", error="#B71C1C", success="#1B5E20", foreground="#000000",
        background="#FFFFFF", surface="#FFFFFF", panel="#EEEEEE", text_alpha=1.0,
        variables={"footer-key-foreground": "#B71C1C", "text-muted": "#212121"},
    ),
}
"""High contrast for washed-out projectors: pure black or white, saturated accents, no dimmed text."""


def theme_name(theme: str, presenting: bool) -> str:
    """The Textual theme for `--theme` (dark/light) in or out of presenter mode."""
    return PROJECTOR[theme].name if presenting else EVERYDAY[theme]
