"""Lesson `cross-entropy`: a digit recogniser trained on noisy 5×7 glyphs (in a worker, seeded by
the app's --seed); pick a digit, see its image, the softmax over 0–9 with the one-hot target,
the single surviving term −log ŷ_true and the loss. On a wide terminal: the training curves.
"""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from tui_tutor.content import Lesson
from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import number, operand, probability, subscript
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.panels.exports import recogniser_source
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.bar_chart import BarChart
from tui_tutor.widgets.glyph import GlyphView
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.training_runner import TrainingRunner
from tui_tutor.words.classification import ce_status, run_ended

TRAINING = {"lr": 0.5, "epochs": 200, "hidden": 16, "per_digit": 30}
"""How the recogniser trains (digits.train's defaults, written out for the PyTorch export)."""
NOISY = 0.08
"""The noise `r` switches to when the image is clean: the training data's pixel flip rate."""


def export_source(lesson: Lesson, values: dict[str, ParamValue], seed: int = 0, epochs: int = TRAINING["epochs"],
                  image=None) -> str:
    """The recogniser's standalone PyTorch script (`code/digit_recogniser.py`), trained `epochs`
    epochs; with `image` (the pixels on screen) it also classifies it against `values`' digit."""
    return recogniser_source(lesson, (("ce", epochs),), seed=seed, lr=TRAINING["lr"], hidden=TRAINING["hidden"],
                             per_digit=TRAINING["per_digit"], image=image, digit=int(values["digit"]))


def describe(model) -> str:
    """The progress line once training has ended."""
    ended = run_ended(model.epochs_run, TRAINING["epochs"], model.stopped, model.losses)
    if model.stopped or ended.startswith("diverged"):
        return f"{ended}: a partly trained recogniser   t: train again"
    return f"{ended}: {model.final_accuracy:.1%} right on its training glyphs, {model.test_accuracy:.1%} on fresh ones"


def minus_log(p: float) -> float:
    """−log p, only to choose how many digits of p the sum shows (the shown CE is compute's)."""
    return -math.log(p)


def train(**kwargs):
    """digits.train, imported on the worker's thread (torch stays off the event loop)."""
    from tui_tutor.compute import digits

    return digits.train(**kwargs)


def classify(model, digit: int, noise: float, seed: int):
    """The recogniser's softmax for one (clean or noisy) glyph of `digit`."""
    from tui_tutor.compute import digits

    return digits.predict(model, digit, noise, seed)


class CrossEntropyPanel(LessonPanel):
    """Progress, the editor, then the glyph | softmax bars with one-hot y | the CE sum."""

    DEFAULT_CSS = """
    CrossEntropyPanel { height: 14; }
    CrossEntropyPanel #ce-main { height: 10; }
    CrossEntropyPanel #ce-left { width: 13; padding-right: 1; }
    CrossEntropyPanel #ce-caption { height: 1; text-align: center; }
    CrossEntropyPanel #ce-bars { width: 1fr; height: 10; }
    CrossEntropyPanel #ce-sum { width: 30; height: 10; padding-left: 1; }
    CrossEntropyPanel #ce-curve { display: none; }
    CrossEntropyPanel.-wide #ce-main { height: 18; }
    CrossEntropyPanel.-wide #ce-left { width: 26; padding-right: 2; }
    CrossEntropyPanel.-wide GlyphView { width: 24; height: 16; }
    CrossEntropyPanel.-wide #ce-bars { height: 18; }
    CrossEntropyPanel.-wide #ce-curve { display: block; margin-top: 1; }
    """

    BINDINGS = [
        Binding("0", "pick(0)", "digit", key_display="0…9", tooltip="show that digit's image"),
        *(Binding(str(d), f"pick({d})", "", show=False) for d in range(1, 10)),
        Binding("r", "redraw", "redraw", tooltip="a fresh noisy example of the digit"),
        Binding("t", "train", "train"),
        Binding("s", "stop", "stop"),
    ]

    def compose(self) -> ComposeResult:
        yield TrainingRunner("the recogniser trains as the lesson opens", id="ce-progress", on_finished=self.trained)
        yield ParamEditor(self.lesson.params, self.initial_values, id="ce-editor")
        with Horizontal(id="ce-main"):
            with Vertical(id="ce-left"):
                yield GlyphView(id="ce-glyph")
                yield Readout(id="ce-caption")
            yield BarChart(id="ce-bars")
            yield Readout("the recogniser is training …", id="ce-sum")
        yield PlotPanel(id="ce-curve")

    def on_mount(self) -> None:
        self.watch(self.query_one("#ce-editor", ParamEditor), "values", self.recompute, init=False)
        self.model = None
        self.example = 0
        """How many fresh noisy examples `r` has asked for (part of the example's seed)."""
        self.recompute(self.query_one("#ce-editor", ParamEditor).values)
        self.action_train()

    def on_resize(self) -> None:
        from tui_tutor.screens.lesson import WIDE

        self.set_class(self.app.size.width >= WIDE, "-wide")

    # --- training -----------------------------------------------------------------------

    def action_train(self) -> None:
        """Train the recogniser on the seeded noisy glyphs (in a worker)."""
        self.query_one(TrainingRunner).run("training the recogniser", train, describe,
                                           seed=self.seed, loss="ce", **TRAINING)

    def action_stop(self) -> None:
        if not self.query_one(TrainingRunner).stop():
            self.notify("Nothing is training. t trains the recogniser again.")

    def trained(self, model) -> None:
        self.model = model
        self.recompute(self.values)
        self.call_after_refresh(self._plot_training)

    def _plot_training(self) -> None:
        model = self.model
        epochs = tuple(float(i) for i in range(len(model.losses)))
        self.query_one("#ce-curve", PlotPanel).spec = PlotSpec(
            series=(Series(epochs, model.losses, label="mean CE on the training glyphs", color="cyan"),
                    Series(epochs, model.accuracies, label="training accuracy", color="green")),
            title="training the recogniser: CE falls as the likelihood of the labels rises", xlabel="epoch",
            xlim=(0.0, float(TRAINING["epochs"])),
        )

    # --- the example on screen ------------------------------------------------------------

    def action_pick(self, digit: int) -> None:
        """Show digit `digit` (through the editor, so the field and --set agree)."""
        self.query_one("#ce-editor", ParamEditor).set_values({"digit": digit})

    def action_redraw(self) -> None:
        """A fresh noisy example of the same digit (switching on noise if the image is clean)."""
        self.example += 1
        if self.values["noise"] == 0:
            self.query_one("#ce-editor", ParamEditor).set_values({"noise": NOISY})
        else:
            self.recompute(self.values)

    def recompute(self, values: dict[str, ParamValue]) -> None:
        """Classify the chosen example with the trained recogniser."""
        self.values = values
        if self.model is None:
            return
        seed = self.seed + 1000 * (self.example + 1)
        compute_quick(self, classify, self.model, values["digit"], values["noise"], seed,
                      then=lambda prediction: self._show(values, prediction))

    def _show(self, values: dict[str, ParamValue], p) -> None:
        self.prediction = p
        self.query_one(GlyphView).pixels = p.pixels
        noise = "clean" if values["noise"] == 0 else "noisy" + (f" #{self.example}" if self.example else "")
        self.query_one("#ce-caption", Readout).show(f"{p.digit}, {noise}")
        labels = [f"{d}  y={y:g}" for d, y in enumerate(p.one_hot)]
        self.query_one("#ce-bars", BarChart).show(labels, p.probabilities, scale=1.0, highlight=p.digit,
                                                  texts=[probability(q) for q in p.probabilities])
        t, true_p = subscript(p.digit), p.probabilities[p.digit]
        verdict = "[b green]right[/]" if p.predicted == p.digit else "[b red]wrong[/]"
        status = ce_status(p.status, p.logits, p.loss)
        self.query_one("#ce-sum", Readout).show(
            f"y = one-hot({p.digit}): y{t} = 1\n"
            f"CE = −Σᵢ yᵢ log ŷᵢ\n"
            f"   = −y{t} log ŷ{t}  (9 terms: 0)\n"
            f"   = −log {operand(true_p, minus_log)}\n"
            f"   = [b]{number(p.surviving_term)}[/b]\n"
            f"likelihood of the label:\n"
            f"   ŷ{t} = e^−CE\n"
            f"recogniser says {p.predicted}: {verdict}\n"
            f"training set: mean CE {number(self.model.final_loss)}"
            + (f"\n{status}" if status else "")
        )
        self.headline = Headline("CE = −log ŷ_true =", (p.loss,))

    def pytorch_source(self) -> str | None:
        p = getattr(self, "prediction", None)
        epochs = TRAINING["epochs"] if self.model is None else self.model.epochs_run
        values = {"digit": p.digit} if p else self.values
        return export_source(self.lesson, values, self.seed, epochs, p.pixels if p else None)


PANEL = CrossEntropyPanel
