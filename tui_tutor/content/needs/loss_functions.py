"""What the `loss-functions` panel needs from its lesson."""

from tui_tutor.content.needs import NeedData, NeedExport, NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("y", "float", does="the fixed target"),
        NeedParam("y_hat", "float", does="the prediction the learner moves"),
    ),
    views=(
        View("explore", "y and ŷ, the table of losses and slopes, their curves"),
        View("names", "the exercise matching the loss's other names to their fields"),
    ),
    data=(
        NeedData("fields", (("name", "text"), ("short", "text")), min_rows=5,
                 does="the five bins of the name exercise (keys 1–5), in this order; short: its name in the list"),
        NeedData("names", (("name", "text"), ("field", "text"), ("why", "text")),
                 does="the names to match; field is one of the fields' names"),
    ),
    exports=(NeedExport("losses", ("y_hat", "y", "delta")),),
)
