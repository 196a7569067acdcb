"""A throw-away PostgreSQL server from Debian's package, for the class store's tests and benchmark.

`initdb` and `pg_ctl` in a temporary folder, listening on a unix socket in that folder only
(no TCP port), password authentication (scram) for every role. As root it runs as the
`postgres` account, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from contextlib import suppress
from pathlib import Path
from urllib.parse import quote

SUPERUSER = "postgres"
OWNER = "class_owner"
"""A role that owns the class databases: no superuser, but it may create the students' role."""


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian keeps it off PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PostgresServer:
    """A running server; `url(db, role)` for connecting, `stop`/`start` to take it away and back."""

    def __init__(self, max_connections: int = 100) -> None:
        self.bin = postgres_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql; ./run-tests does it as root)")
        self.root = Path(tempfile.mkdtemp(prefix="tui-tutor-pg-"))
        self.data, self.log = self.root / "data", self.root / "server.log"
        self.password = {SUPERUSER: secrets.token_hex(12), OWNER: secrets.token_hex(12)}
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        pwfile = self.root / "pw"
        pwfile.write_text(self.password[SUPERUSER] + "\n")
        if self.as_user:
            os.chown(pwfile, account.pw_uid, account.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=scram-sha-256", f"--pwfile={pwfile}",
                  "-E", "UTF8", "--locale=C")
        pwfile.unlink()
        self.options = f"-k {self.root} -c listen_addresses='' -c max_connections={max_connections} -c fsync=off"
        self.start()
        self.sql(f"CREATE ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{self.password[OWNER]}'")

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / program), *args], check=True, capture_output=True,
                       timeout=120, cwd=self.root)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self.options, "-w", "-t", "60", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop")

    def url(self, database: str = "postgres", role: str = SUPERUSER, password: str | None = None) -> str:
        secret = self.password[role] if password is None else password
        return f"postgresql://{role}:{quote(secret, safe='')}@/{database}?host={quote(str(self.root))}&port=5432"

    def sql(self, statement: str, database: str = "postgres") -> None:
        """Run one statement as the superuser."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(statement)

    def new_database(self) -> str:
        """A fresh, empty database owned by OWNER; its URL as OWNER."""
        name = f"class_{secrets.token_hex(4)}"
        self.sql(f"CREATE DATABASE {name} OWNER {OWNER}")
        return self.url(name, OWNER)

    def close(self) -> None:
        with suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
