"""What the `regression-vs-classification` panel needs from its lesson."""

from tui_tutor.content.needs import NeedData, NeedExport, NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("z", "float"),
        NeedParam("threshold", "float", min=0, max=1),
        NeedParam("question", "choice", choices=('is human?', 'spam filter')),
    ),
    views=(
        View("sort", "the exercise sorting the slides' tasks into regression and classification"),
        View("reading", "one output z read as a number and, through σ and a threshold, as a label"),
    ),
    data=(
        NeedData("kinds", (("name", "text"), ("says", "text")), min_rows=2,
                 does="the two bins of the sorting exercise (keys 1 and 2), in this order"),
        NeedData("tasks", (("name", "text"), ("kind", "text"), ("output_space", "text"), ("reason", "text")),
                 does="the tasks to sort; kind is one of the kinds' names"),
    ),
    exports=(NeedExport("reading", ("z", "threshold", "labels")),),
)
