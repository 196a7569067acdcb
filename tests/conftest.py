"""Shared fixtures: a Pilot-driven app that fails the test on any swallowed error."""

from __future__ import annotations

import pytest

from tui_tutor.content import load_course


@pytest.fixture
def course():
    return load_course()


@pytest.fixture
def lessons(course):
    return course.lessons


@pytest.fixture
def make_app(course):
    """Build a TutorApp; after the test, assert that no error was turned into a notice."""
    from tui_tutor.app import TutorApp

    apps = []

    def build(**kwargs):
        app = TutorApp(course, **kwargs)
        apps.append(app)
        return app

    yield build
    for app in apps:
        assert app.errors == [], f"the app swallowed errors: {app.errors!r}"
