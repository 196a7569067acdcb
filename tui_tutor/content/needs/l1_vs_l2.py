"""What the `l1-vs-l2` panel needs from its lesson."""

from tui_tutor.content.needs import NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("data", "float_list"),
        NeedParam("c", "float"),
        NeedParam("lr", "float"),
        NeedParam("steps", "int"),
    ),
    views=(
        View("losses", "MAE and MSE of the data as functions of the constant c"),
        View("gradients", "their slopes d/dc: MAE's never shrinks, MSE's does"),
        View("fit", "c fitted by gradient descent under each: the median and the mean"),
    ),
    exercises=("l1-vs-l2-constant-loss",),
)
