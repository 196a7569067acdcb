"""What the `binary-cross-entropy` panel needs from its lesson."""

from tui_tutor.content.needs import NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("y_hat", "float"),
        NeedParam("y", "int"),
        NeedParam("lr", "float"),
        NeedParam("epochs", "int"),
    ),
    views=(
        View("bce", "BCE of one prediction ŷ against y, both branches plotted"),
        View("slip", "the same, beside the slide's y = 0 branch with its sign slip"),
        View("spam", "a spam filter trained with BCE, and the e-mail typed into it"),
    ),
    exercises=("bce-loss",),
)
