"""What the launcher and the preload server say to each other, and what the server accepts.

One `SOCK_SEQPACKET` Unix socket per session, one message per packet, in UTF-8 text:

    launcher -> server   the request: fields separated by NUL, "tui-tutor/2", the working folder,
                         the number of arguments, the arguments, then NAME=VALUE for each variable
                         + its fds 0, 1, 2
    server -> launcher   "started PID"  + a pidfd of the child (to signal it)
                         "refused WHY"  (the launcher then runs the tutor itself)
    child -> launcher    "done STATUS"  (the tutor returned; sent before the child exits, and
                                         before "started" if the tutor was that quick)
    server -> launcher   "exit STATUS" or "killed SIGNAL"  (the child is gone)

NUL cannot occur in an argument, a path or the environment, so the request needs no quoting,
and the launcher needs no JSON: this module imports nothing but `os` (the launcher runs before
every session, and `json` with the `re` it needs would cost each one about 1 MB and a few ms).

The server accepts only what the SSH wrapper (deploy/ssh/tui-tutor-ssh) lets through, plus the
tutor's own TUI_TUTOR_LESSONS and what textual-serve sets for `tui-tutor serve`: the variables in
`RULES`, each with the value its rule allows. The launcher sends only those; a request with
anything else is refused whole.
"""

from __future__ import annotations

import os

MAX_MESSAGE = 65536
"""The largest message either side sends or reads (bytes)."""
FDS = 3
"""The launcher's standard input, output and error."""
MAX_ARGS = 64
MAX_ARG = 1024
VERSION = "tui-tutor/2"
"""A request's first field (2: NUL-separated text; 1 was JSON)."""
REPLIES = ("started", "refused", "done", "exit", "killed")
"""The words a reply starts with."""

PLAIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@:+-")
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""What textual-serve puts in TEXTUAL_DRIVER for the tutors behind `tui-tutor serve`."""


def plain(value: str) -> bool:
    """A terminal, locale or user name: the SSH wrapper's characters, at most 64 of them."""
    return 0 < len(value) <= 64 and PLAIN.issuperset(value)


def count(value: str) -> bool:
    """A whole number from 1 to 9999."""
    return 0 < len(value) <= 4 and value.isascii() and value.isdigit() and value[0] != "0"


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


class Request:
    """A session to start: the tutor's command line (a tuple), working folder and environment (a dict)."""

    __slots__ = ("argv", "cwd", "env")

    def __init__(self, argv: tuple[str, ...], cwd: str, env: dict[str, str]) -> None:
        self.argv, self.cwd, self.env = argv, cwd, env


def allowed_env(env: dict[str, str]) -> dict[str, str]:
    """The variables of `env` a session may have (the rest is left out, as the wrapper does)."""
    return {name: value for name, value in env.items() if name in RULES and RULES[name](value)}


def request(argv: list[str], cwd: str, env: dict[str, str]) -> bytes:
    """The launcher's request (only the allowed variables of `env`); Refused if too large to send."""
    fields = [VERSION, cwd, str(len(argv)), *argv, *(f"{name}={value}" for name, value in allowed_env(env).items())]
    data = "\0".join(fields).encode("utf-8", "surrogateescape")
    if len(data) > MAX_MESSAGE:
        raise Refused(f"message of {len(data)} bytes (at most {MAX_MESSAGE})")
    return data


def parse_request(data: bytes, subcommands: set[str]) -> Request:
    """The request in `data`, checked; Refused names the first thing the server does not accept."""
    try:
        fields = data.decode().split("\0")
    except UnicodeDecodeError:
        raise Refused("not UTF-8 text") from None
    if len(fields) < 3 or fields[0] != VERSION:
        raise Refused(f"not a request (it starts with {VERSION}, the folder and the number of arguments)")
    cwd, number = fields[1], fields[2]
    if not (number.isascii() and number.isdigit() and int(number) <= MAX_ARGS and len(fields) >= 3 + int(number)):
        raise Refused(f"argv must be at most {MAX_ARGS} strings of at most {MAX_ARG} characters")
    argv, assignments = fields[3:3 + int(number)], fields[3 + int(number):]
    if any(len(a) > MAX_ARG for a in argv):
        raise Refused(f"argv must be at most {MAX_ARGS} strings of at most {MAX_ARG} characters")
    if argv[:1] and argv[0] in subcommands:
        raise Refused(f"runs only the tutor, not `tui-tutor {argv[0]}`")
    if not folder(cwd):
        raise Refused("cwd must be an absolute, normalised path")
    env: dict[str, str] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        if not equals:
            raise Refused("env must be NAME=VALUE entries")
        if name not in RULES:
            raise Refused(f"variable {name} is not accepted")
        if name in env:
            raise Refused(f"variable {name} is given twice")
        if not RULES[name](value):
            raise Refused(f"variable {name} has a value that is not accepted")
        env[name] = value
    return Request(tuple(argv), cwd, env)


def reply(word: str, value: int | str) -> bytes:
    """A reply to the launcher: one of REPLIES and its value (a number, or a refusal's reason)."""
    return f"{word} {value}".encode()[:MAX_MESSAGE]


def parse_reply(data: bytes) -> tuple[str, int | str]:
    """A reply as (word, value): the number, or a refusal's reason; Refused if it is not one."""
    word, _, value = data.decode("utf-8", "replace").partition(" ")
    if word == "refused" and value:
        return word, value
    if word in REPLIES and value.isascii() and value.isdigit():
        return word, int(value)
    raise Refused("not a reply of the server's")
