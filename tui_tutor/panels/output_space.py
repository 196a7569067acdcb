"""Lesson `output-space`: one MSE in four output spaces, loud vs quiet errors in dB, Setup A vs B.

Three parts, chosen by the view the lesson's step names:

- losses: pick a flaw of the reconstruction ŷ; MSE(ŷ, y) on the waveform, |STFT|, mel and
  mel dB for every flaw (the chosen one marked), y and ŷ as heat maps on one colour scale;
- loud-quiet: the same raw error e at a loud and a quiet spot, squared in raw values and in dB;
- setup: the slide's Setup A vs Setup B, written out for F = mel and F = dB ("setup-rows":
  the same, → and ← walking through the table's rows first).
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher

from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import fmt
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.safety import post_while_live
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.heat_map import HeatMap, HeatMapData
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.readout import Readout

PART = {"losses": "losses", "loud-quiet": "loud-quiet", "setup": "setup", "setup-rows": "setup"}
"""The part of the panel each view shows."""
EDITED = {"losses": ("flaw", "view"), "loud-quiet": ("error", "quiet")}
"""The parameters each view's editor holds."""
KINDS = ("linear", "mel", "mel dB")
SPACES = ("waveform", "|STFT|", "mel", "mel dB")


def flaws_and_spectrograms(seed: int):
    """Every flaw's four losses, the spectrograms of y and of each ŷ in every kind (~20 ms),
    and the Setup A vs B table."""
    from tui_tutor.compute import audio

    y = audio.waveform()
    signals = {"original": y} | {flaw: audio.waveform(flaw, seed=seed) for flaw in audio.FLAWS}
    losses = {flaw: audio.output_space_losses(y.samples, signals[flaw].samples) for flaw in audio.FLAWS}
    specs = {(name, kind): audio.spectrogram(s.samples, kind) for name, s in signals.items() for kind in KINDS}
    return losses, specs, audio.setup_table()


def loud_quiet_maps(gain: float):
    """The loud-then-quiet tone's |STFT| in raw values and in dB (~3 ms)."""
    from tui_tutor.compute import audio

    samples = audio.waveform(quiet_gain=gain).samples
    return audio.spectrogram(samples, "linear"), audio.spectrogram(samples, "dB")


def loud_quiet_numbers(error: float, gain: float):
    """The same raw error at a loud and a quiet spot (< 1 ms)."""
    from tui_tutor.compute import audio

    return audio.loud_quiet_errors(error, quiet_gain=gain)


def heat_map(spec, title: str, *, value_range=None, path=(), axes: bool = False) -> HeatMapData:
    """A spectrogram as heat-map data: time across, frequency up (axes labelled if `axes`)."""
    labels = {"x_label": "time (s)", "y_label": "Hz" if spec.kind in ("linear", "dB") else "Hz, mel scale"} if axes else {}
    return HeatMapData(spec.values, (spec.times[0], spec.times[-1]), (spec.freqs[0], spec.freqs[-1]),
                       title=title, value_range=value_range, path=path, **labels)


def mse(value: float) -> str:
    """An MSE for the table: 4 decimals, or 4 significant digits when it is below 0.001."""
    return f"{value:.3e}" if 0 < value < 1e-3 else fmt(value)


def setup_text(rows, current: int) -> Group:
    """The Setup A vs Setup B rows grouped by F, row `current` marked and its note beneath."""
    parts = []
    widths = [max(len(f"model {r.model}") for r in rows), max(len(f"loss {r.loss}") for r in rows)]
    for transform in dict.fromkeys(r.transform for r in rows):
        parts.append(Text(f"F: {transform}", style="bold"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        for width in widths:  # the same columns in both groups
            grid.add_column(no_wrap=True, min_width=width)
        for i, r in enumerate(rows):
            if r.transform == transform:
                grid.add_row(f"  Setup {r.setup}", f"model {r.model}", f"loss {r.loss}",
                             style="reverse" if i == current else None)
        parts.append(grid)
    r = rows[current]
    parts.append(Text.assemble("\n", (f"Setup {r.setup}, F: {r.transform}: ", "bold"), r.note))
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
                yield Readout("computing …", id="os-setup-text")

    def on_mount(self) -> None:
        self._losses = self._specs = self._lq = self._lq_maps = self._setups = None
        self._setup_row = 0
        self._roomy = False
        self._lq_gain: float | None = None
        self.prepare(self.seed)
        self.show_loud_quiet()

    @on(ParamEditor.Changed)
    def _edited(self, event: ParamEditor.Changed) -> None:
        self.edited(event.values)

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
            self._setup_row = len(self._setups) - 1 if self.backwards and self._setups is not None else 0
        self.show_setup()

    def step_forward(self) -> bool:
        """In the "setup-rows" view, → walks through the table's rows first."""
        if self.view == "setup-rows" and self._setups is not None and self._setup_row < len(self._setups) - 1:
            self._setup_row += 1
            self.show_setup()
            return True
        return False

    def step_back(self) -> bool:
        if self.view == "setup-rows" and self._setup_row > 0:
            self._setup_row -= 1
            self.show_setup()
            return True
        return False

    def show_setup(self) -> None:
        if self._setups is not None:
            self.query_one("#os-setup-text", Readout).show(setup_text(self._setups, self._setup_row))

    @property
    def roomy(self) -> bool:
        """Whether the maps are big enough for axis labels (a tall panel, e.g. on a projector)."""
        return self.size.height >= 30

    def on_resize(self) -> None:
        if self._roomy != self.roomy:  # labelled axes come and go with the room
            self._roomy = self.roomy
            self.show_losses()
            if self._lq_maps is not None:
                self._show_lq_maps(*self._lq_maps)

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

    def _prepared(self, losses, specs, setups) -> None:
        self._losses, self._specs, self._setups = losses, specs, setups
        self.show_setup()
        self.show_losses()

    def show_losses(self) -> None:
        """The MSE table with the chosen flaw marked, and y and ŷ as heat maps."""
        if self._losses is None:
            return
        flaw, view = self.values["flaw"], self.values["view"]
        flaws = list(self._losses)
        rows = [(f, *(mse(v) for v in (r.waveform, r.linear, r.mel, r.db))) for f, r in self._losses.items()]
        problem = next((r.status for r in self._losses.values() if r.status != "ok"), None)
        headers = ("MSE(ŷ, y)" if problem is None else problem, *SPACES)
        self.query_one("#os-losses-table", NumberTable).show_rows(headers, rows, highlight=flaws.index(flaw), labels=1)
        if self.part == "losses":
            self.headline = Headline(f"{flaw}: MSE in mel dB =", (self._losses[flaw].db,))
        y, y_hat = self._specs["original", view], self._specs[flaw, view]
        values = [v for spec in (y, y_hat) for row in spec.values for v in row]
        scale = (min(values), max(values))  # one colour scale for both maps
        axes = self.roomy
        self.query_one("#os-losses-left", HeatMap).data = heat_map(
            y, f"y (original) · {view}", value_range=scale, axes=axes)
        self.query_one("#os-losses-right", HeatMap).data = heat_map(
            y_hat, f"ŷ ({flaw}) · {view}", value_range=scale, axes=axes)

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
        rows = [("∘ loud", fmt(r.loud_time, 3), fmt(r.freq, 1), fmt(r.loud_value), fmt(r.loud_raw_mse), fmt(r.loud_db_mse)),
                ("● quiet", fmt(r.quiet_time, 3), fmt(r.freq, 1), fmt(r.quiet_value), fmt(r.quiet_raw_mse), fmt(r.quiet_db_mse))]
        self.query_one("#os-lq-table", NumberTable).show_rows(
            ("spot", "t (s)", "f (Hz)", "|Y|", "raw: e²", "dB: (Δ dB)²"), rows, labels=1)
        if r.status != "ok":
            verdict = f"[b]{r.status}[/b]"
        elif r.quiet_db_mse > r.loud_db_mse:
            verdict = "Same raw error at both spots; [b]in dB the quiet spot's error is far larger[/b]."
        else:
            verdict = "Same raw error at both spots; in dB too, as the two parts are equally loud."
        self.query_one("#os-lq-verdict", Readout).show(verdict)
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
        axes = self.roomy
        self.query_one("#os-loud-quiet-left", HeatMap).data = heat_map(raw, "raw |Y|: ∘ loud, ● quiet", path=spots, axes=axes)
        self.query_one("#os-loud-quiet-right", HeatMap).data = heat_map(db, "|Y| in dB", path=spots, axes=axes)

    # --- the PyTorch -----------------------------------------------------------------

    def pytorch_source(self) -> str | None:
        from tui_tutor.compute import audio

        v = self.values
        if self.part == "loud-quiet":
            return audio.loud_quiet_source(v["error"], quiet_gain=v["quiet"])
        return audio.pytorch_source(v["flaw"], seed=self.seed)


PANEL = OutputSpacePanel
