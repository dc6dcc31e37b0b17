"""Plotly figures in a page: `show_figure` (st.plotly_chart) and `live_figure` (a chart updated in place)."""

import functools
from pathlib import Path

import plotly.graph_objects as go
import plotly.io
import streamlit as st

from hinge.figures import CHART_CONFIG, CORRECT, LOSS
from hinge.ui import workarounds
from hinge.ui.page import PRESENT_FONT_SIZE, presenting, with_presentation


def show_figure(fig, key, *, theme="streamlit", on_select="ignore", selection_mode=None):
    """Render a Plotly figure full width with the shared toolbar settings; `fig` is not changed.

    In presentation mode the chart's text is enlarged: every figure follows the projector.
    A figure built with ``font_size=ui.chart_font_size()`` has that size already and is shown
    as it is; another is shown as a copy with the projector's size (a copy costs milliseconds).
    ``theme=None`` keeps the figure's own font sizes (Streamlit's theme sets ~12 px text); in
    dark mode such a figure is shown as a copy in the dark theme's colours.
    ``on_select`` and ``selection_mode`` go to ``st.plotly_chart`` (clicks on points, box, lasso).
    """
    selecting = {} if selection_mode is None else {"selection_mode": selection_mode}
    enlarge = presenting() and fig.layout.font.size != PRESENT_FONT_SIZE
    darken = theme is None and workarounds.dark_theme()  # Streamlit's theme would follow dark mode itself
    if enlarge or darken:
        fig = _restyled(fig, enlarge, darken)
    return st.plotly_chart(
        fig, key=key, width="stretch", config=CHART_CONFIG, theme=theme, on_select=on_select, **selecting
    )


def _restyled(fig, enlarge, darken):
    """A copy of `fig` with the projector's text size and/or the dark theme's colours.

    The same figure as ``go.Figure(fig)`` then ``update_layout`` (and ``update_xaxes``,
    ``update_yaxes``) would make, in a fifth of the time: the copy skips Plotly's validators,
    as `fig` has passed them already (2 ms, not 10-13 ms, for the cross-entropy page's charts).
    """
    spec = fig.to_dict()
    layout = spec["layout"]
    if enlarge:
        layout["font"] = {**layout.get("font", {}), "size": PRESENT_FONT_SIZE}
    if darken:
        layout.update({name: workarounds.DARK[name] for name in ("paper_bgcolor", "plot_bgcolor")})
        layout["font"] = {**layout.get("font", {}), "color": workarounds.DARK["font_color"]}
        for name in {"xaxis", "yaxis", *layout}:
            if name.startswith(("xaxis", "yaxis")):
                layout[name] = {**layout.get(name, {}), **workarounds.DARK_AXES}
    return go.Figure(spec, _validate=False)


# Constant CSS for the live chart's arithmetic and share row: typeset like the note's LaTeX
# (Streamlit ships KaTeX's fonts), in the theme's text colour, sized with the page (rem).
_LIVE_CSS = f"""
.hinge-live-chart {{ contain: size layout; }}
.hinge-arithmetic {{ display: grid; grid-template-columns: auto 1fr; column-gap: 0.3em;
  margin: 0.4rem 0 0 2.5rem; font: 1.21rem/1.5 KaTeX_Main, "Times New Roman", serif; }}
.hinge-arithmetic span span:not(.join) {{ white-space: nowrap; }}
.hinge-arithmetic .lead {{ font-family: KaTeX_Math, "Times New Roman", serif; font-style: italic; }}
.hinge-arithmetic .correct {{ color: {CORRECT}; }}
.hinge-arithmetic .term {{ color: {LOSS}; }}
.hinge-arithmetic .total {{ font-weight: bold; }}
.hinge-share {{ display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 1rem 0 0 2.5rem; }}
.hinge-share label {{ flex: 1 1 20rem; display: flex; gap: 0.5rem; align-items: center; }}
.hinge-share input, .hinge-share button {{ color: inherit; background: transparent;
  border: 1px solid rgba(128, 128, 128, 0.4); border-radius: 0.5rem; padding: 0.3rem 0.6rem; }}
.hinge-share input {{ flex: 1 1 10rem; min-width: 0; font: 0.85rem "Source Code Pro", monospace; }}
.hinge-share button {{ font: inherit; cursor: pointer; }}
.hinge-share button:hover {{ border-color: #FF4B4B; color: #FF4B4B; }}
"""


@functools.cache
def _live_chart():
    return st.components.v2.component(
        "hinge_live_chart",
        js=(Path(__file__).parents[1] / "live_chart.js").read_text(encoding="utf-8"),
        css=_LIVE_CSS,
        isolate_styles=False,  # Plotly styles its toolbar and hover labels from the page's head
    )


def live_figure(
    figure, key, *, arithmetic=None, share_query=None, on_scrub=None, on_click=None, play=(),
    play_seconds=0.1, narrow=None, lazy=False, in_place=False,
):  # fmt: skip
    """Render a Plotly figure that later runs update in place, full width, in the page.

    For the chart that follows every key press: ``st.plotly_chart`` re-creates its chart on
    each change, this hands the new figure to ``Plotly.react`` (see live_chart.js). Fonts
    and colours follow the app's theme and presentation mode, as ``show_figure`` does.
    No selections: clicks on this chart reach Python only through `on_click`.

    `figure` is a ``go.Figure`` or its plain ``{"data", "layout", "frames"}`` dict, which
    skips Plotly's figure objects (see hinge.figures.playground.playground_spec). It is not
    changed: the theme goes onto copies. Plotly's validators are not run here either.
    ``None``: no chart is shown (nothing under it either, without `arithmetic` and `share_query`),
    and the browser loads Plotly: a page whose chart comes and goes (the Lesson's steps) keeps
    this element in its place, so the next figure is drawn in place, with no wait for Plotly.

    Under the chart, in the same element (each one more in a rerun costs the browser time):
    `arithmetic`, rows from ``hinge.playground_text.arithmetic_rows``, shown as text, never HTML;
    and for a `share_query`, this page's address with it and a button that copies it; in
    presentation mode the link carries `present=1` too, so it opens as the lecturer sees it.

    `on_scrub`, if given, is called with the correct score where a drag of the figure's own
    slider ended (a number as the browser sent it: check it), as a callback, so before the
    rerun draws anything: it can set the page's slider to that score.

    `on_click`, if given, is called (as a callback) with a click on one of the figure's points, in
    the shape of ``st.plotly_chart``'s selection state: ``{"selection": {"points": [{"x", "y",
    "customdata", "curve_number", "point_index"}]}}``, numbers as the browser sent them: check them.

    `play`, figures (or spec dicts) that the browser draws in turn before `figure`, one every
    `play_seconds`, then `figure` (an animation's frames: a training Run's steps). A newer
    figure that comes meanwhile skips the rest. Only a chart drawn before plays them.

    `narrow`, ``(pixels, layout)``: on a chart narrower than that (a phone), the browser draws the
    figures with those layout values instead, each dict merged into the figure's one level deep
    (a legend under the plot, not beside it; a title's font size, keeping each frame's text).

    With `in_place`, a new figure whose traces differ from the drawn one's only in their values
    (coordinates, text, markers, hover data: not in the traces there are or their kind) is drawn
    with ``Plotly.animate``, and any layout value that changed (a title, an axis range) with
    ``Plotly.relayout``, not with a full replot: a training Run's frames.

    With `lazy`, a new figure is drawn only once the chart is near the window (within a
    quarter of the window's height): on a long page a key press does not wait for charts out
    of sight, which follow as they are scrolled to. The first drawing is at once.
    """
    base = st.get_option("server.baseUrlPath").strip("/")
    data = {
        "figure": None if figure is None else _themed_json(figure),
        "play": [_themed_json(frame) for frame in play],
        "play_ms": round(1000 * play_seconds),
        "narrow": narrow,
        # a chart whose clicks go to Python: two quick clicks (a point, then where it goes) are two
        # clicks, not Plotly's double-click, which reset the axes between them and moved the second
        "config": CHART_CONFIG if on_click is None else {**CHART_CONFIG, "doubleClick": False},
        "plotly_src": ("/" + base if base else "") + "/" + workarounds.plotly_js_url(),
        "arithmetic": arithmetic or [],
        "share_query": share_query if share_query is None else with_presentation(share_query, presenting()),
        "scrub": on_scrub is not None,
        "click": on_click is not None,
        "lazy": lazy,
        "in_place": in_place,
    }
    callbacks = {}
    if on_scrub is not None:
        callbacks["on_scrub_change"] = lambda: on_scrub(_scrubbed_to(key))
    if on_click is not None:
        callbacks["on_click_change"] = lambda: on_click(_trigger(key, "click"))
    return _live_chart()(data=data, key=key, **callbacks)


def _themed_json(figure):
    """A go.Figure or spec dict as JSON, in the app's theme (see :func:`_themed_layout`)."""
    spec = figure.to_plotly_json() if isinstance(figure, go.Figure) else figure
    return plotly.io.to_json({**spec, "layout": _themed_layout(spec["layout"])}, validate=False)


def _themed_layout(layout):
    """A copy of a figure's layout in the app's font and theme colours, and the projector's text size."""
    layout = dict(layout)
    dark = workarounds.dark_theme()
    colour = workarounds.DARK["font_color"] if dark else workarounds.TEXT_COLOUR
    font = {**layout.get("font", {}), "family": workarounds.APP_FONT, "color": colour}
    layout["font"] = {**font, "size": PRESENT_FONT_SIZE} if presenting() else font
    if dark:
        layout.update({name: workarounds.DARK[name] for name in ("paper_bgcolor", "plot_bgcolor")})
        for name, axis in layout.items():
            if name.startswith(("xaxis", "yaxis")):
                layout[name] = {**axis, **workarounds.DARK_AXES}
    return layout


def _scrubbed_to(key):
    """The position a live chart's figure slider was left at (its "scrub" trigger), or None."""
    return _trigger(key, "scrub")


def _trigger(key, name):
    """The value a live chart's trigger `name` last sent, or None."""
    state = st.session_state.get(key)
    return state.get(name) if isinstance(state, dict) else None
