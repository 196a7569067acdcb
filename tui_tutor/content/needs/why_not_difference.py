"""What the `why-not-difference` panel needs from its lesson."""

from tui_tutor.content.needs import NeedExport, NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("y_hat0", "float"),
        NeedParam("y", "float"),
        NeedParam("lr", "float", min=0),
        NeedParam("steps", "int", min=1),
        NeedParam("cap", "float", min=0),
    ),
    views=(
        View("start", "the three runs at t = 0"),
        View("step", "the three runs, iteration by iteration: r plays them, → moves on (and ←/→ step when paused)"),
        View("end", "the three runs at their last iteration"),
    ),
    exports=(NeedExport("descents", ("y_hat0", "y", "lr", "steps", "cap")),),
)
