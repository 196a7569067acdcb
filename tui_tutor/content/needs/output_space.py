"""What the `output-space` panel needs from its lesson."""

from tui_tutor.content.needs import NeedData, NeedExport, NeedParam, Needs, View

NEEDS = Needs(
    params=(
        NeedParam("flaw", "choice", choices=('phase shift', 'missing harmonic', 'added noise')),
        NeedParam("view", "choice", choices=('linear', 'mel', 'mel dB')),
        NeedParam("error", "float", min=0, does="a raw error added to a magnitude"),
        NeedParam("quiet", "float", min=1e-6, max=1, does="the quiet half's gain, > 0"),
    ),
    views=(
        View("losses", "one flaw's MSE in four output spaces; y and ŷ as heat maps"),
        View("loud-quiet", "the same raw error at a loud and a quiet spot, in raw values and in dB"),
        View("setup-rows", "Setup A against Setup B, → walking through the table's rows first (row k of n)"),
        View("setup", "Setup A against Setup B, the whole table"),
    ),
    data=(
        NeedData("setups", (("transform", "text"), ("setup", "text"), ("model", "text"), ("loss", "text"),
                            ("note", "text")), min_rows=1,
                 does="the rows of the Setup A vs Setup B table, grouped by transform in the order given"),
    ),
    exports=(
        NeedExport("output_space", ("sample_rate", "n_fft", "hop", "n_mels", "f0", "duration", "top_db", "amin",
                                    "amplitudes", "phases", "flawed_amplitudes", "flawed_phases", "flaw",
                                    "noise_std", "seed")),
        NeedExport("loud_quiet", ("sample_rate", "n_fft", "hop", "f0", "duration", "error", "gain", "amplitudes",
                                  "amin")),
    ),
)
