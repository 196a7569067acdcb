"""`tui-tutor handout`: its numbers against the compute module and independent closed forms,
its SVG plots, the self-contained page, answers shown or hidden, and the command line."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tui_tutor.content import load_lessons
from tui_tutor.handout import svg
from tui_tutor.handout.document import Options, build, cell
from tui_tutor.handout.figures import FIGURES, lesson_figures
from tui_tutor.handout.html_page import page, prose
from tui_tutor.handout.model import BarPlot, HeatMap, LinePlot, Series

LESSONS = {lesson.id: lesson for lesson in load_lessons()}
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def parts():
    return build(tuple(LESSONS.values()), Options())


@pytest.fixture(scope="module")
def html(parts):
    return page(parts, Options())


def figure(lesson_id: str, step: int, parts=None):
    """The first figure of `lesson_id` at `step` (computed afresh unless `parts` are given)."""
    figures = lesson_figures(LESSONS[lesson_id]) if parts is None else next(
        p.figures for p in parts if p.lesson.id == lesson_id)
    return next(f for f in figures if f.step == step)


def first_of_view(lesson_id: str, view: str) -> int:
    """The section that first shows `view` (where the handout puts that view's figures)."""
    return next(i for i, s in enumerate(LESSONS[lesson_id].sections) if s.view == view)


def value(fig, label: str):
    return next(v.value for v in fig.values if v.label == label)


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


# --- numbers: the compute module, and an oracle written here ----------------------------------


def test_neuron_output_is_the_compute_modules_and_the_closed_form():
    from tui_tutor.compute import neuron

    lesson = LESSONS["neuron"]
    v = lesson.defaults()
    fig = figure("neuron", 3)
    assert value(fig, "ŷ = sigmoid(z)") == neuron.forward(v["x"], v["w"], v["b"], v["activation"]).y_hat
    z = sum(w * x for w, x in zip(v["w"], v["x"])) + v["b"]  # 0.8·1.5 + 0.4·(−2) − 0.75 + 0.5
    assert value(fig, "z") == pytest.approx(z, abs=1e-12) and z == pytest.approx(0.15)
    assert value(fig, "ŷ = sigmoid(z)") == pytest.approx(sigmoid(0.15), abs=1e-12)
    terms = figure("neuron", 1).table.rows
    assert [row[3] for row in terms] == pytest.approx([1.2, -0.8, -0.75])


def test_softmax_probabilities_match_exp_over_sum():
    fig = figure("softmax", 0)
    logits = LESSONS["softmax"].defaults()["logits"]
    total = sum(math.exp(z) for z in logits)
    assert [v.value for v in fig.values] == pytest.approx([math.exp(z) / total for z in logits], abs=1e-12)
    two = figure("softmax", 2)
    assert value(two, "σ(ỹ₁ − ỹ₂)") == pytest.approx(sigmoid(logits[0] - logits[1]), abs=1e-12)


def test_every_loss_at_the_default_prediction():
    fig = figure("loss-functions", first_of_view("loss-functions", "explore"))
    rows = {row[0]: row[1:] for row in fig.table.rows}
    y, y_hat = LESSONS["loss-functions"].defaults()["y"], LESSONS["loss-functions"].defaults()["y_hat"]
    miss = y_hat - y
    assert rows["ŷ − y"] == pytest.approx((miss, 1.0))
    assert rows["L1 |ŷ − y|"] == pytest.approx((abs(miss), math.copysign(1.0, miss)))
    assert rows["L2 (ŷ − y)²"] == pytest.approx((miss**2, 2 * miss))
    assert rows["Huber, δ = 1"] == pytest.approx((abs(miss) - 0.5, 1.0))  # |miss| > δ: the linear branch


def test_bce_is_minus_log():
    fig = figure("binary-cross-entropy", first_of_view("binary-cross-entropy", "bce"))
    y_hat = LESSONS["binary-cross-entropy"].defaults()["y_hat"]
    assert value(fig, "if y = 1: −log ŷ") == pytest.approx(-math.log(y_hat), abs=1e-12)
    assert value(fig, "if y = 0: −log(1 − ŷ)") == pytest.approx(-math.log(1 - y_hat), abs=1e-12)
    assert value(fig, "L(ŷ, y)") == pytest.approx(-math.log(y_hat), abs=1e-12)  # y = 1


def test_gradient_descent_rows_follow_the_update_rule():
    """f(w) = (w − 1)² + 0.5: ∇f = 2(w − 1), so w_{t+1} = w_t − 2η(w_t − 1), in closed form."""
    lesson = LESSONS["gradient-descent"]
    v = lesson.defaults()
    fig = next(f for f in lesson_figures(lesson) if lesson.sections[f.step].view == "run")
    w, lr = v["w0"], v["lr"]
    for t, w_t, f_t, grad, step, w_next in fig.table.rows[:8]:
        assert (t, w_t, f_t) == (pytest.approx(t), pytest.approx(w, abs=1e-12), pytest.approx((w - 1) ** 2 + 0.5))
        assert grad == pytest.approx(2 * (w - 1)) and step == pytest.approx(lr * 2 * (w - 1))
        w = w - lr * 2 * (w - 1)
        assert w_next == pytest.approx(w, abs=1e-12)


def test_scenario_sections_run_their_scenario():
    """A section that loads a scenario ({scenario="NAME"}) shows that scenario's run, as on screen."""
    lesson = LESSONS["gradient-descent-3d"]
    loading = [f for f in lesson_figures(lesson) if lesson.sections[f.step].scenario]
    assert len(loading) == sum(1 for s in lesson.sections if s.scenario) >= 2
    for fig in loading:
        given = dict(lesson.scenario(lesson.sections[fig.step].scenario).values)
        w0 = tuple(given.get("w0", lesson.defaults()["w0"]))
        assert fig.table.rows[0][1] == "(" + ", ".join(f"{x:.3f}".replace("-", "−") for x in w0) + ")"


def test_backprop_hand_gradients_agree_with_autograd():
    check = figure("backpropagation", first_of_view("backpropagation", "neuron-compare")).table
    assert check.rows and all(row[-1] == "✓" for row in check.rows)
    for name, by_hand, autograd, *_ in check.rows:
        assert by_hand == pytest.approx(autograd, rel=1e-9, abs=1e-12), name


def test_optimization_counts_are_the_compute_modules():
    from tui_tutor.compute import search

    v = LESSONS["optimization"].defaults()
    race = search.compare(v["threshold"], 0, v["budget"])
    for run, count in zip(race.runs, race.counts, strict=True):
        step = first_of_view("optimization", run.method.replace(" ", "-"))
        assert value(figure("optimization", step), f"evaluations to L ≤ {v['threshold']:g}") == count


def test_every_panel_has_figures_within_its_steps(parts):
    for part in parts:
        lesson = part.lesson
        if lesson.panel:
            assert lesson.panel in FIGURES, f"{lesson.panel} has no handout figures"
            assert part.figures and not part.problem, lesson.id
            assert all(0 <= f.step < len(lesson.sections) for f in part.figures)
    assert set(FIGURES) == {p.lesson.panel for p in parts if p.lesson.panel}


def test_the_page_shows_the_numbers_as_formatted(parts, html):
    fig = figure("neuron", 3, parts)
    assert f"<dd>{cell(value(fig, 'ŷ = sigmoid(z)'))}</dd>" in html
    assert "0.5374" in html  # σ(0.15), 4 decimals as the tutor writes it


# --- the page -------------------------------------------------------------------------------


def test_the_page_is_self_contained(html):
    fetched = re.findall(r'(?:src|href)\s*=\s*"([^"]*)"', html)
    elsewhere = [u for u in fetched if not u.startswith(("data:", "#"))]
    assert fetched and elsewhere == []
    assert "<link" not in html and "<script" not in html and "@import" not in html and "url(http" not in html
    assert set(re.findall(r"https?://[^\s\"'<>)]+", html)) <= {"http://www.w3.org/2000/svg"}  # the SVG namespace only


def test_every_lesson_and_step_has_its_section(parts, html):
    for part in parts:
        lesson = part.lesson
        assert f'<section class="lesson" id="{lesson.id}">' in html
        for step in range(1, len(lesson.sections) + 1):
            assert f'id="{lesson.id}-{step}"' in html


def test_answers_only_when_asked(parts):
    without, with_answers = page(parts, Options()), page(parts, Options(answers=True))
    question = LESSONS["neuron"].questions[0]
    assert question.explanation in with_answers and question.explanation not in without
    assert "Answer:" not in without and 'class="right"' not in without
    assert 'td class="blank"' in without and 'td class="blank"' not in with_answers  # the sorting table's kinds
    assert "classification</td>" in with_answers


def test_every_plot_is_wellformed_svg_with_real_minus_signs(html):
    plots = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="plot".*?</svg>', html, re.S)
    assert len(plots) >= 40
    ids = re.findall(r'<svg [^>]*id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "plot ids are unique in the page"
    for plot in plots:
        root = ET.fromstring(plot)
        labels = [t.text or "" for t in root.iter(f"{SVG_NS}text")]
        assert not [s for s in labels if re.match(r"^-\d", s)], "ticks use U+2212, not a hyphen"
        assert root.find(f"{SVG_NS}text") is not None  # the title


def test_formula_paragraphs_are_marked():
    assert '<p class="formula">z = Σᵢ wᵢxᵢ + b</p>' in prose("The sum:\n\n  z = Σᵢ wᵢxᵢ + b\n\nDone.")
    assert "formula" not in prose("- a list item\n  continued\n")
    assert "&lt;script" in prose("<script>alert(1)</script>")  # raw HTML is shown as text, never run


# --- the plotter ----------------------------------------------------------------------------


def test_ticks_are_round_and_signed():
    scale = svg.Scale(-1.0, 1.0, 0, 100)
    assert [label for _, label in scale.ticks()] == ["−1.0", "−0.5", "0", "0.5", "1.0"]
    assert [label for _, label in svg.Scale(1.0, 1000.0, 0, 100, log=True).ticks()] == ["1", "10", "100", "1000"]
    assert svg.Scale(1e-9, 1.0, 0, 100, log=True).ticks()[0][1] == "10⁻⁹"
    assert svg.number(2_000_000.0, 500_000.0) == "2.0×10⁶"
    assert svg.short(-1.79e-05) == "−1.79×10⁻⁵"


def test_a_line_plot_breaks_at_non_finite_values_and_clips_to_its_axes():
    plot = LinePlot("t", (Series((0.0, 1.0, 2.0, 3.0), (1.0, math.inf, 2.0, 3.0), "f"),), ylim=(0.0, 2.5))
    root = ET.fromstring(svg.render(plot, "p"))
    lines = root.findall(f".//{SVG_NS}polyline")
    assert [len(p.get("points").split()) for p in lines] == [1, 2]
    assert root.find(f".//{SVG_NS}clipPath") is not None


def test_bars_and_heat_maps_render():
    bars = ET.fromstring(svg.render(BarPlot("b", ("a", "b"), (0.5, -0.25)), "b"))
    widths = [float(r.get("width")) for r in bars.iter(f"{SVG_NS}rect") if r.get("height") == "16"]
    assert len(widths) == 2 and widths[0] == pytest.approx(2 * widths[1])
    heat = svg.render(HeatMap("h", ((0.0, 1.0), (2.0, math.nan)), (0.0, 1.0), (0.0, 1.0)), "h")
    assert 'href="data:image/png;base64,' in heat
    png = svg.png([[(255, 0, 0), (0, 0, 255)]])
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and b"IHDR" in png and png.endswith(b"IEND\xaeB`\x82")


# --- the command line -----------------------------------------------------------------------


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui_tutor", "handout", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def test_markdown_with_figures_beside_it(tmp_path):
    done = run("-o", "notes.md", "--answers", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "notes.md").read_text()
    figures = sorted((tmp_path / "notes-figures").glob("*.svg"))
    assert len(figures) >= 40 and all(f"(notes-figures/{f.name})" in text for f in figures)
    assert "**Answer: B.**" in text and "### 16.10 No slope, no learning" in text
    ET.fromstring(figures[0].read_text())


def test_bad_command_lines_say_so_in_one_line(tmp_path):
    for args, words in ((("-o", str(tmp_path)), "is a folder"),
                        (("-o", "h.html", "--lessons", str(tmp_path / "none")), "no such folder"),
                        (("-o", "h.html", "--seed", "-1"), "expected a whole number")):
        done = run(*args, cwd=tmp_path)
        assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    done = run("-o", str(tmp_path / "missing" / "h.html"), cwd=tmp_path)
    assert done.returncode == 1 and "could not write" in done.stderr and "Traceback" not in done.stderr


def test_a_course_folder_is_laid_over_the_lecture(tmp_path):
    """`--lessons DIR`: the folder's lessons join the shipped ones, its course.toml names the handout."""
    (tmp_path / "course.toml").write_text('title = "Our own course"\nlessons = ["neuron", "reading"]\n')
    (tmp_path / "reading.md").write_text('+++\nid = "reading"\ntitle = "Some reading"\nsummary = "text only"\n'
                                         '+++\n\n## What to read\n\nChapter 6 of the book.\n')
    done = run("-o", "h.html", "--lessons", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    html = (tmp_path / "h.html").read_text()
    assert "<title>Our own course: handout</title>" in html and "2 Some reading" in html
    assert "Chapter 6 of the book." in html and "A neuron in one line" in html


def test_a_broken_course_folder_is_refused_in_one_line(tmp_path):
    (tmp_path / "bad.md").write_text('+++\nid = "bad"\n+++\n\n## Step\n\ntext\n')
    done = run("-o", "h.html", "--lessons", str(tmp_path), cwd=tmp_path)
    assert done.returncode == 2 and "the lessons cannot be used" in done.stderr and "tui-tutor check" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "h.html").exists()


def test_values_the_compute_module_refuses_leave_the_text():
    """A lesson whose values compute cannot run keeps its prose and questions, and says why."""
    from dataclasses import replace

    from tui_tutor.handout.document import lesson_part

    lesson = LESSONS["neuron"]
    refused = replace(lesson, params=tuple(replace(p, default=(1.0,)) if p.name == "x" else p for p in lesson.params))
    part = lesson_part(refused, 0)
    assert part.figures == () and "x and w need the same" in part.problem
    html = page((part,), Options())
    assert "A neuron in one line" in html and "<figure>" not in html


def test_the_handout_imports_no_ui_library():
    code = ("from tui_tutor.content import load_lessons; from tui_tutor.handout.document import Options, build; "
            "from tui_tutor.handout.html_page import page; import tui_tutor.handout.markdown_page; "
            "page(build(load_lessons(), Options()), Options())\nimport sys; print(' '.join(sys.modules))")
    loaded = {name.split(".")[0] for name in subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                                            check=True, timeout=300).stdout.split()}
    assert "torch" in loaded and "markdown_it" in loaded
    assert not loaded & {"textual", "rich", "plotext", "textual_plotext"}
