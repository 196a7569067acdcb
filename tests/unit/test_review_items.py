"""Review items: choices are shuffled so the right answer's place is no clue, and reproducibly."""

from __future__ import annotations

from collections import Counter

from tui_tutor.content import load_lessons
from tui_tutor.review_items import question_items


def choice_questions():
    return [(lesson, q) for lesson in load_lessons() for q in lesson.questions if q.kind == "choice"]


def test_shuffled_choices_keep_the_right_answer_and_every_choice():
    for seed in range(5):
        for lesson in load_lessons():
            for q, item in zip(lesson.questions, question_items(lesson, seed)):
                if q.kind != "choice":
                    assert item.choices == () and item.answer == q.answer
                    continue
                assert sorted(item.choices) == sorted(q.choices)
                assert item.choices[int(item.answer)] == q.choices[q.answer]
                if q.ordered:
                    assert item.choices == q.choices


def test_the_same_seed_gives_the_same_order_and_another_seed_moves_answers():
    lessons = load_lessons()
    first = [question_items(l, 7) for l in lessons]
    assert first == [question_items(l, 7) for l in lessons]
    moved = sum(a.answer != b.answer for l, items in zip(lessons, first)
                for a, b in zip(items, question_items(l, 8)) if a.kind == "choice")
    assert moved >= len(choice_questions()) // 3


def test_no_answer_position_dominates():
    """Always pressing the same number must not pass a review (the files put most answers second)."""
    for seed in range(3):
        places = Counter(int(item.answer) for lesson in load_lessons()
                         for item in question_items(lesson, seed) if item.kind == "choice")
        assert max(places.values()) <= 0.45 * sum(places.values()), places
