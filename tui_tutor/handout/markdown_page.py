"""The handout as Markdown, each plot an SVG file in a folder beside it."""

from __future__ import annotations

from pathlib import Path

from tui_tutor import __version__
from tui_tutor.content import Question
from tui_tutor.handout import svg
from tui_tutor.handout.document import LessonPart, Options, cell, defaults_line, letter, numeric_answer, table_cells
from tui_tutor.handout.model import Figure, Table


def escape_cell(text: str) -> str:
    """A table cell's text with its pipes escaped."""
    return text.replace("|", "\\|").replace("\n", " ")


def table_md(table: Table, answers: bool) -> list[str]:
    lines = ["| " + " | ".join(escape_cell(h) for h in table.headers) + " |",
             "|" + "|".join(" --- " for _ in table.headers) + "|"]
    for i, texts in enumerate(table_cells(table)):
        cells = [" " if j in table.answer_columns and not answers else escape_cell(t) for j, t in enumerate(texts)]
        if i == table.highlight:
            cells = [f"**{c}**" if c.strip() else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def figure_md(figure: Figure, name: str, folder: Path, answers: bool) -> list[str]:
    """The figure's lines; its plots are written to `folder` as `name-k.svg`."""
    lines = [f"**{figure.title}**", ""]
    lines += [f"- {v.label}: **{cell(v.value, v.sig)}**" for v in figure.values]
    if figure.values:
        lines.append("")
    if figure.table is not None:
        lines += [*table_md(figure.table, answers), ""]
    for k, plot in enumerate(figure.plots, 1):
        path = folder / f"{name}-{k}.svg"
        path.write_text(svg.render(plot, f"{name}-{k}") + "\n", encoding="utf-8")
        lines += [f"![{plot.title}]({folder.name}/{path.name})", ""]
    if figure.note:
        lines += [f"*{figure.note}*", ""]
    return lines


def question_md(number: int, question: Question, answers: bool) -> list[str]:
    source = " *(from the lecture)*" if question.source == "lecture" else ""
    lines = [f"{number}. {question.prompt}{source}", ""]
    if question.kind == "choice":
        for i, choice in enumerate(question.choices):
            right = " ✓" if answers and i == question.answer else ""
            lines.append(f"   - {letter(i)}. {choice}{right}")
        lines.append("")
    if question.hint:
        lines += [f"   Hint: {question.hint}", ""]
    if answers:
        said = letter(int(question.answer)) if question.kind == "choice" else numeric_answer(question)
        lines += [f"   **Answer: {said}.** {question.explanation}", ""]
    return lines


def document(parts: tuple[LessonPart, ...], options: Options, folder: Path) -> str:
    """The handout's Markdown; plots go to `folder` (created), linked relative to the file beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    answers = "with answers and explanations" if options.answers else "questions without answers"
    lines = [f"# {options.title or 'Lessons'}", "",
             f"Handout made by tui-tutor {__version__}: {len(parts)} lessons, {answers}; "
             f"random examples with seed {options.seed}.", ""]
    for part in parts:
        lesson = part.lesson
        lines += [f"## {lesson.number} {lesson.title}", "", f"*{lesson.summary}*", ""]
        if part.figures:
            lines += [f"> Figures computed by the tutor with the lesson's starting values: {defaults_line(lesson)} "
                      f"(open it with `tui-tutor {lesson.id}` to change them).", ""]
        for step, section in enumerate(lesson.sections):
            lines += [f"### {lesson.number}.{step + 1} {section.title}", "", section.body.strip(), ""]
            for k, figure in enumerate(part.at(step), 1):
                lines += figure_md(figure, f"{lesson.id}-{step + 1}-{k}", folder, options.answers)
        if lesson.questions:
            lines += ["### Check yourself", ""]
            for number, question in enumerate(lesson.questions, 1):
                lines += question_md(number, question, options.answers)
    return "\n".join(lines).rstrip() + "\n"
