"""The Streamlit helpers the pages share; the only module besides the pages that imports Streamlit."""

import contextlib
import functools
import gc
import importlib
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io
import streamlit as st
import streamlit.components.v1 as components_v1
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.pages_manager import PagesManager

from hinge.figures import CHART_CONFIG, CORRECT, FONT_SIZE, LOSS


def _freeze_startup_heap():
    """Take the objects of every import out of the garbage collector's sight, once a process.

    After each run Streamlit forces a full collection (`runner.postScriptGC`). It walked the
    115,000 objects of Streamlit, numpy, pandas and Plotly every time: 44 ms, measured,
    during which the server could not send the run's results. Those objects live as long
    as the process; frozen, a collection walks only what the runs made. Pandas and pyarrow
    are imported first because Streamlit imports them for the first table anyway.
    """
    if gc.get_freeze_count() == 0:
        for name in ("pandas", "pyarrow"):
            importlib.import_module(name)
        gc.collect()
        gc.freeze()


DEFAULT_CLASS_NAMES = ("cat", "car", "frog", "plane", "ship", "truck", "deer", "dog", "horse", "bird")

# The app's pages in teaching order: (file, title in the menu, URL path; "" is the front page).
# No menu icons: Streamlit fetches Material icons from Google's servers, which a lecture hall
# without internet cannot reach, and emoji need a font a projector's machine may lack.
PAGES = (
    ("pages/0_Playground.py", "Playground", ""),
    ("pages/1_Cross-entropy_vs_hinge.py", "Cross-entropy vs hinge", "Cross-entropy_vs_hinge"),
    ("pages/2_Questions_as_experiments.py", "Questions as experiments", "Questions_as_experiments"),
    ("pages/3_Train_a_linear_classifier.py", "Train a linear classifier", "Train_a_linear_classifier"),
)


def navigation():
    """The app's menu, from PAGES; app.py runs the page it returns.

    Importing this module must stay cheap, and the slow set-up waits until the menu is
    out: a fresh server's first run starts with a menu Streamlit builds from pages/ (see
    `_take_over_menu`), which the browser showed for 0.3-0.6 s while this module loaded.
    """
    pages = [st.Page(path, title=title, url_path=url or None, default=not url) for path, title, url in PAGES]
    page = st.navigation(pages)
    _freeze_startup_heap()
    return page


def page_routes():
    """Routes for each page's own address but the front page's: Streamlit's page, told where its server is.

    Opened by its own address, a page's browser code first asks for the server's health at
    <page>/_stcore/health and host-config there, as if the page's path were the server's, and
    logs both 404s as errors before it tries the right place (streamlit#7074). Told the
    server's address (window.__streamlit.BACKEND_BASE_URL, Streamlit's setting for a page
    served by a host), it asks the right place first. The pages, their menu and every
    other address are Streamlit's as before.
    """
    from starlette.responses import HTMLResponse
    from starlette.routing import Route
    from streamlit.file_util import get_static_dir

    html = (Path(get_static_dir()) / "index.html").read_text(encoding="utf-8")
    base = st.get_option("server.baseUrlPath").strip("/")
    root = "/" + base + "/" if base else "/"
    told = f"<script>window.__streamlit = {{BACKEND_BASE_URL: location.origin + {root!r}}};</script>"
    page = html.replace("<head>", "<head>\n    " + told, 1)

    async def index(request):
        return HTMLResponse(page, headers={"Cache-Control": "no-cache"})

    return [Route(f"{root}{url}", index, methods=["GET", "HEAD"]) for _, _, url in PAGES if url]


def _take_over_menu():
    """Send a page that Streamlit started on its own back through app.py.

    Until some run has called st.navigation, Streamlit 1.67 treats a folder named pages/
    the old way: when a fresh server's first visitor opens a sub-page's link, it runs that
    script directly, without app.py, under a menu built from file names with an extra
    "app" entry. Calling st.navigation ends that mode for the process; the rerun then
    goes through app.py to this same page (found by its URL path), with the app's menu
    and the widget keys every later run uses.
    """
    if PagesManager.uses_pages_directory:
        navigation()
        st.rerun()


PRESENT_FONT_SIZE = 22  # chart text in presentation mode

# Tables (st.data_editor, st.dataframe) draw their cells on a canvas, in a type size set once
# when they appear (7/8 of the page's type then): no font size reaches them. CSS zoom does,
# and Chromium maps clicks and the cell editor through it; the width is divided by it so the
# grid still fits its column. 1.3 brings the cells to the prose's 1.15rem.
TABLE_ZOOM = 1.3

# Constant CSS, never user text: larger type for a projector.
_PRESENT_CSS = """<style>
html { font-size: 20px; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; }
[data-testid="stWidgetLabel"] p { font-size: 1.1rem !important; font-weight: 600; }
[data-testid="stMetricValue"] { font-size: 2.6rem !important; }
[data-testid="stElementContainer"]:has(> [data-testid="stFullScreenFrame"] > [data-testid="stDataFrame"]) {
  zoom: TABLE_ZOOM; width: calc(100% / TABLE_ZOOM) !important; }
[data-testid="stTable"] th, [data-testid="stTable"] td { font-size: 1.15rem; }
</style>""".replace("TABLE_ZOOM", str(TABLE_ZOOM))


# Constant CSS: a focus ring that a keyboard user can see from the back of a room, on every
# control (several of Streamlit's only change a border colour). Only for keyboard focus.
# Less empty space above the title, so a page's first screen fits a 720-pixel projector.
# On a phone (Streamlit's own breakpoint, 640 px) no Plotly toolbar: once a finger has touched
# a chart it stays over the chart's title, and its zoom and pan fight the page's scrolling.
# Larger screens keep it, shown while the pointer is over the chart. A phone's title: 2 lines, not 3.
_BASE_CSS = """<style>
:focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 2px !important; }
.stMainBlockContainer { padding-top: 2.5rem; }
@media (max-width: 640px) { .js-plotly-plot .modebar-container { display: none !important; } }
@media (max-width: 640px) { h1 { font-size: 2rem !important; } }
</style>"""


def setup_page(title, icon="📐"):
    """Page config, the presentation-mode toggle and the title, the same on every page."""
    _take_over_menu()
    # a projector link (present=1) opens with the sidebar folded away: the page gets the width
    # (and so does every page a lecturer goes to in presentation mode)
    if _PRESENTING not in st.session_state:
        st.session_state[_PRESENTING] = _present_in_link()
    sidebar = "collapsed" if presenting() else "auto"
    st.set_page_config(
        page_title=f"{title} · hinge loss", page_icon=icon, layout="wide", initial_sidebar_state=sidebar
    )
    st.html(_BASE_CSS + (_PRESENT_CSS if _presentation_toggle() else ""))
    st.title(title)


def _presentation_toggle():
    """A sidebar toggle kept in the URL as `present=1` (a bound toggle would need `present=true`).

    The mode itself lives in a key no widget owns (`_presenting`): each page draws its own
    toggle, and Streamlit forgets a widget's state, and the query string, on a change of
    page. The toggle is seeded from that key on every page and writes it when clicked.
    """
    st.session_state.present = st.session_state[_PRESENTING]
    on = st.sidebar.toggle(
        "Presentation mode",
        key="present",
        on_change=_toggled,
        help="Hides explanations and enlarges text and charts for a projector. In the link as present=1.",
    )
    if on:
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]
    return on


_PRESENTING = "_presenting"  # the mode, kept across pages; the toggle's own key is "present"


def _toggled():
    st.session_state[_PRESENTING] = st.session_state.present


def _present_in_link():
    return st.query_params.get("present", "").lower() in ("1", "true", "yes", "on")


def presenting():
    """True while presentation mode is on."""
    return bool(st.session_state.get(_PRESENTING, False))


def chart_font_size():
    """The chart text size to build figures with: larger in presentation mode.

    For figures that set their axis fonts themselves, as Streamlit's chart theme sets its own.
    """
    return PRESENT_FONT_SIZE if presenting() else FONT_SIZE


def explain(markdown):
    """Explanatory text (our own, never user input); hidden in presentation mode."""
    if not presenting():
        st.markdown(markdown)


APP_FONT = '"Source Sans", sans-serif'  # Streamlit's own, which its chart theme gives charts
TEXT_COLOUR = "#31333F"  # Streamlit's text colour in the light theme
# Without Streamlit's chart theme a figure keeps its own colours; these follow dark mode.
_DARK = {"paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)", "font_color": "#FAFAFA"}
_DARK_AXES = {"gridcolor": "#3A3F4B", "zerolinecolor": "#5A6070", "linecolor": "#5A6070"}


def _dark():
    return getattr(st.context.theme, "type", None) == "dark"


def show_figure(fig, key, *, theme="streamlit", on_select="ignore", selection_mode=None):
    """Render a Plotly figure full width with the shared toolbar settings.

    In presentation mode the chart's text is enlarged: every figure follows the projector.
    ``theme=None`` keeps the figure's own font sizes (Streamlit's theme sets ~12 px text).
    ``on_select`` and ``selection_mode`` go to ``st.plotly_chart`` (clicks on points, box, lasso).
    """
    selecting = {} if selection_mode is None else {"selection_mode": selection_mode}
    if presenting():
        fig.update_layout(font_size=PRESENT_FONT_SIZE)
    if theme is None and _dark():  # Streamlit's theme would follow dark mode by itself
        fig.update_layout(**_DARK)
        fig.update_xaxes(**_DARK_AXES)
        fig.update_yaxes(**_DARK_AXES)
    return st.plotly_chart(
        fig, key=key, width="stretch", config=CHART_CONFIG, theme=theme, on_select=on_select, **selecting
    )


@functools.cache
def _plotly_js():
    """Plotly's own browser bundle, served by Streamlit from the plotly package.

    A (v1) component registered for its folder and never drawn; its URL is
    component/<this module>.plotly_js/. Registered on first use: it takes 0.1 s.
    """
    components_v1.declare_component("plotly_js", path=str(Path(plotly.__file__).parent / "package_data"))
    return f"component/{__name__}.plotly_js/plotly.min.js"


# Constant CSS for the live chart's arithmetic and share row: typeset like the note's LaTeX
# (Streamlit ships KaTeX's fonts), in the theme's text colour, sized with the page (rem).
_LIVE_CSS = f"""
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
        js=(Path(__file__).parent / "live_chart.js").read_text(encoding="utf-8"),
        css=_LIVE_CSS,
        isolate_styles=False,  # Plotly styles its toolbar and hover labels from the page's head
    )


def live_figure(figure, key, *, arithmetic=None, share_query=None, on_scrub=None):
    """Render a Plotly figure that later runs update in place, full width, in the page.

    For the chart that follows every key press: ``st.plotly_chart`` re-creates its chart on
    each change, this hands the new figure to ``Plotly.react`` (see live_chart.js). Fonts
    and colours follow the app's theme and presentation mode, as ``show_figure`` does.
    No selections: clicks on this chart do not reach Python.

    `figure` is a ``go.Figure`` or its plain ``{"data", "layout", "frames"}`` dict, which
    skips Plotly's figure objects (see hinge.figures.playground.playground_spec). It is not
    changed: the theme goes onto copies. Plotly's validators are not run here either.

    Under the chart, in the same element (each one more in a rerun costs the browser time):
    `arithmetic`, rows from ``hinge.playground.arithmetic_rows``, shown as text, never HTML;
    and for a `share_query`, this page's address with it and a button that copies it; in
    presentation mode the link carries `present=1` too, so it opens as the lecturer sees it.

    `on_scrub`, if given, is called with the correct score where a drag of the figure's own
    slider ended (a number as the browser sent it: check it), as a callback, so before the
    rerun draws anything: it can set the page's slider to that score.
    """
    spec = figure.to_plotly_json() if isinstance(figure, go.Figure) else figure
    layout = dict(spec["layout"])
    dark = _dark()
    colour = _DARK["font_color"] if dark else TEXT_COLOUR
    font = {**layout.get("font", {}), "family": APP_FONT, "color": colour}
    layout["font"] = {**font, "size": PRESENT_FONT_SIZE} if presenting() else font
    if dark:
        layout.update(paper_bgcolor=_DARK["paper_bgcolor"], plot_bgcolor=_DARK["plot_bgcolor"])
        for name, axis in layout.items():
            if name.startswith(("xaxis", "yaxis")):
                layout[name] = {**axis, **_DARK_AXES}
    base = st.get_option("server.baseUrlPath").strip("/")
    data = {
        "figure": plotly.io.to_json({**spec, "layout": layout}, validate=False),
        "config": CHART_CONFIG,
        "plotly_src": ("/" + base if base else "") + "/" + _plotly_js(),
        "arithmetic": arithmetic or [],
        "share_query": share_query if share_query is None else with_presentation(share_query, presenting()),
        "scrub": on_scrub is not None,
    }
    if on_scrub is None:
        return _live_chart()(data=data, key=key)
    return _live_chart()(data=data, key=key, on_scrub_change=lambda: on_scrub(_scrubbed_to(key)))


def _scrubbed_to(key):
    """The position a live chart's figure slider was left at (its "scrub" trigger), or None."""
    state = st.session_state.get(key)
    return state.get("scrub") if isinstance(state, dict) else None


def with_presentation(query, on):
    """A share link's query string, with `present=1` when presentation mode is on.

    >>> with_presentation("classes=3&label=cat", True)
    'classes=3&label=cat&present=1'
    >>> with_presentation("", True), with_presentation("classes=3", False)
    ('present=1', 'classes=3')
    """
    if not on or "present=1" in query.split("&"):
        return query
    return f"{query}&present=1" if query else "present=1"


def show_notices(notices):
    """Show problems with user input (bad URL values, bad cells) as short warnings, never raised."""
    for text in notices:
        st.warning(text, icon="⚠️")


def whole_number_from_link(key, min_value, max_value, default):
    """The whole number the link's `key` asks for: (value, notice); (None, None) when the link has none.

    A value that is not a whole number in [min_value, max_value] (`abc`, `-1`, `1.5`, `inf`, `1e400`)
    gives a notice that says what was given and what is used, and the link is corrected to it; a
    whole number written as `175.0` is rewritten as `175`. Untrusted text is shortened and escaped.
    """
    from hinge import params  # here, not at the top: this helper's change stays in one place

    if key not in st.query_params:
        return None, None
    raw = st.query_params[key]
    number, _ = params.cell_to_float(raw)
    notice = None
    if number is None or not number.is_integer() or not min_value <= number <= max_value:
        value = int(default)
        notice = (
            f"`{key}` in the link is {params._shorten(raw) or 'empty'}, not a whole number from "
            f"{min_value} to {max_value}: using {value}."
        )
    else:
        value = int(number)
    keep_whole_number_in_link(key, value, default)
    return value, notice


def keep_whole_number_in_link(key, value, default):
    """Put the whole number `value` in the link as `key`, written `175` (never `175.0`); not the default."""
    if value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != str(value):
        st.query_params[key] = str(value)


def whole_number_input(label, min_value, max_value, value=None, step=1, *, key, bind=None, **kwargs):
    """An int from a number box; with `bind="query-params"` it is kept in the link as `key`.

    The link is read and checked here, not by Streamlit's own binding: Streamlit 1.67 drops an
    unusable link value without a word, keeps `1.5` as 1, and its integer box raises OverflowError
    for `inf` or 1e400. A bad value gives a notice under the box and the link is corrected (see
    :func:`whole_number_from_link`); whole numbers are written without ".0".
    Callbacks may set ``st.session_state[key]``; `value` (default `min_value`) is the starting value.
    """
    default = int(min_value if value is None else value)
    linked = bind == "query-params"
    notice = None
    if key not in st.session_state:  # a new visit, or the box was not drawn last run: the link decides
        from_link, notice = (None, None)
        if linked:
            from_link, notice = whole_number_from_link(key, min_value, max_value, default)
        st.session_state[key] = default if from_link is None else from_link
    elif isinstance(st.session_state[key], float) and st.session_state[key].is_integer():
        st.session_state[key] = int(st.session_state[key])
    got = st.number_input(label, int(min_value), int(max_value), step=int(step), key=key, **kwargs)
    if notice:
        show_notices([notice])
    if linked:
        keep_whole_number_in_link(key, got, default)
    return got


# Links and editors: the Streamlit side of hinge.links, and a table editor whose edits can be replaced


def correct_link(fixes, notices, *, key):
    """Apply `fixes` of hinge.links.check_link before any control is drawn, and show `notices`.

    Controls take their first value from the link the run started with, so a corrected link
    starts the run again, once a visit (session key `key` remembers it); the notices are kept
    for that run. A key bound to a control drawn earlier in this session is left to the control.
    """
    if fixes and key not in st.session_state:
        for name, text in fixes.items():
            if text is None:
                drop_from_link([name])
            else:
                with contextlib.suppress(StreamlitAPIException):
                    st.query_params[name] = text
        st.session_state[key] = notices
        st.rerun()
    show_notices(st.session_state.pop(key, notices))


def drop_from_link(names):
    """Take keys out of the link; a key bound to a control already is one Streamlit corrects itself."""
    for name in names:
        if name in st.query_params:
            with contextlib.suppress(StreamlitAPIException):
                del st.query_params[name]


def keep_in_link(name, text, *, default=None):
    """Put `text` in the link as `name`; take `name` out when `text` is None or the `default` text.

    Writes only on a change: each write is a message to the browser.
    """
    if text is None or text == default:
        drop_from_link([name])
    elif st.query_params.get(name) != text:
        st.query_params[name] = text


def editor_version(name):
    """The version of editor `name`: its widget key changes with it (see :func:`versioned_editor`)."""
    return st.session_state.get(f"_{name}_version", 0)


def forget_edits(name):
    """Throw away editor `name`'s edits: its next drawing is a new widget over the rows the page gives it.

    Safe in a callback. Streamlit's data editor keeps its edits under its key, and a table whose
    rows change under the same key would replay them onto the new rows.
    """
    st.session_state[f"_{name}_version"] = editor_version(name) + 1


def editor_drawn(name, suffix=""):
    """Whether editor `name` holds edits from an earlier run (False on a new visit or after forget_edits)."""
    return f"{name}_editor_{editor_version(name)}{suffix}" in st.session_state


def versioned_editor(name, data, *, suffix="", **kwargs):
    """``st.data_editor`` over `data`, keyed so that :func:`forget_edits` can replace its edits.

    `suffix` is added to the key (e.g. the number of rows, so a shorter table is a new widget).
    Returns the edited table, as ``st.data_editor`` does.
    """
    return st.data_editor(data, key=f"{name}_editor_{editor_version(name)}{suffix}", **kwargs)
