"""What the launcher and the preload server say to each other, and what the server accepts.

One `SOCK_SEQPACKET` Unix socket per session, one JSON object per message:

    launcher -> server   {"argv": [...], "cwd": "/...", "env": {...}}  + its fds 0, 1, 2
    server -> launcher   {"started": PID}  + a pidfd of the child (to signal it)
                         {"refused": "why"}  (the launcher then runs the tutor itself)
    child -> launcher    {"done": STATUS}    (the tutor returned; sent before the child exits, and
                                              before "started" if the tutor was that quick)
    server -> launcher   {"exit": STATUS} or {"killed": SIGNAL}  (the child is gone)

The server accepts only what the SSH wrapper (deploy/ssh/tui-tutor-ssh) lets through, plus the
tutor's own TUI_TUTOR_LESSONS and what textual-serve sets for `tui-tutor serve`: the variables in
`RULES`, each with the value its rule allows. The launcher sends only those; a request with anything else is refused whole.
"""

from __future__ import annotations

import json
import os
import re
from collections import namedtuple

MAX_MESSAGE = 65536
"""The largest message either side sends or reads (bytes)."""
FDS = 3
"""The launcher's standard input, output and error."""
MAX_ARGS = 64
MAX_ARG = 1024

_PLAIN = re.compile(r"[A-Za-z0-9._@:+-]{1,64}")
_COUNT = re.compile(r"[1-9][0-9]{0,3}")
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""What textual-serve puts in TEXTUAL_DRIVER for the tutors behind `tui-tutor serve`."""


def plain(value: str) -> bool:
    """A terminal, locale or user name: the SSH wrapper's characters, at most 64 of them."""
    return _PLAIN.fullmatch(value) is not None


def count(value: str) -> bool:
    """A whole number from 1 to 9999."""
    return _COUNT.fullmatch(value) is not None


def printable(value: str) -> bool:
    """Any printable text of at most 1024 characters (a path as `--lessons` takes one)."""
    return 0 < len(value) <= 1024 and value.isprintable()


def folder(value: str) -> bool:
    """An absolute path, already normalised (no `..`, no `//`), without NUL."""
    return (0 < len(value) <= 1024 and "\0" not in value and value.startswith("/") and "//" not in value
            and os.path.normpath(value) == value)


LOCALE = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_NUMERIC", "LC_TIME", "LC_COLLATE", "LC_MONETARY",
          "LC_MESSAGES", "LC_PAPER", "LC_NAME", "LC_ADDRESS", "LC_TELEPHONE", "LC_MEASUREMENT",
          "LC_IDENTIFICATION")
RULES = {
    # the student's terminal and locale, as the SSH wrapper keeps them
    "TERM": plain, "COLORTERM": plain, "NO_COLOR": plain, **dict.fromkeys(LOCALE, plain),
    # who and where: the student's folder and its XDG folders (progress, log, cache)
    "USER": plain, "LOGNAME": plain, "HOME": folder,
    "XDG_DATA_HOME": folder, "XDG_STATE_HOME": folder, "XDG_CONFIG_HOME": folder, "XDG_CACHE_HOME": folder,
    # set by the wrapper: links open nothing on the server; one PyTorch thread per student
    "BROWSER": "true".__eq__, "OMP_NUM_THREADS": count,
    # the tutor's own: a course folder, as `--lessons DIR` names one
    "TUI_TUTOR_LESSONS": printable,
    # set by textual-serve for each browser tab's tutor (`tui-tutor serve`)
    "TEXTUAL_DRIVER": WEB_DRIVER.__eq__, "TEXTUAL_FPS": count, "TEXTUAL_COLOR_SYSTEM": plain,
    "TERM_PROGRAM": plain, "TERM_PROGRAM_VERSION": plain, "COLUMNS": count, "ROWS": count,
}
"""Each variable a session may have, and the check its value must pass."""


class Refused(Exception):
    """A request the server does not run; the message says why in a few words."""


Request = namedtuple("Request", "argv cwd env")
Request.__doc__ = """A session to start: the tutor's command line (a tuple), working folder and environment
(a dict). A plain namedtuple: the launcher imports this module, and `typing` (for a NamedTuple)
or `dataclasses` would add 2 to 4 ms to every launch."""


def allowed_env(env: dict[str, str]) -> dict[str, str]:
    """The variables of `env` a session may have (the rest is left out, as the wrapper does)."""
    return {name: value for name, value in env.items() if name in RULES and RULES[name](value)}


def encode(message: dict) -> bytes:
    data = json.dumps(message, separators=(",", ":")).encode()
    if len(data) > MAX_MESSAGE:
        raise Refused(f"message of {len(data)} bytes (at most {MAX_MESSAGE})")
    return data


def decode(data: bytes) -> dict:
    """One message as a dict; Refused for anything else."""
    try:
        message = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise Refused("not a JSON message") from None
    if not isinstance(message, dict):
        raise Refused("not a JSON object")
    return message


def request(argv: list[str], cwd: str, env: dict[str, str]) -> bytes:
    """The launcher's request (only the allowed variables of `env`)."""
    return encode({"argv": list(argv), "cwd": cwd, "env": allowed_env(env)})


def parse_request(data: bytes, subcommands: set[str]) -> Request:
    """The request in `data`, checked; Refused names the first thing the server does not accept."""
    message = decode(data)
    if set(message) != {"argv", "cwd", "env"}:
        raise Refused(f"fields {sorted(message)}, expected argv, cwd, env")
    argv, cwd, env = message["argv"], message["cwd"], message["env"]
    if not (isinstance(argv, list) and len(argv) <= MAX_ARGS
            and all(isinstance(a, str) and len(a) <= MAX_ARG and "\0" not in a for a in argv)):
        raise Refused(f"argv must be at most {MAX_ARGS} strings of at most {MAX_ARG} characters")
    if argv[:1] and argv[0] in subcommands:
        raise Refused(f"runs only the tutor, not `tui-tutor {argv[0]}`")
    if not (isinstance(cwd, str) and folder(cwd)):
        raise Refused("cwd must be an absolute, normalised path")
    if not (isinstance(env, dict) and all(isinstance(v, str) for v in env.values())):
        raise Refused("env must map names to strings")
    for name, value in env.items():
        if name not in RULES:
            raise Refused(f"variable {name} is not accepted")
        if not RULES[name](value):
            raise Refused(f"variable {name} has a value that is not accepted")
    return Request(tuple(argv), cwd, dict(env))
