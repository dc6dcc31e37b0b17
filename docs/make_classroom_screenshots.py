"""Make the Classroom's screenshots for the README: a projector (1280x720, presentation mode) with a
question open and five answers in, the same after the reveal, and a phone (390x844) answering and
after the reveal.

    python docs/make_classroom_screenshots.py            # writes docs/screenshot-classroom-*.png
    python docs/make_classroom_screenshots.py --wide /tmp/shots   # also the projector at 1920x1080

Starts its own server on a temporary database (127.0.0.1 only) and stops it at the end.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

ANSWERS = ("2.9", "2.93", "3", "1,5", "2.88")  # the cat's loss is 2.9: 3 of the 5 within ±0.05
ALL_IN = f"document.body.innerText.includes('{len(ANSWERS)} answered')"
DRAWN = "document.querySelectorAll('.js-plotly-plot .main-svg').length >= {n}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs"), help="the folder for the four PNGs")
    parser.add_argument("--wide", help="a folder for the projector at 1920x1080 as well")
    args = parser.parse_args()
    os.environ["HINGE_CLASSROOM_DB"] = str(Path(tempfile.mkdtemp(prefix="hinge-shots-")) / "room.sqlite3")
    from conftest import CHROMIUM_FLAGS, chromium_path, open_app, start_streamlit, wait_idle
    from playwright.sync_api import sync_playwright

    from hinge import classroom

    proc, url = start_streamlit()
    out = Path(args.out)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            projector = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
            open_app(projector, f"{url}/Classroom?present=1")
            projector.get_by_role("button", name="Start a room").click()
            heading = projector.get_by_test_id("stMetricValue").first
            heading.wait_for(timeout=30_000)
            code = classroom.normalize_code(heading.inner_text())
            projector.locator(".st-key-classroom_open button").click()
            wait_idle(projector, "document.body.innerText.includes('open for answers')", timeout=30_000)
            phones = []
            for value in ANSWERS:
                phone = browser.new_context(
                    viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
                ).new_page()
                open_app(phone, f"{url}/Classroom?room={code}")
                phone.get_by_label("Your answer").fill(value)
                phone.get_by_role("button", name="Send").click()
                phone.get_by_text("You may change it until the reveal").wait_for(timeout=30_000)
                phones.append(phone)
            wait_idle(projector, ALL_IN, timeout=30_000)
            wait_idle(projector, DRAWN.format(n=1), timeout=30_000)
            projector.screenshot(path=out / "screenshot-classroom-projector.png")
            phones[0].screenshot(path=out / "screenshot-classroom-phone.png")
            wide = None
            if args.wide:
                wide = projector.context.new_page()  # the lecturer's browser: its cookie has the room
                wide.set_viewport_size({"width": 1920, "height": 1080})
                open_app(wide, f"{url}/Classroom?present=1")  # a second projector: the lecturer's cookie
                wait_idle(wide, ALL_IN, timeout=30_000)
                wait_idle(wide, DRAWN.format(n=1), timeout=30_000)
                wide.screenshot(path=Path(args.wide) / "classroom-projector-1920.png")
            projector.get_by_role("button", name="Reveal").click()
            wait_idle(projector, "document.body.innerText.includes('The answer: 2.9')", timeout=30_000)
            wait_idle(projector, DRAWN.format(n=2), timeout=30_000)
            projector.screenshot(path=out / "screenshot-classroom-reveal.png")
            phones[0].get_by_text("Right: the answer is").wait_for(timeout=30_000)
            phones[0].screenshot(path=out / "screenshot-classroom-phone-reveal.png")
            if wide is not None:
                open_app(wide, f"{url}/Classroom?present=1")  # a new session: the room from the cookie
                wait_idle(wide, f"{DRAWN.format(n=2)} && document.body.innerText.includes('The answer')")
                wide.screenshot(path=Path(args.wide) / "classroom-reveal-1920.png")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"room {code}: screenshots in {out}" + (f" and {args.wide}" if args.wide else ""))


if __name__ == "__main__":
    main()
