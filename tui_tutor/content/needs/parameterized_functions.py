"""What the `parameterized-functions` panel needs from its lesson."""

from tui_tutor.content.needs import NeedData, NeedExport, NeedParam, Needs, View

THETA = ("w1", "b1", "w2", "b2", "v1", "v2", "c")

NEEDS = Needs(
    params=(
        *(NeedParam(name, "float", min=-100, max=100) for name in THETA),
        NeedParam("activation", "choice", choices=('tanh', 'relu', 'sigmoid')),
    ),
    views=(
        View("tiny", "the tiny network f_θ: its θ, its formula and the curve it draws"),
        View("compare", "a wide-shallow and a narrow-deep network trained on one curve (t)"),
    ),
    data=(NeedData("formulas", (("tiny", "text"), ("target", "text")),
                   does="the tiny network's formula and the curve both networks learn, as the screen writes them"),),
    exports=(NeedExport("network", (*THETA, "activation", "xs")),),
)
