"""Each lesson's key figures for the handout: one function per panel name, compute calls only.

`FIGURES[lesson.panel](lesson, values, seed)` runs what that lesson's panel runs on screen
(the same compute functions with the same arguments) for the given parameter values and
returns `Figure`s placed at the lesson's steps. No Textual here, and no formatting: numbers
stay floats until the page is written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from tui_tutor.content import Lesson
from tui_tutor.content.model import ParamValue
from tui_tutor.handout.model import BarPlot, Figure, HeatMap, LinePlot, Series, Table, Value

Values = dict[str, ParamValue]
BLUE, MAGENTA, GREEN, ORANGE, GREY, PURPLE, RED = range(7)
"""Palette indices (see `svg.PALETTE`)."""
SHOWN_ROWS = 8
"""Iteration tables show the first rows and the last."""


def plain(value: ParamValue) -> str:
    """A value as typed, with a real minus: 0.5, (1.5, −2, 0.75), sigmoid."""
    if isinstance(value, tuple):
        return "(" + ", ".join(plain(v) for v in value) + ")"
    if isinstance(value, float | int):
        return f"{value:g}".replace("-", "−")
    return str(value)


def training_said(model) -> str:
    """How a training run ended, as a note: nothing when it ran to the end."""
    from tui_tutor.words.training import run_end

    if model.status == "ok":
        return ""
    return run_end(model.epochs_run, stopped=model.stopped, diverged=model.status == "diverged")


def said(status: str) -> str:
    """A compute status as a note: nothing when it is just "ok"."""
    return "" if status == "ok" else status


def floats(values: Sequence[float]) -> tuple[float, ...]:
    return tuple(float(v) for v in values)


def steps_axis(n: int) -> tuple[float, ...]:
    """0, 1, …, n − 1 as floats (an x axis of iterations or epochs)."""
    return tuple(float(i) for i in range(n))


def first_and_last(rows: Sequence) -> list:
    """The first SHOWN_ROWS rows, an ellipsis row, and the last (all of them when few)."""
    if len(rows) <= SHOWN_ROWS + 1:
        return list(rows)
    return [*rows[:SHOWN_ROWS], tuple("…" for _ in rows[0]), rows[-1]]


# --- 1 neuron ---------------------------------------------------------------------------


def neuron(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import neuron as compute

    r = compute.forward(v["x"], v["w"], v["b"], v["activation"])
    curve = compute.activation_curve(r.activation, min(-6.0, r.z - 1.0), max(6.0, r.z + 1.0))
    terms = Table(("i", "xᵢ", "wᵢ", "wᵢxᵢ"), tuple((i, x, w, t) for i, (x, w, t) in
                                                   enumerate(zip(v["x"], v["w"], r.terms), 1)))
    formula = {row["name"]: row["formula"] for row in lesson.data["activations"]}[r.activation]
    plot = LinePlot(f"φ = {r.activation}: {formula}", (
        Series(curve.xs, curve.ys, "φ(z)"),
        Series((r.z,), (r.y_hat,), "(z, ŷ)", RED, points=True),
    ), xlabel="z", ylabel="φ(z)", vlines=(r.z,), hlines=(r.y_hat,))
    return (
        Figure(1, "Each input times its weight", table=terms),
        Figure(2, "The weighted sum plus the bias", values=(Value("z = Σ wᵢxᵢ + b", r.z),)),
        Figure(3, "The activation", values=(Value("z", r.z), Value(f"ŷ = {r.activation}(z)", r.y_hat)), plots=(plot,)),
    )


# --- 2 parameterized functions ----------------------------------------------------------------

THETA_NAMES = ("w1", "b1", "w2", "b2", "v1", "v2", "c")


def parameterized_functions(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import network
    from tui_tutor.words.training import run_end

    tiny = network.tiny_curve([v[name] for name in THETA_NAMES], v["activation"])
    fits = {name: network.fit(name, seed=seed) for name in network.ARCHITECTURES}
    target = network.target_curve()
    theta = tuple(Value(t.name, float(v[name]), sig=3) for t, name in zip(network.THETA, THETA_NAMES, strict=True))
    table = Table(("net", "layers × units", "θ count", "final MSE"),
                  tuple((name, f"{len(r.hidden)} × {r.hidden[0]}", r.parameter_count, r.final_loss)
                        for name, r in fits.items()))
    colours = (ORANGE, GREEN)
    fit_plot = LinePlot("the fits", (Series(target.xs, target.ys, "target", GREY),
                                     *(Series(r.curve_xs, r.curve_ys, name, c) for (name, r), c in zip(fits.items(), colours))),
                        xlabel="x", xlim=network.X_RANGE)
    loss_plot = LinePlot("MSE per Adam step", tuple(Series(steps_axis(len(r.losses)), r.losses, name, c)
                                                    for (name, r), c in zip(fits.items(), colours)),
                         xlabel="step", ylabel="MSE", ylog=True)
    wide, deep = fits["wide"], fits["deep"]
    return (
        Figure("tiny", f"f_θ with φ = {v['activation']}", values=theta, plots=(
            LinePlot(lesson.data["formulas"][0]["tiny"], (Series(tiny.xs, tiny.ys, "f_θ(x)"),), xlabel="x",
                     xlim=network.X_RANGE),)),
        Figure("compare", f"Both networks fitted to {lesson.data['formulas'][0]['target']}", values=(
            Value("deep / wide θ count", deep.parameter_count / wide.parameter_count, sig=3),
            Value("deep / wide final MSE", deep.final_loss / wide.final_loss, sig=3),
        ), table=table, plots=(fit_plot, loss_plot),
            note=f"wide: {run_end(len(wide.losses))}; deep: {run_end(len(deep.losses))}"),
    )


# --- 3 regression vs classification -----------------------------------------------------------

QUESTIONS = {"is human?": ("no", "yes"), "spam filter": ("not spam", "spam")}


def regression_vs_classification(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import neuron, tasks

    z = float(v["z"])
    reading = tasks.read_output(z, float(v["threshold"]), QUESTIONS[str(v["question"])])
    curve = neuron.activation_curve("sigmoid", min(-6.0, z - 1.0), max(6.0, z + 1.0))
    sorting = Table(("task", "regression or classification?", "output space"),
                    tuple((t["name"], t["kind"], t["output_space"]) for t in lesson.data["tasks"]),
                    answer_columns=frozenset({1, 2}))
    plot = LinePlot(f"σ(z); threshold {plain(reading.threshold)}", (
        Series(curve.xs, curve.ys, "σ(z)"), Series((z,), (reading.probability,), "(z, σ(z))", RED, points=True),
    ), xlabel="z", vlines=(z,), hlines=(reading.threshold,), ylim=(0.0, 1.0))
    return (
        Figure("sort", "Sort the lecture's tasks", table=sorting),
        Figure("reading", f"One output z, read two ways ({v['question']})", values=(
            Value("as a number: ŷ = z", reading.as_number), Value("as a label: σ(z)", reading.probability),
            Value("threshold", reading.threshold, sig=3), Value("label", reading.label),
        ), plots=(plot,)),
    )


# --- 4 loss functions -------------------------------------------------------------------------

LOSS_NAMES = {"difference": "ŷ − y", "l1": "L1 |ŷ − y|", "l2": "L2 (ŷ − y)²", "huber": "Huber, δ = 1"}
LOSS_COLOURS = {"difference": GREY, "l1": BLUE, "l2": MAGENTA, "huber": GREEN}


def loss_functions(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import losses

    y, y_hat = float(v["y"]), float(v["y_hat"])
    at = losses.all_losses(y_hat, y)
    curves = losses.loss_curves(y, min(y - 4.0, y_hat - 1.0), max(y + 4.0, y_hat + 1.0))
    table = Table(("loss", "L(ŷ, y)", "dL/dŷ"), tuple((LOSS_NAMES[x.name], x.value, x.grad) for x in at.losses))
    series = [Series(curves.y_hats, c.values, LOSS_NAMES[c.name], LOSS_COLOURS[c.name]) for c in curves.curves]
    series += [Series((y_hat,), (x.value,), "", LOSS_COLOURS[x.name], points=True) for x in at.losses]
    names = Table(("name", "used in, and which way"), tuple((n["name"], n["field"]) for n in lesson.data["names"]),
                  answer_columns=frozenset({1}))
    return (
        Figure("explore", f"Every loss at ŷ = {plain(y_hat)}, y = {plain(y)}", table=table, plots=(
            LinePlot(f"L(ŷ, y) for y = {plain(y)}", tuple(series), xlabel="ŷ", vlines=(y_hat,), hlines=(0.0,)),)),
        Figure("names", "The loss's other names", table=names),
    )


# --- 5 audio codec objective ------------------------------------------------------------------

WAVE_SAMPLES = 80
GAIN_STEPS = 100


def audio_codec_objective(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import audio, codec
    from tui_tutor.words.codec import search_verdict
    from tui_tutor.words.training import run_end

    k, threshold, g = int(v["bits"]), float(v["threshold"]), float(v["gain"])
    tone = audio.waveform().samples
    table, search = codec.codec_table(g), codec.search_bits(threshold, g)
    grads, spectra, decoded = codec.bit_gradients(k, g), codec.spectra(k, g), codec.quantise(tone, k, g)
    training = codec.train_gain(bits=k, gain0=g, steps=GAIN_STEPS)
    row = table[k - 1]
    n = steps_axis(WAVE_SAMPLES)
    ks = tuple(float(r.bits) for r in table)
    rows = Table(("k", "bit/s", "waveform MSE", "LSD dB", f"≤ {plain(threshold)} dB"),
                 tuple((r.bits, r.bit_rate, r.waveform_mse, r.lsd_db, "✓" if r.lsd_db <= threshold else "")
                       for r in table), highlight=k - 1)
    return (
        Figure("wave", f"The tone at k = {k} bits", values=(
            Value("bit rate, bit/s", row.bit_rate), Value("level step Δ", decoded.step),
            Value("samples clipped", decoded.clipped)), plots=(LinePlot("first 10 ms: x and x̂", (
                Series(n, tone[:WAVE_SAMPLES], "x"), Series(n, decoded.samples[:WAVE_SAMPLES], f"x̂ ({k} bits)", MAGENTA),
            ), xlabel="sample n"),)),
        Figure("spectrum", "Two measures of quality for every k", values=(
            Value(f"waveform MSE at k = {k}", row.waveform_mse), Value(f"LSD at k = {k}, dB", row.lsd_db, sig=3)),
            table=rows, plots=(LinePlot("mean spectrum (dB)", (
                Series(spectra.freqs, spectra.original_db, "x"), Series(spectra.freqs, spectra.decoded_db, "x̂", MAGENTA),
            ), xlabel="Hz", ylabel="dB"),)),
        Figure("search", "The search over k", values=(Value("codecs tried", len(search.tried_bits)),
                                               Value("chosen k", search.bits), Value("bit rate, bit/s", search.bit_rate)),
               plots=(LinePlot(f"LSD (dB) by k; target {plain(threshold)}", (Series(ks, tuple(r.lsd_db for r in table), "LSD"),),
                               xlabel="k", ylabel="dB", hlines=(threshold,),
                               vlines=(float(search.bits),) if search.bits else ()),),
               note=search_verdict(search.bits, threshold)),
        Figure("staircase", "The loss is flat in k", values=(
            Value(f"MSE at k = {k}", grads.loss), Value(f"MSE at k = {k + 1}", grads.loss_next),
            Value("∂MSE/∂k (autograd)", grads.grad_bits), Value("∂MSE/∂g (straight-through)", grads.grad_gain)),
            plots=(LinePlot("MSE by k: flat steps", (Series(
                tuple(x for r in table for x in (r.bits - 0.5, r.bits + 0.5)),
                tuple(y for r in table for y in (r.waveform_mse, r.waveform_mse)), "MSE"),),
                xlabel="k", ylabel="MSE", ylog=True, vlines=(float(k),)),)),
        Figure("training", f"Training g with Adam ({GAIN_STEPS} steps, k = {k})", values=(
            Value("g before", training.gains[0]), Value("g after", training.final_gain),
            Value("MSE before", training.losses[0]), Value("MSE after", training.final_loss)),
            plots=(LinePlot(f"training g: MSE (k = {k})", (Series(steps_axis(len(training.losses)), training.losses, "MSE"),),
                            xlabel="Adam step", ylabel="MSE", ylog=True),),
            note=run_end(training.steps_run, stopped=training.stopped, diverged=training.diverged,
                         problem="the gain left the positive numbers")),
    )


# --- 6 why not the difference -----------------------------------------------------------------

RUN_NAMES = {"difference": "ŷ − y", "l1": "|ŷ − y|", "l2": "(ŷ − y)²"}
RUN_COLOURS = {"difference": RED, "l1": BLUE, "l2": GREEN}


def why_not_difference(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import losses
    from tui_tutor.words.fits import outcome

    runs = losses.why_not_difference(v["y_hat0"], v["y"], v["lr"], v["steps"], v["cap"])
    end = Table(("loss", "last t", "ŷₜ", "L(ŷₜ)", "dL/dŷ"),
                tuple((RUN_NAMES[r.loss], r.steps_run, r.final, r.losses[r.steps_run], r.grads[r.steps_run]) for r in runs))

    def per_t(field: str, title: str, level: float) -> LinePlot:
        return LinePlot(title, tuple(Series(steps_axis(len(getattr(r, field))), getattr(r, field), RUN_NAMES[r.loss],
                                            RUN_COLOURS[r.loss]) for r in runs), xlabel="t", hlines=(level,))

    return (
        Figure("step", f"Three descents from ŷ₀ = {plain(v['y_hat0'])}, y = {plain(v['y'])}, η = {plain(v['lr'])}",
               table=end, plots=(
            per_t("trajectory", "ŷₜ per iteration (grey: y)", float(v["y"])),
            per_t("losses", "loss L(ŷₜ) per iteration (grey: 0)", 0.0))),
        Figure("end", "How each run ends", table=Table(("loss", "what happened"),
                                                        tuple((RUN_NAMES[r.loss], outcome(r, name="ŷ", target="y"))
                                                              for r in runs))),
    )


# --- 7 L1 vs L2 -------------------------------------------------------------------------------


def constant_fits(data: tuple[float, ...], c: float, lr: float, steps: int):
    from tui_tutor.compute import losses

    return tuple(losses.fit_constant(data, name, lr, steps, c0=c) for name in ("l1", "l2"))


def with_outlier(data: tuple[float, ...]) -> tuple[float, ...]:
    """The data with the point the lesson's `o` key adds: 10 spreads above the largest."""
    spread = max(max(data) - min(data), 1.0)
    return (*data, round(max(data) + 10 * spread, 1))


def l1_vs_l2(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import losses
    from tui_tutor.words.fits import outcome

    data, c, lr, steps = tuple(v["data"]), float(v["c"]), float(v["lr"]), int(v["steps"])
    at = losses.constant_loss(data, c)
    lo, hi = min(*data, c), max(*data, c)
    pad = 0.1 * (hi - lo) or 1.0
    cv = losses.constant_curves(data, lo - pad, hi + pad, 161)
    l1, l2 = constant_fits(data, c, lr, steps)
    outlier = with_outlier(data)
    o1, o2 = constant_fits(outlier, c, lr, steps)
    dots = Series(data, (0.0,) * len(data), "data", GREY, points=True)
    fit_table = Table(("fit", f"c after T = {steps}", "minimal at"),
                      (("L1 (MAE)", l1.run.final, l1.median), ("L2 (MSE)", l2.run.final, l2.mean)))
    t = steps_axis(len(l1.run.trajectory))
    return (
        Figure("losses", f"MAE and MSE of the data at c = {plain(c)}", values=(
            Value("MAE(c)", at.mae), Value("dMAE/dc", at.mae_grad), Value("MSE(c)", at.mse), Value("dMSE/dc", at.mse_grad)),
            plots=(LinePlot("MAE(c) and MSE(c)", (Series(cv.cs, cv.mae, "MAE"), Series(cv.cs, cv.mse, "MSE", MAGENTA), dots),
                            xlabel="c", vlines=(c,)),)),
        Figure("gradients", "Their slopes", plots=(LinePlot("dMAE/dc and dMSE/dc", (
            Series(cv.cs, cv.mae_grad, "dMAE/dc"), Series(cv.cs, cv.mse_grad, "dMSE/dc", MAGENTA)),
            xlabel="c", hlines=(0.0,), vlines=(c,)),)),
        Figure("fit", f"c fitted by gradient descent from c₀ = {plain(c)}, η = {plain(lr)}", table=fit_table, plots=(
            LinePlot("c per iteration (grey: median and mean)", (Series(t, l1.run.trajectory, "L1"),
                                                                 Series(t, l2.run.trajectory, "L2", MAGENTA)),
                     xlabel="t", ylabel="c", hlines=(l1.median, l2.mean)),),
            note=f"L1: {outcome(l1.run, name='c', target='the median')}. "
                 f"L2: {outcome(l2.run, name='c', target='the mean')}"),
        Figure(3, f"One outlier added: {plain(outlier[-1])}", table=Table(
            ("data", "median", "mean", "c under L1", "c under L2"),
            (("as given", l1.median, l2.mean, l1.run.final, l2.run.final),
             ("with the outlier", o1.median, o2.mean, o1.run.final, o2.run.final)))),
    )


# --- 8 binary cross-entropy -------------------------------------------------------------------


def binary_cross_entropy(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import classification as C
    from tui_tutor.compute import spam
    from tui_tutor.words.classification import BCE_FORMULA, SLIDE_BCE_FORMULA

    emails = tuple((row["text"], row["spam"]) for row in lesson.data["emails"])
    y_hat, y = float(v["y_hat"]), int(v["y"])
    r, curves = C.bce(y_hat, float(y)), C.bce_curves()
    branches = (Series(curves.y_hats, curves.if_one, "y = 1: −log ŷ"),
                Series(curves.y_hats, curves.if_zero, "y = 0: −log(1 − ŷ)", ORANGE))
    model = spam.train(emails, seed=seed, lr=float(v["lr"]), epochs=int(v["epochs"]))
    email = emails[0][0]
    p = spam.predict(model, email)
    return (
        Figure("bce", f"BCE at ŷ = {plain(y_hat)}, y = {y}", values=(
            Value("if y = 1: −log ŷ", C.bce(y_hat, 1.0).loss), Value("if y = 0: −log(1 − ŷ)", C.bce(y_hat, 0.0).loss),
            Value("L(ŷ, y)", r.loss)), plots=(LinePlot("BCE's two branches", (
                *branches, Series((y_hat,), (r.loss,), "(ŷ, L)", RED, points=True)), xlabel="ŷ", ylim=(0.0, 5.0)),)),
        Figure("slip", "The slide's sign slip", values=(Value("correct: " + BCE_FORMULA, r.loss),
                                                  Value("slide's: " + SLIDE_BCE_FORMULA, r.slide_loss)),
               plots=(LinePlot("red: the slide's y = 0 branch", (
                   *branches, Series(curves.y_hats, curves.slide_if_zero, "slide: +log(1 − ŷ)", RED)),
                   xlabel="ŷ", ylim=(-5.0, 5.0), hlines=(0.0,)),)),
        Figure("spam", f"The spam filter, trained {model.epochs_run} epochs with η = {plain(float(v['lr']))}", values=(
            Value("final mean BCE", model.final_loss), Value("built-in e-mails right", f"{model.accuracy:.0%}")),
            plots=(LinePlot("mean BCE per epoch", (Series(steps_axis(len(model.losses)), model.losses, "BCE"),),
                            xlabel="epoch", ylabel="BCE"),), note=training_said(model)),
        Figure(4, f"“{email}”", values=(Value("z = b + Σ contributions", p.logit), Value("P(spam) = σ(z)", p.probability),
                                        Value("verdict", "spam" if p.is_spam else "not spam")),
               plots=(BarPlot("what each word adds to z (→ spam, ← not spam)",
                              (*(c.word + (f" ×{c.count}" if c.count > 1 else "") for c in p.contributions), "bias b"),
                              (*(c.contribution for c in p.contributions), p.bias), xlabel="contribution to z"),)),
    )


# --- 9 softmax --------------------------------------------------------------------------------


def softmax(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import classification, neuron
    from tui_tutor.numbers import subscript
    from tui_tutor.words.classification import naive_status, softmax_status

    logits = floats(v["logits"])
    s, two = classification.softmax(logits), classification.two_class(logits[0], logits[1])
    labels = tuple(f"ỹ{subscript(i)} = {plain(z)}" for i, z in enumerate(logits, 1))
    d = logits[0] - logits[1]
    lo, hi = min(-8.0, d - 1.0), max(8.0, d + 1.0)
    curve = neuron.activation_curve("sigmoid", lo, hi)
    dots = [classification.two_class(float(x), 0.0) for x in range(round(lo), round(hi) + 1, max(2, round((hi - lo) / 8)))]
    top = max(range(len(logits)), key=lambda i: s.probabilities[i])
    return (
        Figure("bars", "ŷ = softmax(ỹ)", plots=(BarPlot("ŷᵢ = e^ỹᵢ / Σⱼ e^ỹⱼ", labels, s.probabilities, highlight=top,
                                                   xlim=(0.0, 1.0)),),
               values=tuple(Value(f"ŷ{subscript(i)}", p) for i, p in enumerate(s.probabilities, 1))),
        Figure("magnitude", "Shifted by the largest logit", values=tuple(Value(f"ỹ{subscript(i)} − max ỹ", x, sig=3)
                                                              for i, x in enumerate(s.shifted, 1))),
        Figure("sigmoid", "Two classes: softmax is σ of the difference", values=(
            Value("softmax(ỹ₁, ỹ₂)₁", two.softmax_first), Value("σ(ỹ₁ − ỹ₂)", two.sigmoid_of_difference)),
            plots=(LinePlot("softmax(ỹ₁, ỹ₂)₁ lies on σ(ỹ₁ − ỹ₂)", (
                Series(curve.xs, curve.ys, "σ(d)"),
                Series(tuple(x.z1 for x in dots), tuple(x.softmax_first for x in dots), "softmax(d, 0)₁", MAGENTA, points=True),
                Series((d,), (two.softmax_first,), "your ỹ₁ − ỹ₂", RED, points=True)),
                xlabel="d = ỹ₁ − ỹ₂", ylim=(0.0, 1.0)),)),
        Figure("stable", "Naive against stable", table=Table(
            ("i", "ỹᵢ", "ỹᵢ − max ỹ", "naive e^ỹᵢ/Σⱼe^ỹⱼ", "stable ŷᵢ"),
            tuple((i, z, x, n, p) for i, (z, x, n, p) in enumerate(zip(logits, s.shifted, s.naive, s.probabilities), 1))),
            note=f"stable: {softmax_status(s.status, logits)}; naive: {naive_status(s.naive_status, logits, s.overflowed)}"),
    )


# --- 10 cross-entropy -------------------------------------------------------------------------

DIGIT_TRAINING = {"lr": 0.5, "epochs": 200, "hidden": 16, "per_digit": 30}
"""As the cross-entropy panel trains its recogniser."""


def glyph_map(pixels, title: str) -> HeatMap:
    """A 7 × 5 glyph (rows top first) as a heat map (rows bottom first)."""
    return HeatMap(title, tuple(floats(row) for row in reversed(pixels)), (0.0, 5.0), (0.0, 7.0), value_range=(0.0, 1.0),
                   equal_aspect=True)


def cross_entropy(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import digits

    model = digits.train(seed=seed, loss="ce", **DIGIT_TRAINING)
    p = digits.predict(model, int(v["digit"]), float(v["noise"]), seed + 1000)
    true = p.probabilities[p.digit]
    epochs = steps_axis(len(model.losses))
    return (
        Figure(1, f"The one surviving term, for a {p.digit}", values=(
            Value(f"ŷ of the true class {p.digit}", true), Value("CE = −log ŷ_true", p.surviving_term),
            Value("the recogniser says", p.predicted))),
        Figure(2, f"The recogniser ({DIGIT_TRAINING['epochs']} epochs, seed {seed})", values=(
            Value("accuracy on its training glyphs", f"{model.final_accuracy:.1%}"),
            Value("accuracy on fresh glyphs", f"{model.test_accuracy:.1%}"), Value("mean CE", model.final_loss)),
            plots=(glyph_map(p.pixels, f"the {p.digit} it is shown"),
                   BarPlot("softmax over the digits (one-hot y: the true one)",
                           tuple(f"{d}  y={plain(y)}" for d, y in enumerate(p.one_hot)), p.probabilities,
                           highlight=p.digit, xlim=(0.0, 1.0)),
                   LinePlot("training", (Series(epochs, model.losses, "mean CE"),
                                         Series(epochs, model.accuracies, "accuracy", GREEN)), xlabel="epoch")),
            note=training_said(model)),
        Figure(4, "Likelihood of the label", values=(Value("ŷ_true = e^−CE", true),)),
    )


# --- 11 MSE for classification ----------------------------------------------------------------


def mse_for_classification(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import classification, digits
    from tui_tutor.words.classification import gradient_verdict

    both = digits.train_ce_vs_mse(seed=seed, lr=float(v["lr"]), epochs=DIGIT_TRAINING["epochs"],
                                  hidden=DIGIT_TRAINING["hidden"], per_digit=DIGIT_TRAINING["per_digit"])
    g = classification.logit_gradients(floats(v["logits"]), int(v["true_class"]) - 1)
    runs = (("CE", both.ce, BLUE), ("MSE", both.mse, MAGENTA))
    classes = tuple(f"ỹ{i}" for i in range(1, len(g.logits) + 1))
    top = max(max(abs(x) for x in g.ce_grad), max(abs(x) for x in g.mse_grad), 1e-12)
    return (
        Figure("training", f"CE against MSE on the softmax, η = {plain(float(v['lr']))}", table=Table(
            ("loss", "final loss", "training accuracy", "fresh glyphs"),
            tuple((name, m.final_loss, f"{m.final_accuracy:.1%}", f"{m.test_accuracy:.1%}") for name, m, _ in runs)),
            plots=(*(LinePlot(f"{name} loss per epoch", (Series(steps_axis(len(m.losses)), m.losses, name, c),), xlabel="epoch")
                     for name, m, c in runs),
                   LinePlot("training accuracy", tuple(Series(steps_axis(len(m.accuracies)), m.accuracies, name, c)
                                                       for name, m, c in runs), xlabel="epoch", ylim=(0.0, 1.0)))),
        Figure("gradients", f"∂L/∂ỹ at ỹ = {plain(g.logits)}, true class {g.true_class + 1}", values=(
            Value("CE", g.ce_loss), Value("MSE", g.mse_loss), Value("|∇CE|", g.ce_grad_norm), Value("|∇MSE|", g.mse_grad_norm)),
            plots=(BarPlot("∂CE/∂ỹ", classes, g.ce_grad, xlim=(-top, top)),
                   BarPlot("∂MSE/∂ỹ (same scale)", classes, g.mse_grad, xlim=(-top, top))),
            note=gradient_verdict(g.verdict, g.probabilities[g.true_class], g.norm_ratio)),
    )


# --- 12 output space --------------------------------------------------------------------------


def spectrogram_map(spec, title: str, value_range=None, marks=()) -> HeatMap:
    return HeatMap(title, spec.values, (spec.times[0], spec.times[-1]), (spec.freqs[0], spec.freqs[-1]),
                   xlabel="time (s)", ylabel="Hz" if spec.kind in ("linear", "dB") else "Hz, mel scale",
                   value_range=value_range, marks=marks)


def output_space(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import audio
    from tui_tutor.words.audio import losses_status

    flaw, view = str(v["flaw"]), str(v["view"])
    y = audio.waveform()
    flawed = {name: audio.waveform(name, seed=seed) for name in audio.FLAWS}
    found = {name: audio.output_space_losses(y.samples, s.samples) for name, s in flawed.items()}
    table = Table(("MSE(ŷ, y)", "waveform", "|STFT|", "mel", "mel dB"),
                  tuple((name, r.waveform, r.linear, r.mel, r.db) for name, r in found.items()),
                  highlight=list(found).index(flaw))
    clean, bad = audio.spectrogram(y.samples, view), audio.spectrogram(flawed[flaw].samples, view)
    scale = (min(min(r) for r in (*clean.values, *bad.values)), max(max(r) for r in (*clean.values, *bad.values)))
    lq = audio.loud_quiet_errors(float(v["error"]), quiet_gain=float(v["quiet"]))
    tone = audio.waveform(quiet_gain=float(v["quiet"])).samples
    spots = ((lq.loud_time, lq.freq, "loud"), (lq.quiet_time, lq.freq, "quiet"))
    setups = lesson.data["setups"]
    return (
        Figure("losses", "One MSE in four output spaces", table=table, note=next(
            (losses_status(r.status) for r in found.values() if r.status != "ok"), "")),
        Figure(2, f"y and ŷ ({flaw}) as {view} spectrograms, one colour scale", plots=(
            spectrogram_map(clean, f"y (original) · {view}", scale), spectrogram_map(bad, f"ŷ ({flaw}) · {view}", scale))),
        Figure("loud-quiet", f"The same raw error e = {plain(lq.error)} at a loud and a quiet spot", table=Table(
            ("spot", "t (s)", "f (Hz)", "|Y|", "raw: e²", "dB: (Δ dB)²"),
            (("loud", lq.loud_time, lq.freq, lq.loud_value, lq.loud_raw_mse, lq.loud_db_mse),
             ("quiet", lq.quiet_time, lq.freq, lq.quiet_value, lq.quiet_raw_mse, lq.quiet_db_mse))),
            plots=(spectrogram_map(audio.spectrogram(tone, "linear"), "raw |Y|", marks=spots),
                   spectrogram_map(audio.spectrogram(tone, "dB"), "|Y| in dB", marks=spots))),
        Figure("setup-rows", "Setup A against Setup B", table=Table(
            ("F", "setup", "model", "loss", "what it means"),
            tuple((r["transform"], r["setup"], r["model"], r["loss"], r["note"]) for r in setups))),
    )


# --- 13 optimization --------------------------------------------------------------------------

METHOD_COLOURS = (RED, BLUE, GREEN)


def optimization(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import search
    from tui_tutor.words import search as words

    threshold, budget = float(v["threshold"]), int(v["budget"])
    children = search.POPULATION - search.ELITES
    race = search.compare(threshold, seed, budget)
    minimum, (a, b) = search.minimum()
    per_method = tuple(
        Figure(run.method.replace(" ", "-"), run.method, values=(
            Value(f"evaluations to L ≤ {plain(threshold)}", count if count is not None else f"not in {budget}"),
            Value("best L", run.best[-1] if run.best else "–"),
            *(Value(name, x) for name, x in zip(("best a", "best b"), run.theta or ()))),
            note=". ".join(filter(None, (words.counting(run.method, search.POPULATION, children),
                                         said(run.status) and words.ending(run)))))
        for run, count in zip(race.runs, race.counts, strict=True))
    curves = tuple(Series(tuple(float(k) for k in range(1, len(run.best) + 1)), run.best, run.method, c)
                   for run, c in zip(race.runs, METHOD_COLOURS))
    return (*per_method, Figure(5, f"The race to L ≤ {plain(threshold)} (seed {seed})", values=(
        Value("θ* = (a*, b*)", f"({a:.4f}, {b:.4f})".replace("-", "−")), Value("L(θ*)", minimum)),
        plots=(LinePlot("best L so far", curves, xlabel="evaluations", ylabel="L", hlines=(threshold,),
                        xlim=(1.0, float(max(budget, 2))), xlog=True, ylog=True),),
        note=words.first(search.METHODS, race.counts, threshold)))


# --- 14, 15 gradient descent ------------------------------------------------------------------

def descent_runs(lesson: Lesson, v: Values, draw: Callable[[object, object], tuple]) -> tuple[Figure, ...]:
    """A figure of the run at the first section of the "run" view, and of each scenario a
    section loads (`{scenario="NAME"}`) at that section, as the lesson steps them on screen."""
    from tui_tutor.compute import descent, functions
    from tui_tutor.words import descent as words

    rules = {"tol": descent.TOL, "bound": descent.BOUND, "streak": descent.STREAK}
    formulas = {row["name"]: row["formula"] for row in lesson.data.get("functions", ())}
    figures = []
    for step, section in enumerate(lesson.sections):
        if section.scenario:
            values = {**v, **dict(lesson.scenario(section.scenario).values)}
        elif section.view == "run" and step == next(i for i, s in enumerate(lesson.sections) if s.view == "run"):
            values = v
        else:
            continue
        w0 = values["w0"]
        run = descent.run(str(values["function"]), w0 if isinstance(w0, int | float) else tuple(w0), float(values["lr"]))
        objective = functions.get(run.function)
        table, plots = draw(run, objective)
        start = plain(run.w0 if len(run.w0) > 1 else run.w0[0])
        figures.append(Figure(step, f"{formulas.get(run.function, run.function)} from w₀ = {start} with η = "
                              f"{plain(run.lr)}", table=table, plots=plots, note=words.outcome(run, **rules)))
    return tuple(figures)


def fixed(value: float) -> str:
    """Three decimals, a real minus, and no −0.000."""
    text = f"{value:.3f}"
    return text.lstrip("-") if float(text) == 0 else text.replace("-", "−")


def iteration_rows(run, cells: Callable) -> tuple[tuple, ...]:
    return tuple(first_and_last([cells(it) for it in run.iterations]))


def f_per_t(run) -> LinePlot:
    fs = [(float(it.t), it.f) for it in run.iterations if it.f is not None]
    return LinePlot("f(wₜ) against t", (Series(tuple(t for t, _ in fs), tuple(f for _, f in fs), "f(wₜ)"),), xlabel="t")


def written(lesson: Lesson, function: str) -> str:
    """The lesson's formula for `function` (its name where the lesson writes none)."""
    return next((row["formula"] for row in lesson.data.get("functions", ()) if row.get("name") == function), function)


def gradient_descent(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import functions

    def draw(run, objective):
        curve = functions.curve(objective.name)
        shown = [it for it in run.iterations if it.f is not None and
                 objective.ranges[0][0] <= it.w[0] <= objective.ranges[0][1]]
        table = Table(("t", "wₜ", "f(wₜ)", "∇f(wₜ)", "η∇f(wₜ)", "wₜ₊₁"), iteration_rows(run, lambda it: (
            it.t, it.w[0], it.f if it.f is not None else "overflow", it.grad[0] if it.grad else "overflow",
            it.update[0] if it.update else "overflow", it.w_next[0] if it.w_next else "overflow")))
        top = max(curve.ys)
        return table, (LinePlot(written(lesson, objective.name), (
            Series(curve.xs, curve.ys, "f(w)"),
            Series(tuple(it.w[0] for it in shown), tuple(it.f for it in shown), "wₜ", RED, points=True)),
            xlabel="w", xlim=objective.ranges[0], ylim=(min(curve.ys) - 0.06 * top, top * 1.06)), f_per_t(run))

    return descent_runs(lesson, v, draw)


def gradient_descent_3d(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import functions

    def draw(run, objective):
        grid = functions.grid(objective.name, 160, 100)
        (x0, x1), (y0, y1) = objective.ranges
        path = tuple((w[0], w[1]) for w in run.path if x0 <= w[0] <= x1 and y0 <= w[1] <= y1)
        table = Table(("t", "wₜ", "f(wₜ)", "|∇f(wₜ)|"), iteration_rows(run, lambda it: (
            it.t, "(" + ", ".join(fixed(x) for x in it.w) + ")",
            it.f if it.f is not None else "overflow", it.grad_norm if it.grad_norm is not None else "overflow")))
        heat = HeatMap(written(lesson, objective.name), grid.values, objective.ranges[0], objective.ranges[1],
                       xlabel="u", ylabel="v", log_scale=True, path=path, equal_aspect=True)
        return table, (heat, f_per_t(run))

    return descent_runs(lesson, v, draw)


# --- 16 backpropagation -----------------------------------------------------------------------

TRAP_STEPS = 5


def backward_tables(result) -> tuple[Table, Table]:
    """The chain rule per node, and the hand gradients beside `loss.backward()`'s."""
    from tui_tutor.words import backprop as words

    chain = Table(("node", "local derivative", "∂L/∂node by the chain rule"),
                  tuple((g.name, words.local(g, result.activation), words.chain(g, result.activation))
                        for g in result.backward))
    check = Table(("∂L/∂", "by hand", "loss.backward()", "from", "agree"),
                  tuple((g.name, g.value, g.autograd, g.autograd_name, "✓" if g.agrees else "✗") for g in result.backward))
    return chain, check


def backpropagation(lesson: Lesson, v: Values, seed: int) -> tuple[Figure, ...]:
    from tui_tutor.compute import backprop
    from tui_tutor.words import backprop as words

    one = backprop.neuron(v["x"], v["w"], v["b"], v["y"], v["activation"])
    W1 = (v["W1_1"], v["W1_2"])  # the lecture's name
    two = backprop.two_layer(v["x"], W1, v["b1"], v["w2"], v["b2"], v["y"], v["activation"])
    trap = backprop.step_trap(v["x"], v["w"], v["b"], v["y"], lr=v["eta"], steps=TRAP_STEPS)
    acc = backprop.accumulate(v["x"], v["w"], v["b"], v["y"], v["activation"])
    reuse = backprop.reuse(v["w"][0], v["x"][0])
    written = {"neuron": words.neuron_formulas(v["x"], v["w"], v["b"], v["y"], one),
               "two": words.two_layer_formulas(v["x"], W1, v["b1"], v["w2"], v["b2"], v["y"], two)}
    figures = []
    for mode, name, result in (("neuron", "one neuron", one), ("two", "two layers", two)):
        chain, check = backward_tables(result)
        figures += [
            Figure(f"{mode}-forward", f"Forward pass, {name}", table=Table(("node", "computed", "value"), tuple(
                (n.name, written[mode][n.name], n.value) for n in result.forward))),
            Figure(f"{mode}-backward", f"Backward pass, {name}", table=chain),
            Figure(f"{mode}-compare", f"By hand and by loss.backward(), {name}", table=check,
                   note=words.not_finite(result)),
        ]
    figures += [
        Figure("accumulate-calls", "w.grad after each call", table=Table(("call", "w.grad"), tuple(
            (state.call, words.grad_state(state)) for state in acc.states))),
        Figure("reuse-uses", "a = w₁·x₁ used twice, L = a·a + a", table=Table(("worked out",), tuple(
            (line,) for line in words.reuse_lines(reuse))), note=f"a.grad = {reuse.a_autograd!r}, "
                                                               f"w.grad = {reuse.w_autograd!r} (loss.backward())"),
    ]
    title = f"The step function: {TRAP_STEPS} steps of gradient descent, η = {plain(v['eta'])}"
    figures.append(Figure("trap-descent", title, table=Table(
        ("t", "w", "L"), tuple((t, plain(w), loss)
                               for t, (w, loss) in enumerate(zip(trap.ws, trap.losses)))), note=words.trap_summary(trap)))
    return tuple(figures)


FIGURES: dict[str, Callable[[Lesson, Values, int], tuple[Figure, ...]]] = {
    "neuron": neuron,
    "parameterized-functions": parameterized_functions,
    "regression-vs-classification": regression_vs_classification,
    "loss-functions": loss_functions,
    "audio-codec-objective": audio_codec_objective,
    "why-not-difference": why_not_difference,
    "l1-vs-l2": l1_vs_l2,
    "binary-cross-entropy": binary_cross_entropy,
    "softmax": softmax,
    "cross-entropy": cross_entropy,
    "mse-for-classification": mse_for_classification,
    "output-space": output_space,
    "optimization": optimization,
    "gradient-descent": gradient_descent,
    "gradient-descent-3d": gradient_descent_3d,
    "backpropagation": backpropagation,
}
"""Panel name → the function computing that lesson's figures."""


def lesson_figures(lesson: Lesson, seed: int = 0) -> tuple[Figure, ...]:
    """The figures of `lesson`'s default run, each placed at a section index (none without a
    panel). A figure of a view the lesson never shows is left out."""
    make = FIGURES.get(lesson.panel)
    if make is None:
        return ()
    placed = ((figure, section(lesson, figure.step)) for figure in make(lesson, lesson.defaults(), seed))
    return tuple(replace(figure, step=step) for figure, step in placed if step is not None)


def section(lesson: Lesson, where: int | str) -> int | None:
    """The section index of `where`: a view's first section, or an index kept within the lesson."""
    if isinstance(where, str):
        return next((i for i, s in enumerate(lesson.sections) if s.view == where), None)
    return min(where, len(lesson.sections) - 1)
