"""Figures for the cross-entropy vs SVM page: numbers from :mod:`hinge.compare` in, Plotly figures out.

With ``log=True`` a loss axis shows log10 of the loss (ticks read 10^k): that is how a
cross-entropy of 10^-868, which float64 stores as 0, still gets a place on the chart.

Each chart has two builders: ``*_spec`` returns the figure as a plain ``{"data", "layout"}``
dict, for the page's live charts (``ui.live_figure``), built without Plotly's figure objects,
whose validators took 30-140 ms a chart; ``*_figure`` returns the same figure as a
``go.Figure`` (validated), for ``ui.show_figure`` and for the tests.
"""

import math

import numpy as np
import plotly.graph_objects as go
import plotly.io

from hinge.figures import FONT_SIZE, LOSS, PALETTE, base_layout, class_colour
from hinge.ticks import nice_step

SVM_COLOUR = LOSS  # the note's red numbers are SVM losses
CE_COLOUR = PALETTE[0]
MARGIN_COLOUR = "#777777"
EDGE = {"color": "white", "width": 1.5}  # round a marker


def _power_label(k):
    if k == 0:
        return "1"
    return f"10<sup>{'−' if k < 0 else ''}{abs(k)}</sup>"


def log_axis(lo, hi, *, max_ticks=7):
    """Axis settings for values given as log10: whole powers of ten, labelled 10^k, with some room."""
    lo, hi = math.floor(lo), math.ceil(hi)
    if hi <= lo:
        hi = lo + 1
    step = nice_step((hi - lo) / (max_ticks - 1), multiples=(1, 2, 5), smallest=1)  # whole powers
    lo -= lo % step  # start on a labelled power
    pad = 0.04 * (hi - lo)
    ticks = list(range(lo, hi + 1, step))
    labels = [_power_label(k) for k in ticks]
    return {"tickvals": ticks, "ticktext": labels, "range": [lo - pad, hi + 3 * pad]}  # room for row labels


def _positive_log10(values):
    """log10 where the value is > 0, NaN (a gap in the line) where it is 0."""
    values = np.asarray(values, dtype=np.float64)
    out = np.full(values.shape, np.nan)
    np.log10(values, out=out, where=values > 0)
    return out


# Plotly's "plotly_white" look, the part a chart of lines and markers uses: a plain dict, as the
# live chart sends it (the template's name alone means nothing to Plotly.js; in full it is 7 kB)
_WHITE = plotly.io.templates["plotly_white"].layout.to_plotly_json()
TEMPLATE = {
    "layout": {
        name: _WHITE[name]
        for name in (
            "font", "hovermode", "hoverlabel", "paper_bgcolor", "plot_bgcolor", "xaxis", "yaxis",
            "shapedefaults", "annotationdefaults", "title",
        )
    }
}  # fmt: skip


def _scatter(**trace):
    return {"type": "scatter", **trace}


def _vline(x, colour, text, *, top=False, axis=""):
    """A dotted vertical line at `x` across subplot `axis` ("" or "2"), labelled on its right:
    (shape, annotation), as Plotly's add_vline makes them."""
    shape = {
        "type": "line", "x0": x, "x1": x, "xref": f"x{axis}", "y0": 0, "y1": 1, "yref": f"y{axis} domain",
        "line": {"dash": "dot", "color": colour, "width": 2},
    }  # fmt: skip
    label = {
        "text": text, "font": {"color": colour}, "showarrow": False, "x": x, "xanchor": "left",
        "xref": f"x{axis}", "y": 1 if top else 0, "yanchor": "top" if top else "bottom",
        "yref": f"y{axis} domain",
    }  # fmt: skip
    return shape, label


def _vline_traces(x, colour, text, *, name, y_range, top=False, axis=""):
    """A dotted vertical line at `x` across subplot `axis` ("" or "2"), whose y axis spans `y_range`,
    labelled `text` on its right, as two traces named `name` (out of the legend): a control that moves
    it (Δ, k) then changes the figure's data alone, which the live chart moves in place rather than
    drawing the whole chart again."""
    where = {"name": name, "xaxis": f"x{axis}", "yaxis": f"y{axis}", "showlegend": False, "hoverinfo": "skip"}
    dotted = {"dash": "dot", "color": colour, "width": 2}
    line = _scatter(x=[x, x], y=list(y_range), mode="lines", line=dotted, **where)
    label = _scatter(
        x=[x], y=[y_range[1] if top else y_range[0]], mode="text", text=[text],
        textposition="bottom right" if top else "top right", textfont={"color": colour}, cliponaxis=False,
        **where,
    )  # fmt: skip
    return [line, label]


def _linear_range(*arrays):
    """A linear axis's range over the finite values of `arrays`, with 5% room at each end."""
    lo, hi = _finite_range(*arrays)
    pad = 0.05 * (hi - lo) if hi > lo else 1.0
    return [lo - pad, hi + pad]


def _finite_range(*arrays):
    values = np.concatenate([np.ravel(np.asarray(a, dtype=np.float64)) for a in arrays])
    values = values[np.isfinite(values)]
    return (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)


def _zero_note(text):
    return {
        "text": text, "xref": "x domain", "yref": "y domain", "x": 0.99, "y": 0.98, "xanchor": "right",
        "yanchor": "top", "showarrow": False, "align": "right",
        "font": {"color": SVM_COLOUR, "size": FONT_SIZE - 2}, "bgcolor": "rgba(255,255,255,0.8)",
    }  # fmt: skip


def _lead_traces(lines, rows, *, text_side):
    """The SVM and cross-entropy curves, `lines` = ((x, y), (x, y)), and the table's rows on them,
    `rows` = (names, lead, svm, cross_entropy)."""
    traces = [
        _scatter(x=x, y=y, mode="lines", name=name, line={"color": colour, "width": 4})
        for name, (x, y), colour in zip(("SVM", "cross-entropy"), lines, (SVM_COLOUR, CE_COLOUR), strict=True)
    ]
    names, lead, row_svm, row_ce = rows
    for name, y, colour, symbol, mode in (
        ("table rows: SVM", row_svm, SVM_COLOUR, "diamond", "markers"),
        ("table rows: cross-entropy", row_ce, CE_COLOUR, "circle", "markers+text"),
    ):
        traces.append(
            _scatter(
                x=lead, y=y, mode=mode, name=name, text=names, textposition=text_side, hovertext=names,
                marker={"color": colour, "size": 14, "symbol": symbol, "line": EDGE},
                textfont={"color": colour}, cliponaxis=False,
            )
        )  # fmt: skip
    return traces


def _against_lead(curve, points, *, margin, log, magnitude, title, y_title, zero_note, font_size, kinks=()):
    """Shared by the loss and gradient charts: SVM and cross-entropy curves plus the table's rows.

    `points` = (names, lead, svm, cross_entropy, log10 |cross_entropy|) per row. With `log`,
    log10 of the magnitude is drawn (`magnitude` flips the sign of the negative gradients first).
    `title` is (title, subtitle): two short lines fit a phone. `kinks` = (name, lead, left,
    right) of each row whose SVM value is the interval [left, right]. A plain figure dict.
    """
    names, lead, row_svm, row_ce, row_log_ce = points
    sign = -1.0 if magnitude else 1.0
    x_lo, x_hi = float(np.min(curve.ce_x)), float(np.max(curve.ce_x))
    text_side = ["top left" if x > x_lo + 0.7 * (x_hi - x_lo) else "top right" for x in np.ravel(lead)]
    if log:
        svm_x, svm_y = curve.ce_x, _positive_log10(sign * np.asarray(curve.svm_dense))
        ce_y, row_ce = curve.log10_cross_entropy, row_log_ce
        row_svm = _positive_log10(sign * np.asarray(row_svm))
    else:
        svm_x, svm_y, ce_y = curve.svm_x, curve.svm, curve.cross_entropy
    data = _lead_traces(
        ((svm_x, svm_y), (curve.ce_x, ce_y)), (names, lead, row_svm, row_ce), text_side=text_side
    )
    layout = base_layout(
        title={"text": title[0], "subtitle": {"text": title[1]}, "automargin": True},
        template=TEMPLATE,
        font={"size": font_size},
        xaxis={
            "title": {"text": "lead = s<sub>y</sub> − max<sub>j≠y</sub> s<sub>j</sub>"},
            "range": [x_lo, x_hi],
        },
        yaxis={"title": {"text": f"{y_title} (log scale)" if log else y_title}},
        # the title on two short lines and the legend under the chart: both fit a phone's width
        legend={"orientation": "h", "yanchor": "top", "y": -0.32, "x": 0},
        margin={"l": 70, "r": 20, "t": 40, "b": 60},
        height=500,
        annotations=[],
    )
    # the y range is set, not left to Plotly: a figure that changes in its data alone is moved in
    # place by the live chart, which keeps the range it has (see _vline_traces)
    if log:
        lo, hi = _finite_range(ce_y, row_ce, svm_y, row_svm)
        layout["yaxis"].update(log_axis(lo, max(hi, 0.5)))
        layout["annotations"].append(_zero_note(zero_note))
    else:
        bars = [k[2:] for k in kinks]
        layout["yaxis"]["range"] = _linear_range(ce_y, row_ce, svm_y, row_svm, *bars)
    if kinks:
        data.append(_kink_intervals(kinks, bottom=layout["yaxis"]["range"][0] if log else None))
    # the margin's line, its text inwards
    data += _vline_traces(
        margin, MARGIN_COLOUR, f"margin Δ = {margin:g}", name="margin Δ", y_range=layout["yaxis"]["range"]
    )
    return {"data": data, "layout": layout}


def _kink_intervals(kinks, *, bottom=None):
    """A row on a kink: its whole subgradient set, a vertical bar from left to right (as on the questions
    page). On a log axis (`bottom` is its lowest value) the bar shows the magnitudes, down to 0 below."""
    x, y, text = [], [], []
    for name, lead, left, right in kinks:
        ends = sorted((left, right))
        if bottom is not None:
            ends = sorted(math.log10(v) if v > 0 else bottom for v in np.abs(ends))
        interval = "[" + ", ".join(f"{v:g}".replace("-", "−") for v in sorted((left, right))) + "]"
        x += [float(lead), float(lead), None]
        y += [float(v) for v in ends] + [None]
        text += [f"{name} on a kink: any slope in {interval}"] * 2 + [None]
    return _scatter(
        x=x, y=y, mode="lines", name="row on a kink: subgradient set", hovertext=text,
        hoverinfo="text", line={"color": SVM_COLOUR, "width": 7}, opacity=0.6, cliponaxis=False,
    )  # fmt: skip


def lead_spec(curve, comparison, *, names, margin, log=False, font_size=FONT_SIZE):
    """Both losses against the correct class's lead, with the table's rows marked on them: a figure dict.

    `curve` comes from :func:`hinge.compare.lead_curves`, `comparison` from
    :func:`hinge.compare.compare_rows`; `names` labels the rows. With `log`, log10 of the
    losses is drawn, so the SVM loss leaves the chart where it is 0. `font_size` is the chart's
    text size (the page's ``ui.chart_font_size()``).
    """
    c = comparison
    return _against_lead(
        curve, (names, c.lead, c.svm, c.cross_entropy, c.log10_cross_entropy), margin=margin, log=log,
        magnitude=False, y_title="loss", font_size=font_size,
        title=("Hinge: 0 from the margin on", "Cross-entropy: never 0"),
        zero_note="SVM loss 0 past Δ:<br>log 0 = −∞, off the chart",
    )  # fmt: skip


def lead_figure(curve, comparison, *, names, margin, log=False, font_size=FONT_SIZE):
    """:func:`lead_spec` as a ``go.Figure``."""
    return go.Figure(lead_spec(curve, comparison, names=names, margin=margin, log=log, font_size=font_size))


def correct_grad_spec(curve, comparison, *, names, margin, log=False, font_size=FONT_SIZE):
    """The gradient on the correct score against the lead, both losses on one axis (log: its magnitude).

    `curve` comes from :func:`hinge.compare.correct_grad_curves`; the rest as :func:`lead_spec`.
    A row on the SVM's kink gets a bar: its whole subgradient set. A figure dict.
    """
    c = comparison
    points = (
        names,
        c.lead,
        c.svm_correct_grad,
        c.cross_entropy_correct_grad,
        c.log10_cross_entropy_correct_grad,
    )
    left, right = np.asarray(c.svm_correct_subgradient, dtype=np.float64).T
    kinks = [(n, x, a, b) for n, x, a, b in zip(names, c.lead, left, right, strict=True) if a != b]
    return _against_lead(
        curve, points, margin=margin, log=log, magnitude=True,
        title=("The hinge's push stops at the margin", "Cross-entropy's never does"),
        y_title="∂L/∂s<sub>y</sub>",
        zero_note="SVM gradient 0 past Δ:<br>off the chart",
        kinks=kinks, font_size=font_size,
    )  # fmt: skip


def correct_grad_figure(curve, comparison, *, names, margin, log=False, font_size=FONT_SIZE):
    """:func:`correct_grad_spec` as a ``go.Figure``."""
    return go.Figure(
        correct_grad_spec(curve, comparison, names=names, margin=margin, log=log, font_size=font_size)
    )


def _two_panels(*, shared_y):
    """SVM on the left, cross-entropy on the right: the two subplots' axes and titles (a layout dict),
    as Plotly's make_subplots(1, 2, horizontal_spacing=0.1, subplot_titles=...) lays them out."""
    layout = {
        "xaxis": {"anchor": "y", "domain": [0.0, 0.45]},
        "yaxis": {"anchor": "x", "domain": [0.0, 1.0]},
        "xaxis2": {"anchor": "y2", "domain": [0.55, 1.0]},
        "yaxis2": {"anchor": "x2", "domain": [0.0, 1.0]},
        "annotations": [
            {
                "font": {"size": 16},
                "showarrow": False,
                "text": text,
                "x": x,
                "xanchor": "center",
                "xref": "paper",
                "y": 1.0,
                "yanchor": "bottom",
                "yref": "paper",
            }
            for text, x in (("SVM loss", 0.225), ("cross-entropy", 0.775))
        ],
        "shapes": [],
    }
    if shared_y:
        layout["yaxis2"].update(matches="y", showticklabels=False)
    return layout


def _two_panel_layout(layout, title, font_size, *, x_title, y_title):
    """`layout` (from :func:`_two_panels`) with room above for the legend and panel titles."""
    layout.update(
        base_layout(
            title={"text": title, "y": 0.98},
            template=TEMPLATE,
            font={"size": font_size},
            margin={"l": 70, "r": 20, "t": 120, "b": 60},
            legend={"orientation": "h", "yanchor": "bottom", "y": 1.1, "x": 0},
            height=440,
        )
    )
    for name in ("xaxis", "xaxis2"):
        layout[name]["title"] = {"text": x_title}
    layout["yaxis"]["title"] = {"text": y_title}
    return layout


def _turning_points(path):
    """Indices where the path changes slope (plus the ends): straight stretches need no samples."""
    if len(path) <= 2:
        return np.arange(len(path))
    bend = np.flatnonzero((np.abs(np.diff(path, n=2, axis=0)) > 1e-12).any(axis=1)) + 1
    return np.unique(np.concatenate([[0], bend, [len(path) - 1]]))


def training_spec(svm, ce, *, label, class_names, font_size=FONT_SIZE):
    """Scores over the gradient-descent steps, SVM on the left, cross-entropy on the right: a figure dict.

    `svm` and `ce` are :class:`hinge.compare.Training` results on the same starting scores;
    `label` is the correct class, `class_names` names the C scores, `font_size` the text size.
    """
    layout = _two_panels(shared_y=True)
    data = []
    for axis, run in (("", svm), ("2", ce)):
        keep = _turning_points(run.scores)
        steps = np.arange(len(run.scores))[keep]
        for j in range(run.scores.shape[1]):
            correct = j == label
            data.append(
                _scatter(
                    x=steps, y=run.scores[keep, j], mode="lines", xaxis=f"x{axis}", yaxis=f"y{axis}",
                    name=f"{class_names[j]}{' (correct)' if correct else ''}", legendgroup=str(j),
                    showlegend=not axis, line={"color": class_colour(j), "width": 5 if correct else 3},
                )
            )  # fmt: skip
    if svm.stopped_at is not None and svm.stopped_at < len(svm.scores) - 1:
        line, label = _vline(svm.stopped_at, SVM_COLOUR, f"met at step {svm.stopped_at}", top=True)
        layout["shapes"].append(line)
        layout["annotations"].append(label)
    _two_panel_layout(layout, "Each score, step by step", font_size, x_title="step", y_title="score")
    return {"data": data, "layout": layout}


def training_figure(svm, ce, *, label, class_names, font_size=FONT_SIZE):
    """:func:`training_spec` as a ``go.Figure``."""
    return go.Figure(training_spec(svm, ce, label=label, class_names=class_names, font_size=font_size))


def scale_spec(curves, at_k, *, names, k, log=False, font_size=FONT_SIZE):
    """Both losses of k × scores against k, one line per row: SVM left, cross-entropy right; a figure dict.

    `curves` come from :func:`hinge.compare.scale_curves`; `at_k` = (SVM, cross-entropy, log10
    cross-entropy) of each row at the chosen k (:func:`hinge.compare.scale_at`), marked; `names`
    labels the rows; with `log` the cross-entropy panel shows log10; `font_size` the text size.
    """
    layout = _two_panels(shared_y=False)
    data, all_y = [], []
    for i, (curve, name) in enumerate(zip(curves, names, strict=True)):
        colour = PALETTE[(i + 1) % len(PALETTE)]
        ce_y = curve.log10_cross_entropy if log else curve.cross_entropy
        all_y.append(ce_y)
        data += [
            _scatter(
                x=curve.svm_x, y=curve.svm, mode="lines", name=name, legendgroup=name, xaxis="x", yaxis="y",
                line={"color": colour, "width": 4},
            ),
            _scatter(
                x=curve.ce_x, y=ce_y, mode="lines", name=name, legendgroup=name, showlegend=False,
                xaxis="x2", yaxis="y2", line={"color": colour, "width": 4},
            ),
        ]  # fmt: skip
    svm_k, ce_k, log_ce_k = at_k
    for i, name in enumerate(names):
        colour = PALETTE[(i + 1) % len(PALETTE)]
        for axis, y in (("", svm_k[i]), ("2", log_ce_k[i] if log else ce_k[i])):
            data.append(
                _scatter(
                    x=[k], y=[float(y)], mode="markers", xaxis=f"x{axis}", yaxis=f"y{axis}", showlegend=False,
                    hovertext=[name], marker={"color": colour, "size": 14, "line": EDGE},
                )
            )  # fmt: skip
    _two_panel_layout(layout, "Both losses of k × scores", font_size, x_title="k", y_title="loss")
    # every range is set, not left to Plotly: a press of k that keeps the k axis changes the figure's
    # data alone, which the live chart moves in place, keeping the ranges it has (see _vline_traces)
    k_max = max(float(np.max(curve.ce_x)) for curve in curves)
    for name in ("xaxis", "xaxis2"):
        layout[name]["range"] = [-0.03 * k_max, 1.03 * k_max]
    layout["yaxis"]["range"] = _linear_range(*(curve.svm for curve in curves), svm_k)
    if log:  # the SVM panel stays linear: its losses are moderate, and 0 has no logarithm
        lo, hi = _finite_range(*all_y)
        layout["yaxis2"].update(log_axis(lo, max(hi, 0.5)))  # its 10^k ticks say log
    else:
        layout["yaxis2"]["range"] = _linear_range(*all_y, ce_k)
    for axis in ("", "2"):
        y_range = layout[f"yaxis{axis}"]["range"]
        data += _vline_traces(k, MARGIN_COLOUR, f"k = {k:g}", name="k", y_range=y_range, axis=axis)
    return {"data": data, "layout": layout}


def scale_figure(curves, at_k, *, names, k, log=False, font_size=FONT_SIZE):
    """:func:`scale_spec` as a ``go.Figure``."""
    return go.Figure(scale_spec(curves, at_k, names=names, k=k, log=log, font_size=font_size))
