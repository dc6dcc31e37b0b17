"""Every control works from the keyboard alone, and the focus can be seen."""

import contextlib

import pytest
from conftest import assert_no_exception, open_app, wait_idle
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from test_lecture_browser import PAGES, url_path, wait_for_charts

pytestmark = pytest.mark.browser

# The page's own controls: sliders, buttons, toggles, number and select inputs. Plotly's
# toolbar buttons are left out (they only appear on hover).
MARK_CONTROLS = """() => {
  const sel = 'input, button, select, textarea, [role="slider"], [role="switch"], [role="combobox"]';
  const seen = [];
  document.querySelectorAll(sel).forEach((el, i) => {
    const r = el.getBoundingClientRect();
    const hidden = r.width === 0 || r.height === 0 || el.disabled || el.closest('.modebar')
      || el.closest('[hidden]') || getComputedStyle(el).visibility === 'hidden' || el.tabIndex < 0;
    if (!hidden) { el.dataset.kbd = String(i); seen.push(String(i)); }
  });
  return seen;
}"""
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // a slider's input is hidden; its visible thumb carries the focus ring
  const shown = el.type === 'range' ? (el.closest('[data-focus-visible]') || el) : el;
  const s = getComputedStyle(shown);
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  const host = el.closest('[data-kbd]') || el;
  return {kbd: host.dataset.kbd || null, ring, tag: el.tagName};
}"""


@pytest.mark.parametrize("page_file", PAGES)
def test_tab_reaches_every_control_and_shows_where_the_focus_is(page, app_url, page_file):
    open_app(page, app_url + url_path(page_file))
    wait_for_charts(page)
    # the shared focus-ring CSS arrives with the page's first elements; tab only once it is in
    page.wait_for_function(
        "() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('solid #0072B2'))",
        timeout=20_000,
    )
    # what a folded expander holds (the training page's tables) is reached once it is opened, as a
    # keyboard user opens it (Enter on its summary, itself a control): open them all first
    summaries = page.locator('[data-testid="stExpander"] details:not([open]) > summary')
    for _ in range(summaries.count()):
        summaries.nth(0).press("Enter")  # each one opened leaves the list
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stExpander\"] details')].every(d => d.open"
        " && [...d.querySelectorAll('[data-testid=\"stDataFrame\"]')].every(t => t.querySelector('canvas')))"
    )
    controls = set(page.evaluate(MARK_CONTROLS))
    assert controls, "the page has controls"
    reached, without_ring = set(), []
    for _ in range(3 * len(controls) + 40):
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED)
        if now and now["kbd"]:
            reached.add(now["kbd"])
            if not now["ring"]:
                without_ring.append(now["tag"])
        if controls <= reached:
            break
    missing = page.evaluate(
        "(ids) => ids.map(i => { const el = document.querySelector(`[data-kbd='${i}']`);"
        " return (el.getAttribute('aria-label') || el.closest('[data-testid]')?.innerText || el.outerHTML)"
        ".slice(0, 60); })",
        sorted(controls - reached),
    )
    assert not missing, f"Tab never reaches: {missing}"
    assert not without_ring, f"focused without a visible ring: {without_ring}"
    assert_no_exception(page)


def test_a_focused_score_slider_moves_one_step_per_arrow_key(page, app_url):
    open_app(page, app_url)
    wait_for_charts(page)
    cat = page.locator('[data-testid="stSlider"]', has_text="cat score")
    thumb = cat.locator('input[type="range"]')
    before = thumb.input_value()
    assert float(before) == 3.2  # the note's cat image, and the first slider on the page
    thumb.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    first_slider = "document.querySelector('[data-testid=stSlider] input[type=range]')"
    # the first press's rerun can answer after the second press: wait for the second's
    expected = float(before) + 0.2
    with contextlib.suppress(PlaywrightTimeout):  # the assertion below says what it shows
        wait_idle(page, f"Math.abs({first_slider}.value - {expected}) < 1e-9", timeout=10_000)
    assert float(thumb.input_value()) == pytest.approx(expected)
    assert_no_exception(page)
