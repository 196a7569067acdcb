"""Lesson files and course folders -> validated plain dataclasses. No UI imports here."""

from tui_tutor.content.course import course_folder, lessons_dir, load_course, load_lessons
from tui_tutor.content.loader import load_lesson
from tui_tutor.content.model import Course, Lesson, Param, Question, Scenario, Section
from tui_tutor.content.problems import LessonError, Problem

__all__ = [
    "Course", "Lesson", "LessonError", "Param", "Problem", "Question", "Scenario", "Section",
    "course_folder", "lessons_dir", "load_course", "load_lesson", "load_lessons",
]
