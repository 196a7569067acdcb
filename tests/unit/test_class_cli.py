"""`tui-tutor class new|invite|report` and the main command line's --class, --as, --lead, --key."""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from datetime import date, datetime
from pathlib import Path

import pytest

from tests.unit.test_schedule import oracle_due
from tui_tutor.__main__ import main
from tui_tutor.classroom.keys import new_secret, read_key_file
from tui_tutor.classroom.model import Position, Question, ReviewRecord
from tui_tutor.classroom.store import open_store


@pytest.fixture
def made(tmp_path, capsys):
    """A class made with `tui-tutor class new`: (location, key file)."""
    location = tmp_path / "lab.db"
    assert main(["class", "new", str(location)]) == 0
    capsys.readouterr()
    return str(location), tmp_path / "lab.db.key"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_class_new_makes_the_store_and_a_private_key_and_says_how_to_go_on(tmp_path, capsys):
    location = tmp_path / "lab.db"
    status, out, err = run(capsys, "class", "new", str(location))
    assert status == 0 and err == ""
    key_file = tmp_path / "lab.db.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert f"tui-tutor --class {location} --lead" in out and f"tui-tutor --class {location} --as NAME" in out
    store = open_store(str(location))
    store.verify_key(read_key_file(key_file))
    store.close()
    status, _, err = run(capsys, "class", "new", str(location))
    assert status == 2 and err.count("\n") == 1 and "already exists" in err
    status, _, err = run(capsys, "class", "new", str(tmp_path / "other.db"), "--key", str(key_file))
    assert status == 2 and "already exists" in err and not (tmp_path / "other.db").exists()
    status, _, err = run(capsys, "class", "new", str(tmp_path / "no" / "such" / "dir.db"))
    assert status == 2 and err.startswith("tui-tutor: error: ") and err.count("\n") == 1
    assert not (tmp_path / "no" / "such" / "dir.db.key").exists()


def test_class_invite_mints_codes_that_work_once_each_and_can_be_revoked(made, capsys):
    location, _ = made
    status, out, _ = run(capsys, "class", "invite", location, "--count", "3")
    assert status == 0
    codes = dict(line.split() for line in out.splitlines() if line.startswith("student-"))
    assert sorted(codes) == ["student-01", "student-02", "student-03"] and len(set(codes.values())) == 3
    status, out, _ = run(capsys, "class", "invite", location, "--count", "1")
    assert "student-04" in out
    store = open_store(location)
    assert store.redeem(codes["student-02"]) == "student-02"
    status, out, _ = run(capsys, "class", "invite", location, "--revoke", codes["student-02"])
    assert status == 0 and "student-02" in out
    with pytest.raises(Exception, match="revoked"):
        store.redeem(codes["student-02"])
    store.close()
    for bad in (["--count", "0"], ["--revoke", "NOPE-NOPE-NOPE"]):
        status, _, err = run(capsys, "class", "invite", location, *bad)
        assert status == 2 and err.count("\n") == 1


def test_only_the_key_holder_invites_or_reports(made, tmp_path, capsys):
    location, _ = made
    other = tmp_path / "other.key"
    other.write_text(new_secret() + "\n")
    for command in (["invite", location, "--count", "2"], ["report", location]):
        status, _, err = run(capsys, "class", *command, "--key", str(other))
        assert status == 2 and "instructor key" in err and err.count("\n") == 1
    status, _, err = run(capsys, "class", "report", location, "--key", str(tmp_path / "missing.key"))
    assert status == 2 and "cannot read the instructor key" in err


def test_class_report_shows_the_class_and_its_csv_lists_every_answer(made, capsys):
    location, key_file = made
    key = read_key_file(key_file)
    store = open_store(location)
    secrets = {name: new_secret() for name in ("alice", "bob")}
    for name, secret in secrets.items():
        store.join(name, secret)
        store.heartbeat(name, secret, "softmax", 2, name == "alice")
    store.save_progress("alice", secrets["alice"], {"softmax": (True, True)}, {"softmax-sum": (2, 0)})
    store.save_progress("bob", secrets["bob"], {"softmax": (True, False)}, {"softmax-sum": (0, 3)})
    store.publish(key, Position("softmax", 2, None, {}, 0, "prof"))
    qid = store.ask(key, Question("softmax-range", "choice", "softmax", "Softmax", "Range?", ("[0, 1]", "ℝ"), "", True,
                                  0.0, 0.0, "probabilities"))
    store.answer("alice", secrets["alice"], qid, 0)
    store.answer("bob", secrets["bob"], qid, 1)
    store.reveal(key, qid)
    store.close()
    status, out, _ = run(capsys, "class", "report", location)
    assert status == 0
    assert "2 students, 2 connected now (1 following)" in out
    assert "most missed: softmax-sum (3 wrong)" in out
    assert "1 of 2 right" in out
    assert re.search(r"alice +1\. \[0, 1\] +yes", out) and re.search(r"bob +2\. ℝ +no", out)
    status, out, _ = run(capsys, "class", "report", location, "--csv")
    rows = {row["student"]: row for row in csv.DictReader(io.StringIO(out))}
    assert set(rows) == {"alice", "bob"}
    assert (rows["alice"]["live 1 softmax-range"], rows["alice"]["live 1 right"]) == ("1. [0, 1]", "1")
    assert (rows["bob"]["live 1 softmax-range"], rows["bob"]["live 1 right"]) == ("2. ℝ", "0")
    assert (rows["bob"]["lessons completed"], rows["bob"]["review wrong"]) == ("0", "3")


def test_class_report_counts_each_students_due_reviews_as_fsrs_schedules_them(made, capsys):
    location, key_file = made
    store = open_store(location)
    history = {  # student: card: [(day, rating)], answered right unless rated 1 (again)
        "alice": {"question:neuron-output": [(date(2026, 11, 1), 3), (date(2026, 11, 4), 3)],
                  "question:softmax-sum": [(date(2026, 11, 1), 1)],
                  "exercise:mse-by-hand": [(date(2026, 11, 2), 2), (date(2026, 11, 3), 1)]},
        "bob": {"question:neuron-output": [(date(2026, 11, 1), 4)]},
    }
    for name, cards in history.items():
        secret = new_secret()
        store.join(name, secret)
        records = [ReviewRecord(card, f"{name}-{card}-{n}", day.isoformat(), rating, rating > 1,
                                datetime(day.year, day.month, day.day, 12).timestamp())
                   for card, reviews in cards.items() for n, (day, rating) in enumerate(reviews)]
        store.save_progress(name, secret, {}, {}, records)
    store.close()
    today = date(2026, 11, 6)
    status, out, _ = run(capsys, "class", "report", location, "--today", today.isoformat())
    assert status == 0 and "due as of 2026-11-06" in out
    for name, cards in history.items():
        due = [oracle_due(reviews) for reviews in cards.values()]
        ratings = [rating for reviews in cards.values() for _, rating in reviews]
        right = sum(r > 1 for r in ratings)
        lapses = sum(1 for reviews in cards.values() for day, r in reviews if r == 1 and day > reviews[0][0])
        expected = [name, len(cards), sum(d <= today for d in due), sum((d - today).days < 7 for d in due),
                    len(ratings), f"{right / len(ratings):.0%}", lapses]
        assert re.search(r"\n  " + r" +".join(map(re.escape, map(str, expected))) + r"\n", out), (expected, out)
    status, out, _ = run(capsys, "class", "report", location, "--csv", "--today", today.isoformat())
    rows = {row["student"]: row for row in csv.DictReader(io.StringIO(out))}
    bob_due = oracle_due(history["bob"]["question:neuron-output"])
    assert rows["bob"]["cards"] == "1" and rows["bob"]["due today"] == str(int(bob_due <= today))
    assert rows["bob"]["retention"] == "100%"
    status, _, err = run(capsys, "class", "report", location, "--today", "6/11/2026")
    assert status == 2 and "--today '6/11/2026': not a date; expected YYYY-MM-DD" in err


def test_report_refuses_unknown_and_corrupt_classes(tmp_path, capsys):
    status, _, err = run(capsys, "class", "report", str(tmp_path / "nope.db"))
    assert status == 2 and "no class store" in err and not (tmp_path / "nope.db").exists()
    bad = tmp_path / "bad.db"
    bad.write_bytes(os.urandom(4096))
    status, _, err = run(capsys, "class", "report", str(bad))
    assert status == 2 and "damaged" in err and err.count("\n") == 1


@pytest.mark.parametrize("argv, message", [
    (["--lead"], "--lead needs a class"),
    (["--as", "alice"], "--as needs a class"),
    (["--key", "k"], "--key needs a class"),
    (["--class", "lab.db", "--key", "k"], "goes with --lead"),
    (["--class", "lab.db", "--as", "a\x1bb"], "control characters"),
    (["--class", "lab.db", "--as", ""], "cannot be empty"),
    (["--class", "nope.db"], "no class store at nope.db"),
    (["--class", "lab.db", "--lead", "--key", "."], "--lead: cannot read the instructor key ."),
    (["--class", "lab.db", "--lead", "--key", "lab.db"], "is not an instructor key file"),
    (["--class", "lab.db", "--lead", "--key", "other.key"], "--lead: other.key is not the instructor key"),
    (["--class", "bad.db"], "damaged or not a tui-tutor class"),
])
def test_the_main_command_line_refuses_bad_class_options(made, tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other.key").write_text(new_secret() + "\n")
    (tmp_path / "bad.db").write_bytes(b"x" * 2048)
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert err.startswith("tui-tutor: error: ") and message in err and err.count("\n") == 1


@pytest.mark.slow
def test_a_class_on_postgresql_from_the_command_line(postgres, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    url = postgres.new_database()
    status, out, err = run(capsys, "class", "new", url)
    assert status == 0, err
    assert postgres.password["class_owner"] not in out  # the owner's password is never printed
    assert "tui-tutor --class 'postgresql://class_owner:***@" in out
    key_line = next(line for line in out.splitlines() if line.startswith("instructor key:"))
    key_file = key_line.split()[2]
    assert key_file.startswith(str(tmp_path / "config")) and stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    students = re.search(r"students join: +tui-tutor --class '(postgresql://tui_tutor_student_[^']+)' --as NAME", out)
    assert students and students.group(1) in Path(key_file).read_text()  # kept with the key for the instructor
    store = open_store(students.group(1))
    store.join("alice", new_secret())
    store.close()
    status, out, _ = run(capsys, "class", "invite", url, "--count", "2")
    assert status == 0 and out.count("student-0") == 2
    status, out, _ = run(capsys, "class", "report", url)
    assert status == 0 and "3 students, 0 connected now" in out and "***" in out
    status, _, err = run(capsys, "class", "new", url)
    assert status == 2 and "already" in err


def test_joining_from_the_command_line_as_a_student_an_instructor_or_by_code(made, tmp_path, monkeypatch):
    from tui_tutor.classroom.joining import join_class
    from tui_tutor.cli import UsageError

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "alice-home"))
    location, key_file = made
    key = read_key_file(key_file)
    links = [join_class(location, "alice", None, None), join_class(location, None, key, str(key_file), by_code=True),
             join_class(location, None, None, None, by_code=True)]
    try:
        alice, lead, tab = links
        assert (alice.snapshot.name, alice.snapshot.connected) == ("alice", True)
        assert lead.snapshot.lead and lead.snapshot.connected
        assert tab.snapshot.status == "waiting for your student code" and tab.snapshot.name == ""
        assert list((tmp_path / "alice-home" / "tui-tutor" / "classes").iterdir())  # alice's secret, kept
        again = join_class(location, "alice", None, None)  # alice in a second terminal: the same student
        again.close()
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "someone-else"))
        with pytest.raises(UsageError, match="taken"):
            join_class(location, "alice", None, None).close()
    finally:
        for link in links:
            link.close()
