"""tui-tutor: a terminal tutor for "Deep Learning Fundamentals II"."""

__version__ = "0.1.0"
