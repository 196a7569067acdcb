"""What the server loads once, before its first session, so that no session loads it again.

Every module a session can need (all of the tutor's but the server's own and the other
subcommands', with Textual's drivers and PyTorch through the compute module), the lessons, one
computation through torch, which sets up its operators and allocator, a few steps of every
training (torch's autograd and optimisers), and a rehearsal of the tutor itself (headless, to
the contents and into the first lesson). Nothing here may leave a thread running: forking a
process whose threads hold locks (PyTorch's OpenMP pool above all) can deadlock the child, so
torch is imported with OMP_NUM_THREADS=1, the trainings' worker has ended before `warm` returns,
and the server checks that it is one thread.
"""

from __future__ import annotations

import gc
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from importlib import import_module

import tui_tutor

ALSO = ("argparse", "textual.drivers.linux_driver", "textual.drivers.web_driver", "textual.command")
"""Modules outside the tutor that a session imports on its way (a command line, the driver, the palette)."""
NOT_A_SESSIONS = ("tui_tutor.preload", "tui_tutor.web", "tui_tutor.handout")
"""The server itself, and what `serve` and `handout` run in processes of their own."""


def session_modules(skipped: Iterable[str]) -> Iterator[str]:
    """The tutor's modules, but none in (or under) `skipped`, without importing those."""
    skipped = tuple(skipped)

    def walk(path: list[str], prefix: str) -> Iterator[str]:
        for info in pkgutil.iter_modules(path, prefix):
            if any(info.name == s or info.name.startswith(f"{s}.") for s in skipped):
                continue
            yield info.name
            if info.ispkg:
                yield from walk(import_module(info.name).__path__, f"{info.name}.")

    return walk(tui_tutor.__path__, "tui_tutor.")


def warm(subcommands: Iterable[str]) -> int:
    """Import and load what every session needs (not the `subcommands` modules); the number of lessons."""
    from tui_tutor.content import load_lessons

    lessons = load_lessons()  # kept in this process (content/cache.py): every session gets these
    for name in (*ALSO, *session_modules((*NOT_A_SESSIONS, *subcommands))):
        import_module(name)
    from tui_tutor.cli import parser
    from tui_tutor.compute import neuron
    from tui_tutor.runner import torch_ready

    neuron.forward([1.0], [1.0], 0.0, "sigmoid")  # what the app's own warm-up does, once for all
    torch_ready.set()  # sessions compute a keypress's numbers inline from the first key
    parser()  # the command line's parser, made once for every session's options
    rehearse_trainings()
    rehearse()
    gc.collect()
    gc.freeze()  # the sessions' collector never writes to these objects: their pages stay shared
    return len(lessons)


TRAINING_ARGS = {
    "descent.run": ("bowl", 4.0, 0.3),
    "losses.why_not_difference": (0.5, 1.0),
    "losses.fit_constant": ((1.0, 2.0, 6.0), "l1"),
    "network.fit": ("deep",),
    "spam.train": ((("win a free prize now", True), ("lunch at noon", False)),),
}
"""The arguments a training needs that have no default (`module.function`), for its rehearsal."""
REHEARSED_STEPS = 3


def trainings() -> Iterator[tuple[str, Callable]]:
    """Every training of the compute module (a public function that takes `should_stop`), as
    (`module.function`, function); the generic step loop `core.run_steps` is theirs, not one."""
    import inspect

    import tui_tutor.compute as compute

    for info in pkgutil.iter_modules(compute.__path__):
        module = import_module(f"{compute.__name__}.{info.name}")
        for name, function in vars(module).items():
            if (inspect.isfunction(function) and function.__module__ == module.__name__ and not name.startswith("_")
                    and "should_stop" in inspect.signature(function).parameters and name != "run_steps"):
                yield f"{info.name}.{name}", function


def rehearse_trainings() -> None:
    """Run each training for a few steps, in a thread that then ends (as a lesson's worker
    does). Torch sets up autograd, its optimisers and their kernels on first use, once per
    process: done here, in pages every session shares, a session's first training costs it
    about 3 MB of its own memory instead of 12."""
    from concurrent.futures import ThreadPoolExecutor

    def run_all() -> None:
        for name, training in trainings():
            polls = iter(range(REHEARSED_STEPS))
            training(*TRAINING_ARGS.get(name, ()), should_stop=lambda polls=polls: next(polls, None) is None)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tui-tutor-rehearsal") as worker:
        worker.submit(run_all).result()  # what it raises, raised here; the thread has ended after `with`


def rehearse() -> None:
    """Run the tutor once, headless, to the contents and once into the first lesson. What
    Textual does once per process (the CSS of every widget parsed, its caches filled, the
    modules it imports on first use) is then done in the server, and every session starts
    with it. Nothing is kept or written: no progress store, no terminal, no thread left."""
    import asyncio

    from tui_tutor.app import TutorApp
    from tui_tutor.content import load_course
    from tui_tutor.textual_compat import share_parsed_css

    share_parsed_css()  # sessions reuse the rules parsed here (and each other's, for other themes)
    course = load_course(None)

    async def run(start: str | None) -> None:
        app = TutorApp(course, start=start)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()

    for start in (None, course.lessons[0].id):
        asyncio.run(run(start))


def thread_count() -> int:
    """Threads of this process, as the kernel counts them (PyTorch's own included)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return 0
