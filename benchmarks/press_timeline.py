"""Where one control's key press goes in the browser: the run's messages, React's commits, the last repaint.

usage (from the project checkout): python benchmarks/press_timeline.py PATH --kind KIND --label REGEX
                                                                       [--n 5] [--cwd CHECKOUT]

Serves CHECKOUT's app.py (default: this one), opens PATH (a page's address with its link, e.g.
"/Train_a_linear_classifier"), presses the control as `benchmarks/latency.py --kind` does (two
warm-up presses first), and prints one line a press, every time in ms after the key:

    paint 263 | 45 messages, 13.6 kB, from 44 to 168 | 12 React commits: 6 22 43 94 96 97 ...

`messages` are the websocket messages of the run (the first and the last one's arrival), and the
commits are React's (a stand-in for its devtools hook counts them; Streamlit's page draws its
element tree at each). The gaps tell what waits for what: the server's part is up to the last
message, the browser's after it, and the commits in between show how often the browser drew
the page while the run's messages came in. A timeline, not a benchmark: no ratios, no goal.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import latency

ROOT = Path(__file__).resolve().parents[1]

# Before the page's scripts: React's devtools hook (React calls onCommitFiberRoot at each commit),
# its commits since the last key down (the websocket's messages are latency.measure's own record).
REACT_HOOK = """(() => {
  window.__commits = [];
  document.addEventListener('keydown', () => { window.__commits = []; }, true);
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = { supportsFiber: true, renderers: new Map(), isDisabled: false,
    inject() { return 1; }, checkDCE() {}, onScheduleFiberRoot() {}, onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {}, onCommitFiberRoot() { window.__commits.push(performance.now()); } };
})();"""


def timeline(url, kind, label, n, browser):
    """One (paint, [(message time, bytes)], [commit times]) a press, times in ms after its key."""
    presses = []

    def record(page, lat):
        key, commits = lat["key"], page.evaluate("() => window.__commits")
        msgs = [(t - key, size) for t, size in lat["msgs"]]
        presses.append((lat["last"] - key, msgs, [t - key for t in commits]))

    latency.measure(url, n, kind, label, browser=browser, init_script=REACT_HOOK, on_press=record)
    return presses


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("path", help='the page and its link, e.g. "/Train_a_linear_classifier?data=blobs"')
    ap.add_argument("--kind", choices=latency.KINDS, default="slider")
    ap.add_argument("--label", default=None, help="regex on the control's label text")
    ap.add_argument("--n", type=int, default=5)
    ap.add_argument("--cwd", type=Path, default=ROOT, help="the checkout whose app.py is served")
    a = ap.parse_args()
    with latency.serve("app.py", str(a.cwd)) as base, latency.chromium() as browser:
        for paint, msgs, commits in timeline(base + a.path, a.kind, a.label, a.n, browser):
            arrived = f"from {msgs[0][0]:.0f} to {msgs[-1][0]:.0f}" if msgs else ""
            kb = sum(size for _, size in msgs) / 1000
            print(
                f"paint {paint:.0f} | {len(msgs)} messages, {kb:.1f} kB, {arrived} | "
                f"{len(commits)} React commits: " + " ".join(f"{t:.0f}" for t in commits)
            )


if __name__ == "__main__":
    main()
