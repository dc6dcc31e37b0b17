"""Nothing lost across a server kill, and the pages carry on: the issue's test, at page level.

A lecturer's projector and three phones in one Chromium, a number question open and answered;
the server's whole process group is killed (SIGKILL) and started again on the same port and the
same SQLite file. Without a reload, each page reconnects by itself into a new Streamlit session:
the projector gets its room back from the lecturer's cookie, each phone its seat from its own
address (``seat=``). Then a phone changes its answer (the same seat: still 3 answers), a reloaded
phone keeps its seat, and the reveal reaches the phones."""

import os
import signal
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import checked_page, free_port, open_app, start_streamlit, wait_idle

from hinge import classroom

ANSWERS = ("2.9", "3", "1.5")  # the cat's loss is 2.9: the first one is right
RUNS = "window.__hingeRuns"  # script runs a page has started since the counter was last set to 0
COUNT_RUNS = f"""() => {{
    {RUNS} = 0;
    const app = document.querySelector('[data-testid="stApp"]');
    new MutationObserver(() => {{
        if (app.getAttribute('data-test-script-state') === 'running') {RUNS} += 1;
    }}).observe(app, {{attributes: true, attributeFilter: ['data-test-script-state']}});
}}"""


def start(port, path):
    """A server of the whole app on `port`, in a process group of its own, on the SQLite file `path`."""
    old = os.environ.get(classroom.ENV_VAR)
    os.environ[classroom.ENV_VAR] = str(path)
    try:
        proc, url = start_streamlit(port=port, new_session=True)
    finally:
        if old is None:
            del os.environ[classroom.ENV_VAR]
        else:
            os.environ[classroom.ENV_VAR] = old
    return proc, url


def kill(proc):
    os.killpg(proc.pid, signal.SIGKILL)  # the server leads its group: every process of it
    assert proc.wait(30) == -signal.SIGKILL


def text(page):
    return page.inner_text("body")


def counts_line(page, wanted):
    return f"document.body.innerText.includes({wanted!r})"


@pytest.fixture
def server(tmp_path):
    """(port, database path, [the running server]); whatever runs at the end is stopped."""
    port, path, running = free_port(), tmp_path / "classroom.sqlite3", []
    running.append(start(port, path)[0])
    yield port, path, running
    for proc in running:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)


def test_a_server_kill_loses_nothing_and_the_pages_carry_on(browser, server):
    port, path, running = server
    url = f"http://127.0.0.1:{port}"
    projector = next(lecturer_contexts := checked_page(browser, 1280, 720))
    open_app(projector, f"{url}/Classroom?present=1")
    projector.get_by_role("button", name="Start a room").click()
    heading = projector.get_by_test_id("stMetricValue").first
    heading.wait_for(timeout=30_000)
    code = classroom.normalize_code(heading.inner_text())
    assert code is not None
    projector.locator(".st-key-classroom_open button").click()
    wait_idle(projector, counts_line(projector, "open for answers"), timeout=30_000)
    cookie = {c["name"]: c for c in projector.context.cookies()}["hinge_classroom_lecturer"]
    assert cookie["sameSite"] == "Strict" and cookie["path"] == "/" and cookie["value"].startswith(code)
    key = cookie["value"].split(".", 1)[1]
    assert key not in projector.content() and "key" not in projector.url  # nor in the page's HTML

    phone_contexts = [checked_page(browser, 390, 844, is_mobile=True, has_touch=True) for _ in ANSWERS]
    phones = [next(p) for p in phone_contexts]
    seats = []
    for phone, value in zip(phones, ANSWERS, strict=True):
        open_app(phone, f"{url}/Classroom?room={code}")
        phone.get_by_label("Your answer").fill(value)
        phone.get_by_role("button", name="Send").click()
        phone.get_by_text(f"Your answer: {value}.").wait_for(timeout=30_000)
        seats.append(parse_qs(urlsplit(phone.url).query)["seat"][0])
    assert len(set(seats)) == 3
    wait_idle(projector, counts_line(projector, "3 joined · 3 answered · question 1"), timeout=30_000)
    links = projector.evaluate("() => [...document.querySelectorAll('a')].map(a => a.href)")
    assert any(link.endswith(f"/Classroom?room={code}") for link in links), links  # the join link
    assert "seat" not in text(projector) and not any("seat" in link for link in links)

    kill(running.pop())  # SIGKILL while the question is open
    for page in [projector, *phones]:
        page.evaluate(COUNT_RUNS)  # from here on, a run is the restarted server's
    restarted = time.monotonic()
    running.append(start(port, path)[0])
    print(f"server answering again {time.monotonic() - restarted:.1f} s after the restart began")
    with classroom.open_store(path) as store:  # what the killed server had committed
        state = store.state(code)
        assert (state.joined, state.open_question, state.answers) == (3, "cat", 3)
        assert sorted(store.results(code, "cat").values) == [1.5, 2.9, 3.0]

        # each page reconnects by itself (no reload) into a new session, and carries on
        reconnected = f"{RUNS} > 0"
        wait_idle(
            projector,
            f"{reconnected} && {counts_line(projector, '3 joined · 3 answered · question 1')}",
            timeout=90_000,
        )
        print(f"projector back on its room {time.monotonic() - restarted:.1f} s after the restart began")
        shown = text(projector)
        assert classroom.display_code(code) in shown and "open for answers" in shown
        assert "Start a room" not in shown and key not in projector.content()
        for phone, value in zip(phones, ANSWERS, strict=True):
            answer_back = counts_line(phone, f"Your answer: {value}.")
            wait_idle(phone, f"{reconnected} && {answer_back}", timeout=90_000)
        print(f"every phone back on its seat {time.monotonic() - restarted:.1f} s after the restart began")
        assert store.state(code).joined == 3  # no phone took a second seat

        phones[1].get_by_label("Your answer").fill("2.9")  # a change after the restart: the same seat
        phones[1].get_by_role("button", name="Send").click()
        phones[1].get_by_text("Your answer: 2.9.").wait_for(timeout=30_000)
        assert sorted(store.results(code, "cat").values) == [1.5, 2.9, 2.9]
        phones[2].reload()  # a phone that reloads its page keeps its seat too
        phones[2].get_by_text("Your answer: 1.5.").wait_for(timeout=30_000)
        state = store.state(code)
        assert (state.joined, state.answers) == (3, 3)
        wait_idle(projector, counts_line(projector, "3 joined · 3 answered"), timeout=30_000)

        projector.get_by_role("button", name="Reveal").click()
        wait_idle(projector, counts_line(projector, "The answer: 2.9"), timeout=30_000)
        assert "2 of 3 (67 %) answered right" in text(projector)
        for phone in phones[:2]:
            phone.get_by_text("Right: the answer is 2.9").wait_for(timeout=30_000)
        phones[2].get_by_text("Your answer: 1.5.").wait_for(timeout=30_000)
        assert store.state(code).revealed
    for p in [*phone_contexts, lecturer_contexts]:
        next(p, None)  # close the contexts, checking for page errors


@pytest.mark.parametrize("forged", ["x", "4KX9TQR.guessed", "room's code.wrong key", "%3Cb%3E.%00"])
def test_a_forged_lecturer_cookie_gives_no_room_and_is_dropped(browser, server, forged):
    port, path, _ = server
    url = f"http://127.0.0.1:{port}"
    with classroom.open_store(path) as store:
        code, key = store.create_room()
        store.open_question(code, key, "cat")
        value = forged.replace("room's code", code).replace("wrong key", key[::-1])
        page = next(contexts := checked_page(browser, 1280, 720))
        page.context.add_cookies([{"name": "hinge_classroom_lecturer", "value": value, "url": url}])
        open_app(page, f"{url}/Classroom?present=1")
        page.get_by_role("button", name="Start a room").wait_for(timeout=30_000)
        assert page.locator(".st-key-classroom_reveal").count() == 0 and code not in text(page)
        wait_idle(page, "!document.cookie.includes('hinge_classroom_lecturer')")  # dropped
        assert store.state(code).open_question == "cat" and not store.state(code).closed
        next(contexts, None)
