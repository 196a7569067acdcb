"""Lesson `mse-for-classification`: the digit recogniser trained with CE and with MSE on its softmax
(same data, seed, start and η; in a worker), loss and accuracy curves side by side; and ∂L/∂ỹ of
both losses for one editable example (the lesson's default: confidently wrong), as bars on one
scale.

At 80×24 the panel shows the training or the gradients, by step (`v` switches); a wide
terminal shows both.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from tui_tutor.content import Lesson
from tui_tutor.content.code import fill, literal
from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import number, probability, subscript
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.panels.exports import recogniser_source
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.bar_chart import BarChart
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_panel import PlotPanel, PlotSpec, Series
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.training_runner import TrainingRunner
from tui_tutor.words.classification import gradient_verdict, loss_course, run_ended

TRAINING = {"epochs": 200, "hidden": 16, "per_digit": 30}
"""The comparison's set-up besides η (digits.train_ce_vs_mse's defaults, written out for the export)."""
COLOURS = {"ce": "cyan", "mse": "magenta"}
NAMES = {"ce": "CE", "mse": "MSE"}


def export_source(lesson: Lesson, values: dict[str, ParamValue], view: str = "training", seed: int = 0,
                  runs: tuple[tuple[str, int], ...] = (("ce", TRAINING["epochs"]), ("mse", TRAINING["epochs"]))) -> str:
    """The lesson's standalone PyTorch script: in the "gradients" view both losses' gradients for
    `values`' logits and true class (`code/logit_gradients.py`); else the recogniser trained once
    per (loss, epochs) of `runs` at `values`' η (`code/digit_recogniser.py`)."""
    if view == "gradients":
        return fill(lesson.code["logit_gradients"], logits=literal([float(z) for z in values["logits"]]),
                    target=literal(int(values["true_class"]) - 1))
    return recogniser_source(lesson, runs, seed=seed, lr=values["lr"], hidden=TRAINING["hidden"],
                             per_digit=TRAINING["per_digit"])


def class_in_range(values: dict[str, ParamValue]) -> dict[str, str]:
    """The true class must be one of the logits' classes."""
    n, c = len(values["logits"]), values["true_class"]
    return {} if c <= n else {"true_class": f"class {c} does not exist: ỹ has {n} logits (1…{n})"}


def gradients(logits: tuple[float, ...], true_class: int):
    """∂CE/∂ỹ and ∂MSE/∂ỹ for one example (true class counted from 1 on screen, from 0 here)."""
    from tui_tutor.compute import classification

    return classification.logit_gradients(logits, true_class - 1)


def train_both(**kwargs):
    """digits.train_ce_vs_mse, imported on the worker's thread (torch stays off the event loop)."""
    from tui_tutor.compute import digits

    return digits.train_ce_vs_mse(**kwargs)


def describe(result) -> str:
    """The progress line once both runs have ended."""
    ce, mse = result.ce, result.mse
    if ce.stopped or mse.stopped:
        return f"stopped: CE ran {ce.epochs_run}, MSE {mse.epochs_run} of {TRAINING['epochs']} epochs   t: train again"
    ended = [run_ended(m.epochs_run, TRAINING["epochs"], m.stopped, m.losses) for m in (ce, mse)]
    if ended[0] == ended[1]:
        return f"both {ended[0]} from the same start"
    return f"CE {ended[0]}, MSE {ended[1]}, from the same start"


def progress_label(step: int, total: int) -> str:
    """train_ce_vs_mse reports one run of 2 × epochs steps: CE first, then MSE."""
    return "training with CE " if step <= total // 2 else "training with MSE"


class MseForClassificationPanel(LessonPanel):
    """The CE-vs-MSE training comparison and the gradients of one example."""

    DEFAULT_CSS = """
    MseForClassificationPanel { height: 14; }
    MseForClassificationPanel #mse-training, MseForClassificationPanel #mse-gradients { height: 12; }
    MseForClassificationPanel #mse-plots { height: 9; }
    MseForClassificationPanel #mse-summary { height: 2; }
    MseForClassificationPanel #mse-bars { height: 7; }
    MseForClassificationPanel #mse-bars > Vertical { width: 1fr; }
    MseForClassificationPanel .-heading { height: 1; text-style: bold; }
    MseForClassificationPanel BarChart { height: 6; }
    MseForClassificationPanel #mse-note { height: 3; }
    MseForClassificationPanel.-gradients #mse-training { display: none; }
    MseForClassificationPanel.-training #mse-gradients { display: none; }
    MseForClassificationPanel.-wide #mse-training, MseForClassificationPanel.-wide #mse-gradients { display: block; }
    MseForClassificationPanel.-wide #mse-training { height: 1fr; }
    MseForClassificationPanel.-wide #mse-plots { height: 1fr; }
    MseForClassificationPanel.-wide #mse-gradients { margin-top: 1; }
    """

    BINDINGS = [
        Binding("v", "switch_view", "view", tooltip="the training or one example's gradients"),
        Binding("t", "train", "train"),
        Binding("s", "stop", "stop"),
    ]

    def compose(self) -> ComposeResult:
        by_name = {p.name: p for p in self.lesson.params}
        yield TrainingRunner("CE and MSE train as the lesson opens", id="mse-progress", on_finished=self.trained)
        with Vertical(id="mse-training"):
            yield ParamEditor((by_name["lr"],), self.initial_values, id="mse-lr-editor")
            with Horizontal(id="mse-plots"):
                for name in ("ce-loss", "mse-loss", "accuracy"):
                    yield PlotPanel(id=f"mse-{name}")
            yield Readout("the curves appear once both runs have trained (s stops them)", id="mse-summary")
        with Vertical(id="mse-gradients"):
            yield ParamEditor((by_name["logits"], by_name["true_class"]), self.initial_values,
                              id="mse-example-editor", check=class_in_range)
            with Horizontal(id="mse-bars"):
                for loss in ("ce", "mse"):
                    with Vertical():
                        yield Readout(id=f"mse-{loss}-heading", classes="-heading")
                        yield BarChart(id=f"mse-{loss}-grad")
            yield Readout(id="mse-note")

    def on_mount(self) -> None:
        self.watch(self.query_one("#mse-example-editor", ParamEditor), "values", self.recompute, init=False)
        self.watch(self.query_one("#mse-lr-editor", ParamEditor), "values", self.retrain, init=False)
        self.comparison = None
        self.recompute(self.query_one("#mse-example-editor", ParamEditor).values)
        self.retrain(self.query_one("#mse-lr-editor", ParamEditor).values)

    def on_resize(self) -> None:
        from tui_tutor.screens.lesson import WIDE

        self.set_class(self.app.size.width >= WIDE, "-wide")

    def watch_view(self, view: str) -> None:
        """Show the training or the gradients (a wide terminal shows both)."""
        self.set_class(view == "training", "-training")
        self.set_class(view == "gradients", "-gradients")
        self._headline()

    def action_switch_view(self) -> None:
        self.view = "gradients" if self.view == "training" else "training"
        if self.has_class("-wide"):
            self.notify(f"Both are on screen; c now shows the PyTorch of the {self.view}.")

    # --- the training comparison ------------------------------------------------------------

    def retrain(self, values: dict[str, ParamValue]) -> None:
        """Train with CE and with MSE at the edited η (a newer request supersedes a running one)."""
        self.lr = values["lr"]
        self.query_one(TrainingRunner).run(progress_label, train_both, describe,
                                           seed=self.seed, lr=self.lr, **TRAINING)

    def action_train(self) -> None:
        self.retrain({"lr": self.lr})

    def action_stop(self) -> None:
        if not self.query_one(TrainingRunner).stop():
            self.notify("Nothing is training. t trains both again.")

    def trained(self, result) -> None:
        self.comparison = result
        lines = []
        for m in (result.ce, result.mse):
            lines.append(f"{NAMES[m.loss]:<3}: loss {loss_course(m.losses, m.final_loss)}, accuracy "
                         f"[b]{m.final_accuracy:.1%}[/b], fresh glyphs {m.test_accuracy:.1%}")
        self.query_one("#mse-summary", Readout).show("\n".join(lines))
        self._headline()
        self.call_after_refresh(self._plot, result)

    def _plot(self, result) -> None:
        runs = (result.ce, result.mse)
        epochs = (0.0, float(TRAINING["epochs"]))
        for m in runs:
            self.query_one(f"#mse-{m.loss}-loss", PlotPanel).spec = PlotSpec(
                series=(Series(tuple(map(float, range(len(m.losses)))), m.losses, color=COLOURS[m.loss]),),
                title=f"{NAMES[m.loss]} loss", xlabel="epoch", xlim=epochs,
            )
        self.query_one("#mse-accuracy", PlotPanel).spec = PlotSpec(
            series=tuple(Series(tuple(map(float, range(len(m.accuracies)))), m.accuracies, label=NAMES[m.loss],
                                color=COLOURS[m.loss]) for m in runs),
            title="training accuracy", xlabel="epoch", xlim=epochs, ylim=(0.0, 1.0),
        )

    # --- the gradients of one example ---------------------------------------------------------

    def recompute(self, values: dict[str, ParamValue]) -> None:
        """Both losses' gradients for the edited logits and true class."""
        self.values = values
        logits, c = tuple(values["logits"]), values["true_class"]
        compute_quick(self, gradients, logits, c, then=lambda g: self._show(c, g))

    def _show(self, c: int, g) -> None:
        self.gradient = g
        labels = [f"ỹ{subscript(i)}" for i in range(1, len(g.logits) + 1)]
        scale = max(abs(v) for v in (*g.ce_grad, *g.mse_grad)) or 1.0
        t = subscript(c)
        self.query_one("#mse-ce-heading", Readout).show(f"∂CE/∂ỹᵢ = ŷᵢ − yᵢ   CE = {number(g.ce_loss)}")
        self.query_one("#mse-mse-heading", Readout).show(f"∂MSE/∂ỹᵢ, same scale   MSE = {number(g.mse_loss)}")
        self.query_one("#mse-ce-grad", BarChart).show(labels, g.ce_grad, scale=scale, highlight=c - 1)
        self.query_one("#mse-mse-grad", BarChart).show(labels, g.mse_grad, scale=scale, highlight=c - 1)
        verdict = gradient_verdict(g.verdict, g.probabilities[c - 1], g.norm_ratio)
        self.query_one("#mse-note", Readout).show(
            f"ŷ{t} = {probability(g.probabilities[c - 1])}, |∇CE| = [b]{number(g.ce_grad_norm)}[/b], "
            f"|∇MSE| = [b]{number(g.mse_grad_norm)}[/b]. {verdict}"
        )
        self._headline()

    def _headline(self) -> None:
        if self.view == "training" and self.comparison is not None:
            ce, mse = self.comparison.ce, self.comparison.mse
            self.headline = Headline("training accuracy, CE : MSE", (ce.final_accuracy, mse.final_accuracy), percent=True)
        elif self.view == "gradients" and hasattr(self, "gradient"):
            g = self.gradient
            self.headline = Headline("|∇CE| : |∇MSE| =", (g.ce_grad_norm, g.mse_grad_norm))

    def pytorch_source(self) -> str | None:
        if self.view == "gradients":
            return export_source(self.lesson, self.values, "gradients")
        if self.comparison is None:
            return export_source(self.lesson, {"lr": self.lr}, seed=self.seed)
        runs = tuple((m.loss, m.epochs_run) for m in (self.comparison.ce, self.comparison.mse))
        return export_source(self.lesson, {"lr": self.lr}, seed=self.seed, runs=runs)


PANEL = MseForClassificationPanel
