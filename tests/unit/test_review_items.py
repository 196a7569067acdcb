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
    first = [question_items(each, 7) for each in lessons]
    assert first == [question_items(each, 7) for each in lessons]
    moved = sum(a.answer != b.answer for each, items in zip(lessons, first)
                for a, b in zip(items, question_items(each, 8)) if a.kind == "choice")
    assert moved >= len(choice_questions()) // 3


def test_no_answer_position_dominates():
    """Always pressing the same number must not pass a review (the files put most answers second)."""
    for seed in range(3):
        places = Counter(int(item.answer) for lesson in load_lessons()
                         for item in question_items(lesson, seed) if item.kind == "choice")
        assert max(places.values()) <= 0.45 * sum(places.values()), places


def length_hit_rate(pick) -> dict[int, float]:
    """How often "choose the longest (or shortest) option" finds the right one, by number of
    options k; ties share the hit (choosing among the tied at random)."""
    hits: Counter = Counter()
    counts: Counter = Counter()
    for _, q in choice_questions():
        lengths = [len(c) for c in q.choices]
        best = [i for i, n in enumerate(lengths) if n == pick(lengths)]
        counts[len(lengths)] += 1
        hits[len(lengths)] += (q.answer in best) / len(best)
    return {k: hits[k] / counts[k] for k in counts}


def test_the_right_choice_is_not_told_by_its_length():
    """Across every k-choice question, picking the longest (or the shortest) option finds the
    right one in at most 1/k + 10 % of them."""
    for pick in (max, min):
        for k, rate in length_hit_rate(pick).items():
            assert rate <= 1 / k + 0.10, f"{pick.__name__}: right in {rate:.0%} of {k}-choice questions"


def test_a_question_asked_again_keeps_its_answer_and_is_shuffled_anew():
    from tui_tutor.review_items import again

    lesson = next(each for each in load_lessons() if each.id == "softmax")
    item = next(i for i in question_items(lesson, 0) if i.kind == "choice")
    orders = set()
    for seed in range(1, 9):
        retry = again(item, seed)
        assert retry.id == item.id and retry.choices[int(retry.answer)] == item.choices[int(item.answer)]
        orders.add(retry.choices)
    assert len(orders) > 1


def test_questions_stand_alone():
    """A spaced review asks one question at a time, in any order: none may lean on another."""
    for _, q in [(each, q) for each in load_lessons() for q in each.questions]:
        assert not q.prompt.lower().startswith(("same ", "as before", "the previous")), q.id
        assert "last question" not in (q.hint + q.explanation).lower(), q.id
