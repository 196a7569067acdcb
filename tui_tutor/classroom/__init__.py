"""A connected classroom: one class's shared state in a database, and each tutor's link to it.

No UI imports anywhere in this package.

Parts:

* `store.py`: the `ClassStore` interface and `open_store`/`create_store` by location: a file
  path (`sqlite_store.py`: SQLite in WAL mode, for a class on one server) or a `postgresql://`
  URL (`postgres_store.py` with `postgres.sql`: a class over several servers).
* `schema.py`: the tables, version by version (migrations as data; `schema_version` table).
* `model.py`: the values handed out (`Position`, `ClassState`, `Question`, `LiveQuestion`,
  `LiveAnswer`, `Tally`, `Counts`, `ClassData`) and the rules both stores share.
* `keys.py`: the instructor key file, invite codes, students' own secrets.
* `link.py`: `ClassLink`, what a tutor holds: a thread that talks to the store, a `Snapshot`
  the UI reads, requests that never block, and reconnection by itself.
* `report.py`: the class overview (the instructor's screen and `tui-tutor class report`).
* `cli.py`: `tui-tutor class new|invite|report`; `joining.py`: `tui-tutor --class ...`.

Who is who. A class has one instructor key (a 256-bit random secret in a key file, mode 0600;
the store holds only its SHA-256); whoever holds it is an instructor (a TA too). A student is a
name (`--as`, or over SSH the short fingerprint of their key) claimed with a secret of their
own, kept in their data folder, so nobody else can take the name; in a browser, a student is
an invite code the instructor minted (stored hashed, revocable). Nothing else about students
is stored: names, where they are, their answers, a summary of their own progress and their
reviews (what their review schedule is replayed from).

What the interface guarantees, on both stores. Every call carries its credentials and the store
checks them: without the key, a tutor cannot publish a position, ask or reveal a question,
mint or revoke codes, or read the class's data; the solution of a question and its counts reach
a student only after the reveal; a student can only write and read their own answers and
progress (name and secret). The tests try each of these as a student.

Threat model, honestly:

* SQLite has no access control. Anyone who can write the store file can change anything in it,
  and anyone who can read it can read every answer. What protects the class is who can run
  what: in the SSH set-up (deploy/ssh) every session of the tutor account runs only the tutor,
  with arguments the wrapper chooses, so a student's session can do exactly what the
  interface lets a student do. That account must be able to read the key file for the
  instructor's `--lead` session, so the key is safe only because students cannot run anything
  but the tutor and the wrapper gives `--lead` (and never `--key`) only to instructors' keys.
  Where students have a shell on the server, they must not be able to write (or read) the
  store file: use PostgreSQL instead, or give the file and the key to an account they cannot
  reach.
* PostgreSQL: the tables belong to the role that ran `class new` and nobody else has any
  privilege on them; everyone goes through SECURITY DEFINER functions that check the key or the
  student's secret inside the database. `class new` makes a login role for students (where the
  owner may create roles) that can call those functions and nothing else, so a student who has
  that URL and `psql` can do no more than their tutor: join under a new name, read the
  instructor's position and the open question (not its solution), answer as themselves.
  They can still: fill the class with made-up names (the instructor sees and can revoke them),
  open many connections or send NOTIFYs (a nuisance: set a CONNECTION LIMIT on the role), and
  end other sessions of the same role with pg_terminate_backend (their tutors reconnect by
  themselves). Query parameters (keys, secrets) are sent apart from the query text, so
  pg_stat_activity does not show them; the server's log would, if it logs statements with
  their parameters. Anyone with the owner's URL, or the database's superuser, can do anything.
  Use TLS (`sslmode=require`) when the database is on another machine.
"""
