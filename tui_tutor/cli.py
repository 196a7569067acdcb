"""Command-line parsing and checking. No UI imports: `--list` and errors stay instant."""

from __future__ import annotations

import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from tui_tutor import __version__
from tui_tutor.content import Lesson
from tui_tutor.content.model import ParamValue
from tui_tutor.content.values import check_together, parse_value

EPILOG = """\
examples:
  tui-tutor                         the contents
  tui-tutor neuron                  open the lesson `neuron`
  tui-tutor neuron --set x=1.5,-2,0.75 --set w=0.8,0.4,-1 --set activation=relu
  tui-tutor --list                  print every lesson id and title
  tui-tutor review [LESSON_ID ...]  questions and exercises from the lessons visited (or named)
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

DEFAULTS: dict[str, Any] = {"targets": [], "set": [], "seed": 0, "scenario": None, "theme": "dark",
                            "present": False, "list": False, "no_progress": False, "reset_progress": False,
                            "lessons": None, "watch": False,
                            "class_location": None, "as_name": None, "lead": False, "key": None, "class_key": None}
"""Every option's value when it is not given (the parser's defaults)."""


def parse_args(argv: list[str]) -> argparse.Namespace | SimpleNamespace:
    """The options on the command line. A bare `tui-tutor` needs no parser: importing argparse
    alone costs start-up about 10 ms, 3 % of a bare Textual app's."""
    if not argv:
        return SimpleNamespace(**{name: list(v) if isinstance(v, list) else v for name, v in DEFAULTS.items()})
    return parser().parse_args(argv)


def parser() -> argparse.ArgumentParser:
    """The argument parser for `tui-tutor`."""
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
        given = {"--as": args.as_name is not None, "--lead": args.lead, "--key": args.key is not None}
        for option in (option for option, there in given.items() if there):
            raise UsageError(f"{option} needs a class: tui-tutor --class LOCATION {option} ...")
        return
    if not args.class_location.strip():
        raise UsageError("--class: expected a class store file or a postgresql:// URL")
    if args.key is not None and not args.lead:
        raise UsageError("--key is the instructor key: it goes with --lead")
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
