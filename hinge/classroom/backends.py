"""The two databases the store runs on, behind one small interface: SQLite and PostgreSQL.

A backend runs a transaction as a context manager that yields a :class:`Tx`, on a connection
it takes from its pool for that transaction only, so any number of threads can share a store
(Streamlit runs each script run in a thread of its own: a connection per thread would leak one
a rerun). A forked child opens its own connections; PostgreSQL's that were broken (the server
restarted) are dropped, and a transaction whose BEGIN fails on a dead one is retried once on
a new connection (nothing had been sent). The store's SQL
is written once with ``?`` placeholders and always parameterized; the PostgreSQL backend
turns them into psycopg's ``%s``. Where the dialects differ the backend says how:
``lock_share`` / ``lock_update`` (row locks PostgreSQL needs under READ COMMITTED; SQLite
has one writer at a time and needs none), and :meth:`lock` (a lock for a whole kind of
change, such as creating a room under the open-rooms limit).

SQLite is opened in WAL mode with ``synchronous=FULL`` by default (a committed answer is on
disk, not only in the operating system's cache: it survives a power cut) or ``NORMAL`` (it
survives a killed server, not a power cut; no disk flush per answer), and a busy timeout;
every write transaction is ``BEGIN IMMEDIATE``, so writers queue on the lock instead of
failing when they upgrade it.
"""

import os
import sqlite3
import threading
from contextlib import ExitStack, contextmanager, suppress
from urllib.parse import urlsplit, urlunsplit

BUSY_TIMEOUT_S = 30.0
SYNCHRONOUS = ("FULL", "NORMAL")  # SQLite's settings that keep every committed answer across a crash


class Tx:
    """Statements inside one transaction: ``run`` (returns the row count), ``one``, ``all``."""

    def __init__(self, cursor, placeholder):
        self._cursor = cursor
        self._placeholder = placeholder

    def _execute(self, sql, params):
        if self._placeholder != "?":
            sql = sql.replace("?", self._placeholder)
        self._cursor.execute(sql, tuple(params))
        return self._cursor

    def run(self, sql, params=()):
        return self._execute(sql, params).rowcount

    def one(self, sql, params=()):
        return self._execute(sql, params).fetchone()

    def all(self, sql, params=()):
        return self._execute(sql, params).fetchall()


class _Pool:
    """Idle connections, taken for one transaction and given back; all closed by :meth:`close`."""

    max_idle = 8  # more are closed when given back: a burst of threads does not keep them all open

    def __init__(self):
        self._lock = threading.Lock()
        self._idle = []
        self._pid = os.getpid()

    def _take(self):
        with self._lock:
            if self._pid != os.getpid():  # forked: the parent's connections are not ours to use or close
                self._idle, self._pid = [], os.getpid()
            if self._idle:
                return self._idle.pop()
        return self._connect()

    def _give_back(self, conn):
        with self._lock:
            if self._pid == os.getpid() and len(self._idle) < self.max_idle and not self._broken(conn):
                self._idle.append(conn)
                return
        with suppress(Exception):
            conn.close()

    @contextmanager
    def _connection(self):
        conn = self._take()
        try:
            yield conn
        finally:
            self._give_back(conn)

    def _broken(self, conn):
        return False

    def close(self):
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            with suppress(Exception):
                conn.close()


class SQLiteBackend(_Pool):
    kind = "sqlite"
    lock_share = lock_update = ""

    def __init__(self, path, synchronous="FULL"):
        super().__init__()
        if synchronous not in SYNCHRONOUS:
            raise ValueError(f"synchronous is one of {', '.join(SYNCHRONOUS)}, not {synchronous!r}")
        self.path = str(path)
        self.location = self.path
        self.synchronous = synchronous

    def _connect(self):
        conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(f"PRAGMA synchronous = {self.synchronous}")  # one of SYNCHRONOUS, checked
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    @contextmanager
    def transaction(self, write=True):
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield Tx(conn.cursor(), "?")
                conn.execute("COMMIT")
            finally:
                if conn.in_transaction:  # refused, or failed: undone (a ROLLBACK that fails closes it)
                    with suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")

    def _broken(self, conn):
        return conn.in_transaction  # its ROLLBACK failed: closing it is what undoes the transaction

    def lock(self, tx, name):
        """BEGIN IMMEDIATE already holds the database's one write lock."""


class PostgresBackend(_Pool):
    kind = "postgresql"
    lock_share, lock_update = " FOR SHARE", " FOR UPDATE"

    def __init__(self, url):
        import psycopg  # only when a PostgreSQL URL is given

        super().__init__()
        self._psycopg = psycopg
        self.url = url
        self.location = _without_password(url)

    def _connect(self):
        return self._psycopg.connect(self.url, autocommit=True, connect_timeout=10)

    def _broken(self, conn):
        return conn.closed or conn.broken

    @contextmanager
    def transaction(self, write=True):
        with self._connection() as conn, ExitStack() as stack:
            try:
                stack.enter_context(conn.transaction())  # BEGIN
            except self._psycopg.OperationalError:
                if not conn.broken:
                    raise
                conn = stack.enter_context(self._connection())  # the server restarted: once more, anew
                stack.enter_context(conn.transaction())
            cursor = stack.enter_context(conn.cursor())
            if not write:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield Tx(cursor, "%s")

    def lock(self, tx, name):
        """A transaction-scoped advisory lock, one per `name`, across every server on the database."""
        tx.one("SELECT pg_advisory_xact_lock(hashtext(?))", (f"hinge.classroom.{name}",))


def _without_password(url):
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))
