"""Fields of code-export templates that hold many values, and the digit recogniser's script
(shared by the `cross-entropy` and `mse-for-classification` panels)."""

from __future__ import annotations

from collections.abc import Sequence

from tui_tutor.content import Lesson
from tui_tutor.content.code import fill, literal


def listing(values: Sequence, width: int = 0) -> str:
    """A Python list written over several lines: one value per line, or as many as fit in `width`."""
    items = [literal(v) + "," for v in values]
    lines: list[str] = []
    for item in items:
        if width and lines and len(lines[-1]) + 1 + len(item) <= width:
            lines[-1] += " " + item
        else:
            lines.append(item)
    return "[\n" + "".join(f"    {line}\n" for line in lines) + "]"


def recogniser_source(lesson: Lesson, runs: Sequence[tuple[str, int]], seed: int, lr: float, hidden: int,
                      per_digit: int, image: Sequence[Sequence[int]] | None = None, digit: int = 0) -> str:
    """The digit recogniser trained once per (loss, epochs) in `runs`, printing `<loss>_loss`,
    `<loss>_accuracy` and `<loss>_test_accuracy`; with `image` it also classifies that image
    with the "ce" run and prints `p[i]` and `ce` against `digit`."""
    from tui_tutor.compute import digits

    source = fill(
        lesson.code["digit_recogniser"], glyphs=listing([list(g) for g in digits.GLYPHS]), seed=literal(seed),
        lr=literal(float(lr)), hidden=literal(hidden), per_digit=literal(per_digit), flip=literal(digits.FLIP),
        shift=literal(digits.SHIFT), runs=literal([[name, int(epochs)] for name, epochs in runs]),
    )
    if image is None:
        return source
    drawn = ["".join("#" if v else "." for v in row) for row in image]
    return source + fill(lesson.code["digit_image"], image=listing(drawn), digit=literal(int(digit)))
