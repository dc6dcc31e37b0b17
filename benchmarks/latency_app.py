"""Keypress-to-last-repaint latency of the playground (app.py) against a bare Streamlit app, in one run.

usage: python benchmarks/latency_app.py [--n 30] [--rounds 3] [--tool PATH/latency.py]

Uses the shared measuring tool (``latency.py``: focus the first slider, press ArrowRight,
time keydown -> last DOM mutation in headless Chromium) on each app, alternating them for
`rounds` rounds so all see the same machine load. Prints the median and p95 of each, the
median of keydown -> last server message ("run"; the rest is the browser drawing), and the
ratio of the medians (the figure that survives a noisy machine). The issue's goal: ratio
<= 1.5 and the playground's p95 < 150 ms.

A third app, the bare app with the playground's frozen startup heap, is not the issue's
baseline: it shows how much of the bare app's time is Streamlit's garbage collection.
"""

import argparse
import importlib.util
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from conftest import start_streamlit  # noqa: E402

DEFAULT_TOOL = os.environ.get("LATENCY_TOOL", str(ROOT.parent / "shared" / "tools" / "latency.py"))
APPS = {
    "bare": "benchmarks/bare_app.py",
    "playground": "app.py",
    "bare+freeze": "benchmarks/bare_frozen_app.py",
}


def load_tool(path):
    spec = importlib.util.spec_from_file_location("latency", path)
    if spec is None or not Path(path).exists():
        sys.exit(f"latency tool not found at {path}: pass --tool or set $LATENCY_TOOL")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30, help="key presses per app per round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--tool", default=DEFAULT_TOOL)
    a = ap.parse_args()
    tool = load_tool(a.tool)
    paint = {name: [] for name in APPS}
    run = {name: [] for name in APPS}
    for r in range(a.rounds):
        for name, app in APPS.items():
            proc, url = start_streamlit(app)
            try:
                samples, runs = tool.measure(url, a.n, 0)
            finally:
                proc.terminate()
                proc.wait(10)
            paint[name] += samples
            run[name] += runs
            print(f"round {r + 1} {name:11s} median {statistics.median(samples):6.1f} ms", flush=True)
    for name, xs in paint.items():
        median, p95 = statistics.median(xs), tool.pct(xs, 0.95)
        print(
            f"{name:11s} n={len(xs)} paint_median_ms={median:.1f} paint_p95_ms={p95:.1f}"
            f" run_median_ms={statistics.median(run[name]):.1f}"
        )
    ratio = statistics.median(paint["playground"]) / statistics.median(paint["bare"])
    print(f"ratio_of_medians={ratio:.2f} (goal <= 1.5); playground p95 goal < 150 ms")


if __name__ == "__main__":
    main()
