"""Joining a class from the command line (`tui-tutor --class LOCATION [--as NAME | --lead]`).

A class that is not there, not a class, or that refuses this tutor (a wrong key, a name taken
by someone else) stops the tutor before it starts, with one line and exit 2: it is almost
always a typo. A class that exists but cannot be reached right now (a locked file, a database
server restarting) does not: the tutor starts alone and the link joins as soon as it can.
"""

from __future__ import annotations

import getpass

from tui_tutor.classroom.errors import ClassError, NotAllowed
from tui_tutor.classroom.link import ClassLink
from tui_tutor.classroom.model import check_name
from tui_tutor.classroom.store import shown
from tui_tutor.cli import UsageError


def default_name() -> str:
    """The login name (over SSH, the wrapper passes --as with the key's fingerprint instead)."""
    try:
        return check_name(getpass.getuser())
    except (KeyError, OSError, ValueError):
        return "student"


def join_class(location: str, name: str | None, key: str | None, key_file: str | None,
               by_code: bool = False) -> ClassLink:
    """A started link to the class at `location`: as an instructor with `key` (read from
    `key_file`), else as the student `name` (default: the login), or `by_code`: as whichever
    student's invite code the user types in (a browser tab; see `ClassLink.sign_in`).

    Raises:
        UsageError: the class is not there, is not usable, or refused this tutor.
    """
    name = "" if by_code and key is None else (name or default_name())
    link = ClassLink(location, name=name, key=key)
    try:
        link.connect()
    except NotAllowed as err:
        if key is not None:
            raise UsageError(f"--lead: {key_file} is not the instructor key of the class at "
                             f"{shown(location)}") from None
        raise UsageError(f"--class {shown(location)}: {err}") from None
    except ClassError as err:
        raise UsageError(f"--class: {err}") from None
    return link.start()
