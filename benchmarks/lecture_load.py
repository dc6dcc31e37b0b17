"""A lecture hall's load on the app's server, from one process: each student one websocket session.

usage: python benchmarks/lecture_load.py SCENARIO [options]

  poll     a lecturer starts a classroom room (its page: the projector's fragment polls every
           second), the students join by /Classroom?room=CODE and answer five questions (some
           change their answer); then the database's answers are compared with those sent
  explore  students on the playground and the cross-entropy page move sliders
  knee     one process's knee: the offered rate of margin-slider reruns is stepped up until
           p95 passes 1 s; reports the highest rate it sustained
  truth    one client: the playground's loss is 2.9, and 2.1 once the cat's score is 4.0
  browser  the same slider moved by this client and by headless Chromium (benchmarks/latency.py):
           their server times compared, on the playground and on a bare app
  quick    one client sends each rerun a set time after the last one ended (0 to 300 ms): the
           app's margin slider against benchmarks/bare_frozen_app.py's slider, a server of its own
           started in the same run (that app freezes the heap as the app does but does not call
           hinge.ui.workarounds.tcp_nodelay: a rerun sent within ~50 ms of the last one's end
           waits ~40 ms there, Nagle's algorithm against the client's delayed ACK)

Without --url it starts its own server (app.py on a free loopback port, its own database file,
server.disconnectedSessionTTL = --ttl) and stops it at the end; with --url it talks to that
server (or to several: students are dealt across them; give --pid for its CPU and memory, --db
for the poll's database check). Only loopback addresses. Every run is bounded (--max-seconds)
and stops by itself. The students are simulated by benchmarks/stclient.py: this measures the
server alone (no browser draws anything).

Reported: sessions started and completed, errors (an exception element, a dropped socket or a
timeout each count), response times (p50/p95/p99, ms, send -> script_finished), the server's CPU
(cores used, CPU ms a script run) and memory (warm start, peak, after everyone left and the
disconnected-session TTL passed), and the machine's load average.
"""

import argparse
import asyncio
import base64
import collections
import contextlib
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from stclient import FINISHED, Session, SessionError  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402

from hinge import classroom, lesson  # noqa: E402

QUESTIONS = ("cat", "car_small_change", "frog", "maximum", "batch")  # numbers and choices in turn
EXPLORE_PAGES = ("/", "/Cross-entropy_vs_hinge")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------------- figures


def pct(values, q):
    """The q-quantile (0..1) of values, nearest rank; nan for none."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered) - 1e-9) - 1))]


def summary(seconds):
    """n, p50, p95, p99, max of response times given in seconds, in ms."""
    ms = [1000 * s for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(pct(ms, 0.50), 1),
        "p95_ms": round(pct(ms, 0.95), 1),
        "p99_ms": round(pct(ms, 0.99), 1),
        "max_ms": round(max(ms), 1) if ms else float("nan"),
    }


def loadavg():
    return Path("/proc/loadavg").read_text().split()[0]


class Result:
    """What a scenario measured: response times by kind, sessions, errors, the server's resources."""

    def __init__(self, scenario):
        self.scenario = scenario
        self.times = {}  # kind -> [seconds]
        self.started = self.completed = 0
        self.errors = {"exception": 0, "dropped": 0, "timeout": 0, "cache_miss": 0}
        self.notes = {}
        self.sessions = []
        self.auto_label = {}  # id(session) -> the name its auto reruns go under

    def add(self, kind, seconds):
        if seconds is not None:
            self.times.setdefault(kind, []).append(seconds)

    def count_sessions(self):
        """Errors and the fragments' auto reruns as each session counted them."""
        for s in self.sessions:
            for k, v in s.errors.items():
                self.errors[k] = self.errors.get(k, 0) + v
            for seconds in s.auto_times:
                self.add(self.auto_label.get(id(s), "phone fragment run"), seconds)

    def report(self):
        out = {
            "scenario": self.scenario,
            "sessions_started": self.started,
            "sessions_completed": self.completed,
            "errors": self.errors,
            "error_total": sum(self.errors.values()),
        }
        everything = [s for kind, v in self.times.items() for s in v]
        out["all requests"] = summary(everything)
        out.update({kind: summary(v) for kind, v in sorted(self.times.items())})
        out.update(self.notes)
        return out


# ---------------------------------------------------------------------------------- the server


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_loopback(url):
    host = urlsplit(url).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"{url}: this load test talks only to loopback addresses")


class Server:
    """The app's server: started here on a loopback port (url None) or one already running.

    `ttl`: server.disconnectedSessionTTL of a server started here (seconds a disconnected
    session is kept). `db`: its classroom database (a fresh file by default). `pid`: the
    process whose CPU and memory are read (/proc), found for a server started here.
    """

    def __init__(self, url=None, *, pid=None, ttl=5, db=None, args=(), script="app.py"):
        self.url, self.pid, self.ttl, self.db, self.args = url, pid, ttl, db, list(args)
        self.script = script
        self.proc = None
        self._dir = None

    def __enter__(self):
        if self.url is None:
            self.start()
        else:
            check_loopback(self.url)
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self._dir = tempfile.TemporaryDirectory(prefix="lecture-load-")
        self.db = self.db or os.path.join(self._dir.name, "classroom.sqlite3")
        port = free_port()
        env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
        env[classroom.ENV_VAR] = self.db
        self._log = open(os.path.join(self._dir.name, "server.log"), "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", self.script, "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.fileWatcherType", "none", "--server.disconnectedSessionTTL", str(self.ttl),
             *self.args],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.pid = self.proc.pid
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log()[-2000:]}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as r,
            ):
                if r.status == 200:
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("streamlit did not start within 90 s")

    def log(self):
        return Path(self._dir.name, "server.log").read_text() if self._dir else ""

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
            self.proc = None
            self._log.close()
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    def cpu_seconds(self):
        """User + system CPU seconds of the server process so far; None if unknown."""
        if not self.pid:
            return None
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def rss_mb(self):
        if not self.pid:
            return None
        try:
            text = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return None
        match = re.search(r"VmRSS:\s+(\d+) kB", text)
        return int(match.group(1)) / 1024 if match else None


class Replicas:
    """A deploy/topology.py topology's replicas as one server: CPU and memory summed over them."""

    def __init__(self, topology):
        self.topology = topology
        self.parts = [Server(r.url, pid=r.process.pid) for r in topology.replicas]
        self.url, self.pid, self.db = topology.url, self.parts[0].pid, topology.db_url
        self.warm_urls = [r.url for r in topology.replicas]  # each replica warmed directly, not via nginx

    def _total(self, values):
        return None if None in values else sum(values)

    def cpu_seconds(self):
        return self._total([p.cpu_seconds() for p in self.parts])

    def rss_mb(self):
        return self._total([p.rss_mb() for p in self.parts])

    def each(self):
        """Per replica: CPU seconds and memory, for the report."""
        return [{"cpu_s": p.cpu_seconds(), "mb": p.rss_mb()} for p in self.parts]


@contextlib.contextmanager
def started(a, options):
    """The server(s) a run talks to: --url's, one started here, or --replicas N behind nginx."""
    if not a.replicas:
        with Server(a.url[0] if a.url else None, pid=a.pid, ttl=a.ttl, db=a.db, args=options) as server:
            yield server, a.url or [server.url]
        return
    if a.url or options:
        raise SystemExit("--replicas starts its own topology: no --url or --option with it")
    sys.path.insert(0, str(ROOT / "deploy"))
    from topology import Topology

    with Topology(a.replicas, session_ttl=a.ttl) as topology:
        yield Replicas(topology), [topology.url]


class Resources:
    """The server's CPU and memory while a scenario runs: sampled twice a second."""

    def __init__(self, server):
        self.server = server
        self.peak_mb = 0.0
        self.marks = {}
        self._task = None

    def mark(self, name):
        self.marks[name] = (time.monotonic(), self.server.cpu_seconds(), self.server.rss_mb())

    async def _sample(self):
        while True:
            self.peak_mb = max(self.peak_mb, self.server.rss_mb() or 0.0)
            await asyncio.sleep(0.5)

    def __enter__(self):
        self.mark("start")
        self._task = asyncio.get_running_loop().create_task(self._sample())
        return self

    def __exit__(self, *exc):
        self._task.cancel()
        self.mark("end")

    def cores(self, a="start", b="end"):
        (t0, c0, _), (t1, c1, _) = self.marks[a], self.marks[b]
        return None if c0 is None or c1 is None else (c1 - c0) / (t1 - t0)

    def cpu(self, a="start", b="end"):
        c0, c1 = self.marks[a][1], self.marks[b][1]
        return None if c0 is None or c1 is None else c1 - c0

    def notes(self, runs):
        """The figures for a report; `runs`: how many script runs the server did meanwhile."""
        cpu = self.cpu()
        if cpu is None:
            return {"server": "CPU and memory unknown (give --pid)"}
        out = {
            "server_cores_used": round(self.cores(), 3),
            "server_cpu_ms_per_run": round(1000 * cpu / runs, 1) if runs else None,
            "server_mb_warm_start": round(self.marks["start"][2], 1),
            "server_mb_peak": round(max(self.peak_mb, self.marks["end"][2] or 0), 1),
        }
        if "left" in self.marks:
            out["server_mb_after_ttl"] = round(self.marks["left"][2], 1)
        return out


async def after_everyone_left(res, server, ttl):
    """Wait the disconnected-session TTL (and a little) after the sessions closed, then mark memory."""
    await asyncio.sleep(ttl + 3)
    res.mark("left")


# ---------------------------------------------------------------------------------- pages


def playground_loss(session):
    """The loss of the playground's example, as its live chart shows it (the "this example" point)."""
    for node in session.nodes.values():
        if node.kind == "bidi_component" and node.key == "playground":
            figure = json.loads(json.loads(node.proto.json)["figure"])
            (point,) = [t for t in figure["data"] if t.get("name") == "this example"]
            return point["y"][0]
    raise SessionError("no playground chart on the page")


def room_code(session):
    match = re.search(r"room=([A-Z0-9]+)", session.text())
    if match is None:
        raise SessionError("no room code on the lecturer's page")
    return match.group(1)


def projector_counts(session):
    """(joined, answered) as the projector shows them, or None."""
    match = re.search(r"(\d+) joined · (\d+) answered", session.text())
    return None if match is None else (int(match.group(1)), int(match.group(2)))


def slider_values(node, rng):
    """A value on the slider's grid other than its current one."""
    p = node.proto
    steps = max(1, round((p.max - p.min) / p.step)) if p.step else 10
    return round(p.min + rng.randint(0, steps) * (p.step or (p.max - p.min) / 10), 6)


async def until(condition, seconds, every=0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(every)
    return condition()


# ---------------------------------------------------------------------------------- scenarios


async def _arrive(s, res, kind, go, delay):
    """A student opens the page: after `delay` s, or (at once) connected first, run when `go` is set."""
    if go is not None:
        await s.connect()
        await go.wait()
    else:
        await asyncio.sleep(delay)
    res.started += 1
    res.add(kind, await s.run())


async def truth(url):
    """One client: the playground's loss before and after the cat's score goes to 4.0."""
    async with Session(url, "/") as s:
        await s.run()
        before = playground_loss(s)
        seconds = await s.set("s0", 4.0)
        after = playground_loss(s)
        status = FINISHED.Name(s.last_status)
        errors = dict(s.errors)
    return {
        "loss_before": before,
        "loss_after": after,
        "status": status,
        "set_ms": 1000 * seconds,
        "errors": errors,
    }


QUICK_DELAYS = (0.0, 0.01, 0.03, 0.06, 0.1, 0.3)


async def quick_times(url, widget, values, *, n=14, delays=QUICK_DELAYS):
    """Median ms of a rerun sent `delay` s after the last one's script_finished, for each delay."""
    async with Session(url, "/") as s:
        await s.run()
        for i in range(3):  # warm
            await s.set(widget, values[i % 2])
        medians = {}
        for delay in delays:
            times = []
            for i in range(n):
                await asyncio.sleep(delay)
                times.append(1000 * await s.set(widget, values[i % 2]))
            medians[f"{1000 * delay:g} ms"] = round(statistics.median(times), 1)
        errors = dict(s.errors)
    return {"median_ms_by_gap": medians, "errors": errors}


def quick(url, args):
    """The app (`url`) and a bare app on a server started here, each after gaps of 0-300 ms."""
    app = asyncio.run(quick_times(url, "margin", (1.0, 2.0)))
    with Server(ttl=5, args=args, script="benchmarks/bare_frozen_app.py") as bare:
        floor = asyncio.run(quick_times(bare.url, "value", (3.0, 4.0)))
    return {
        "app_margin_slider": app,
        "bare_frozen_app_nagle_on": floor,
        "ratio_bare_to_app_at_0_ms": round(
            floor["median_ms_by_gap"]["0 ms"] / app["median_ms_by_gap"]["0 ms"], 2
        ),
    }


def _answers_plan(i, step, rng, change):
    """What student i sends for a question: one answer, or two (the second replaces the first)."""
    q = step.question
    if q.kind == lesson.CHOICE:
        first = rng.randrange(len(q.choices))
        plan = [first]
        if rng.random() < change:
            plan.append((first + 1 + rng.randrange(len(q.choices) - 1)) % len(q.choices))
        return [q.choices[k] for k in plan]
    plan = [f"{1 + i / 1000:.3f}"]  # distinct numbers: the database's multiset says who was lost
    if rng.random() < change:
        plan.append(f"{2 + i / 1000:.3f}")
    return plan


async def _answer(s, step, value):
    """Send one answer on a phone: a choice's button, or the number box and its Send."""
    q = step.question
    if q.kind == lesson.CHOICE:
        return await s.set(f"classroom_choice_{step.key}_{list(q.choices).index(value)}")
    await s.set(f"classroom_answer_{step.key}", value)
    return await s.set(f"FormSubmitter:classroom_form_{step.key}-Send")


def _on_phone(s, step):
    """The question's controls are on the phone, and the run that drew them has finished."""
    if step.question.kind == lesson.CHOICE:
        keys = {f"classroom_choice_{step.key}_{i}" for i in range(len(step.question.choices))}
    else:
        keys = {f"classroom_answer_{step.key}", f"FormSubmitter:classroom_form_{step.key}-Send"}
    return not s.in_run and keys <= {w.key for w in s.widgets().values()}


async def poll(
    urls,
    students,
    *,
    questions=QUESTIONS,
    spread=10.0,
    think=(1.0, 4.0),
    change=0.3,
    at_once=False,
    timeout=30.0,
    question_seconds=120.0,
    db=None,
    seed=1,
    server=None,
    ttl=0,
):
    """The classroom poll: a lecturer, `students` phones, `questions` answered in turn."""
    rng = random.Random(seed)
    res = Result("poll")
    steps = [lesson.by_key(q) for q in questions]
    plans = [{st.key: _answers_plan(i, st, rng, change) for st in steps} for i in range(students)]
    sent = {q: [] for q in questions}  # each student's last answer, as sent and confirmed
    done = {q: 0 for q in questions}
    all_done = {q: asyncio.Event() for q in questions}
    ended = asyncio.Event()
    go = asyncio.Event()  # "everyone at once": every student's first run sent together

    lec = Session(urls[0], "/Classroom", timeout=timeout)
    res.sessions.append(lec)
    res.auto_label[id(lec)] = "projector fragment run"
    await lec.run()
    await lec.set("classroom_start")
    code = room_code(lec)
    resources = Resources(server).__enter__() if server else None

    def finished(q):
        done[q] += 1
        if done[q] == students:
            all_done[q].set()

    async def student(i):
        s = Session(urls[i % len(urls)], "/Classroom", query=f"room={code}", timeout=timeout)
        res.sessions.append(s)
        todo = list(steps)
        try:
            await _arrive(s, res, "join (first run)", go if at_once else None, rng.uniform(0, spread))
            while todo:
                step = todo[0]
                if not await until(lambda step=step: _on_phone(s, step), question_seconds):
                    res.notes["questions_never_seen"] = res.notes.get("questions_never_seen", 0) + 1
                    finished(todo.pop(0).key)
                    continue
                for value in plans[i][step.key]:
                    await asyncio.sleep(rng.uniform(*think))
                    res.add("answer", await _answer(s, step, value))
                    if not any("Your answer:" in t for t in s.texts({"alert"})):
                        res.notes["answers_not_confirmed"] = res.notes.get("answers_not_confirmed", 0) + 1
                sent[step.key].append(plans[i][step.key][-1])
                finished(todo.pop(0).key)
            await ended.wait()
            res.completed += 1
        except SessionError as error:
            res.notes.setdefault("failures", []).append(f"student {i}: {error}")
            for step in todo:
                finished(step.key)
        finally:
            await s.close()

    tasks = [asyncio.create_task(student(i)) for i in range(students)]
    res.started += 1  # the lecturer
    if at_once:
        await asyncio.sleep(0)
        await until(
            lambda: all(s.ws is not None for s in res.sessions[1:]) and len(res.sessions) > students, 60
        )
        go.set()
    joined = await until(lambda: (projector_counts(lec) or (0, 0))[0] >= students, spread + 120, every=0.2)
    res.notes["joined_seen_by_projector"] = (projector_counts(lec) or (0, 0))[0]
    if not joined:
        res.notes.setdefault("failures", []).append("not every student joined")
    for step in steps:
        await lec.set("classroom_pick", lesson.STEPS.index(step))
        await lec.set("classroom_open")
        try:
            await asyncio.wait_for(all_done[step.key].wait(), question_seconds)
        except TimeoutError:
            res.notes.setdefault("failures", []).append(f"question {step.key}: not everyone answered")
        await until(lambda: projector_counts(lec) == (students, students), 5, every=0.2)
        res.notes.setdefault("projector_counts", []).append(projector_counts(lec))
    await lec.set("classroom_end")
    ended.set()
    await asyncio.gather(*tasks)
    res.completed += 1
    await lec.close()
    if resources is not None:
        resources.__exit__(None, None, None)
    res.count_sessions()
    res.notes["answers_sent"] = sum(len(p[q]) for p in plans for q in questions)
    if db is not None:
        res.notes["database"] = check_database(db, code, sent, students)
    if resources is not None:
        await after_everyone_left(resources, server, ttl)
        runs = sum(len(v) for v in res.times.values())
        res.notes.update(resources.notes(runs))
    return res


def check_database(db, code, sent, students):
    """The answers in the database against the answers sent: per question, the same multiset."""
    store = classroom.open_store(db)
    try:
        state = store.state(code)
        out = {"joined": state.joined, "students": students, "equal": state.joined == students}
        for q, values in sent.items():
            step = lesson.by_key(q)
            stored = store.results(code, q).values
            if step.question.kind == lesson.CHOICE:
                want, got = sorted(map(str, values)), sorted(map(str, stored))
            else:
                want, got = sorted(round(float(v), 6) for v in values), sorted(round(v, 6) for v in stored)
            out[q] = {"sent": len(want), "stored": len(got), "equal": want == got}
            out["equal"] = out["equal"] and want == got
        return out
    finally:
        store.close()


async def explore(urls, students, *, moves=10, think=3.0, spread=10.0, at_once=False, timeout=30.0,
                  pages=EXPLORE_PAGES, seed=1, server=None, ttl=0):  # fmt: skip
    """Students on the playground and the cross-entropy page, each moving a slider every ~`think` s."""
    rng = random.Random(seed)
    res = Result("explore")
    go = asyncio.Event()

    async def student(i):
        s = Session(urls[i % len(urls)], pages[i % len(pages)], timeout=timeout)
        res.sessions.append(s)
        try:
            await _arrive(s, res, "first run", go if at_once else None, rng.uniform(0, spread))
            sliders = [w for w in s.widgets().values() if w.kind == "slider"]
            for _ in range(moves):
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))
                node = rng.choice(sliders)
                seconds = await s.set(node.key or node.label, slider_values(node, rng))
                kind = (
                    "fragment run"
                    if s.last_status == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
                    else "full run"
                )
                res.add(kind, seconds)
            res.completed += 1
        except SessionError as error:
            res.notes.setdefault("failures", []).append(f"student {i}: {error}")
        finally:
            await s.close()

    for url in getattr(server, "warm_urls", urls[:1]):  # the warm start: every page imported and run once
        for page in pages:
            async with Session(url, page, timeout=timeout) as s:
                await s.run()
    with Resources(server) if server else contextlib.nullcontext() as resources:
        tasks = [asyncio.create_task(student(i)) for i in range(students)]
        if at_once:
            await until(lambda: len(res.sessions) == students and all(s.ws for s in res.sessions), 60)
            go.set()
        await asyncio.gather(*tasks)
    res.count_sessions()
    if resources is not None:
        await after_everyone_left(resources, server, ttl)
        res.notes.update(resources.notes(sum(len(v) for v in res.times.values())))
    return res


KNEE_RATES = (4, 8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 112, 128, 144, 160)


async def knee(url, *, sessions=30, rates=KNEE_RATES, step_seconds=10.0,
               widget="margin", values=(1.0, 2.0), timeout=30.0, seed=1, server=None):  # fmt: skip
    """Step up the offered rate (Poisson arrivals, dealt round-robin to `sessions`) of one widget's
    reruns; each step's latency is arrival -> script_finished (a session's backlog counts). Stops
    after the first step whose p95 passes 1 s."""
    rng = random.Random(seed)
    res = Result("knee")
    clients = [Session(url, "/", timeout=timeout, auto_rerun=False) for _ in range(sessions)]
    res.sessions.extend(clients)
    for s in clients:
        await s.run()
    res.started = len(clients)
    steps = []
    for rate in rates:
        queues = [asyncio.Queue() for _ in clients]
        lat = []
        cpu0, t0 = server.cpu_seconds() if server else None, time.monotonic()

        async def worker(s, q, lat):
            k = 0
            while (arrival := await q.get()) is not None:
                k += 1
                try:
                    await s.set(widget, values[k % len(values)])
                    lat.append(time.monotonic() - arrival)
                except SessionError:
                    lat.append(float("inf"))

        workers = [asyncio.create_task(worker(s, q, lat)) for s, q in zip(clients, queues, strict=True)]
        t, n, end = time.monotonic(), 0, time.monotonic() + step_seconds
        while True:
            t += rng.expovariate(rate)
            if t >= end:
                break
            await asyncio.sleep(max(0.0, t - time.monotonic()))
            queues[n % len(queues)].put_nowait(t)
            n += 1
        for q in queues:
            q.put_nowait(None)
        await asyncio.wait_for(asyncio.gather(*workers), 60)
        wall = time.monotonic() - t0
        cpu = (server.cpu_seconds() - cpu0) if server and cpu0 is not None else None
        step = {
            "offered_per_s": rate,
            "done_per_s": round(len(lat) / wall, 2),
            "p50_ms": round(1000 * pct(lat, 0.5), 1),
            "p95_ms": round(1000 * pct(lat, 0.95), 1),
            "server_cores": round(cpu / wall, 2) if cpu is not None else None,
            "server_cpu_ms_per_run": round(1000 * cpu / len(lat), 1) if cpu is not None and lat else None,
        }
        steps.append(step)
        print(json.dumps(step), flush=True)
        for x in lat:
            if x != float("inf"):
                res.add("rerun", x)
        if step["p95_ms"] > 1000:
            break
    for s in clients:
        await s.close()
    res.completed = len(clients)
    res.count_sessions()
    ok = [s for s in steps if s["p95_ms"] <= 1000]
    res.notes["steps"] = steps
    res.notes["knee_sustained_reruns_per_s"] = ok[-1]["done_per_s"] if ok else 0
    return res


async def client_times(url, n, widget="margin", values=(1.1, 1.0)):
    """This client's server times (ms) of n moves of one slider, after two warm-up moves."""
    async with Session(url, "/") as s:
        await s.run()
        times = []
        for i in range(n + 2):
            seconds = await s.set(widget, values[i % 2])
            if i >= 2:
                times.append(1000 * seconds)
            await asyncio.sleep(0.3)  # as latency.py: the next press after the repaint's quiet
        return times


def browser_network_times(url, n, label):
    """Chromium's own view of the same presses, below the page's JavaScript: the time from the
    websocket frame it sent (the rerun) to the last frame it received for it, as its network
    stack stamped them (DevTools' Network.webSocketFrameSent / Received), in ms."""
    import latency

    with latency.chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        frames, payloads = [], []

        def on_sent(event):
            frames.append(("sent", event["timestamp"]))
            payloads.append(event["response"])

        cdp.on("Network.webSocketFrameSent", on_sent)
        cdp.on("Network.webSocketFrameReceived", lambda e: frames.append(("received", e["timestamp"])))
        cdp.send("Network.enable")
        page.goto(url + "/")
        page.wait_for_selector(latency.IDLE, timeout=60000)
        page.wait_for_timeout(1500)
        target = latency._target(page, "slider", label, 0)
        times = []
        for i in range(n + 2):
            frames.clear()
            latency._press(page, "slider", target, i)
            page.wait_for_timeout(100)  # the run starts (the state attribute says so) ...
            page.wait_for_selector(latency.IDLE, timeout=20000)
            page.wait_for_timeout(300)  # ... and its last frame has come, with 300 ms of quiet
            sent = [t for kind, t in frames if kind == "sent"]
            received = [t for kind, t in frames if kind == "received" and sent and t >= sent[0]]
            if i >= 2 and sent and received:
                times.append(1000 * (max(received) - sent[0]))
        context.close()
    last = payloads[-1]  # the last press's rerun, as the browser sent it
    data = base64.b64decode(last["payloadData"]) if last.get("opcode") == 2 else last["payloadData"].encode()
    return times, BackMsg.FromString(data)


async def replayed_times(url, n, browsers, widget, values):
    """This client's server times (ms) for the browser's own rerun message (its widget states,
    context and all), the slider's value alternated: the server's work for a browser's press."""
    async with Session(url, "/") as s:
        await s.run()
        wid = s.widget(widget).widget_id
        times = []
        for i in range(n + 2):
            states = list(browsers.rerun_script.widget_states.widgets)
            for state in states:
                if state.id == wid:
                    state.double_array_value.data[:] = [values[i % 2]]
            seconds = await s._request(
                browsers.rerun_script.fragment_id, widget_states=lambda states=states: states, what="replay"
            )
            if i >= 2:
                times.append(1000 * seconds)
            await asyncio.sleep(0.3)
        return times


def _compare(url, n, label, widget, values):
    import latency

    _, run = latency.measure(url + "/", n, "slider", label=label)
    network, browsers = browser_network_times(url, n, label)
    ours = asyncio.run(client_times(url, n, widget, values))
    replayed = asyncio.run(replayed_times(url, n, browsers, widget, values))
    return {
        "browser_page_median_ms": round(statistics.median(run), 1),
        "browser_network_median_ms": round(statistics.median(network), 1),
        "client_median_ms": round(statistics.median(ours), 1),
        "client_sending_the_browsers_message_median_ms": round(statistics.median(replayed), 1),
        "ratio_client_to_its_replay_of_the_browser": round(
            statistics.median(ours) / statistics.median(replayed), 2
        ),
    }


def browser_compare(url, n, args=()):
    """A slider's server time: this client against Chromium's, on the playground's margin and on
    benchmarks/bare_frozen_app.py (one slider, one line). Chromium's twice: as the page sees it
    (latency.py's "run": key down to the last message's event in the page, so it includes the
    page's own work on the messages before it) and as its network stack does (frame out to last
    frame in). Then this client sends the browser's own rerun message (its widget states and
    context, the slider's value alternated) and times the server on it: the same message, the
    same server time, shows the client measures what a browser's press costs the server; the
    browser's times above that are its own work between the frames."""
    out = {"playground_margin": _compare(url, n, "^margin", "margin", (1.1, 1.0))}
    with Server(ttl=5, args=list(args), script="benchmarks/bare_frozen_app.py") as bare:
        out["bare_app_slider"] = _compare(bare.url, n, ".", "value", (3.3, 3.2))
    out["n"] = n
    return out


# ---------------------------------------------------------------------------------- command line


def _number_or_text(text):
    """A slider's number, a select box's option index (an integer), or an option's text."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scenario", choices=("poll", "explore", "knee", "truth", "browser", "quick"))
    ap.add_argument("--url", action="append", help="an existing server (loopback); repeat for several")
    ap.add_argument("--pid", type=int, help="the existing server's process id, for its CPU and memory")
    ap.add_argument("--db", help="the existing server's classroom database (for the poll's check)")
    ap.add_argument(
        "--ttl", type=int, default=5, help="server.disconnectedSessionTTL of the server started here"
    )
    ap.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Streamlit option for the server started here, e.g. runner.postScriptGC=false",
    )
    ap.add_argument("--students", type=int, default=20)
    ap.add_argument("--spread", type=float, default=10.0, help="students start within this many seconds")
    ap.add_argument(
        "--at-once", action="store_true", help="every student's first run sent at the same moment"
    )
    ap.add_argument("--think", type=float, nargs=2, default=(1.0, 4.0), help="poll: think time range, s")
    ap.add_argument("--change", type=float, default=0.3, help="poll: share of answers changed once")
    ap.add_argument("--moves", type=int, default=10, help="explore: slider moves per student")
    ap.add_argument("--every", type=float, default=3.0, help="explore: mean seconds between moves (±50 %%)")
    ap.add_argument("--sessions", type=int, default=30, help="knee: sessions the offered reruns are dealt to")
    ap.add_argument("--step", type=float, default=10.0, help="knee: seconds a rate is offered")
    ap.add_argument(
        "--widget",
        default="margin",
        help="knee: the playground's widget (key or label) each rerun changes; margin: a fragment run, "
        "classes: a full run",
    )
    ap.add_argument(
        "--values", nargs=2, default=("1.0", "2.0"), help="knee: the two values it alternates between"
    )
    ap.add_argument(
        "--rates",
        type=float,
        nargs="+",
        default=KNEE_RATES,
        help="knee: the offered reruns a second, in turn",
    )
    ap.add_argument("--n", type=int, default=10, help="browser: moves measured")
    ap.add_argument(
        "--timeout", type=float, default=30.0, help="seconds a request may take before it is an error"
    )
    ap.add_argument("--max-seconds", type=float, default=900.0, help="the whole run stops after this long")
    ap.add_argument(
        "--replicas",
        type=int,
        default=0,
        help="start deploy/topology.py's topology (N replicas behind nginx on a throwaway PostgreSQL) "
        "and send every student through nginx; CPU and memory are the replicas' sums",
    )
    ap.add_argument("--json", help="also write the report here")
    a = ap.parse_args(argv)
    options = [part for o in a.option for part in (f"--{o.split('=', 1)[0]}", o.split("=", 1)[1])]
    with started(a, options) as (server, urls):
        for u in urls:
            check_loopback(u)
        has_server = server if server.pid else None
        report = {"load_average_start": loadavg(), "options": a.option, "replicas": a.replicas or None}
        if a.scenario == "truth":
            report.update(asyncio.run(truth(urls[0])))
        elif a.scenario == "browser":
            report.update(browser_compare(urls[0], a.n, options))
        elif a.scenario == "quick":
            report.update(quick(urls[0], options))
        else:
            common = dict(spread=a.spread, at_once=a.at_once, timeout=a.timeout, server=has_server, ttl=a.ttl)
            job = {
                "poll": lambda: poll(
                    urls, a.students, think=tuple(a.think), change=a.change, db=server.db, **common
                ),
                "explore": lambda: explore(urls, a.students, moves=a.moves, think=a.every, **common),
                "knee": lambda: knee(
                    urls[0],
                    sessions=a.sessions,
                    step_seconds=a.step,
                    rates=a.rates,
                    widget=a.widget,
                    values=tuple(_number_or_text(v) for v in a.values),
                    timeout=a.timeout,
                    server=has_server,
                ),
            }[a.scenario]

            async def bounded():
                return await asyncio.wait_for(job(), a.max_seconds)

            report.update(asyncio.run(bounded()).report())
        if isinstance(server, Replicas):  # how nginx dealt the websockets, and each replica's share
            sockets = collections.Counter(up for _, up in server.topology.upstreams("/_stcore/stream"))
            report["websockets_per_replica"] = dict(sorted(sockets.items()))
            report["per_replica"] = server.each()
        report["load_average_end"] = loadavg()
    text = json.dumps(report, indent=1, default=str)
    print(text)
    if a.json:
        Path(a.json).write_text(text + "\n")
    return report


if __name__ == "__main__":
    main()
