"""The cross-entropy vs hinge page in headless Chromium: share links and the nudge control."""

from urllib.parse import unquote

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
    page.wait_for_selector(".hinge-live-chart .main-svg", timeout=60_000)  # the first live chart drawn
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


def type_into_cell(page, row, column, text):
    """Select a cell of the examples table (row 1 is the first, column 0 is cat), type `text`, Enter."""
    box = page.locator('[data-testid="stDataFrame"]').first.bounding_box()
    # the first data cell: right of the row markers, under the header (both about 35 px)
    page.mouse.click(box["x"] + 60, box["y"] + 35 + 17 + 35 * (row - 1))
    grid = page.locator('[data-testid="stDataFrame"]').first
    selected = '[data-testid="glide-cell-{}-{}"][aria-selected="true"]'  # glide's cell, column 1 is cat
    grid.locator(selected.format(1, row - 1)).wait_for(state="attached")
    for j in range(1, column + 1):
        page.keyboard.press("ArrowRight")
        grid.locator(selected.format(1 + j, row - 1)).wait_for(state="attached")
    page.keyboard.press("Enter")  # opens the cell's editor; typed keys go there once it is open
    editor = page.locator("#portal textarea, #portal input").first
    editor.wait_for()
    editor.fill(text)
    editor.press("Enter")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("-1e308", "Row 1, car is too large (-1e+308; at most ±1e+06)."),  # read, then refused
        ("1e3", None),  # read as 1000
    ],
)
def test_a_score_typed_in_scientific_notation_is_read_as_typed(app_url, page, text, shown):
    open_app(page, f"{app_url}{PAGE}")
    type_into_cell(page, 1, 1, text)
    wait_idle(page, "document.querySelector('[data-testid=\"stAlert\"]') !== null || location.search !== ''")
    assert_no_exception(page)
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    link = unquote(page.url)
    assert "1308" not in link and "13," not in link  # the cell never holds the number without its e
    if shown:
        assert [a.strip(" ⚠️\n") for a in alerts] == [shown]
        assert "rows=10,9,9;10,-100,-100" in link  # the refused row is left out
    else:
        assert alerts == []
        assert "rows=10,1000,3;10,9,9;10,-100,-100" in link
        first = page.locator('[data-testid="stTable"]').first.locator("tbody tr").first
        assert first.locator("td").all_inner_texts()[:3] == ["1", "-990", "991"]  # lead, SVM loss


def fully_visible(page, locator):
    """True when the element lies wholly inside the window, as first shown (no scrolling)."""
    box = locator.bounding_box()
    size = page.viewport_size
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= size["width"]
        and (box["y"] + box["height"] <= size["height"])
    )


def test_on_a_projector_the_rows_both_losses_and_the_reset_are_on_the_first_screen(app_url, page):
    open_app(page, f"{app_url}{PAGE}?present=1")  # the page fixture is 1280 x 720
    results = page.locator('[data-testid="stTable"]').first
    assert "cross-entropy" in results.inner_text() and "3.38e-48" in results.inner_text()
    for element in (
        results,
        page.locator('[data-testid="stDataFrame"]').first,  # the editable rows
        page.get_by_role("button", name="Note's rows"),
        page.locator('[data-testid="stSlider"]').filter(has_text="Margin"),
    ):
        assert fully_visible(page, element), element
    button = page.get_by_role("button", name="Note's rows")
    assert button.evaluate("b => b.scrollWidth <= b.clientWidth")  # its label is not cut


def test_on_a_phone_the_results_table_needs_no_sideways_scrolling(app_url, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    try:
        open_app(phone, f"{app_url}{PAGE}")
        results = phone.locator('[data-testid="stTable"]').first
        assert "p(correct)" in results.inner_text()
        box = results.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert results.evaluate(
            "t => [t, ...t.querySelectorAll('*')].every(e => e.scrollWidth <= e.clientWidth + 1)"
        )
    finally:
        context.close()


CHART_TEXTS = "n => [...document.querySelectorAll('.hinge-live-chart')][n].__live.shown"


def test_after_a_margin_change_a_chart_out_of_sight_follows_when_scrolled_to(app_url, page):
    open_app(page, f"{app_url}{PAGE}")
    charts = "[...document.querySelectorAll('.hinge-live-chart')]"
    page.wait_for_function(f"() => {charts}.length === 4 && {charts}.every(c => c.__live.shown)")
    drawn = page.evaluate(CHART_TEXTS, 0)
    assert "margin Δ = 1" in drawn
    # what a failure needs to tell: whether the chart was mounted anew (a first drawing is at once)
    # and how near the window it came meanwhile (within a quarter of its height it is drawn)
    page.evaluate("""() => {
      document.querySelector('.hinge-live-chart').dataset.mark = 'kept';
      window.__nearest = Infinity;
      const watch = () => {
        const chart = document.querySelector('.hinge-live-chart'); // none while it is mounted anew
        if (chart) window.__nearest = Math.min(window.__nearest, chart.getBoundingClientRect().top);
        if (!window.__nearestRead) requestAnimationFrame(watch); // until the test has read it
      };
      watch();
    }""")
    thumb = page.locator('[data-testid="stSlider"]').filter(has_text="Margin").get_by_role("slider")
    thumb.focus()
    for _ in range(5):
        thumb.press("ArrowRight")  # Δ 1 -> 1.5
    # the link follows the slider at once; the results' fragment reruns after it: wait for its words
    shown = "document.body.innerText.includes('margin 1.5')"
    wait_idle(page, f"location.search.includes('margin=1.5') && {shown}")
    assert_no_exception(page)
    body = page.locator('[data-testid="stMainBlockContainer"]').inner_text()
    assert "at least the margin 1.5" in body and "above 0 on row 2" in body  # the results' finding
    lead = page.locator(".hinge-live-chart").first
    # the lead chart is below the fold (1280 x 720): its new figure waits until it is near the window
    mark = "document.querySelector('.hinge-live-chart').dataset.mark"
    kept, nearest = page.evaluate(f"() => (window.__nearestRead = true) && [{mark}, __nearest]")
    assert page.evaluate(CHART_TEXTS, 0) == drawn, f"chart: {kept}; its top came to {nearest} px (fold 720)"
    lead.scroll_into_view_if_needed()
    page.wait_for_function(f"() => ({CHART_TEXTS})(0).includes('margin Δ = 1.5')")
    label = lead.locator(".textpoint text").filter(has_text="margin Δ")  # the margin's line's label
    page.wait_for_function("e => e.textContent === 'margin Δ = 1.5'", arg=label.element_handle())
