"""Read and validate lesson files: Markdown with a TOML front matter between `+++` lines.

Every problem in a file is collected as `FILE:LINE: what is wrong; what to write` (see
`problems.py`) and raised together as one LessonError; nothing else escapes from here.
The lesson is checked against its panel's declaration (`needs/`), so a section that names
an unknown view, a parameter the panel cannot use or a missing content table is refused at
load time, never at run time.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tui_tutor.content.model import Lesson, Param, ParamValue, Question, Recompute, Scenario, Section
from tui_tutor.content.needs import Needs, known_panels, needs_of
from tui_tutor.content.problems import LessonError, Locator, Problem
from tui_tutor.content.values import check_together, parse_value

PARAM_TYPES = ("float", "int", "choice", "float_list")
QUESTION_KINDS = ("choice", "numeric")
SECTION_KEYS = ("view", "scenario")
"""What a `## Title {view=NAME scenario="NAME"}` heading may set."""
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_HEADING = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)
_MARKER = re.compile(r"\s*\{([^{}]*)\}\s*$")
_ATTR = re.compile(r'\s*([a-z]+)\s*=\s*(?:"([^"]*)"|([^\s"]+))')


class Reader:
    """Typed access to the front matter of one file, collecting problems with their lines."""

    def __init__(self, file: str, text: str) -> None:
        self.file, self.locate, self.problems = file, Locator(text), []
        self.broken: set[str] = set()
        """Parameters already reported as unusable (nothing more is said about them)."""

    def problem(self, path: str, what: str, fix: str = "", line: int | None = None) -> None:
        """Note a problem at the field `path` (or at `line`)."""
        self.problems.append(Problem(self.file, self.locate.line_of(path) if line is None else line, what, fix))

    def get(self, table: dict[str, Any], where: str, key: str, kinds: tuple[type, ...], expected: str,
            default: Any = ...) -> Any:
        """`table[key]` when it has one of `kinds`; else a problem and `default` (or None)."""
        path = f"{where}{key}"
        if key not in table:
            if default is ...:
                self.problem(path, f"'{path}' is missing", f"write {key} = {expected}")
                return None
            return default
        value = table[key]
        if isinstance(value, bool) != (bool in kinds) or not isinstance(value, kinds):
            self.problem(path, f"'{path}' is {value!r}", f"write {key} = {expected}")
            return None if default is ... else default
        return value

    def text(self, table: dict[str, Any], where: str, key: str, default: Any = ...) -> str:
        value = self.get(table, where, key, (str,), '"some text"', default)
        if value == "" and default is ...:
            self.problem(f"{where}{key}", f"'{where}{key}' is empty", f'write {key} = "some text"')
        return value if isinstance(value, str) else ""

    def number(self, table: dict[str, Any], where: str, key: str, default: Any = ...) -> float | None:
        value = self.get(table, where, key, (int, float), "a number", default)
        return None if value is None else float(value)

    def strings(self, table: dict[str, Any], where: str, key: str, default: Any = ...) -> tuple[str, ...]:
        value = self.get(table, where, key, (list,), '["a", "b"]', default)
        if value is None:
            return ()
        if not all(isinstance(v, str) for v in value):
            self.problem(f"{where}{key}", f"'{where}{key}' must hold only strings", f'write {key} = ["a", "b"]')
            return ()
        return tuple(value)

    def tables(self, table: dict[str, Any], key: str) -> list[dict[str, Any]]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            self.problem(key, f"'{key}' must be a list of tables", f"write each entry under its own [[{key}]] line")
            return []
        return value


def _as_text(param: Param, raw: Any) -> str:
    """A TOML value in the text form `parse_value` reads."""
    if param.type == "float_list" and isinstance(raw, list):
        return ",".join(str(v) for v in raw)
    return str(raw)


def _param(r: Reader, table: dict[str, Any], index: int) -> Param | None:
    where = f"params[{index}]."
    name, kind = r.text(table, where, "name"), r.text(table, where, "type")
    if kind and kind not in PARAM_TYPES:
        r.problem(f"{where}type", f"unknown parameter type {kind!r}", f"write one of {', '.join(PARAM_TYPES)}")
        return None
    length = r.get(table, where, "length", (list,), "[min, max]", [1, 1])
    if len(length) != 2 or not all(isinstance(n, int) and n >= 1 for n in length) or length[0] > length[1]:
        r.problem(f"{where}length", f"'{where}length' is {length!r}", "write length = [min, max] with 1 ≤ min ≤ max")
        length = [1, 1]
    param = Param(
        name=name, type=kind, default=0, label=r.text(table, where, "label", name), help=r.text(table, where, "help", ""),
        min=r.number(table, where, "min", None), max=r.number(table, where, "max", None),
        step=r.number(table, where, "step", 0.1), choices=r.strings(table, where, "choices", ()),
        min_length=length[0], max_length=length[1], same_length_as=r.text(table, where, "same_length_as", ""),
    )
    if not name or not kind:
        return None
    r.broken.add(name)  # until it is known to be good
    if kind == "choice" and not param.choices:
        r.problem(f"{where}choices", f"choice parameter {name!r} has no choices", 'write choices = ["a", "b"]')
        return None
    if param.min is not None and param.max is not None and param.min > param.max:
        r.problem(f"{where}max", f"{name}: max {param.max:g} is below min {param.min:g}", "make max ≥ min")
        return None
    if "default" not in table:
        r.problem(f"{where}name", f"parameter {name!r} has no default", f"write default = a {kind} value")
        return None
    try:
        default = parse_value(param, _as_text(param, table["default"]))
    except ValueError as err:
        r.problem(f"{where}default", f"{name}: the default {err}", "write a default inside min, max and length")
        return None
    r.broken.discard(name)
    return Param(**{**{s: getattr(param, s) for s in Param.__slots__}, "default": default})


def _recompute(r: Reader, table: dict[str, Any], where: str) -> Recompute | None:
    raw = table.get("compute")
    if raw is None:
        return None
    function = raw.get("function") if isinstance(raw, dict) else None
    if not isinstance(function, str):
        r.problem(f"{where}compute", "'compute' needs a function name",
                  'write compute = { function = "l2_loss", y_hat = 5, y = 2 }')
        return None
    return Recompute(function, tuple((k, v) for k, v in raw.items() if k != "function"))


def _question(r: Reader, table: dict[str, Any], index: int) -> Question | None:
    where = f"questions[{index}]."
    kind = r.text(table, where, "kind")
    if kind and kind not in QUESTION_KINDS:
        r.problem(f"{where}kind", f"unknown question kind {kind!r}", f"write one of {', '.join(QUESTION_KINDS)}")
        return None
    choices = r.strings(table, where, "choices", ())
    compute = _recompute(r, table, where)
    answer: Any = None
    if kind == "choice":
        if len(choices) < 2:
            r.problem(f"{where}choices", "a choice question needs at least two choices", 'write choices = ["a", "b"]')
        answer = r.get(table, where, "answer", (int,), f"an index from 0 to {max(len(choices) - 1, 0)}")
        if isinstance(answer, int) and choices and not 0 <= answer < len(choices):
            r.problem(f"{where}answer", f"answer {answer} is not a choice's index",
                      f"write an index from 0 (the first choice) to {len(choices) - 1}")
    elif kind == "numeric":
        answer = r.number(table, where, "answer", None if compute is not None else ...)
    tolerance = r.number(table, where, "tolerance", 0.0)
    if tolerance is not None and tolerance < 0:
        r.problem(f"{where}tolerance", f"tolerance {tolerance:g} is negative", "write tolerance = a number ≥ 0")
    question = Question(
        id=r.text(table, where, "id"), kind=kind, prompt=r.text(table, where, "prompt"),
        explanation=r.text(table, where, "explanation"), hint=r.text(table, where, "hint"), choices=choices,
        answer=answer if answer is not None else 0, tolerance=tolerance or 0.0,
        source=r.text(table, where, "source", ""), ordered=r.get(table, where, "ordered", (bool,), "true or false", False),
        compute=compute,
    )
    if kind == "numeric" and answer is None and compute is not None:
        from tui_tutor.content.recompute import recompute  # the compute module: only when asked

        try:
            question = Question(**{**{s: getattr(question, s) for s in Question.__slots__}, "answer": recompute(compute)})
        except ValueError as err:
            r.problem(f"{where}compute", str(err), "name a function and arguments `tui-tutor check` lists")
    return question


def _scenarios(r: Reader, raw: list[dict[str, Any]], params: tuple[Param, ...]) -> tuple[Scenario, ...]:
    by_name = {p.name: p for p in params}
    out = []
    for i, table in enumerate(raw):
        where = f"scenarios[{i}]."
        name = r.text(table, where, "name")
        values: dict[str, ParamValue] = {}
        for key, value in r.get(table, where, "set", (dict,), "{ name = value, ... }", {}).items():
            if key in r.broken:
                continue
            if key not in by_name:
                r.problem(f"{where}set", f"scenario {name!r} sets {key!r}, which is not a parameter of this lesson",
                          f"use one of {', '.join(by_name) or 'no parameters'}")
                continue
            try:
                values[key] = parse_value(by_name[key], _as_text(by_name[key], value))
            except ValueError as err:
                r.problem(f"{where}set", f"scenario {name!r}: {key} {err}", f"give {key} a value inside its min and max")
        out.append(Scenario(name, tuple(values.items()), r.text(table, where, "note", "")))
    names = [s.name for s in out]
    for i, name in enumerate(names):
        if names.index(name) != i:
            r.problem(f"scenarios[{i}].name", f"two scenarios are called {name!r}", "give each scenario its own name")
    return tuple(out)


def _marker(r: Reader, title: str, line: int) -> tuple[str, dict[str, str]]:
    """Split `Title {view=run scenario="η too large"}` into the title and its settings."""
    match = _MARKER.search(title)
    if match is None:
        return title, {}
    settings: dict[str, str] = {}
    rest = match.group(1)
    for found in _ATTR.finditer(rest):
        key, value = found.group(1), found.group(2) if found.group(2) is not None else found.group(3)
        if key not in SECTION_KEYS:
            r.problem("", f"unknown heading setting {key!r}", f"write only {', '.join(SECTION_KEYS)} inside {{…}}", line=line)
        settings[key] = value
    if _ATTR.sub("", rest).strip():
        r.problem("", f"cannot read {{{rest}}} after the heading", 'write {view=NAME} or {view=NAME scenario="NAME"}',
                  line=line)
    return title[: match.start()].rstrip(), settings


def _sections(r: Reader, body: str, body_line: int) -> tuple[Section, ...]:
    """Split the Markdown body into steps at each `## ` heading; a section without a view
    shows the view of the section before it."""
    headings = list(_HEADING.finditer(body))
    if not headings:
        r.problem("", "the lesson has no steps", "start each step with a line '## Title'", line=body_line)
        return ()
    sections, view = [], ""
    for i, found in enumerate(headings):
        line = body_line + body.count("\n", 0, found.start())
        title, settings = _marker(r, found.group(1), line)
        text = body[found.end(): headings[i + 1].start() if i + 1 < len(headings) else len(body)].strip()
        view = settings.get("view", view)
        sections.append(Section(title, text, view, settings.get("scenario", ""), line))
    return tuple(sections)


def _check_against_panel(r: Reader, lesson: Lesson, needs: Needs) -> Lesson:
    """Problems where the lesson and its panel's declaration disagree; fills unnamed views."""
    params = {p.name: p for p in lesson.params}
    for need in needs.params:
        mine = params.get(need.name)
        if mine is None:
            if need.name not in needs.optional and need.name not in r.broken:
                r.problem("panel", f"panel {lesson.panel!r} needs a parameter {need.name!r} ({need.type})",
                          f'add [[params]] with name = "{need.name}", type = "{need.type}" and a default')
            continue
        where = f"params[{lesson.params.index(mine)}]."
        if mine.type != need.type:
            r.problem(f"{where}type", f"panel {lesson.panel!r} reads {need.name!r} as {need.type}, not {mine.type}",
                      f'write type = "{need.type}"')
        if need.choices and not set(mine.choices) <= set(need.choices):
            unknown = ", ".join(c for c in mine.choices if c not in need.choices)
            r.problem(f"{where}choices", f"panel {lesson.panel!r} cannot show {need.name} = {unknown}",
                      f"choose from {', '.join(need.choices)}")
        if need.min is not None and (mine.min is None or mine.min < need.min):
            r.problem(f"{where}min", f"{need.name} must not go below {need.min:g} ({need.does or 'the panel needs it'})",
                      f"write min = {need.min:g} or more")
        if need.max is not None and (mine.max is None or mine.max > need.max):
            r.problem(f"{where}max", f"{need.name} must not go above {need.max:g} ({need.does or 'the panel needs it'})",
                      f"write max = {need.max:g} or less")
        if need.max_length is not None and mine.max_length > need.max_length:
            r.problem(f"{where}length", f"the panel shows at most {need.max_length} values of {need.name}",
                      f"write length = [{mine.min_length}, {need.max_length}]")
    for name, p in params.items():
        if all(n.name != name for n in needs.params):
            r.problem(f"params[{lesson.params.index(p)}].name", f"panel {lesson.panel!r} has no use for {name!r}",
                      f"remove it, or use one of {', '.join(n.name for n in needs.params)}")
    views = [v.name for v in needs.views]
    sections = []
    for s in lesson.sections:
        view = s.view or views[0]
        if view not in views:
            r.problem("", f"panel {lesson.panel!r} has no view {view!r}", f"write {{view=NAME}} with NAME one of "
                      f"{', '.join(views)}", line=s.line)
        if s.scenario and all(sc.name != s.scenario for sc in lesson.scenarios):
            r.problem("", f"no scenario is called {s.scenario!r}", "use a name from [[scenarios]]", line=s.line)
        sections.append(Section(s.title, s.body, view, s.scenario, s.line))
    for name in lesson.exercises:
        if name not in needs.exercises:
            r.problem("exercises", f"panel {lesson.panel!r} offers no exercise {name!r}",
                      f"use one of {', '.join(needs.exercises) or 'none (remove the line)'}")
    for need in needs.data:
        _check_data(r, lesson.data, need.name, need.fields, need.min_rows)
    return Lesson(**{**{s: getattr(lesson, s) for s in Lesson.__slots__}, "sections": tuple(sections)})


_DATA_TYPES = {"text": (str,), "number": (int, float), "bool": (bool,), "texts": (list,)}


def _check_data(r: Reader, data: dict[str, Any], name: str, fields: tuple[tuple[str, str], ...], min_rows: int) -> None:
    rows = data.get(name, [] if min_rows == 0 else None)  # a table of no rows may be left out
    example = ", ".join(f"{f} = …" for f, _ in fields)
    if not isinstance(rows, list) or len(rows) < min_rows:
        r.problem("panel", f"the panel needs at least {min_rows} [[data.{name}]] entries",
                  f"add [[data.{name}]] tables with {example}")
        return
    for i, row in enumerate(rows):
        for field_name, kind in fields:
            value = row.get(field_name) if isinstance(row, dict) else None
            ok = isinstance(value, _DATA_TYPES[kind]) and (kind == "bool" or not isinstance(value, bool))
            if ok and kind == "texts":
                ok = all(isinstance(v, str) for v in value)
            if not ok:
                r.problem(f"data.{name}[{i}].{field_name}", f"data.{name} entry {i + 1}: {field_name} is "
                          f"{value!r}, not {kind}", f"write {field_name} = a {kind} value")


def parse_lesson(file: str, text: str) -> Lesson:
    """Validate the text of one lesson file (named `file` in messages); LessonError lists every problem."""
    import tomllib  # only when the per-user cache misses (see cache.py)

    match = re.match(r"\A\+\+\+\s*\n(.*?)\n\+\+\+\s*\n(.*)\Z", text, flags=re.DOTALL)
    if not match:
        raise LessonError(Problem(file, 1, "no front matter", "start the file with TOML between two '+++' lines"))
    r = Reader(file, text)
    try:
        meta = tomllib.loads(match.group(1))
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"line (\d+)", str(err))
        raise LessonError(Problem(file, int(line.group(1)) + 1 if line else 1, f"front matter is not valid TOML: {err}",
                                  "fix the TOML syntax (quotes, brackets, one key per line)")) from None
    lesson_id = r.text(meta, "", "id")
    if lesson_id and not ID.match(lesson_id):
        r.problem("id", f"id {lesson_id!r} is not lower-case words joined by '-'", 'write id = "my-lesson"')
    if "number" in meta:
        r.problem("number", "lesson numbers are not written in files any more",
                  'delete this line: the order comes from course.toml (or after = "lesson-id")')
    params = tuple(p for i, t in enumerate(r.tables(meta, "params")) if (p := _param(r, t, i)) is not None)
    names = [p.name for p in params]
    for i, name in enumerate(names):
        if names.index(name) != i:
            r.problem(f"params[{i}].name", f"two parameters are called {name!r}", "give each parameter its own name")
    for p in params:
        if p.same_length_as and p.same_length_as not in names:
            r.problem(f"params[{names.index(p.name)}].same_length_as", f"no parameter {p.same_length_as!r}",
                      f"use one of {', '.join(names)}")
    for name, message in check_together(params, {p.name: p.default for p in params}).items():
        r.problem(f"params[{names.index(name)}].default", message, "make the defaults agree")
    questions = tuple(q for i, t in enumerate(r.tables(meta, "questions")) if (q := _question(r, t, i)) is not None)
    ids = [q.id for q in questions]
    for i, qid in enumerate(ids):
        if ids.index(qid) != i:
            r.problem(f"questions[{i}].id", f"two questions have the id {qid!r}", "give each question its own id")
    data = r.get(meta, "", "data", (dict,), "[[data.NAME]] tables", {})
    lesson = Lesson(
        id=lesson_id, title=r.text(meta, "", "title"), summary=r.text(meta, "", "summary"),
        sections=_sections(r, match.group(2), text.count("\n", 0, match.start(2)) + 1), panel=r.text(meta, "", "panel", ""),
        params=params, questions=questions, scenarios=_scenarios(r, r.tables(meta, "scenarios"), params),
        exercises=r.strings(meta, "", "exercises", ()), data=data, after=r.text(meta, "", "after", ""), source=file,
    )
    known = {"id", "title", "summary", "panel", "params", "questions", "scenarios", "exercises", "data", "after", "number"}
    for key in meta:
        if key not in known:
            r.problem(key, f"unknown field {key!r}", f"use only {', '.join(sorted(known - {'number'}))}")
    if lesson.panel:
        needs = needs_of(lesson.panel) if ID.match(lesson.panel) else None
        if needs is None:
            r.problem("panel", f"unknown panel {lesson.panel!r}", f"write one of {', '.join(known_panels())}, or delete the line")
        else:
            lesson = _check_against_panel(r, lesson, needs)
    elif any(s.view for s in lesson.sections):
        r.problem("", "a lesson without a panel has no views", "delete the {view=…} markers, or name a panel",
                  line=next(s.line for s in lesson.sections if s.view))
    if r.problems:
        raise LessonError(r.problems, partial=lesson)
    return lesson


def load_lesson(path: Path) -> Lesson:
    """Load and validate one lesson file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise LessonError(Problem(str(path), 0, f"cannot be read: {err}", "check the file's name and permissions")) from None
    return parse_lesson(str(path), text)
