"""`tui-tutor class new|invite|report LOCATION`: create a class, hand out student codes, see the class.

LOCATION is a file (an SQLite class store, for a class on one server) or a `postgresql://` URL
(a class over several servers). A problem is one line on stderr: exit 2 for what the user can
fix (no class there, no key, a refusal), 1 when the store cannot be reached now.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from tui_tutor.classroom.errors import ClassBroken, ClassError, ClassLost, ClassMissing
from tui_tutor.classroom.keys import KeyFileError, default_key_path, new_code, new_secret, read_key_file, write_key_file
from tui_tutor.classroom.report import STUCK_AFTER, csv_text, overview, table
from tui_tutor.classroom.store import ClassStore, create_store, is_url, open_store, shown
from tui_tutor.cli import UsageError, fail, parse_day

MAX_INVITES = 1000
"""Codes minted by one `class invite`."""
NO_STUDENT_ROLE = """\
students must not join with your URL: its role owns the class and can change anything in it.
Your role may not create roles; a database admin can make students one that can only call the
class's functions (CREATE ROLE tui_tutor_student LOGIN PASSWORD '...'), and they join with its URL."""


def parser() -> argparse.ArgumentParser:
    """Arguments of `tui-tutor class`."""
    p = argparse.ArgumentParser(prog="tui-tutor class", description="Set up and look at a connected classroom.",
                                epilog="then: tui-tutor --class LOCATION --lead (instructor), "
                                       "tui-tutor --class LOCATION --as NAME (student)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    where = "a file (SQLite, one server) or a postgresql:// URL (several servers)"
    key_help = "the instructor key file (default: beside the store, or where `class new` said)"
    new = sub.add_parser("new", help="create a class store and its instructor key")
    new.add_argument("location", metavar="LOCATION", help=where)
    new.add_argument("--key", metavar="FILE", help="where to write the instructor key (default: LOCATION.key; "
                                                   "for a URL, in your config folder)")
    invite = sub.add_parser("invite", help="mint student codes for the browser (tui-tutor serve --class)")
    invite.add_argument("location", metavar="LOCATION", help=where)
    what = invite.add_mutually_exclusive_group(required=True)
    what.add_argument("--count", type=int, metavar="N", help="mint N new codes and print them")
    what.add_argument("--revoke", metavar="CODE", help="make a code (or a student's name) stop working")
    invite.add_argument("--key", metavar="FILE", help=key_help)
    report = sub.add_parser("report", help="the class overview: connected, progress, most missed, live answers")
    report.add_argument("location", metavar="LOCATION", help=where)
    report.add_argument("--csv", action="store_true", help="one row per student, for a gradebook")
    report.add_argument("--stuck-minutes", type=float, default=STUCK_AFTER / 60, metavar="M",
                        help=f"no step for M minutes while the class moved on: stuck (default {STUCK_AFTER / 60:g})")
    report.add_argument("--today", metavar="YYYY-MM-DD",
                        help="count the students' due reviews as of this day (default: today)")
    report.add_argument("--key", metavar="FILE", help=key_help)
    return p


def main(argv: list[str]) -> int:
    """Run `tui-tutor class ...`; returns the exit status."""
    args = parser().parse_args(argv)
    try:
        today = parse_day("--today", args.today) if getattr(args, "today", None) is not None else None
    except UsageError as err:
        return fail(str(err))
    location = args.location if is_url(args.location) else str(Path(args.location).expanduser().resolve())
    try:
        if args.command == "new":
            return new(location, Path(args.key) if args.key else default_key_path(location), given_key=args.key)
        store = open_store(location)
        try:
            key = read_key_file(Path(args.key) if args.key else default_key_path(location))
            store.verify_key(key)
            if args.command == "report":
                if not args.stuck_minutes >= 0:
                    return fail(f"--stuck-minutes {args.stuck_minutes:g}: expected a number of minutes ≥ 0")
                ov = overview(store.class_data(key), stuck_after=args.stuck_minutes * 60,
                              reviews=store.class_reviews(key), today=today)
                print(csv_text(ov) if args.csv else table(ov, shown(location)), end="\n" if not args.csv else "")
                return 0
            return revoke(store, key, args.revoke) if args.revoke else invite(store, key, args.count)
        finally:
            store.close()
    except KeyFileError as err:
        return fail(f"{err} (give the key with --key FILE)" if "cannot read" in str(err) else str(err))
    except ClassLost as err:
        return fail(str(err), status=2 if isinstance(err, (ClassMissing, ClassBroken)) else 1)
    except ClassError as err:
        return fail(str(err))


def new(location: str, key_path: Path, given_key: str | None) -> int:
    """Create the store, then write its key (a key is never left without its class, nor the reverse)."""
    if not is_url(location) and not Path(location).parent.is_dir():
        return fail(f"{Path(location).parent} is not a folder: create it first, or choose another place")
    key = new_secret()
    write_key_file(key_path, key, f"class: {shown(location)}")
    try:
        students = create_store(location, key)
    except BaseException:
        key_path.unlink(missing_ok=True)
        raise
    place = shlex.quote(shown(location))
    lead = f"tui-tutor --class {place} --lead" + (f" --key {shlex.quote(str(key_path))}" if given_key else "")
    print(f"class store:     {shown(location)}")
    print(f"instructor key:  {key_path}  (mode 0600: whoever can read it can lead the class)")
    print(f"lead the class:  {lead}" + ("   (with your URL's password)" if is_url(location) else ""))
    if students is not None:
        print(f"students join:   tui-tutor --class {shlex.quote(students)} --as NAME")
    print(f"browser codes:   tui-tutor class invite {place} --count N")
    if is_url(location):
        with key_path.open("a", encoding="utf-8") as out:
            out.write(f"# students join with: {students}\n" if students else "")
        print(NO_STUDENT_ROLE if students is None else
              "the students' URL can call the class's functions and nothing else; keep your own URL to yourself:\n"
              "its role owns the class and can change anything in it")
    return 0


def invite(store: ClassStore, key: str, count: int) -> int:
    """Mint `count` codes named student-01, student-02, ... after the ones already minted."""
    if not 1 <= count <= MAX_INVITES:
        return fail(f"--count {count}: expected 1 to {MAX_INVITES}")
    taken = {m.name for m in store.class_data(key).members}
    width = max(2, len(str(len(taken) + count)))
    names = (f"student-{n:0{width}d}" for n in range(1, len(taken) + count + 1))
    minted = []
    for name in names:
        if len(minted) == count:
            break
        if name not in taken:
            code = new_code()
            store.add_invite(key, name, code)
            minted.append((name, code))
    print(f"{count} student code{'s' if count > 1 else ''} for {store.location}: give each student one, privately;")
    print("a code is that student in the browser (tui-tutor serve --class ...); revoke one with --revoke CODE")
    for name, code in minted:
        print(f"{name}  {code}")
    return 0


def revoke(store: ClassStore, key: str, code_or_name: str) -> int:
    name = store.revoke(key, code_or_name)
    print(f"revoked: {name} can no longer join this class")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
