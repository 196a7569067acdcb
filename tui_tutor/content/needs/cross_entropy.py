"""What the `cross-entropy` panel needs from its lesson."""

from tui_tutor.content.needs import NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("digit", "int"),
        NeedParam("noise", "float"),
    ),
    views=(View("recogniser", "a digit, the recogniser's softmax, the one-hot target and the surviving term"),),
    exercises=("cross-entropy-loss",),
)
