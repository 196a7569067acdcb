"""Lesson files -> validated plain dataclasses. No UI imports here."""

from tui_tutor.content.loader import LessonError, load_lesson, load_lessons, lessons_dir
from tui_tutor.content.model import Lesson, Param, Question, Section

__all__ = ["Lesson", "LessonError", "Param", "Question", "Section", "load_lesson", "load_lessons", "lessons_dir"]
