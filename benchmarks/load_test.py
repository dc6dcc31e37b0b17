"""A lecture hall opening one share link at once: many browser sessions against one server.

usage: python benchmarks/load_test.py [--sessions 30] [--moves 20] [--path "/?s0=2.5&margin=1.5"]
                                      [--ttl 5] [--app app.py]

Starts `streamlit run APP` on a free local port, then drives N concurrent sessions (Playwright
contexts in Debian's Chromium, one browser): each opens the share link, waits for the page,
and presses ArrowRight on a score slider M times, timing keypress -> last repaint as
../shared/tools/latency.py does (last DOM mutation before 300 ms of quiet, after the server's
answer). Reports sessions completed, errors, p50/p95 latency under load, and the server's
resident memory: after start, after one warm-up session (imports and caches), at the peak,
and after every session closed and the server dropped them (`--ttl` sets
server.disconnectedSessionTTL so that happens within seconds rather than 120 s).
Only ever talks to 127.0.0.1. Exits non-zero if any session failed.
"""

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

OBSERVE = """() => {
  const w = window.__lat = {key: 0, msg: 0, last: 0};
  document.addEventListener('keydown', () => { w.key = performance.now(); w.msg = 0; w.last = w.key; }, true);
  new MutationObserver(() => { w.last = performance.now(); })
    .observe(document.querySelector('[data-testid="stMain"]') || document.body,
             {subtree: true, childList: true, attributes: true, characterData: true});
}"""
WS_HOOK = """(() => {
  const Orig = window.WebSocket;
  function Hooked(...args) {
    const ws = new Orig(...args);
    ws.addEventListener('message', () => { if (window.__lat) window.__lat.msg = performance.now(); });
    return ws;
  }
  Hooked.prototype = Orig.prototype;
  for (const k of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Hooked[k] = Orig[k];
  window.WebSocket = Hooked;
})();"""
DONE = """() => { const w = window.__lat, now = performance.now();
  return w.msg > w.key && now - w.last > 300 && now - w.msg > 300; }"""


def rss_mb(pid):
    """Resident memory of the server process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid):
    """User + system CPU time of a process so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(app, ttl):
    port = free_port()
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", app, "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
         "--server.disconnectedSessionTTL", str(ttl)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


async def session(browser, url, moves, results, i):
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    errors, latencies = [], []
    page = await context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    try:
        await page.add_init_script(WS_HOOK)
        await page.goto(url, timeout=120_000)
        await page.wait_for_selector(IDLE, timeout=120_000)
        thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
        await thumb.wait_for(timeout=120_000)
        await page.evaluate(OBSERVE)
        await thumb.focus()
        for _ in range(moves):
            await page.keyboard.press("ArrowRight")
            await page.wait_for_function(DONE, timeout=60_000, polling=50)
            w = await page.evaluate("() => window.__lat")
            latencies.append(w["last"] - w["key"])
        if await page.locator('[data-testid="stException"]').count():
            errors.append("the page shows an exception")
    except Exception as exc:  # a failed session is counted and reported, not fatal to the others
        errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        await context.close()
    results[i] = (errors, latencies)


async def run_sessions(url, n, moves):
    async with async_playwright() as p:
        chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        browser = await p.chromium.launch(executable_path=chromium, args=FLAGS)
        results = [None] * n
        await asyncio.gather(*(session(browser, url, moves, results, i) for i in range(n)))
        await browser.close()
    return results


async def sample_peak(pid, stop, peak):
    while not stop.is_set():
        peak[0] = max(peak[0], rss_mb(pid))
        await asyncio.sleep(0.2)


async def main_async(args):
    proc, base = start_server(args.app, args.ttl)
    url = base + args.path
    try:
        start = rss_mb(proc.pid)
        await run_sessions(url, 1, 2)  # warm-up: imports, caches, the first script run
        await asyncio.sleep(args.ttl + 3)
        warm = rss_mb(proc.pid)
        stop, peak = asyncio.Event(), [warm]
        sampler = asyncio.create_task(sample_peak(proc.pid, stop, peak))
        t0, cpu0 = time.perf_counter(), cpu_seconds(proc.pid)
        results = await run_sessions(url, args.sessions, args.moves)
        wall, server_cpu = time.perf_counter() - t0, cpu_seconds(proc.pid) - cpu0
        stop.set()
        await sampler
        await asyncio.sleep(args.ttl + 5)  # let the server drop the closed sessions
        after = rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)
    ok = [r for r in results if not r[0] and len(r[1]) == args.moves]
    lat = sorted(x for r in results for x in r[1])
    p50 = statistics.median(lat) if lat else float("nan")
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else float("nan")
    failed = args.sessions - len(ok)
    print(f"sessions={args.sessions} moves_each={args.moves} completed={len(ok)} failed={failed}", end=" ")
    print(f"wall_s={wall:.1f}")
    worst = lat[-1] if lat else float("nan")
    print(f"keypress_to_repaint_ms p50={p50:.0f} p95={p95:.0f} max={worst:.0f} n={len(lat)}")
    moves = args.sessions * args.moves
    print(f"server_cpu_s={server_cpu:.1f} of wall_s={wall:.1f} on {os.cpu_count()} cores "
          f"(server CPU per move incl. page loads: {1000 * server_cpu / moves:.0f} ms); the rest of the "
          "machine's CPU went to the browsers")  # fmt: skip
    print(f"server_rss_mb start={start:.0f} warm={warm:.0f} peak={peak[0]:.0f} after_close={after:.0f} "
          f"after_minus_warm={after - warm:+.0f}")  # fmt: skip
    for i, (errors, _) in enumerate(results):
        for e in errors:
            print(f"session {i}: {e}")
    return 0 if len(ok) == args.sessions else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--moves", type=int, default=20)
    ap.add_argument("--path", default="/?s0=2.5&s1=4.0&margin=1.5")
    ap.add_argument("--ttl", type=int, default=5, help="server.disconnectedSessionTTL, seconds")
    ap.add_argument("--app", default="app.py")
    raise SystemExit(asyncio.run(main_async(ap.parse_args())))


if __name__ == "__main__":
    main()
