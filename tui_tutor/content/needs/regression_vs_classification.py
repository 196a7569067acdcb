"""What the `regression-vs-classification` panel needs from its lesson."""

from tui_tutor.content.needs import NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("z", "float"),
        NeedParam("threshold", "float"),
        NeedParam("question", "choice", choices=('is human?', 'spam filter')),
    ),
    views=(
        View("sort", "the exercise sorting the slides' tasks into regression and classification"),
        View("reading", "one output z read as a number and, through σ and a threshold, as a label"),
    ),
)
