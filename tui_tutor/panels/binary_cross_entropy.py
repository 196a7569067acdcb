"""Lesson `binary-cross-entropy`: BCE against the slide's sign slip, then a spam filter.

Views "bce" and "slip" show BCE for an editable ŷ and y (both branches plotted; "slip" adds
the slide's wrong y = 0 branch). View "spam" trains a bag-of-words logistic regression on the
lesson's `[[data.emails]]` in a worker (its loss curve drawn live) and judges the e-mail typed
into its text box, word by word; `m` loads the lesson's `[[data.examples]]`.
"""

from __future__ import annotations

import math

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Input

from tui_tutor.content import Lesson
from tui_tutor.content.code import fill, literal
from tui_tutor.content.model import ParamValue
from tui_tutor.numbers import number, operand, probability
from tui_tutor.panels.base import Headline, LessonPanel
from tui_tutor.panels.exports import listing
from tui_tutor.runner import compute_quick
from tui_tutor.widgets.live_plot import LivePlot, PlotFrame, Trace
from tui_tutor.widgets.param_editor import ParamEditor
from tui_tutor.widgets.plot_stack import theme_colour
from tui_tutor.widgets.readout import Readout
from tui_tutor.widgets.signed_bars import SignedBars
from tui_tutor.widgets.training_runner import TrainingRunner
from tui_tutor.words.classification import bce_status, prediction_status, run_ended

MAX_TEXT = 2000
BRANCH = {1: "primary", 0: "warning"}
"""LivePlot colours of the y = 1 and y = 0 branches."""


def export_source(lesson: Lesson, values: dict[str, ParamValue], view: str = "bce", text: str = "",
                  seed: int = 0) -> str:
    """The lesson's standalone PyTorch script: BCE of (ŷ, y) beside the slide's form (`code/bce.py`),
    or, in the "spam" view, the filter trained on the lesson's e-mails for `values`' η and T, judging
    `text` (`code/spam_filter.py`)."""
    if view != "spam":
        return fill(lesson.code["bce"], y_hat=literal(float(values["y_hat"])), y=literal(float(values["y"])))
    from tui_tutor.compute import spam

    emails = emails_of(lesson)
    return fill(lesson.code["spam_filter"], seed=literal(seed), lr=literal(float(values["lr"])),
                epochs=literal(int(values["epochs"])), text=literal(text),
                emails=listing([[message, is_spam] for message, is_spam in emails]),
                vocabulary=listing(spam.vocabulary(emails), width=84))


def emails_of(lesson: Lesson) -> tuple[tuple[str, bool], ...]:
    """The lesson's e-mails as (text, is_spam)."""
    return tuple((row["text"], row["spam"]) for row in lesson.data["emails"])


def bce_numbers(y_hat: float, y: int):
    """BCE for (ŷ, y), both branches at ŷ, and the curves."""
    from tui_tutor.compute import classification as C

    return C.bce(y_hat, float(y)), C.bce(y_hat, 1.0).loss, C.bce(y_hat, 0.0).loss, C.bce_curves()


def train_filter(emails, seed: int, lr: float, epochs: int, history: list[float], on_progress, should_stop):
    """Train the spam filter on `emails`; every epoch's loss also goes into `history` for the live plot."""
    from tui_tutor.compute import spam

    def progress(step: int, total: int, loss: float) -> None:
        history.append(loss)
        on_progress(step, total, loss)

    return spam.train(emails, seed=seed, lr=lr, epochs=epochs, on_progress=progress, should_stop=should_stop)


def predict(model, text: str):
    from tui_tutor.compute import spam

    return spam.predict(model, text)


def sigmoid(z: float) -> float:
    """σ(z), only to choose how many digits of z the verdict shows (the shown σ is compute's)."""
    return 1 / (1 + math.exp(-z))


def describer(planned: int):
    """The progress line once a training of `planned` epochs has ended."""
    def describe(model) -> str:
        ended = run_ended(model.epochs_run, planned, model.stopped, model.losses)
        return (f"{ended}: BCE {number(model.final_loss)}, ‖w‖ {number(model.weight_norm)}, "
                f"{model.accuracy:.0%} right  t: again")
    return describe


class EmailBox(Input):
    """The learner's e-mail; Esc gives focus back to the panel (so the step keys work)."""

    BINDINGS = [Binding("escape", "leave", "leave the e-mail box", show=False)]

    def action_leave(self) -> None:
        self.screen.set_focus(next((a for a in self.ancestors if isinstance(a, Widget) and a.can_focus), None))


class BinaryCrossEntropyPanel(LessonPanel):
    """The BCE views or the spam-filter view, switched by the `-spam` class."""

    SCOPED_CSS = False
    BINDINGS = [
        Binding("t", "train", "train"),
        Binding("s", "stop", "stop training", show=False),
        Binding("m", "example", "example"),
    ]
    DEFAULT_CSS = """
    BinaryCrossEntropyPanel { height: 14; layout: vertical; }
    BinaryCrossEntropyPanel .view { height: 1fr; }
    BinaryCrossEntropyPanel .left { width: 46; }
    .-wide BinaryCrossEntropyPanel .left { width: 64; }
    BinaryCrossEntropyPanel .right { width: 1fr; margin-left: 1; }
    BinaryCrossEntropyPanel #bce-numbers { height: 9; }
    BinaryCrossEntropyPanel #spam-verdict { height: 2; }
    BinaryCrossEntropyPanel #spam-bars { height: 1fr; }
    BinaryCrossEntropyPanel #spam-view, BinaryCrossEntropyPanel #spam-progress { display: none; }
    BinaryCrossEntropyPanel.-spam #spam-view, BinaryCrossEntropyPanel.-spam #spam-progress { display: block; }
    BinaryCrossEntropyPanel.-spam #bce-view { display: none; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.values = dict(self.initial_values)
        self.bce = self.model = self.prediction = None
        self.history: list[float] = []
        self.trained_with: dict[str, ParamValue] = {}
        self.emails = emails_of(self.lesson)
        self.examples = tuple(row["text"] for row in self.lesson.data["examples"])
        self.example = 0
        """The example in the box (`m` loads the next one)."""
        self._timer = None

    def _params(self, *names: str):
        return tuple(p for p in self.lesson.params if p.name in names)

    def compose(self) -> ComposeResult:
        with Horizontal(id="bce-view", classes="view"):
            with Vertical(classes="left"):
                yield ParamEditor(self._params("y_hat", "y"), self.initial_values, id="bce-editor")
                yield Readout("", id="bce-numbers")
            yield LivePlot(id="bce-plot", classes="right")
        with Horizontal(id="spam-view", classes="view"):
            with Vertical(classes="left"):
                yield ParamEditor(self._params("lr", "epochs"), self.initial_values, id="spam-editor")
                yield EmailBox(self.examples[0], placeholder="type an e-mail …", id="spam-email", compact=True,
                               max_length=MAX_TEXT, select_on_focus=False)
                yield Readout("", id="spam-verdict")
                yield SignedBars(id="spam-bars")
            yield LivePlot(id="spam-plot", classes="right")
        yield TrainingRunner("", id="spam-progress", on_finished=self._trained)

    def on_mount(self) -> None:
        self.watch(self.query_one("#bce-editor", ParamEditor), "values", self._bce_changed, init=False)
        self.watch(self.query_one("#spam-editor", ParamEditor), "values", self._training_changed, init=False)
        self._bce_changed(self.query_one("#bce-editor", ParamEditor).values)
        self._training_changed(self.query_one("#spam-editor", ParamEditor).values)

    def watch_view(self, view: str) -> None:
        spam = view == "spam"
        self.set_class(spam, "-spam")
        self.refresh_bindings()
        if spam and self.model is None and not self.query_one("#spam-progress", TrainingRunner).running:
            self.action_train()
        self._headline()
        if self.bce is not None:
            self._show_bce(self.bce)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("train", "stop", "example"):
            return self.has_class("-spam")
        return True

    # --- BCE of one prediction ---------------------------------------------------------

    def _bce_changed(self, values: dict[str, ParamValue]) -> None:
        self.values.update(values)
        compute_quick(self, bce_numbers, values["y_hat"], values["y"], then=self._show_bce)

    def _show_bce(self, result) -> None:
        self.bce = result
        r, if_one, if_zero, _ = result
        agrees = r.slide_loss == r.loss
        text = Text()
        text.append(f"if y = 1:  −log ŷ       = {number(if_one)}\n", style=self._colour(1))
        text.append(f"if y = 0:  −log(1 − ŷ)  = {number(if_zero)}\n", style=self._colour(0))
        text.append(f"y = {int(r.y)}, correct: −y log ŷ − (1 − y) log(1 − ŷ)\n", style="bold")
        text.append("                 = ")
        text.append(f"{number(r.loss)}\n", style="bold")
        slide = theme_colour(self, "error") if self.view == "slip" else ""
        text.append("slide's: −y log ŷ + (1 − y) log(1 − ŷ)\n", style=slide)
        text.append(f"                 = {number(r.slide_loss)}  ", style=slide)
        text.append(f"same (y = {int(r.y)})\n" if agrees else "✗ the sign slip\n", style="" if agrees else "bold red")
        label = 1 if r.y_hat >= 0.5 else 0
        text.append(f"ŷ {'≥' if label else '<'} 0.5 → predicts class {label}: {'right' if label == int(r.y) else 'wrong'}")
        status = bce_status(r.status, r.y_hat, r.y)
        if status:
            text.append(f"\n{status}", style="italic")
        self.query_one("#bce-numbers", Readout).show(text)
        self._headline()
        self._plot_bce()

    def _headline(self) -> None:
        if self.has_class("-spam") and self.prediction is not None:
            self.headline = Headline("P(spam) for your e-mail =", (self.prediction.probability,))
        elif not self.has_class("-spam") and self.bce is not None:
            self.headline = Headline("BCE L(ŷ, y) =", (self.bce[0].loss,))
        else:
            self.headline = None

    def _colour(self, y: int) -> str:
        return theme_colour(self, BRANCH[y])

    def _plot_bce(self) -> None:
        r, _, _, curves = self.bce
        slip = self.view == "slip"
        background = [Trace(curves.y_hats, curves.if_one, BRANCH[1]), Trace(curves.y_hats, curves.if_zero, BRANCH[0])]
        if slip:
            background.append(Trace(curves.y_hats, curves.slide_if_zero, "error"))
        title = "red: the slide's y = 0 branch" if slip else "L(ŷ, y), colours as at left"
        frame = PlotFrame((0.0, 1.0), (-5.0 if slip else 0.0, 5.0), title=title, xlabel="ŷ", background=tuple(background))
        marks = [Trace((r.y_hat, r.y_hat), frame.ylim, "muted"),
                 Trace((r.y_hat,), (r.loss,), BRANCH[int(r.y)], "●")]
        if slip and r.slide_loss != r.loss:
            marks.append(Trace((r.y_hat,), (r.slide_loss,), "error", "●"))
        self.query_one("#bce-plot", LivePlot).show(frame, marks)

    # --- the spam filter ---------------------------------------------------------------

    def _training_changed(self, values: dict[str, ParamValue]) -> None:
        changed = any(self.values.get(k) != v for k, v in values.items())
        self.values.update(values)
        if changed and self.has_class("-spam"):
            self.action_train()
        elif changed:
            self.model = None  # stale: the filter's view retrains it on arrival

    def action_train(self) -> None:
        self.history = []
        self.trained_with = {"lr": self.values["lr"], "epochs": self.values["epochs"]}
        self.query_one("#spam-progress", TrainingRunner).run(
            "training", train_filter, describer(self.values["epochs"]), emails=self.emails,
            seed=self.seed, lr=self.values["lr"], epochs=self.values["epochs"], history=self.history,
        )  # fmt: skip
        if self._timer is None:
            self._timer = self.set_interval(0.1, self._plot_loss)
        self._timer.resume()

    def action_stop(self) -> None:
        if not self.query_one("#spam-progress", TrainingRunner).stop():
            self.notify("Nothing is training.", timeout=2)

    def _trained(self, model) -> None:
        self.model = model
        self._timer.pause()
        self._plot_loss(self.model.losses)
        self._judge()

    def _plot_loss(self, losses=None) -> None:
        losses = tuple(self.history if losses is None else losses)
        epochs = int(self.trained_with.get("epochs", 1))
        top = max([0.75, *(v * 1.05 for v in losses if v < float("inf"))])
        frame = PlotFrame((0.0, float(max(epochs, 1))), (0.0, top), title="mean BCE per epoch", xlabel="epoch")
        self.query_one("#spam-plot", LivePlot).show(frame, (Trace(tuple(map(float, range(len(losses)))), losses),))

    def action_example(self) -> None:
        """The lesson's next example e-mail in the box."""
        self.example = (self.example + 1) % len(self.examples)
        self.query_one("#spam-email", EmailBox).value = self.examples[self.example]

    @on(Input.Changed, "#spam-email")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._judge()

    def _judge(self) -> None:
        if self.model is not None:
            compute_quick(self, predict, self.model, self.query_one("#spam-email", EmailBox).value, then=self._show_verdict)

    def _show_verdict(self, p) -> None:
        self.prediction = p
        verdict = Text(f"P(spam) = σ({operand(p.logit, sigmoid, probability)}) = ")
        verdict.append(f"{probability(p.probability)} → {'spam' if p.is_spam else 'not spam'}\n", style="bold")
        if p.status != "ok":
            verdict.append(prediction_status(p.status), style="italic")
        else:
            ignored = ", ".join(p.ignored)
            verdict.append(f"{len(p.contributions)} known words" + (f"; ignored: {ignored}" if ignored else ""), style="dim")
        self.query_one("#spam-verdict", Readout).show(verdict)
        self._headline()
        bars = self.query_one("#spam-bars", SignedBars)
        shown = p.contributions[: max(1, bars.size.height - 2)]
        labels = [c.word + (f" ×{c.count}" if c.count > 1 else "") for c in shown] + ["bias b"]
        heading = f"→ spam, ← not spam: top {len(shown)} of {len(p.contributions)} words"
        bars.show_bars(labels, [c.contribution for c in shown] + [p.bias], heading=heading)

    def pytorch_source(self) -> str | None:
        if self.has_class("-spam"):
            epochs = self.model.epochs_run if self.model is not None else self.values["epochs"]
            trained = {"lr": self.trained_with.get("lr", self.values["lr"]), "epochs": epochs}
            return export_source(self.lesson, trained, "spam", self.query_one("#spam-email", EmailBox).value, self.seed)
        return export_source(self.lesson, self.values)


PANEL = BinaryCrossEntropyPanel
