"""What every page shares, in a real browser: presentation mode across pages, share links, the console."""

from urllib.parse import parse_qs, urlparse

import pytest
from conftest import IDLE, assert_no_exception, checked_page, open_app, wait_idle

from hinge.ui import PAGES

pytestmark = pytest.mark.browser

TOGGLE = "[data-testid=stCheckbox]:has-text('Presentation mode')"
ENLARGED = "getComputedStyle(document.documentElement).fontSize === '20px'"
NORMAL = "getComputedStyle(document.documentElement).fontSize === '16px'"


def present_in_url(page):
    return parse_qs(urlparse(page.url).query).get("present") == ["1"]


def open_sidebar(page):
    """Presentation mode folds the sidebar away; open it (no-op when it is open)."""
    button = page.locator('[data-testid="stExpandSidebarButton"]')
    if button.count() and button.is_visible():
        button.click()
    page.locator(TOGGLE).wait_for(state="visible")


def go_to(page, title):
    """Click a page's entry in the sidebar menu and wait for that page to be drawn."""
    open_sidebar(page)
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    page.wait_for_function(
        "t => [...document.querySelectorAll('[data-testid=stSidebarNav] a[aria-current=page]')]"
        ".some(a => a.textContent === t)",
        arg=title,
        timeout=30_000,
    )
    page.wait_for_selector(IDLE, timeout=60_000)


def assert_presenting(page):
    page.wait_for_function(f"() => {ENLARGED}", timeout=20_000)
    open_sidebar(page)
    assert page.locator(TOGGLE).locator("input").is_checked()
    assert present_in_url(page), page.url
    assert_no_exception(page)


@pytest.mark.parametrize("start", [1, 0])
def test_presentation_mode_from_the_link_stays_on_on_every_other_page(page, app_url, start):
    _, _, url = PAGES[start]
    open_app(page, f"{app_url}/{url}?present=1")
    assert_presenting(page)
    for _, title, _ in [p for i, p in enumerate(PAGES) if i != start]:
        go_to(page, title)
        assert_presenting(page)


def test_presentation_mode_from_the_toggle_stays_on_until_switched_off(page, app_url):
    open_app(page, app_url + "/")
    page.locator(TOGGLE).locator("label").click()
    page.wait_for_function(f"() => {ENLARGED}", timeout=20_000)
    page.wait_for_selector(IDLE)
    assert_presenting(page)
    go_to(page, PAGES[2][1])
    assert_presenting(page)
    page.locator(TOGGLE).locator("label").click()  # switched off: it stays off on the next page
    page.wait_for_function(f"() => {NORMAL}", timeout=20_000)
    go_to(page, PAGES[3][1])
    page.wait_for_function(f"() => {NORMAL}", timeout=20_000)
    assert not page.locator(TOGGLE).locator("input").is_checked()
    assert not present_in_url(page)


# The first live chart's drawing: its type size, and its width against its column's (Plotly keeps a
# chart's width through Plotly.react); then whether every live chart is still the element it was,
# and how many explanations (ui.explain) can be seen.
FIRST_CHART = """() => { const gd = document.querySelector('.hinge-live-chart');
  const full = gd && gd._fullLayout;
  return full ? [full.font.size, Math.abs(full.width - gd.getBoundingClientRect().width) <= 2] : null; }"""
SAME_CHARTS = """() => window.__charts.every((gd, i) => gd.isConnected
  && document.querySelectorAll('.hinge-live-chart')[i] === gd)"""
EXPLANATIONS_SEEN = """() => [...document.querySelectorAll('[class*="st-key-hinge_explain_"]')]
  .filter(e => e.getBoundingClientRect().height > 0).length"""


@pytest.mark.parametrize(
    "url", ["", "Lesson", "Cross-entropy_vs_hinge", "Questions_as_experiments", "Train_a_linear_classifier"]
)
def test_presentation_mode_turned_on_and_off_restyles_the_open_page_in_place(page, app_url, url):
    """Each element keeps its place in either mode (explanations are hidden, not left out), so the
    browser updates the page instead of drawing it anew: the same chart elements, redrawn in the
    projector's type at their column's width. The sidebar, and the toggle in it, stay open."""
    open_app(page, f"{app_url}/{url}")
    page.wait_for_function(f"() => ({FIRST_CHART})()?.[0] === 16", timeout=30_000)
    page.evaluate("() => { window.__charts = [...document.querySelectorAll('.hinge-live-chart')]; }")
    shown = page.evaluate(EXPLANATIONS_SEEN)
    assert shown > 0
    for size, css in ((22, ENLARGED), (16, NORMAL)):
        page.locator(TOGGLE).locator("label").click()
        wait_idle(page, css)
        page.locator(".hinge-live-chart").first.scroll_into_view_if_needed()  # a lazy chart is drawn in sight
        drawn = f"s => {{ const c = ({FIRST_CHART})(); return c && c[0] === s && c[1]; }}"
        page.wait_for_function(drawn, arg=size, timeout=30_000)
        assert page.evaluate(SAME_CHARTS)
        assert page.evaluate(EXPLANATIONS_SEEN) == (0 if size == 22 else shown)
        assert page.locator(TOGGLE).is_visible()  # not folded away under the pointer
        assert present_in_url(page) == (size == 22)
    assert_no_exception(page)


def share_link(page):
    box = page.locator(".hinge-share input")
    box.wait_for(state="attached", timeout=30_000)
    page.wait_for_function("() => document.querySelector('.hinge-share input').value !== ''")
    return urlparse(box.input_value())


@pytest.mark.parametrize("present", [True, False])
def test_the_playgrounds_share_link_carries_presentation_mode_when_it_is_on(page, app_url, present):
    open_app(page, app_url + ("/?present=1" if present else "/"))
    link = share_link(page)
    query = parse_qs(link.query)
    assert link.path == "/"
    assert query.get("present") == (["1"] if present else None), link.geturl()
    assert query["classes"] == ["3"]  # the rest of the view is still there


def test_the_share_link_follows_the_toggle(page, app_url):
    open_app(page, app_url + "/?present=1")
    assert parse_qs(share_link(page).query).get("present") == ["1"]
    open_sidebar(page)
    page.locator(TOGGLE).locator("label").click()
    page.wait_for_function(f"() => {NORMAL}", timeout=20_000)
    # the rerun may draw the chart's element anew: wait for the new one's link
    page.wait_for_function(
        "() => { const link = document.querySelector('.hinge-share input');"
        " return link !== null && link.value !== '' && !link.value.includes('present='); }"
    )
    assert "present" not in parse_qs(share_link(page).query)


# Each chart's Plotly toolbar, if it can be seen, and every title of that chart it covers.
COVERED_TITLES = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd => {
  const bar = gd.querySelector('.modebar');
  if (!bar) return [];
  const box = bar.getBoundingClientRect();
  const seen = [...bar.querySelectorAll('.modebar-btn')].some(b => {
    const r = b.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && Number(getComputedStyle(b.parentElement).opacity) > 0;
  });
  if (!seen) return [];
  return [...gd.querySelectorAll('.gtitle, .annotation-text, .legendtext')]
    .map(t => [t.textContent, t.getBoundingClientRect()])
    .filter(([, r]) => r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top)
    .map(([text]) => text);
})"""


CHARTLESS = {"Classroom"}  # pages that open without a chart (the Classroom's comes with a room)


@pytest.fixture
def phone(browser):
    """A 390x844 touch screen, as a student's phone."""
    yield from checked_page(browser, 390, 844, is_mobile=True, has_touch=True)


@pytest.mark.parametrize("query", ["", "?present=1"])
@pytest.mark.parametrize("url", [url for _, _, url in PAGES])
def test_on_a_phone_no_chart_toolbar_covers_a_title(phone, app_url, url, query):
    open_app(phone, f"{app_url}/{url}{query}")
    if url not in CHARTLESS:
        phone.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    charts = phone.locator(".js-plotly-plot")
    for i in range(charts.count()):  # a finger on each chart: Plotly shows its toolbar then
        charts.nth(i).scroll_into_view_if_needed()
        charts.nth(i).hover()
        assert phone.evaluate(COVERED_TITLES) == []


# A table's cells as the page sees them: its type size times the zoom it is drawn with, its
# row height on the screen, whether it stays inside its column, and its cells' text (the grid
# keeps an accessible copy of what its canvas shows).
GRID = """df => {
  const style = [...df.querySelectorAll('*')].find(e => e.style.getPropertyValue('--gdg-base-font-style'));
  const font = parseFloat(style.style.getPropertyValue('--gdg-base-font-style').split(' ').at(-1));
  const zoom = Number(getComputedStyle(df.closest('[data-testid=stElementContainer]')).zoom);
  const box = df.getBoundingClientRect();
  const column = df.closest('[data-testid=stVerticalBlock]').getBoundingClientRect();
  const rows = [...df.querySelectorAll('table tbody tr')]
    .map(tr => [...tr.querySelectorAll('td')].map(td => td.textContent));
  return {font: font * zoom, rowHeight: box.height / (rows.length + 1), fits: box.right <= column.right + 1,
          rows};
}"""
TABLES = [("", 0), ("Cross-entropy_vs_hinge", 0)]  # the playground's batch, the cross-entropy examples


def grid(page, url, index, query):
    open_app(page, f"{page.app_url}/{url}{query}")
    table = page.locator("[data-testid=stDataFrame]").nth(index)
    table.scroll_into_view_if_needed()
    page.wait_for_function(
        "i => document.querySelectorAll('[data-testid=stDataFrame]')[i]?.querySelector('table tbody tr')",
        arg=index,
    )
    return table, table.evaluate(GRID)


@pytest.mark.parametrize(("url", "index"), TABLES)
def test_presentation_mode_enlarges_the_tables_to_the_texts_size(page, app_url, url, index):
    page.app_url = app_url
    _, normal = grid(page, url, index, "")
    _, present = grid(page, url, index, "?present=1")
    # 7/8 of the page's type when the table appeared (1.25 times larger if after the projector's
    # type), then zoomed: 1.3 times at least, up to the prose's size
    assert present["font"] >= 1.29 * normal["font"], (normal, present)
    assert present["rowHeight"] >= 1.29 * normal["rowHeight"], (normal, present)
    assert present["fits"] and normal["fits"]
    assert present["rows"] == normal["rows"]  # the same cells, only larger
    assert_no_exception(page)


@pytest.mark.parametrize("query", ["", "?present=1"])
@pytest.mark.parametrize("url", [url for _, _, url in PAGES])
def test_no_page_logs_a_console_error_or_fails_a_request(page, app_url, url, query):
    """A page's own address made Streamlit's browser code ask <page>/_stcore/health first: two 404s."""
    problems = []
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    open_app(page, f"{app_url}/{url}{query}")
    if url not in CHARTLESS:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    page.wait_for_selector(IDLE)
    assert_no_exception(page)
    assert problems == []
