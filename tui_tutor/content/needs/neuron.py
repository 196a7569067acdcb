"""What the `neuron` panel needs from its lesson."""

from tui_tutor.content.needs import NeedData, NeedExport, NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("x", "float_list"),
        NeedParam("w", "float_list"),
        NeedParam("b", "float"),
        NeedParam("activation", "choice", choices=('identity', 'step', 'sigmoid', 'tanh', 'relu')),
    ),
    views=(View("explore", "the editor, every term wᵢxᵢ, z and ŷ, and φ with z and ŷ marked"),),
    data=(NeedData("activations", (("name", "text"), ("formula", "text")), min_rows=5,
                   does="φ's formula by name: the plot's legend and the exercise's worked steps"),),
    exercises=("neuron-output",),
    exports=(NeedExport("neuron", ("x", "w", "b", "activation")),),
)
