"""The latency benchmark's cases cover every control of every page (read from AppTest), and only real ones.

A control added to a page without a case in benchmarks/latency_pages.py fails here, as does a case
whose control is gone. The benchmark itself is not run (it takes minutes and a browser).
"""

import re
import sys
from urllib.parse import parse_qsl

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(ROOT / "benchmarks"))
import latency
import latency_pages as lp

# AppTest's element lists, by the kind of key press the benchmark gives them
KIND_OF = {
    "slider": "slider",
    "select_slider": "slider",
    "selectbox": "select",
    "toggle": "toggle",
    "checkbox": "toggle",
    "radio": "radio",
    "number_input": "number",
    "button_group": "segment",
    "button": "button",
    "tabs": "tab",
}
OTHER_WIDGETS = (
    "text_input",
    "text_area",
    "multiselect",
    "date_input",
    "time_input",
    "color_picker",
    "chat_input",
)
PRESENT = [page for page in lp.PAGES if lp.page_file(page) is not None]


def controls(page, query):
    """(kind, label, disabled) of every control the page shows with `query` in its link."""
    at = AppTest.from_file(str(lp.page_file(page)), default_timeout=120)
    for key, value in parse_qsl(query):
        at.query_params[key] = value
    at.run()
    assert not at.exception, f"{page}?{query}: {at.exception}"
    for name in OTHER_WIDGETS:  # a kind of control the benchmark cannot press yet, unless said why
        unsaid = [el.label for el in getattr(at, name) if (page, el.label) not in lp.NOT_MEASURED]
        assert not unsaid, f"{page}?{query}: a {name}: give latency.py a --kind for it"
    return {
        (KIND_OF[name], element.label, bool(getattr(element, "disabled", False)))
        for name in KIND_OF
        for element in getattr(at, name)
    }


@pytest.fixture(scope="module")
def shown():
    """Every page's controls, in each state a case asks for (a tab, a mode) and in the default one."""
    out = {}
    for page in PRESENT:
        queries = {""} | {case.query for case in lp.CASES if case.page == page}
        out[page] = {query: controls(page, query) for query in sorted(queries)}
    return out


def covered(page, kind, label):
    return any(c.page == page and c.kind == kind and re.search(c.label, label) for c in lp.CASES)


@pytest.mark.parametrize("page", PRESENT)
def test_every_control_of_the_page_has_a_case(shown, page):
    missing = [
        (kind, label)
        for kind, label in sorted({(k, lb) for state in shown[page].values() for k, lb, _ in state})
        if not covered(page, kind, label) and (page, label) not in lp.NOT_MEASURED
    ]
    assert missing == [], f"{page}: controls without a case in benchmarks/latency_pages.py"


@pytest.mark.parametrize("page", PRESENT)
def test_every_case_presses_a_control_the_page_has_and_can_press(shown, page):
    """In the case's own state (its link), the control is there and not disabled."""
    stale = [
        case.control
        for case in lp.CASES
        if case.page == page
        and not any(
            k == case.kind and re.search(case.label, lb) and not off for k, lb, off in shown[page][case.query]
        )
    ]
    assert stale == []
    labels = {label for state in shown[page].values() for _, label, _ in state}
    assert [label for p, label in lp.NOT_MEASURED if p == page and label not in labels] == []


def test_the_cases_are_well_formed():
    assert {case.kind for case in lp.CASES} <= set(latency.KINDS)
    assert {case.page for case in lp.CASES} == set(lp.PAGES)  # every page has a case, the Lesson too
    names = [(case.page, case.control) for case in lp.CASES]
    assert len(names) == len(set(names))  # one row of the table each
    assert lp.url_of(lp.CASES[0]) == "/"
    questions = next(c for c in lp.CASES if c.query.startswith("experiment=3"))
    assert lp.url_of(questions) == "/Questions_as_experiments?experiment=3+·+Random+scores"


def test_only_picks_cases_by_page_and_control():
    assert [c.control for c in lp.selected("^Playground \\| margin")] == ["margin Δ"]
    assert {c.page for c in lp.selected("Landscape")} == {"Questions"}
    assert len(lp.selected(None)) == len(lp.CASES)


def test_the_benchmark_counts_a_canvas_drawn_but_not_its_fallback_content(page):
    """A canvas's children are never painted (the table grid rebuilds its accessibility tree there 200 ms
    after drawing, which made a new grid look 300 ms slower): the benchmark's last repaint skips them,
    and still counts the canvas's own attributes and every other change."""
    page.set_content('<main><canvas id="c" width="10"><div id="kid">a</div></canvas><p id="p">x</p></main>')
    page.evaluate(latency.OBSERVE)
    page.keyboard.press("Shift")  # the benchmark's clock starts at a key
    last = "() => window.__lat.last - window.__lat.key"
    changes = [
        ("document.getElementById('kid').textContent = 'b'", False),  # fallback text
        ("document.getElementById('c').append(document.createElement('span'))", False),  # fallback node
        ("document.getElementById('kid').setAttribute('title', 't')", False),  # fallback attribute
        ("document.getElementById('c').setAttribute('width', '20')", True),  # the canvas itself
        ("document.getElementById('p').textContent = 'y'", True),
    ]
    for change, counted in changes:
        before = page.evaluate(last)
        page.wait_for_timeout(20)
        page.evaluate(f"() => {{ {change}; }}")
        page.evaluate("() => new Promise(r => setTimeout(r, 0))")  # the observer's records are delivered
        assert (page.evaluate(last) > before) == counted, change
