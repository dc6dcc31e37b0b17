"""Frames a second of the training page's Run, counted in headless Chromium.

usage: python benchmarks/run_fps.py [--runs 3] [--query "lam=0.1"] [--width 1280] [--height 720]
                                   [--checkout DIR]

Opens the training page as a new user would (its defaults, or `--query`), presses ▶ Run and counts
the repaints of each chart that show something new until the Run stops by itself;
then Reset and again, `runs` times. A chart's frames a second are its repaints over the time from
its first repaint to its last. Prints, per run, the plane's and the loss curves' rates, the step
the Run stopped at (with the plane's title and the status line at that step: the end state is the
last step computed), and the median rate of the plane. The issue's goal: at least 10 a second.
`--checkout` measures another checkout's app (the code before a change, say) in the same way.
"""

import argparse
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import CHROMIUM_FLAGS, IDLE, start_streamlit  # noqa: E402

PATH = "/Train_a_linear_classifier"
CHARTS = "document.querySelectorAll('.js-plotly-plot')"
# What each chart shows, read every animation frame: a repaint that shows something new changes it
# (the plane's title names the step; the loss curve's total is a new path). Read from the page, not
# from Plotly's events: a chart that is re-created each rerun (st.plotly_chart) is counted too.
SHOWN = [
    f"(() => {{ const t = {CHARTS}[0]?.querySelector('.gtitle'); return t && t.textContent; }})()",
    f"(() => {{ const l = {CHARTS}[1]?.querySelector('.scatterlayer .js-line');"
    " return l && l.getAttribute('d'); })()",
]  # fmt: skip
COUNT = f"""() => {{
  const read = [() => {SHOWN[0]}, () => {SHOWN[1]}];
  const times = window.__fps = read.map(() => []), last = read.map((f) => f());
  const poll = () => {{
    read.forEach((f, i) => {{
      const now = f();
      if (now && now !== last[i]) {{ last[i] = now; times[i].push(performance.now()); }}
    }});
    if (window.__fps === times) requestAnimationFrame(poll);
  }};
  requestAnimationFrame(poll);
}}"""
RATES = (
    "() => window.__fps.map((t) => [t.length, t.length > 1 ? 1000 * (t.length - 1) / (t.at(-1) - t[0]) : 0])"
)
TITLE = f"() => {CHARTS}[0].querySelector('.gtitle').textContent"
DRAWN = f"() => [...{CHARTS}].every((g) => g.__live && g.__live.shown === g.__live.latest)"


def one_run(page):
    """Press Run, wait for it to stop; returns [(repaints, rate) a chart], the step, the title and status."""
    page.evaluate(COUNT)
    page.get_by_role("button", name="▶ Run").click()
    page.get_by_role("button", name="⏸ Pause").wait_for(timeout=30_000)
    page.get_by_role("button", name="▶ Run").wait_for(timeout=300_000)  # it stops by itself
    page.wait_for_selector(IDLE, timeout=30_000)
    # the last drawing: every chart has drawn the newest figure it was sent (the round that stopped the
    # Run plays before it, 1.8 s side by side: a fixed second read the plane a frame early there)
    page.wait_for_function(DRAWN, timeout=30_000, polling=50)
    rates = page.evaluate(RATES)
    step = int(re.search(r"step=(\d+)", page.url).group(1))
    status = page.locator('[data-testid="stMarkdownContainer"]', has_text="· step ").first.inner_text()
    return rates, step, page.evaluate(TITLE), status


def main():
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--query", default="", help="the page's link, e.g. lam=0.01&compare=true")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=720)
    ap.add_argument("--checkout", type=Path, default=ROOT, help="the project checkout whose app to measure")
    a = ap.parse_args()
    proc, url = start_streamlit(cwd=a.checkout.resolve())
    plane = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": a.width, "height": a.height})
            page.goto(url + PATH + ("?" + a.query if a.query else ""))
            page.wait_for_selector(IDLE, timeout=90_000)
            page.wait_for_function(f"() => {CHARTS}.length >= 2", timeout=90_000)
            for r in range(a.runs):
                rates, step, title, status = one_run(page)
                plane.append(rates[0][1])
                shown = ", ".join(f"chart {i}: {n} repaints, {fps:.1f}/s" for i, (n, fps) in enumerate(rates))
                print(f"run {r + 1}: {shown}; stopped at step {step}; {title!r}; {status!r}", flush=True)
                page.get_by_role("button", name="Reset to step 0").click()
                page.wait_for_function("() => location.search.indexOf('step=') < 0", timeout=30_000)
                page.wait_for_selector(IDLE, timeout=30_000)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"median frames a second of the plane: {statistics.median(plane):.1f} (goal >= 10)")


if __name__ == "__main__":
    main()
