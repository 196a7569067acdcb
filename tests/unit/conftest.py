"""Fixtures for tests/unit: the class store's backends, SQLite and a real PostgreSQL (class_backends.py)."""

from tests.unit.class_backends import klass, maker, postgres, sqlite_class  # noqa: F401 - fixtures
