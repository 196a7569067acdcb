"""What can go wrong with a class store, as exceptions that carry one line for the user.

`ClassLost` and its kinds mean the store cannot be used right now (the caller keeps working
alone and tries again); `NotAllowed` means the store refused this request (a student trying to
lead, a wrong key, an answer after the reveal) and trying again will not help.
"""

from __future__ import annotations


class ClassError(Exception):
    """A class store problem; `str(err)` is one line that says what happened."""


class ClassLost(ClassError):
    """The store cannot be reached or used now (locked, server down, file gone)."""


class ClassMissing(ClassLost):
    """There is no class at this location (no file, no database, no class schema in it)."""


class ClassBroken(ClassLost):
    """Something is there but it is not a usable class store (corrupt, foreign, too new)."""


class NotAllowed(ClassError):
    """The store refused the request: wrong key or secret, revoked code, closed question, bad value."""
