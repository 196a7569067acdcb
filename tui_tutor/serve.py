"""`tui-tutor serve`: the tutor in a web browser, for students without a terminal.

Each browser tab runs its own `python -m tui_tutor` process, at most `--max-sessions` at once.
Without a class it is one person's tutor: each tab is its own session and nothing is kept once
the tab closes. With `--class LOCATION` each tab is a student of that class: it asks once for a
student code the instructor minted (`tui-tutor class invite`), and that student's progress,
answers and follow state are kept under it. It binds to 127.0.0.1 unless told otherwise: opening
it to the network is a decision for whoever runs it (without a class there is no login).
"""

from __future__ import annotations

import argparse
import sys

MAX_SESSIONS = 4
"""Tabs at once by default: plenty for one person (each tutor takes about 200 MB)."""
MAX_CLASS_SESSIONS = 60
"""Tabs at once by default with --class: a class (see deploy/ssh/README.md for the memory it takes)."""
NOT_SERVED = {"--list", "--reset-progress", "--version", "-h", "--help"}
"""Tutor options that do not run a tutor, so make no sense behind a tab."""


def parser() -> argparse.ArgumentParser:
    """Arguments of `tui-tutor serve`."""
    p = argparse.ArgumentParser(prog="tui-tutor serve", description="Serve the tutor to a web browser.")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--max-sessions", type=int, default=None, metavar="N",
                   help=f"tutor processes (browser tabs) at once; more get a page saying so (default {MAX_SESSIONS}, "
                        f"{MAX_CLASS_SESSIONS} with --class)")
    p.add_argument("--class", dest="class_location", metavar="LOCATION",
                   help="serve a class: each tab signs in with a student code (`tui-tutor class invite`)")
    p.add_argument("tutor_args", nargs=argparse.REMAINDER, metavar="...",
                   help="arguments for the tutor in each tab, e.g. neuron --theme light")
    return p


def check_tutor_args(tutor_args: list[str]) -> str | None:
    """What is wrong with the tutor's arguments (as `tui-tutor` itself would refuse them), or None."""
    from tui_tutor.cli import UsageError, find_lesson, parse_args, parse_overrides, split_targets
    from tui_tutor.content import LessonError
    from tui_tutor.content.course import course_folder, load_course

    refused = sorted(NOT_SERVED.intersection(tutor_args))
    if refused:
        return f"{refused[0]} does not run a tutor, so it cannot be served"
    args = parse_args(tutor_args)  # argparse itself says what is wrong, with exit status 2
    try:
        lessons = load_course(course_folder(args.lessons)).lessons
        start, _ = split_targets(lessons, args.targets)
        if start:
            parse_overrides(find_lesson(lessons, start), args.set, args.scenario)
        elif args.set or args.scenario:
            raise UsageError("--set and --scenario need a lesson: tui-tutor serve LESSON_ID --set NAME=VALUE")
    except (UsageError, LessonError) as err:
        return str(err)
    return None


def check_class(location: str | None) -> str | None:
    """What is wrong with the class to serve (None: fine, or no class)."""
    if location is None:
        return None
    from tui_tutor.classroom.errors import ClassError
    from tui_tutor.classroom.store import open_store

    try:
        open_store(location).close()
    except ClassError as err:
        return f"--class: {err}"
    return None


def main(argv: list[str]) -> int:
    """Run the web server until Ctrl+C; returns an exit status."""
    args = parser().parse_args(argv)
    if args.max_sessions is None:
        args.max_sessions = MAX_CLASS_SESSIONS if args.class_location else MAX_SESSIONS
    problem = None
    if not 0 < args.port < 65536:
        problem = f"--port {args.port}: expected 1 to 65535"
    elif args.max_sessions < 1:
        problem = f"--max-sessions {args.max_sessions}: expected a whole number ≥ 1"
    else:
        problem = check_tutor_args(args.tutor_args) or check_class(args.class_location)
    if problem:
        print(f"tui-tutor serve: error: {problem}", file=sys.stderr)
        return 2
    from tui_tutor.web.site import TabCommand, TutorSite, serve

    url = f"http://{args.host}:{args.port}/"
    print(f"tui-tutor in the browser: {url}   (Ctrl+C stops)", flush=True)
    if args.class_location:
        print(f"A class: each tab signs in with a student code (tui-tutor class invite {args.class_location} --count N); "
              f"at most {args.max_sessions} tabs at once.", flush=True)
    else:
        print(f"One person's tutor: each tab is its own session, nothing is kept; at most {args.max_sessions} tabs at once.",
              flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print("note: this address may be reachable from other machines; there is no login.", flush=True)
    serve(TutorSite(TabCommand(tuple(args.tutor_args), args.class_location), args.max_sessions), args.host, args.port)
    return 0
