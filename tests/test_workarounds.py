"""The Streamlit workarounds (hinge.ui.workarounds): pinned to one Streamlit version, each still needed
and still doing its job; and hinge.ui, the one part of hinge that imports Streamlit."""

import ast
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import plotly
import pytest
import streamlit
from conftest import open_app, run_async, wait_idle
from streamlit.file_util import get_static_dir
from streamlit.testing.v1 import AppTest

from hinge.ui import workarounds

ROOT = Path(__file__).resolve().parents[1]
STATIC_JS = sorted((Path(get_static_dir()) / "static" / "js").glob("*.js"))


def test_streamlit_is_the_version_the_workarounds_were_checked_against():
    items = re.findall(r"^\d+\. .*(?:\n {3,}\S.*)*", workarounds.__doc__, flags=re.MULTILINE)
    listed = [" ".join(item.split()) for item in items]
    assert len(listed) == 13
    assert streamlit.__version__ == workarounds.CHECKED_WITH, (
        f"Streamlit is {streamlit.__version__}; hinge/ui/workarounds.py was checked against "
        f"{workarounds.CHECKED_WITH}. Re-check each workaround there (its docstring says how to tell "
        "whether it can go), then set CHECKED_WITH:\n" + "\n".join(listed)
    )


# -- hinge.ui is the only part of hinge that imports Streamlit; workarounds the only one with internals --


def imported_modules(path):
    """The top-level names of every module `path` imports (at any depth of the file)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def streamlit_imports(path):
    return {n for n in imported_modules(path) if n.split(".")[0] in ("streamlit", "starlette")}


def test_only_hinge_ui_imports_streamlit():
    outside = {
        str(path.relative_to(ROOT)): sorted(streamlit_imports(path))
        for path in sorted((ROOT / "hinge").rglob("*.py"))
        if "ui" not in path.relative_to(ROOT / "hinge").parts[:1] and streamlit_imports(path)
    }
    assert outside == {}


# `import streamlit as st` and what `st.` offers are public; anything else from Streamlit is internal.
PUBLIC = {"streamlit", "streamlit.testing.v1", "streamlit.testing.v1.AppTest"}


def test_only_the_workarounds_module_imports_streamlit_internals():
    files = [*sorted((ROOT / "hinge" / "ui").glob("*.py")), ROOT / "app.py"]
    internal = {
        str(path.relative_to(ROOT)): sorted(streamlit_imports(path) - PUBLIC)
        for path in files
        if path.name != "workarounds.py" and streamlit_imports(path) - PUBLIC
    }
    assert internal == {}
    assert "streamlit.runtime.pages_manager" in streamlit_imports(ROOT / "hinge" / "ui" / "workarounds.py")


@pytest.mark.parametrize("page", [p.name for p in sorted((ROOT / "pages").glob("*.py"))])
def test_no_page_imports_streamlit_internals(page):
    assert sorted(streamlit_imports(ROOT / "pages" / page) - PUBLIC) == []


def test_importing_hinge_ui_loads_neither_numpy_nor_pandas():
    """The menu goes out before the pages' own imports load (see hinge.ui.page.navigation)."""
    code = "import sys, hinge.ui; print(sorted({'numpy', 'pandas'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- 1. take_over_menu ---------------------------------------------------------------------------------


def test_streamlit_still_has_the_pages_directory_mode_take_over_menu_ends():
    """Its effect is tested in a browser (test_lecture_browser, a fresh server's first visitor)."""
    from streamlit.runtime.pages_manager import PagesManager

    assert isinstance(PagesManager.uses_pages_directory, bool | type(None))


# -- 2. freeze_startup_heap ------------------------------------------------------------------------------


def test_streamlit_still_collects_garbage_after_each_run_by_default_and_ours_does_not():
    import tomllib

    from streamlit import config

    assert config.get_config_options()["runner.postScriptGC"].default_val is True
    ours = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert ours["runner"]["postScriptGC"] is False


def test_the_frozen_heap_leaves_the_collector_only_what_came_after():
    code = textwrap.dedent("""
        import gc
        import plotly.graph_objects, streamlit
        from hinge.ui import workarounds
        workarounds.freeze_startup_heap()
        frozen, seen = gc.get_freeze_count(), len(gc.get_objects())
        workarounds.freeze_startup_heap()  # once a process
        import sys
        print(frozen, seen, gc.get_freeze_count(), "pandas" in sys.modules and "pyarrow" in sys.modules)
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    frozen, seen, again, tables = out.stdout.split()
    assert int(frozen) > 100_000  # Streamlit, Plotly, pandas and pyarrow
    assert int(seen) < int(frozen) / 20  # what a collection still walks
    assert again == frozen and tables == "True"


# -- 3. plotly_js_url --------------------------------------------------------------------------------------


def test_plotly_s_bundle_is_where_the_never_drawn_component_serves_it():
    assert (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").is_file()
    at = AppTest.from_string("from hinge.ui import workarounds\nurl = workarounds.plotly_js_url()").run()
    assert not at.exception
    assert workarounds.plotly_js_url() == "component/hinge.ui.workarounds.plotly_js/plotly.min.js"


# -- 4. page_routes (streamlit#7074) ----------------------------------------------------------------------


def test_each_sub_page_s_route_serves_streamlit_s_page_told_where_the_server_is():
    import asyncio
    import concurrent.futures

    from hinge import ui

    routes = ui.page_routes()
    assert [r.path for r in routes] == [f"/{url}" for _, _, url in ui.PAGES if url]
    # in a thread of its own: the browser tests' Playwright keeps an event loop running in this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        body = pool.submit(asyncio.run, routes[0].endpoint(None)).result().body.decode()
    index = (Path(get_static_dir()) / "index.html").read_text(encoding="utf-8")
    assert (
        body.replace(
            "\n    <script>window.__streamlit = {BACKEND_BASE_URL: location.origin + '/'};</script>", ""
        )
        == index
    )


def test_streamlit_s_browser_code_still_reads_the_backend_address_the_routes_give():
    assert any("BACKEND_BASE_URL" in js.read_text(encoding="utf-8") for js in STATIC_JS)


# -- 5. CSS on Streamlit's DOM ---------------------------------------------------------------------------


def selectors(css):
    return set(re.findall(r'data-testid="(\w+)"', css)) | set(re.findall(r"\.(st[A-Z]\w+)", css))


def test_every_streamlit_name_the_css_selects_is_still_in_streamlit_s_browser_code():
    """A renamed data-testid would leave the projector's text small, without an error anywhere."""
    css = workarounds.BASE_CSS + workarounds.PRESENT_CSS + workarounds.ONE_ROW_CSS + workarounds.BESIDE_CSS
    css += "".join(page.read_text(encoding="utf-8") for page in sorted((ROOT / "pages").glob("*.py")))
    names = selectors(css)
    bundle = "\n".join(js.read_text(encoding="utf-8") for js in STATIC_JS)
    assert {"stMainBlockContainer", "stMarkdownContainer", "stDataFrame", "stHorizontalBlock"} <= names
    assert sorted(n for n in names if n not in bundle) == []
    assert "st-key-" in bundle  # Streamlit's class for a container with a key (one_row)


# -- 6. the whole-number box ---------------------------------------------------------------------------


def bound_int_box():
    import streamlit as st

    st.number_input("n", 0, 10, key="n", bind="query-params")


def linked_whole_number():
    import streamlit as st

    from hinge import ui

    st.session_state.got = ui.whole_number_input("n", 0, 10, 3, key="n", bind="query-params")


def test_streamlit_s_link_bound_int_box_still_fails_on_inf():
    at = AppTest.from_function(bound_int_box)
    at.query_params["n"] = "inf"
    assert at.run().exception, "Streamlit's int box now takes n=inf: whole_number_input may go (see 6.)"


@pytest.mark.parametrize(
    ("given", "used", "link", "shown"),
    [("inf", 3, None, "inf"), ("1.5", 3, None, "1\\.5"), ("7.0", 7, "7", None)],
)
def test_whole_number_input_takes_what_streamlit_s_box_fails_on(given, used, link, shown):
    at = AppTest.from_function(linked_whole_number)
    at.query_params["n"] = given
    at.run()
    assert not at.exception
    assert at.session_state.got == used
    assert at.query_params.get("n") == link
    notice = f"`n` in the link is {shown}, not a whole number from 0 to 10: using 3."
    assert [w.value for w in at.warning] == ([notice] if shown else [])


# -- 8. drop_from_link -------------------------------------------------------------------------------------


def change_bound(how):
    import streamlit as st

    from hinge.ui import workarounds

    st.slider("s", 0, 10, key="s", bind="query-params")
    if how == "drop_from_link":
        workarounds.drop_from_link(["s", "other"])
    elif how == "put_in_link":
        workarounds.put_in_link("s", "9")
        workarounds.put_in_link("other", "y")
    elif how == "del":
        del st.query_params["s"]
    else:
        st.query_params["s"] = "9"


@pytest.mark.parametrize("how", ["del", "set"])
def test_changing_a_bound_link_value_still_raises(how):
    at = AppTest.from_function(change_bound, args=(how,))
    at.query_params["s"] = "4"
    at.run()
    assert at.exception, "Changing a bound link value is allowed now: drop_from_link may go (see 8.)"
    assert "bound to a widget" in at.exception[0].value


@pytest.mark.parametrize(("how", "other"), [("drop_from_link", None), ("put_in_link", "y")])
def test_drop_from_link_and_put_in_link_leave_a_bound_value_to_its_widget(how, other):
    at = AppTest.from_function(change_bound, args=(how,))
    at.query_params["s"] = "4"
    at.query_params["other"] = "x"
    at.run()
    assert not at.exception
    assert at.query_params.get("other") == other
    assert at.slider[0].value == 4 and at.query_params.get("s") == "4"


# -- 10. the dark theme, by hand ---------------------------------------------------------------------------


def test_the_theme_is_unknown_until_a_browser_says_and_counts_as_light():
    at = AppTest.from_string(
        "import streamlit as st\nfrom hinge.ui import workarounds\n"
        "st.session_state.theme = getattr(st.context.theme, 'type', 'no attribute')\n"
        "st.session_state.dark = workarounds.dark_theme()"
    ).run()
    assert not at.exception
    assert at.session_state.theme is None and at.session_state.dark is False


# -- hinge.ui.show_figure does not change the caller's figure ------------------------------------------------


def show_a_figure(theme):
    import plotly.graph_objects as go
    import streamlit as st

    from hinge import ui

    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]), layout={"font": {"size": 16}})
    before = fig.to_json()
    ui.show_figure(fig, key="fig", theme=theme)
    st.session_state.unchanged = fig.to_json() == before


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("theme", ["streamlit", None])
def test_show_figure_leaves_the_callers_figure_as_it_was(monkeypatch, theme, dark):
    import json

    monkeypatch.setattr(workarounds, "dark_theme", lambda: dark)
    at = AppTest.from_function(show_a_figure, args=(theme,))
    at.session_state[workarounds.PRESENTING] = True  # presentation mode
    at.run()
    assert not at.exception
    assert at.session_state.unchanged
    layout = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    assert layout["font"]["size"] == 22  # shown with the projector's text
    assert layout.get("paper_bgcolor") == ("rgba(0,0,0,0)" if dark and theme is None else None)


@pytest.mark.parametrize(("enlarge", "darken"), [(True, False), (False, True), (True, True)])
def test_the_restyled_copy_is_the_figure_plotlys_own_updates_would_make(enlarge, darken):
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    from hinge.ui import charts

    fig = make_subplots(rows=1, cols=2).add_scatter(x=[1, 2], y=[3, 4], row=1, col=2)
    fig.update_layout(font={"size": 16, "family": "serif"}, xaxis2={"gridcolor": "red", "title": "x"})
    expected = go.Figure(fig)
    if enlarge:
        expected.update_layout(font_size=22)
    if darken:
        expected.update_layout(**workarounds.DARK)
        expected.update_xaxes(**workarounds.DARK_AXES)
        expected.update_yaxes(**workarounds.DARK_AXES)
    assert charts._restyled(fig, enlarge, darken).to_dict() == expected.to_dict()


# The batch table's cells as drawn: the type of its canvas (set when it appeared) times its zoom.
TABLE_TYPE = """() => {
  const grid = document.querySelector('[data-testid=stDataFrame] [style*="--gdg-base-font-style"]');
  if (!grid) return null;
  const px = parseFloat(grid.style.getPropertyValue('--gdg-base-font-style').split(' ').at(-1));
  return px * Number(getComputedStyle(grid.closest('[data-testid=stElementContainer]')).zoom);
}"""
PRESENT_ON = "document.documentElement.style.fontSize || getComputedStyle(document.documentElement).fontSize"


def table_type(page, presenting):
    want = "20px" if presenting else "16px"
    wait_idle(page, f"({PRESENT_ON}) === '{want}' && ({TABLE_TYPE})() !== null")
    return page.evaluate(TABLE_TYPE)


def test_a_table_drawn_before_the_projectors_css_is_zoomed_as_one_drawn_after(page, app_url):
    """Presentation mode turned on in an open page: the table is already drawn, in the page's type
    (as when, a timing flake, a fresh page's table is drawn before the CSS): it must still end up
    at the size of a table drawn after it; and back at the page's size when the mode is turned off."""
    open_app(page, f"{app_url}/?present=1")
    drawn_after = table_type(page, presenting=True)
    open_app(page, f"{app_url}/")
    normal = table_type(page, presenting=False)
    page.get_by_text("Presentation mode", exact=True).click()
    drawn_before = table_type(page, presenting=True)
    assert drawn_after == pytest.approx(1.3 * 17.5) and normal == pytest.approx(14.0)
    assert drawn_before == pytest.approx(drawn_after, rel=0.01)  # 14 px x 1.625, not x 1.3
    expand = page.locator('[data-testid="stExpandSidebarButton"]')  # the mode folds the sidebar away
    if expand.count():
        expand.click()
    page.get_by_text("Presentation mode", exact=True).click()
    assert table_type(page, presenting=False) == pytest.approx(normal, rel=0.01)


# -- 12. tcp_nodelay ----------------------------------------------------------------------------------------


def _accepted_nodelay(listening, *, before=None):
    """TCP_NODELAY of each connection a server on `listening` accepts: one opened, `before(loop)`
    run, another opened; both read on the server's side, after `before`."""
    import asyncio
    import socket

    async def main():
        accepted = []
        server = await asyncio.start_server(lambda r, w: accepted.append(w), sock=listening)
        port = listening.getsockname()[1]
        clients = [await asyncio.open_connection("127.0.0.1", port)]
        while len(accepted) < 1:
            await asyncio.sleep(0.01)
        if before:
            before(asyncio.get_running_loop())
        clients.append(await asyncio.open_connection("127.0.0.1", port))
        while len(accepted) < 2:
            await asyncio.sleep(0.01)
        option = (socket.IPPROTO_TCP, socket.TCP_NODELAY)
        flags = [w.get_extra_info("socket").getsockopt(*option) for w in accepted]
        for _, w in clients:
            w.close()
        server.close()
        await server.wait_closed()
        return [bool(f) for f in flags]

    return run_async(main())  # on a thread of its own: a browser test may have left its loop on this one


@pytest.fixture
def unpatched_asyncio(monkeypatch):
    import asyncio.base_events

    base = asyncio.base_events
    monkeypatch.setattr(base, "_set_nodelay", getattr(base._set_nodelay, "original", base._set_nodelay))
    return base


def _streamlit_listening_socket():
    from streamlit.web.server.starlette.starlette_server import _bind_socket

    return _bind_socket("127.0.0.1", 0, 8)


def test_streamlit_s_listening_socket_still_leaves_nagle_on(unpatched_asyncio):
    assert _accepted_nodelay(_streamlit_listening_socket()) == [False, False]


def test_tcp_nodelay_turns_nagle_off_on_open_connections_and_on_every_later_one(unpatched_asyncio):
    def patch_then_sweep(loop):
        workarounds.tcp_nodelay()  # no Runtime here: only the patch
        assert unpatched_asyncio._set_nodelay.hinge_nodelay
        workarounds.tcp_nodelay()  # once a process: not wrapped twice
        assert not getattr(unpatched_asyncio._set_nodelay.original, "hinge_nodelay", False)
        workarounds._nodelay_on_open_transports(loop)  # what it schedules on the server's loop

    assert _accepted_nodelay(_streamlit_listening_socket(), before=patch_then_sweep) == [True, True]
