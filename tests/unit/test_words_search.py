"""The optimisation race said in words: counting from the algorithm's own sizes, how each run
ended from its status and length, and who was first, counted from the runs."""

from __future__ import annotations

from tui_tutor.compute import search
from tui_tutor.words import search as words


def test_counting_uses_the_algorithms_sizes():
    assert words.counting("gradient descent", 20, 18).endswith("= 2 evaluations per step")
    said = words.counting("genetic algorithm", search.POPULATION, search.POPULATION - search.ELITES)
    assert said == f"1 evaluation per individual: {search.POPULATION} to start, then " \
                   f"{search.POPULATION - search.ELITES} new children per generation"


def test_each_ending_in_words():
    assert words.ending(search.gradient_descent()) == f"converged after {len(search.gradient_descent().losses)} " \
                                                      "evaluations: the gradient vanished"
    assert words.ending(search.random_search(0, 50)) == "used all 50 evaluations"
    diverged = search.gradient_descent(lr=5.0)
    assert words.ending(diverged) == f"diverged: the loss was not finite at evaluation {len(diverged.losses) + 1}"
    assert words.ending(search.genetic_algorithm(0, should_stop=lambda: True)) == "stopped after 0 of 1000 evaluations"


def test_who_was_first_is_counted_from_the_runs():
    race = search.compare(0.1, seed=0)
    fewest = min(c for c in race.counts if c is not None)
    winner = search.METHODS[race.counts.index(fewest)]
    assert words.first(search.METHODS, race.counts, 0.1) == f"First to L ≤ 0.1: {winner} ({fewest} evaluations)."
    assert words.first(search.METHODS, (7, 7, None), 1.0) == \
        "First to L ≤ 1: gradient descent and random search (7 evaluations each)."
    assert words.first(search.METHODS, (None, None, None), 0.005) == "Nobody reaches L ≤ 0.005 within n."
