"""Per-user progress: lessons visited and completed, where to resume, answers given (the review log).

Three parts: `model` (the immutable `Progress` value and `merge`), `file_format` (JSON, checked
field by field, older versions upgraded) and `store` (the file: atomic, merged, locked). No UI
imports.
"""

from tui_tutor.progress.file_format import BadProgressFile, dump, from_json, parse, to_json
from tui_tutor.progress.model import (
    SCHEMA_VERSION,
    Attempt,
    LessonProgress,
    ParamValue,
    Position,
    Progress,
    Setting,
    merge,
)
from tui_tutor.progress.store import NullStore, ProgressStore, Store, default_directory, lock, move_aside, write_atomic

__all__ = [
    "SCHEMA_VERSION", "Attempt", "BadProgressFile", "LessonProgress", "NullStore", "ParamValue", "Position",
    "Progress", "ProgressStore", "Setting", "Store", "default_directory", "dump", "from_json", "lock", "merge",
    "move_aside", "parse", "to_json", "write_atomic",
]
