"""Screenshots of every page for a look before a release: each page at 1280x720 and 1920x1080, as a
new visitor opens it and in presentation mode (present=1), the full page height too.

    python docs/make_page_screenshots.py /tmp/shots      # writes PAGE-WIDTHxHEIGHT[-present][-full].png

Starts its own server on a temporary classroom database (127.0.0.1 only) and stops it at the end.
The Classroom page is shot as a new visitor sees it (no room); docs/make_classroom_screenshots.py
shoots a room's projector and phones. Prints each file and any exception element a page showed.
"""

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

SIZES = ((1280, 720), (1920, 1080))
# every chart drawn, and as many as the page has (the live charts load Plotly after the page's first paint)
CHARTS_DRAWN = (
    "(() => { const p = [...document.querySelectorAll('.js-plotly-plot')];"
    " return p.length >= {n} && p.every(c => c.querySelector('.main-svg')); })()"
)
CHARTS = {
    "Classroom": 0
}  # charts to wait for: a new visitor's Classroom has none, every other page one or more


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="the folder for the PNGs")
    parser.add_argument("--only", help="regex on the page's title")
    args = parser.parse_args()
    os.environ["HINGE_CLASSROOM_DB"] = str(Path(tempfile.mkdtemp(prefix="hinge-shots-")) / "room.sqlite3")
    from conftest import CHROMIUM_FLAGS, chromium_path, open_app, start_streamlit, wait_idle
    from playwright.sync_api import sync_playwright

    from hinge.ui.page import PAGES

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    proc, url = start_streamlit()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            for _, title, path in PAGES:
                if args.only and not re.search(args.only, title, re.I):
                    continue
                name = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
                for width, height in SIZES:
                    for present in (False, True):
                        page = browser.new_context(viewport={"width": width, "height": height}).new_page()
                        open_app(page, f"{url}/{path}" + ("?present=1" if present else ""))
                        wait_idle(
                            page, CHARTS_DRAWN.replace("{n}", str(CHARTS.get(title, 1))), timeout=60_000
                        )
                        page.wait_for_timeout(800)  # Plotly's transitions and the fonts settle
                        stem = f"{name}-{width}x{height}" + ("-present" if present else "")
                        page.screenshot(path=str(out / f"{stem}.png"))
                        page.screenshot(path=str(out / f"{stem}-full.png"), full_page=True)
                        errors = page.get_by_test_id("stException").all_inner_texts()
                        print(out / f"{stem}.png", "EXCEPTION: " + errors[0][:200] if errors else "")
                        page.context.close()
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
