"""What a review session asks: lesson questions and predict-then-reveal exercises, as one kind of item.

No UI imports: the review screen and the in-lesson checks show `ReviewItem`s, and
`check` marks an answer with `tui_tutor.answers`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from tui_tutor import exercises
from tui_tutor.answers import Verdict, check_choice, check_numeric
from tui_tutor.content import Lesson
from tui_tutor.numbers import fmt


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One thing to answer: a multiple-choice or numeric question, or an exercise."""

    id: str
    """The question id, or the exercise id (progress keys on it)."""
    kind: str
    """"choice", "numeric" or "exercise"."""
    lesson: str
    """The lesson's title."""
    prompt: str
    choices: tuple[str, ...]
    answer: float
    tolerance: float
    hint: str
    explanation: str
    """Shown after answering; for an exercise, its worked steps."""
    from_lecture: bool = False

    @property
    def is_exercise(self) -> bool:
        return self.kind == "exercise"

    def answer_text(self) -> str:
        """The right answer in words."""
        if self.kind == "choice":
            return f"{int(self.answer) + 1}. {self.choices[int(self.answer)]}"
        return fmt(self.answer) + (f" (± {self.tolerance:g})" if self.tolerance else "")

    def check(self, given: str | int | None) -> Verdict:
        """Mark an answer: an option index for a choice, typed text otherwise."""
        if self.kind == "choice":
            return check_choice(given if isinstance(given, int) else None, int(self.answer))
        return check_numeric(given if isinstance(given, str) else "", self.answer, self.tolerance)


def question_items(lesson: Lesson, seed: int) -> list[ReviewItem]:
    """The lesson file's review questions, each one's choices shuffled by `seed` (unless the
    file keeps them in order): where the right answer sits is never a clue."""
    items = []
    for q in lesson.questions:
        choices, answer = q.choices, int(q.answer) if q.kind == "choice" else q.answer
        if q.kind == "choice" and not q.ordered:
            order = list(range(len(choices)))
            random.Random(f"{seed}:{q.id}").shuffle(order)
            choices, answer = tuple(choices[i] for i in order), order.index(answer)
        items.append(ReviewItem(q.id, q.kind, lesson.title, q.prompt, choices, float(answer), q.tolerance,
                                q.hint, q.explanation, q.source == "lecture"))
    return items


def exercise_item(lesson: Lesson, seed: int) -> ReviewItem | None:
    """A fresh predict-then-reveal exercise for the lesson, if it has one."""
    if not lesson.exercises:
        return None
    ex = exercises.make(lesson.exercises[seed % len(lesson.exercises)], lesson, seed)
    return ReviewItem(ex.id, "exercise", lesson.title, ex.prompt, (), ex.answer, ex.tolerance,
                      "Work it out on paper; answers like 0.62 or 1/3 are fine.", "\n".join(ex.steps))


def session(lessons: list[Lesson], seed: int) -> list[ReviewItem]:
    """A review session: every question of these lessons and one exercise each, shuffled by `seed`."""
    items: list[ReviewItem] = []
    for lesson in lessons:
        items += question_items(lesson, seed)
        exercise = exercise_item(lesson, seed)
        if exercise is not None:
            items.append(exercise)
    random.Random(seed).shuffle(items)
    return items
