"""What the `mse-for-classification` panel needs from its lesson."""

from tui_tutor.content.needs import NeedExport, NeedParam, Needs, View
from tui_tutor.content.needs.cross_entropy import RECOGNISER

NEEDS = Needs(
    params=(
        NeedParam("lr", "float", min=0, does="the learning rate of both runs"),
        NeedParam("logits", "float_list", max_length=6, does="one bar per logit"),
        NeedParam("true_class", "int", min=1, max=6, does="a class counted from 1"),
    ),
    views=(
        View("training", "the same classifier trained with CE and with MSE: loss and accuracy curves"),
        View("gradients", "the gradient of each loss for one confidently wrong prediction"),
    ),
    exports=(NeedExport("digit_recogniser", RECOGNISER), NeedExport("logit_gradients", ("logits", "target"))),
)
