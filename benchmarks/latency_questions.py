"""Keypress-to-repaint of every control of the Questions page against a bare Streamlit app, in one run.

usage: python benchmarks/latency_questions.py [--n 12] [--only REGEX] [--tool PATH/latency.py]

The shared tool (``latency.py``) presses ArrowRight on a slider; this drives the same in-page
measurement (its WS_HOOK, OBSERVE and DONE: keydown -> last DOM mutation of the main area
before 300 ms of quiet) on this page's other controls too:

- ``slider``: ArrowRight on the slider whose label matches (``alt``: ArrowRight and ArrowLeft
  in turn, for a slider of few options that would reach its end);
- ``button``: Enter on the segmented control's option, two options in turn;
- ``select``: the select box's option typed, then Enter, two options in turn.

One server of the bare app (benchmarks/bare_app.py) and one of this checkout's app.py run
side by side; each case measures the bare app right before it. Prints median and p95 of each
case and the ratio of the medians (the figure that survives a noisy machine).
"""

import argparse
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks")]
from conftest import start_streamlit  # noqa: E402
from latency_app import DEFAULT_TOOL, load_tool  # noqa: E402

PAGE = "/Questions_as_experiments?experiment="
TAB = {i: PAGE + name.replace(" ", "+").replace("·", "%C2%B7") for i, name in enumerate([
    "1 · Small changes", "2 · Min, max", "3 · Random scores", "4 · Kinks", "5 · Margin", "6 · Variants",
    "Landscape"], 1)}  # fmt: skip
# (name, path, kind, what: a slider's label regex / a control's label, options to alternate)
CASES = [
    ("1 jitter size", TAB[1], "slider", "Jitter size"),
    ("1 jitter seed", TAB[1], "slider", "Seed"),
    ("2 correct score", TAB[2], "slider", "Score of the correct"),
    ("2 log scale", TAB[2], "toggle", "Log scale"),
    ("3 classes", TAB[3], "slider", "Classes"),
    ("3 sigma", TAB[3], "slider", "Spread"),
    ("3 samples", TAB[3], "alt", "Samples"),
    ("3 margin", TAB[3], "slider", "Margin"),
    ("3 seed", TAB[3], "slider", "Seed"),
    ("4 moving class", TAB[4], "button", ("Which score moves", "car", "frog")),
    ("4 its value", TAB[4], "slider", "Its value"),
    ("5 image", TAB[5], "button", ("Image from the note", "car", "frog")),
    ("5 scale k", TAB[5], "alt", "Scale k"),
    ("5 margin", TAB[5], "slider", "Margin"),
    ("6 image", TAB[6], "button", ("Image from the note", "car", "frog")),
    ("6 correct score", TAB[6], "slider", "Score of the correct"),
    ("L image", TAB[7], "button", ("Image from the note", "car", "frog")),
    ("L x axis", TAB[7], "select", ("Score on the x axis", "frog", "cat")),
    ("L loss", TAB[7], "button", ("Loss", "hinge (max)", "cross-entropy")),
    ("L view", TAB[7], "button", ("View", "heat map", "3-D surface")),
    ("L margin", TAB[7], "slider", "Margin"),
]


def press(page, kind, what, i):
    """One key press on the control (the i-th of the run): returns after the keydown that counts."""
    if kind in ("slider", "alt"):
        page.keyboard.press("ArrowRight" if kind == "slider" or i % 2 else "ArrowLeft")
        return
    label, *options = what if kind != "toggle" else (what,)
    if kind == "toggle":
        page.get_by_label(label).focus()
        page.keyboard.press("Space")
    elif kind == "button":
        group = page.locator('[data-testid="stButtonGroup"]').filter(has_text=label).first
        group.get_by_role("radio", name=options[i % 2], exact=True).focus()
        page.keyboard.press("Enter")
    else:
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).locator("input")
        box.focus()
        page.keyboard.type(options[i % 2])
        page.get_by_role("option", name=options[i % 2], exact=True).wait_for()
        page.keyboard.press("Enter")


def measure(tool, url, n, kind, what):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=tool.FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.add_init_script(tool.WS_HOOK)
        page.goto(url)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60000)
        page.wait_for_selector('[data-testid="stSlider"], [data-testid="stButtonGroup"]', timeout=60000)
        page.wait_for_timeout(1500)
        page.evaluate(tool.OBSERVE)
        if kind in ("slider", "alt"):
            sliders = page.locator('[data-testid="stSlider"]').filter(has_text=re.compile(what, re.I))
            sliders.locator('input[type="range"]').first.focus()
        paint = []
        for i in range(n + 2):
            press(page, kind, what, i)
            page.wait_for_function(tool.DONE, timeout=30000, polling=50)
            w = page.evaluate("() => window.__lat")
            if i >= 2:
                paint.append(w["last"] - w["key"])
        browser.close()
    return paint


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=12)
    ap.add_argument("--only", default=".", help="regex on the case names")
    ap.add_argument("--tool", default=DEFAULT_TOOL)
    a = ap.parse_args()
    tool = load_tool(a.tool)
    bare, bare_url = start_streamlit("benchmarks/bare_app.py", cwd=ROOT)
    app, app_url = start_streamlit("app.py", cwd=ROOT)
    worst = 0.0
    try:
        for name, path, kind, what in CASES:
            if not re.search(a.only, name):
                continue
            b = statistics.median(measure(tool, bare_url, a.n, "slider", "value"))
            try:
                xs = measure(tool, app_url + path, a.n, kind, what)
            except Exception as error:  # a case that cannot be measured is reported
                print(f"{name:16s} not measured: {str(error).splitlines()[0]}", flush=True)
                continue
            median, p95 = statistics.median(xs), tool.pct(xs, 0.95)
            worst = max(worst, median / b)
            print(f"{name:16s} median {median:5.0f} ms  p95 {p95:5.0f} ms  bare {b:4.0f} ms"
                  f"  ratio {median / b:4.2f}", flush=True)  # fmt: skip
    finally:
        for proc in (bare, app):
            proc.terminate()
            proc.wait(10)
    print(f"worst ratio {worst:.2f}")


if __name__ == "__main__":
    main()
