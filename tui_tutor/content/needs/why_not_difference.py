"""What the `why-not-difference` panel needs from its lesson."""

from tui_tutor.content.needs import NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("y_hat0", "float"),
        NeedParam("y", "float"),
        NeedParam("lr", "float"),
        NeedParam("steps", "int"),
        NeedParam("cap", "float"),
    ),
    views=(
        View("start", "the three runs at t = 0"),
        View("step", "the three runs, → and ← stepping one iteration"),
        View("end", "the three runs at their last iteration"),
    ),
)
