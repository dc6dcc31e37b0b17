"""The linear-classifier page in Chromium: stepping redraws the charts; a share link restores a run."""

import json

import pytest
from conftest import assert_no_exception, open_app, wait_idle

from hinge import linear

pytestmark = pytest.mark.browser

PATH = "/Train_a_linear_classifier"
CHARTS = "document.querySelectorAll('.js-plotly-plot')"
TOTAL = f"{CHARTS}[1]._fullData.find(t => t.name === 'total')"


def chart_data(page):
    """The decision regions and the loss curve's total, as Plotly drew them (typed arrays decoded)."""
    return page.evaluate(
        f"""() => {{
            const charts = {CHARTS};
            const z = charts[0]._fullData[0].z;
            const total = charts[1]._fullData.find(t => t.name === 'total');
            return JSON.stringify({{z: Array.from(z, row => Array.from(row)), steps: Array.from(total.x),
                                   total: Array.from(total.y)}});
        }}"""
    )


def status_text(page):
    return page.locator('[data-testid="stMarkdownContainer"]', has_text="· step ").first.inner_text()


def open_linear(page, url):
    open_app(page, url)
    page.wait_for_function(f"() => {CHARTS}.length >= 2 && {TOTAL} !== undefined", timeout=60_000)


def test_pressing_step_changes_the_decision_regions_and_the_loss_curve(page, app_url):
    open_linear(page, app_url + PATH)
    before = json.loads(chart_data(page))
    assert before["steps"] == [0]
    page.get_by_role("button", name="Step", exact=True).click()
    wait_idle(page, f"{CHARTS}.length >= 2 && {TOTAL}.x.length === 2")
    after = json.loads(chart_data(page))
    assert_no_exception(page)
    assert after["steps"] == [0, 1]
    assert after["z"] != before["z"]  # the regions moved
    assert after["total"][1] < after["total"][0]
    assert "step=1" in page.url


def test_a_share_link_reproduces_a_trained_state(page, app_url, browser):
    open_linear(page, f"{app_url}{PATH}?loss=Softmax+cross-entropy")
    page.get_by_label("N", exact=True).fill("40")
    page.get_by_label("N", exact=True).press("Enter")
    page.get_by_role("button", name="+40").click()
    wait_idle(page, "location.search.includes('step=40')")
    trained_status, trained_charts = status_text(page), chart_data(page)
    assert "step 40" in trained_status and "Softmax cross-entropy" in trained_status

    other = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    open_linear(other, page.url)
    assert status_text(other) == trained_status
    assert chart_data(other) == trained_charts
    assert_no_exception(other)
    points, labels = linear.classic_points()
    run = linear.train(points, labels, *linear.initial_parameters(3), steps=40, loss="softmax", reg=0.1)
    assert f"total loss {run.total_loss[-1]:.4g}" in trained_status
    other.context.close()
