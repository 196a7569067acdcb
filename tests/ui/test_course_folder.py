"""An instructor's course folder (`tui-tutor --lessons DIR`): a shipped lesson with a section
inserted and one removed, a lesson with a changed scenario and an added question, and a new
lesson that reuses the gradient-descent panel on another function. It checks clean and runs
(contents, steps, x, k, review, export, presenter mode); broken, it is refused with one
FILE:LINE message per problem and exit 2."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import screen_text, settle
from tui_tutor.content import LessonError, lessons_dir, load_course

NEW_LESSON = '''+++
id = "descent-on-two-valleys"
title = "Descent on two valleys"
summary = "the same pseudocode on f(w) = (w² − 1)² + 0.3w: where you start decides the valley"
panel = "gradient-descent"
after = "gradient-descent"
exercises = ["gradient-descent-next-w"]

[[params]]
name = "function"
label = "f"
type = "choice"
default = "two-minima"
choices = ["two-minima"]
help = "the two valleys"

[[params]]
name = "w0"
label = "w₀"
type = "float"
default = 1.6
min = -3
max = 3
step = 0.1
help = "the start w₀"

[[params]]
name = "lr"
label = "η"
type = "float"
default = 0.05
min = 0.0001
max = 1
step = 0.01
help = "η > 0"

[[data.functions]]
name = "two-minima"
formula = "f(w) = (w² − 1)² + 0.3w"
gradient = "f′(w) = 4w(w² − 1) + 0.3"
code = "(w ** 2 - 1) ** 2 + 0.3 * w"

[[scenarios]]
name = "start on the left"
set = { w0 = -0.5 }

[[questions]]
id = "valleys-one-step"
kind = "numeric"
prompt = "On f(w) = (w² − 1)² + 0.3w from w₀ = 1.6 with η = 0.05, what is w₁?"
answer = 1.0858
compute = { function = "descent_step", function_name = "two-minima", w = [1.6], lr = 0.05, coordinate = 1 }
tolerance = 0.001
hint = "∇f(w) = 4w(w² − 1) + 0.3."
explanation = "∇f(1.6) = 4·1.6·1.56 + 0.3 = 10.284, so w₁ = 1.6 − 0.05·10.284 = 1.0858."

[[questions]]
id = "valleys-which"
kind = "choice"
prompt = "Which valley does a run from w₀ = −0.5 end in?"
choices = ["the left one, near w = −1.04", "the right one, near w = 0.96"]
answer = 0
hint = "Which way does the slope point at −0.5?"
explanation = "Left of the hump every slope leads into the left valley."
+++

## Two valleys {view=intro}

The same update wₜ₊₁ = wₜ − η∇f(wₜ), on a function with two minima.

## Run it {view=run}

→ plays the run; . takes one iteration.

## Start on the left {view=intro scenario="start on the left"}

From w₀ = −0.5 it finds the deeper valley.
'''


def write_course(folder: Path) -> None:
    """The three changes the instructor makes, in `folder`."""
    folder.mkdir(exist_ok=True)
    loss = (lessons_dir() / "04-loss-functions.md").read_text(encoding="utf-8")
    loss = loss.replace("## Same minimum, different penalties",
                        "## An instructor's aside\n\nWhy we square: a word from this year's class.\n\n"
                        "## Same minimum, different penalties", 1)
    loss = re.sub(r"## Minimise a loss = maximise its opposite\n.*\Z", "", loss, flags=re.DOTALL)
    (folder / "my-losses.md").write_text(loss, encoding="utf-8")
    descent = (lessons_dir() / "14-gradient-descent.md").read_text(encoding="utf-8")
    descent = descent.replace('name = "η too large"\nset = { function = "bowl", w0 = 4.0, lr = 0.9 }',
                              'name = "η too large"\nset = { function = "bowl", w0 = 4.0, lr = 0.95 }', 1)
    descent = descent.replace("+++\n\n## ", '''[[questions]]
id = "gd-two-steps"
kind = "numeric"
prompt = "f(w) = (w − 1)² + 0.5, w₀ = 2.2 and η = 0.3. What is the next w?"
answer = 1.48
compute = { function = "descent_step", function_name = "bowl", w = [2.2], lr = 0.3, coordinate = 1 }
tolerance = 0.001
hint = "The same step again, from 2.2."
explanation = "∇f(2.2) = 2.4, η∇f = 0.72, 2.2 − 0.72 = 1.48."
+++

## ''', 1)
    (folder / "gd.md").write_text(descent, encoding="utf-8")
    (folder / "valleys.md").write_text(NEW_LESSON, encoding="utf-8")


def tutor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui_tutor", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def course_folder(tmp_path):
    write_course(tmp_path / "course")
    return tmp_path / "course"


def test_the_course_folder_checks_clean_and_is_laid_over_the_shipped_lessons(course_folder):
    done = tutor("check", str(course_folder))
    assert done.returncode == 0 and "17 lessons" in done.stdout and "no problems" in done.stdout, done.stdout + done.stderr
    course = load_course(course_folder)
    ids = [lesson.id for lesson in course.lessons]
    assert ids[13:16] == ["gradient-descent", "descent-on-two-valleys", "gradient-descent-3d"]
    assert [lesson.number for lesson in course.lessons] == list(range(1, 18)), "nothing renumbered by hand"
    loss = course.lesson("loss-functions")
    assert [s.title for s in loss.sections] == ["Training needs a measure", "Move ŷ, watch the losses",
                                                "An instructor's aside", "Same minimum, different penalties", "The many names"]
    assert [s.view for s in loss.sections] == ["explore", "explore", "explore", "explore", "names"]
    descent = course.lesson("gradient-descent")
    assert dict(descent.scenario("η too large").values)["lr"] == 0.95
    assert "gd-two-steps" in {q.id for q in descent.questions}
    listed = tutor("--lessons", str(course_folder), "--list").stdout.splitlines()
    assert listed[14] == "descent-on-two-valleys\tDescent on two valleys"


async def test_the_new_lesson_runs_in_every_way(make_app, course_folder):
    from tui_tutor.app import TutorApp

    app = TutorApp(load_course(course_folder), start="descent-on-two-valleys")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "15/17 Descent on two valleys" in screen_text(app)
        await pilot.press("right")
        await settle(pilot, app)
        await pilot.press("full_stop", "full_stop")  # two iterations in the run step
        await settle(pilot, app)
        assert app.screen.section == 1 and app.screen.panel.stepper.t == 2
        await pilot.press("x")
        await settle(pilot, app)
        assert "(w² − 1)² + 0.3w" in screen_text(app), "the exercise uses this lesson's function"
        await pilot.press("escape")
        await pilot.press("k")
        await settle(pilot, app)
        assert "Which valley" in screen_text(app) or "w₁" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("c")
        await settle(pilot, app)
        assert "two-minima" in screen_text(app) or "w ** 2 - 1" in screen_text(app) or "0.3" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("f5")
        await settle(pilot, app)
        assert app.presenting and app.screen.query_one("#headline").display
        await pilot.press("end")  # the run's last iteration
        await settle(pilot, app)
        assert app.screen.panel.stepper.over
        await pilot.press("right")  # the run is over: the next step
        await settle(pilot, app)
        assert app.screen.section == 2 and app.screen.panel.editor.values["w0"] == -0.5, "the step's scenario"
    assert app.errors == []


async def test_a_review_of_the_new_lesson_asks_its_questions(course_folder):
    from tui_tutor.app import TutorApp

    app = TutorApp(load_course(course_folder), review=["descent-on-two-valleys"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert "Descent on two valleys" in screen_text(app)
    assert app.errors == []


def test_a_broken_folder_is_refused_with_one_file_line_message_per_problem(course_folder):
    valleys = course_folder / "valleys.md"
    text = valleys.read_text(encoding="utf-8")
    text = text.replace("min = -3\nmax = 3", "min = 3\nmax = -3", 1)  # a broken range
    text = text.replace("answer = 1.0858", "answer = 1.25", 1)  # a wrong numeric answer
    text = text.replace("## Run it {view=run}", "## Run it {view=sprint}", 1)  # an unknown view
    valleys.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    done = tutor("check", str(course_folder))
    assert done.returncode == 2
    problems = done.stdout.splitlines()
    assert len(problems) == 3, done.stdout
    for problem in problems:
        path, line, message = problem.split(":", 2)
        assert path == str(valleys) and 1 <= int(line) <= len(lines), problem
    assert any("max -3 is below min 3" in p and "make max ≥ min" in p for p in problems)
    assert any("the answer is 1.25 but the compute module gives 1.0858" in p for p in problems)
    assert any("has no view 'sprint'" in p and "intro, run" in p for p in problems)
    assert lines[int(problems[0].split(":")[1]) - 1].startswith("max")
    with pytest.raises(LessonError):
        load_course(course_folder)
    refused = tutor("--lessons", str(course_folder))
    assert refused.returncode == 2 and "tui-tutor check" in refused.stderr and "Traceback" not in refused.stderr
