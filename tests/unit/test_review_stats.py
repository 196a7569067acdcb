"""Review statistics (due per day, retention, weakest lessons) and the review command line."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest

from tui_tutor.__main__ import main
from tui_tutor.answers import AGAIN, GOOD
from tui_tutor.progress import Progress, ProgressStore
from tui_tutor.review_plan import plan
from tui_tutor.review_stats import DAYS, WIDTH, stats, stats_lines
from tui_tutor.schedule import schedule

DAY0 = date(2026, 3, 2)


def noon(day: date, n: int = 0) -> float:
    return datetime(day.year, day.month, day.day, 12).timestamp() + n


def answered(p: Progress, question: str, day: date, right: bool, n: int = 0) -> Progress:
    return p.record_question(question, right, now=noon(day, n), rating=GOOD if right else AGAIN, day=day.isoformat())


@pytest.fixture
def history() -> Progress:
    """Softmax's questions learned on day 0; two lapse on day 3 (one of them twice that day); neuron's one right."""
    p = Progress().visit("softmax", 0, now=noon(DAY0)).visit("neuron", 0, now=noon(DAY0))
    for q in ("softmax-uniform", "softmax-two-class", "softmax-shift"):
        p = answered(p, q, DAY0, True)
    p = answered(p, "neuron-output", DAY0, True)
    p = answered(p, "softmax-uniform", DAY0 + timedelta(3), False, 1)
    p = answered(p, "softmax-uniform", DAY0 + timedelta(3), True, 2)  # a retry the same day: not a return
    p = answered(p, "softmax-two-class", DAY0 + timedelta(3), False, 3)
    p = answered(p, "softmax-shift", DAY0 + timedelta(3), True, 4)
    return p


def test_due_per_day_retention_and_weakest_lessons(lessons, history):
    today = DAY0 + timedelta(3)
    s = stats(plan(lessons, history, today, new_per_day=2))
    dues = [st.due for st in schedule(history).values()]
    assert [d for d, _ in s.due_per_day] == [today + timedelta(n) for n in range(DAYS)]
    assert [n for _, n in s.due_per_day] == [sum(due <= d if d == today else due == d for due in dues)
                                            for d, _ in s.due_per_day]
    assert (s.returns, s.returns_right) == (3, 1) and s.retention == pytest.approx(1 / 3)
    assert s.weakest == (("Softmax", 2),)
    assert s.started == 4 and s.new_today == 2


def test_the_charts_fit_80_by_24(lessons, history):
    s = stats(plan(lessons, history, DAY0 + timedelta(3), new_per_day=2, exam=DAY0 + timedelta(20),
                   exam_since=DAY0 + timedelta(3)))
    lines = stats_lines(s)
    assert len(lines) <= 21 and max(len(line) for line in lines) <= WIDTH
    text = "\n".join(lines)
    assert "Retention so far" in text and "33 %" in text and "(1 of 3 returns right)" in text
    # to see before the exam: neuron-output (last seen before exam mode began) and 5 cards never seen
    assert "Softmax" in text and "Exam Sun 22 Mar: 6 cards still to see before it." in text
    assert "…" not in text


def test_before_any_review_the_statistics_say_how_to_start(lessons):
    lines = stats_lines(stats(plan(lessons, Progress(), DAY0, new_per_day=10)))
    assert "No reviews yet" in "\n".join(lines) and "tui-tutor review" in lines[-1]


def test_review_stats_prints_the_charts(lessons, history, tmp_path, monkeypatch, capsys):
    ProgressStore(tmp_path).save(history)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path.parent))
    monkeypatch.setattr("tui_tutor.progress.store.default_directory", lambda: tmp_path)
    assert main(["review", "--stats", "--today", (DAY0 + timedelta(3)).isoformat()]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Review statistics, Thu 5 Mar 2026"
    assert "Weakest lessons" in out and max(len(line) for line in out.splitlines()) <= WIDTH
    assert ProgressStore(tmp_path).load() == history, "--stats writes nothing"


@pytest.mark.parametrize(("args", "message"), [
    (["review", "--today", "2026-13-01"], "--today '2026-13-01': not a date; expected YYYY-MM-DD"),
    (["review", "--today", "tomorrow"], "--today 'tomorrow': not a date; expected YYYY-MM-DD"),
    (["review", "--today", "20260301"], "--today '20260301': not a date"),
    (["review", "--before", "2026-02-30"], "--before '2026-02-30': not a date"),
    (["review", "--today", "2026-03-02", "--before", "2026-03-02"],
     "--before 2026-03-02: the exam must be after the review day (2026-03-02)"),
    (["review", "--limit", "0"], "--limit '0': expected a whole number ≥ 1 or all"),
    (["review", "--limit", "ten"], "--limit 'ten': expected a whole number ≥ 1 or all"),
    (["review", "--new-per-day", "-1"], "--new-per-day '-1': expected a whole number ≥ 0"),
    (["--due"], "--due is a review option: tui-tutor review --due"),
    (["--stats"], "--stats is a review option"),
    (["review", "neuron", "--due"], "--due covers every lesson; to practise some: tui-tutor review neuron"),
])
def test_bad_review_options_exit_2_with_one_line(args, message, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("tui-tutor: error: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_malformed_date_is_refused_before_anything_starts():
    done = subprocess.run([sys.executable, "-m", "tui_tutor", "review", "--today", "32.1.2026"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"tui-tutor: error: --today '32.1.2026': not a date; expected YYYY-MM-DD, e.g. {date.today().isoformat()}"]


def test_the_contents_line_says_what_is_due_new_and_the_exam(lessons, history):
    from tui_tutor.review_plan import due_line

    today = DAY0 + timedelta(3)
    assert due_line(plan(lessons, history, today, new_per_day=2)) == "r: review · 1 due today · 2 new"
    exam = plan(lessons, history, today, new_per_day=0, exam=DAY0 + timedelta(20), exam_since=today)
    assert due_line(exam).endswith(" · exam Sun 22 Mar: 6 to see")
    later = plan(lessons, answered(history, "neuron-output", today, True, 9), today, new_per_day=0)
    assert due_line(later).startswith("r: review · nothing due today · next: tomorrow, 2 cards")
