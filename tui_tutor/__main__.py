"""`tui-tutor` / `python -m tui_tutor`: parse the command line, then run the app."""

from __future__ import annotations

import os
import sys

from tui_tutor.preload import hand_over

TYPE_CHECKING = False
"""typing's constant, without importing typing: this module runs before every launch (2 ms)."""

if TYPE_CHECKING:
    from tui_tutor.classroom.link import ClassLink
    from tui_tutor.content import Lesson
    from tui_tutor.progress import ProgressStore, Store
    from tui_tutor.review_settings import ReviewSettings


def reset_progress(store: ProgressStore) -> int:
    """Clear the user's progress after they confirm on standard input."""
    from tui_tutor.cli import fail

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


def print_stats(lessons: tuple[Lesson, ...], store: Store, settings: ReviewSettings) -> int:
    """`tui-tutor review --stats`: the review statistics as text, nothing written."""
    from tui_tutor.review_plan import plan
    from tui_tutor.review_stats import stats, stats_lines

    progress = store.load()
    if store.notice:
        print(f"tui-tutor: {store.notice}", file=sys.stderr)
    print("\n".join(stats_lines(stats(plan(lessons, progress, settings.day(), **settings.plan_options(progress))))))
    return 0


SUBCOMMANDS = {
    "serve": "tui_tutor.serve",
    "check": "tui_tutor.content.check",
    "handout": "tui_tutor.handout",
    "class": "tui_tutor.classroom.cli",
    "preload": "tui_tutor.preload.server",
}
"""`tui-tutor WORD ...`: the module whose `main(argv)` runs the rest of the command line."""


def follow_the_terminal() -> None:
    """In a terminal, the screen's size is the terminal's, and Ctrl+C interrupts.

    COLUMNS and LINES left in the environment (exported by a shell or a script, or by readline in
    a parent process) would fix the size for good, and the tutor would not follow a resize; a
    browser tab's tutor (textual-serve's web driver) is told its size by them, and keeps them.
    A SIGINT its parent ignored or blocked is taken back, as the warm server's sessions do: the
    reset prompt's Ctrl+C must answer "Nothing was changed." however the tutor was started."""
    import signal  # here, not above: a launcher handing its terminal over never needs its enums

    if sys.__stdout__ is not None and sys.__stdout__.isatty() and "TEXTUAL_DRIVER" not in os.environ:
        for name in ("COLUMNS", "LINES"):
            os.environ.pop(name, None)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def main(argv: list[str] | None = None) -> int:
    """Run tui-tutor; returns the exit status (2 for a bad command line)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] and argv[0] in SUBCOMMANDS:
        from importlib import import_module

        return import_module(SUBCOMMANDS[argv[0]]).main(argv[1:])
    if (status := hand_over(argv)) is not None:  # a warm server runs the session (TUI_TUTOR_PRELOAD)
        return status
    # Imported only now: a launcher handing its terminal to the warm server never needs them.
    from tui_tutor.cli import (
        UsageError,
        check_class_options,
        fail,
        find_lesson,
        parse_args,
        parse_overrides,
        review_settings,
        split_targets,
    )
    from tui_tutor.content import LessonError, course_folder, load_course

    follow_the_terminal()
    args = parse_args(argv)
    folder = course_folder(args.lessons)
    if args.watch and folder is None:
        return fail("--watch needs a course folder: tui-tutor --lessons DIR --watch")
    try:
        course = load_course(folder)
    except LessonError as err:
        shown = "\n  ".join(str(problem) for problem in err.problems[:10])
        more = f"\n  … and {len(err.problems) - 10} more" if len(err.problems) > 10 else ""
        check = f"tui-tutor check {folder}" if folder is not None else "tui-tutor check"
        return fail(f"the lessons cannot be used:\n  {shown}{more}\n({check} lists every problem)", status=2)
    lessons = course.lessons
    if args.list:
        for lesson in lessons:
            print(f"{lesson.id}\t{lesson.title}")
        return 0
    try:
        if args.seed < 0:
            raise UsageError(f"--seed {args.seed}: expected a whole number ≥ 0")
        start, review = split_targets(lessons, args.targets)
        settings = review_settings(args, review)
        overrides = {}
        if start:
            overrides = parse_overrides(find_lesson(lessons, start), args.set, args.scenario)
        elif args.set or args.scenario:
            raise UsageError("--set and --scenario need a lesson: tui-tutor LESSON_ID --set NAME=VALUE")
        check_class_options(args)
    except UsageError as err:
        return fail(str(err))
    if args.reset_progress:
        if args.no_progress:
            return fail("--reset-progress and --no-progress together: nothing to reset")
        from tui_tutor.progress import ProgressStore

        return reset_progress(ProgressStore())
    if args.stats:
        from tui_tutor.progress import NullStore, ProgressStore

        return print_stats(lessons, NullStore() if args.no_progress else ProgressStore(), settings)
    classroom: ClassLink | None = None
    if args.class_location is not None:
        from tui_tutor.classroom.joining import join_class

        try:
            classroom = join_class(args.class_location, args.as_name, args.class_key, args.key, by_code=args.sign_in)
        except UsageError as err:
            return fail(str(err))
    from tui_tutor.app import TutorApp

    app = TutorApp(course, watch=folder if args.watch else None, start=start, overrides=overrides, seed=args.seed,
                   theme=args.theme, presenting=args.present, keep_progress=not args.no_progress, review=review,
                   review_settings=settings, classroom=classroom)
    try:
        app.run()
    finally:
        if classroom is not None:
            classroom.close()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
