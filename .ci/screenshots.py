"""Screenshots of every page at projector and desktop sizes, to look at before a lecture.

usage: python .ci/screenshots.py [OUT_DIR] [--query "present=1"] [--dark] [--full]

Starts the app on a free local port and saves OUT_DIR/<page>-<width>x<height>.png for
each of SIZES (a projector, a desktop, a phone), in Debian's Chromium.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import CHROMIUM_FLAGS, IDLE, start_streamlit  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from test_lecture_browser import PAGES, url_path  # noqa: E402

# (width, height, a phone?): a phone is also a touch screen, as a student's is
SIZES = [(1280, 720, False), (1920, 1080, False), (390, 844, True)]
# every chart drawn, with its height: the live chart loads Plotly after the run has ended
CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"], .hinge-live-chart')]
    .every(chart => chart.querySelector('.main-svg') && chart.getBoundingClientRect().height > 0)"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default="screenshots")
    ap.add_argument("--query", default="")
    ap.add_argument("--full", action="store_true", help="the whole page, not just the first screen")
    ap.add_argument("--dark", action="store_true", help="a browser that prefers dark: Streamlit follows it")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    proc, url = start_streamlit()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
            for width, height, phone in SIZES:
                page = browser.new_page(
                    viewport={"width": width, "height": height},
                    color_scheme="dark" if args.dark else "light",
                    is_mobile=phone,
                    has_touch=phone,
                )
                for page_file in PAGES:
                    page.goto(f"{url}{url_path(page_file)}?{args.query}")
                    page.wait_for_selector(IDLE, timeout=60_000)
                    # skeletons are placeholders of elements still on their way
                    page.wait_for_function(
                        "() => !document.querySelector('[data-testid=stSkeleton]')", timeout=60_000
                    )
                    # every chart drawn, with its height: the live chart loads Plotly after the run
                    page.wait_for_function(CHARTS_DRAWN, timeout=60_000)
                    page.wait_for_timeout(1500)  # let Plotly finish laying out before the picture
                    name = (
                        Path(page_file).stem
                        + (f"-{args.query}" if args.query else "")
                        + ("-dark" if args.dark else "")
                    )
                    path = out / f"{name}-{width}x{height}.png"
                    page.screenshot(path=str(path), full_page=args.full)
                    print(path)
                page.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
