"""The Lesson page in a real browser: the whole lesson walked with predictions, the answer only after
Check, and a step opened in the playground there showing the same loss."""

import re

import pytest
from conftest import IDLE, RENDERED, assert_no_exception, open_app, wait_idle

from hinge import lesson

pytestmark = pytest.mark.browser

STEPS = lesson.STEPS
HEADING = "() => document.querySelector('h3')?.textContent"
ALERTS = "[data-testid=stAlert]"
MAIN = "[data-testid=stMain]"
# the text of the live charts shown (a step without a graph keeps its chart hidden, and what it last drew)
LIVE_TEXT = """() => [...document.querySelectorAll('.hinge-live-chart')].filter(c => !c.hidden)
  .map(c => c.textContent).join(' ')"""
# the playground's written-out loss, the end of its arithmetic
TOTAL = "(document.querySelector('.hinge-arithmetic .total') || {}).textContent"


def wait_for_heading(page, i):
    wait_idle(page, f"document.querySelector('h3')?.textContent === {f'{i + 1}. {STEPS[i].title}'!r}")


def main_text(page):
    return page.locator(MAIN).inner_text()


def predict(page, step):
    """Enter a prediction (a number far off, or the first choice), let its rerun end, and press Check."""
    if step.question.kind == lesson.CHOICE:
        page.locator(
            "[data-testid=stRadio] label", has_text=re.compile(f"^{step.question.choices[0]}$")
        ).click()
    else:
        box = page.locator("[data-testid=stTextInput] input")
        box.fill("1000")
        box.press("Enter")  # the box sends its text: Check then reads it
    wait_idle(page, "true", timeout=60_000)
    page.get_by_role("button", name="Check").click()
    wait_idle(page, f"document.querySelector('{ALERTS}') !== null", timeout=60_000)


def test_the_whole_lesson_with_predictions_shows_each_answer_only_after_check(page, app_url):
    open_app(page, f"{app_url}/Lesson")
    for i, step in enumerate(STEPS):
        wait_for_heading(page, i)
        answer = step.answer()
        # before Check: no verdict, no arithmetic, and no loss written in the graph
        assert page.locator(ALERTS).count() == 0 and page.locator("[data-testid=stCode]").count() == 0
        assert "L = " not in page.evaluate(LIVE_TEXT)
        predict(page, step)
        alert = page.locator(ALERTS).first.inner_text()
        right = step.question.kind == lesson.CHOICE and step.question.choices[0] == answer.value
        said = f"Right: the answer is {answer.shown}." if right else f"the answer is {answer.shown}."
        assert alert.endswith(said), (step.key, alert)
        if answer.arithmetic:  # the arithmetic, written out under the verdict
            wait_idle(
                page,
                f"document.querySelector('[data-testid=stCode]')?.textContent.includes({answer.arithmetic[-1]!r})",
            )
        progress = page.locator("[data-testid=stProgress]").inner_text()
        assert f"Step {i + 1} of {len(STEPS)}" in progress
        if i < len(STEPS) - 1:
            page.get_by_role("button", name="Next →").click()
    page.get_by_text("The end of the lesson").wait_for()
    rights = sum(
        s.question.kind == lesson.CHOICE and s.question.choices[0] == s.answer().value for s in STEPS
    )
    assert f"{rights} of {len(STEPS)} right." in main_text(page)
    assert page.url.endswith(f"step={len(STEPS)}")
    assert_no_exception(page)


def test_a_step_opened_in_the_playground_shows_the_same_loss(page, app_url):
    open_app(page, f"{app_url}/Lesson?step=1")
    page.get_by_role("button", name="Show me").click()
    cat = page.locator("[data-testid=stSlider]", has_text="cat score")
    cat.wait_for()
    wait_idle(page, "true")
    cat.locator('input[type="range"]').focus()
    for _ in range(5):  # 3.2 → 3.7: the loss 2.9 → 2.4
        page.keyboard.press("ArrowRight")
    expected = lesson.with_control(STEPS[0].state, "s0", 3.7)
    loss = STEPS[0].answer(expected).shown
    assert loss == "2.4"
    wait_idle(page, "document.querySelector('[data-testid=stCode]')?.textContent.trim().endsWith('= 2.4')")
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Open in the playground").click()
    playground = opened.value
    playground.wait_for_function(f"() => {RENDERED} && {TOTAL} === {loss!r}", timeout=60_000, polling=100)
    assert float(playground.locator('[data-testid="stSlider"]', has_text="cat score").locator(
        'input[type="range"]').input_value()) == pytest.approx(3.7)  # fmt: skip
    assert_no_exception(playground)
    playground.close()


def test_a_bad_step_in_the_link_opens_step_1_with_a_notice(page, app_url):
    open_app(page, f"{app_url}/Lesson?step=<b>99</b>")
    wait_for_heading(page, 0)
    notice = page.locator(ALERTS).first.inner_text()
    assert notice.endswith("step is not a number ('<b>99</b>'): using 1."), notice  # shown as text
    assert page.locator("b", has_text="99").count() == 0  # the link's text is never HTML
    page.wait_for_selector(IDLE)
    assert "step=" not in page.url


def test_from_a_step_without_a_graph_back_to_one_the_chart_is_drawn_in_place_plotly_loaded_already(
    page, app_url
):
    """The live chart is on the page at every step, hidden without a graph: the browser loads Plotly
    when the page opens (a first graph at a later step waited 1.6 s for it) and draws in place."""
    last = len(STEPS) - 1
    assert STEPS[last].view != "playground"
    target = max(i for i, step in enumerate(STEPS) if step.view == "playground")
    open_app(page, f"{app_url}/Lesson?step={last + 1}")
    wait_for_heading(page, last)
    page.wait_for_function("() => window.__hingePlotlyReady !== undefined", timeout=60_000)
    chart = page.locator(".hinge-live-chart")
    assert chart.count() == 1 and chart.is_hidden()
    page.evaluate("() => { document.querySelector('.hinge-live-chart').dataset.kept = 'yes'; }")
    for i in range(last, target, -1):
        page.get_by_role("button", name="← Back").click()
        wait_for_heading(page, i - 1)
    wait_idle(page, "document.querySelector('.hinge-live-chart .main-svg') !== null")
    assert chart.is_visible()
    assert page.evaluate("() => document.querySelector('.hinge-live-chart').dataset.kept") == "yes"
    assert "Loss shown after Check" in page.evaluate(LIVE_TEXT)  # the graph before the reveal
    assert_no_exception(page)


def test_after_a_step_with_streamlits_own_chart_the_live_chart_keeps_its_sliders_frames(page, app_url):
    """Streamlit's st.plotly_chart (the random scores' step) puts its own copy of Plotly on the window
    when it first shows: the live chart must go on with the copy that drew it, or Plotly plots it
    anew and its in-figure slider loses its frames (a page error on the next step, CI of ada1cd6)."""
    at = next(i for i, step in enumerate(STEPS) if step.view == "random")
    assert STEPS[at - 1].view == STEPS[at + 1].view == "playground"
    open_app(page, f"{app_url}/Lesson?step={at}")  # the step before: the live chart drawn first
    wait_for_heading(page, at - 1)
    predict(page, STEPS[at - 1])
    page.get_by_role("button", name="Next →").click()
    wait_for_heading(page, at)
    predict(page, STEPS[at])  # the step's chart comes with the answer
    wait_idle(page, "document.querySelector('[data-testid=stPlotlyChart] .main-svg') !== null")
    assert page.evaluate("() => window.Plotly !== window.__hingePlotlyReady")  # two copies on the page
    page.get_by_role("button", name="Next →").click()
    wait_for_heading(page, at + 1)
    predict(page, STEPS[at + 1])  # the graph with its in-figure slider comes with the answer
    frames_and_steps = """() => { const gd = document.querySelector('.hinge-live-chart');
      const frames = gd._transitionData ? gd._transitionData._frames.length : -1;
      const sliders = gd.layout.sliders || [];
      return [frames, sliders.length ? sliders[0].steps.length : 0]; }"""
    wait_idle(page, f"({frames_and_steps})()[0] > 0")  # the frames come once the browser is idle
    frames, steps = page.evaluate(frames_and_steps)
    assert frames == steps > 1
    assert_no_exception(page)
