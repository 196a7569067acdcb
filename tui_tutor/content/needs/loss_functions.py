"""What the `loss-functions` panel needs from its lesson."""

from tui_tutor.content.needs import NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("y", "float", does="the fixed target"),
        NeedParam("y_hat", "float", does="the prediction the learner moves"),
    ),
    views=(
        View("explore", "y and ŷ, the table of losses and slopes, their curves"),
        View("names", "the exercise matching the loss's other names to their fields"),
    ),
)
