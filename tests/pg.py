"""A throwaway PostgreSQL cluster for tests: no external service, nothing left behind.

:class:`Cluster` runs Debian's ``initdb`` into a new temporary folder and ``pg_ctl`` starts
``postgres`` listening only on a Unix socket in that folder (``listen_addresses=''``: no
network at all); :meth:`Cluster.stop` stops it and deletes the folder. PostgreSQL refuses to
run as root, so as root the cluster runs as the ``postgres`` user (Debian's package creates
it), else as ``nobody``, through ``runuser``.

The ``postgres_cluster`` fixture is one cluster for the test session; each test takes a
place of its own from it with :meth:`Cluster.new_url`. Without PostgreSQL's
programs the fixture skips, except in CI (``CI`` set), where ``.ci/run`` installs them and a
missing one is a failure.

Use it from a test module with ``from pg import postgres_cluster``.
"""

import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

PORT = 5432  # only names the socket file, inside the cluster's own folder


def pg_bin():
    """The folder with ``initdb`` and ``pg_ctl``: $PG_BIN, the PATH, or Debian's newest; None if none."""
    candidates = [os.environ.get("PG_BIN", "")]
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb")).parent))
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted(
        versions, key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0
    )[::-1]
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return folder
    return None


class Cluster:
    """A PostgreSQL cluster in a temporary folder, on a Unix socket; a context manager."""

    def __init__(self, bin_dir=None):
        self.bin = bin_dir or pg_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL's initdb and pg_ctl were not found (apt-get install postgresql)")
        self.dir = None
        self.url = None

    def _as_owner(self, *args):
        return [*self._prefix, *args]

    def start(self):
        self.dir = tempfile.mkdtemp(prefix="hinge-pg-")
        self._prefix = []
        if os.geteuid() == 0:
            user = "postgres"
            try:
                entry = pwd.getpwnam(user)
            except KeyError:
                user, entry = "nobody", pwd.getpwnam("nobody")
            os.chown(self.dir, entry.pw_uid, entry.pw_gid)
            self._prefix = ["runuser", "-u", user, "--"]
        self._run(
            f"{self.bin}/initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"
        )
        self._start_server()
        self.url = self.url_for("postgres")
        return self

    @property
    def data(self):
        return f"{self.dir}/data"

    def restart(self):
        """Stop the server (fast: its sessions are cut) and start it again on the same folder."""
        self._pg_ctl("-m", "fast", "stop")
        self._start_server()

    def _start_server(self):
        options = f"-k {self.dir} -p {PORT} -c listen_addresses=''"  # a Unix socket in our folder, no network
        try:
            self._pg_ctl("-l", f"{self.dir}/log", "-o", options, "start")
        except RuntimeError:
            log = Path(self.dir, "log")
            raise RuntimeError(
                f"postgres did not start: {log.read_text()[-2000:] if log.exists() else ''}"
            ) from None

    def _pg_ctl(self, *args):
        self._run(f"{self.bin}/pg_ctl", "-D", self.data, "-w", "-t", "120", *args)

    def url_for(self, database):
        return f"postgresql://postgres@/{database}?host={self.dir}&port={PORT}"

    def new_url(self):
        """The URL of a new, empty place in the cluster: a schema of its own, first on the search path.

        (A schema costs a few catalog rows; CREATE DATABASE copies and syncs a template.)
        """
        import psycopg
        from psycopg import sql

        name = f"t_{secrets.token_hex(6)}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(name)))
        return f"{self.url}&options=-csearch_path%3D{name}"

    def stop(self):
        if self.dir is None:
            return
        try:
            if Path(self.data, "postmaster.pid").exists():
                self._pg_ctl("-m", "immediate", "stop")  # no shutdown checkpoint: the cluster is thrown away
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def _run(self, *args):
        done = subprocess.run(self._as_owner(*args), capture_output=True, text=True, timeout=180)
        if done.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {(done.stderr or done.stdout)[-2000:]}")

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


@pytest.fixture(scope="session")
def postgres_cluster():
    """One throwaway cluster for the session (skipped without PostgreSQL, except in CI)."""
    if pg_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must test the PostgreSQL store: .ci/run installs Debian's postgresql")
        pytest.skip("PostgreSQL's initdb/pg_ctl are not installed (apt-get install postgresql)")
    with Cluster() as cluster:
        yield cluster
