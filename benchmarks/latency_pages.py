"""Keypress-to-repaint of every control of every page, each against a bare Streamlit app, in one run.

usage (from the project checkout): python benchmarks/latency_pages.py [--n 12] [--only REGEX]
                                                                     [--budget SECONDS] [--old CHECKOUT]

One Streamlit server for the app and one for a bare app (one slider, one line of text) stay up
for the run; before each case the bare app is measured in the same browser, so each ratio
compares two measurements a few seconds apart under the same machine load. A case is one
control, pressed as `benchmarks/latency.py --kind` presses it. --only keeps the cases whose
"page | control" matches REGEX; --budget (default 3600 s) leaves out the cases that would start
after it. --old CHECKOUT serves that checkout's app.py too and measures each case there as well,
against the same bare measurement (old median, p95 and ratio: a change's before and after in
one run). A page that is not in pages/ is skipped and said so. A Lesson step's sliders appear only
after its reveal, which no link gives: they are not among the cases (the Lesson's row says so).

Prints a Markdown table (page | control | median | p95 | bare | ratio), ready for the README,
then the worst ratio and the worst p95. Exit 0 when every measured ratio is at most GOAL (env,
default 1.5) and every p95 under P95 ms (env, default 200); a case that could not be measured
counts as a failure.
"""

import argparse
import contextlib
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency  # noqa: E402

STREAMLIT = os.path.join(os.path.dirname(sys.executable), "streamlit")
if not os.path.exists(STREAMLIT):  # streamlit installed elsewhere on PATH
    STREAMLIT = "streamlit"
BARE = 'import streamlit as st\nv = st.slider("s", -10.0, 10.0, 0.0, 0.1)\nst.markdown(f"value: {v:.2f}")\n'


class Case(NamedTuple):
    page: str  # a key of PAGES
    control: str  # the table's name for it
    kind: str  # one of latency.KINDS
    label: str  # regex on the control's text in the browser and on its label in AppTest
    query: str = ""  # what the link needs for the control to be there (a tab, a mode)
    client: bool = False  # drawn by the browser alone: no rerun to wait for


# page: (its address, a glob of its file in pages/)
PAGES = {
    "Playground": ("/", "0_Playground.py"),
    "Cross-entropy vs hinge": ("/Cross-entropy_vs_hinge", "1_Cross-entropy_vs_hinge.py"),
    "Questions": ("/Questions_as_experiments", "2_Questions_as_experiments.py"),
    "Train a linear classifier": ("/Train_a_linear_classifier", "3_Train_a_linear_classifier.py"),
    "Lesson": ("/Lesson", "*Lesson*.py"),
}
TAB = "experiment={}".format  # the questions page's tab, in its link
PG, CE, Q, TR, LS = "Playground", "Cross-entropy vs hinge", "Questions", "Train a linear classifier", "Lesson"
CASES = [
    Case(PG, "cat score (correct class)", "slider", "^cat score"),
    Case(PG, "car score", "slider", "^car score"),
    Case(PG, "frog score", "slider", "^frog score"),
    Case(PG, "margin Δ", "slider", "^margin Δ"),
    Case(PG, "scale k", "slider", "^scale k"),
    Case(PG, "classes C", "select", "^classes C"),
    Case(PG, "correct class y", "select", "^correct class y"),
    Case(PG, "variant", "radio", "^variant"),
    Case(PG, "scale the margin too", "toggle", "^scale the margin too"),
    Case(PG, "squared hinge", "toggle", "^squared hinge"),
    Case(PG, "Load an image (car)", "button", "^Load (cat|car|frog) image"),
    Case(PG, "Presentation mode", "toggle", "^Presentation mode"),
    Case(CE, "Margin Δ", "slider", "^Margin Δ"),
    Case(CE, "SVM variant", "select", "^SVM variant"),
    Case(CE, "Classes C", "number", "^Classes C"),
    Case(CE, "Note's rows", "button", "^Note's rows"),
    Case(CE, "Row (nudge)", "select", "^Row"),
    Case(CE, "Change (nudge)", "radio", "^Change"),
    Case(CE, "Score to change (nudge)", "select", "^Score to change"),
    Case(CE, "Size ε (nudge)", "slider", "^Size ε"),
    Case(CE, "Noise seed (nudge)", "number", "^Noise seed", "nudge=random+noise"),
    Case(CE, "Log scale", "toggle", "^Log scale for losses"),
    Case(CE, "Start from (train)", "select", "^Start from"),
    Case(CE, "Step size (train)", "slider", "^Step size"),
    Case(CE, "Steps (train)", "slider", "^Steps"),
    Case(CE, "k (scale)", "slider", "^k"),
    Case(CE, "Presentation mode", "toggle", "^Presentation mode"),
    Case(Q, "the tabs", "tab", "^(\\d · .*|Landscape)$"),
    Case(Q, "1 · Jitter size", "slider", "^Jitter size", TAB("1+·+Small+changes")),
    Case(Q, "1 · Seed", "slider", "^Seed \\(the jitter", TAB("1+·+Small+changes")),
    Case(
        Q,
        "2 · Score of the correct class",
        "slider",
        "^Score of the correct class \\(car",
        TAB("2+·+Min,+max"),
    ),
    Case(Q, "2 · Log scale", "toggle", "^Log scale for the loss", TAB("2+·+Min,+max")),
    Case(Q, "3 · Classes C", "slider", "^Classes C", TAB("3+·+Random+scores")),
    Case(Q, "3 · Spread σ", "slider", "^Spread σ", TAB("3+·+Random+scores")),
    Case(Q, "3 · Samples", "slider", "^Samples", TAB("3+·+Random+scores")),
    Case(Q, "3 · Margin Δ", "slider", "^Margin Δ", TAB("3+·+Random+scores")),
    Case(Q, "3 · Seed", "slider", "^Seed$|^Seed\\d", TAB("3+·+Random+scores")),
    Case(Q, "4 · Which score moves", "segment", "^Which score moves", TAB("4+·+Kinks")),
    Case(Q, "4 · Its value", "slider", "^Its value", TAB("4+·+Kinks")),
    Case(Q, "5 · Image", "segment", "^Image from the note", TAB("5+·+Margin")),
    Case(Q, "5 · Margin Δ", "slider", "^Margin Δ", TAB("5+·+Margin")),
    Case(Q, "5 · Scale k", "slider", "^Scale k", TAB("5+·+Margin")),
    Case(Q, "6 · Image", "segment", "^Image from the note", TAB("6+·+Variants")),
    Case(
        Q,
        "6 · Score of the correct class",
        "slider",
        "^Score of the correct class \\(cat",
        TAB("6+·+Variants"),
    ),
    Case(Q, "Landscape · Image", "segment", "^Image from the note", TAB("Landscape")),
    Case(Q, "Landscape · x axis", "select", "^Score on the x axis", TAB("Landscape")),
    Case(Q, "Landscape · y axis", "select", "^Score on the y axis", TAB("Landscape")),
    Case(Q, "Landscape · Loss", "segment", "^Loss", TAB("Landscape")),
    Case(Q, "Landscape · View", "segment", "^View", TAB("Landscape")),
    Case(Q, "Presentation mode", "toggle", "^Presentation mode"),
    Case(TR, "Points", "select", "^Points$|^Points[^ ]"),
    Case(TR, "Points N (blobs)", "slider", "^Points N", "data=Random+blobs"),
    Case(TR, "Classes C (blobs)", "slider", "^Classes C", "data=Random+blobs"),
    Case(TR, "Spread (blobs)", "slider", "^Spread", "data=Random+blobs"),
    Case(TR, "Data seed (blobs)", "number", "^Data seed", "data=Random+blobs"),
    Case(TR, "Starting W and b", "select", "^Starting W and b"),
    Case(TR, "W seed", "number", "^W seed", "init=Random,+from+a+seed"),
    Case(TR, "Randomise W and b", "button", "^Randomise W and b"),
    Case(TR, "Loss", "select", "^Loss"),
    Case(TR, "Side by side", "toggle", "^Side by side"),
    Case(TR, "Second loss", "select", "^Second loss", "compare=true"),
    Case(TR, "Margin Δ", "slider", "^Margin Δ"),
    Case(TR, "Regularization λ", "slider", "^Regularization λ"),
    Case(TR, "Step size", "slider", "^Step size"),
    Case(TR, "Steps a frame when running", "select", "^Steps a frame"),
    Case(TR, "Click mode", "select", "^Click a point"),
    Case(TR, "Step", "button", "^Step$"),
    Case(TR, "+10", "button", "^\\+10$"),
    Case(TR, "N (of +N)", "number", "^N$"),
    Case(TR, "Go to step", "number", "^Go to step"),
    Case(
        TR, "the tables' tabs", "tab", "^(Scores and loss of every point|W, b and the gradient)$", client=True
    ),
    Case(TR, "Presentation mode", "toggle", "^Presentation mode"),
    Case(LS, "Next →", "button", "^Next"),
    Case(LS, "← Back", "button", "^← Back", "step=16"),
    Case(LS, "a choice (step 5)", "radio", "^Your prediction", "step=5"),
    Case(LS, "Presentation mode", "toggle", "^Presentation mode"),
]
BARE_CASE = Case("bare app", "its slider", "slider", ".")
# Controls no key press can measure, and why (the coverage test accepts these labels without a case)
NOT_MEASURED = {
    (TR, "▶ Run"): "an animation, measured in frames a second, not one repaint",
    (TR, "Reset to step 0"): "disabled at step 0, where a fresh page starts",
    (TR, "Delete picked"): "disabled until a point is clicked on the plane",
    (TR, "Back to the preset's points"): "disabled until a point is added or deleted",
    (TR, "Back to the chosen start"): "disabled until W is edited",
    (LS, "Your prediction"): "typed text: each key press changes nothing until Check",
    (LS, "Check"): "once a step: the reveal; pressed again it draws nothing new",
    (LS, "Show me"): "once a step: the reveal; pressed again it draws nothing new",
}


def page_file(page):
    """The page's file in pages/, or None when the page is not there."""
    found = sorted((ROOT / "pages").glob(PAGES[page][1]))
    return found[0] if found else None


def url_of(case):
    path = PAGES[case.page][0]
    return path + ("?" + case.query if case.query else "")


def selected(only):
    return [c for c in CASES if not only or re.search(only, f"{c.page} | {c.control}", re.I)]


def measure_case(url, case, n, browser):
    """(median, p95) paint in ms of the case, or the reason it was not measured."""
    try:
        paint, _ = latency.measure(url, n, case.kind, case.label, client=case.client, browser=browser)
    except Exception as exc:  # a timeout, a control not found: said in the table, counted as a failure
        return str(exc).strip().splitlines()[0][:120]
    return statistics.median(paint), latency.pct(paint, 0.95)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=12, help="measured presses per case (after two warm-up ones)")
    ap.add_argument("--only", default=None, help='regex on "page | control"')
    ap.add_argument("--budget", type=float, default=3600, help="seconds; later cases are left out")
    ap.add_argument("--old", type=Path, default=None, help="another checkout (before a change), measured too")
    ap.add_argument("n_positional", nargs="?", type=int, help="the old usage: N")
    a = ap.parse_args()
    n = a.n_positional or a.n
    goal = float(os.environ.get("GOAL", "1.5"))
    p95_goal = float(os.environ.get("P95", "200"))
    cases = selected(a.only)
    worst, worst_p95, failed, start = 0.0, 0.0, False, time.monotonic()
    header = "| page | control | median | p95 | bare | ratio |"
    header += " old median | old p95 | old ratio |" * bool(a.old)
    print(header + "\n" + "|---" * (header.count("|") - 1) + "|", flush=True)
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "bare.py").write_text(BARE)
        with (
            latency.serve("bare.py", d, STREAMLIT) as bare,
            latency.serve("app.py", str(ROOT), STREAMLIT) as app,
            latency.serve("app.py", str(a.old), STREAMLIT) if a.old else contextlib.nullcontext() as old,
            latency.chromium() as browser,
        ):
            for case in cases:
                row = f"| {case.page} | {case.control} |"
                if page_file(case.page) is None:
                    print(f"{row} not measured: no such page in pages/ | | | |", flush=True)
                    continue
                if time.monotonic() - start > a.budget:
                    print(f"{row} not measured: over the --budget of {a.budget:.0f} s | | | |", flush=True)
                    failed = True
                    continue
                b = measure_case(bare + "/", BARE_CASE, n, browser)
                p = measure_case(app + url_of(case), case, n, browser)
                if isinstance(p, str) or isinstance(b, str):
                    print(
                        f"{row} not measured: {p if isinstance(p, str) else 'bare: ' + b} | | | |", flush=True
                    )
                    failed = True
                    continue
                r = p[0] / b[0]
                worst, worst_p95 = max(worst, r), max(worst_p95, p[1])
                row += f" {p[0]:.0f} ms | {p[1]:.0f} ms | {b[0]:.0f} ms | {r:.2f} |"
                if old:  # the same case in the other checkout, against the same bare measurement
                    o = measure_case(old + url_of(case), case, n, browser)
                    before = (
                        f" {o} | | |"
                        if isinstance(o, str)
                        else f" {o[0]:.0f} ms | {o[1]:.0f} ms | {o[0] / b[0]:.2f} |"
                    )
                    row += before
                print(row, flush=True)
    print(
        f"\nworst page/bare ratio {worst:.2f} (goal <= {goal}), "
        f"worst p95 {worst_p95:.0f} ms (goal < {p95_goal:.0f}); "
        f"{len(cases)} cases, {time.monotonic() - start:.0f} s"
    )
    sys.exit(0 if not failed and worst <= goal and worst_p95 < p95_goal else 1)


if __name__ == "__main__":
    main()
