"""The command line: --list, --version, and clear exit-2 refusals."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tui_tutor.__main__ import main


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui_tutor", *args], capture_output=True, text=True, timeout=60)


def test_list_prints_id_tab_title(lessons):
    done = run("--list")
    assert done.returncode == 0
    assert done.stdout.splitlines() == [f"{lesson.id}\t{lesson.title}" for lesson in lessons]


def test_version():
    done = run("--version")
    assert done.returncode == 0 and done.stdout.startswith("tui-tutor ")


def test_help_mentions_every_option():
    done = run("--help")
    for option in ("--set", "--seed", "--theme", "--list", "--version", "--present", "--scenario", "LESSON_ID"):
        assert option in done.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["nope"], "unknown lesson 'nope'; known lessons: neuron"),
    (["neuron", "--set", "q=1"], "lesson 'neuron' has no parameter 'q' (its parameters: x, w, b, activation)"),
    (["neuron", "--set", "b=abc"], "--set b=abc: 'abc' is not a number"),
    (["neuron", "--set", "b=nan"], "'nan' is not a finite number"),
    (["neuron", "--set", "b=inf"], "'inf' is not a finite number"),
    (["neuron", "--set", "b=1e999"], "overflows to infinity"),
    (["neuron", "--set", "b=1000"], "above the maximum 100"),
    (["neuron", "--set", "x=1,2"], "x and w need the same length (2 vs 3)"),
    (["neuron", "--set", "x=1,2,3,4,5,6", "--set", "w=1,2,3,4,5,6"], "6 values; expected 1 to 5"),
    (["neuron", "--set", "activation=softsign"], "not one of identity, step, sigmoid, tanh, relu"),
    (["neuron", "--set", "b"], "expected NAME=VALUE"),
    (["--set", "b=1"], "--set and --scenario need a lesson"),
    (["neuron", "--scenario", "nope"], "--scenario 'nope': lesson 'neuron' has no such scenario (its scenarios: 'dead ReLU'"),
    (["--seed", "-1"], "--seed -1: expected a whole number ≥ 0"),
])
def test_bad_command_lines_exit_2_with_a_message(args, message, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("tui-tutor: error: ")
    assert message in err
    assert "Traceback" not in err


def test_non_integer_seed_exits_2():
    done = run("--seed", "x")
    assert done.returncode == 2 and "invalid int value" in done.stderr


def test_python_dash_m_works():
    assert run("--list").returncode == 0


def test_scenario_then_set_overrides(lessons):
    from tui_tutor.cli import find_lesson, parse_overrides

    neuron = find_lesson(lessons, "neuron")
    values = parse_overrides(neuron, ["b=2"], "dead ReLU")
    assert values == {"activation": "relu", "b": 2.0}


def test_reset_progress_asks_first(tmp_path):
    import os

    from tui_tutor.progress import Progress, ProgressStore

    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    store = ProgressStore(tmp_path / "tui-tutor")
    store.save(Progress().visit("neuron", 2))
    done = subprocess.run([sys.executable, "-m", "tui_tutor", "--reset-progress"], input="no\n",
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1 and "Nothing was changed." in done.stdout
    assert store.load().lesson("neuron").visited
    done = subprocess.run([sys.executable, "-m", "tui_tutor", "--reset-progress"], input="yes\n",
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0 and "cleared" in done.stdout
    assert not store.load().lesson("neuron").visited


def test_reset_progress_interrupted_changes_nothing(tmp_path, monkeypatch, capsys):
    from tui_tutor.__main__ import reset_progress
    from tui_tutor.progress import Progress, ProgressStore

    store = ProgressStore(tmp_path)
    store.save(Progress().visit("neuron", 2))

    def ctrl_c(prompt: str) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("builtins.input", ctrl_c)
    assert reset_progress(store) == 1
    assert "Nothing was changed." in capsys.readouterr().out
    assert store.load().lesson("neuron").visited


def test_reset_progress_says_where_an_unusable_file_went(tmp_path, monkeypatch, capsys):
    from tui_tutor.__main__ import reset_progress
    from tui_tutor.progress import ProgressStore

    (tmp_path / "progress.json").write_text('{"version": 1, "cleared_at": 1' + "0" * 400 + "}")
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    assert reset_progress(ProgressStore(tmp_path)) == 0
    out = capsys.readouterr().out
    aside = list(tmp_path.glob("progress.json.corrupt-*"))
    assert len(aside) == 1 and str(aside[0]) in out and "cleared" in out


@pytest.mark.parametrize(("args", "message"), [
    (["review", "nope"], "unknown lesson 'nope'"),
    (["neuron", "softmax"], "one lesson at a time"),
    (["--reset-progress", "--no-progress"], "nothing to reset"),
])
def test_review_and_progress_refusals(args, message, capsys):
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_a_bare_command_line_gets_the_parsers_defaults_without_argparse():
    import subprocess
    import sys

    from tui_tutor.cli import parse_args, parser

    assert vars(parse_args([])) == vars(parser().parse_args([]))
    assert parse_args(["--seed", "3"]).seed == 3 and parse_args(["--set", "b=1", "--set", "w=2"]).set == ["b=1", "w=2"]
    assert parse_args([]).set is not parse_args([]).set, "each call gets its own list"
    code = "import sys; from tui_tutor.cli import parse_args; parse_args([]); print('argparse' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
