"""The "Questions as experiments" page in headless Chromium: every tab draws, the 3-D surface renders,
controls change the charts and land in the link."""

import urllib.parse

import pytest
from conftest import assert_no_exception, open_app, wait_idle

from hinge import experiments

pytestmark = pytest.mark.browser

PATH = "/Questions_as_experiments"
CHART = "document.querySelector('.js-plotly-plot')"
TABS = experiments.TABS


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


def test_switching_to_the_heat_map_redraws_the_landscape_and_updates_the_link(page, app_url):
    open_tab(page, app_url, "Loss landscape")
    page.locator('[data-testid="stButtonGroup"] button', has_text="heat map").click()
    wait_idle(page, f"{CHART} !== null && {CHART}._fullData && {CHART}._fullData[0].type === 'heatmap'")
    assert_no_exception(page)
    assert "land_view=heat+map" in page.url


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
