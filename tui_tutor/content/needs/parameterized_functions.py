"""What the `parameterized-functions` panel needs from its lesson."""

from tui_tutor.content.needs import NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("w1", "float"),
        NeedParam("b1", "float"),
        NeedParam("w2", "float"),
        NeedParam("b2", "float"),
        NeedParam("v1", "float"),
        NeedParam("v2", "float"),
        NeedParam("c", "float"),
        NeedParam("activation", "choice", choices=('tanh', 'relu', 'sigmoid')),
    ),
    views=(
        View("tiny", "the tiny network f_θ: its θ, its formula and the curve it draws"),
        View("compare", "a wide-shallow and a narrow-deep network trained on one curve (t)"),
    ),
)
