"""`tui-tutor handout`: write the lecture as a page to print or send home."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui_tutor.handout.document import Options


def parser() -> argparse.ArgumentParser:
    """Arguments of `tui-tutor handout`."""
    p = argparse.ArgumentParser(
        prog="tui-tutor handout",
        description="Write the lecture as one self-contained HTML page (or Markdown with SVG figures): "
                    "every lesson's steps, its figures computed by the tutor, and its review questions.",
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="the file to write: FILE.html, or FILE.md for Markdown (figures go to FILE-figures/)")
    p.add_argument("--answers", action="store_true", help="show the right answers and their explanations")
    p.add_argument("--markdown", action="store_true", help="write Markdown whatever FILE's ending")
    p.add_argument("--lessons", metavar="DIR",
                   help="a course folder laid over the shipped lessons, as `tui-tutor --lessons DIR` (also TUI_TUTOR_LESSONS)")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="seed for every random example (default 0)")
    p.add_argument("--title", help="the handout's title (default: the course's)")
    return p


def fail(message: str, status: int = 1) -> int:
    print(f"tui-tutor handout: error: {message}", file=sys.stderr)
    return status


def main(argv: list[str]) -> int:
    """Write the handout; returns an exit status (2 for a bad command line)."""
    args = parser().parse_args(argv)
    from tui_tutor.content import LessonError
    from tui_tutor.content.course import course_folder, load_course

    output, folder = Path(args.output), course_folder(args.lessons)
    if args.seed < 0:
        return fail(f"--seed {args.seed}: expected a whole number ≥ 0", 2)
    if folder is not None and not folder.is_dir():
        return fail(f"--lessons {folder}: no such folder", 2)
    if output.is_dir():
        return fail(f"-o {output}: is a folder; name the file to write, e.g. {output / 'handout.html'}", 2)
    try:
        course = load_course(folder)
    except LessonError as err:
        check = f"tui-tutor check {folder}" if folder is not None else "tui-tutor check"
        return fail(f"the lessons cannot be used: {err} ({check} lists every problem)", 2)
    from tui_tutor.handout.document import build

    options = Options(answers=args.answers, seed=args.seed, title=args.title or course.title)
    parts = build(course.lessons, options)
    for part in parts:
        if part.problem:
            print(f"tui-tutor handout: note: {part.lesson.id}: {part.problem}", file=sys.stderr)
    markdown = args.markdown or output.suffix.lower() in (".md", ".markdown")
    try:
        if markdown:
            from tui_tutor.handout.markdown_page import document

            folder = output.with_name(output.stem + "-figures")
            output.write_text(document(parts, options, folder), encoding="utf-8")
            extra = f" and its figures in {folder}/"
        else:
            from tui_tutor.handout.html_page import page

            output.write_text(page(parts, options), encoding="utf-8")
            extra = ": one file, open it in a browser and print from there"
    except OSError as err:
        return fail(f"could not write {output}: {err.strerror or err}")
    print(f"Wrote {output} ({len(parts)} lessons{', with answers' if args.answers else ''}){extra}.")
    return 0
