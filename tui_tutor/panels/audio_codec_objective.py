"""Lesson `audio-codec-objective`: a toy codec quantises a tone to k bits. A table of bit rate,
waveform MSE and log-spectral distance for every k; the waveform and spectrum before and after;
a search over k to a quality target; ∂L/∂k = 0 while ∂L/∂g ≠ 0; training the gain g."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import fmt, fmt_sig
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.plot_stack import PlotStack
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.training_runner import TrainingRunner

WAVE_SAMPLES = 80
"""The waveform plot shows the first 80 samples: 10 ms at 8000 samples per second."""
TRAIN_STEPS = 100
"""Adam steps when training the gain (about 50 ms)."""
PLOTS = ("wave", "spectrum", "search", "staircase", "training")
"""The panel's views: each shows its plot (and its status lines) beside the table."""


@dataclass(frozen=True, slots=True)
class CodecView:
    """Everything the panel shows for one (k, threshold, g), all from the compute module."""

    bits: int
    threshold: float
    table: tuple
    search: object
    grads: object
    spectra: object
    tone: tuple[float, ...]
    decoded: object
    """`codec.Quantised` of the whole tone at k bits."""


@lru_cache(maxsize=16)
def table_and_search(gain: float, threshold: float):
    """Every k's row and the search (the slow part, ~15 ms): nudging k reuses them."""
    from tui_tutor.compute import codec

    return codec.codec_table(gain), codec.search_bits(threshold, gain)


def codec_view(values: dict[str, ParamValue]) -> CodecView:
    """Run the codec for the current values: ~3 ms for a new k, ~20 ms for a new gain (its table)."""
    from tui_tutor.compute import audio, codec
    from tui_tutor.compute.core import one_thread

    k, threshold, g = int(values["bits"]), float(values["threshold"]), float(values["gain"])
    with one_thread():
        tone = audio.waveform().samples
        table, search = table_and_search(g, threshold)
        return CodecView(k, threshold, table, search, codec.bit_gradients(k, g), codec.spectra(k, g), tone,
                         codec.quantise(tone, k, g))


def train_gain(**kwargs):
    """`codec.train_gain` on one torch thread (the tensors are tiny; a second thread only costs)."""
    from tui_tutor.compute import codec
    from tui_tutor.compute.core import one_thread

    with one_thread():
        return codec.train_gain(**kwargs)


def warm_up() -> None:
    """Build one Adam optimiser: its first construction imports parts of torch (seconds on a busy
    machine), which should not land on the learner's first press of t."""
    train_gain(bits=1, gain0=1.0, steps=0)


class AudioCodecObjectivePanel(LessonPanel):
    """Editor, table, a status line and training on the left; one plot per step on the right."""

    BINDINGS = [
        Binding("t", "train", "train g"),
        Binding("s", "stop", "stop"),
        Binding("u", "use_gain", "use trained g"),
        Binding("v", "cycle_plot", "next plot"),
    ]

    SCOPED_CSS = False  # the -wide rules start at the screen
    DEFAULT_CSS = """
    AudioCodecObjectivePanel { height: 14; layout: horizontal; }
    AudioCodecObjectivePanel #codec-left { width: 44; }
    AudioCodecObjectivePanel ParamEditor { grid-columns: 4 10 1fr; }
    AudioCodecObjectivePanel #codec-table { height: 6; }
    AudioCodecObjectivePanel #codec-status { height: 3; }
    .-wide AudioCodecObjectivePanel #codec-left { width: 58; }
    .-wide AudioCodecObjectivePanel #codec-table { height: 18; margin-top: 1; }
    .-wide AudioCodecObjectivePanel #codec-status { height: 5; margin-top: 1; }
    """

    codec: CodecView | None = None
    training = None
    """The last `codec.GainTraining`, once the learner has trained."""

    def compose(self) -> ComposeResult:
        with Vertical(id="codec-left"):
            yield ParamEditor(self.lesson.params, self.initial_values, id="codec-editor")
            yield NumberTable(id="codec-table")
            yield Readout("computing …", id="codec-status")
            yield TrainingRunner("t: train the gain g", id="codec-train", on_finished=self.trained)
        yield PlotStack({name: PlotPanel() for name in PLOTS}, rows_each=10, id="codec-plots")

    def on_mount(self) -> None:
        self.recompute(self.query_one("#codec-editor", ParamEditor).values)
        self.run_worker(warm_up, thread=True, group="codec-warm-up", exit_on_error=False)

    @on(ParamEditor.Changed, "#codec-editor")
    def _edited(self, event: ParamEditor.Changed) -> None:
        self.recompute(event.values)

    def watch_view(self, view: str) -> None:
        self.query_one(PlotStack).show(view)
        if self.codec is not None:
            self._status(self.codec)

    def recompute(self, values: dict[str, ParamValue]) -> None:
        self.values = values
        compute_quick(self, codec_view, values, then=self._show)

    def on_resize(self) -> None:
        if self.codec is not None:
            self.call_after_refresh(self._table, self.codec)

    def _show(self, view: CodecView) -> None:
        self.codec = view
        self._table(view)
        self._status(view)
        row = view.table[view.bits - 1]
        self.headline = Headline(f"LSD at k = {view.bits}, dB:", (row.lsd_db,))
        self._plot(view)

    def _table(self, view: CodecView) -> None:
        """The rows around k (every row when there is room); ✓ where LSD meets the target, ◀ the search's k."""
        table = self.query_one("#codec-table", NumberTable)
        room = max(table.size.height - 1, 3) if table.size.height else 5
        first = min(max(view.bits - 1 - room // 2, 0), max(len(view.table) - room, 0))
        shown = view.table[first:first + room]
        rows = [(str(r.bits), str(r.bit_rate), fmt_sig(r.waveform_mse), fmt(r.lsd_db, 2),
                 ("✓" if r.lsd_db <= view.threshold else "") + (" ◀" if r.bits == view.search.bits else ""))
                for r in shown]
        table.show_rows(("k", "bit/s", "MSE", "LSD dB", f"≤{view.threshold:g} dB"), rows,
                        highlight=view.bits - 1 - first)

    def _status(self, view: CodecView) -> None:
        """Two or three lines on what the current step is about."""
        row, grads, search, q = view.table[view.bits - 1], view.grads, view.search, view.decoded
        clipped = f"g·x clips {q.clipped} of {len(view.tone)} samples" if q.clipped else "no sample clips: |g·x| ≤ 1"
        lines = {
            "wave": f"k = {view.bits}: {row.bit_rate} bit/s, level step Δ = {fmt_sig(q.step, 3)}\n{clipped}",
            "spectrum": f"k = {view.bits}: waveform MSE [b]{fmt_sig(row.waveform_mse)}[/b]\n"
               f"log-spectral distance [b]{fmt(row.lsd_db, 2)} dB[/b]\n{clipped}",
            "search": f"{search.status}\n{len(search.tried_bits)} codecs tried"
               + (f" → [b]{search.bit_rate} bit/s[/b]" if search.bits else ""),
            "staircase": f"MSE at k = {view.bits}: {fmt_sig(grads.loss)}; at k = {view.bits + 1}: {fmt_sig(grads.loss_next)}\n"
               f"∂MSE/∂k = [b]{fmt(grads.grad_bits)}[/b] (autograd: flat step)\n"
               f"∂MSE/∂g = [b]{fmt_sig(grads.grad_gain)}[/b] (straight-through)",
        }
        text = lines.get(self.view) or self._training_text()
        self.query_one("#codec-status", Readout).show(text)

    def _training_text(self) -> str:
        t = self.training
        if t is None:
            return f"t trains g: Adam, {TRAIN_STEPS} steps, from\nthe g above, at k = {self.values['bits']} bits"
        return (f"g: {fmt(t.gains[0])} → [b]{fmt(t.final_gain)}[/b] at k = {t.bits}\n"
                f"MSE: {fmt_sig(t.losses[0])} → [b]{fmt_sig(t.final_loss)}[/b]\n{t.status}")

    def _draw(self, name: str, spec: PlotSpec) -> None:
        self.query_one(PlotStack).plot(name).spec = spec

    def _plot(self, view: CodecView) -> None:
        n = tuple(float(i) for i in range(WAVE_SAMPLES))
        self._draw("wave", PlotSpec(
            series=(Series(n, view.tone[:WAVE_SAMPLES], label="x", color="cyan"),
                    Series(n, view.decoded.samples[:WAVE_SAMPLES], label=f"x̂ ({view.bits} bits)", color="magenta")),
            title="first 10 ms: x, x̂", xlabel="sample n"))
        s = view.spectra
        self._draw("spectrum", PlotSpec(
            series=(Series(s.freqs, s.original_db, label="x", color="cyan"),
                    Series(s.freqs, s.decoded_db, label="x̂", color="magenta")),
            title="mean spectrum (dB)", xlabel="Hz"))
        ks = tuple(float(r.bits) for r in view.table)
        search = view.search
        self._draw("search", PlotSpec(
            series=(Series(ks, tuple(r.lsd_db for r in view.table), color="cyan"),),
            title=f"LSD (dB) by k; target {view.threshold:g}", xlabel="k",
            hlines=(view.threshold,), vlines=(float(search.bits),) if search.bits else ()))
        steps_x = tuple(x for r in view.table for x in (r.bits - 0.5, r.bits + 0.5))
        steps_y = tuple(y for r in view.table for y in (r.waveform_mse, r.waveform_mse))
        self._draw("staircase", PlotSpec(
            series=(Series(steps_x, steps_y, color="cyan"),),
            title="MSE by k: flat steps", xlabel="k", ylog=True, vlines=(float(view.bits),)))
        self._plot_training()

    def _plot_training(self) -> None:
        t = self.training
        if t is None:
            spec = PlotSpec(series=(), title="press t to train g")
        else:
            steps = tuple(float(i) for i in range(len(t.losses)))
            spec = PlotSpec(series=(Series(steps, t.losses, color="cyan"),),
                            title=f"training g: MSE (k = {t.bits})", xlabel="Adam step", ylog=True)
        self._draw("training", spec)

    def action_train(self) -> None:
        v = self.values
        self.query_one(PlotStack).show("training")
        self.query_one(TrainingRunner).run(f"g, k = {v['bits']}", train_gain, self._describe,
                                           bits=int(v["bits"]), gain0=float(v["gain"]), steps=TRAIN_STEPS)

    @staticmethod
    def _describe(result) -> str:
        done = "done" if result.status.startswith("trained") else result.status
        return f"{done}: g = {fmt(result.final_gain)}   u: use it"

    def trained(self, training) -> None:
        """Show the loss curve and the trained g (u puts it into the editor)."""
        self.training = training
        self._plot_training()
        self.refresh_bindings()
        if self.codec is not None:
            self._status(self.codec)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """u only once something has been trained."""
        return self.training is not None if action == "use_gain" else True

    def action_use_gain(self) -> None:
        """Put the trained g into the editor: the table, plots and search then use it."""
        gain = self.training.final_gain if self.training is not None else None
        if gain is None or not 0.01 <= gain <= 100:
            self.notify("The trained g is outside 0.01 … 100; keeping the current g.", severity="warning")
            return
        self.query_one("#codec-editor", ParamEditor).set_values({"gain": float(f"{gain:.6g}")})  # as the status shows it

    def action_stop(self) -> None:
        if not self.query_one(TrainingRunner).stop():
            self.notify("Nothing is training.", timeout=2)

    def action_cycle_plot(self) -> None:
        self.query_one(PlotStack).cycle()

    def pytorch_source(self) -> str | None:
        from tui_tutor.compute import codec

        v = self.values
        return codec.pytorch_source(int(v["bits"]), float(v["threshold"]), float(v["gain"]))


PANEL = AudioCodecObjectivePanel
