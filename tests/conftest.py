"""Shared fixtures: a Streamlit server for the whole app and headless Chromium pages against it."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import settings

# No timing thresholds in tests: a property test is not failed for being slow on a loaded machine.
settings.register_profile("no_deadline", deadline=None)
settings.load_profile("no_deadline")

# The classroom's database: a test run never writes the app's own data/classroom.sqlite3. Set before
# any server starts, so the Streamlit servers the tests start inherit it; a test may set its own.
os.environ.setdefault(
    "HINGE_CLASSROOM_DB", os.path.join(tempfile.mkdtemp(prefix="hinge-tests-"), "classroom.sqlite3")
)

ROOT = Path(__file__).resolve().parents[1]
BROWSER_FIXTURES = {"browser", "app_url"}  # every page fixture asks for `browser`
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Streamlit draws a lazily loaded element (a slider, a table...) as a skeleton until its code
# arrives, which can be after the script has finished, and not in page order.
SKELETON = "[data-testid=stSkeleton]"
RENDERED = f"document.querySelector('{IDLE}') !== null && document.querySelector('{SKELETON}') === null"


def pytest_collection_modifyitems(items):
    """Mark every browser test `browser`, by its file (*_browser.py) or by the fixtures it uses, so that
    `python -m pytest -m "not browser"` runs all the rest: the fast command for everyday work."""
    for item in items:
        uses = set(getattr(item, "fixturenames", ()))
        if item.path.name.endswith("_browser.py") or uses & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


def chromium_path():
    """Debian's Chromium, or $CHROMIUM; None when neither exists."""
    path = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    return path if Path(path).exists() or shutil.which(path) else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(app="app.py", port=None, cwd=ROOT, new_session=False):
    """Start `streamlit run` on localhost from `cwd` and wait for it to answer; return (process, url).

    With `new_session` the server leads a process group of its own (a test can kill the group)."""
    port = port or free_port()
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", app, "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=new_session,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc, url
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {proc.stderr.read().decode()[-2000:]}") from None
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("streamlit did not start within 60 s")


@pytest.fixture(scope="session")
def app_url():
    """One server for the whole multipage app, shared by every browser test."""
    proc, url = start_streamlit()
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing on CI: .ci/run must `apt-get install -y chromium`")
        pytest.skip("no Chromium: install Debian's package (apt-get install chromium) or set $CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield b
        b.close()


def checked_page(browser, width, height, **context_options):
    """A fresh page of that size, for a fixture to yield from; fails the test on a page error or dialog."""
    context = browser.new_context(viewport={"width": width, "height": height}, **context_options)
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    context.close()
    assert not errors, errors


@pytest.fixture
def page(browser):
    """A fresh 1280x720 page (a projector)."""
    yield from checked_page(browser, 1280, 720)


def open_app(page, url):
    """Go to `url` and wait until the script has run, nothing is running and every element is drawn."""
    page.goto(url)
    first = "document.querySelector('[data-testid=stMainBlockContainer] [data-testid=stElementContainer]')"
    page.wait_for_function(f"() => {first} !== null && {RENDERED}", timeout=60_000, polling=50)
    return page


def wait_idle(page, changed_js, timeout=20_000):
    """Wait until `changed_js` (a JS expression) is true, the script is not running and all is drawn."""
    page.wait_for_function(f"() => {RENDERED} && ({changed_js})", timeout=timeout, polling=50)


def assert_no_exception(page):
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]'
    ).first.inner_text()


def run_async(coro):
    """asyncio.run(coro) on a thread of its own, its result or its exception back here.

    Playwright's sync API (the browser tests' fixtures) keeps an event loop running in this
    thread for the rest of the session, and asyncio.run refuses to start inside a running loop:
    run alone, the websocket-client tests passed; after a browser test, in one pytest run, they failed.
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
