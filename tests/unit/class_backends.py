"""Fixtures for the class store tests: a fresh class on SQLite or on a real PostgreSQL server.

A test module imports `postgres` and `klass`: tests using `klass` run once per backend (the
PostgreSQL run marked slow); `klass.make()` creates another class of the same backend.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.class_postgres import PostgresServer
from tui_tutor.classroom.keys import new_secret
from tui_tutor.classroom.schema import LATEST
from tui_tutor.classroom.store import ClassStore, open_store

BACKENDS = [pytest.param("sqlite", id="sqlite"), pytest.param("postgres", id="postgres", marks=pytest.mark.slow)]


@dataclass
class Klass:
    """One class: where it is, its instructor key, and the URL students use (PostgreSQL's
    students' role; for SQLite the same file)."""

    backend: str
    location: str
    key: str
    student_location: str

    def open(self, as_student: bool = False) -> ClassStore:
        return open_store(self.student_location if as_student else self.location)


@dataclass
class ClassMaker:
    backend: str
    folder: Path
    server: PostgresServer | None

    def make(self, version: int = LATEST) -> Klass:
        key = new_secret()
        if self.backend == "sqlite":
            from tui_tutor.classroom.sqlite_store import SqliteStore

            location = str(self.folder / f"class-{new_secret()[:8]}.db")
            SqliteStore.create(location, key, version)
            return Klass("sqlite", location, key, location)
        from tui_tutor.classroom.postgres_store import PostgresStore

        assert self.server is not None
        location = self.server.new_database()
        students = PostgresStore.create(location, key, version)
        assert students is not None  # the owner has CREATEROLE
        return Klass("postgres", location, key, students)


@pytest.fixture(scope="session")
def postgres():
    server = PostgresServer()
    yield server
    server.close()


@pytest.fixture(params=BACKENDS)
def maker(request, tmp_path) -> ClassMaker:
    server = request.getfixturevalue("postgres") if request.param == "postgres" else None
    return ClassMaker(request.param, tmp_path, server)


@pytest.fixture
def klass(maker) -> Klass:
    return maker.make()


@pytest.fixture
def sqlite_class(tmp_path) -> Klass:
    """A class in an SQLite file only (for what only a file can suffer: locks, deletion, garbage)."""
    return ClassMaker("sqlite", tmp_path, None).make()
