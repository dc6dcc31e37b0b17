"""Figures for the cross-entropy vs SVM page: numbers from :mod:`hinge.compare` in, Plotly figures out.

With ``log=True`` a loss axis shows log10 of the loss (ticks read 10^k): that is how a
cross-entropy of 10^-868, which float64 stores as 0, still gets a place on the chart.
"""

import math

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from hinge.figures import FONT_SIZE, LOSS, PALETTE, base_layout, class_colour
from hinge.ticks import nice_step

SVM_COLOUR = LOSS  # the note's red numbers are SVM losses
CE_COLOUR = PALETTE[0]
MARGIN_COLOUR = "#777777"


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


def _margin_line(fig, margin, **where):
    fig.add_vline(
        x=margin,
        line={"dash": "dot", "color": MARGIN_COLOUR, "width": 2},
        annotation={"text": f"margin Δ = {margin:g}", "font": {"color": MARGIN_COLOUR}},
        annotation_position="bottom right",  # the margin is near the left edge: the text goes inwards
        **where,
    )


def _finite_range(*arrays):
    values = np.concatenate([np.ravel(np.asarray(a, dtype=np.float64)) for a in arrays])
    values = values[np.isfinite(values)]
    return (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)


def _zero_note(fig, text, **where):
    fig.add_annotation(
        text=text, xref="x domain", yref="y domain", x=0.99, y=0.98, xanchor="right",
        yanchor="top", showarrow=False, align="right", font={"color": SVM_COLOUR, "size": FONT_SIZE - 2},
        bgcolor="rgba(255,255,255,0.8)", **where,
    )  # fmt: skip


def _lead_traces(fig, lines, rows, *, text_side):
    """The SVM and cross-entropy curves, `lines` = ((x, y), (x, y)), and the table's rows on them,
    `rows` = (names, lead, svm, cross_entropy)."""
    for name, (x, y), colour in zip(("SVM", "cross-entropy"), lines, (SVM_COLOUR, CE_COLOUR), strict=True):
        fig.add_scatter(x=x, y=y, mode="lines", name=name, line={"color": colour, "width": 4})
    names, lead, row_svm, row_ce = rows
    for name, y, colour, symbol, mode in (
        ("table rows: SVM", row_svm, SVM_COLOUR, "diamond", "markers"),
        ("table rows: cross-entropy", row_ce, CE_COLOUR, "circle", "markers+text"),
    ):
        fig.add_scatter(
            x=lead, y=y, mode=mode, name=name, text=names, textposition=text_side, hovertext=names,
            marker={"color": colour, "size": 14, "symbol": symbol, "line": {"color": "white", "width": 1.5}},
            textfont={"color": colour}, cliponaxis=False,
        )  # fmt: skip


def _against_lead(curve, points, *, margin, log, magnitude, title, y_title, zero_note, font_size, kinks=()):
    """Shared by the loss and gradient charts: SVM and cross-entropy curves plus the table's rows.

    `points` = (names, lead, svm, cross_entropy, log10 |cross_entropy|) per row. With `log`,
    log10 of the magnitude is drawn (`magnitude` flips the sign of the negative gradients first).
    `title` is (title, subtitle): two short lines fit a phone. `kinks` = (name, lead, left,
    right) of each row whose SVM value is the interval [left, right].
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
    fig = go.Figure()
    _lead_traces(
        fig, ((svm_x, svm_y), (curve.ce_x, ce_y)), (names, lead, row_svm, row_ce), text_side=text_side
    )
    _margin_line(fig, margin)
    layout = base_layout(
        title={"text": title[0], "subtitle": {"text": title[1]}, "automargin": True},
        template="plotly_white",
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
    )
    if log:
        lo, hi = _finite_range(ce_y, row_ce, svm_y, row_svm)
        layout["yaxis"].update(log_axis(lo, max(hi, 0.5)))
        _zero_note(fig, zero_note)
    if kinks:
        _kink_intervals(fig, kinks, bottom=layout["yaxis"]["range"][0] if log else None)
    fig.update_layout(**layout)
    return fig


def _kink_intervals(fig, kinks, *, bottom=None):
    """A row on a kink: its whole subgradient set, a vertical bar from left to right (as on the questions
    page). On a log axis (`bottom` is its lowest value) the bar shows the magnitudes, down to 0 below."""
    x, y, text = [], [], []
    for name, lead, left, right in kinks:
        ends = sorted((left, right))
        if bottom is not None:
            ends = sorted(math.log10(v) if v > 0 else bottom for v in np.abs(ends))
        interval = "[" + ", ".join(f"{v:g}".replace("-", "−") for v in sorted((left, right))) + "]"
        x += [lead, lead, None]
        y += [*ends, None]
        text += [f"{name} on a kink: any slope in {interval}"] * 2 + [None]
    fig.add_scatter(
        x=x, y=y, mode="lines", name="row on a kink: subgradient set", hovertext=text,
        hoverinfo="text", line={"color": SVM_COLOUR, "width": 7}, opacity=0.6, cliponaxis=False,
    )  # fmt: skip


def lead_figure(curve, comparison, *, names, margin, log=False, font_size=FONT_SIZE):
    """Both losses against the correct class's lead, with the table's rows marked on them.

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


def correct_grad_figure(curve, comparison, *, names, margin, log=False, font_size=FONT_SIZE):
    """The gradient on the correct score against the lead, both losses on one axis (log: its magnitude).

    `curve` comes from :func:`hinge.compare.correct_grad_curves`; the rest as :func:`lead_figure`.
    A row on the SVM's kink gets a bar: its whole subgradient set.
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


def _two_panel_layout(fig, title, font_size, *, x_title, y_title):
    """SVM on the left, cross-entropy on the right: room above for the legend and panel titles."""
    fig.update_layout(
        **base_layout(
            title={"text": title, "y": 0.98},
            template="plotly_white",
            font={"size": font_size},
            margin={"l": 70, "r": 20, "t": 120, "b": 60},
            legend={"orientation": "h", "yanchor": "bottom", "y": 1.1, "x": 0},
            height=440,
        )
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title, row=1, col=1)


def _turning_points(path):
    """Indices where the path changes slope (plus the ends): straight stretches need no samples."""
    if len(path) <= 2:
        return np.arange(len(path))
    bend = np.flatnonzero((np.abs(np.diff(path, n=2, axis=0)) > 1e-12).any(axis=1)) + 1
    return np.unique(np.concatenate([[0], bend, [len(path) - 1]]))


def training_figure(svm, ce, *, label, class_names, font_size=FONT_SIZE):
    """Scores over the gradient-descent steps, SVM on the left, cross-entropy on the right.

    `svm` and `ce` are :class:`hinge.compare.Training` results on the same starting scores;
    `label` is the correct class, `class_names` names the C scores, `font_size` the text size.
    """
    fig = make_subplots(
        rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.1,
        subplot_titles=("SVM loss", "cross-entropy"),
    )  # fmt: skip
    for col, run in ((1, svm), (2, ce)):
        keep = _turning_points(run.scores)
        steps = np.arange(len(run.scores))[keep]
        for j in range(run.scores.shape[1]):
            correct = j == label
            fig.add_scatter(
                x=steps, y=run.scores[keep, j], mode="lines", row=1, col=col,
                name=f"{class_names[j]}{' (correct)' if correct else ''}", legendgroup=str(j),
                showlegend=col == 1, line={"color": class_colour(j), "width": 5 if correct else 3},
            )  # fmt: skip
    if svm.stopped_at is not None and svm.stopped_at < len(svm.scores) - 1:
        fig.add_vline(
            x=svm.stopped_at, row=1, col=1, line={"dash": "dot", "color": SVM_COLOUR, "width": 2},
            annotation={"text": f"met at step {svm.stopped_at}", "font": {"color": SVM_COLOUR}},
            annotation_position="top right",
        )  # fmt: skip
    _two_panel_layout(fig, "Each score, step by step", font_size, x_title="step", y_title="score")
    return fig


def scale_figure(curves, at_k, *, names, k, log=False, font_size=FONT_SIZE):
    """Both losses of k × scores against k, one line per row: SVM left, cross-entropy right.

    `curves` come from :func:`hinge.compare.scale_curves`; `at_k` = (SVM, cross-entropy, log10
    cross-entropy) of each row at the chosen k (:func:`hinge.compare.scale_at`), marked; `names`
    labels the rows; with `log` the cross-entropy panel shows log10; `font_size` the text size.
    """
    fig = make_subplots(
        rows=1, cols=2, horizontal_spacing=0.1,
        subplot_titles=("SVM loss", "cross-entropy"),
    )  # fmt: skip
    all_y = []
    for i, (curve, name) in enumerate(zip(curves, names, strict=True)):
        colour = PALETTE[(i + 1) % len(PALETTE)]
        ce_y = curve.log10_cross_entropy if log else curve.cross_entropy
        all_y.append(ce_y)
        fig.add_scatter(
            x=curve.svm_x, y=curve.svm, mode="lines", name=name, legendgroup=name, row=1, col=1,
            line={"color": colour, "width": 4},
        )  # fmt: skip
        fig.add_scatter(
            x=curve.ce_x, y=ce_y, mode="lines", name=name, legendgroup=name, showlegend=False, row=1, col=2,
            line={"color": colour, "width": 4},
        )  # fmt: skip
    svm_k, ce_k, log_ce_k = at_k
    for i, name in enumerate(names):
        colour = PALETTE[(i + 1) % len(PALETTE)]
        for col, y in ((1, svm_k[i]), (2, log_ce_k[i] if log else ce_k[i])):
            fig.add_scatter(
                x=[k], y=[y], mode="markers", row=1, col=col, showlegend=False, hovertext=[name],
                marker={"color": colour, "size": 14, "line": {"color": "white", "width": 1.5}},
            )  # fmt: skip
    for col in (1, 2):
        fig.add_vline(
            x=k, row=1, col=col, line={"dash": "dot", "color": MARGIN_COLOUR, "width": 2},
            annotation={"text": f"k = {k:g}", "font": {"color": MARGIN_COLOUR}},
            annotation_position="bottom right",
        )  # fmt: skip
    _two_panel_layout(fig, "Both losses of k × scores", font_size, x_title="k", y_title="loss")
    if log:  # the SVM panel stays linear: its losses are moderate, and 0 has no logarithm
        lo, hi = _finite_range(*all_y)
        fig.update_yaxes(**log_axis(lo, max(hi, 0.5)), row=1, col=2)  # its 10^k ticks say log
    return fig
