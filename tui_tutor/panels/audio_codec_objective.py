"""Lesson `audio-codec-objective`: a toy codec quantises a tone to k bits. A table of bit rate,
waveform MSE and log-spectral distance for every k; the waveform and spectrum before and after;
a search over k to a quality target; ∂L/∂k = 0 while ∂L/∂g ≠ 0; training the gain g."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from tui_tutor.content import Lesson
from tui_tutor.content.code import fill, literal
from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import column, number
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.number_table import NumberTable
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.plot_stack import PlotStack
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.training_runner import TrainingRunner
from tui_tutor.words.codec import clipping, search_verdict
from tui_tutor.words.training import run_end

WAVE_SAMPLES = 80
"""The waveform plot shows the first 80 samples: 10 ms at 8000 samples per second."""
TRAIN_STEPS = 100
"""Adam steps when training the gain (about 50 ms)."""
TRAIN_LR = 0.2
"""Adam's learning rate for the gain."""
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


def export_source(lesson: Lesson, values: dict[str, ParamValue]) -> str:
    """The lesson's standalone PyTorch script (`code/codec.py`) for this k, target and g."""
    from tui_tutor.compute import audio

    return fill(lesson.code["codec"], bits=literal(int(values["bits"])), gain=literal(float(values["gain"])),
                threshold=literal(float(values["threshold"])), sample_rate=literal(audio.SAMPLE_RATE),
                n_fft=literal(audio.N_FFT), hop=literal(audio.HOP), top_db=literal(audio.TOP_DB),
                amin=literal(audio.AMIN), duration=literal(audio.DURATION), f0=literal(audio.F0),
                amplitudes=literal(list(audio.AMPLITUDES)), train_lr=literal(TRAIN_LR), train_steps=literal(TRAIN_STEPS))


def trained_words(training) -> str:
    """How the training of g (a `codec.GainTraining`) ended."""
    return run_end(training.steps_run, stopped=training.stopped, diverged=training.diverged,
                   problem="the gain left the positive numbers")


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
    AudioCodecObjectivePanel #codec-left { width: 44; margin-right: 1; }
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
        self.watch(self.query_one("#codec-editor", ParamEditor), "values", self.recompute, init=False)
        self.recompute(self.query_one("#codec-editor", ParamEditor).values)
        self.run_worker(warm_up, thread=True, group="codec-warm-up", exit_on_error=False)

    def watch_view(self, view: str) -> None:
        self.query_one(PlotStack).show(view)
        if self.codec is not None:
            self._table(self.codec)
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
        """The rows around k, or around the searched k in the search (every row when there is
        room); ✓ where LSD meets the target, ◀ the search's k, k itself highlighted."""
        table = self.query_one("#codec-table", NumberTable)
        room = max(table.size.height - 1, 3) if table.size.height else 5
        around = view.search.bits if self.view == "search" and view.search.bits else view.bits
        first = min(max(around - 1 - room // 2, 0), max(len(view.table) - room, 0))
        shown = view.table[first:first + room]
        mses, lsds = column([r.waveform_mse for r in shown]), column([r.lsd_db for r in shown])
        rows = [(str(r.bits), str(r.bit_rate), mse, lsd,
                 ("✓" if r.lsd_db <= view.threshold else "") + (" ◀" if r.bits == view.search.bits else ""))
                for r, mse, lsd in zip(shown, mses, lsds)]
        highlight = view.bits - 1 - first if first < view.bits <= first + len(shown) else None
        table.show_rows(("k", "bit/s", "MSE", "LSD dB", f"≤{number(view.threshold)} dB"), rows, highlight=highlight)

    def _status(self, view: CodecView) -> None:
        """Two or three lines on what the current step is about."""
        row, grads, search, q = view.table[view.bits - 1], view.grads, view.search, view.decoded
        clipped = clipping(q.clipped, len(view.tone))
        loss, loss_next = column([grads.loss, grads.loss_next])
        lines = {
            "wave": f"k = {view.bits}: {row.bit_rate} bit/s, level step Δ = {number(q.step, 3)}\n{clipped}",
            "spectrum": f"k = {view.bits}: waveform MSE [b]{number(row.waveform_mse)}[/b]\n"
               f"log-spectral distance [b]{number(row.lsd_db)} dB[/b]\n{clipped}",
            "search": f"{search_verdict(search.bits, search.threshold_db)}\n{len(search.tried_bits)} codecs tried"
               + (f" → [b]{search.bit_rate} bit/s[/b]" if search.bits else ""),
            "staircase": f"MSE {loss} at k = {view.bits}, {loss_next} at {view.bits + 1}\n"
               f"∂MSE/∂k = [b]{number(grads.grad_bits)}[/b] (autograd: flat step)\n"
               f"∂MSE/∂g = [b]{number(grads.grad_gain)}[/b] (straight-through)",
        }
        text = lines.get(self.view) or self._training_text()
        self.query_one("#codec-status", Readout).show(text)

    def _training_text(self) -> str:
        t = self.training
        if t is None:
            return f"t trains g: Adam, {TRAIN_STEPS} steps, from\nthe g above, at k = {self.values['bits']} bits"
        return (f"g: {number(t.gains[0])} → [b]{number(t.final_gain)}[/b] at k = {t.bits}\n"
                f"MSE: {number(t.losses[0])} → [b]{number(t.final_loss)}[/b]\n"
                f"{trained_words(t)}")

    def _draw(self, name: str, spec: PlotSpec) -> None:
        self.query_one(PlotStack).plot(name).spec = spec

    def _plot(self, view: CodecView) -> None:
        n = tuple(float(i) for i in range(WAVE_SAMPLES))
        self._draw("wave", PlotSpec(
            series=(Series(n, view.tone[:WAVE_SAMPLES], label="x", color="cyan"),
                    Series(n, view.decoded.samples[:WAVE_SAMPLES], label=f"x̂ ({view.bits} bits)", color="magenta")),
            title="first 10 ms: x, x̂", xlabel="sample n", xticks="whole", yticks="nice"))
        s = view.spectra
        self._draw("spectrum", PlotSpec(
            series=(Series(s.freqs, s.original_db, label="x", color="cyan"),
                    Series(s.freqs, s.decoded_db, label="x̂", color="magenta")),
            title="mean spectrum (dB)", xlabel="Hz", xticks="nice", yticks="nice"))
        ks = tuple(float(r.bits) for r in view.table)
        search = view.search
        self._draw("search", PlotSpec(
            series=(Series(ks, tuple(r.lsd_db for r in view.table), color="cyan"),),
            title=f"LSD (dB) by k; target {number(view.threshold)}", xlabel="k",
            hlines=(view.threshold,), vlines=(float(search.bits),) if search.bits else (), xticks="whole", yticks="nice"))
        steps_x = tuple(x for r in view.table for x in (r.bits - 0.5, r.bits + 0.5))
        steps_y = tuple(y for r in view.table for y in (r.waveform_mse, r.waveform_mse))
        self._draw("staircase", PlotSpec(
            series=(Series(steps_x, steps_y, color="cyan"),),
            title="MSE by k: flat steps", xlabel="k", ylog=True, vlines=(float(view.bits),), xticks="whole"))
        self._plot_training()

    def _plot_training(self) -> None:
        t = self.training
        if t is None:
            spec = PlotSpec(series=(), title="press t to train g")
        else:
            steps = tuple(float(i) for i in range(len(t.losses)))
            spec = PlotSpec(series=(Series(steps, t.losses, color="cyan"),),
                            title=f"training g: MSE (k = {t.bits})", xlabel="Adam step", ylog=True, xticks="whole")
        self._draw("training", spec)

    def action_train(self) -> None:
        v = self.values
        self.query_one(PlotStack).show("training")
        self.query_one(TrainingRunner).run(f"g, k = {v['bits']}", train_gain, self._describe,
                                           bits=int(v["bits"]), gain0=float(v["gain"]), steps=TRAIN_STEPS, lr=TRAIN_LR)

    @staticmethod
    def _describe(result) -> str:
        done = trained_words(result) if result.stopped or result.diverged else "done"
        return f"{done}: g = {number(result.final_gain)}   u: use it"

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
        self.query_one("#codec-editor", ParamEditor).set_values({"gain": float(f"{gain:.4g}")})  # as the status shows it

    def action_stop(self) -> None:
        if not self.query_one(TrainingRunner).stop():
            self.notify("Nothing is training.", timeout=2)

    def action_cycle_plot(self) -> None:
        self.notify(self.query_one(PlotStack).next_plot(), timeout=2)

    def pytorch_source(self) -> str | None:
        return export_source(self.lesson, self.values)


PANEL = AudioCodecObjectivePanel
