"""What the `output-space` panel needs from its lesson."""

from tui_tutor.content.needs import NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("flaw", "choice", choices=('phase shift', 'missing harmonic', 'added noise')),
        NeedParam("view", "choice", choices=('linear', 'mel', 'mel dB')),
        NeedParam("error", "float"),
        NeedParam("quiet", "float"),
    ),
    views=(
        View("losses", "one flaw's MSE in four output spaces; y and ŷ as heat maps"),
        View("loud-quiet", "the same raw error at a loud and a quiet spot, in raw values and in dB"),
        View("setup-rows", "Setup A against Setup B, → walking through the table's rows first"),
        View("setup", "Setup A against Setup B, the whole table"),
    ),
)
