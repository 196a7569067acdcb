"""What the `optimization` panel needs from its lesson."""

from tui_tutor.content.needs import NeedExport, NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("threshold", "float"),
        NeedParam("budget", "int"),
    ),
    views=(
        View("race", "the three methods racing on one loss: best loss against evaluations"),
        View("gradient-descent", "the race, with gradient descent's row and counting marked"),
        View("random-search", "the race, with random search's row and counting marked"),
        View("genetic-algorithm", "the race, with the genetic algorithm's row and counting marked"),
    ),
    exports=(NeedExport("search", ("x", "y", "budget", "threshold", "seed", "lo", "hi", "span", "theta0", "lr",
                                   "grad_tol", "elites", "population", "children", "mutation")),),
)
