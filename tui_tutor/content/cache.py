"""A per-user cache of validated lessons, so start-up does not parse every lesson file again.

The cache key covers every lesson file (name, size, modification time) and the loader's own
source files, so editing a lesson or upgrading the tutor invalidates it. Anything wrong with
the cache (missing, unreadable, stale, from another version) means the files are parsed as
usual; the cache is only ever a shortcut.
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_IN_MEMORY: dict[str, object] = {}
"""Results already read in this process, by key (tests and `--watch` ask again and again)."""


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/tui-tutor` (default `~/.cache/tui-tutor`)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tui-tutor"


def _key(files: list[Path]) -> str:
    """A short key for these files and the content layer's own code (a new loader invalidates it)."""
    here = Path(__file__).parent
    parts = [str(p.parent.resolve()) for p in files[:1]]
    for path in [*files, *sorted(here.rglob("*.py"))]:
        stat = path.stat()
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    text = "\n".join(parts).encode()  # zlib, not hashlib: importing hashlib costs start-up 3 ms
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}{len(text):x}"


def cached(files: list[Path], build: Callable[[], T]) -> T:
    """`build()`, or its earlier result for exactly these files and this loader."""
    key = _key(files)
    if key not in _IN_MEMORY:
        path = cache_dir() / f"lessons-{key}.pickle"
        try:
            _IN_MEMORY[key] = pickle.loads(path.read_bytes())
        except Exception:
            _IN_MEMORY[key] = build()
            _write(path, _IN_MEMORY[key])
    return _IN_MEMORY[key]  # type: ignore[return-value]


def _write(path: Path, result: object) -> None:
    """Keep `result` for the next start; a read-only home only costs the shortcut."""
    try:
        import tempfile  # only when the cache is written

        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            tmp.write(pickle.dumps(result))
        os.replace(tmp.name, path)
    except Exception:
        pass
