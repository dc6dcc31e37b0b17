"""Figure builders: pure functions, numbers in, `plotly.graph_objects.Figure` out.

One module a page; this one holds what they share, so every chart looks alike.
"""

# Okabe-Ito: distinguishable with the common colour-vision deficiencies, on light and dark.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
CORRECT = "#009E73"  # the correct class
LOSS = "#D55E00"  # loss values, like the note's red numbers
FONT_SIZE = 16  # readable from the back of a lecture hall

# Plotly's toolbar: keep zoom/pan and the PNG download, drop the logo.
CHART_CONFIG = {"displaylogo": False, "responsive": True}


def class_colour(j):
    """The colour of class j, the same on every page."""
    return PALETTE[j % len(PALETTE)]


def base_layout(**overrides):
    """Layout settings shared by every figure: font size, tight margins, legend on top."""
    layout = {
        "font": {"size": FONT_SIZE},
        "margin": {"l": 60, "r": 20, "t": 60, "b": 50},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "hovermode": "closest",
    }
    layout.update(overrides)
    return layout
