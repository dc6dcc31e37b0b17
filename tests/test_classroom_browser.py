"""The Classroom page in one Chromium: a lecturer's projector (1280x720) and five students' phones
(390x844) on one server; the students answer, the projector shows the answers, the reveal reaches
every phone; a phone has no lecturer control, and a forged lecturer link changes nothing.

The server is this module's own, on a temporary database that the test also opens, to check what
the pages did."""

import os
import time
from pathlib import Path

import pytest
from conftest import checked_page, open_app, start_streamlit, wait_idle

from hinge import classroom, lesson

STUDENTS = 5
ANSWERS = ("2.9", "2.93", "3", "1,5", "2.88")  # the cat's loss is 2.9, right within ±0.05: 3 of 5
SHOTS = os.environ.get("CLASSROOM_SHOTS")  # a folder to save the screenshots in, to look at them


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = tmp_path_factory.mktemp("classroom") / "classroom.sqlite3"
    old = os.environ.get(classroom.ENV_VAR)
    os.environ[classroom.ENV_VAR] = str(path)
    try:
        proc, url = start_streamlit()
    finally:
        if old is None:
            del os.environ[classroom.ENV_VAR]
        else:
            os.environ[classroom.ENV_VAR] = old
    with classroom.open_store(path) as store:
        yield url, store
    proc.terminate()
    proc.wait(10)


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))


def counts(page):
    """The projector's line of counts."""
    return page.locator("h4").filter(has_text=" joined · ")


FIRST_SCREEN = """(selectors) => selectors.map((selector) => {
    const element = document.querySelector(selector);
    if (element === null) return selector + ': missing';
    const box = element.getBoundingClientRect();
    const inside = box.height > 0 && box.top >= 0 && box.left >= 0
        && box.bottom <= innerHeight && box.right <= innerWidth;
    return inside ? null : `${selector}: ${Math.round(box.top)}..${Math.round(box.bottom)} of ${innerHeight}`;
}).filter((wrong) => wrong !== null)"""


def off_the_first_screen(page, *selectors):
    """Those of `selectors` (their first element) not wholly within the window, unscrolled: [] if none."""
    assert page.evaluate("() => scrollY") == 0
    return page.evaluate(FIRST_SCREEN, list(selectors))


def no_sideways_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_room_of_five_phones(browser, server):
    url, store = server
    projector = next(lecturer_pages := checked_page(browser, 1280, 720))
    open_app(projector, f"{url}/Classroom?present=1")  # a projector: presentation mode
    projector.get_by_role("button", name="Start a room").click()
    heading = projector.get_by_test_id("stMetricValue").first
    heading.wait_for(timeout=20_000)
    code = classroom.normalize_code(heading.inner_text())
    assert code is not None
    state = store.state(code)
    assert state.live and state.question_id is None
    assert "key" not in projector.url
    projector.locator(".st-key-classroom_open button").click()
    wait_idle(projector, "document.body.innerText.includes('open for answers')")
    assert store.state(code).open_question == "cat"
    shot(projector, "projector-open")

    phones = [checked_page(browser, 390, 844, is_mobile=True, has_touch=True) for _ in range(STUDENTS)]
    pages = [next(p) for p in phones]
    for page in pages:
        open_app(page, f"{url}/Classroom?room={code}")
        page.get_by_text(lesson.by_key("cat").question.prompt).wait_for(timeout=20_000)
    assert store.state(code).joined == STUDENTS
    phone = pages[0]
    assert no_sideways_scroll(phone)
    box = phone.get_by_label("Your answer").bounding_box()
    send = phone.get_by_role("button", name="Send").bounding_box()
    assert box["y"] + box["height"] <= 844 and send["y"] + send["height"] <= 844  # on the first screen
    assert send["height"] >= 44, send
    assert phone.get_by_role("button", name="Reveal").count() == 0
    assert phone.get_by_role("button", name="Open", exact=True).count() == 0
    for page, value in zip(pages, ANSWERS, strict=True):
        page.get_by_label("Your answer").fill(value)
        page.get_by_role("button", name="Send").click()
    for page in pages:
        page.get_by_text("You may change it until the reveal").wait_for(timeout=20_000)
    sent = time.monotonic()
    assert store.results(code, "cat").count == STUDENTS
    counts(projector).filter(has_text=f"{STUDENTS} joined · {STUDENTS} answered").wait_for(timeout=2_000)
    seen = time.monotonic() - sent
    print(f"projector showed {STUDENTS} answers {seen:.2f} s after the last phone had its answer back")
    shot(projector, "projector-answers")
    board = ".st-key-classroom_board"
    assert (
        off_the_first_screen(  # a 1280x720 projector: code, QR code, join link, counts, the whole chart
            projector,
            f"{board} [data-testid=stMetricValue]",
            f"{board} [data-testid=stImage] img",
            f"{board} a[href$='room={code}']",
            "h4",
            ".js-plotly-plot",
        )
        == []
    )
    shot(phone, "phone-answered")

    pages[3].get_by_label("Your answer").fill("2.9")  # a change: the latest counts
    pages[3].get_by_role("button", name="Send").click()
    pages[3].get_by_text("Your answer: 2.9.").wait_for(timeout=20_000)
    assert store.results(code, "cat").count == STUDENTS

    forged = pages[4]  # a student who writes the lecturer link by hand
    open_app(forged, f"{url}/Classroom?room={code}&key=guessed")
    forged.get_by_text("That is not this room's lecturer key").wait_for(timeout=20_000)
    assert forged.get_by_role("button", name="Reveal").count() == 0
    assert store.state(code).open_question == "cat"

    projector.get_by_role("button", name="Reveal").click()
    wait_idle(projector, "document.body.innerText.includes('The answer: 2.9')")
    assert "4 of 5 (80 %) answered right" in projector.inner_text("body")
    wait_idle(projector, "document.querySelectorAll('[data-testid=stCode]').length > 0")
    assert (
        off_the_first_screen(  # after the reveal: the answers' chart beside the answer, the share and why
            projector, ".js-plotly-plot", "h3", "[data-testid=stCode]"
        )
        == []
    )
    shot(projector, "projector-revealed")
    for page in pages[:4]:
        page.get_by_text("the answer is 2.9", exact=False).first.wait_for(timeout=10_000)
    assert "Right: the answer is 2.9" in pages[0].inner_text("body")
    assert no_sideways_scroll(pages[0])
    shot(pages[0], "phone-revealed")

    with projector.expect_download() as saved:  # the lecturer link, saved: the room back in a new session
        projector.get_by_role("button", name="Save the lecturer link").click()
    lecturer_link = Path(saved.value.path()).read_text(encoding="utf-8").strip()
    assert lecturer_link.startswith(f"{url}/Classroom?room={code}&key=")
    assert lecturer_link.split("&key=")[1] not in projector.inner_text("body")
    wide = next(wide_pages := checked_page(browser, 1920, 1080))
    open_app(wide, lecturer_link)
    wide.get_by_text("The answer: 2.9").wait_for(timeout=20_000)
    assert "key=" not in wide.url and "room=" not in wide.url
    shot(wide, "projector-1920")
    next(wide_pages, None)
    for p in [*phones, lecturer_pages]:
        next(p, None)  # close the contexts, checking for page errors
