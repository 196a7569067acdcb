"""What the `gradient-descent-3d` panel needs from its lesson."""

from tui_tutor.content.needs import NeedExport, NeedParam, Needs, View
from tui_tutor.content.needs.gradient_descent import FUNCTIONS, PRESETS

NEEDS = Needs(
    params=(
        NeedParam("function", "choice", choices=('round-bowl', 'elongated-bowl', 'saddle', 'two-minima-2d')),
        NeedParam("w0", "float_list"),
        NeedParam("lr", "float"),
    ),
    views=(
        View("intro", "the run as it stands; the step keys move the lecture on"),
        View("run", "the run: → plays it, the next → moves on; . and , take one iteration, Home/End jump"),
    ),
    data=(FUNCTIONS, PRESETS),
    exercises=("gradient-descent-3d-next-w",),
    exports=(NeedExport("descent_2d", ("w0", "lr", "steps", "code", "formula")),),
)
