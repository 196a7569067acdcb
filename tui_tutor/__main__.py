"""`tui-tutor` / `python -m tui_tutor`: parse the command line, then run the app."""

from __future__ import annotations

import sys
from importlib import import_module

from tui_tutor.cli import UsageError, fail, find_lesson, parse_args, parse_overrides, split_targets
from tui_tutor.content import LessonError, load_lessons
from tui_tutor.preload import hand_over
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_tutor.progress import ProgressStore


def reset_progress(store: ProgressStore) -> int:
    """Clear the user's progress after they confirm on standard input."""
    try:
        answer = input(f"Delete all your tui-tutor progress in {store.path}? Type yes to confirm: ")
    except (EOFError, KeyboardInterrupt):
        print()
        answer = ""
    if answer.strip().lower() not in ("y", "yes"):
        print("Nothing was changed.")
        return 1
    store.reset()
    if not store.writable:
        return fail(store.notice or "could not reset the progress", status=1)
    if store.notice:  # the old file was unusable and has been moved aside
        print(store.notice)
    print("Your progress is cleared.")
    return 0


SUBCOMMANDS = {
    "serve": "tui_tutor.serve",
    "preload": "tui_tutor.preload.server",
}
"""`tui-tutor WORD ...`: the module whose `main(argv)` runs the rest of the command line."""


def main(argv: list[str] | None = None) -> int:
    """Run tui-tutor; returns the exit status (2 for a bad command line)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] and argv[0] in SUBCOMMANDS:
        return import_module(SUBCOMMANDS[argv[0]]).main(argv[1:])
    if (status := hand_over(argv)) is not None:  # a warm server runs the session (TUI_TUTOR_PRELOAD)
        return status
    args = parse_args(argv)
    try:
        lessons = load_lessons()
    except LessonError as err:
        return fail(f"a lesson file is broken: {err}", status=1)
    if args.list:
        for lesson in lessons:
            print(f"{lesson.id}\t{lesson.title}")
        return 0
    try:
        if args.seed < 0:
            raise UsageError(f"--seed {args.seed}: expected a whole number ≥ 0")
        start, review = split_targets(lessons, args.targets)
        overrides = {}
        if start:
            overrides = parse_overrides(find_lesson(lessons, start), args.set, args.scenario)
        elif args.set or args.scenario:
            raise UsageError("--set and --scenario need a lesson: tui-tutor LESSON_ID --set NAME=VALUE")
    except UsageError as err:
        return fail(str(err))
    if args.reset_progress:
        if args.no_progress:
            return fail("--reset-progress and --no-progress together: nothing to reset")
        from tui_tutor.progress import ProgressStore

        return reset_progress(ProgressStore())
    from tui_tutor.app import TutorApp

    app = TutorApp(lessons, start=start, overrides=overrides, seed=args.seed, theme=args.theme,
                   presenting=args.present, keep_progress=not args.no_progress, review=review)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
