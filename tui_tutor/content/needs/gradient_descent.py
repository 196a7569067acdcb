"""What the `gradient-descent` panel needs from its lesson."""

from tui_tutor.content.needs import NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("function", "choice", choices=('bowl', 'two-minima')),
        NeedParam("w0", "float"),
        NeedParam("lr", "float"),
    ),
    views=(
        View("intro", "the run as it stands; the step keys move the lecture on"),
        View("run", "the run, one iteration per step key (← undoes one, Home and End jump)"),
    ),
    exercises=("gradient-descent-next-w",),
)
