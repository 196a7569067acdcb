"""What the `mse-for-classification` panel needs from its lesson."""

from tui_tutor.content.needs import NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("lr", "float"),
        NeedParam("logits", "float_list"),
        NeedParam("true_class", "int"),
    ),
    views=(
        View("training", "the same classifier trained with CE and with MSE: loss and accuracy curves"),
        View("gradients", "the gradient of each loss for one confidently wrong prediction"),
    ),
)
