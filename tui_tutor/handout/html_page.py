"""The handout as one self-contained HTML page: inline CSS, inline SVG, nothing fetched."""

from __future__ import annotations

from functools import cache
from html import escape
from importlib.resources import files

from markdown_it import MarkdownIt

from tui_tutor import __version__
from tui_tutor.content import Lesson, Question
from tui_tutor.handout import svg
from tui_tutor.handout.document import LessonPart, Options, cell, defaults_line, letter, numeric_answer, table_cells
from tui_tutor.handout.model import Figure, Table


@cache
def markdown() -> MarkdownIt:
    """CommonMark with tables; raw HTML in a lesson is shown as text, never run or fetched."""
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def prose(body: str) -> str:
    """A section's Markdown as HTML. A paragraph indented by two spaces is a displayed formula."""
    md, lines = markdown(), body.splitlines()
    tokens = md.parse(body)
    for token in tokens:
        if token.type == "paragraph_open" and token.map and not token.hidden:
            own = [line for line in lines[token.map[0]:token.map[1]] if line.strip()]
            if own and all(line.startswith("  ") and not line.startswith("    ") for line in own):
                token.attrSet("class", "formula")
    return md.renderer.render(tokens, md.options, {})


def inline(text: str) -> str:
    """One line of Markdown (a question, a choice) as inline HTML."""
    return markdown().renderInline(text)


def table_html(table: Table, answers: bool) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    rows = []
    for i, (row, texts) in enumerate(zip(table.rows, table_cells(table))):
        cells = []
        for j, (value, text) in enumerate(zip(row, texts)):
            if j in table.answer_columns and not answers:
                cells.append('<td class="blank">…</td>')
            else:
                kind = "" if isinstance(value, str) else ' class="number"'
                cells.append(f"<td{kind}>{escape(text)}</td>")
        mark = ' class="highlight"' if i == table.highlight else ""
        rows.append(f"<tr{mark}>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def figure_html(figure: Figure, uid: str, answers: bool) -> str:
    parts = [f"<figure><figcaption>{escape(figure.title)}</figcaption>"]
    if figure.values:
        items = "".join(f"<dt>{escape(v.label)}</dt><dd>{escape(cell(v.value, v.sig))}</dd>" for v in figure.values)
        parts.append(f'<dl class="values">{items}</dl>')
    if figure.table is not None:
        parts.append(table_html(figure.table, answers))
    parts += [svg.render(plot, f"{uid}-{k}") for k, plot in enumerate(figure.plots, 1)]
    if figure.note:
        parts.append(f'<p class="note">{escape(figure.note)}</p>')
    return "".join(parts) + "</figure>"


def question_html(question: Question, answers: bool) -> str:
    parts = [f"<li><p>{inline(question.prompt)}"
             + (' <span class="source">from the lecture</span>' if question.source == "lecture" else "") + "</p>"]
    if question.kind == "choice":
        right = ' class="right"'
        items = "".join(f"<li{right if answers and i == question.answer else ''}>{inline(c)}</li>"
                        for i, c in enumerate(question.choices))
        parts.append(f'<ol class="choices">{items}</ol>')
    elif not answers:
        parts.append('<p class="blank-line">Your answer: ____________</p>')
    if question.hint:
        parts.append(f'<p class="hint">Hint: {inline(question.hint)}</p>')
    if answers:
        said = letter(int(question.answer)) if question.kind == "choice" else numeric_answer(question)
        parts.append(f'<p class="answer">Answer: {escape(said)}</p><p class="explanation">{inline(question.explanation)}</p>')
    return "".join(parts) + "</li>"


def lesson_html(part: LessonPart, answers: bool) -> str:
    lesson = part.lesson
    parts = [f'<section class="lesson" id="{lesson.id}"><h1>{lesson.number} {escape(lesson.title)}</h1>',
             f'<p class="summary">{inline(lesson.summary)}</p>']
    if part.figures:
        parts.append(f'<p class="defaults">Figures computed by the tutor with the lesson\'s starting values: '
                     f"{escape(defaults_line(lesson))} (open it with <code>tui-tutor {lesson.id}</code> to change them).</p>")
    for step, section in enumerate(lesson.sections):
        parts.append(f'<section class="step" id="{lesson.id}-{step + 1}">'
                     f"<h2>{lesson.number}.{step + 1} {escape(section.title)}</h2>{prose(section.body)}")
        parts += [figure_html(f, f"{lesson.id}-{step + 1}-{k}", answers) for k, f in enumerate(part.at(step), 1)]
        parts.append("</section>")
    if lesson.questions:
        items = "".join(question_html(q, answers) for q in lesson.questions)
        parts.append(f'<section class="questions"><h2>Check yourself</h2><ol class="items">{items}</ol></section>')
    return "".join(parts) + "</section>"


def contents(lessons: tuple[Lesson, ...]) -> str:
    items = "".join(f'<li value="{lesson.number}"><a href="#{lesson.id}">{escape(lesson.title)}</a></li>'
                    for lesson in lessons)
    return f'<nav class="contents"><h2>Contents</h2><ol>{items}</ol></nav>'


def page(parts: tuple[LessonPart, ...], options: Options) -> str:
    """The whole handout as one HTML document."""
    css = files("tui_tutor.handout").joinpath("handout.css").read_text(encoding="utf-8")
    answers = "with answers and explanations" if options.answers else "questions without answers"
    title = escape(options.title or "Lessons")
    cover = (f'<header class="cover"><h1>{title}</h1><p class="meta">Handout made by tui-tutor {__version__}: '
             f"{len(parts)} lessons, {answers}; random examples with seed {options.seed}.</p>"
             f"{contents(tuple(p.lesson for p in parts))}</header>")
    body = "".join(lesson_html(p, options.answers) for p in parts)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}: handout</title><style>{css}</style></head><body>{cover}{body}</body></html>\n")
