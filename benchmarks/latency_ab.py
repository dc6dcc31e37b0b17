"""The playground's keypress latency in two checkouts (before and after a change) and a bare app, in one run.

usage: python benchmarks/latency_ab.py OLD_CHECKOUT [--n 60] [--rounds 3] [--tool PATH/latency.py]

For a change that must not make the playground slower: `git worktree add /tmp/old <commit>`,
then this. The three apps (the bare app of benchmarks/bare_app.py, OLD_CHECKOUT's app.py and
this checkout's) are measured in turn, `rounds` times, with the shared tool of
benchmarks/latency_app.py, so all see the same machine load. Prints each one's median and p95
(keydown to last repaint) and the ratio of each playground's median to the bare app's.
"""

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "benchmarks")]
from conftest import start_streamlit  # noqa: E402
from latency_app import DEFAULT_TOOL, load_tool  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old", type=Path, help="a checkout of the code before the change")
    ap.add_argument("--n", type=int, default=60, help="key presses per app per round")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--tool", default=DEFAULT_TOOL)
    a = ap.parse_args()
    tool = load_tool(a.tool)
    apps = {
        "bare": (ROOT, "benchmarks/bare_app.py"),
        "before": (a.old.resolve(), "app.py"),
        "after": (ROOT, "app.py"),
    }
    paint = {name: [] for name in apps}
    for r in range(a.rounds):
        for name, (cwd, app) in apps.items():
            proc, url = start_streamlit(app, cwd=cwd)
            try:
                samples, _ = tool.measure(url, a.n, 0)
            finally:
                proc.terminate()
                proc.wait(10)
            paint[name] += samples
            print(f"round {r + 1} {name:6s} median {statistics.median(samples):6.1f} ms", flush=True)
    bare = statistics.median(paint["bare"])
    for name, xs in paint.items():
        median = statistics.median(xs)
        print(
            f"{name:6s} n={len(xs)} median_ms={median:.1f} p95_ms={tool.pct(xs, 0.95):.1f}"
            f" ratio={median / bare:.2f}"
        )


if __name__ == "__main__":
    main()
