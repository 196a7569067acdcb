"""What the `softmax` panel needs from its lesson."""

from tui_tutor.content.needs import NeedExport, NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("logits", "float_list", max_length=6, does="one bar per logit"),
    ),
    views=(
        View("bars", "the logits ỹ and their softmax ŷ as bars"),
        View("magnitude", "the same, stressing that ŷ keeps the logits' order and relative size"),
        View("sigmoid", "the same, stressing that two-class softmax is σ of the difference"),
        View("stable", "naive against stable softmax for huge logits (a table at 80×24)"),
    ),
    exercises=("softmax-probability",),
    exports=(NeedExport("softmax", ("logits",)),),
)
