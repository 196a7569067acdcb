"""The warm server's rehearsal of the compute module's trainings (`preload.warm`): every training
runs, for a few steps, in a thread that has ended when the rehearsal returns."""

from __future__ import annotations

import functools
import inspect
import threading
from importlib import import_module

import pytest

from tui_tutor.preload import warm


def test_every_public_function_that_can_be_stopped_is_a_training():
    names = {name for name, _ in warm.trainings()}
    assert {"network.fit", "digits.train", "spam.train", "codec.train_gain", "search.compare", "descent.run"} <= names
    assert "core.run_steps" not in names, "the step loop is every training's, not one of its own"
    for name, training in warm.trainings():
        required = [p for p in inspect.signature(training).parameters.values() if p.default is p.empty]
        assert not required or name in warm.TRAINING_ARGS, f"{name} needs arguments for its rehearsal"


def test_each_training_runs_a_few_steps_and_no_thread_is_left(monkeypatch):
    steps: dict[str, int] = {}
    threads = set()
    for name, training in list(warm.trainings()):
        module, function = name.split(".")

        @functools.wraps(training)
        def counted(*args, name=name, training=training, **kwargs):
            threads.add(threading.current_thread().name)
            call = inspect.signature(training).bind(*args, **kwargs)
            should_stop = call.arguments["should_stop"]

            def stop() -> bool:
                steps[name] = steps.get(name, 0) + 1
                return should_stop()

            call.arguments["should_stop"] = stop
            return training(*call.args, **call.kwargs)

        monkeypatch.setattr(import_module(f"tui_tutor.compute.{module}"), function, counted)
    before = threading.active_count()
    warm.rehearse_trainings()
    assert set(steps) == {name for name, _ in warm.trainings()}, "every training is rehearsed"
    assert all(polls > 0 for polls in steps.values())
    # a few steps, not a lesson's hundreds (a training made of several polls each of its parts)
    assert max(steps.values()) <= 3 * (warm.REHEARSED_STEPS + 1), steps
    assert threads and all(name.startswith("tui-tutor-rehearsal") for name in threads), "a worker, as a lesson's"
    assert threading.active_count() == before, "forking with a thread still running could deadlock a session"


def test_a_failing_training_stops_the_rehearsal_loudly(monkeypatch):
    def broken(*, should_stop):
        raise RuntimeError("broken training")

    broken.__module__ = "tui_tutor.compute.codec"
    monkeypatch.setattr(import_module("tui_tutor.compute.codec"), "train_gain", broken)
    with pytest.raises(RuntimeError, match="broken training"):
        warm.rehearse_trainings()
