"""The class store's tables, version by version, for SQLite and PostgreSQL.

Each `Migration` takes a store from `version - 1` to `version`; a store records the version it
is at in `schema_version`. Opening a store applies the steps it lacks in one transaction (a
store from a newer tui-tutor is refused, never downgraded). Steps only ever add: a released
step is never edited, a change is a new step.

On PostgreSQL the tables live in their own schema, `tui_tutor_class`, that only its owner can
read or write; everyone else goes through the functions in `postgres.sql`, which are
installed again after every migration (they are code, not data).
"""

from __future__ import annotations

from dataclasses import dataclass

PG_SCHEMA = "tui_tutor_class"


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    what: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]


MIGRATIONS = (
    Migration(
        1, "members, the instructor's position, live questions and answers, progress summaries",
        sqlite=(
            "CREATE TABLE schema_version (version INTEGER NOT NULL)",
            "INSERT INTO schema_version VALUES (0)",
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE members (name TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, joined_at REAL NOT NULL)",
            "CREATE TABLE class_state (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL,"
            " lesson_id TEXT, step INTEGER NOT NULL DEFAULT 0, scenario TEXT, params TEXT NOT NULL DEFAULT '{}',"
            " iteration INTEGER NOT NULL DEFAULT 0, leader TEXT, at REAL NOT NULL DEFAULT 0, question_id INTEGER)",
            "INSERT INTO class_state (id, version) VALUES (1, 0)",
            "CREATE TABLE questions (id INTEGER PRIMARY KEY AUTOINCREMENT, item_id TEXT NOT NULL, kind TEXT NOT NULL,"
            " lesson_id TEXT NOT NULL, public TEXT NOT NULL, n_choices INTEGER NOT NULL, answer REAL NOT NULL,"
            " tolerance REAL NOT NULL, explanation TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'open',"
            " asked_at REAL NOT NULL, revealed_at REAL)",
            "CREATE TABLE answers (question_id INTEGER NOT NULL REFERENCES questions(id),"
            " name TEXT NOT NULL REFERENCES members(name), value REAL NOT NULL, correct INTEGER NOT NULL,"
            " at REAL NOT NULL, PRIMARY KEY (question_id, name))",
            "CREATE TABLE lesson_progress (name TEXT NOT NULL REFERENCES members(name), lesson_id TEXT NOT NULL,"
            " visited INTEGER NOT NULL, completed INTEGER NOT NULL, PRIMARY KEY (name, lesson_id))",
            "CREATE TABLE item_progress (name TEXT NOT NULL REFERENCES members(name), item_id TEXT NOT NULL,"
            " right_count INTEGER NOT NULL, wrong_count INTEGER NOT NULL, PRIMARY KEY (name, item_id))",
        ),
        postgres=(
            f"CREATE SCHEMA {PG_SCHEMA}",
            f"REVOKE ALL ON SCHEMA {PG_SCHEMA} FROM PUBLIC",
            f"GRANT USAGE ON SCHEMA {PG_SCHEMA} TO PUBLIC",
            f"CREATE TABLE {PG_SCHEMA}.schema_version (version integer NOT NULL)",
            f"INSERT INTO {PG_SCHEMA}.schema_version VALUES (0)",
            f"GRANT SELECT ON {PG_SCHEMA}.schema_version TO PUBLIC",
            f"CREATE TABLE {PG_SCHEMA}.meta (key text PRIMARY KEY, value text NOT NULL)",
            f"CREATE TABLE {PG_SCHEMA}.members (name text PRIMARY KEY, secret_hash text NOT NULL,"
            " joined_at double precision NOT NULL)",
            f"CREATE TABLE {PG_SCHEMA}.class_state (id integer PRIMARY KEY CHECK (id = 1), version bigint NOT NULL,"
            " lesson_id text, step integer NOT NULL DEFAULT 0, scenario text, params text NOT NULL DEFAULT '{}',"
            " iteration integer NOT NULL DEFAULT 0, leader text, at double precision NOT NULL DEFAULT 0,"
            " question_id bigint)",
            f"INSERT INTO {PG_SCHEMA}.class_state (id, version) VALUES (1, 0)",
            f"CREATE TABLE {PG_SCHEMA}.questions (id bigserial PRIMARY KEY, item_id text NOT NULL, kind text NOT NULL,"
            " lesson_id text NOT NULL, public text NOT NULL, n_choices integer NOT NULL,"
            " answer double precision NOT NULL, tolerance double precision NOT NULL, explanation text NOT NULL,"
            " state text NOT NULL DEFAULT 'open', asked_at double precision NOT NULL, revealed_at double precision)",
            f"CREATE TABLE {PG_SCHEMA}.answers (question_id bigint NOT NULL REFERENCES {PG_SCHEMA}.questions(id),"
            f" name text NOT NULL REFERENCES {PG_SCHEMA}.members(name), value double precision NOT NULL,"
            " correct boolean NOT NULL, at double precision NOT NULL, PRIMARY KEY (question_id, name))",
            f"CREATE TABLE {PG_SCHEMA}.lesson_progress (name text NOT NULL REFERENCES {PG_SCHEMA}.members(name),"
            " lesson_id text NOT NULL, visited boolean NOT NULL, completed boolean NOT NULL,"
            " PRIMARY KEY (name, lesson_id))",
            f"CREATE TABLE {PG_SCHEMA}.item_progress (name text NOT NULL REFERENCES {PG_SCHEMA}.members(name),"
            " item_id text NOT NULL, right_count integer NOT NULL, wrong_count integer NOT NULL,"
            " PRIMARY KEY (name, item_id))",
        ),
    ),
    Migration(
        2, "invite codes for browser students (revocable) and presence: who is connected, following, stuck",
        sqlite=(
            "ALTER TABLE members ADD COLUMN origin TEXT NOT NULL DEFAULT 'join'",
            "ALTER TABLE members ADD COLUMN revoked_at REAL",
            "CREATE UNIQUE INDEX members_secret ON members (secret_hash)",
            "CREATE TABLE presence (name TEXT PRIMARY KEY REFERENCES members(name), seen_at REAL,"
            " lesson_id TEXT, step INTEGER NOT NULL DEFAULT 0, step_at REAL, following INTEGER NOT NULL DEFAULT 0)",
        ),
        postgres=(
            f"ALTER TABLE {PG_SCHEMA}.members ADD COLUMN origin text NOT NULL DEFAULT 'join'",
            f"ALTER TABLE {PG_SCHEMA}.members ADD COLUMN revoked_at double precision",
            f"CREATE UNIQUE INDEX members_secret ON {PG_SCHEMA}.members (secret_hash)",
            f"CREATE TABLE {PG_SCHEMA}.presence (name text PRIMARY KEY REFERENCES {PG_SCHEMA}.members(name),"
            " seen_at double precision, lesson_id text, step integer NOT NULL DEFAULT 0,"
            " step_at double precision, following boolean NOT NULL DEFAULT false)",
        ),
    ),
    Migration(
        3, "the students' review schedules: every review of every card (replayed through FSRS when read)",
        sqlite=(
            "CREATE TABLE reviews (name TEXT NOT NULL REFERENCES members(name), card TEXT NOT NULL, id TEXT NOT NULL,"
            " day TEXT NOT NULL, rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4), correct INTEGER NOT NULL,"
            " at REAL NOT NULL, PRIMARY KEY (name, id))",
        ),
        postgres=(
            f"CREATE TABLE {PG_SCHEMA}.reviews (name text NOT NULL REFERENCES {PG_SCHEMA}.members(name),"
            " card text NOT NULL, id text NOT NULL, day date NOT NULL,"
            " rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 4), correct boolean NOT NULL,"
            " at double precision NOT NULL, PRIMARY KEY (name, id))",
        ),
    ),
)

LATEST = MIGRATIONS[-1].version


def pending(current: int, target: int = LATEST) -> tuple[Migration, ...]:
    """The steps from version `current` to `target`, in order."""
    return tuple(m for m in MIGRATIONS if current < m.version <= target)
