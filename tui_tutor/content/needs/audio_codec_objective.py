"""What the `audio-codec-objective` panel needs from its lesson."""

from tui_tutor.content.needs import NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("bits", "int"),
        NeedParam("threshold", "float"),
        NeedParam("gain", "float"),
    ),
    views=(
        View("wave", "the first 10 ms of the tone x and the decoded x̂"),
        View("spectrum", "the mean spectrum of x and x̂ in dB"),
        View("search", "the log-spectral distance of every k against the target: the search over k"),
        View("staircase", "the loss as a staircase in k: ∂L/∂k = 0, while ∂L/∂g ≠ 0"),
        View("training", "training the gain g with Adam (t)"),
    ),
)
