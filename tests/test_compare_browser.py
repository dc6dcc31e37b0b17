"""The cross-entropy vs hinge page in headless Chromium: share links and the nudge control."""

import pytest
from conftest import assert_no_exception, open_app, wait_idle

pytestmark = pytest.mark.browser

PAGE = "/Cross-entropy_vs_hinge"


def metric(page, label):
    """The value shown by the st.metric with this label."""
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label)
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_page_loads_from_a_share_link_and_shows_the_rows_losses(app_url, page):
    open_app(page, f"{app_url}{PAGE}?rows=1000,-1000,-1000;10,9,9&labels=0,0&margin=2")
    page.wait_for_selector('[data-testid="stPlotlyChart"]', timeout=60_000)
    assert_no_exception(page)
    body = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    # the most confident row: float64 gives 0, the page gives the power of ten from log space
    assert "row 1: 5.15e-869" in body
    assert "above 0 on row 2" in body  # [10,9,9] misses the margin 2 from the link
    margin = page.locator('[data-testid="stSlider"]').filter(has_text="Margin")
    assert margin.locator('[data-testid="stSliderThumbValue"]').inner_text().strip() == "2.00"
    assert "rows=1000" in page.url  # the link survives the first run


def test_nudge_control_changes_the_cross_entropy_figure_and_not_the_svm_one(app_url, page):
    open_app(page, f"{app_url}{PAGE}")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    svm_before, ce_before = metric(page, "SVM loss after"), metric(page, "Cross-entropy after")
    assert (svm_before, ce_before) == ("0", "4.47e-48")
    thumb = page.locator('[data-testid="stSlider"]').filter(has_text="Size ε").get_by_role("slider")
    thumb.focus()
    thumb.press("ArrowRight")  # ε 0.5 -> 0.6: one rerun
    wait_idle(
        page,
        "[...document.querySelectorAll('[data-testid=\"stMetricValue\"]')]"
        f".every(e => e.innerText.trim() !== '{ce_before}')",
    )
    assert_no_exception(page)
    assert metric(page, "SVM loss after") == "0"
    assert metric(page, "Cross-entropy after") == "4.77e-48"  # (e^0.6 + 1) / 2 times 3.38e-48
    assert "eps=0.6" in page.url
