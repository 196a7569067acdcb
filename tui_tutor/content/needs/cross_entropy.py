"""What the `cross-entropy` panel needs from its lesson."""

from tui_tutor.content.needs import NeedExport, NeedParam, Needs, View

RECOGNISER = ("glyphs", "seed", "lr", "hidden", "per_digit", "flip", "shift", "runs")
"""The fields of the digit recogniser's code template (shared with `mse-for-classification`)."""

NEEDS = Needs(
    params=(
        NeedParam("digit", "int", min=0, max=9, does="a digit 0…9"),
        NeedParam("noise", "float", min=0, max=1, does="a probability"),
    ),
    views=(View("recogniser", "a digit, the recogniser's softmax, the one-hot target and the surviving term"),),
    exercises=("cross-entropy-loss",),
    exports=(NeedExport("digit_recogniser", RECOGNISER), NeedExport("digit_image", ("image", "digit"))),
)
