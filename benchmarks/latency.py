"""Keypress-to-repaint latency of one control of a Streamlit app, measured in headless Chromium.

usage: python benchmarks/latency.py APP.py [--n 30] [--kind slider] [--label REGEX] [--index 0]
                                   [--path /page?x=1] [--check LABEL] [--streamlit streamlit] [--cwd DIR]

The copy of ../shared/tools/latency.py that the project owns, with one option more, --kind, for
every kind of control (the shared tool presses ArrowRight on a slider, nothing else):

  slider   focus the thumb, ArrowRight / ArrowLeft in turn (a slider at its end still moves;
           one at its top starts with ArrowLeft, as ArrowRight there sends nothing)
  select   focus the box, type another option's name (it filters the list), Enter picks;
           then the first option again, in turn
  toggle   focus the switch (or checkbox), Space
  radio    focus the chosen option, ArrowRight / ArrowLeft in turn (with none chosen yet, the
           first press is Space on the first option: it chooses it)
  number   focus the box, ArrowUp / ArrowDown in turn (Streamlit steps and sends at once)
  segment  focus another option of a segmented control, Enter
  tab      focus another tab, Enter
  button   focus the button, Enter

Each press is done n+2 times (the first two are warm-up). For each, the page records the time
of the last key down (the measured key: the keys that open a list come before it), the last
websocket message from the server, and the last DOM mutation in the main area before 300 ms of
quiet. Prints median and p95 of keydown -> last repaint ("paint") and keydown -> last server
message ("run"). --client: the control is drawn by the browser alone (a tab with no rerun), so
no server message is waited for.
"""

import argparse
import contextlib
import os
import re
import socket
import statistics
import subprocess
import time

from playwright.sync_api import sync_playwright

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
KINDS = ("slider", "select", "toggle", "radio", "number", "segment", "tab", "button")
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# each kind: the element a case's --label is matched against, and the focusable part inside it
WIDGET = {
    "slider": ('[data-testid="stSlider"]', '[role="slider"], input[type="range"]'),
    "select": ('[data-testid="stSelectbox"]', "input"),
    "toggle": ('[data-testid="stCheckbox"]', 'input[type="checkbox"]'),
    "radio": ('[data-testid="stRadio"]', 'input[type="radio"]'),
    "number": ('[data-testid="stNumberInput"]', "input"),
    "segment": ('[data-testid="stButtonGroup"]', "button"),
    "tab": ('[data-testid="stTabs"]', '[role="tab"]'),
    "button": ('[data-testid="stButton"], [data-testid="stDownloadButton"]', "button"),
}

WS_HOOK = """(() => {
  const Orig = window.WebSocket;
  function Hooked(...args) {
    const ws = new Orig(...args);
    ws.addEventListener('message', (e) => {
      const w = window.__lat;
      if (!w) return;
      w.msg = performance.now();
      w.msgs?.push([w.msg, e.data.byteLength || e.data.size || e.data.length || 0]); // [time, bytes]
    });
    return ws;
  }
  Hooked.prototype = Orig.prototype;
  for (const k of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Hooked[k] = Orig[k];
  window.WebSocket = Hooked;
})();"""

OBSERVE = """() => {
  const w = window.__lat = {key: 0, msg: 0, last: 0, msgs: []};
  document.addEventListener('keydown', () => {
    w.key = performance.now(); w.msg = 0; w.last = w.key; w.msgs = [];
  }, true);
  // A canvas's children are its fallback content, never painted: the table grid's accessibility tree,
  // which it rebuilds 200 ms after drawing, is not a repaint (the canvas's own attributes are).
  const painted = (m) => {
    const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
    const inside = m.type === 'attributes' ? el && el.parentElement : el;
    return !(inside && inside.closest('canvas'));
  };
  new MutationObserver((records) => { if (records.some(painted)) w.last = performance.now(); })
    .observe(document.querySelector('[data-testid="stMain"]') || document.body,
             {subtree: true, childList: true, attributes: true, characterData: true});
}"""

DONE = """(client) => { const w = window.__lat, now = performance.now();
  return (client || w.msg > w.key) && now - w.last > 300 && (client || now - w.msg > 300); }"""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


@contextlib.contextmanager
def serve(app, cwd=None, streamlit="streamlit"):
    """`streamlit run APP` on a free port for the duration of the block; yields its base URL."""
    port = free_port()
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    srv = subprocess.Popen(
        [
            streamlit,
            "run",
            app,
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.terminate()
        srv.wait(10)


@contextlib.contextmanager
def chromium():
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()


def _target(page, kind, label, index):
    """The control's container (of the right kind, whose text matches `label`) and the part to focus."""
    outer, inner = WIDGET[kind]
    boxes = page.locator(outer)
    if label and kind not in ("tab", "button"):
        boxes = boxes.filter(has_text=re.compile(label, re.I))
    parts = boxes.locator(inner)
    if label and kind in ("tab", "button"):  # their own text is their label
        parts = parts.filter(has_text=re.compile(label, re.I))
    if kind in ("radio", "select"):
        return boxes.nth(index)
    if kind in ("segment", "tab"):
        return parts
    return parts.nth(index)


# Per measure() (cleared at its start), keyed by id() of its target: a target from an earlier case
# is gone by then, and a new one can get its id (Python reuses the memory). Kept across cases, the
# "5 · Scale k" slider (its thumb at the top) got an earlier slider's "right first": its first
# ArrowRight sent nothing, and the press timed out.
_SLIDER_FIRST = {}  # a slider's first direction: 0 right, 1 left (its thumb at the top)
_SELECT_PAIRS = {}  # a select's two options pressed in turn: another one, and the one chosen at first


def _press(page, kind, target, i):
    """One measured key press (after the keys that prepare it), alternating direction with i."""
    if kind == "slider":
        target.focus()
        if id(target) not in _SLIDER_FIRST:  # a thumb at its top starts down: a press there sends nothing
            now, top = target.evaluate(
                "el => [el.getAttribute('aria-valuenow') ?? el.value,"
                " el.getAttribute('aria-valuemax') ?? el.max]"
            )  # a range input (Streamlit 1.67) has value and max, a role="slider" thumb its aria values
            _SLIDER_FIRST[id(target)] = 1 if now not in (None, "") and now == top else 0
        page.keyboard.press("ArrowRight" if (i + _SLIDER_FIRST[id(target)]) % 2 == 0 else "ArrowLeft")
    elif kind == "select":  # type another option's name (the box filters its list), Enter
        box = target.locator("input")
        if id(target) not in _SELECT_PAIRS:  # the first press: read the list, and what is chosen
            box.focus()
            page.keyboard.press("ArrowDown")
            page.wait_for_selector('[role="option"]', timeout=10000)
            options = [o.strip() for o in page.locator('[role="option"]').all_inner_texts()]
            page.keyboard.press("Escape")
            shown = [line.strip() for line in target.inner_text().splitlines()]
            shown += [
                box.input_value(),
                box.get_attribute("placeholder") or "",
                box.get_attribute("aria-label") or "",
            ]
            current = next((o for o in options if o in shown), None)
            if current is None:
                raise RuntimeError(f"which option is chosen? options {options}, shown {shown}")
            _SELECT_PAIRS[id(target)] = (next(o for o in options if o != current), current)
        box.focus()
        page.keyboard.type(_SELECT_PAIRS[id(target)][i % 2])
        page.wait_for_selector('[role="option"]', timeout=10000)
        page.evaluate("() => { window.__lat.key = performance.now(); }")  # the keys above send nothing
        page.keyboard.press("Enter")
    elif kind == "toggle":
        target.focus()
        page.keyboard.press("Space")
    elif kind == "radio":
        checked = target.locator('input[type="radio"]:checked')
        if checked.count() == 0:  # nothing chosen yet (index=None): Space on the first option chooses it
            target.locator('input[type="radio"]').first.focus()
            page.keyboard.press("Space")
            return
        checked.focus()  # the arrows move the choice
        page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
    elif kind == "number":
        target.focus()
        page.keyboard.press("ArrowUp" if i % 2 == 0 else "ArrowDown")
    elif kind in ("segment", "tab"):  # the first two options in turn: the one not shown now
        target.nth((i + 1) % 2).focus()
        page.keyboard.press("Enter")
    else:  # button
        target.focus()
        page.keyboard.press("Enter")


def measure(
    url, n, kind="slider", label=None, index=0, check=None, client=False, browser=None, *, init_script=None,
    on_press=None,
):  # fmt: skip
    """Paint and server times (ms) of n presses of one control of the page at `url`.

    `init_script` runs in the page before its own scripts, after the websocket hook; `on_press(page,
    lat)` is called after each measured press, with the page's record of it (``window.__lat``: the
    key's time, the last repaint's, and ``msgs``, each message since the key as [time, bytes])."""
    if browser is None:
        with chromium() as b:
            return measure(
                url, n, kind, label, index, check, client, b, init_script=init_script, on_press=on_press
            )
    _SLIDER_FIRST.clear()
    _SELECT_PAIRS.clear()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.add_init_script(WS_HOOK)
        if init_script:
            page.add_init_script(init_script)
        page.goto(url)
        page.wait_for_selector(IDLE, timeout=60000)
        page.wait_for_selector(WIDGET[kind][0], timeout=60000)
        page.wait_for_timeout(1500)
        if check:
            page.get_by_text(check, exact=True).click()
            page.wait_for_timeout(3000)
        page.evaluate(OBSERVE)
        target = _target(page, kind, label, index)
        target.first.wait_for(timeout=20000)
        paint, run = [], []
        for i in range(n + 2):
            _press(page, kind, target, i)
            page.wait_for_function(DONE, arg=client, timeout=20000, polling=50)
            w = page.evaluate("() => window.__lat")
            if i >= 2:
                paint.append(w["last"] - w["key"])
                run.append((w["msg"] - w["key"]) if w["msg"] > w["key"] else 0.0)
                if on_press:
                    on_press(page, w)
        return paint, run
    finally:
        context.close()


def summary(paint, run):
    return (
        f"n={len(paint)} paint_median_ms={statistics.median(paint):.1f} paint_p95_ms={pct(paint, 0.95):.1f} "
        f"server_median_ms={statistics.median(run):.1f}"
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("app")
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--kind", choices=KINDS, default="slider")
    ap.add_argument("--index", "--slider", type=int, default=0, help="index among the controls that match")
    ap.add_argument("--label", default=None, help="regex on the control's label text")
    ap.add_argument("--path", default="/")
    ap.add_argument("--check", default=None, help="label of a checkbox to tick before measuring")
    ap.add_argument("--client", action="store_true", help="no server message is expected (a tab)")
    ap.add_argument("--streamlit", default="streamlit")
    ap.add_argument("--cwd", default=None)
    a = ap.parse_args()
    with serve(a.app, a.cwd, a.streamlit) as base:
        paint, run = measure(base + a.path, a.n, a.kind, a.label, a.index, a.check, a.client)
    print(summary(paint, run))


if __name__ == "__main__":
    main()
