"""Every dependence of the app on Streamlit's internals or on a Streamlit bug, in one place.

Checked against Streamlit ``CHECKED_WITH``; ``tests/test_workarounds.py`` fails on any other
version and lists what to re-check. Each entry says what it works around and how to tell that
it can go. This is the only module that imports Streamlit's internals (``streamlit.runtime``,
``streamlit.file_util``, ``streamlit.errors``, ``streamlit.components.v1``, starlette's routing).

1. :func:`take_over_menu`: a fresh server runs a ``pages/`` script without app.py (private
   ``PagesManager.uses_pages_directory``).
2. :func:`freeze_startup_heap`: Streamlit's forced full garbage collection after each run.
3. :func:`plotly_js_url`: Plotly's browser bundle, served by a never-drawn v1 component.
4. :func:`page_routes`: 404s of ``<page>/_stcore/health`` on a page's own address (streamlit#7074).
5. CSS on Streamlit's ``data-testid`` attributes and class names: :data:`BASE_CSS`,
   :data:`PRESENT_CSS`, :data:`TABLE_ZOOM`, :func:`one_row` (the training page's step buttons in
   one row on a phone, until now that page's ``CONTROLS_CSS``: ``.st-key-lin_controls`` with
   ``stHorizontalBlock``, ``stColumn``), :func:`beside_css` (the questions page's chart beside its
   controls on a projector, with ``stAlertContainer``, ``stProgress``, ``stCaptionContainer``).
6. :func:`whole_number_input`, :func:`whole_number_from_link`, :func:`keep_whole_number_in_link`:
   Streamlit's integer number box and its link binding. The pages' sliders and select boxes in
   place of link-bound integer boxes avoid the same bug (pages 0 and 2 say so where they do).
7. ``hinge.params.cell_text``: editable tables of numbers use text cells, because the grid's
   (Glide Data Grid's) number cells drop the letter "e" from what is typed (-1e308 became -1308,
   or 0), silently. Can go when a NumberColumn cell keeps "1e-3" as typed.
8. :func:`drop_from_link`, :func:`put_in_link`: ``StreamlitAPIException`` on deleting or setting a
   link value bound to a widget.
9. :data:`PRESENTING`, :func:`presentation_toggle`: presentation mode survives a change of page,
   which a widget's state and its link value do not.
10. :func:`dark_theme` and :data:`DARK`, :data:`DARK_AXES`, :data:`TEXT_COLOUR`, :data:`APP_FONT`:
    figures drawn without Streamlit's chart theme copy its colours and font by hand.
11. :func:`set_cookie`: Streamlit reads cookies (``st.context.cookies``) but cannot set one.
12. :func:`tcp_nodelay`: Nagle's algorithm on every websocket (Streamlit's own listening socket
    has protocol number 0, so asyncio leaves TCP_NODELAY off; private ``Runtime._get_async_objs``).
13. :func:`rerun_fragment_if_asked`: a key press in a fragment does not stop the fragment's run
    under way (private ``ScriptRequests._state`` and ``_rerun_data``).

The live chart (``hinge.ui.charts.live_figure``, ``live_chart.js``) uses ``st.components.v2``
through its public API only (``isolate_styles=False``; a trigger read from ``st.session_state``,
as the components v2 docs describe); it needs :func:`plotly_js_url` for Plotly itself.
"""

import asyncio
import asyncio.base_events
import contextlib
import functools
import gc
import importlib
import json
import socket
from pathlib import Path

import plotly
import streamlit as st
import streamlit.components.v1 as components_v1
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.runtime import Runtime

CHECKED_WITH = "1.67.0"  # the Streamlit version every workaround here was checked against


# 1. ----------------------------------------------------------------------------------------------
def take_over_menu(navigation):
    """Send a page that Streamlit started on its own back through app.py; `navigation` builds the menu.

    Until some run has called st.navigation, Streamlit 1.67 treats a folder named pages/
    the old way: when a fresh server's first visitor opens a sub-page's link, it runs that
    script directly, without app.py, under a menu built from file names with an extra
    "app" entry. Calling st.navigation ends that mode for the process; the rerun then
    goes through app.py to this same page (found by its URL path), with the app's menu
    and the widget keys every later run uses.

    Can go when a fresh server's first visit to a sub-page's link runs app.py
    (tests/test_lecture_browser.py, test_a_fresh_servers_first_visitor_gets_the_apps_page_and_menu,
    passes without it). Should the private flag go (this module then fails to import), run that
    test: renaming pages/ would also end the old mode, but the folder is part of the layout users expect.
    """
    if PagesManager.uses_pages_directory:
        navigation()
        st.rerun()


# 2. ----------------------------------------------------------------------------------------------
def freeze_startup_heap():
    """Take the objects of every import out of the garbage collector's sight, once a process.

    After each run Streamlit forces a full collection (``runner.postScriptGC``, streamlit#3192).
    It walked the 115,000 objects of Streamlit, numpy, pandas and Plotly every time: 44 ms,
    measured, during which the server could not send the run's results. Those objects live as
    long as the process; frozen, a collection walks only what the runs made. Pandas and pyarrow
    are imported first because Streamlit imports them for the first table anyway.
    The app's ``.streamlit/config.toml`` now also turns that collection off
    (``runner.postScriptGC = false``): what the runs made still grew with the sessions open
    (a phone's poll 11.8 ms of server CPU with 120 phones, 4.3 ms without the collection).
    Python's own collector still runs, and walks less with the startup heap frozen.

    Can go when Streamlit no longer collects after a run (runner.postScriptGC gone or off by
    default), or its collection is cheap: time benchmarks/bare_app.py against bare_frozen_app.py.
    """
    if gc.get_freeze_count() == 0:
        for name in ("pandas", "pyarrow"):
            importlib.import_module(name)
        gc.collect()
        gc.freeze()


# 3. ----------------------------------------------------------------------------------------------
@functools.cache
def plotly_js_url():
    """Plotly's own browser bundle, served by Streamlit from the plotly package: its URL path.

    Streamlit has no public way to serve a package's static file; a (v1) component registered
    for the folder and never drawn does it. Its URL is component/<this module>.plotly_js/.
    Registered on first use: it takes 0.1 s. (Streamlit's static folder, ``server.enableStaticServing``,
    serves only the app's ./static, where a copy of the 4.6 MB bundle would go stale.)

    Can go when Streamlit offers a public way to serve a file (or components v2 can ship one),
    or ships Plotly's bundle at a known address. The live chart's test
    (tests/test_app.py, plotly_src) and its browser tests show the bundle still loads.
    """
    components_v1.declare_component("plotly_js", path=str(Path(plotly.__file__).parent / "package_data"))
    return f"component/{__name__}.plotly_js/plotly.min.js"


# 4. ----------------------------------------------------------------------------------------------
def page_routes(url_paths):
    """Routes for each page's own address but the front page's: Streamlit's page, told where its server is.

    Opened by its own address, a page's browser code first asks for the server's health at
    <page>/_stcore/health and host-config there, as if the page's path were the server's, and
    logs both 404s as errors before it tries the right place (streamlit#7074). Told the
    server's address (window.__streamlit.BACKEND_BASE_URL, Streamlit's setting for a page
    served by a host), it asks the right place first. The pages, their menu and every
    other address are Streamlit's as before. Uses Streamlit's index.html (streamlit.file_util)
    and starlette's routing (st.App's `routes`).

    Can go when streamlit#7074 is closed: without these routes, opening a sub-page's address
    logs no 404 (tests/test_workarounds.py shows the 404s' cause is still there).
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

    return [Route(f"{root}{url}", index, methods=["GET", "HEAD"]) for url in url_paths if url]


# 5. ----------------------------------------------------------------------------------------------
# CSS on Streamlit's own DOM (data-testid attributes, class names such as .stMainBlockContainer):
# no public option sets these sizes. Constant CSS, never user text. Can go, one rule at a time,
# when Streamlit has an option for it (a theme's font sizes; a table's font size); after an
# upgrade, check that every selector still matches: tests/test_lecture_browser.py measures the
# projector's text and the tables' zoom, .ci/screenshots.py shows the rest.

# Tables (st.data_editor, st.dataframe) draw their cells on a canvas, in a type size set once
# when they appear (7/8 of the page's type then): no font size reaches them. CSS zoom does,
# and Chromium maps clicks and the cell editor through it; the width is divided by it so the
# grid still fits its column. 1.3 brings the cells to the prose's 1.15rem.
TABLE_ZOOM = 1.3
# The type a table took when it appeared, in its inline style: at the page's 16 px, or at the
# projector's 20 px. A table that appeared before the projector's CSS (presentation mode turned
# on in an open page; or, a timing flake, a table drawn before the CSS of a fresh page) keeps
# the small type, and one from presentation mode keeps the large one after it is turned off: so
# the zoom follows the type the table has, whenever it appeared, not when the CSS came.
GRID_TYPE = {"normal": "400 14px", "present": "400 17.5px"}
GRID_TYPE_RATIO = 17.5 / 14  # the projector's type over the page's, 20 px / 16 px


def _table_zoom(grid_type, zoom):
    # the element that holds a table whose canvas type is `grid_type` (all tables when None)
    grid = '[data-testid="stDataFrame"]'
    if grid_type:
        grid += f' [style*="--gdg-base-font-style: {grid_type}"]'
    holder = f'[data-testid="stElementContainer"]:has(> [data-testid="stFullScreenFrame"] > {grid})'
    return f"{holder} {{ zoom: {zoom:g}; width: calc(100% / {zoom:g}) !important; }}\n"


# What `hinge.ui.page.explain` draws is in a container keyed EXPLAIN_KEY + a number (Streamlit's class
# st-key-<key>): presentation mode hides it, and the layout wrapper Streamlit puts around it (which
# would keep its gap).
EXPLAIN_KEY = "hinge_explain_"
_EXPLAIN = f'[class*="st-key-{EXPLAIN_KEY}"]'

# Larger type for a projector; no explanations.
PRESENT_CSS = (
    """<style>
html { font-size: 20px; }
EXPLAIN, [data-testid="stLayoutWrapper"]:has(> EXPLAIN) { display: none !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; }
[data-testid="stWidgetLabel"] p { font-size: 1.1rem !important; font-weight: 600; }
[data-testid="stMetricValue"] { font-size: 2.6rem !important; }
[data-testid="stTable"] th, [data-testid="stTable"] td { font-size: 1.15rem; }
"""
    + _table_zoom(None, TABLE_ZOOM)
    + _table_zoom(GRID_TYPE["present"], TABLE_ZOOM)  # after BASE_CSS's rule of the same weight: wins
    + _table_zoom(GRID_TYPE["normal"], TABLE_ZOOM * GRID_TYPE_RATIO)
    + "</style>"
).replace("EXPLAIN", _EXPLAIN)

# A focus ring that a keyboard user can see from the back of a room, on every control
# (several of Streamlit's only change a border colour). Only for keyboard focus.
# Less empty space above the title, so a page's first screen fits a 720-pixel projector.
# On a phone (Streamlit's own breakpoint, 640 px) no Plotly toolbar: once a finger has touched
# a chart it stays over the chart's title, and its zoom and pan fight the page's scrolling.
# Larger screens keep it, shown while the pointer is over the chart. A phone's title: 2 lines, not 3.
BASE_CSS = """<style>
:focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 2px !important; }
.stMainBlockContainer { padding-top: 2.5rem; }
@media (max-width: 640px) { .js-plotly-plot .modebar-container { display: none !important; } }
@media (max-width: 640px) { h1 { font-size: 2rem !important; } }
TABLE_FROM_PRESENTING</style>""".replace(
    "TABLE_FROM_PRESENTING", _table_zoom(GRID_TYPE["present"], 1 / GRID_TYPE_RATIO)
)


# Streamlit stacks columns below 640 px; the columns of a container keyed `key` (Streamlit gives it
# the class st-key-<key>) stay in one row, their buttons filling them.
ONE_ROW_CSS = """<style>
.st-key-{key} [data-testid="stHorizontalBlock"] {{ flex-wrap: nowrap; gap: 0.5rem; }}
.st-key-{key} [data-testid="stColumn"] {{ min-width: 0 !important; flex: 1 1 0 !important; }}
.st-key-{key} button {{ height: 100%; padding-left: 0.25rem; padding-right: 0.25rem; }}
.st-key-{key} button p {{ white-space: normal; line-height: 1.2; }}
</style>"""


def one_row(key):
    """Keep the columns of the container keyed `key` in one row on a phone, its buttons filling them."""
    st.html(ONE_ROW_CSS.format(key=key))


# A container as two columns by CSS alone (a grid): its live chart on the right, from the top; on
# the left, in this order, its heading, its finding (an info box, or a progress bar), its controls
# (rows of columns, `per_row` a row), its caption. The same elements as the container shown as one
# column: a page that changes its layout with presentation mode this way re-creates no element
# (and no chart) on the switch. Rows: up to 8 on the left; a last flexible one takes what the chart
# needs more (CSS grid: a spanning item grows the flexible rows only).
BESIDE_CSS = """
PANE {{ display: grid !important; grid-template-columns: minmax(0, {left}fr) minmax(0, {right}fr);
  grid-template-rows: repeat(8, auto) 1fr; column-gap: 1.5rem; align-content: start; }}
PANE > * {{ grid-column: 1; order: 2; }}
PANE > :has(h1, h2, h3, h4) {{ order: 0; }}
PANE > :has([data-testid="stAlertContainer"][role="status"], [data-testid="stProgress"]) {{ order: 1; }}
PANE > :has([data-testid="stCaptionContainer"]) {{ order: 3; }}
PANE > :has(.hinge-live-chart) {{ grid-column: 2; grid-row: 1 / -1; }}
PANE [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap; }}
PANE [data-testid="stColumn"] {{ flex: 1 1 calc({share}% - 1rem) !important;
  min-width: calc({share}% - 1rem) !important; }}
"""


def beside_css(pane, *, left=9, right=11, per_row=2):
    """CSS (no <style> tags): the containers that `pane` (a CSS selector) matches, as BESIDE_CSS says."""
    return BESIDE_CSS.format(left=left, right=right, share=100 // per_row).replace("PANE", pane)


# 6. ----------------------------------------------------------------------------------------------
# Streamlit 1.67's integer number box, bound to the link (bind="query-params"), drops an unusable
# link value without a word, keeps `1.5` as 1, and raises OverflowError while seeding from `inf`
# or 1e400 (no issue found). Can go when a link-bound st.number_input(..., step=1) opened with
# step=inf, step=1e400 and step=1.5 shows no exception and says what it used: then whole_number_input
# is `st.number_input(..., bind="query-params")` plus a notice (tests/test_whole_number_links.py).
def whole_number_from_link(key, min_value, max_value, default):
    """The whole number the link's `key` asks for: (value, notice); (None, None) when the link has none.

    A value that is not a whole number in [min_value, max_value] (`abc`, `-1`, `1.5`, `inf`, `1e400`)
    gives a notice that says what was given and what is used, and the link is corrected to it; a
    whole number written as `175.0` is rewritten as `175`. Untrusted text is shortened and escaped.
    """
    from hinge import params  # here, not at the top: importing hinge.ui stays cheap

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

    The link is read and checked here, not by Streamlit's own binding (see the comment above).
    A bad value gives a notice under the box and the link is corrected (see
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
        st.warning(notice, icon="⚠️")  # as hinge.ui.show_notices shows it
    if linked:
        keep_whole_number_in_link(key, got, default)
    return got


# 8. ----------------------------------------------------------------------------------------------
def drop_from_link(names):
    """Take `names` out of the link, so that it shows what the page uses; a widget's own stays.

    Streamlit raises StreamlitAPIException on deleting (or setting) a link value that is bound
    to a widget drawn earlier in the session (bind="query-params"); that widget corrects its own
    value, so the exception is swallowed here and in :func:`put_in_link`. By design since binding
    came (streamlit#13681); a way to set a bound value is asked for in streamlit#14670. Can go
    when changing a bound link value is allowed: tests/test_workarounds.py shows that it still raises.
    """
    for name in names:
        if name in st.query_params:
            with contextlib.suppress(StreamlitAPIException):
                del st.query_params[name]


def put_in_link(name, text):
    """Set the link's `name` to `text`, unless a widget drawn earlier owns it (see :func:`drop_from_link`)."""
    with contextlib.suppress(StreamlitAPIException):
        st.query_params[name] = text


# 9. ----------------------------------------------------------------------------------------------
# Presentation mode lives in a key no widget owns: each page draws its own toggle, and Streamlit
# forgets a widget's state, and its link value, on a change of page (a widget's key is per page,
# persist_state="page" keeps a state only while the page is open). The toggle is seeded from
# this key on every page and writes it when clicked. Can go when a widget's state (and bound
# link value) survives st.navigation's change of page: tests/test_lecture_browser.py and
# tests/test_across_pages_browser.py test presentation mode across pages.
PRESENTING = "_presenting"  # the mode, kept across pages; the toggle's own key is "present"


def presentation_toggle(label, help):
    """The sidebar's presentation-mode toggle, kept in the URL as `present=1`: True while it is on.

    A bound toggle would need `present=true`; links with `present=1` are older than binding.
    """
    st.session_state.present = presenting_from_start()
    on = st.sidebar.toggle(label, key="present", on_change=_toggled, help=help)
    if on:
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]
    return on


def presenting_from_start():
    """Presentation mode as the session has it, or as the link asks for on a new visit."""
    if PRESENTING not in st.session_state:
        st.session_state[PRESENTING] = _present_in_link()
    return bool(st.session_state[PRESENTING])


def _toggled():
    st.session_state[PRESENTING] = st.session_state.present


SIDEBAR = "_sidebar"  # (the page, the sidebar's state its visit opened with)


def sidebar_state(page):
    """The sidebar's state for `page`'s set-up: folded away when a visit to it starts in presentation mode.

    Decided once a visit to the page (a new session, or another page than the last run's): a
    projector's link, or a lecturer going on to another page in presentation mode, gets the
    page's width. Streamlit folds or opens the sidebar whenever st.set_page_config's
    `initial_sidebar_state` differs from the last run's, so a state that followed the toggle
    folded the sidebar under the pointer that had just turned the mode on: an animation in which
    every chart drew itself again at each step of the page's widening (5-10 replots a toggle,
    measured). Turned on in an open page, the mode leaves the sidebar as it is.
    """
    seen = st.session_state.get(SIDEBAR)
    if seen is None or seen[0] != page:
        seen = (page, "collapsed" if presenting_from_start() else "auto")
        st.session_state[SIDEBAR] = seen
    return seen[1]


def _present_in_link():
    return st.query_params.get("present", "").lower() in ("1", "true", "yes", "on")


# 10. ---------------------------------------------------------------------------------------------
# Figures shown without Streamlit's chart theme (theme=None, and the live chart) keep their own
# colours; these are Streamlit 1.67's, copied by hand so that such figures follow its dark mode
# and use its font. Can go when st.plotly_chart's theme can leave font sizes alone (then every
# figure takes Streamlit's theme), or re-check the colours against Streamlit's themes on upgrade.
APP_FONT = '"Source Sans", sans-serif'  # Streamlit's own, which its chart theme gives charts
TEXT_COLOUR = "#31333F"  # Streamlit's text colour in the light theme
DARK = {"paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)", "font_color": "#FAFAFA"}
DARK_AXES = {"gridcolor": "#3A3F4B", "zerolinecolor": "#5A6070", "linecolor": "#5A6070"}


def dark_theme():
    """True when the browser shows Streamlit's dark theme (st.context.theme; unknown counts as light).

    st.context.theme is public, but its `type` is None until the browser has said (AppTest's
    runs, a run before the browser's first message): hence the getattr.
    """
    return getattr(st.context.theme, "type", None) == "dark"


# 11. ---------------------------------------------------------------------------------------------
def set_cookie(name, value, seconds=0):
    """Have the browser keep cookie `name` = `value` for `seconds` (Path=/, SameSite=Strict); None: drop it.

    Streamlit 1.67 reads the cookies a session's browser sent (st.context.cookies, as they were
    when the session began) but has no way to set one: a script in st.html does it
    (unsafe_allow_javascript, our own text only: `name` and `value` are written as JSON strings,
    and should be URL-safe tokens). The script takes itself out of the page once it has run, so
    the value is not left in the page's HTML. Secure on https. Not HttpOnly (a script sets it).
    Can go when Streamlit can set a cookie (st.context has no setter in 1.67).
    """
    if value is None:
        cookie = f"{name}=; Max-Age=0; Path=/; SameSite=Strict"
    else:
        cookie = f"{name}={value}; Max-Age={max(0, int(seconds))}; Path=/; SameSite=Strict"
    text = json.dumps(cookie).replace("<", "\\u003c")
    script = (
        f"document.cookie = {text} + (location.protocol === 'https:' ? '; Secure' : '');"
        " document.currentScript && document.currentScript.remove();"
    )
    st.html(f"<script>{script}</script>", unsafe_allow_javascript=True)


# 12. ---------------------------------------------------------------------------------------------
def _nodelay(sock):
    """TCP_NODELAY on `sock` if it is a TCP socket, whatever protocol number it was made with."""
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _nodelay_on_open_transports(loop):
    """TCP_NODELAY on every connection `loop` already holds (run on that loop)."""
    for transport in list(getattr(loop, "_transports", {}).values()):
        sock = transport.get_extra_info("socket")
        if sock is not None:
            _nodelay(sock)


def tcp_nodelay():
    """Send each run's messages as they come, not held back for the browser's delayed ACK; once a process.

    asyncio turns Nagle's algorithm off on a TCP connection only when its socket says it is
    TCP by its protocol number (``asyncio.base_events._set_nodelay``). Streamlit 1.67's server
    makes its listening socket with ``socket.socket(family)`` (protocol 0, web/server/starlette/
    starlette_server.py ``_bind_socket``), so every websocket it accepts keeps Nagle on. A run's
    first message (new_session) goes out; every later one waits until the browser ACKs it, and a
    client that has just sent a rerun delays its ACK by 40 ms: measured with
    ``benchmarks/lecture_load.py quick``, a rerun sent within about 50 ms of the last run's end
    took 48 ms instead of 15 (the deltas arrived all at once, 40 ms after new_session).

    This patches asyncio's helper so that each connection the server accepts from now on gets
    TCP_NODELAY, and sets it on the connections already open (on the server's event loop).
    Can go when Streamlit's listening socket is made with ``proto=IPPROTO_TCP`` or asyncio
    checks only the socket's type (tests/test_workarounds.py,
    test_streamlit_s_listening_socket_still_leaves_nagle_on, fails then).
    """
    base = asyncio.base_events
    if getattr(base._set_nodelay, "hinge_nodelay", False):
        return
    original = base._set_nodelay

    def set_nodelay(sock):
        original(sock)
        _nodelay(sock)

    set_nodelay.hinge_nodelay, set_nodelay.original = True, original
    base._set_nodelay = set_nodelay
    if Runtime.exists():
        with contextlib.suppress(RuntimeError):  # a runtime not started (AppTest)
            loop = Runtime.instance()._get_async_objs().eventloop
            loop.call_soon_threadsafe(_nodelay_on_open_transports, loop)


# 13. ---------------------------------------------------------------------------------------------
def rerun_fragment_if_asked():
    """Rerun the running fragment now if a key press in it has asked for a rerun since its run began.

    For a long computation's steps (the questions page's Monte Carlo: 1e8 scores, 6 s): Streamlit
    1.67 lets a widget's rerun of a fragment wait until the run under way has finished
    (``script_requests._fragment_run_should_not_preempt_script``: only ``st.rerun(scope="fragment")``
    preempts), so a slider moved during it showed its result only after the whole of the old one.
    Called between steps, this turns such a request into ``st.rerun(scope="fragment")``, which stops
    the run there and reruns the fragment with the new values. Only in a fragment's own run, and
    only for a request of the fragments this run runs: a full run, or a request for another part
    of the page (a change of tab), finishes first, as Streamlit has it.

    Can go when a widget's rerun of a fragment preempts that fragment's run under way
    (tests/test_experiments_browser.py, the Monte Carlo's interrupted run, passes without it).
    """
    from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    requests = getattr(ctx, "script_requests", None)
    running = getattr(ctx, "fragment_ids_this_run", None)
    if requests is None or not running or getattr(requests, "_state", None) != ScriptRequestType.RERUN:
        return
    asked = getattr(requests, "_rerun_data", None)
    queue = getattr(asked, "fragment_id_queue", None)
    if queue and set(queue) <= set(running):
        st.rerun(scope="fragment")
