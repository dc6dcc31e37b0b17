"""The classroom database's schema, as numbered migrations applied on start.

Each entry of :data:`MIGRATIONS` is one version: statements that take the database from the
version before it. :func:`migrate` applies the missing ones in one transaction and records
each in ``schema_version``, so a store opened on an older file brings it up to date, and two
servers starting at once (PostgreSQL replicas) do it once: the caller holds a lock. A database
newer than this code is refused rather than written to.

The SQL is the common part of SQLite's and PostgreSQL's dialects (TEXT, INTEGER, DOUBLE
PRECISION, composite keys, no autoincrement), so one schema serves both.

Examples
--------
>>> LATEST
1
>>> [s.split("(")[0].strip() for s in MIGRATIONS[0]][:4]
['CREATE TABLE rooms', 'CREATE TABLE questions', 'CREATE TABLE students', 'CREATE TABLE answers']
"""

VERSION_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at DOUBLE PRECISION)"
)

MIGRATIONS = (
    (
        # A room: its code (what the hall types), the hash of the lecturer's key, its life, how
        # many students joined (each one's seat number), and the question it is on.
        """CREATE TABLE rooms (
            code TEXT PRIMARY KEY,
            key_hash TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            expires_at DOUBLE PRECISION NOT NULL,
            closed_at DOUBLE PRECISION,
            students INTEGER NOT NULL DEFAULT 0,
            current_question TEXT
        )""",
        # A question asked in a room: open (answers accepted), closed, or revealed (final);
        # `turn` is its place in the order the room was asked its questions.
        """CREATE TABLE questions (
            room TEXT NOT NULL REFERENCES rooms (code),
            question_id TEXT NOT NULL,
            turn INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'revealed')),
            opened_at DOUBLE PRECISION NOT NULL,
            revealed_at DOUBLE PRECISION,
            PRIMARY KEY (room, question_id)
        )""",
        # A student: a random id (the phone's credential), an anonymous seat number in the room,
        # and the window of the answers-per-second limit.
        """CREATE TABLE students (
            id TEXT PRIMARY KEY,
            room TEXT NOT NULL REFERENCES rooms (code),
            seat INTEGER NOT NULL,
            joined_at DOUBLE PRECISION NOT NULL,
            window_start DOUBLE PRECISION NOT NULL DEFAULT 0,
            window_count INTEGER NOT NULL DEFAULT 0,
            UNIQUE (room, seat)
        )""",
        # A student's answer to a question: one row, the latest value; `changes` counts the
        # times it was replaced.
        """CREATE TABLE answers (
            room TEXT NOT NULL,
            question_id TEXT NOT NULL,
            student TEXT NOT NULL REFERENCES students (id),
            value_number DOUBLE PRECISION,
            value_choice TEXT,
            answered_at DOUBLE PRECISION NOT NULL,
            changes INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (room, question_id, student),
            FOREIGN KEY (room, question_id) REFERENCES questions (room, question_id),
            CHECK ((value_number IS NULL) <> (value_choice IS NULL))
        )""",
        "CREATE INDEX rooms_live ON rooms (closed_at, expires_at)",
    ),
)
LATEST = len(MIGRATIONS)


class NewerDatabase(RuntimeError):
    """The database was written by a newer version of the app than this one."""


def migrate(tx, now):
    """Bring the database `tx` is in to :data:`LATEST`; return the version it was at.

    `tx` runs statements (``tx.run``, ``tx.one``) inside one transaction that holds the
    schema lock (the store takes it).
    """
    tx.run(VERSION_TABLE)
    found = tx.one("SELECT MAX(version) FROM schema_version")[0] or 0
    if found > LATEST:
        raise NewerDatabase(f"The classroom database is at schema version {found}; this app knows {LATEST}.")
    for version in range(found + 1, LATEST + 1):
        for statement in MIGRATIONS[version - 1]:
            tx.run(statement)
        tx.run("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (version, now))
    return found
