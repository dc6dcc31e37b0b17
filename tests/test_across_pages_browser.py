"""What every page shares, in a real browser: presentation mode across pages, share links, the console."""

from urllib.parse import parse_qs, urlparse

import pytest
from conftest import IDLE, assert_no_exception, open_app

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
    page.wait_for_function("() => !document.querySelector('.hinge-share input').value.includes('present=')")
    assert "present" not in parse_qs(share_link(page).query)
