"""Replicas of the app behind nginx on one PostgreSQL: spread, shared answers, failover.

``deploy/topology.py`` starts the topology on loopback ports: a throwaway PostgreSQL cluster,
two ``streamlit run app.py`` replicas sharing its URL and a cookie secret, nginx with the
repository's ``deploy/nginx.conf``. Students are websocket clients (``benchmarks/stclient.py``),
the lecturer a headless Chromium page; every one of them goes through nginx.

The failover test kills a replica with SIGKILL while a question is open: the students it held
reconnect through nginx to the other one and answer again; every answer a phone was told was
stored is in the database, and the reconnect times are printed.
"""

import asyncio
import os
import re
import shutil
import statistics
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import CHROMIUM_FLAGS, ROOT, chromium_path, run_async
from pg import pg_bin

from hinge import classroom, lesson

sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import topology
from stclient import Session

QUESTION = lesson.STEPS[0]  # the question box's first: the one Open opens without a pick
STUDENTS = 8  # at least two a replica are asked for; more join if the routes fell unevenly
TIMEOUT = 60  # seconds for any one step on two shared cores
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def _needed(*names):
    """Skip without these programs, except in CI, where .ci/run installs them: fail there."""
    where = {
        "nginx": lambda: shutil.which("nginx") or Path("/usr/sbin/nginx").exists(),
        "PostgreSQL": pg_bin,
        "Chromium": chromium_path,
    }
    missing = [name for name in names if not where[name]()]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the replicas test: .ci/run installs {', '.join(missing)}")
        pytest.skip(f"not installed: {', '.join(missing)}")


@pytest.fixture(scope="module")
def topo():
    _needed("nginx", "PostgreSQL")
    with topology.Topology(2) as t:
        yield t


def _get(url, cookie=None):
    """GET `url`: (X-Upstream, the hinge_route cookie it set)."""
    request = urllib.request.Request(url, headers={"Cookie": f"hinge_route={cookie}"} if cookie else {})
    with urllib.request.urlopen(request, timeout=TIMEOUT) as reply:
        route = re.search(r"hinge_route=([^;]+)", " ".join(reply.headers.get_all("Set-Cookie") or []))
        return _served_by(reply.headers), route.group(1) if route else None


def _served_by(headers):
    """The replica that made the reply: the last upstream nginx tried (it lists each one it tried)."""
    return headers["X-Upstream"].split(", ")[-1]


# ------------------------------------------------------------------------------ the files


@pytest.mark.replicas
def test_nginx_runs_the_repository_file_with_only_addresses_changed(topo):
    """What nginx runs is deploy/nginx.conf, but for the upstream's servers, the listen line, the
    temporary files' folder and the X-Upstream header the tests read."""
    ours = topology.NGINX_CONF.read_text().splitlines()
    ran = topo.nginx_conf().splitlines()
    added = [line.strip() for line in ran if line not in ours]
    removed = [line.strip() for line in ours if line not in ran]
    assert removed == ["server app1:8501 max_fails=1 fail_timeout=10s;",
                       "server app2:8501 max_fails=1 fail_timeout=10s;", "listen 8080;"]  # fmt: skip
    ports = [r.port for r in topo.replicas]
    assert added == [
        *(f"{name}_temp_path {topo.dir}/temp/{name};" for name in topology.TEMP_PATHS),
        *(f"server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in ports),
        f"listen 127.0.0.1:{topo.port};",
        "add_header X-Upstream $upstream_addr always;",
    ]


def _yaml(name):
    import yaml

    return list(yaml.safe_load_all((ROOT / name).read_text()))


def _env_example():
    lines = (ROOT / "deploy" / "hinge.env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_docker_compose_runs_the_app_twice_behind_deploy_nginx_conf_on_one_postgresql():
    (compose,) = _yaml("docker-compose.yml")
    services = compose["services"]
    apps = sorted(name for name, service in services.items() if service.get("build") == ".")
    assert apps == ["app1", "app2"]
    conf = topology.NGINX_CONF.read_text()
    upstream = re.search(r"upstream hinge \{(.*?)\}", conf, re.S).group(1)
    assert re.findall(r"server (\S+?):(\d+)", upstream) == [(app, "8501") for app in apps]  # the Dockerfile's
    (listen,) = re.findall(r"listen (\d+);", conf)
    nginx = services["nginx"]
    assert nginx["ports"] == [f"{listen}:{listen}"]
    assert nginx["volumes"] == ["./deploy/nginx.conf:/etc/nginx/nginx.conf:ro"]
    assert set(nginx["depends_on"]) == set(apps)
    env = _env_example()
    for app in apps:
        assert services[app]["env_file"] == "deploy/hinge.env"  # one URL and one cookie secret for all
    assert {"HINGE_CLASSROOM_DB", "STREAMLIT_SERVER_COOKIE_SECRET"} <= env.keys()
    assert services["db"]["env_file"] == "deploy/hinge.env"
    user, password, host, db = re.fullmatch(
        r"postgresql://([^:]+):([^@]+)@([^:/]+):5432/(\w+)", env["HINGE_CLASSROOM_DB"]
    ).groups()
    assert (user, password, db) == (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"], env["POSTGRES_DB"])
    assert host in services
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert {".streamlit/secrets.toml", "deploy/hinge.env", "data"} <= set(ignored)  # never in the image
    assert "deploy/hinge.env" in (ROOT / ".gitignore").read_text().splitlines()


def test_dockerfile_and_kubernetes_agree_on_the_port_the_health_path_and_the_secret():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("# ") and "FROM python:3.11-slim" in dockerfile
    assert "RUN pip install -r requirements.txt" in dockerfile
    assert re.search(
        r'CMD \["streamlit", "run", "app.py", .*"--server.address=0.0.0.0", "--server.port=8501"\]',
        dockerfile,
    )
    assert "EXPOSE 8501" in dockerfile and "/_stcore/health" in dockerfile
    (deployment,) = _yaml("deploy/k8s/deployment.yaml")
    (service,) = _yaml("deploy/k8s/service.yaml")
    (ingress,) = _yaml("deploy/k8s/ingress.yaml")
    spec = deployment["spec"]
    assert spec["replicas"] >= 2
    assert (
        spec["selector"]["matchLabels"]
        == spec["template"]["metadata"]["labels"]
        == service["spec"]["selector"]
    )
    (container,) = spec["template"]["spec"]["containers"]
    assert container["ports"] == [{"name": "http", "containerPort": 8501}]
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/_stcore/health", "port": "http"}
    secrets = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in container["env"]}
    assert secrets == {
        "HINGE_CLASSROOM_DB": {"name": "hinge", "key": "classroom-db"},
        "STREAMLIT_SERVER_COOKIE_SECRET": {"name": "hinge", "key": "cookie-secret"},
    }
    assert service["spec"]["ports"] == [{"name": "http", "port": 80, "targetPort": "http"}]
    (rule,) = ingress["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    assert path["backend"]["service"] == {"name": service["metadata"]["name"], "port": {"name": "http"}}
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    cookie = notes["nginx.ingress.kubernetes.io/session-cookie-name"]
    assert f'Set-Cookie "{cookie}=$route;' in topology.NGINX_CONF.read_text()  # one cookie name for both
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600  # a lecture's websocket


# ------------------------------------------------------------------------------ nginx


@pytest.mark.replicas
def test_a_topology_that_cannot_start_stops_what_it_started():
    _needed("nginx", "PostgreSQL")
    broken = topology.Topology(2, app="no_such_app.py")
    with pytest.raises(RuntimeError, match="exited"):
        broken.start()
    assert len(broken.processes) == 3  # two replicas and nginx were started
    assert all(process.poll() is not None for process in broken.processes)  # and every one stopped
    assert broken.replicas == [] and broken.nginx is None and broken.cluster is None and broken.dir is None


@pytest.mark.replicas
def test_fresh_clients_spread_and_each_client_stays_on_its_replica(topo):
    replicas = {r.address for r in topo.replicas}
    fresh = [_get(f"{topo.url}/_stcore/health") for _ in range(24)]
    assert {upstream for upstream, _ in fresh} == replicas  # 24 new clients: both replicas got some
    assert len({route for _, route in fresh}) == 24  # each its own route
    for upstream, route in fresh[:6]:  # a client that sends its cookie back stays where it began
        assert {_get(f"{topo.url}/_stcore/health", route)[0] for _ in range(5)} == {upstream}
        assert {_get(f"{topo.url}/Classroom", route)[0] for _ in range(2)} == {upstream}


# ------------------------------------------------------------------------------ the classroom


class Student:
    """A phone on the Classroom page, through nginx: joins from the link and answers."""

    def __init__(self, url, code, index):
        self.index = index
        self.session = Session(url, "/Classroom", query=f"room={code}", timeout=TIMEOUT)
        self.seats = []  # [(replica, last value the phone confirmed)], a new entry for a new seat
        self.reconnect_seconds = None

    @property
    def replica(self):
        return _served_by(self.session.ws.response.headers)

    async def join(self):
        await self.session.run()
        await self._until(lambda text: QUESTION.question.prompt in text, "the open question")
        self.seats.append([self.replica, None])

    async def answer(self, value):
        """Type `value`, press Send, and wait until the phone says it is stored."""
        s = self.session
        await s.set(f"classroom_answer_{QUESTION.key}", f"{value:g}")
        await s.set("Send")
        said = f"Your answer: {lesson.shown(QUESTION.question, value)}."
        await self._until(lambda text: said in text, said)
        self.seats[-1][1] = value

    async def reconnect(self, killed_at):
        """After the socket dropped: a new connection through nginx, as the frontend makes one."""
        await self._until(lambda _: self.session.ws is None, "the drop", source=None)
        await self.session.reconnect(deadline=TIMEOUT)
        await self._until(lambda text: QUESTION.question.prompt in text, "the question again")
        self.reconnect_seconds = time.monotonic() - killed_at
        if "seat=" not in self.session.query:  # no seat in the link: the new session is a new seat
            self.seats.append([self.replica, None])
        else:
            self.seats[-1][0] = self.replica

    async def _until(self, done, what, source="text"):
        deadline = time.monotonic() + TIMEOUT
        while not done(self.session.text() if source else None):
            assert not self.session.page_exceptions(), self.session.page_exceptions()
            if time.monotonic() > deadline:
                raise AssertionError(f"student {self.index}: no {what} in {TIMEOUT} s: {self.session.text()}")
            await asyncio.sleep(0.05)


class BrowserPhone:
    """A phone's real browser on the Classroom page, through nginx, with a route cookie given."""

    def __init__(self, browser, topo, code, route):
        self.browser, self.topo, self.code, self.route = browser, topo, code, route
        self.seats = []  # as Student's
        self.sockets = []  # (monotonic time, websocket) of each websocket the page opened
        self.reconnect_seconds = None

    async def join(self):
        self.context = await self.browser.new_context(viewport={"width": 390, "height": 844})
        await self.context.add_cookies([{"name": "hinge_route", "value": self.route, "url": self.topo.url}])
        self.page = await self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("websocket", lambda ws: self.sockets.append((time.monotonic(), ws)))
        await self.page.goto(f"{self.topo.url}/Classroom?room={self.code}")
        await self.page.get_by_text(QUESTION.question.prompt).wait_for(timeout=TIMEOUT * 1000)
        self.seats.append([_get(f"{self.topo.url}/_stcore/health", self.route)[0], None])

    async def answer(self, value):
        await self.page.get_by_label("Your answer").fill(f"{value:g}")
        await self.page.get_by_role("button", name="Send").click()
        said = f"Your answer: {lesson.shown(QUESTION.question, value)}."
        await self.page.get_by_text(said).wait_for(timeout=TIMEOUT * 1000)
        self.seats[-1][1] = value

    async def reconnect(self, killed_at):
        """Streamlit's frontend reconnects by itself: wait for its new websocket and the question."""
        deadline = time.monotonic() + TIMEOUT
        while not any(t > killed_at for t, _ in self.sockets):
            assert time.monotonic() < deadline, "the browser opened no new websocket"
            await asyncio.sleep(0.05)
        prompt = QUESTION.question.prompt
        await self.page.wait_for_function(
            f"() => document.querySelector('{IDLE}[data-test-connection-state=CONNECTED]') !== null"
            f" && document.body.innerText.includes({prompt!r})",
            timeout=TIMEOUT * 1000,
            polling=50,
        )
        self.reconnect_seconds = time.monotonic() - killed_at
        if "seat=" not in self.page.url:
            self.seats.append([None, None])


async def _lecturer(topo, playwright):
    """A projector through nginx: Start a room, Open the first question; (page, code, its replica)."""
    browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
    page = await (await browser.new_context(viewport={"width": 1280, "height": 720})).new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(f"{topo.url}/Classroom")
    await page.get_by_role("button", name="Start a room").click(timeout=TIMEOUT * 1000)
    link = await page.wait_for_function(  # the join link the projector shows: ...?room=CODE
        "() => (document.body.innerText.match(/[?&]room=(\\w+)/) || [])[1]", timeout=TIMEOUT * 1000
    )
    shown = await link.json_value()
    code = classroom.normalize_code(shown)
    assert code is not None and code == shown, shown
    await page.locator(".st-key-classroom_open button").click()
    await page.get_by_text("question 1").wait_for(timeout=TIMEOUT * 1000)
    # the QR code is an st.image: served from the memory of the replica that holds the session,
    # so it shows only if the browser's requests stick to that replica
    await page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stImage] img')]"
        ".some(img => img.complete && img.naturalWidth > 0)",
        timeout=TIMEOUT * 1000,
    )
    route = next(c["value"] for c in await page.context.cookies() if c["name"] == "hinge_route")
    replica = _get(f"{topo.url}/_stcore/health", route)[0]
    return browser, page, code, replica, errors


async def _projector_says(page, answered):
    await page.get_by_text(re.compile(rf"\b{answered} answered · question 1\b")).wait_for(
        timeout=TIMEOUT * 1000
    )


async def _students(topo, code, lecturer_replica):
    """Students through nginx until both replicas hold at least two (24 at the most)."""
    students = []
    while len(students) < 24:
        batch = [Student(topo.url, code, len(students) + i) for i in range(STUDENTS if not students else 2)]
        await asyncio.gather(*(s.join() for s in batch))
        students += batch
        elsewhere = [s for s in students if s.replica != lecturer_replica]
        if len(elsewhere) >= 2 and len(students) - len(elsewhere) >= 2:
            break
    return students


def _database_answers(topo, code):
    import psycopg

    with psycopg.connect(topo.db_url) as conn:
        rows = conn.execute(
            "SELECT value_number FROM answers WHERE room = %s AND question_id = %s", (code, QUESTION.key)
        ).fetchall()
    return sorted(value for (value,) in rows)


@pytest.mark.replicas
@pytest.mark.browser
def test_lecturer_sees_the_answers_of_students_on_every_replica_and_failover_loses_none(topo, capsys):
    _needed("Chromium")

    def report(line):
        with capsys.disabled():
            print(f"\n{line}")

    run_async(_lecture(topo, report))


async def _lecture(topo, report):
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser, page, code, lecturer_replica, errors = await _lecturer(topo, playwright)
        students = []
        try:
            students = await _students(topo, code, lecturer_replica)
            assert {s.replica for s in students} == {r.address for r in topo.replicas}

            # everyone answers: the projector on one replica counts the answers sent to both
            await asyncio.gather(*(s.answer(1 + 0.25 * s.index) for s in students))
            await _projector_says(page, len(students))
            assert _database_answers(topo, code) == sorted(1 + 0.25 * s.index for s in students)

            # a replica dies during the open question: its students move to the lecturer's
            victim = next(r for r in topo.replicas if r.address != lecturer_replica)
            moved = [s for s in students if s.replica == victim.address]
            routes = [_get(f"{topo.url}/_stcore/health") for _ in range(12)]
            assert victim.address in {upstream for upstream, _ in routes}
            # and one phone is a real browser, on the replica that will die
            phone = BrowserPhone(browser, topo, code, next(r for u, r in routes if u == victim.address))
            await phone.join()
            assert phone.seats[0][0] == victim.address
            await phone.answer(7.5)
            await _projector_says(page, len(students) + 1)

            killed_at = topo.kill(victim.index)
            await asyncio.gather(phone.reconnect(killed_at), *(s.reconnect(killed_at) for s in moved))
            assert {s.replica for s in students} == {lecturer_replica}
            for _, route in routes:  # a browser of the dead replica, with its cookie, lands on the other
                assert {_get(f"{topo.url}/_stcore/health", route)[0] for _ in range(3)} == {lecturer_replica}
            # and everyone carries on: a changed answer from each phone, the moved ones too
            await asyncio.gather(phone.answer(107.5), *(s.answer(100 + 0.25 * s.index) for s in students))
            changed_at = time.monotonic() - killed_at

            phones = [*students, phone]
            seats_kept = all(len(s.seats) == 1 for s in [*moved, phone])  # the seat in the link, if kept
            expected = sorted(
                [107.5, *(100 + 0.25 * s.index for s in students)]
                + ([] if seats_kept else [7.5, *(1 + 0.25 * s.index for s in moved)])  # old seats keep theirs
            )
            assert sorted(value for s in phones for _, value in s.seats) == expected  # what phones said
            await _projector_says(page, len(expected))
            assert _database_answers(topo, code) == expected
            seconds = sorted(s.reconnect_seconds for s in moved)
            report(
                f"failover: {len(moved)} of {len(students)} websocket students and a browser were on the "
                f"killed replica; SIGKILL to the question on the other replica: websocket clients median "
                f"{statistics.median(seconds):.2f} s, max {seconds[-1]:.2f} s; the browser (Streamlit's "
                f"own reconnect) {phone.reconnect_seconds:.2f} s; every phone's changed answer stored "
                f"{changed_at:.2f} s after the kill; seats kept across the reconnect: {seats_kept}; "
                f"{len(expected)} answers in the database, as the phones were told"
            )
            assert not errors, errors
            assert not phone.errors, phone.errors
        finally:
            await asyncio.gather(*(s.session.close() for s in students), return_exceptions=True)
            await browser.close()


def test_the_load_generator_starts_a_topology_of_its_own_and_sends_every_student_through_nginx(tmp_path):
    """benchmarks/lecture_load.py --replicas 2: the README's exploration figures come from this."""
    _needed("nginx", "PostgreSQL")
    import concurrent.futures

    import lecture_load

    out = tmp_path / "report.json"
    argv = [
        "explore",
        "--replicas",
        "2",
        "--students",
        "6",
        "--moves",
        "2",
        "--every",
        "0.3",
        "--spread",
        "1",
    ]
    argv += ["--ttl", "2", "--max-seconds", "240", "--json", str(out)]
    with concurrent.futures.ThreadPoolExecutor(1) as pool:  # its own asyncio loop, off Playwright's thread
        report = pool.submit(lecture_load.main, argv).result(timeout=300)
    assert report["error_total"] == 0, report
    assert report["sessions_started"] == report["sessions_completed"] == 6
    assert report["fragment run"]["n"] + report.get("full run", {"n": 0})["n"] == 12  # 6 students, 2 moves
    assert sum(report["websockets_per_replica"].values()) == 6  # the students'; the warm-up goes direct
    assert len(report["per_replica"]) == 2 and all(
        r["mb"] > 50 and r["cpu_s"] > 0 for r in report["per_replica"]
    )
    assert report["server_mb_after_ttl"] > 0 and report["replicas"] == 2
