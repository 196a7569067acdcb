"""What the `gradient-descent-3d` panel needs from its lesson."""

from tui_tutor.content.needs import NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("function", "choice", choices=('round-bowl', 'elongated-bowl', 'saddle', 'two-minima-2d')),
        NeedParam("w0", "float_list"),
        NeedParam("lr", "float"),
    ),
    views=(
        View("intro", "the run as it stands; the step keys move the lecture on"),
        View("run", "the run, one iteration per step key (← undoes one, Home and End jump)"),
    ),
    exercises=("gradient-descent-3d-next-w",),
)
