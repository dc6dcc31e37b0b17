"""The app's replicas behind nginx on one PostgreSQL, on loopback ports: for tests and load runs.

:class:`Topology` starts a throwaway PostgreSQL cluster (``tests/pg.py``'s :class:`Cluster`: a
temporary folder, a Unix socket, no network), N ``streamlit run app.py`` replicas on loopback
ports that share its URL (``HINGE_CLASSROOM_DB``) and one cookie secret, and nginx on a
loopback port with ``deploy/nginx.conf`` (only its upstream's server lines and listen line
changed, see :func:`render_nginx_conf`). It waits until each replica and nginx answer
``/_stcore/health`` and stops everything on :meth:`Topology.stop`, on leaving its ``with``
block, on a failed start and at exit: every process it started is killed, within seconds.

    python deploy/topology.py --replicas 2 --seconds 600

runs it for a manual look or a load generator (it prints the address) and stops by itself.
"""

import argparse
import atexit
import contextlib
import ctypes
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX_CONF = ROOT / "deploy" / "nginx.conf"
HOST = "127.0.0.1"
START_TIMEOUT = 120  # seconds for a replica or nginx to answer its health check (2 busy cores)
STOP_TIMEOUT = 10  # seconds between SIGTERM and SIGKILL
SESSION_TTL = 5  # server.disconnectedSessionTTL: a dropped client's session goes within seconds

sys.path.insert(0, str(ROOT / "tests"))
from pg import Cluster  # noqa: E402  (tests/pg.py: the throwaway cluster, shared, not copied)

_UPSTREAM = re.compile(r"(upstream hinge \{\n(?:(?!\n\s*server ).)*?\n)((?:\s*server [^\n]*\n)+)", re.S)
_LISTEN = re.compile(r"^([ \t]*)listen [^;]*;", re.M)
_HTTP = re.compile(r"^http \{\n", re.M)
_COOKIE = re.compile(r"^([ \t]*)(add_header Set-Cookie [^\n]*\n)", re.M)
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def _die_with_us():
    """In a child before exec: SIGTERM it when the process that started it dies, even by SIGKILL
    (Linux's PR_SET_PDEATHSIG), so that no replica or nginx outlives a killed test run."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux: stop() and atexit still stop them
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1: PR_SET_PDEATHSIG


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def render_nginx_conf(text, replica_ports, listen_port, temp_dir):
    """deploy/nginx.conf's `text` for this machine: the upstream's servers are the replicas on
    loopback, nginx listens on loopback, its temporary files go into `temp_dir`, and each reply
    says which replica made it (``X-Upstream``, for the tests; a real host need not tell).

    >>> conf = render_nginx_conf(NGINX_CONF.read_text(), [9001, 9002], 9000, "/tmp/x")
    >>> for line in conf.splitlines():
    ...     if line.strip().startswith(("server 1", "listen", "proxy_temp")):
    ...         print(line.strip())
    proxy_temp_path /tmp/x/proxy;
    server 127.0.0.1:9001 max_fails=1 fail_timeout=10s;
    server 127.0.0.1:9002 max_fails=1 fail_timeout=10s;
    listen 127.0.0.1:9000;
    """
    upstream = _UPSTREAM.search(text)
    listens = _LISTEN.findall(text)
    if upstream is None or len(listens) != 1 or not _HTTP.search(text) or not _COOKIE.search(text):
        raise ValueError("nginx.conf: expected `upstream hinge` with servers, a listen, http, a Set-Cookie")
    first = upstream.group(2).lstrip("\n").split("\n")[0]
    indent, options = re.match(r"(\s*)server \S+(.*);", first).groups()
    servers = "".join(f"{indent}server {HOST}:{port}{options};\n" for port in replica_ports)
    text = text[: upstream.start(2)] + servers + text[upstream.end(2) :]
    text = _LISTEN.sub(lambda m: f"{m.group(1)}listen {HOST}:{listen_port};", text)
    text = _COOKIE.sub(
        lambda m: f"{m.group(0)}{m.group(1)}add_header X-Upstream $upstream_addr always;\n", text
    )
    temps = "".join(f"    {name}_temp_path {temp_dir}/{name};\n" for name in TEMP_PATHS)
    return _HTTP.sub(lambda m: m.group(0) + temps, text, count=1)


def healthy(url, timeout=2.0):
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as reply:
            return reply.status == 200 and reply.read() == b"ok"
    except OSError:
        return False


class Replica:
    """One `streamlit run app.py` on a loopback port."""

    def __init__(self, index, port, process, log):
        self.index, self.port, self.process, self.log = index, port, process, log

    @property
    def url(self):
        return f"http://{HOST}:{self.port}"

    @property
    def address(self):
        return f"{HOST}:{self.port}"

    def alive(self):
        return self.process.poll() is None


class Topology:
    """N replicas of the app on one throwaway PostgreSQL, behind nginx; a context manager."""

    def __init__(self, replicas=2, *, session_ttl=SESSION_TTL, app="app.py", db_url=None):
        if replicas < 1:
            raise ValueError("at least one replica")
        self.n = replicas
        self.session_ttl = session_ttl
        self.app = app
        self.db_url = db_url  # None: a cluster of our own
        self.cluster = None
        self.dir = None
        self.replicas = []
        self.nginx = None
        self.port = None
        self.cookie_secret = secrets.token_hex(32)
        self.processes = []  # every process started, in order: each one is stopped by stop()
        self._files = []

    @property
    def url(self):
        """nginx's address: where clients go."""
        return f"http://{HOST}:{self.port}"

    # --------------------------------------------------------------------------------- start

    def start(self):
        atexit.register(self.stop)
        try:
            self.dir = tempfile.mkdtemp(prefix="hinge-topology-")
            os.chmod(self.dir, 0o755)  # nginx's workers (nobody, when run as root) write its temp files
            if self.db_url is None:
                self.cluster = Cluster().start()
                self.db_url = self.cluster.url
            self.replicas = [self._start_replica(i) for i in range(self.n)]
            self._start_nginx()
            deadline = time.monotonic() + START_TIMEOUT
            for replica in self.replicas:
                self._wait(replica.url, deadline, replica.process, replica.log)
            self._wait(self.url, deadline, self.nginx, self._path("nginx.stderr"))
        except BaseException:
            self.stop()
            raise
        return self

    def _path(self, name):
        return Path(self.dir, name)

    def _log(self, name):
        handle = open(self._path(name), "wb")  # noqa: SIM115  (closed in stop())
        self._files.append(handle)
        return handle

    def replica_env(self):
        return dict(
            os.environ,
            HINGE_CLASSROOM_DB=self.db_url,
            STREAMLIT_SERVER_COOKIE_SECRET=self.cookie_secret,
            STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
        )

    def _start_replica(self, index):
        port = free_port()
        name = f"replica{index}.log"
        command = [
            sys.executable, "-m", "streamlit", "run", self.app,
            "--server.headless", "true", "--server.address", HOST, "--server.port", str(port),
            "--server.fileWatcherType", "none", "--server.disconnectedSessionTTL", str(self.session_ttl),
        ]  # fmt: skip
        log = self._log(name)
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.replica_env(), stdout=log, stderr=log, preexec_fn=_die_with_us
        )
        self.processes.append(process)
        return Replica(index, port, process, self._path(name))

    def nginx_conf(self):
        """The rendered configuration nginx runs with (written into the topology's folder)."""
        return self._path("nginx.conf").read_text()

    def _start_nginx(self):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise RuntimeError("nginx was not found (apt-get install nginx)")
        temp = self._path("temp")
        temp.mkdir()
        os.chmod(temp, 0o1777)
        self.port = free_port()
        conf = render_nginx_conf(NGINX_CONF.read_text(), [r.port for r in self.replicas], self.port, temp)
        self._path("nginx.conf").write_text(conf)
        command = [
            nginx, "-p", self.dir, "-c", str(self._path("nginx.conf")), "-e", str(self._path("nginx.err")),
            "-g", f"daemon off; pid {self._path('nginx.pid')};",
        ]  # fmt: skip
        self.nginx = subprocess.Popen(
            command,
            stdout=self._log("access.log"),
            stderr=self._log("nginx.stderr"),
            start_new_session=True,
            preexec_fn=_die_with_us,
        )
        self.processes.append(self.nginx)

    def _wait(self, url, deadline, process, log):
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"{url} exited ({process.returncode}): {_tail(log)}")
            if healthy(url):
                return
            time.sleep(0.2)
        raise RuntimeError(f"{url} was not healthy within {START_TIMEOUT} s: {_tail(log)}")

    # --------------------------------------------------------------------------------- use

    def kill(self, index):
        """SIGKILL replica `index`, as a crash would; return the time it was killed (monotonic)."""
        replica = self.replicas[index]
        replica.process.send_signal(signal.SIGKILL)
        replica.process.wait(STOP_TIMEOUT)
        return time.monotonic()

    def access_log(self):
        """nginx's access log lines so far (format `hinge` in deploy/nginx.conf)."""
        path = self._path("access.log")
        return path.read_text(errors="replace").splitlines() if path.exists() else []

    def upstreams(self, path_prefix=""):
        """[(request path, upstream address)] from the access log, for requests under `path_prefix`."""
        found = []
        for line in self.access_log():
            m = re.search(r'"\S+ (\S+) [^"]*" \d+ \d+ upstream=(\S+)', line)
            if m and m.group(1).startswith(path_prefix):
                found.append((m.group(1), m.group(2)))
        return found

    # --------------------------------------------------------------------------------- stop

    def stop(self):
        """Stop nginx, every replica and the cluster; delete the folder. Safe to call again."""
        processes = self.processes[::-1]  # nginx first: no new request reaches a replica stopping
        for process in processes:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT
        for process in processes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT)
        self.nginx, self.replicas = None, []
        for handle in self._files:
            handle.close()
        self._files = []
        if self.cluster is not None:
            self.cluster.stop()
            self.cluster = None
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
        atexit.unregister(self.stop)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _tail(path, size=2000):
    path = Path(path)
    return path.read_text(errors="replace")[-size:] if path.exists() else ""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=600, help="stop after this long (at most 3600)")
    parser.add_argument("--session-ttl", type=float, default=SESSION_TTL)
    args = parser.parse_args(argv)
    seconds = min(max(args.seconds, 0), 3600)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # atexit and `with` then stop everything
    with Topology(args.replicas, session_ttl=args.session_ttl) as topology:
        print(f"nginx: {topology.url}", flush=True)
        for replica in topology.replicas:
            print(f"replica {replica.index}: {replica.url} (log {replica.log})", flush=True)
        print(f"database: {topology.db_url}", flush=True)
        print(f"stops by itself in {seconds:g} s (Ctrl-C stops it now)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            time.sleep(seconds)


if __name__ == "__main__":
    main()
