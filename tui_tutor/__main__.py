"""`tui-tutor` / `python -m tui_tutor`: parse the command line, then run the app."""

from __future__ import annotations

import logging
import sys

from tui_tutor.cli import UsageError, fail, find_lesson, parse_overrides, parser
from tui_tutor.content import LessonError, load_lessons


def setup_logging() -> None:
    """Send the tutor's log (unexpected errors) to the user's log folder, if writable."""
    try:
        from platformdirs import user_log_path

        folder = user_log_path("tui-tutor", appauthor=False)
        folder.mkdir(parents=True, exist_ok=True)
        logging.basicConfig(filename=folder / "tui-tutor.log", level=logging.WARNING,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    except OSError:
        logging.disable(logging.CRITICAL)


def main(argv: list[str] | None = None) -> int:
    """Run tui-tutor; returns the exit status (2 for a bad command line)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        from tui_tutor import serve

        return serve.main(argv[1:])
    args = parser().parse_args(argv)
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
        overrides = {}
        if args.lesson:
            overrides = parse_overrides(find_lesson(lessons, args.lesson), args.set, args.scenario)
        elif args.set or args.scenario:
            raise UsageError("--set and --scenario need a lesson: tui-tutor LESSON_ID --set NAME=VALUE")
    except UsageError as err:
        return fail(str(err))
    setup_logging()
    from tui_tutor.app import TutorApp

    app = TutorApp(lessons, start=args.lesson, overrides=overrides, seed=args.seed, theme=args.theme,
                   presenting=args.present)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
