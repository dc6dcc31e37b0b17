"""Figures of the "Questions as experiments" page: a result from :mod:`hinge.experiments` (or
:mod:`hinge.random_scores`, :mod:`hinge.landscape`) in, a Figure out.

Every builder takes the chart's text size, `font_size` (larger for a projector: the page
passes ``hinge.ui.chart_font_size()``), and draws the numbers its result holds.
"""

import copy
import functools
import re

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots as _make_subplots

from hinge.figures import CORRECT, FONT_SIZE, LOSS, PALETTE, base_layout

CE = PALETTE[0]  # cross-entropy, wherever it is drawn next to the hinge loss
OTHER = PALETTE[0]  # incorrect classes, next to the correct one in CORRECT green
MUTED = "#777777"
HEIGHT = 430  # chart and controls fit a 1280x720 projector together
TOP = 45  # px above the plot for the title; each line of panel titles adds LINE
LINE = 22


def _layout(fig, title, *, font_size, height=HEIGHT, panel_lines=0, **overrides):
    """Title, size and legend, laid out to work from a 360-pixel phone to a wide screen.

    Nothing is placed in fractions of the plot's height, which changes with the width: the
    title sits in the top margin (room for `panel_lines` lines of panel titles below it), the
    legend under the plot (it wraps to more rows on a phone and the plot gives way), and the
    axes push the margins out for their tick labels and titles.

    Returns the figure's plain dict (see :class:`_Figure`).
    """
    settings = {
        "title": {"text": title, "x": 0, "xanchor": "left", "xref": "container", "y": 1, "yanchor": "top",
                  "yref": "container", "pad": {"t": 10, "l": 8}},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": TOP + LINE * panel_lines, "b": 10},
        "legend": {"orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yanchor": "bottom",
                   "yref": "container", "font": {"size": 14}},
    }  # fmt: skip
    spec = {"data": fig.data, "layout": fig.layout}
    # no Plotly template (its grey plot area): Plotly.js's white one, as the playground's live chart
    layout = _merged({**spec["layout"], "template": {}}, base_layout(**{**settings, **overrides}))
    for name in _axes(layout, "xaxis", "yaxis"):
        layout[name] = {**layout[name], "automargin": True}
    spec["layout"] = _text_size(layout, font_size, flat=not any(t["type"] == "surface" for t in spec["data"]))
    return spec


def _merged(into, settings):
    """A copy of the dict `into` with `settings` merged in, nested dicts key by key (as update_layout)."""
    out = dict(into)
    for key, value in settings.items():
        old = out.get(key)
        out[key] = _merged(old, value) if isinstance(value, dict) and isinstance(old, dict) else value
    return out


def _axes(layout, *kinds):
    """The layout's axes of those kinds (xaxis, xaxis2, ...); the first of each kind is always there."""
    found = {kind for kind in kinds} | {
        key for key in layout if re.fullmatch(rf"({'|'.join(kinds)})\d*", key)
    }
    for kind in kinds:
        layout.setdefault(kind, {})
    return sorted(found)


def _text_size(layout, size, *, flat):
    """The layout with every text set from one size, and more room for a larger text.

    Explicit sizes on the axes, because Streamlit's chart theme otherwise shrinks ticks and
    axis titles to about 12 px. A 3-D scene (not `flat`) scales itself.
    """
    grow = size / FONT_SIZE  # legends and titles need room in proportion
    if grow != 1 and layout.get("height") and flat:
        margin = layout.get("margin", {})
        layout = {**layout, "height": round(layout["height"] * grow),
                  "margin": {**margin, "t": round((margin.get("t") or 0) * grow)}}  # fmt: skip
    axis = {"tickfont": {"size": size - 2}, "title": {"font": {"size": size}}}
    # the title a little larger than the text, not Plotly's 1.4 times: it fits a phone's width
    title = {"font": {"size": size + 2}}
    layout = _merged(layout, {"font": {"size": size}, "legend": {"font": {"size": size - 2}}, "title": title})
    for name in _axes(layout, "xaxis", "yaxis"):
        layout[name] = _merged(layout[name], axis)
    for name in [key for key in layout if re.fullmatch(r"scene\d*", key)]:
        layout[name] = _merged(layout[name], {f"{a}axis": axis for a in "xyz"})
    # subplot titles and notes
    layout["annotations"] = [_merged(a, {"font": {"size": size - 1}}) for a in layout.get("annotations", ())]
    return layout


# --------------------------------------------------------------------------------------------
# Figures as plain dicts. Plotly's figure objects check every value as it is set: building
# one of these figures took 25-90 ms that way, most of a key press (measured on the page).
# The builders below write the same calls (add_trace with row and col, update_xaxes, add_hline,
# magic underscores such as title_text) onto plain dicts instead; make_subplots' grid is
# built once per shape. Each builder's `*_spec` gives the dict (for ui.live_figure), its
# `*_figure` the same as a go.Figure.

_WHOLE_KEYS = {"error_x", "error_y"}  # keys with an underscore of their own, not a path


def _nested(settings):
    """Plotly's magic underscores as nested dicts: {"title_text": t} -> {"title": {"text": t}}."""
    out = {}
    for key, value in settings.items():
        *path, last = [key] if key in _WHOLE_KEYS else key.split("_")
        node = out
        for part in path:
            node = node.setdefault(part, {})
        value = _nested(value) if isinstance(value, dict) else value
        old = node.get(last)
        node[last] = _merged(old, value) if isinstance(old, dict) and isinstance(value, dict) else value
    return out


class _Trace(dict):
    """A trace as a plain dict; `update` (magic underscores too) returns it, as a Plotly trace's does."""

    def update(self, **settings):
        merged = _merged(self, _nested(settings))
        self.clear()
        dict.update(self, merged)
        return self


def _trace_of(kind):
    return lambda **settings: _Trace({"type": kind, **_nested(settings)})


class _go:  # stands in for plotly.graph_objects in the builders
    Bar, Scatter, Scatter3d = _trace_of("bar"), _trace_of("scatter"), _trace_of("scatter3d")
    Surface, Heatmap, Contour = _trace_of("surface"), _trace_of("heatmap"), _trace_of("contour")

    @staticmethod
    def Figure(trace=None):
        return _Figure([] if trace is None else [trace], {}, {(1, 1): ("xaxis", "yaxis")})


class _Figure:
    """The part of go.Figure the builders use, on plain dicts: `data` (a list) and `layout`."""

    def __init__(self, data, layout, axes):
        self.data, self.layout, self._axes = data, layout, axes  # (row, col) -> its axes' layout keys

    def _ids(self, row, col):
        x, y = self._axes[(row or 1, col or 1)]
        return x.replace("axis", ""), y.replace("axis", "")

    def add_trace(self, trace, row=None, col=None):
        x, y = self._ids(row, col)
        self.data.append(_Trace(trace) if row is None else _Trace({**trace, "xaxis": x, "yaxis": y}))

    def _update_axes(self, kind, row, col, settings):
        names = _axes(self.layout, kind) if row is None else [self._axes[(row, col)][kind == "yaxis"]]
        for name in names:
            self.layout[name] = _merged(self.layout.get(name, {}), _nested(settings))

    def update_xaxes(self, row=None, col=None, **settings):
        self._update_axes("xaxis", row, col, settings)

    def update_yaxes(self, row=None, col=None, **settings):
        self._update_axes("yaxis", row, col, settings)

    def update_layout(self, **settings):
        self.layout = _merged(self.layout, _nested(settings))

    def add_annotation(self, **settings):
        self.layout.setdefault("annotations", []).append(_nested(settings))

    def add_hline(self, y, *, line, row=None, col=None, **settings):
        xid, yid = self._ids(row, col)
        shape = {"type": "line", "x0": 0, "x1": 1, "xref": f"{xid} domain", "y0": y, "y1": y, "yref": yid}
        self.layout.setdefault("shapes", []).append({**shape, "line": line, **_nested(settings)})

    def add_vline(self, x, *, line, row=None, col=None, annotation_text=None, annotation_font_color=None):
        """A vertical line across the panel; its note, if any, at its top left (as Plotly's "top left")."""
        xid, yid = self._ids(row, col)
        shape = {"type": "line", "x0": x, "x1": x, "xref": xid, "y0": 0, "y1": 1, "yref": f"{yid} domain"}
        self.layout.setdefault("shapes", []).append({**shape, "line": line})
        if annotation_text:
            self.add_annotation(
                text=annotation_text, showarrow=False, x=x, xanchor="right", xref=xid, y=1, yanchor="top",
                yref=f"{yid} domain", font_color=annotation_font_color,
            )  # fmt: skip


def make_subplots(*, subplot_titles=(), **grid):
    """Plotly's make_subplots as a :class:`_Figure`: the grid is built once per shape (50 ms), then copied."""
    layout, axes = _grid(
        len(subplot_titles), **{k: tuple(v) if isinstance(v, list) else v for k, v in grid.items()}
    )
    layout = copy.deepcopy(layout)
    for annotation, text in zip(layout.get("annotations", ()), subplot_titles, strict=True):
        annotation["text"] = text
    return _Figure([], layout, axes)


@functools.lru_cache(maxsize=16)
def _grid(n_titles, **grid):
    titles = [f"title {i}" for i in range(n_titles)] or None  # placeholders for the titles' annotations
    fig = _make_subplots(
        subplot_titles=titles, **{k: list(v) if isinstance(v, tuple) else v for k, v in grid.items()}
    )
    layout = fig.to_plotly_json()["layout"]
    layout.pop("template", None)
    axes = {
        (r + 1, c + 1): refs[0].layout_keys
        for r, row in enumerate(fig._grid_ref)
        for c, refs in enumerate(row)
    }
    return layout, axes


def _figure_of(spec_builder):
    """A `*_figure` builder: `spec_builder`'s dict as a go.Figure (for st.plotly_chart and tests)."""

    @functools.wraps(spec_builder)
    def figure(*args, **kwargs):
        return go.Figure(spec_builder(*args, **kwargs), _validate=False)

    figure.__name__ = figure.__qualname__ = spec_builder.__name__.replace("_spec", "_figure")
    return figure


def _line(x, y, name, colour, hover, *, dash="solid", width=3, **kwargs):
    """A curve; `hover` is the hover text without Plotly's <extra> box."""
    return _go.Scatter(
        x=x, y=y, mode="lines", name=name, line={"color": colour, "width": width, "dash": dash},
        hovertemplate=f"{hover}<extra></extra>", **kwargs,
    )  # fmt: skip


def _dot(x, y, name, colour, hover, *, size=14, **kwargs):
    """Marked points (the current value), white-rimmed so they stand out on a line."""
    return _go.Scatter(
        x=x, y=y, mode="markers", name=name, hovertemplate=f"{hover}<extra></extra>", cliponaxis=False,
        marker={"size": size, "color": colour, "line": {"color": "white", "width": 2}}, **kwargs,
    )  # fmt: skip


def _vertical(fig, x, y0, y1, *, name, colour, dash="solid", row=None, col=None):
    """A vertical segment as a trace, so it has a legend entry and hover text."""
    fig.add_trace(_line([x, x], [y0, y1], name, colour, name, dash=dash, width=2), row=row, col=col)


# --------------------------------------------------------------------------------------------
# 1. jitter


def jitter_spec(result, class_names, *, font_size=FONT_SIZE):
    """Left: scores before (x) and after (bars) the jitter, with each class's slack.
    Right: the loss against the jitter size along this seed's direction."""
    names = list(class_names)[: result.scores.size]
    y = result.label
    # the loss axis on the right: the gap between the panels needs no room for its ticks on a phone
    fig = make_subplots(
        rows=1, cols=2, column_widths=[0.42, 0.58], horizontal_spacing=0.06,
        subplot_titles=("Scores", "Loss as the jitter grows"),
    )  # fmt: skip
    ticks = [f"{n} ✓" if j == y else n for j, n in enumerate(names)]
    # each incorrect score's slack is its gap below the dashed line: in the hover, not on the narrow bars
    slack = ["correct class" if j == y else f"slack {result.slack[j]:.3g}" for j in range(len(names))]
    colours = [CORRECT if j == y else OTHER for j in range(len(names))]
    fig.add_trace(
        _go.Bar(x=ticks, y=result.jittered, marker_color=colours, name="jittered score", customdata=slack,
               hovertemplate="%{x}: %{y:.3f} (%{customdata} before the jitter)<extra></extra>"),
        row=1, col=1,
    )  # fmt: skip
    before = {"symbol": "x-thin", "size": 16, "line": {"width": 3, "color": "#222222"}}
    fig.add_trace(
        _go.Scatter(x=ticks, y=result.scores, mode="markers", name="before", marker=before,
                   hovertemplate="%{x} before: %{y:.3f}<extra></extra>"),
        row=1, col=1,
    )  # fmt: skip
    fig.add_hline(
        y=result.correct_line, line={"color": CORRECT, "dash": "dash", "width": 2},
        showlegend=True, name=f"{names[y]} − Δ", row=1, col=1,
    )  # a legend entry, not a label: on a phone the label would run into the bars  # fmt: skip
    p = result.profile
    fig.add_trace(_line(p.xs, p.losses, "loss", LOSS, "jitter %{x:.3f}: loss %{y:.3f}"), row=1, col=2)
    top = max(1.0, float(p.losses.max()))
    if np.isfinite(result.threshold) and result.threshold <= p.xs[-1]:
        name = f"loss wakes at {result.threshold:.4g}"
        _vertical(fig, result.threshold, 0, top, name=name, colour=LOSS, dash="dash", row=1, col=2)
    name = f"safe in any direction < {result.safe_size:.3g}"
    _vertical(fig, result.safe_size, 0, top, name=name, colour=MUTED, dash="dot", row=1, col=2)
    here = _dot([result.size], [result.jittered_loss], "this jitter", LOSS, "jitter %{x:.3f}: loss %{y:.3f}")
    fig.add_trace(here, row=1, col=2)
    fig.update_yaxes(title_text="score", row=1, col=1)
    fig.update_xaxes(title_text="class (✓ correct)", row=1, col=1)
    fig.update_yaxes(title_text="loss", rangemode="tozero", side="right", row=1, col=2)
    fig.update_xaxes(title_text="jitter size", row=1, col=2)
    # taller than the others: on a phone the legend takes a row an entry and the plot gives way
    title = f"The {names[y]} image under a random jitter"
    return _layout(fig, title, font_size=font_size, height=490, panel_lines=1)


# --------------------------------------------------------------------------------------------
# 2. min and max


def min_max_spec(result, *, log_y=False, font_size=FONT_SIZE):
    """The hinge loss and cross-entropy as the correct score moves; the current point marked."""
    p = result.profile
    fig = _go.Figure()
    fig.add_trace(_line(p.xs, p.losses, "hinge loss", LOSS, "correct score %{x:.3f}: hinge %{y:.4g}"))
    hover = "correct score %{x:.3f}: cross-entropy %{y:.4g}"
    fig.add_trace(_line(result.ce_xs, result.ce, "cross-entropy", CE, hover, dash="dash"))
    for value, colour, name in (
        (result.svm_at, LOSS, "hinge here"),
        (result.ce_at, CE, "cross-entropy here"),
    ):
        if value > 0 or not log_y:  # exactly 0 has no place on a log axis
            fig.add_trace(_dot([result.correct], [value], name, colour, f"{name}: %{{y:.4g}}"))
    if not log_y:
        fig.add_annotation(
            x=result.zero_from, y=0, text=f"hinge = 0 from {result.zero_from:.3g} on", showarrow=True,
            arrowhead=2, ax=50, ay=-45, font={"color": LOSS},
        )  # fmt: skip
    fig.update_xaxes(title_text="score of the correct class (car)")
    fig.update_yaxes(
        title_text="loss" + (" (log: 0 not drawn)" if log_y else ""),  # short: it runs up a phone
        type="log" if log_y else "linear", exponentformat="power",
    )  # fmt: skip
    return _layout(fig, "Both losses as the correct score moves", font_size=font_size)


# --------------------------------------------------------------------------------------------
# 3. random scores


def random_scores_spec(result, *, font_size=FONT_SIZE):
    """Left: histograms of per-example losses with the means and C − 1.
    Right: expected loss against σ (log-log): exact for the hinge, Monte Carlo for cross-entropy."""
    titles = ("Per-example loss", "Expected vs σ")  # the sample's size and σ: in the finding
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.08, subplot_titles=titles)
    peak = 0.0
    for (_, edges), share, colour, name in (
        (result.svm_hist, result.svm_share, LOSS, "hinge losses"),
        (result.ce_hist, result.ce_share, CE, "cross-entropies"),
    ):
        peak = max(peak, float(share.max()))
        fig.add_trace(
            _go.Bar(x=(edges[:-1] + edges[1:]) / 2, y=share, width=np.diff(edges), name=name,
                   marker_color=colour, opacity=0.6, hovertemplate="loss %{x:.4g}: %{y:.2%}<extra></extra>"),
            row=1, col=1,
        )  # fmt: skip
    c1, log_c = result.c_minus_one, result.log_c
    lines = (
        (result.svm_mean, LOSS, "solid", f"hinge mean {result.svm_mean:.4g}"),
        (result.expected, "#222222", "dot", f"exact E[L] {result.expected:.4g}"),
        (c1, MUTED, "dash", f"(C − 1)·Δ = {c1:.4g}"),
        (result.ce_mean, CE, "solid", f"cross-ent. mean {result.ce_mean:.4g}"),
        (log_c, CE, "dash", f"log C = {log_c:.4g}"),
    )
    for x, colour, dash, name in lines:
        _vertical(fig, x, 0, peak * 1.05, name=name, colour=colour, dash=dash, row=1, col=1)
    xs = [result.svm_hist[1][0], result.svm_hist[1][-1], result.ce_hist[1][0], result.ce_hist[1][-1]]
    xs += [x for x, *_ in lines]
    pad = 0.04 * (max(xs) - min(xs)) or 0.5
    fig.update_xaxes(range=[min(xs) - pad, max(xs) + pad], row=1, col=1)  # spikes at the edges stay visible
    curves = (
        _line(result.sigmas, result.expected_curve, "exact E[hinge]", LOSS, "σ %{x:.3g}: E[hinge] %{y:.4g}"),
        _line(result.sigmas, result.ce_curve, "E[cross-entropy] (Monte Carlo)", CE,
              "σ %{x:.3g}: E[cross-entropy] %{y:.4g}", dash="dash"),
        *(_line(result.sigmas[[0, -1]], [y, y], name, MUTED, f"{name} = {y:.4g}", dash="dash", width=1.5)
          for y, name in ((c1, "(C − 1)·Δ"), (log_c, "log C"))),
        _dot([result.sigma] * 2, [result.svm_mean, result.ce_mean], "sample means", [LOSS, CE],
             "sample mean at σ = %{x:.3g}: %{y:.4g}", size=13,
             error_y={"type": "data", "array": [2 * result.svm_sem, 2 * result.ce_sem]}),
    )  # fmt: skip
    for trace in curves:
        fig.add_trace(trace.update(showlegend=False), row=1, col=2)
    if 1e-3 <= result.margin <= 10:  # where σ stops being small next to the margin
        fig.add_vline(
            x=result.margin, line={"color": MUTED, "dash": "dot", "width": 1}, row=1, col=2,
            annotation_text="σ = Δ", annotation_font_color=MUTED,  # at its top left
        )  # fmt: skip
    fig.update_xaxes(title_text="loss", row=1, col=1)
    fig.update_yaxes(title_text="share of examples", tickformat=".0%", row=1, col=1)
    fig.update_xaxes(title_text="σ", type="log", tickvals=[1e-3, 0.1, 10],
                     ticktext=["0.001", "0.1", "10"], row=1, col=2)  # fmt: skip
    ticks = [m * 10.0**e for e in range(-1, 4) for m in (1, 2, 5)]  # 0.1 to 5000, read as plain numbers
    # its axis on the right: the gap between the panels needs no room for its ticks on a phone
    fig.update_yaxes(title_text="expected loss", type="log", tickvals=ticks, side="right", row=1, col=2)
    return _layout(
        fig, "Losses of random scores", font_size=font_size, height=510, panel_lines=1, barmode="overlay",
        bargap=0,
    )  # fmt: skip


# --------------------------------------------------------------------------------------------
# 4. differentiability


def _segments(xs0, xs1, ys0, ys1):
    """Disjoint segments (x0, y0)-(x1, y1) as one trace's coordinates, separated by gaps."""
    x, y = [], []
    for a, b, c, d in zip(xs0, xs1, ys0, ys1, strict=True):
        x += [a, b, None]
        y += [c, d, None]
    return x, y


def kink_spec(result, class_name, *, font_size=FONT_SIZE):
    """Top: the loss as one score moves, kinks marked. Bottom: its subgradient, an interval at each kink."""
    p = result.profile
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12, row_heights=[0.55, 0.45])
    fig.add_trace(_line(p.xs, p.losses, "loss", LOSS, "%{x:.3f}: loss %{y:.4g}"), row=1, col=1)
    fig.add_trace(
        _go.Scatter(x=p.kinks, y=p.losses[1:-1], mode="markers", name="kink",
                   marker={"size": 12, "symbol": "circle-open", "color": "#222222", "line": {"width": 2.5}},
                   hovertemplate="kink at %{x:.4g}<extra></extra>"),
        row=1, col=1,
    )  # fmt: skip
    # the subgradient: flat steps between kinks, and the whole interval [left, right] at each kink
    steps = _segments(p.xs[:-1], p.xs[1:], p.slopes, p.slopes)
    fig.add_trace(_line(*steps, "derivative", PALETTE[0], "%{x:.3f}: slope %{y:.3g}"), row=2, col=1)
    sets = _segments(p.kinks, p.kinks, p.slopes[:-1], p.slopes[1:])
    fig.add_trace(
        _line(*sets, "interval at a kink", PALETTE[3], "kink %{x:.4g}: any slope in the interval",
              width=8, opacity=0.7),
        row=2, col=1,
    )  # fmt: skip
    left, right = result.subgradient
    fig.add_trace(_dot([result.value], [result.loss], "here", LOSS, "here: loss %{y:.4g}"), row=1, col=1)
    here = _line([result.value] * 2, [left, right], "subgradient here", LOSS, "subgradient here: %{y:.3g}",
                 width=6, showlegend=False)  # fmt: skip
    fig.add_trace(here.update(mode="lines+markers", marker={"size": 12, "color": LOSS}), row=2, col=1)
    lo_y, hi_y = float(min(p.slopes.min(), 0)), float(max(p.slopes.max(), 0))
    fig.update_yaxes(title_text="loss", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="slope", range=[lo_y - 0.4, hi_y + 0.4], dtick=1, row=2, col=1)
    fig.update_xaxes(title_text=f"score of {class_name}", row=2, col=1)
    title = f"Loss and subgradient as the {class_name} score moves"
    return _layout(fig, title, font_size=font_size, height=500)


# --------------------------------------------------------------------------------------------
# 5. margin


def margin_spec(result, class_names, label, *, font_size=FONT_SIZE):
    """Three panels of hinge terms: (s, Δ), (k·s, k·Δ) and the note read literally (k·s, Δ/k)."""
    names = [n for j, n in enumerate(class_names[: result.terms.size]) if j != label]
    k = result.k
    panels = (
        (result.terms, result.loss, f"s, Δ = {result.margin:.3g}"),
        (result.scaled_terms, result.scaled_loss, f"{k:.3g}·s, Δ = {result.scaled_margin:.3g}"),
        (result.literal_terms, result.literal_loss,
         f"{k:.3g}·s, Δ = {result.literal_margin:.3g}<br>(note, literally)"),
    )  # fmt: skip
    titles = [f"{t}<br>loss {loss:.4g}" for _, loss, t in panels]
    fig = make_subplots(rows=1, cols=3, horizontal_spacing=0.05, subplot_titles=titles)
    for col, (terms, _, title) in enumerate(panels, 1):
        values = np.delete(terms, label)
        fig.add_trace(
            _go.Bar(x=names, y=values, marker_color=[LOSS if v > 0 else MUTED for v in values],
                   showlegend=False, text=[f"{v:.3g}" if v > 0 else "0<br>(met)" for v in values],
                   textposition="outside", cliponaxis=False, name=title,
                   hovertemplate="%{x}: term %{y:.4g}<extra></extra>"),
            row=1, col=col,
        )  # fmt: skip
        # every bar carries its value: no ticks, so three panels fit side by side on a phone
        top = max(1.0, float(values.max())) * 1.25
        fig.update_yaxes(range=[0, top], showticklabels=False, row=1, col=col)
    fig.update_yaxes(title_text="hinge term", row=1, col=1)
    fig.update_xaxes(title_text="incorrect class", row=1, col=2)
    return _layout(fig, "Hinge terms, scaled three ways", font_size=font_size, panel_lines=3)


# --------------------------------------------------------------------------------------------
# 6. three more


def variants_spec(result, *, font_size=FONT_SIZE):
    """Three panels over the correct score: with the correct class, mean instead of sum, squared hinge."""
    titles = ("Correct class<br>included", "Mean<br>instead of sum", "Squared<br>hinge")
    fig = make_subplots(rows=1, cols=3, horizontal_spacing=0.04, shared_yaxes=True, subplot_titles=titles)
    p, hover = result.profile, "%{x:.3f}: %{y:.4g}"
    others = (
        (result.with_correct.xs, result.with_correct.losses, "with correct class", PALETTE[0]),
        (result.mean.xs, result.mean.losses, "mean instead of sum", PALETTE[2]),
        (result.squared_xs, result.squared, "squared hinge", PALETTE[3]),
    )
    for col, (xs, ys, name, colour) in enumerate(others, 1):
        note = _line(p.xs, p.losses, "the note's loss", LOSS, hover, showlegend=col == 1)
        fig.add_trace(note, row=1, col=col)
        fig.add_trace(_line(xs, ys, name, colour, hover, dash="dash"), row=1, col=col)
        fig.add_vline(x=result.correct, line={"color": MUTED, "dash": "dot", "width": 1.5}, row=1, col=col)
    fig.update_xaxes(title_text="correct score", row=1, col=2)
    # one range for the three: the squared hinge leaves the top, what matters is where it crosses
    top = max(1.3 * float(p.losses.max()), 1.05 * float(result.with_correct.losses.max()), 1.0)
    fig.update_yaxes(range=[0, top])
    fig.update_yaxes(title_text="loss", row=1, col=1)
    return _layout(fig, "Three changes to the loss", font_size=font_size, panel_lines=2)


# --------------------------------------------------------------------------------------------
# The loss landscape


def _extent(values):
    """An axis range that is exactly the grid's: its first and last values."""
    return [float(values[0]), float(values[-1])]


def landscape_spec(land, x_name, y_name, *, view="surface", font_size=FONT_SIZE):
    """The loss over two scores as a rotatable 3-D surface or a heat map; the current scores marked."""
    x0, y0, z0 = land.point
    name = land.name
    top = float(land.z.max())
    levels = {"start": 0, "end": top, "size": max(top / 12, 1e-9)}  # a dozen level lines
    grid = {
        "x": land.xs, "y": land.ys, "z": land.z, "colorscale": "Viridis", "name": name,
        "colorbar": {"title": {"text": "loss"}, "thickness": 16, "len": 0.8},
        "hovertemplate": f"{x_name} %{{x:.2f}}<br>{y_name} %{{y:.2f}}<br>loss %{{z:.4g}}<extra></extra>",
    }  # fmt: skip
    here = {
        "mode": "markers", "name": "current scores",
        "hovertemplate": f"current scores<br>loss {z0:.4g}<extra></extra>",
        "marker": {"color": LOSS, "symbol": "diamond", "line": {"color": "white", "width": 2}},
    }  # fmt: skip
    if view == "surface":
        fig = _go.Figure(
            _go.Surface(
                **grid,
                lighting={"ambient": 0.55, "diffuse": 0.9, "specular": 0.15, "roughness": 0.6},
                lightposition={"x": 100, "y": -200, "z": 300},  # side light: the creases cast shade
                contours={"z": {"show": True, "color": "rgba(255, 255, 255, 0.55)", "width": 2, **levels}},
            )
        )
        fig.add_trace(_go.Scatter3d(x=[x0], y=[y0], z=[z0], **here).update(marker_size=9))
        fig.update_layout(
            scene={
                "xaxis_title_text": f"score of {x_name}",
                "yaxis_title_text": f"score of {y_name}",
                "zaxis_title_text": "loss",
                # the y axis runs away from the eye: few ticks, or its labels crowd at projector size
                "xaxis_nticks": 6,
                "yaxis_nticks": 4,
                "zaxis_nticks": 5,
                "camera": {"eye": {"x": 0.5, "y": -1.7, "z": 0.75}, "center": {"x": 0, "y": 0, "z": -0.12}},
                "aspectmode": "manual",
                "aspectratio": {"x": 1.2, "y": 1, "z": 0.75},
            },
            uirevision=f"{land.loss}-{x_name}-{y_name}",  # keep the user's rotation across reruns
        )
        margin = {"l": 10, "r": 10, "t": 50, "b": 10}
    else:
        fig = _go.Figure(_go.Heatmap(**grid))
        fig.add_trace(
            _go.Contour(x=land.xs, y=land.ys, z=land.z, showscale=False, hoverinfo="skip", name="level lines",
                       contours={"coloring": "none", **levels}, line={"color": "white", "width": 1})
        )  # fmt: skip
        fig.add_trace(_go.Scatter(x=[x0], y=[y0], **here).update(marker_size=14))
        # one unit the same length on both axes (the kinks' 45° lines stay 45°); the plot shrinks to
        # the grid's square, where a range widened to the chart's width drew it in a third of it
        # with empty axis either side (a 1920x1080 screenshot)
        fig.update_xaxes(title_text=f"score of {x_name}", range=_extent(land.xs), constrain="domain")
        fig.update_yaxes(
            title_text=f"score of {y_name}", range=_extent(land.ys), constrain="domain", scaleanchor="x",
            scaleratio=1, constraintoward="top",  # on a narrow chart (a phone) the square under its title
        )  # fmt: skip
        margin = {"l": 10, "r": 10, "t": 50, "b": 10}
    return _layout(fig, land.title, font_size=font_size, height=540, showlegend=False, margin=margin)


jitter_figure = _figure_of(jitter_spec)
min_max_figure = _figure_of(min_max_spec)
random_scores_figure = _figure_of(random_scores_spec)
kink_figure = _figure_of(kink_spec)
margin_figure = _figure_of(margin_spec)
variants_figure = _figure_of(variants_spec)
landscape_figure = _figure_of(landscape_spec)
