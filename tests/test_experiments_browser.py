"""The "Questions as experiments" page in headless Chromium: every tab draws, the 3-D surface renders,
controls change the charts and land in the link."""

import io
import time
import urllib.parse

import numpy as np
import pytest
from conftest import assert_no_exception, checked_page, open_app, wait_idle
from PIL import Image

from hinge.experiments_controls import TABS

pytestmark = pytest.mark.browser

PATH = "/Questions_as_experiments"
CHART = "document.querySelector('.js-plotly-plot')"


def open_tab(page, url, tab, **params):
    query = urllib.parse.urlencode({"experiment": tab, **params})
    open_app(page, f"{url}{PATH}?{query}")
    page.wait_for_function(f"() => {CHART} !== null && {CHART}._fullData !== undefined", timeout=60_000)
    assert_no_exception(page)


def trace_x(page, name):
    """The x values Plotly drew for the trace called `name` (typed arrays decoded)."""
    return page.evaluate(f"() => Array.from({CHART}._fullData.find(t => t.name === '{name}').x)")


def finding(page):
    return page.locator('[data-testid="stAlertContentInfo"]').inner_text()


@pytest.mark.parametrize("tab", TABS)
def test_every_tab_draws_its_chart_across_the_page_width(page, app_url, tab):
    open_tab(page, app_url, tab)
    box = page.locator(".js-plotly-plot").first.bounding_box()
    main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    assert box["width"] > 0.9 * (main["width"] - 120)  # full width inside the tab, not collapsed
    assert box["height"] >= 400
    assert page.locator(".js-plotly-plot").count() == 1
    assert page.evaluate(f"() => {CHART}._fullData.length") >= 1
    assert finding(page)


def test_the_loss_surface_renders_in_webgl_with_the_current_point(page, app_url):
    open_tab(page, app_url, "Loss landscape")
    page.wait_for_function(f"() => {CHART}._fullLayout.scene._scene !== undefined", timeout=30_000)
    drawn = page.evaluate(
        f"""() => {{
            const gd = {CHART};
            const canvas = gd.querySelector('.gl-container canvas');
            return {{type: gd._fullData[0].type, rows: gd._fullData[0].z.length,
                     point: Array.from(gd._fullData[1].z), width: canvas ? canvas.width : 0,
                     height: canvas ? canvas.height : 0, gl: !!gd._fullLayout.scene._scene.glplot}};
        }}"""
    )
    assert drawn["type"] == "surface" and drawn["rows"] == 61
    assert drawn["point"] == pytest.approx([2.9])  # the cat image's loss, marked on the surface
    assert drawn["gl"] and drawn["width"] > 300 and drawn["height"] > 300
    assert page.get_by_text("WebGL is not supported").count() == 0


# the chart in sight: a tab not open is display: none, a view not shown is visibility: hidden (its size kept)
SHOWN = (
    "[...document.querySelectorAll('.js-plotly-plot')]"
    ".find((gd) => gd.checkVisibility({visibilityProperty: true}))"
)


def shown_chart(page):
    """The visible landscape chart's trace types, the current point's loss, and its mark (see below)."""
    return page.evaluate(
        f"""() => {{ const gd = {SHOWN};
            return {{types: gd._fullData.map((t) => t.type), point: Array.from(gd._fullData.at(-1).z || []),
                     mark: gd.__mark || null,
                     charts: document.querySelectorAll('.js-plotly-plot').length}}; }}"""
    )


def test_switching_to_the_heat_map_and_back_shows_each_views_own_chart_and_updates_the_link(page, app_url):
    open_tab(page, app_url, "Loss landscape")
    page.wait_for_function(f"() => {CHART}._fullLayout.scene._scene !== undefined", timeout=30_000)
    page.evaluate(f"() => {{ {CHART}.__mark = 'the first surface'; }}")
    view = page.locator('[data-testid="stButtonGroup"]').filter(has_text="heat map").locator("button")
    view.filter(has_text="heat map").click()
    wait_idle(page, f"{SHOWN} && {SHOWN}._fullData && {SHOWN}._fullData[0].type === 'heatmap'")
    assert_no_exception(page)
    assert "land_view=heat+map" in page.url
    assert shown_chart(page) == {
        "types": ["heatmap", "contour", "scatter"],
        "point": [],
        "mark": None,
        "charts": 2,
    }
    view.filter(has_text="3-D surface").click()  # the surface drawn first is shown again: no new WebGL scene
    wait_idle(page, f"{SHOWN} && {SHOWN}._fullData[0].type === 'surface'")
    assert shown_chart(page) == {
        "types": ["surface", "scatter3d"],
        "point": [pytest.approx(2.9)],
        "mark": "the first surface",
        "charts": 2,
    }
    # a change while the surface is shown reaches the hidden heat map once it is shown
    page.locator('[data-testid="stButtonGroup"] button', has_text="cross-entropy").click()
    wait_idle(page, f"{SHOWN}._fullLayout.title.text.startsWith('Cross-entropy')")
    assert shown_chart(page)["point"] == [pytest.approx(2.0404, abs=1e-4)]
    assert shown_chart(page)["mark"] == "the first surface"
    view.filter(has_text="heat map").click()
    wait_idle(
        page, f"{SHOWN}._fullData[0].type === 'heatmap' && {SHOWN}._fullLayout.title.text.startsWith('Cross')"
    )
    assert_no_exception(page)
    main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    assert page.evaluate(f"() => {SHOWN}._fullLayout.width") > 0.9 * (main["width"] - 120)  # drawn once shown


def colourful_share(locator):
    """The share of a screenshot of `locator`'s box whose pixels are coloured (not white, grey or black)."""
    pixels = np.asarray(Image.open(io.BytesIO(locator.screenshot())).convert("RGB"), dtype=int)
    return float(np.mean(pixels.max(axis=2) - pixels.min(axis=2) > 40))


def painted(locator, share=0.05, seconds=10):
    """Whether `locator`'s screenshot gets at least `share` coloured pixels within `seconds` (Plotly's
    state says a chart is drawn before WebGL and the compositor have put it on the screen)."""
    deadline = time.monotonic() + seconds
    while colourful_share(locator) < share:
        if time.monotonic() > deadline:
            return False
    return True


@pytest.fixture
def full_hd(browser):
    """A fresh 1920x1080 page (the projector where a switched-to view once stayed blank)."""
    yield from checked_page(browser, 1920, 1080)


def test_each_landscape_view_switched_to_is_painted_not_only_drawn(full_hd, app_url):
    """Plotly's state said the heat map was drawn while the screen showed an empty box (a hidden view
    kept at its size, 2026-12-02): this looks at the pixels of each view shown after a switch. Painted,
    the surface is 11% coloured pixels and the heat map 24% (the rest white, grey axes and text);
    a blank chart has none."""
    page = full_hd
    open_tab(page, app_url, "Loss landscape")
    page.wait_for_function(f"() => {CHART}._fullLayout.scene._scene !== undefined", timeout=30_000)
    view = page.locator('[data-testid="stButtonGroup"]').filter(has_text="heat map").locator("button")
    shown = page.locator(".js-plotly-plot").filter(visible=True)
    assert painted(shown)  # the first surface
    loss = page.locator('[data-testid="stButtonGroup"] button', has_text="cross-entropy")
    steps = [  # (what to click, the chart then shown, its title's start); the loss changes while the
        # surface is shown, and the hidden heat map follows it once shown
        ("heat map", "heatmap", "The hinge"),
        ("3-D surface", "surface", "The hinge"),
        ("cross-entropy", "surface", "Cross"),
        ("heat map", "heatmap", "Cross"),
        ("3-D surface", "surface", "Cross"),
    ]
    for name, kind, title in steps:
        (loss if name == "cross-entropy" else view.filter(has_text=name)).click()
        wait_idle(
            page,
            f"{SHOWN} && {SHOWN}._fullData && {SHOWN}._fullData[0].type === '{kind}'"
            f" && {SHOWN}._fullLayout.title.text.startsWith('{title}')",
        )
        assert_no_exception(page)
        assert shown.count() == 1
        assert painted(shown), f"the {name} shown after a switch is blank"


def test_a_tab_opened_before_shows_its_own_chart_again_and_the_link_follows_the_tab(page, app_url):
    open_tab(page, app_url, TABS[0])
    page.evaluate(f"() => {{ {CHART}.__mark = 'the first jitter chart'; }}")
    page.get_by_role("tab", name=TABS[1]).click()
    wait_idle(page, f"{SHOWN} && {SHOWN}._fullLayout && {SHOWN}._fullLayout.title.text.startsWith('Both')")
    assert_no_exception(page)
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["experiment"] == [TABS[1]]
    page.get_by_role("tab", name=TABS[0]).click()
    wait_idle(page, f"{SHOWN} && {SHOWN}.__mark === 'the first jitter chart'")  # not drawn anew
    assert_no_exception(page)
    assert "experiment" not in urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)  # the default
    assert page.locator(".js-plotly-plot").count() == 2
    main = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    assert page.evaluate(f"() => {SHOWN}._fullLayout.width") > 0.9 * (main["width"] - 120)
    assert "Jitter 0.5 (seed 3)" in page.locator(FINDING).filter(visible=True).inner_text()


def test_the_log_scale_has_a_chart_of_its_own_and_the_linear_one_is_shown_again_as_it_was(page, app_url):
    open_tab(page, app_url, TABS[1])
    page.evaluate(f"() => {{ {CHART}.__mark = 'the linear chart'; }}")
    toggle = page.get_by_text("Log scale for the loss")
    toggle.click()
    wait_idle(page, f"{SHOWN} && {SHOWN}._fullLayout && {SHOWN}._fullLayout.yaxis.type === 'log'")
    assert_no_exception(page)
    assert "log=true" in page.url and page.evaluate(f"() => {SHOWN}.__mark") is None
    toggle.click()
    wait_idle(page, f"{SHOWN} && {SHOWN}.__mark === 'the linear chart'")  # not drawn anew
    assert page.evaluate(f"() => {SHOWN}._fullLayout.yaxis.type") == "linear"
    assert page.locator(".js-plotly-plot").count() == 2 and "log=" not in page.url


def test_the_jitter_slider_moves_the_marked_point_and_changes_the_finding(page, app_url):
    open_tab(page, app_url, "1 · Small changes")
    assert trace_x(page, "this jitter") == [0.5]
    before = finding(page)
    assert "still exactly 0" in before
    page.get_by_role("slider").first.focus()
    page.keyboard.press("End")  # one rerun, to the maximum 3.0
    wait_idle(page, f"{CHART}._fullData.find(t => t.name === 'this jitter').x[0] === 3")
    assert_no_exception(page)
    assert trace_x(page, "this jitter") == [3.0]
    assert "still exactly 0" not in finding(page)
    assert "jitter=3" in page.url


def test_a_share_link_restores_the_monte_carlo_histogram(page, app_url):
    params = {"classes": "50", "sigma": "2.0", "samples": "10,000", "mc_seed": "7"}  # as the app writes it
    open_tab(page, app_url, "3 · Random scores", **params)
    first = page.evaluate(f"() => Array.from({CHART}._fullData[0].y)")
    text = finding(page)
    assert "10,000 random examples with C = 50, σ = 2" in text
    open_tab(page, app_url, "3 · Random scores", **params)
    assert page.evaluate(f"() => Array.from({CHART}._fullData[0].y)") == first  # seeded: the same bars
    assert finding(page) == text


FINDINGS_SEEN = """() => { window.__findings = new Set(); new MutationObserver(() => {
    for (const e of document.querySelectorAll('[data-testid="stAlertContentInfo"]'))
      window.__findings.add(e.innerText);
  }).observe(document.body, {subtree: true, childList: true, characterData: true}); }"""


def test_a_slider_moved_during_a_long_monte_carlo_stops_it_and_shows_the_new_setting(page, app_url):
    open_tab(page, app_url, "3 · Random scores", classes="100", samples="100,000", mc_seed="9")
    page.evaluate(FINDINGS_SEEN)
    samples = page.locator('[data-testid="stSlider"]').filter(has_text="Samples")
    samples.locator('[role="slider"], input[type="range"]').focus()
    page.keyboard.press("ArrowRight")  # 1,000,000 examples of 100 classes: 1e8 scores, seconds of work
    page.wait_for_selector('[data-testid="stProgress"]', timeout=20_000)  # its progress, at once
    page.keyboard.press("ArrowLeft")  # back to 100,000, drawn before: the long run stops
    wait_idle(page, "document.querySelector('[data-testid=\"stProgress\"]') === null")
    assert_no_exception(page)
    assert "100,000 random examples with C = 100" in finding(page)
    seen = page.evaluate("() => [...window.__findings]")
    assert not any("1,000,000 random examples" in text for text in seen), seen  # never finished


# what a projector and a phone show: sizes only a browser knows


@pytest.fixture
def phone(browser):
    """A 390x844 page (a phone)."""
    yield from checked_page(browser, 390, 844)


def test_every_tab_label_fits_on_one_line_on_a_projector_in_presentation_mode(page, app_url):
    open_tab(page, app_url, TABS[0], present="1")
    sizes = page.evaluate(
        """() => {
            const list = document.querySelector('[data-testid="stTabs"] [role="tablist"]');
            return {list: [list.scrollWidth, list.clientWidth],
                    tabs: [...list.querySelectorAll('[role="tab"]')].map(t => [t.innerText, t.scrollWidth,
                           t.clientWidth, t.getBoundingClientRect().right])};
        }"""
    )
    assert [text for text, *_ in sizes["tabs"]] == TABS
    assert sizes["list"][0] <= sizes["list"][1]  # the row of tabs does not scroll: every label is in view
    for text, scroll, client, right in sizes["tabs"]:
        assert scroll <= client and right <= 1280, text  # not cut, not ellipsized


FINDING = '[data-testid="stAlertContentInfo"]'


@pytest.mark.parametrize("tab", TABS)
def test_each_tabs_finding_is_on_the_projectors_first_screen(page, app_url, tab):
    open_tab(page, app_url, tab, present="1")
    box = page.locator(FINDING).bounding_box()
    assert box["height"] > 0 and box["y"] + box["height"] <= 720  # all of it, without scrolling


@pytest.mark.parametrize("tab", TABS)
def test_on_the_projector_each_tabs_chart_is_beside_its_finding_on_the_first_screen(page, app_url, tab):
    open_tab(page, app_url, tab, present="1")
    chart = page.locator(".hinge-live-chart").bounding_box()  # a live chart: updated in place
    found = page.locator(FINDING).bounding_box()
    assert chart["height"] >= 400 and chart["y"] + chart["height"] <= 720  # all of it, without scrolling
    assert chart["x"] >= found["x"] + found["width"]  # beside the finding, not under it


# the texts Plotly draws: main title, panel titles and notes, legend, axis titles
TEXTS = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const chart = gd.getBoundingClientRect();
    const boxes = [];
    const add = (kind, el) => {
        const r = el.getBoundingClientRect();
        if (r.width > 0)
            boxes.push({kind, text: el.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom});
    };
    gd.querySelectorAll('.gtitle').forEach(el => add('title', el));
    gd.querySelectorAll('.annotation-text-g').forEach(el => add('annotation', el));
    gd.querySelectorAll('.legend .bg').forEach(el => add('legend', el));
    [...gd.querySelectorAll('text')].filter(el => /^[xy][0-9]*title$/.test(el.getAttribute('class')))
        .forEach(el => add('axis title', el));
    return {chart: {l: chart.left, r: chart.right, t: chart.top, b: chart.bottom}, boxes};
}"""


def _overlap(a, b):
    return min(a["r"], b["r"]) - max(a["l"], b["l"]) > 1 and min(a["b"], b["b"]) - max(a["t"], b["t"]) > 1


@pytest.mark.parametrize(
    ("tab", "params"),
    [*((tab, {}) for tab in TABS), (TABS[1], {"log": "true"}), (TABS[2], {"classes": "100", "sigma": "10"}),
     (TABS[3], {"kink_class": "frog"}), (TABS[4], {"k": "0.1", "margin_image": "frog"}),
     (TABS[6], {"land_loss": "hinge (max)", "land_x": "frog"})],
)  # fmt: skip
def test_on_a_phone_no_title_legend_or_axis_title_is_cut_or_runs_into_another(phone, app_url, tab, params):
    open_tab(phone, app_url, tab, land_view="heat map", **params)  # the surface's texts live in WebGL
    drawn = phone.evaluate(TEXTS)
    chart, boxes = drawn["chart"], drawn["boxes"]
    kinds = {b["kind"] for b in boxes}
    assert {"title", "axis title"} <= kinds
    for b in boxes:  # inside the chart: nothing cut at its edges
        assert chart["l"] - 1 <= b["l"] and b["r"] <= chart["r"] + 1, b
        assert chart["t"] - 1 <= b["t"] and b["b"] <= chart["b"] + 1, b
    clashes = [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if _overlap(a, b)]
    assert not clashes


def test_a_scale_k_in_the_link_is_a_whole_number_without_a_decimal_point(page, app_url):
    open_tab(page, app_url, TABS[4])
    slider = page.get_by_role("slider").nth(0)
    slider.focus()
    page.keyboard.press("ArrowLeft")  # 10 -> 5
    wait_idle(page, f"document.querySelector('{FINDING}').innerText.includes('With k = 5:')")
    assert_no_exception(page)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert query["k"] == ["5"]
    assert "With k = 5" in finding(page)
