"""Command-line parsing and checking. No UI imports: `--list` and errors stay instant."""

from __future__ import annotations

import re
import sys
from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from tui_tutor import __version__
from tui_tutor.content import Lesson
from tui_tutor.content.model import ParamValue
from tui_tutor.content.values import check_together, parse_value
from tui_tutor.review_settings import ALL, ReviewSettings

EPILOG = """\
examples:
  tui-tutor                         the contents
  tui-tutor neuron                  open the lesson `neuron`
  tui-tutor neuron --set x=1.5,-2,0.75 --set w=0.8,0.4,-1 --set activation=relu
  tui-tutor --list                  print every lesson id and title
  tui-tutor review                  today's reviews: the cards due, new ones mixed in (sessions of 10)
  tui-tutor review --stats          cards due per day, retention, the weakest lessons
  tui-tutor review --before 2026-12-15   exam mode: see every card again before that day
  tui-tutor review LESSON_ID ...    practise those lessons' questions and exercises
  tui-tutor serve [--host H] [--port P]   the tutor in a web browser (127.0.0.1:8000)
  tui-tutor --lessons DIR --watch   your own course folder, reloaded as you edit it
  tui-tutor check [DIR]             check every lesson file; FILE:LINE for each problem
  tui-tutor handout -o lecture.html the lecture as one HTML file to send home (--answers)
  tui-tutor class new LOCATION      create a class (then --class LOCATION --lead / --as NAME)

Press ? inside the tutor for every key.
"""


class UsageError(Exception):
    """A command line that cannot be run; the message names what is wrong."""


if TYPE_CHECKING:
    import argparse
    from datetime import date

DEFAULTS: dict[str, Any] = {"targets": [], "set": [], "seed": 0, "scenario": None, "theme": "dark",
                            "present": False, "list": False, "no_progress": False, "reset_progress": False,
                            "lessons": None, "watch": False, "due": False, "limit": None, "today": None,
                            "before": None, "stats": False, "new_per_day": None,
                            "class_location": None, "as_name": None, "lead": False, "key": None, "class_key": None,
                            "sign_in": False}
"""Every option's value when it is not given (the parser's defaults)."""


def parse_args(argv: list[str]) -> argparse.Namespace | SimpleNamespace:
    """The options on the command line. A bare `tui-tutor` needs no parser: importing argparse
    alone costs start-up about 10 ms, 3 % of a bare Textual app's."""
    if not argv:
        return SimpleNamespace(**{name: list(v) if isinstance(v, list) else v for name, v in DEFAULTS.items()})
    return parser().parse_args(argv)


@cache
def parser() -> argparse.ArgumentParser:
    """The argument parser for `tui-tutor` (made once: the warm server makes it for every session)."""
    import argparse

    p = argparse.ArgumentParser(
        prog="tui-tutor",
        description="A terminal tutor for one lecture (the shipped course: 'Deep Learning Fundamentals II').",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("targets", nargs="*", metavar="LESSON_ID",
                   help="open this lesson (see --list); or `review [LESSON_ID ...]` for a review session")
    p.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="set a parameter of the lesson (repeatable; lists as x=1.5,-2,0.75)")
    p.add_argument("--seed", type=int, metavar="N",
                   help="seed for every random example (default 0)")
    p.add_argument("--scenario", metavar="NAME", help="open the lesson with one of its named presets")
    p.add_argument("--theme", choices=("dark", "light"), help="colour theme (default dark)")
    p.add_argument("--present", action="store_true",
                   help="presenter mode: projector theme, no chrome, key numbers large (F5 toggles)")
    p.add_argument("--lessons", metavar="DIR",
                   help="a course folder: its lesson files replace shipped ones with the same id or add "
                        "lessons (also TUI_TUTOR_LESSONS); check it with `tui-tutor check DIR`")
    p.add_argument("--watch", action="store_true",
                   help="with --lessons: reload a lesson file into the running tutor when it is saved")
    p.add_argument("--list", action="store_true", help="print id<TAB>title for every lesson and exit")
    p.add_argument("--no-progress", action="store_true", help="neither read nor write saved progress")
    p.add_argument("--reset-progress", action="store_true", help="clear your saved progress (asks first) and exit")
    p.add_argument("--class", dest="class_location", metavar="LOCATION",
                   help="join a class (a class store file or postgresql:// URL): follow the instructor, answer live")
    p.add_argument("--as", dest="as_name", metavar="NAME", help="your name in the class (default: your login)")
    p.add_argument("--lead", action="store_true", help="lead the class given by --class (needs its instructor key)")
    p.add_argument("--key", metavar="FILE", help="the instructor key for --lead (default: beside the class store)")
    p.add_argument("--sign-in", action="store_true",
                   help="with --class: ask for a student code the instructor minted (what `serve --class` does)")
    review = p.add_argument_group("review (tui-tutor review ...)")
    review.add_argument("--due", action="store_true",
                        help="today's due cards, most overdue first, new ones mixed in (the default for review)")
    review.add_argument("--limit", metavar="N", help="cards per session: a number, or all (default: 10, or pick)")
    review.add_argument("--today", metavar="YYYY-MM-DD", help="run the schedule as of this day")
    review.add_argument("--before", metavar="YYYY-MM-DD", help="exam mode: see every card again before this day")
    review.add_argument("--stats", action="store_true", help="print cards due per day, retention, weakest lessons")
    review.add_argument("--new-per-day", metavar="N", help="new cards a day at most (default 10; remembered)")
    p.add_argument("--version", action="version", version=f"tui-tutor {__version__}")
    p.set_defaults(**DEFAULTS)
    return p


def split_targets(lessons: tuple[Lesson, ...], targets: list[str]) -> tuple[str | None, list[str] | None]:
    """The positional words as (lesson to open, lessons to review): `LESSON_ID` or `review [LESSON_ID ...]`."""
    if targets[:1] == ["review"]:
        return None, [find_lesson(lessons, t).id for t in targets[1:]]
    if len(targets) > 1:
        raise UsageError(f"one lesson at a time (got {' '.join(targets)}); to review several: tui-tutor review ID ID")
    return (find_lesson(lessons, targets[0]).id if targets else None), None


def check_class_options(args: argparse.Namespace | SimpleNamespace) -> None:
    """Check --class, --as, --lead and --key together; for --lead, read the instructor key into
    `args.class_key` (a key that cannot be read is refused here, before anything starts)."""
    if args.class_location is None:
        given = {"--as": args.as_name is not None, "--lead": args.lead, "--key": args.key is not None,
                 "--sign-in": args.sign_in}
        for option in (option for option, there in given.items() if there):
            raise UsageError(f"{option} needs a class: tui-tutor --class LOCATION {option} ...")
        return
    if not args.class_location.strip():
        raise UsageError("--class: expected a class store file or a postgresql:// URL")
    if args.key is not None and not args.lead:
        raise UsageError("--key is the instructor key: it goes with --lead")
    if args.sign_in and (args.lead or args.as_name is not None):
        raise UsageError("--sign-in asks for a student code: not with --lead or --as")
    if args.as_name is not None:
        from tui_tutor.classroom.model import check_name

        try:
            args.as_name = check_name(args.as_name)
        except ValueError as err:
            raise UsageError(f"--as {args.as_name!r}: {err}") from None
    if args.lead:
        from pathlib import Path

        from tui_tutor.classroom.keys import KeyFileError, default_key_path, read_key_file

        args.key = str(Path(args.key) if args.key else default_key_path(args.class_location))
        try:
            args.class_key = read_key_file(Path(args.key))
        except KeyFileError as err:
            raise UsageError(f"--lead: {err}; only an instructor with the class's key can lead it") from None


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(option: str, text: str) -> date:
    """A day written YYYY-MM-DD, or a UsageError saying what was typed and what is expected."""
    from datetime import date

    try:
        if _ISO_DAY.match(text.strip()):
            return date.fromisoformat(text.strip())
    except ValueError:
        pass
    raise UsageError(f"{option} {text!r}: not a date; expected YYYY-MM-DD, e.g. {date.today().isoformat()}")


def parse_count(option: str, text: str, *, least: int, words: tuple[str, ...] = ()) -> int:
    """A whole number ≥ `least` (or ALL for one of `words`), or a UsageError."""
    if text.strip().lower() in words:
        return ALL
    if text.strip().isdigit() and int(text) >= least:
        return int(text)
    expected = f"a whole number ≥ {least}" + "".join(f" or {w}" for w in words)
    raise UsageError(f"{option} {text!r}: expected {expected}")


def review_settings(args: Any, review: list[str] | None) -> ReviewSettings:
    """The review options of the command line, checked (--due and --stats need `review` and
    no lesson ids: `review` holds those; the others also set what `r` on the contents does)."""
    from datetime import date

    for option in ("due", "stats"):
        if getattr(args, option) and review is None:
            raise UsageError(f"--{option} is a review option: tui-tutor review --{option}")
        if getattr(args, option) and review:
            raise UsageError(f"--{option} covers every lesson; to practise some: tui-tutor review {' '.join(review)}")
    today = parse_day("--today", args.today) if args.today is not None else None
    exam = parse_day("--before", args.before) if args.before is not None else None
    day = today or date.today()
    if exam is not None and exam <= day:
        raise UsageError(f"--before {exam.isoformat()}: the exam must be after the review day ({day.isoformat()})")
    return ReviewSettings(
        today=today,
        limit=parse_count("--limit", args.limit, least=1, words=("all",)) if args.limit is not None else None,
        new_per_day=parse_count("--new-per-day", args.new_per_day, least=0) if args.new_per_day is not None else None,
        exam=exam,
    )


def find_lesson(lessons: tuple[Lesson, ...], lesson_id: str) -> Lesson:
    """The lesson called `lesson_id`, or a UsageError listing the known ids."""
    for lesson in lessons:
        if lesson.id == lesson_id:
            return lesson
    raise UsageError(f"unknown lesson {lesson_id!r}; known lessons: {', '.join(lesson.id for lesson in lessons)}")


def scenario_values(lesson: Lesson, name: str | None) -> dict[str, ParamValue]:
    """The values of the lesson's scenario `name` names: case-insensitively, by any
    unambiguous start, `-` for `−` ({} for None)."""
    if name is None:
        return {}
    found = lesson.scenarios_matching(name)
    if len(found) == 1:
        return dict(found[0].values)
    if found:
        raise UsageError(f"--scenario {name!r} could be any of {', '.join(repr(s.name) for s in found)}; type more of it")
    known = ", ".join(repr(s.name) for s in lesson.scenarios) or "none"
    raise UsageError(f"--scenario {name!r}: lesson {lesson.id!r} has no such scenario (its scenarios: {known})")


def parse_overrides(lesson: Lesson, settings: list[str], scenario: str | None = None) -> dict[str, ParamValue]:
    """A scenario's values, then `--set NAME=VALUE` arguments, checked against the lesson's parameters."""
    values: dict[str, ParamValue] = scenario_values(lesson, scenario)
    for setting in settings:
        name, sep, text = setting.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--set {setting!r}: expected NAME=VALUE")
        try:
            param = lesson.param(name)
        except KeyError:
            known = ", ".join(p.name for p in lesson.params) or "none"
            raise UsageError(f"--set {name}: lesson {lesson.id!r} has no parameter {name!r} (its parameters: {known})") from None
        try:
            values[name] = parse_value(param, text)
        except ValueError as err:
            raise UsageError(f"--set {name}={text}: {err}") from None
    problems = check_together(lesson.params, {**lesson.defaults(), **values})
    if problems:
        raise UsageError(f"--set: {next(iter(problems.values()))}")
    return values


def fail(message: str, status: int = 2) -> int:
    """Print `message` as tui-tutor's error and return `status`."""
    print(f"tui-tutor: error: {message}", file=sys.stderr)
    return status
