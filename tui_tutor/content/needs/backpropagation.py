"""What the `backpropagation` panel needs from its lesson."""

from tui_tutor.content.needs import NeedExport, NeedParam, Needs, View

NEURON_FIELDS = ("x", "w", "b", "y", "activation")

NEEDS = Needs(
    params=(
        NeedParam("x", "float_list"),
        NeedParam("w", "float_list"),
        NeedParam("b", "float"),
        NeedParam("W1_1", "float_list"),
        NeedParam("W1_2", "float_list"),
        NeedParam("b1", "float_list"),
        NeedParam("w2", "float_list"),
        NeedParam("b2", "float"),
        NeedParam("y", "float"),
        NeedParam("activation", "choice", choices=('identity', 'step', 'sigmoid', 'tanh', 'relu')),
        NeedParam("eta", "float"),
    ),
    views=(
        View("neuron-overview", "the graph x, w, b → z → ŷ → L of one neuron, before any pass"),
        View("neuron-forward", "one neuron's forward pass, node by node"),
        View("neuron-backward", "one neuron's backward pass: the chain rule node by node"),
        View("neuron-compare", "the hand gradients beside loss.backward()'s"),
        View("two-forward", "a two-layer network's forward pass"),
        View("two-backward", "a two-layer network's backward pass"),
        View("two-compare", "the two-layer hand gradients beside loss.backward()'s"),
        View("accumulate-calls", "loss.backward() twice, zero_grad(), backward again: .grad accumulates until zeroed"),
        View("reuse-uses", "a = w₁·x₁ used twice, L = a·a + a: the gradients of both uses add up"),
        View("trap-descent", "the step function's zero gradient: descent leaves w where it is"),
    ),
    exercises=("backprop-dw",),
    exports=(
        NeedExport("backprop_neuron", NEURON_FIELDS),
        NeedExport("backprop_accumulate", NEURON_FIELDS),
        NeedExport("backprop_two_layer", ("x", "W1", "b1", "w2", "b2", "y", "activation")),
        NeedExport("backprop_reuse", ("w", "x")),
        NeedExport("backprop_trap", ("x", "w", "b", "y", "lr", "steps")),
    ),
)
