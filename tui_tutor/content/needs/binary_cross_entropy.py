"""What the `binary-cross-entropy` panel needs from its lesson."""

from tui_tutor.content.needs import NeedData, NeedExport, NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("y_hat", "float", min=0, max=1, does="ŷ is a probability"),
        NeedParam("y", "int", min=0, max=1, does="y is a label, 0 or 1"),
        NeedParam("lr", "float", min=0, does="the filter's learning rate"),
        NeedParam("epochs", "int", min=1, max=20000, does="the filter trains in a worker, a few seconds at most"),
    ),
    views=(
        View("bce", "BCE of one prediction ŷ against y, both branches plotted"),
        View("slip", "the same, beside the slide's y = 0 branch with its sign slip"),
        View("spam", "a spam filter trained with BCE, and the e-mail typed into it"),
    ),
    data=(
        NeedData("emails", (("text", "text"), ("spam", "bool")), min_rows=2,
                 does="the e-mails the spam filter trains on (spam = true for spam)"),
        NeedData("examples", (("text", "text"),), does="the e-mails m loads into the box, in order"),
    ),
    exercises=("bce-loss",),
    exports=(
        NeedExport("bce", ("y_hat", "y")),
        NeedExport("spam_filter", ("seed", "lr", "epochs", "text", "emails", "vocabulary")),
    ),
)
