"""Progress store: round trip, atomic writes, corrupt files, read-only disks, two writers."""

from __future__ import annotations

import functools
import json
import multiprocessing
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_tutor.progress import (
    SCHEMA_VERSION,
    Attempt,
    LessonProgress,
    NullStore,
    Position,
    Progress,
    ProgressStore,
    default_directory,
    dump,
    lock,
    merge,
    parse,
)
from tui_tutor.progress import store as progress_module

MP = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


@functools.cache
def sample() -> Progress:
    """The same progress (same attempt ids) on every call."""
    p = Progress().visit("neuron", 3, now=100.0).visit("neuron", 1, now=101.0).complete("neuron", now=102.0)
    p = p.visit("softmax", 2, now=103.0)
    p = p.record_question("neuron-q1", False, now=104.0).record_question("neuron-q1", True, now=105.0)
    return p.record_exercise("neuron-e1", True, 0.25, now=106.0)


def ids(p: Progress) -> set[str]:
    return {a.id for table in (p.questions, p.exercises) for attempts in table.values() for a in attempts}


def files(directory: Path) -> set[str]:
    return {f.name for f in directory.iterdir()}


# ----------------------------------------------------------------------------- model and round trip


def test_model_records_visits_completion_and_attempts():
    p = sample()
    assert p.version == SCHEMA_VERSION
    assert p.lesson("neuron") == LessonProgress(visited=True, completed=True, step=3, last_visited=102.0)
    assert p.lesson("softmax") == LessonProgress(visited=True, completed=False, step=2, last_visited=103.0)
    assert p.lesson("unknown") == LessonProgress()
    assert p.position == Position("softmax", 2, 103.0)
    assert [(a.correct, a.at, a.value) for a in p.questions["neuron-q1"]] == [(False, 104.0, None), (True, 105.0, None)]
    assert [(a.correct, a.value) for a in p.exercises["neuron-e1"]] == [(True, 0.25)]
    assert len(ids(p)) == 3  # every attempt has its own id
    assert Progress().questions == {}  # methods return new values; the original is untouched
    with pytest.raises(ValueError, match="not finite"):
        p.record_exercise("e", True, float("nan"))


def test_round_trip(tmp_path):
    store = ProgressStore(tmp_path / "data")
    assert store.load() == Progress()
    assert (store.notice, store.writable) == (None, True)
    saved = store.save(sample())
    assert saved == sample()
    again = ProgressStore(tmp_path / "data").load()
    assert again == saved
    assert again.position == Position("softmax", 2, 103.0)
    data = json.loads((tmp_path / "data" / "progress.json").read_text())
    assert data["version"] == SCHEMA_VERSION
    assert data["lessons"]["neuron"] == {"visited": True, "completed": True, "step": 3, "last_visited": 102.0}


def test_default_directory_honours_xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    store = ProgressStore()
    if sys.platform.startswith("linux"):
        assert default_directory() == tmp_path / "xdg" / "tui-tutor"
    assert store.path == default_directory() / "progress.json"
    store.save(sample())
    assert ProgressStore(default_directory()).load() == store.load()


def test_save_merges_with_what_is_on_disk(tmp_path):
    a, b = ProgressStore(tmp_path), ProgressStore(tmp_path)
    a.save(Progress().record_question("q1", True, now=1.0))
    result = b.save(Progress().record_question("q2", False, now=2.0))
    assert set(result.questions) == {"q1", "q2"}
    assert a.load() == result


# ----------------------------------------------------------------------------- atomic writes


class Crash(BaseException):
    """The process dying between writing the temporary file and renaming it."""


def test_crash_between_write_and_rename_leaves_the_old_file(tmp_path, monkeypatch):
    store = ProgressStore(tmp_path)
    old = store.save(sample())
    before = (tmp_path / "progress.json").read_bytes()
    events: list[str] = []
    real_fsync = os.fsync

    def fsync(fd):
        events.append("fsync")
        real_fsync(fd)

    def replace(src, dst):
        events.append("replace")
        assert parse(Path(src).read_bytes()) == store_target  # the new data was complete before the rename
        raise Crash

    store_target = merge(old, old.record_question("q-new", True, now=200.0))
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(Crash):
        store.save(store_target)
    monkeypatch.undo()
    assert events == ["fsync", "replace"]  # flushed to disk before the rename
    assert (tmp_path / "progress.json").read_bytes() == before
    assert ProgressStore(tmp_path).load() == old


def _die_before_rename(directory: str) -> None:
    os.replace = lambda src, dst: os._exit(3)  # killed between write and rename
    ProgressStore(directory).save(Progress().record_question("lost", True))


def test_killed_process_leaves_the_old_file_and_a_harmless_temporary(tmp_path):
    store = ProgressStore(tmp_path)
    old = store.save(sample())
    child = MP.Process(target=_die_before_rename, args=(str(tmp_path),))
    child.start()
    child.join(30)
    assert child.exitcode == 3
    leftovers = [f for f in files(tmp_path) if f.endswith(".tmp")]
    assert len(leftovers) == 1 and parse((tmp_path / leftovers[0]).read_bytes()).questions.keys() >= {"lost"}
    fresh = ProgressStore(tmp_path)
    assert fresh.load() == old and fresh.notice is None
    assert "q9" in fresh.save(old.record_question("q9", True)).questions and fresh.writable


# ----------------------------------------------------------------------------- corrupt files


VALID = dump(sample())
BAD_FILES = {
    "garbage bytes": (b"\x00\xff\xfe\x80 garbage \x1b[2J", "is not valid JSON"),
    "truncated": (VALID[: len(VALID) // 2], "is not valid JSON"),
    "empty": (b"", "is empty"),
    "blank": (b"  \n\n", "is empty"),
    "a list": (b"[1, 2, 3]", "unexpected shape"),
    "no version": (b'{"lessons": {}}', "no valid schema version"),
    "version as text": (b'{"version": "1"}', "no valid schema version"),
    "lessons a list": (b'{"version": 1, "lessons": []}', "unexpected shape (lessons is not an object)"),
    "step negative": (b'{"version": 1, "lessons": {"a": {"step": -1}}}', "step"),
    "attempt not bool": (b'{"version": 1, "questions": {"q": [{"id": "x", "correct": "yes", "at": 1}]}}', "true/false"),
    "attempt without id": (b'{"version": 1, "questions": {"q": [{"correct": true, "at": 1}]}}', "has no id"),
    "NaN time": (b'{"version": 1, "questions": {"q": [{"id": "x", "correct": true, "at": NaN}]}}', "finite number"),
    "huge number": (b'{"version": 1, "position": {"lesson": "a", "step": 1, "at": 1e999}}', "finite number"),
    "huge integer": (b'{"version": 1, "position": {"lesson": "a", "step": 1, "at": 1' + b"0" * 400 + b"}}",
                     "finite number"),
    "integer past the parser's limit": (b'{"version": 1, "cleared_at": 1' + b"0" * 5000 + b"}", "is not valid JSON"),
    "deep nesting": (b"[" * 100_000, "is not valid JSON"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_corrupt_file_is_moved_aside(tmp_path, case):
    content, reason = BAD_FILES[case]
    path = tmp_path / "progress.json"
    path.write_bytes(content)
    store = ProgressStore(tmp_path)
    loaded = store.load()
    assert loaded == Progress()
    assert store.writable
    moved = [f for f in files(tmp_path) if f.startswith("progress.json.corrupt-")]
    assert len(moved) == 1 and (tmp_path / moved[0]).read_bytes() == content
    assert not path.exists()
    assert reason in store.notice and str(tmp_path / moved[0]) in store.notice and "starting fresh" in store.notice
    assert "\n" not in store.notice
    store.save(sample())  # and the store carries on normally
    assert store.load() == merge(Progress(), sample()) and store.notice is None


def test_a_fifo_or_a_directory_in_its_place_is_moved_aside_without_waiting(tmp_path):
    for make in (os.mkfifo, os.mkdir):
        make(tmp_path / "progress.json")
        store = ProgressStore(tmp_path)
        assert store.load() == Progress() and "moved it to" in store.notice
        assert not (tmp_path / "progress.json").exists()


def test_future_version_is_kept_aside_under_its_version(tmp_path):
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"version": 7, "whatever": "new"}))
    store = ProgressStore(tmp_path)
    assert store.load() == Progress()
    (moved,) = [f for f in files(tmp_path) if f.startswith("progress.json.v7-")]
    assert json.loads((tmp_path / moved).read_text())["version"] == 7
    assert f"newer tui-tutor (schema version 7; this one reads {SCHEMA_VERSION})" in store.notice
    assert str(tmp_path / moved) in store.notice


def test_aside_names_never_overwrite_each_other(tmp_path):
    store = ProgressStore(tmp_path)
    for n in range(3):
        (tmp_path / "progress.json").write_bytes(b"broken %d" % n)
        store.load()
    moved = sorted((tmp_path / f).read_bytes() for f in files(tmp_path) if ".corrupt-" in f)
    assert moved == [b"broken 0", b"broken 1", b"broken 2"]
    assert all(re_stamp(f) for f in files(tmp_path) if ".corrupt-" in f)


def re_stamp(name: str) -> bool:
    return re.fullmatch(r"progress\.json\.corrupt-\d{8}T\d{6}(-\d+)?", name) is not None


def make_unreadable(path: Path) -> str:
    """Make reading `path` fail: chmod 000, or (as root, who reads anyway) a directory in its place.
    Returns what the notice should say."""
    path.chmod(0)
    try:
        path.read_bytes()
    except PermissionError:
        return "could not be read (Permission denied)"
    path.chmod(0o644)
    path.unlink()
    path.mkdir()
    (path / "inside").write_text("x")
    return "is not a regular file"


def test_unreadable_file_is_moved_aside(tmp_path):
    path = tmp_path / "progress.json"
    path.write_bytes(VALID)
    why = make_unreadable(path)
    store = ProgressStore(tmp_path)
    assert store.load() == Progress()
    assert why in store.notice
    (moved,) = [f for f in files(tmp_path) if f.startswith("progress.json.corrupt-")]
    assert str(tmp_path / moved) in store.notice
    assert not path.exists()
    assert store.save(sample()) == merge(Progress(), sample()) and store.writable


# ----------------------------------------------------------------------------- read-only directories


@pytest.fixture
def read_only(monkeypatch):
    """Make a directory read-only. As root chmod does not stop writes, so writes below it are refused instead."""
    made: list[Path] = []

    def make(directory: Path) -> None:
        directory.chmod(0o555)
        made.append(directory)
        try:
            (directory / "probe").write_text("x")
        except PermissionError:
            return
        (directory / "probe").unlink()
        refuse_writes_below(monkeypatch, directory)

    yield make
    for directory in made:
        directory.chmod(0o755)


def refuse_writes_below(monkeypatch, directory: Path) -> None:
    root = str(directory)

    def below(path) -> bool:
        return os.path.abspath(os.fspath(path)).startswith(root)

    def denied(path):
        raise PermissionError(13, "Permission denied", os.fspath(path))

    real = {name: getattr(os, name) for name in ("open", "replace", "rename", "mkdir", "unlink", "access")}
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT

    def fake_open(path, flags, *args, **kwargs):
        if below(path) and flags & writing:
            denied(path)
        return real["open"](path, flags, *args, **kwargs)

    def fake_two(name):
        def f(src, dst, *args, **kwargs):
            if below(src) or below(dst):
                denied(dst)
            return real[name](src, dst, *args, **kwargs)
        return f

    def fake_one(name):
        def f(path, *args, **kwargs):
            if below(path):
                denied(path)
            return real[name](path, *args, **kwargs)
        return f

    def fake_access(path, mode, *args, **kwargs):
        return False if below(path) and mode & os.W_OK else real["access"](path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "replace", fake_two("replace"))
    monkeypatch.setattr(os, "rename", fake_two("rename"))
    monkeypatch.setattr(os, "mkdir", fake_one("mkdir"))
    monkeypatch.setattr(os, "unlink", fake_one("unlink"))
    monkeypatch.setattr(os, "access", fake_access)


def test_directory_that_cannot_be_created(tmp_path):
    (tmp_path / "a-file").write_text("not a directory")
    store = ProgressStore(tmp_path / "a-file" / "tui-tutor")
    assert store.load() == Progress()
    assert store.writable is False
    assert store.notice.startswith("progress will not be saved: ") and "\n" not in store.notice
    assert store.save(sample()) == merge(Progress(), sample())  # no exception; the session keeps its progress
    assert store.save(Progress().record_question("q", True)).questions.keys() == {"q"}
    cleared = store.reset()
    assert cleared.questions == {} and cleared.cleared_at is not None and store.writable is False
    assert (tmp_path / "a-file").read_text() == "not a directory"


def test_read_only_directory_with_existing_progress(tmp_path, read_only):
    store = ProgressStore(tmp_path)
    saved = store.save(sample())
    before = (tmp_path / "progress.json").read_bytes()
    read_only(tmp_path)
    assert store.load() == saved  # loading still works
    assert store.writable is False and store.notice.startswith("progress will not be saved: ")
    more = store.save(saved.record_question("q-extra", True))
    assert "q-extra" in more.questions  # no exception, the merged progress comes back
    assert store.writable is False and "Permission denied" in store.notice
    assert (tmp_path / "progress.json").read_bytes() == before
    assert [f for f in files(tmp_path) if f.endswith(".tmp")] == []


def test_read_only_directory_with_a_corrupt_file(tmp_path, read_only):
    (tmp_path / "progress.json").write_bytes(b"{oops")
    read_only(tmp_path)
    store = ProgressStore(tmp_path)
    assert store.load() == Progress()
    assert "is not valid JSON" in store.notice and "progress will not be saved" in store.notice
    assert (tmp_path / "progress.json").read_bytes() == b"{oops"  # left where it was


def test_failing_rename_does_not_raise(tmp_path, monkeypatch):
    store = ProgressStore(tmp_path)
    saved = store.save(sample())

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", dst)

    monkeypatch.setattr(os, "replace", refuse)
    assert "q" in store.save(saved.record_question("q", True)).questions
    assert store.writable is False and store.notice == f"progress will not be saved: Permission denied: {store.path}"
    monkeypatch.undo()
    assert store.load() == saved
    assert [f for f in files(tmp_path) if f.endswith(".tmp")] == []
    store.save(saved.record_question("q", True))
    assert (store.writable, store.notice) == (True, None)  # recovers once writing works again


# ----------------------------------------------------------------------------- two writers


@pytest.mark.parametrize("a_first", [True, False])
def test_two_stores_interleaving_keep_both_results(tmp_path, a_first):
    base = ProgressStore(tmp_path).save(sample())
    a, b = ProgressStore(tmp_path), ProgressStore(tmp_path)
    mine, theirs = a.load(), b.load()
    mine = mine.record_question("qa", True, now=300.0).visit("neuron", 5, now=301.0)
    theirs = theirs.record_exercise("eb", False, 1.5, now=302.0).complete("softmax", now=303.0)
    for store, p in ((a, mine), (b, theirs)) if a_first else ((b, theirs), (a, mine)):
        store.save(p)
    final = ProgressStore(tmp_path).load()
    assert ids(final) == ids(base) | ids(mine) | ids(theirs)
    assert final.lesson("neuron").step == 5 and final.lesson("softmax").completed
    assert final.position == Position("neuron", 5, 301.0)  # the newer position wins, whoever saved last


def test_saving_twice_keeps_each_attempt_once(tmp_path):
    store = ProgressStore(tmp_path)
    p = sample()
    store.save(p)
    store.save(p)
    assert [len(v) for v in store.load().questions.values()] == [2]


def test_reset_clears_and_stale_copies_do_not_bring_it_back(tmp_path):
    a, b = ProgressStore(tmp_path), ProgressStore(tmp_path)
    stale = b.save(sample().record_question("old", True, now=time.time() - 10))
    cleared = a.reset()
    assert a.load() == cleared and cleared.questions == {} and cleared.lessons == {}
    later = stale.record_question("new", False)  # the other terminal answers after the reset
    result = b.save(later)
    assert set(result.questions) == {"new"} and result.lessons == {}
    assert ProgressStore(tmp_path).load() == result


@pytest.mark.parametrize("without_fcntl", [False, True])
def test_threads_updating_at_once_lose_nothing(tmp_path, monkeypatch, without_fcntl):
    if without_fcntl:
        monkeypatch.setattr(progress_module, "fcntl", None)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            store = ProgressStore(tmp_path)
            for k in range(10):
                store.save(Progress().record_exercise("shared", True, float(100 * n + k)))
                assert store.writable, store.notice
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    values = {a.value for a in ProgressStore(tmp_path).load().exercises["shared"]}
    assert values == {float(100 * n + k) for n in range(4) for k in range(10)}
    assert ("progress.json.excl-lock" in files(tmp_path)) is False


@pytest.mark.parametrize("without_fcntl", [False, True])
def test_held_lock_times_out_without_raising(tmp_path, monkeypatch, without_fcntl):
    if without_fcntl:
        monkeypatch.setattr(progress_module, "fcntl", None)
    monkeypatch.setattr(progress_module, "LOCK_TIMEOUT", 0.05)
    store = ProgressStore(tmp_path)
    saved = store.save(sample())
    with lock(tmp_path):
        assert "q" in store.save(saved.record_question("q", True)).questions
        assert store.writable is False and "stayed locked" in store.notice
    assert store.load() == saved
    store.save(saved.record_question("q", True))
    assert "q" in store.load().questions and store.writable


def test_lock_file_left_by_a_crash_is_broken(tmp_path, monkeypatch):
    monkeypatch.setattr(progress_module, "fcntl", None)
    stale = tmp_path / "progress.json.excl-lock"
    stale.write_text("")
    old = time.time() - 60
    os.utime(stale, (old, old))
    store = ProgressStore(tmp_path)
    store.save(sample())
    assert store.writable and store.load() == merge(Progress(), sample())
    assert not stale.exists()


def _save_many(directory: str, n: int, newest_only: bool) -> None:
    store = ProgressStore(directory)
    mine = Progress()
    for k in range(40):
        if newest_only:  # a copy holding only its newest answer
            store.save(Progress().record_exercise("shared", True, float(1000 * n + k)))
        else:  # an in-memory copy that is never reloaded, saved each time
            mine = mine.record_exercise("shared", k % 2 == 0, float(1000 * n + k)).visit(f"l{n}", k)
            store.save(mine)
        if not store.writable:
            os._exit(2)


def test_two_processes_saving_many_attempts_end_with_the_union(tmp_path):
    procs = [MP.Process(target=_save_many, args=(str(tmp_path), n, n == 0)) for n in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    final = ProgressStore(tmp_path).load()
    values = sorted(a.value for a in final.exercises["shared"])
    assert values == sorted(float(1000 * n + k) for n in range(2) for k in range(40))
    assert final.lesson("l1").step == 39


# ----------------------------------------------------------------------------- properties

ATTEMPT_IDS = [f"a{i}" for i in range(8)]


def pooled_attempt(i: int) -> Attempt:
    """Attempts from a small pool, so that copies overlap; one id always means one attempt."""
    return Attempt(ATTEMPT_IDS[i], i % 2 == 0, float(i * 10), None if i % 3 else i / 4)


@st.composite
def progresses(draw) -> Progress:
    lessons = draw(st.dictionaries(st.sampled_from("abc"), st.builds(
        LessonProgress, st.booleans(), st.booleans(), st.integers(0, 9),
        st.one_of(st.none(), st.integers(0, 90).map(float)))))
    tables = [
        draw(st.dictionaries(st.sampled_from(["q1", "q2"]), st.lists(st.integers(0, 7), unique=True, max_size=4).map(
            lambda xs: tuple(sorted((pooled_attempt(i) for i in xs), key=lambda a: (a.at, a.id))))))
        for _ in range(2)
    ]
    position = draw(st.one_of(st.none(), st.builds(Position, st.sampled_from("abc"), st.integers(0, 9),
                                                   st.integers(0, 90).map(float))))
    cleared = draw(st.one_of(st.none(), st.sampled_from([15.0, 45.0])))
    tables = [{k: v for k, v in t.items() if v} for t in tables]
    return Progress(lessons=lessons, position=position, questions=tables[0], exercises=tables[1], cleared_at=cleared)


@given(progresses(), progresses(), progresses())
def test_merge_is_a_union_that_ignores_order_and_repeats(a, b, c):
    assert merge(a, b) == merge(b, a)
    assert merge(merge(a, b), c) == merge(a, merge(b, c))
    assert merge(merge(a, b), b) == merge(a, b)
    if a.cleared_at == b.cleared_at:
        assert ids(merge(a, b)) == ids(a) | ids(b)


@given(progresses())
def test_json_round_trip(p):
    assert parse(dump(p)) == p


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from([0, 1]), st.sampled_from(["record", "save", "newest", "visit"]),
                          st.integers(0, 9)), max_size=20))
def test_any_sequence_of_saves_from_two_writers_ends_with_the_union(ops):
    with tempfile.TemporaryDirectory() as directory:
        stores = [ProgressStore(directory), ProgressStore(directory)]
        memory = [stores[0].load(), stores[1].load()]
        recorded: set[str] = set()
        steps: dict[str, int] = {}
        for writer, op, n in ops:
            if op == "record":
                memory[writer] = memory[writer].record_question(f"q{n % 3}", n % 2 == 0)
                recorded |= ids(memory[writer])
            elif op == "visit":
                memory[writer] = memory[writer].visit(f"l{writer}", n)
                steps[f"l{writer}"] = max(steps.get(f"l{writer}", 0), n)
            elif op == "save":
                memory[writer] = stores[writer].save(memory[writer])
            else:  # a copy holding only one new answer
                changed = stores[writer].save(Progress().record_exercise(f"e{n % 2}", True, float(n)))
                recorded |= ids(changed)
        for writer in (0, 1):
            stores[writer].save(memory[writer])
        final = ProgressStore(directory).load()
        assert ids(final) == recorded
        assert {k: v.step for k, v in final.lessons.items()} == steps


# ----------------------------------------------------------------------------- NullStore


def test_null_store_reads_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    store = NullStore()
    assert store.load() == Progress() and store.notice is None and store.writable is False
    saved = store.save(sample())
    assert store.load() == saved == merge(Progress(), sample())  # the session still sees its own progress
    assert "q" in store.save(Progress().record_question("q", True)).questions
    assert store.reset().questions == {} and store.load().lessons == {}
    assert list(tmp_path.iterdir()) == []
