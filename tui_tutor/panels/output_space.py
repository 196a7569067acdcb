"""Lesson `output-space`: one MSE in four output spaces, loud vs quiet errors in dB, Setup A vs B.

Three parts, chosen by the view the lesson's step names:

- losses: pick a flaw of the reconstruction ŷ; MSE(ŷ, y) on the waveform, |STFT|, mel and
  mel dB for every flaw (the chosen one marked), y and ŷ as heat maps on one colour scale,
  time across and frequency up, both axes ticked;
- loud-quiet: the same raw error e at a loud and a quiet spot, squared in raw values and in dB;
- setup: the lesson's Setup A vs Setup B table (`[[data.setups]]`), grouped by F ("setup-rows":
  the same, → and ← walking through the rows first, "row k of n" said on screen).
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher

from tui_tutor.content import Lesson
from tui_tutor.content.code import fill, literal
from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import number
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.runner import compute_quick
from tui_tutor.safety import post_while_live
from tui_tutor.widgets.heat_map import HeatMap, HeatMapData
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.readout import Readout
from tui_tutor.words.audio import losses_status, loud_quiet_verdict

PART = {"losses": "losses", "loud-quiet": "loud-quiet", "setup": "setup", "setup-rows": "setup"}
"""The part of the panel each view shows."""
EDITED = {"losses": ("flaw", "view"), "loud-quiet": ("error", "quiet")}
"""The parameters each view's editor holds."""
KINDS = ("linear", "mel", "mel dB")
SPACES = ("waveform", "|STFT|", "mel", "mel dB")
HZ_TICKS = (0.0, 250.0, 500.0, 1000.0, 2000.0, 3000.0, 4000.0)
"""Frequencies worth a tick; those that fall on a line another tick has are left out."""


def flaws_and_spectrograms(seed: int):
    """Every flaw's four losses, and the spectrograms of y and of each ŷ in every kind (~20 ms)."""
    from tui_tutor.compute import audio

    y = audio.waveform()
    signals = {"original": y} | {flaw: audio.waveform(flaw, seed=seed) for flaw in audio.FLAWS}
    losses = {flaw: audio.output_space_losses(y.samples, signals[flaw].samples) for flaw in audio.FLAWS}
    specs = {(name, kind): audio.spectrogram(s.samples, kind) for name, s in signals.items() for kind in KINDS}
    return losses, specs


def loud_quiet_maps(gain: float):
    """The loud-then-quiet tone's |STFT| in raw values and in dB (~3 ms)."""
    from tui_tutor.compute import audio

    samples = audio.waveform(quiet_gain=gain).samples
    return audio.spectrogram(samples, "linear"), audio.spectrogram(samples, "dB")


def loud_quiet_numbers(error: float, gain: float):
    """The same raw error at a loud and a quiet spot (< 1 ms)."""
    from tui_tutor.compute import audio

    return audio.loud_quiet_errors(error, quiet_gain=gain)


def export_source(lesson: Lesson, values: dict[str, ParamValue], part: str = "losses", seed: int = 0) -> str:
    """The lesson's standalone PyTorch script: the "loud-quiet" part's errors for `values`' e and
    gain (`code/loud_quiet.py`), else the four MSEs of `values`' flaw (`code/output_space.py`)."""
    from tui_tutor.compute import audio

    tone = {"sample_rate": literal(audio.SAMPLE_RATE), "n_fft": literal(audio.N_FFT), "hop": literal(audio.HOP),
            "f0": literal(audio.F0), "duration": literal(audio.DURATION), "amin": literal(audio.AMIN)}
    if part == "loud-quiet":
        return fill(lesson.code["loud_quiet"], **tone, amplitudes=literal(list(audio.AMPLITUDES)),
                    error=literal(float(values["error"])), gain=literal(float(values["quiet"])))
    original, flawed = audio.reconstruction(None), audio.reconstruction(values["flaw"])
    return fill(lesson.code["output_space"], **tone, n_mels=literal(audio.N_MELS), top_db=literal(audio.TOP_DB),
                amplitudes=literal(list(original.amplitudes)), phases=literal(list(original.phases)),
                flawed_amplitudes=literal(list(flawed.amplitudes)), flawed_phases=literal(list(flawed.phases)),
                flaw=literal(values["flaw"]), noise_std=literal(flawed.noise_std), seed=literal(seed))


def hz(value: float) -> str:
    """A tick's frequency: 250, 500, 1k, 2k."""
    return f"{number(value / 1000)}k" if value >= 1000 else number(value)


def edges(centres) -> tuple[float, float]:
    """The outer edges of evenly spaced cells with these centres (a map's range: a point at a
    cell's centre is drawn in that cell)."""
    half = (centres[1] - centres[0]) / 2
    return centres[0] - half, centres[-1] + half


def frequency_axis(spec) -> tuple[tuple[float, float], tuple[tuple[float, str], ...]]:
    """The y range and ticks of a spectrogram: in Hz for linear rows; for mel bands (evenly
    spaced in mel, not in Hz) in band numbers, each tick placed where its frequency falls
    between two bands' centre frequencies."""
    freqs = spec.freqs
    if spec.kind in ("linear", "dB"):
        return edges(freqs), tuple((f, hz(f)) for f in HZ_TICKS)
    ticks = []
    for f in HZ_TICKS:
        k = next((k for k in range(1, len(freqs)) if freqs[k - 1] <= f <= freqs[k]), None)
        if k is not None:
            ticks.append((k - 1 + (f - freqs[k - 1]) / (freqs[k] - freqs[k - 1]), hz(f)))
    return edges(range(len(freqs))), tuple(ticks)


def heat_map(spec, title: str, *, value_range=None, path=()) -> HeatMapData:
    """A spectrogram as heat-map data: time across (seconds), frequency up (Hz), both ticked; a
    small map shows each block's loudest bin, so the harmonics stay bright."""
    y_range, y_ticks = frequency_axis(spec)
    t0, t1 = edges(spec.times)
    x_ticks = tuple((k / 10, number(k / 10)) for k in range(int(t1 * 10) + 1) if k / 10 >= t0)
    return HeatMapData(spec.values, (t0, t1), y_range, title=title, value_range=value_range, path=path,
                       x_label="s", y_label="Hz", x_ticks=x_ticks, y_ticks=y_ticks, peaks=True)


def setup_text(rows, current: int, walking: bool) -> Group:
    """The Setup A vs Setup B rows grouped by F, row `current` marked and its note beneath;
    `walking`: "row k of n" above, as → and ← step through the rows."""
    parts = []
    if walking:
        step = "→ next row" if current < len(rows) - 1 else "→ next step"
        parts.append(Text(f"row {current + 1} of {len(rows)} · {step}" + (", ← back a row" if current else ""),
                          style="dim"))
    widths = [max(len(f"model {r['model']}") for r in rows), max(len(f"loss {r['loss']}") for r in rows)]
    for transform in dict.fromkeys(r["transform"] for r in rows):
        parts.append(Text(f"F: {transform}", style="bold"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        for width in widths:  # the same columns in every group
            grid.add_column(no_wrap=True, min_width=width)
        for i, r in enumerate(rows):
            if r["transform"] == transform:
                grid.add_row(f"  Setup {r['setup']}", f"model {r['model']}", f"loss {r['loss']}",
                             style="reverse" if i == current else None)
        parts.append(grid)
    r = rows[current]
    parts.append(Text.assemble("\n", (f"Setup {r['setup']}, F: {r['transform']}: ", "bold"), r["note"]))
    return Group(*parts)


class OutputSpacePanel(LessonPanel):
    """Editors and numbers above, two heat maps below; the step picks the view."""

    DEFAULT_CSS = """
    OutputSpacePanel { height: 14; }
    OutputSpacePanel ContentSwitcher { height: 1fr; }
    OutputSpacePanel ContentSwitcher > Vertical { height: 1fr; }
    OutputSpacePanel ParamEditor { grid-columns: 5 18 1fr; }
    OutputSpacePanel #os-losses-table { height: 4; }
    OutputSpacePanel #os-lq-table { height: 3; }
    OutputSpacePanel #os-lq-verdict { height: 1; }
    OutputSpacePanel #os-setup-text { height: 1fr; }
    OutputSpacePanel .os-maps { height: 1fr; min-height: 4; }
    OutputSpacePanel .os-maps HeatMap { min-height: 3; }
    OutputSpacePanel .os-maps HeatMap:first-of-type { margin-right: 2; }
    """

    def compose(self) -> ComposeResult:
        params = {p.name: p for p in self.lesson.params}
        self.values = dict(self.initial_values)
        with ContentSwitcher(initial="os-losses"):
            for view, names in EDITED.items():
                with Vertical(id=f"os-{view}"):
                    yield ParamEditor(tuple(params[n] for n in names), {n: self.values[n] for n in names},
                                      id=f"os-editor-{view}")
                    if view == "losses":
                        yield NumberTable("computing …", id="os-losses-table")
                    else:
                        yield NumberTable("computing …", id="os-lq-table")
                        yield Readout(id="os-lq-verdict")
                    with Horizontal(classes="os-maps"):
                        yield HeatMap(id=f"os-{view}-left")
                        yield HeatMap(id=f"os-{view}-right")
            with Vertical(id="os-setup"):
                yield Readout(id="os-setup-text")

    def on_mount(self) -> None:
        self._losses = self._specs = self._lq = self._lq_maps = None
        self.setups = tuple(self.lesson.data["setups"])
        self.setup_row = 0
        """The row of the Setup table marked (→ and ← walk them in the "setup-rows" view)."""
        self._lq_gain: float | None = None
        for editor in self.query(ParamEditor):
            self.watch(editor, "values", self.edited, init=False)
        self.prepare(self.seed)
        self.show_loud_quiet()
        self.show_setup()

    # --- steps -----------------------------------------------------------------------

    @property
    def part(self) -> str:
        """The part of the panel the current view shows."""
        return PART.get(self.view, "")

    def watch_view(self, view: str) -> None:
        switcher = self.query_one(ContentSwitcher)
        old, new = switcher.current, f"os-{self.part}"
        if old != new:
            switcher.current = new
            focused = self.screen.focused
            if focused is not None and old is not None and self.query_one(f"#{old}") in focused.ancestors:
                self.focus()  # the field that had focus is hidden now
        if self.part == "losses":
            self.show_losses()
        elif self.part == "loud-quiet" and self._lq is not None:
            self._show_lq_numbers(self._lq)
        else:
            self.headline = None
        if view == "setup-rows":  # arriving from before: first row; from after: last row
            self.setup_row = len(self.setups) - 1 if self.backwards else 0
        self.show_setup()

    def _walk_to(self, row: int) -> bool:
        """Mark `row` of the Setup table, if the view walks the rows and it is another one."""
        if self.view != "setup-rows" or not 0 <= row < len(self.setups) or row == self.setup_row:
            return False
        self.setup_row = row
        self.show_setup()
        return True

    def step_forward(self) -> bool:
        """In the "setup-rows" view, → walks through the table's rows first."""
        return self._walk_to(self.setup_row + 1)

    def step_back(self) -> bool:
        return self._walk_to(self.setup_row - 1)

    def step_home(self) -> bool:
        return self._walk_to(0)

    def step_end(self) -> bool:
        return self._walk_to(len(self.setups) - 1)

    def show_setup(self) -> None:
        self.query_one("#os-setup-text", Readout).show(setup_text(self.setups, self.setup_row, self.view == "setup-rows"))

    # --- edits -----------------------------------------------------------------------

    def edited(self, values: dict[str, ParamValue]) -> None:
        """An editor published good values: show what depends on them."""
        self.values |= values
        if "flaw" in values:
            self.show_losses()
        else:
            self.show_loud_quiet()

    # --- losses view -----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="output-space-prepare")
    def prepare(self, seed: int) -> None:
        """Compute every flaw's losses and spectrograms once, off the event loop."""
        post_while_live(self, self._prepared, *flaws_and_spectrograms(seed))

    def _prepared(self, losses, specs) -> None:
        self._losses, self._specs = losses, specs
        self.show_losses()

    def show_losses(self) -> None:
        """The MSE table with the chosen flaw marked, and y and ŷ as heat maps."""
        if self._losses is None:
            return
        flaw, view = self.values["flaw"], self.values["view"]
        flaws = list(self._losses)
        rows = [(f, *(number(v) for v in (r.waveform, r.linear, r.mel, r.db))) for f, r in self._losses.items()]
        problem = next((losses_status(r.status) for r in self._losses.values() if r.status != "ok"), None)
        headers = ("MSE(ŷ, y)" if problem is None else problem, *SPACES)
        self.query_one("#os-losses-table", NumberTable).show_rows(headers, rows, highlight=flaws.index(flaw), labels=1)
        if self.part == "losses":
            self.headline = Headline(f"{flaw}: MSE in mel dB =", (self._losses[flaw].db,))
        y, y_hat = self._specs["original", view], self._specs[flaw, view]
        values = [v for spec in (y, y_hat) for row in spec.values for v in row]
        scale = (min(values), max(values))  # one colour scale for both maps
        self.query_one("#os-losses-left", HeatMap).data = heat_map(y, f"y (original) · {view}", value_range=scale)
        self.query_one("#os-losses-right", HeatMap).data = heat_map(y_hat, f"ŷ ({flaw}) · {view}", value_range=scale)

    # --- loud-quiet view -------------------------------------------------------------

    def show_loud_quiet(self) -> None:
        """The numbers at once; the maps (which depend on the gain only) from a worker."""
        error, gain = self.values["error"], self.values["quiet"]
        compute_quick(self, loud_quiet_numbers, error, gain, then=self._show_lq_numbers)
        if gain != self._lq_gain:
            self._lq_gain = gain
            self.loud_quiet_maps(gain)

    @work(thread=True, exclusive=True, group="output-space-loud-quiet")
    def loud_quiet_maps(self, gain: float) -> None:
        maps = loud_quiet_maps(gain)
        post_while_live(self, self._show_lq_maps, gain, maps)

    def _show_lq_numbers(self, r) -> None:
        self._lq = r
        rows = [(f"{mark} {name}", number(t, 3), number(r.freq), number(value), number(raw), number(db))
                for mark, name, t, value, raw, db in (
                    ("∘", "loud", r.loud_time, r.loud_value, r.loud_raw_mse, r.loud_db_mse),
                    ("●", "quiet", r.quiet_time, r.quiet_value, r.quiet_raw_mse, r.quiet_db_mse))]
        self.query_one("#os-lq-table", NumberTable).show_rows(
            ("spot", "t (s)", "f (Hz)", "|Y|", "raw: e²", "dB: (Δ dB)²"), rows, labels=1)
        self.query_one("#os-lq-verdict", Readout).show(loud_quiet_verdict(r.status, r.loud_db_mse, r.quiet_db_mse))
        if self.part == "loud-quiet":
            self.headline = Headline("quiet spot, (Δ dB)² =", (r.quiet_db_mse,))
        if self._lq_maps is not None:
            self._show_lq_maps(*self._lq_maps)

    def _show_lq_maps(self, gain: float, maps) -> None:
        if gain != self._lq_gain:
            return  # an older request
        self._lq_maps = (gain, maps)
        raw, db = maps
        r = self._lq
        spots = ((r.loud_time, r.freq), (r.quiet_time, r.freq)) if r is not None else ()
        self.query_one("#os-loud-quiet-left", HeatMap).data = heat_map(raw, "raw |Y|: ∘ loud, ● quiet", path=spots)
        self.query_one("#os-loud-quiet-right", HeatMap).data = heat_map(db, "|Y| in dB", path=spots)

    # --- the PyTorch -----------------------------------------------------------------

    def pytorch_source(self) -> str | None:
        return export_source(self.lesson, self.values, self.part, self.seed)


PANEL = OutputSpacePanel
