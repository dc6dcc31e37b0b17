"""Figures for the linear-classifier page: the plane with its decision regions, and the loss curves."""

import numpy as np
import plotly.graph_objects as go

from hinge.figures import FONT_SIZE, LOSS, PALETTE, base_layout, class_colour

# Legends sit at the very bottom, under the axis title: above the plot they collide with the title
# once presentation mode enlarges the text or a narrow column wraps them.
LEGEND = {
    "orientation": "h",
    "xref": "container",  # wrap at the chart's width, not the square plot's: one row, not one per entry
    "yref": "container",
    "y": 0.01,
    "yanchor": "bottom",
    "x": 0.5,
    "xanchor": "center",
}
MARGIN = {"l": 60, "r": 20, "t": 60, "b": 120}
# The plane is square: its legend goes in the room beside it, where it costs the plot nothing.
SIDE_LEGEND = {"orientation": "v", "xref": "container", "x": 1, "xanchor": "right", "y": 0.5}

# The loss curves: total in the loss colour, its two parts in quieter tones.
TOTAL, DATA, REGULARIZATION, ACCURACY = LOSS, PALETTE[0], "#999999", PALETTE[2]
PICKED = "#222222"  # the ring around the picked point
ARROWHEAD = 17  # the W row's arrowhead, in pixels
NO_TEMPLATE = {"layout": {}}  # every colour is set here: Plotly's default template is 7 kB a frame


def _tint(colour, amount):
    """`colour` mixed with white: the region fills stay light so points and lines stand out."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    r, g, b = (255 - (255 - rgb) * amount).round().astype(int)
    return f"rgb({r},{g},{b})"


def _rounded(values, decimals):
    """Values rounded for lean JSON and tidy tables; huge values (a diverging run) are left as they are."""
    values = np.asarray(values, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        rounded = np.round(values, decimals)
    return np.where(np.isfinite(rounded), rounded, values)


def decision_figure(points, labels, plane, **options):
    """:func:`decision_spec` as a ``go.Figure`` (its arguments are the same)."""
    return go.Figure(decision_spec(points, labels, plane, **options))


def decision_spec(
    points, labels, plane, *, class_names, title, height=500, font_size=FONT_SIZE, click_grid=None,
    picked=None, legend_beside=False,
):  # fmt: skip
    """The plane coloured by the winning class, each class's zero-score line and W row, and the points,
    as plain figure data ``{"data", "layout"}`` (a live chart takes it as it is: Plotly's figure
    objects would take several times as long as the rest of a frame on the server).

    Parameters
    ----------
    points : ndarray of shape (N, 2)
    labels : ndarray of int of shape (N,)
    plane : hinge.linear.geometry.Snapshot
        The geometry to draw, computed in hinge: ``point_losses`` (N,), each point's loss (a point
        with loss is drawn bigger and outlined in the loss colour); ``extent``, the half-width of the
        square view; and one entry a class of ``regions`` (polygons (K, 2) where it wins: filled,
        their edges are the true boundaries), ``zero_lines`` (the ends (2, 2) of its zero-score line
        in view, or None) and ``arrows`` (its row of W as (foot, tip), or None).
    class_names : sequence of str
        C names, one a class.
    font_size : int
        Every text of the chart, ticks included (Streamlit's theme would shrink unset tick labels).
    click_grid : ndarray of shape (G,), optional
        The coordinates along each axis of the plane's click grid (see
        :func:`hinge.linear.clicks.click_grid`): an invisible heatmap of G x G cells under the points
        makes every free spot of the plane clickable, a click giving its cell's centre. One image to
        draw, where G² invisible markers (625) took Plotly most of a redraw of the plane.
    picked : int, optional
        The index of the picked point, drawn with a dark ring.
    legend_beside : bool
        The legend beside the square plot, not under it: for a wide, low chart (a projector).
    """
    size, grow = (12, 10) if len(labels) <= 40 else (8, 5)  # a crowded plane gets smaller points
    traces = _region_traces(plane.regions, class_names)
    if click_grid is not None:
        traces.append(_click_trace(click_grid))
    traces += _point_traces(points, labels, plane.point_losses, class_names[: len(plane.regions)], size, grow)
    traces += _size_key(size, grow)
    if picked is not None and 0 <= picked < len(labels):
        traces.append(_picked_trace(points, plane.point_losses, picked, size))
    traces += _line_traces(plane.zero_lines, plane.arrows, class_names)  # over the points, as shapes were
    axis = {"range": [-plane.extent, plane.extent], "zeroline": True, "constrain": "domain"}
    axis |= _axis_fonts(font_size)
    layout = base_layout(
        font={"size": font_size},
        title={"text": title},
        height=height,
        margin={**MARGIN, "b": 60} if legend_beside else MARGIN,
        legend={**(SIDE_LEGEND if legend_beside else LEGEND), "font": {"size": round(font_size * 0.85)}},
        xaxis={**axis, "title": {"text": "x₁", "font": {"size": font_size}}},
        yaxis={**axis, "title": {"text": "x₂", "font": {"size": font_size}}, "scaleanchor": "x"},
        template=NO_TEMPLATE,
    )
    return {"data": traces, "layout": layout}


def narrow_plane(height, font_size=FONT_SIZE):
    """For a plane whose legend is beside it (``legend_beside``): what it becomes on a narrow chart (a
    phone), for ``ui.live_figure(narrow=...)``: (below how many pixels, the layout values there).

    There the legend goes back under the plot, which keeps the chart's width, the chart grows by
    the room the legend takes, and the title's text shrinks to fit a phone's width.

    >>> width, layout = narrow_plane(430, 22)
    >>> width, layout["height"], layout["legend"]["orientation"], layout["title"]
    (450, 550, 'h', {'font': {'size': 16}})
    """
    return 450, {
        "height": height + MARGIN["b"],
        "margin": MARGIN,
        "legend": {**LEGEND, "font": {"size": round(font_size * 0.85)}},
        "title": {"font": {"size": round(font_size * 0.75)}},
    }


def in_a_row_of_four(spec, font_size=FONT_SIZE, *, per_line=2):
    """`spec` (a plane or loss curves) for a row of four charts (two runs side by side on a projector,
    all on its first screen): a smaller title, and a legend `per_line` entries a line in smaller
    text under the plot. A new spec; `spec` is not changed.

    >>> layout = in_a_row_of_four({"data": [], "layout": {"title": {"text": "t"}, "legend": {"y": 0}}}, 22)
    >>> layout["layout"]["title"], layout["layout"]["legend"]["entrywidth"]
    ({'text': 't', 'font': {'size': 16}}, 0.5)
    """
    layout = dict(spec["layout"])
    layout["title"] = {**layout.get("title", {}), "font": {"size": round(font_size * 0.75)}}
    layout["legend"] = {
        **layout.get("legend", {}), **LEGEND, "font": {"size": round(font_size * 0.6)},
        "entrywidth": 1 / per_line, "entrywidthmode": "fraction", "itemwidth": 30,
    }  # fmt: skip
    layout["margin"] = {**layout.get("margin", {}), "b": 110 if per_line > 1 else 150}
    return {**spec, "layout": layout}


def _region_traces(regions, class_names):
    """Each class's region, filled in a light tint of its colour."""
    traces = []
    for j, polygon in enumerate(regions):
        if len(polygon):
            ring = np.vstack([polygon, polygon[:1]]).round(5)  # closed, so the fill has no gap
            traces.append(
                {
                    "type": "scatter", "x": ring[:, 0], "y": ring[:, 1], "mode": "lines", "fill": "toself",
                    "fillcolor": _tint(class_colour(j), 0.3), "line": {"width": 0},
                    "name": f"region {class_names[j]}", "showlegend": False, "hoverinfo": "skip",
                }
            )  # fmt: skip
    return traces


def _click_trace(grid):
    """An invisible heatmap over the plane, a cell a spot of the click grid: Plotly reports a click on
    it with the cell's centre, and a point near the cursor takes the hover (and the click) from it, as
    a heatmap's hover is always the farthest one Plotly accepts."""
    grid = np.asarray(grid, dtype=float)
    clear = "rgba(0,0,0,0)"
    return {
        "type": "heatmap", "x": grid, "y": grid, "z": np.zeros((len(grid), len(grid)), dtype=np.int8),
        "name": "plane", "showlegend": False, "showscale": False, "zmin": 0, "zmax": 1,
        "colorscale": [[0, clear], [1, clear]], "zsmooth": "fast",  # an image of G x G pixels, not the plot's
        "hovertemplate": "x₁ = %{x:.2f}, x₂ = %{y:.2f}<extra></extra>",
    }  # fmt: skip


def _line_traces(zero_lines, w_arrows, class_names):
    """Each class's zero-score line and W row (a line ending in an arrowhead), in its colour: one trace
    a class, always (empty when neither is in view), so the traces of every step are the same.

    Traces, not shapes and annotations: Plotly.react replots the plane about a fifth faster so
    (36-46 ms against 45-54 ms a step, measured in one page), as it draws every shape and annotation
    anew on each replot.
    """
    traces = []
    for j, (ends, arrow) in enumerate(zip(zero_lines, w_arrows, strict=True)):
        x, y, sizes = [], [], []
        if ends is not None:
            (x0, y0), (x1, y1) = ends
            x, y, sizes = [x0, x1, None], [y0, y1, None], [0, 0, 0]
        if arrow is not None:
            foot, tip = arrow
            x, y, sizes = [*x, foot[0], tip[0]], [*y, foot[1], tip[1]], [*sizes, 0, ARROWHEAD]
        colour = class_colour(j)
        traces.append(
            {
                "type": "scatter", "x": x, "y": y, "mode": "lines+markers", "name": f"W row {class_names[j]}",
                "line": {"color": colour, "width": 3}, "showlegend": False, "hoverinfo": "skip",
                "marker": {"symbol": "arrow", "angleref": "previous", "size": sizes, "color": colour},
            }
        )  # fmt: skip
    return traces


def _point_traces(points, labels, point_losses, class_names, size, grow):
    """The points, a trace a class; a point with loss is bigger and ringed in the loss colour."""
    traces = []
    for j in range(len(class_names)):
        mine = np.flatnonzero(labels == j)
        loss = point_losses[mine]
        traces.append(
            {
                "type": "scatter", "x": points[mine, 0], "y": points[mine, 1], "mode": "markers",
                "name": class_names[j], "customdata": np.column_stack([mine, loss]),
                "hovertemplate": f"point %{{customdata[0]}} ({class_names[j]})"
                "<br>x = %{x:.2f}, y = %{y:.2f}<br>loss %{customdata[1]:.3f}<extra></extra>",
                "marker": {
                    "color": class_colour(j), "size": size + grow * np.minimum(np.sqrt(loss), 1.5),
                    "line": {"color": LOSS, "width": np.where(loss > 0, 3, 0)},
                },
                "unselected": {"marker": {"opacity": 1}},  # a click must not fade the other points
            }
        )  # fmt: skip
    return traces


def _picked_trace(points, point_losses, picked, size):
    """A dark ring around the picked point."""
    return {
        "type": "scatter", "x": points[picked : picked + 1, 0], "y": points[picked : picked + 1, 1],
        "mode": "markers", "name": "picked", "showlegend": False,
        "customdata": [[picked, point_losses[picked]]],
        "hovertemplate": f"point {picked}, picked: click the plane to move it<extra></extra>",
        "marker": {"symbol": "circle-open", "size": 2 * size + 14, "color": PICKED,
                   "line": {"width": 4, "color": PICKED}},
        "unselected": {"marker": {"opacity": 1}},
    }  # fmt: skip


def _size_key(size, grow):
    """Two legend entries that say what a point's size and red ring mean (no data of their own)."""
    key = {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "hoverinfo": "skip"}
    return [
        {**key, "name": "small: no loss", "marker": {"color": "#999999", "size": size}},
        {**key, "name": "big, ringed: loss",
         "marker": {"color": "#999999", "size": size + grow, "line": {"color": LOSS, "width": 3}}},
    ]  # fmt: skip


def _axis_fonts(font_size):
    return {"tickfont": {"size": round(font_size * 0.85)}}


def _thin(n_steps, max_points):
    """Step indices to plot: all of them, or `max_points` spread evenly, always with the last."""
    if n_steps + 1 <= max_points:
        return np.arange(n_steps + 1)
    return np.unique(np.linspace(0, n_steps, max_points).round().astype(int))


def loss_curve_figure(data_loss, reg_loss, accuracy, **options):
    """:func:`loss_curve_spec` as a ``go.Figure`` (its arguments are the same)."""
    return go.Figure(loss_curve_spec(data_loss, reg_loss, accuracy, **options))


def loss_curve_spec(
    data_loss, reg_loss, accuracy, *, title, max_points=300, height=500, font_size=FONT_SIZE, loss_range=None
):
    """Data loss, regularization loss and their total over the steps; accuracy on a second axis, as
    plain figure data ``{"data", "layout"}``.

    All arrays have one entry per step 0..T. Long runs are drawn with `max_points` samples.
    `loss_range` fixes the loss axis (see :func:`shared_loss_range`), else it fits this run's losses.
    """
    data_loss, reg_loss, accuracy = map(np.asarray, (data_loss, reg_loss, accuracy))
    n_steps = len(data_loss) - 1
    at = _thin(n_steps, max_points)
    total = data_loss + reg_loss
    traces = [
        {
            "type": "scatter", "x": at, "y": _rounded(values[at], 6), "name": name, "mode": "lines",
            "line": {"color": colour, "width": 3, "dash": dash},
            "hovertemplate": f"step %{{x}}<br>{name} %{{y:.4f}}<extra></extra>",
        }
        for name, values, colour, dash in (
            ("total", total, TOTAL, "solid"),
            ("data loss", data_loss, DATA, "solid"),
            ("λ·ΣW²", reg_loss, REGULARIZATION, "dot"),
        )
    ]  # fmt: skip
    traces.append(
        {
            "type": "scatter", "x": at, "y": (100 * accuracy[at]).round(2), "name": "accuracy", "yaxis": "y2",
            "mode": "lines", "line": {"color": ACCURACY, "width": 2, "dash": "dash"},
            "hovertemplate": "step %{x}<br>accuracy %{y:.0f}%<extra></extra>",
        }
    )  # fmt: skip
    traces.append(
        {
            "type": "scatter", "x": [n_steps], "y": _rounded(total[-1:], 6), "mode": "markers+text",
            "showlegend": False, "text": [f"{total[-1]:.3g}"], "cliponaxis": False,
            "textposition": "top left" if n_steps else "top right", "marker": {"color": TOTAL, "size": 10},
            "hovertemplate": "step %{x}: total %{y:.4f}<extra></extra>",
        }
    )  # fmt: skip
    fonts, title_font = _axis_fonts(font_size), {"size": font_size}
    layout = base_layout(
        font={"size": font_size},
        title={"text": title},
        height=height,
        margin={**MARGIN, "r": 60},
        legend={**LEGEND, "font": {"size": font_size}},
        xaxis={"title": {"text": "step", "font": title_font}, "range": [0, max(n_steps, 1)], **fonts},
        yaxis={"title": {"text": "loss", "font": title_font}, **fonts,
               "range": list(shared_loss_range(total) if loss_range is None else loss_range)},
        yaxis2={"title": {"text": "accuracy", "font": title_font}, "overlaying": "y", "side": "right",
                "range": [-2, 102], "showgrid": False, "tickvals": [0, 25, 50, 75, 100], "ticksuffix": "%",
                **fonts},
        template=NO_TEMPLATE,
    )  # fmt: skip
    return {"data": traces, "layout": layout}


def shared_loss_range(*total_losses):
    """The loss axis [0, top] of one run, or one for charts side by side, so their curves compare by
    eye: 5% over the largest finite loss (a run that diverged to inf keeps the losses it had); [0, 1]
    without any loss above 0.

    A range of its own, not Plotly's autorange: a Run's frames then move the axis by relayout, in
    place (see ``ui.live_figure(in_place=True)``).

    >>> shared_loss_range([6.3, 2.0], [1.1, 0.4]), shared_loss_range([0.0]), shared_loss_range([3, np.inf])
    ([0, 6.615], [0, 1], [0, 3.15])
    """
    finite = [t[np.isfinite(t)] for t in map(np.asarray, total_losses)]
    top = max((float(t.max()) for t in finite if t.size), default=0.0)
    if not top > 0:
        return [0, 1]
    return [0, round(min(1.05 * top, np.finfo(float).max), 6)]


def point_table(points, labels, scores, point_losses, *, class_names):
    """Every point's coordinates, class, scores and loss, as columns for a table."""
    table = {
        "point": np.arange(len(labels)),
        "x₁": points[:, 0],
        "x₂": points[:, 1],
        "class": [class_names[y] for y in labels],
    }
    for j in range(scores.shape[1]):
        table[f"s {class_names[j]}"] = _rounded(scores[:, j], 3)
    table["loss"] = _rounded(point_losses, 4)
    return table


def parameter_table(weights, bias, grad_weights, grad_bias, *, class_names):
    """W, b and the gradient of the total loss, one row per class, as columns for a table."""
    return {
        "class": list(class_names[: len(bias)]),
        "w₁": _rounded(weights[:, 0], 3),
        "w₂": _rounded(weights[:, 1], 3),
        "b": _rounded(bias, 3),
        "∂L/∂w₁": _rounded(grad_weights[:, 0], 4),
        "∂L/∂w₂": _rounded(grad_weights[:, 1], 4),
        "∂L/∂b": _rounded(grad_bias, 4),
    }


def table_text(table):
    """A table's columns (name -> values, as :func:`point_table` and :func:`parameter_table` give
    them) as text, for ``hinge.ui.training.show_table``: ``{"columns": names, "rows": each row's
    cells as text, "numeric": whether each column holds numbers}``. Numbers are written in their
    shortest exact form (as the values are, already rounded), whole ones without a decimal point.

    >>> text = table_text({"class": ["cat"], "s cat": np.array([-0.0]), "loss": np.array([2.5])})
    >>> text["rows"], text["numeric"]
    ([['cat', '0', '2.5']], [False, True, True])
    """
    names = list(table)
    columns = [np.asarray(table[name]) for name in names]
    numeric = [column.dtype.kind in "iuf" for column in columns]
    texts = [
        [_number_text(v) for v in column.tolist()] if is_number else [str(v) for v in column.tolist()]
        for column, is_number in zip(columns, numeric, strict=True)
    ]
    return {"columns": names, "rows": [list(row) for row in zip(*texts, strict=True)], "numeric": numeric}


def _number_text(value):
    """'2.5', '3' (not '3.0'), '0' for -0.0, 'inf', '1e+300'."""
    if isinstance(value, int):
        return str(value)
    text = repr(value + 0.0)  # + 0.0: no minus sign on a zero
    return text[:-2] if text.endswith(".0") else text
