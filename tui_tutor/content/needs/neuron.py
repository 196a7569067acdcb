"""What the `neuron` panel needs from its lesson."""

from tui_tutor.content.needs import NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("x", "float_list"),
        NeedParam("w", "float_list"),
        NeedParam("b", "float"),
        NeedParam("activation", "choice", choices=('identity', 'step', 'sigmoid', 'tanh', 'relu')),
    ),
    views=(View("explore", "the editor, every term wᵢxᵢ, z and ŷ, and φ with z and ŷ marked"),),
    exercises=("neuron-output",),
)
