"""Secrets of a class: the instructor key file, students' invite codes and their own secrets.

Only SHA-256 digests of these reach the store. Plain SHA-256 (no slow password hash) is
enough because every secret here is random, never chosen by a person: 256 bits for instructor
keys and students' own secrets, 60 bits for invite codes (guessing one of 100 codes at ten
thousand tries a second takes tens of thousands of years).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import platformdirs

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base 32: no I, L, O or U, so a code read aloud or handwritten survives."""
CODE_LENGTH = 12
"""60 bits; shown as three groups of four."""
KEY_HEADER = "# tui-tutor instructor key: whoever can read this file can lead the class."


class KeyFileError(Exception):
    """The instructor key file cannot be read or written; the message says which and why."""


def digest(secret: str) -> str:
    """The SHA-256 of a secret as hex: what the store keeps instead of the secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    """A fresh 256-bit secret as hex (instructor keys, students' own secrets)."""
    return secrets.token_hex(32)


def new_code() -> str:
    """A fresh invite code, e.g. `7KQM-2XHP-9D4T`."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(text: str) -> str:
    """A code as typed (any case, with or without dashes and spaces, O for 0, I or L for 1) in
    the form it was minted in."""
    raw = "".join(ch for ch in text.upper() if ch not in "- \t").translate(str.maketrans("OIL", "011"))
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def default_key_path(location: str) -> Path:
    """Where `class new` writes the instructor key and `--lead` looks for it: beside a store
    file (`class.db` -> `class.db.key`); for a database URL, in the user's config folder under a
    name made from the URL's host, port and database."""
    from tui_tutor.classroom.store import is_url, shown

    if not is_url(location):
        return Path(location + ".key")
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    try:
        info = conninfo_to_dict(location)
    except ProgrammingError as err:
        raise KeyFileError(f"{shown(location)} is not a PostgreSQL URL: {err}") from None
    parts = [str(info.get(k, "")) for k in ("host", "port", "dbname")]
    slug = "-".join(p for p in ("".join(c if c.isalnum() else "_" for c in part).strip("_") for part in parts) if p)
    return platformdirs.user_config_path("tui-tutor") / "class-keys" / f"{slug or 'class'}.key"


def write_key_file(path: Path, key: str, about: str) -> None:
    """Write a new key file, readable by its owner only (mode 0600); never overwrite one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError(f"{path} already exists; move it away or give another path with --key") from None
    except OSError as err:
        raise KeyFileError(f"cannot write the instructor key {path}: {err.strerror}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(f"{KEY_HEADER}\n# {about}\n{key}\n")
        out.flush()
        os.fsync(out.fileno())


def read_key_file(path: Path) -> str:
    """The key in a key file (its one line that is not a comment)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise KeyFileError(f"cannot read the instructor key {path}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise KeyFileError(f"{path} is not an instructor key file") from None
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if len(lines) != 1 or len(lines[0]) != 64 or any(c not in "0123456789abcdef" for c in lines[0]):
        raise KeyFileError(f"{path} is not an instructor key file")
    return lines[0]


class StudentSecrets:
    """A student's own secret for each class and name, kept in a private file so that the same
    student gets the same name back next time and nobody else can take it.

    Files live in `directory` (default: the user's data folder, `classes/`), one per class and
    name, mode 0600. Where they cannot be written, the secret lasts as long as this object and
    `notice` says so.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or platformdirs.user_data_path("tui-tutor") / "classes"
        self.notice = ""
        self._kept: dict[Path, str] = {}

    def get(self, class_id: str, name: str) -> str:
        """The secret for `name` in the class `class_id`, made on first use."""
        path = self.directory / f"{class_id}-{digest(name)[:16]}.secret"
        if path in self._kept:
            return self._kept[path]
        try:
            secret = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            secret = ""
        if len(secret) != 64:
            secret = new_secret()
            try:
                self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "w", encoding="ascii") as out:
                    out.write(secret + "\n")
            except OSError as err:
                self.notice = f"cannot keep your class name for next time ({path}: {err.strerror})"
        self._kept[path] = secret
        return secret
