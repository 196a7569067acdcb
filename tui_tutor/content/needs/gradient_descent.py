"""What the `gradient-descent` panel needs from its lesson."""

from tui_tutor.content.needs import NeedData, NeedExport, NeedParam, Needs, View

FUNCTIONS = NeedData("functions", (("name", "text"), ("formula", "text"), ("gradient", "text"), ("code", "text")),
                     does="how each function is written: its formula, its gradient and the PyTorch "
                          "expression of the exported script (in w; u, v for two coordinates)")
PRESETS = NeedData("presets", (("function", "text"), ("name", "text"), ("note", "text")), min_rows=0,
                   does="what each η preset of a function does, said when a run starts from it (optional)")

NEEDS = Needs(
    params=(
        NeedParam("function", "choice", choices=('bowl', 'two-minima')),
        NeedParam("w0", "float"),
        NeedParam("lr", "float"),
    ),
    views=(
        View("intro", "the run as it stands; the step keys move the lecture on"),
        View("run", "the run: → plays it, the next → moves on; . and , take one iteration, Home/End jump"),
    ),
    data=(FUNCTIONS, PRESETS),
    exercises=("gradient-descent-next-w",),
    exports=(NeedExport("descent_1d", ("w0", "lr", "steps", "code", "formula")),),
)
