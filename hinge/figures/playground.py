"""The playground's one figure: the hinge graph (left) and the per-class terms (right).

One figure with two panels, rather than two charts, so a slider change repaints once.
It carries its own Plotly slider over the correct class's score, with frames from
:func:`hinge.playground.playground`, so scrubbing it runs in the browser alone.
"""

import numpy as np
import plotly.graph_objects as go

from hinge.figures import CORRECT, FONT_SIZE, LOSS, base_layout, class_colour
from hinge.playground import MANY_CLASSES
from hinge.playground_text import number
from hinge.ticks import nice_step

TICK = "#888888"  # the highest incorrect score's tick: mid grey reads on light and dark
HEIGHT = 420
COMPACT_HEIGHT = 310  # a projector's first screen holds the controls, this figure and the batch's line


def _split(classes):
    """The hinge graph's share of the width: less when many bars need room (from MANY_CLASSES on)."""
    return 0.64 if classes < MANY_CLASSES else 0.5


def _r(values):
    """Rounded to 6 decimals, so the figure's JSON is short (no 6.1000000000000005)."""
    return np.round(np.asarray(values, dtype=np.float64), 6).tolist()


def _readout(loss):
    return f"L = {number(loss)}"


def _bar_text(terms, label):
    return ["✓" if j == label else number(v) for j, v in enumerate(terms)]


def _text_position(t, lo, hi):
    """Up and to the right, clear of a curve that falls to the right; to the left near the right edge."""
    return "top right" if t < lo + 0.75 * (hi - lo) else "top left"


def playground_figure(p, names, *, font_size=FONT_SIZE, compact=False):
    """The hinge graph and the per-class terms of one example, as a Plotly figure.

    The figure of :func:`playground_spec`; see there for the parameters and the traces.
    """
    return go.Figure(playground_spec(p, names, font_size=font_size, compact=compact), _validate=False)


def playground_spec(p, names, *, font_size=FONT_SIZE, compact=False):
    """The hinge graph and the per-class terms of one example, as plain figure data.

    The page hands this to its live chart as it is: building Plotly's figure objects from
    it, then turning them back into JSON, took 9 ms of a key press's 17 ms on the server.

    Parameters
    ----------
    p : hinge.playground.Playground
    names : sequence of str
        The class names, one per score.
    font_size : int
        Chart text size. Set on every axis too: Streamlit's chart theme sets 12-14 px there.
    compact : bool
        For a projector's first screen: a lower figure (COMPACT_HEIGHT, not HEIGHT pixels, its
        own slider included), and no titles under the axes (the figure's title and its slider
        name s_y, the bars are named by class), so the slider sits closer and the plot keeps
        its height.

    Returns
    -------
    dict
        ``{"data", "layout", "frames"}`` of plain lists, dicts, strings and floats.
        Traces, in order: each incorrect class's own hinge (Weston-Watkins only), the loss
        curve, the current point with its loss readout, the per-class term bars. Frames move
        the point, its readout and the bars; ``layout.sliders[0]`` scrubs them.
    """
    names = list(names)
    traces = [*_term_hinges(p, names), _loss_curve(p, names[p.label])]
    point, bars = len(traces), len(traces) + 1
    traces += [_point(p, names[p.label], font_size), _bars(p, names, font_size)]
    # Plain dicts, not validated: validating this figure took 20 ms a keypress. Every key
    # here is a Plotly attribute; tests/test_playground.py validates the figure once.
    return {
        "data": traces,
        "layout": _layout(p, names, font_size, compact),
        "frames": _frames(p, point, bars, *p.x_range),
    }


def _term_hinges(p, names):
    """Each incorrect class's own hinge, faint, for Weston-Watkins (which adds them all up)."""
    if p.variant != "weston_watkins":
        return []
    return [
        dict(
            type="scatter",
            x=_r(p.class_curves[j][0]),
            y=_r(p.class_curves[j][1]),
            mode="lines",
            name=f"{names[j]}'s term",
            showlegend=False,
            line={"color": class_colour(j), "width": 2, "dash": "dot"},
            opacity=0.7,
            hovertemplate=f"{names[j]}'s term: %{{y:.2f}}<extra></extra>",
        )
        for j in range(len(names))
        if j != p.label
    ]


def _loss_curve(p, correct):
    return dict(
        type="scatter",
        x=_r(p.curve_x),
        y=_r(p.curve_y),
        mode="lines",
        name="loss L",
        line={"color": LOSS, "width": 4},
        showlegend=False,
        hovertemplate=f"s_{correct} = %{{x:.2f}}<br>L = %{{y:.2f}}<extra></extra>",
    )


def _point(p, correct, font_size):
    """The current example on the curve, with its loss written beside it."""
    t = float(p.scores[p.label])
    return dict(
        type="scatter",
        x=_r([t]),
        y=_r([p.loss]),
        mode="markers+text",
        name="this example",
        text=[_readout(p.loss)],
        showlegend=False,
        textposition=_text_position(t, *p.x_range),
        textfont={"size": font_size + 4, "color": LOSS},
        marker={"size": 16, "color": LOSS, "line": {"color": "white", "width": 2}},
        cliponaxis=False,
        hovertemplate=f"s_{correct} = %{{x:.2f}}<br>L = %{{y:.2f}}<extra></extra>",
    )


def _bars(p, names, font_size):
    """The per-class terms; the ones the loss does not add up (Crammer-Singer's) dimmed."""
    y = p.label
    return dict(
        type="bar",
        x=names,
        y=_r(p.terms),
        xaxis="x2",
        yaxis="y2",
        name="terms",
        showlegend=False,
        marker={
            "color": [class_colour(j) for j in range(len(names))],
            "opacity": [1.0 if c else 0.35 for c in p.counted],
        },
        text=_bar_text(p.terms, y),
        textposition="outside",
        textfont={
            "color": [CORRECT if j == y else LOSS for j in range(len(names))],
            "size": font_size if len(names) < MANY_CLASSES else font_size - 4,
        },
        constraintext="none",
        cliponaxis=False,
        hovertemplate="%{x}: %{y:.2f}<extra></extra>",
    )


def _layout(p, names, font_size, compact):
    """The two panels side by side, the margin band, the notes and the figure's own slider."""
    split, few = _split(len(names)), len(names) < MANY_CLASSES
    axis_fonts = {"tickfont": {"size": font_size}}
    lo, hi = p.x_range
    correct = names[p.label]
    m, band_end = p.highest_incorrect, p.zero_from
    top = max(float(np.max(p.curve_y)), 1e-9) * 1.2  # room above for the readout
    return base_layout(
        font={"size": font_size},
        title={
            "text": f"The hinge graph: the loss as s_{correct} moves",
            "x": 0,
            "y": 0.98,
            "font": {"size": font_size},
        },
        height=COMPACT_HEIGHT if compact else HEIGHT,
        margin={"l": 60, "r": 10, "t": 40, "b": 10},
        showlegend=False,
        xaxis={
            "domain": [0, split],
            "range": [lo, hi],
            "zeroline": False,
            **_ticks(lo, hi, m, names[p.worst]),
            **axis_fonts,
            "title": {
                "text": "" if compact else f"score of the correct class, s_{correct}",
                "standoff": 4,
                "font": {"size": font_size},
            },
        },
        yaxis={
            "range": [0, top],
            "title": {"text": "loss L", "font": {"size": font_size}},
            "zeroline": False,
            **axis_fonts,
        },
        xaxis2={
            "domain": [split + 0.07, 1],
            "anchor": "y2",
            "tickvals": names,
            **axis_fonts,
            "ticktext": [f"<b>{name} ✓</b>" if j == p.label else name for j, name in enumerate(names)],
            # few classes: Plotly's own angle, level while they fit, turned where they would run
            # together (a phone)
            **({} if few else {"tickangle": -45}),
            "title": {"text": "" if compact else "class", "standoff": 4, "font": {"size": font_size}},
        },
        yaxis2={"anchor": "x2", "matches": "y", "showticklabels": False},
        shapes=_shapes(m, band_end, hi),
        annotations=_annotations(p, names, m, band_end, hi),
        sliders=[_slider(p, correct, font_size, pad=34 if compact else 62)],
        bargap=0.35,
        template={"layout": {}},  # Streamlit's theme brings its own, light or dark; Plotly's is 7 kB
    )


def _ticks(lo, hi, m, worst):
    """Round ticks, and one at the highest incorrect score (the note's dash on the axis), named by class."""
    step = nice_step((hi - lo) / 6)  # at most 7 ticks
    values = [
        v for v in np.arange(np.ceil(lo / step), np.floor(hi / step) + 1) * step if abs(v - m) > 0.6 * step
    ]
    text = [number(v) for v in values]
    return {
        "tickmode": "array",
        "tickvals": _r([*values, m]),
        "ticktext": [*text, f'<b><span style="color:{TICK}">{worst} {number(m)}</span></b>'],
    }


def _shapes(m, band_end, hi):
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y domain",
            "x0": band_end,
            "x1": max(hi, band_end),
            "y0": 0,
            "y1": 1,
            "fillcolor": CORRECT,
            "opacity": 0.13,
            "line": {"width": 0},
            "layer": "below",
        },
        {
            "type": "line",
            "xref": "x",
            "yref": "y domain",
            "x0": m,
            "x1": m,
            "y0": 0,
            "y1": 0.09,
            "line": {"color": TICK, "width": 4},
        },
    ]
    if band_end > m:
        shapes.insert(
            0,
            {
                "type": "rect",
                "xref": "x",
                "yref": "y domain",
                "x0": m,
                "x1": band_end,
                "y0": 0,
                "y1": 1,
                "fillcolor": LOSS,
                "opacity": 0.16,
                "line": {"width": 0},
                "layer": "below",
            },
        )
    return shapes


def _annotations(p, names, m, band_end, hi):
    notes = [
        {
            "xref": "x2 domain",
            "yref": "paper",
            "x": 1.0,  # ends over the panel's right edge: on a narrow screen it runs left, not off the figure
            "xanchor": "right",
            "y": 1.0,
            "yanchor": "bottom",
            "showarrow": False,
            "text": "<b>per-class terms</b>"
            if p.variant == "weston_watkins"
            else "<b>only the highest counts</b>",
        },
    ]
    # name each faint hinge just under its left end; from MANY_CLASSES on the names would pile
    # up there, and the colours, the same as the bars', tell the hinges apart
    if p.variant == "weston_watkins" and len(names) < MANY_CLASSES:
        lo = p.x_range[0]
        notes += [
            {
                "xref": "x",
                "yref": "y",
                "x": x,
                "y": float(np.interp(x, *p.class_curves[j])),
                "xanchor": "left",
                "yanchor": "top",
                "showarrow": False,
                "text": names[j],
                "font": {"color": class_colour(j)},
            }
            for j in range(len(names))
            if j != p.label
            for x in [lo + 0.04 * (p.x_range[1] - lo)]
        ]
    if band_end > m:
        notes.append(
            {
                "xref": "x",
                "yref": "y domain",
                "x": (m + band_end) / 2,
                "y": 0.99,
                "yanchor": "top",
                "showarrow": False,
                "text": f"margin<br>Δ = {number(p.margin)}",
            }
        )
    if hi > band_end:
        notes.append(
            {
                "xref": "x",
                "yref": "y domain",
                "x": (band_end + hi) / 2,
                "y": 0.6,
                "showarrow": False,
                "text": "loss = 0",
                "font": {"color": CORRECT},
            }
        )
    return notes


def _frames(p, point, bars, lo, hi):
    """One frame per slider position: only the point, its readout and the bars change."""
    frames = []
    for i, (t, loss, terms) in enumerate(zip(p.frame_x, p.frame_loss, p.frame_terms, strict=True)):
        frames.append(
            {
                "name": str(i),
                "traces": [point, bars],
                "data": [
                    {  # the type is named, or Plotly takes every frame trace for a scatter
                        "type": "scatter",
                        "x": [round(float(t), 6)],
                        "y": [round(float(loss), 6)],
                        "text": [_readout(loss)],
                        "textposition": _text_position(t, lo, hi),
                    },
                    {"type": "bar", "y": _r(terms), "text": _bar_text(terms, p.label)},
                ],
            }
        )
    return frames


def _slider(p, correct, font_size, pad=62):
    animate = {"mode": "immediate", "frame": {"duration": 0, "redraw": False}, "transition": {"duration": 0}}
    return {
        "active": p.active_frame,
        "steps": [
            {"label": number(t), "method": "animate", "args": [[str(i)], animate]}
            for i, t in enumerate(p.frame_x)
        ],
        "x": 0,
        "len": _split(len(p.scores)),
        "y": 0,
        "yanchor": "top",
        "pad": {"t": pad, "b": 0, "l": 0, "r": 0},  # room for the axis's title above it
        "currentvalue": {
            "prefix": f"drag to try s_{correct} = ",
            "font": {"size": font_size, "color": CORRECT},
        },
        "font": {"size": 1, "color": "rgba(0,0,0,0)"},  # no label under every step: the current one is shown
        "ticklen": 0,
        "minorticklen": 0,
        "transition": {"duration": 0},
    }
