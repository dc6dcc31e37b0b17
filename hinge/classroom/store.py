"""The classroom's store: rooms, the lesson's questions asked in them, and the students' answers.

No Streamlit here: the Classroom page, the tests and the load tools drive it directly. One
store code serves SQLite (the default: a file, zero set-up) and PostgreSQL (a
``postgresql://`` URL, for several servers on one database); see :mod:`.backends`.

Every change is one committed transaction, and a change that is refused raises a
:class:`ClassroomError` (a ``ValueError``) whose message says what is wrong, for a person,
and changes nothing: the checks run inside the transaction, before any write, and a refusal
rolls it back. Nothing a caller passes is ever put into SQL text: every value is a parameter.

A question id is a lesson step's key (:data:`hinge.lesson.STEPS`); a question is asked in a
room at most once at a time: opening one closes the one before. An answer is validated
against the step's question: a number (finite, within ``lesson.MAX_PREDICTION``; text is
read as ``lesson.parse_number`` reads it) or one of the choices. Each student has one answer
per question, the latest.

Examples
--------
>>> import tempfile, pathlib
>>> folder = tempfile.TemporaryDirectory()
>>> store = open_store(pathlib.Path(folder.name) / "room.sqlite3")
>>> code, key = store.create_room()
>>> store.open_question(code, key, "cat")
>>> ann, bob = store.join(code), store.join(code)
>>> store.submit(code, ann, "cat", "2,9")  # as typed on a phone
>>> store.submit(code, bob, "cat", 3.5)
>>> store.submit(code, bob, "cat", 2.9)  # bob changes his mind: the latest counts
>>> store.results(code, "cat").values
(2.9, 2.9)
>>> state = store.state(code)
>>> state.joined, state.open_question, state.answers, state.revealed
(2, 'cat', 2, False)
>>> store.submit(code, ann, "cat", "lots")
Traceback (most recent call last):
...
hinge.classroom.store.BadAnswer: "lots" is not a number: type one such as 2.9.
>>> store.reveal(code, "not the key", "cat")
Traceback (most recent call last):
...
hinge.classroom.store.WrongKey: That is not this room's lecturer key: nothing was changed.
>>> store.reveal(code, key, "cat")
>>> store.state(code).revealed, store.state(code).open_question
(True, None)
>>> print(store.export_csv(code, key).splitlines()[1])  # doctest: +ELLIPSIS
cat,1,2.9,2...Z,0
>>> store.close(); folder.cleanup()
"""

import csv
import io
import math
import numbers
import os
import time
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

from hinge import lesson
from hinge.classroom import codes, schema
from hinge.classroom.backends import PostgresBackend, SQLiteBackend

ENV_VAR = "HINGE_CLASSROOM_DB"  # a SQLite file's path or a postgresql:// URL
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DEFAULT_PATH = DATA_DIR / "classroom.sqlite3"
SECRETS_PATH = Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.toml"  # read for ENV_VAR
OPEN, CLOSED, REVEALED = "open", "closed", "revealed"
MAX_QUESTION_ID_CHARS = 100
MAX_CHOICE_CHARS = 200


# ---------------------------------------------------------------- errors


class ClassroomError(ValueError):
    """A refused request; the message says why, for the person who made it. Nothing was changed."""


class UnknownRoom(ClassroomError):
    pass


class RoomClosed(ClassroomError):
    pass


class RoomExpired(ClassroomError):
    pass


class WrongKey(ClassroomError):
    pass


class UnknownStudent(ClassroomError):
    pass


class UnknownQuestion(ClassroomError):
    pass


class QuestionNotOpen(ClassroomError):
    pass


class BadAnswer(ClassroomError):
    pass


class LimitReached(ClassroomError):
    """One of the limits against abuse (:class:`Limits`)."""


class TooManyAnswers(LimitReached):
    pass


class RoomFull(LimitReached):
    pass


class TooManyRooms(LimitReached):
    pass


# ---------------------------------------------------------------- what the store returns


@dataclass(frozen=True)
class Limits:
    """Limits against abuse; each refusal says which one was reached."""

    answers_per_second: int = 5  # per student: a phone changing its answer needs far fewer
    students_per_room: int = 1000
    open_rooms: int = 100  # rooms neither ended nor expired, on this server (this database)
    room_hours: float = 6.0  # a room expires this long after it was started


@dataclass(frozen=True)
class RoomState:
    """What the pages show of a room.

    ``question_id`` is the question the room is on (the last one opened) and ``status`` its
    state: "open" (answers accepted), "closed" or "revealed"; both None before the first.
    ``answers`` is how many students answered it. ``asked`` is every question opened in the
    room, in order, with its status.
    """

    code: str
    joined: int
    question_id: str | None
    status: str | None
    answers: int
    asked: tuple
    created_at: float
    expires_at: float
    closed: bool
    expired: bool

    @property
    def open_question(self):
        """The question students can answer now, or None ("waiting for the next question")."""
        return self.question_id if self.status == OPEN and self.live else None

    @property
    def revealed(self):
        return self.status == REVEALED

    @property
    def live(self):
        """Neither ended by the lecturer nor expired: students can join and answer."""
        return not (self.closed or self.expired)


@dataclass(frozen=True)
class Results:
    """The answers to one question in one room: the latest of each student who answered.

    ``values`` are in the students' join order (floats, or choices). ``counts`` has every
    choice with its count (0 included) for a choice question, and is empty for a number one.
    ``status`` is the question's state in the room, None if it was never opened there.
    """

    question_id: str
    kind: str
    status: str | None
    values: tuple
    counts: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    @property
    def count(self):
        return len(self.values)


# ---------------------------------------------------------------- opening a store


def open_store(url=None, *, limits=None, clock=None, questions=None, synchronous="FULL"):
    """The classroom store at `url`; its schema is created or migrated first.

    `url`: None for the environment's :data:`ENV_VAR`, else the same key at the top of
    ``.streamlit/secrets.toml`` (what Streamlit Community Cloud's secrets hold), else the
    default SQLite file :data:`DEFAULT_PATH` (its folder is created); a ``postgresql://`` (or ``postgres://``)
    URL for PostgreSQL through psycopg 3; anything else is a SQLite file's path (a str, a
    Path, or ``sqlite:///path``). `limits`: a :class:`Limits`. `clock`: a function giving the
    time in seconds since the epoch (tests pass their own). `questions`: a function from a
    question id to its ``lesson.Question`` raising KeyError for an unknown one (default: the
    lesson's steps). `synchronous`: SQLite's, "FULL" (each answer flushed to disk: it survives
    a power cut) or "NORMAL" (it survives a killed server; no disk flush for each answer).
    """
    if url is None:
        url = os.environ.get(ENV_VAR) or _from_secrets() or DEFAULT_PATH
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        backend = PostgresBackend(text)
    else:
        path = Path(text.removeprefix("sqlite:///") if text.startswith("sqlite:///") else url)
        path.parent.mkdir(parents=True, exist_ok=True)
        backend = SQLiteBackend(path, synchronous)
    return Store(backend, limits=limits, clock=clock, questions=questions)


def _from_secrets():
    """:data:`ENV_VAR` at the top level of the app's secrets file, or None."""
    try:
        with open(SECRETS_PATH, "rb") as file:
            value = tomllib.load(file).get(ENV_VAR)
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return value if isinstance(value, str) and value else None


def _lesson_question(question_id):
    return lesson.by_key(question_id).question


class Store:
    """Rooms, questions and answers in one database; safe to share between threads.

    Use :func:`open_store`. Each transaction takes a pooled connection; processes (several
    servers, or a server restarted after a crash) share the database itself.
    """

    def __init__(self, backend, *, limits=None, clock=None, questions=None):
        self._db = backend
        self.limits = limits or Limits()
        self._clock = clock or time.time
        self._questions = questions or _lesson_question
        with self._db.transaction() as tx:
            self._db.lock(tx, "schema")
            self.schema_was = schema.migrate(tx, self._clock())

    kind = property(lambda self: self._db.kind, doc='"sqlite" or "postgresql"')
    location = property(lambda self: self._db.location, doc="the file, or the URL without its password")

    def close(self):
        """Close every connection the store opened (in any thread)."""
        self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------ the lecturer

    def create_room(self):
        """Start a room; return ``(code, lecturer_key)``. Only the key's hash is stored."""
        now = self._clock()
        key = codes.new_key()
        with self._db.transaction() as tx:
            self._db.lock(tx, "rooms")
            (live,) = tx.one("SELECT COUNT(*) FROM rooms WHERE closed_at IS NULL AND expires_at > ?", (now,))
            if live >= self.limits.open_rooms:
                raise TooManyRooms(
                    f"This server already has {live} open rooms, its limit:"
                    " end one, or wait until one expires."
                )
            for _ in range(20):  # a clash is a chance of 1 in 6 * 10**9 a room
                code = codes.new_code()
                if tx.one("SELECT 1 FROM rooms WHERE code = ?", (code,)) is None:
                    break
            else:  # pragma: no cover - only with a broken random source
                raise RuntimeError("no free room code")
            tx.run(
                "INSERT INTO rooms (code, key_hash, created_at, expires_at) VALUES (?, ?, ?, ?)",
                (code, codes.hash_key(key), now, now + self.limits.room_hours * 3600),
            )
        return code, key

    def check_key(self, code, lecturer_key):
        """Raise unless `lecturer_key` is the room's (the room may have ended: its results stay readable)."""
        with self._db.transaction(write=False) as tx:
            self._lecturer_room(tx, code, lecturer_key, live=False, lock="")

    def open_question(self, code, lecturer_key, question_id):
        """Open a question for answers; the one open before it closes. A revealed one cannot reopen."""
        self._question(question_id)
        now = self._clock()
        with self._db.transaction() as tx:
            room = self._lecturer_room(tx, code, lecturer_key)
            status = self._status(tx, room, question_id, lock=self._db.lock_update)
            if status == REVEALED:
                raise QuestionNotOpen("This question's answer was revealed: its answers are final.")
            tx.run(
                "UPDATE questions SET status = ? WHERE room = ? AND status = ? AND question_id <> ?",
                (CLOSED, room, OPEN, question_id),
            )
            if status is None:
                (asked,) = tx.one("SELECT COUNT(*) FROM questions WHERE room = ?", (room,))
                tx.run(
                    "INSERT INTO questions (room, question_id, turn, status, opened_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (room, question_id, asked + 1, OPEN, now),
                )
            else:
                tx.run(
                    "UPDATE questions SET status = ? WHERE room = ? AND question_id = ?",
                    (OPEN, room, question_id),
                )
            tx.run("UPDATE rooms SET current_question = ? WHERE code = ?", (question_id, room))

    def close_question(self, code, lecturer_key, question_id):
        """Stop taking answers to a question (it can be opened again, or revealed)."""
        self._set_asked(code, lecturer_key, question_id, CLOSED)

    def reveal(self, code, lecturer_key, question_id):
        """Show the answer: the question takes no more answers, for good."""
        self._set_asked(code, lecturer_key, question_id, REVEALED)

    def _set_asked(self, code, lecturer_key, question_id, new):
        self._question(question_id)
        now = self._clock()
        with self._db.transaction() as tx:
            room = self._lecturer_room(tx, code, lecturer_key)
            status = self._status(tx, room, question_id, lock=self._db.lock_update)
            if status is None:
                raise QuestionNotOpen("This question was not asked in this room: open it first.")
            if status in (REVEALED, new):
                return  # already so: nothing to change
            tx.run(
                "UPDATE questions SET status = ?, revealed_at = ? WHERE room = ? AND question_id = ?",
                (new, now if new == REVEALED else None, room, question_id),
            )

    def close_room(self, code, lecturer_key):
        """End the room: no more students or answers. Its results stay readable (and exportable)."""
        now = self._clock()
        with self._db.transaction() as tx:
            room = self._lecturer_room(tx, code, lecturer_key, live=False)
            tx.run("UPDATE questions SET status = ? WHERE room = ? AND status = ?", (CLOSED, room, OPEN))
            tx.run("UPDATE rooms SET closed_at = ? WHERE code = ? AND closed_at IS NULL", (now, room))

    def export_csv(self, code, lecturer_key):
        """Every question's answers in the room as CSV text: anonymous (a student is a seat number)."""
        with self._db.transaction(write=False) as tx:
            room = self._lecturer_room(tx, code, lecturer_key, live=False, lock="")
            rows = tx.all(
                "SELECT a.question_id, s.seat, a.value_number, a.value_choice, a.answered_at, a.changes"
                " FROM answers a JOIN students s ON s.id = a.student"
                " JOIN questions q ON q.room = a.room AND q.question_id = a.question_id"
                " WHERE a.room = ? ORDER BY q.turn, s.seat",
                (room,),
            )
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["question", "student", "answer", "answered_at_utc", "changes"])
        for question_id, seat, number, choice, at, changes in rows:
            answer = repr(float(number)) if choice is None else choice
            writer.writerow([question_id, seat, answer, _utc(at), changes])
        return out.getvalue()

    # ------------------------------------------------------------ the students

    def join(self, code):
        """Join a live room anonymously; return the new student's id (keep it: it is their answers' key)."""
        now = self._clock()
        student = codes.new_student_id()
        with self._db.transaction() as tx:
            room = self._room(tx, code, lock=self._db.lock_update)
            (seat,) = tx.one(
                "UPDATE rooms SET students = students + 1 WHERE code = ? AND students < ? RETURNING students",
                (room, self.limits.students_per_room),
            ) or (None,)
            if seat is None:
                raise RoomFull(
                    f"This room is full: it has {self.limits.students_per_room} students, its limit."
                )
            tx.run(
                "INSERT INTO students (id, room, seat, joined_at) VALUES (?, ?, ?, ?)",
                (student, room, seat, now),
            )
        return student

    def rejoin(self, code, student_id):
        """Take a seat back (a phone's new session, after a reload or a server restart); return its id.

        `student_id` is what :meth:`join` gave, kept in the phone's own address. Raise
        :class:`UnknownStudent` unless it is a seat of this room (any other room's, or any other
        value, is refused the same way), :class:`UnknownRoom` for no such room. A room that ended
        or expired gives its seats back too: the phone then shows that it ended. The id is found
        by its index and then compared with :func:`hmac.compare_digest`; it is 128 random bits,
        so the lookup's timing tells a guesser nothing usable.
        """
        with self._db.transaction(write=False) as tx:
            room = self._room(tx, code, live=False)
            found = None
            if codes.is_token(student_id):
                row = tx.one("SELECT id FROM students WHERE id = ? AND room = ?", (student_id, room))
                found = None if row is None else row[0]
        if found is None or not codes.tokens_match(student_id, found):
            raise UnknownStudent("That link's seat is not one of this room's: this phone has a new seat.")
        return found

    def submit(self, code, student_id, question_id, value):
        """Record a student's answer to the open question, replacing their earlier one."""
        number, choice = _validated(self._question(question_id), value)
        now = self._clock()
        with self._db.transaction() as tx:
            room = self._room(tx, code)
            status = self._status(tx, room, question_id, lock=self._db.lock_share)
            if status != OPEN:
                raise QuestionNotOpen(
                    "The answer was revealed: answers to this question are closed."
                    if status == REVEALED
                    else "This question is not open for answers now."
                )
            window_start, count = self._student(tx, room, student_id)
            if now - window_start >= 1.0 or now < window_start:
                window_start, count = now, 0
            if count >= self.limits.answers_per_second:
                raise TooManyAnswers(
                    f"Too many answers at once (at most {self.limits.answers_per_second} a second):"
                    " wait a moment and send it again."
                )
            tx.run(
                "UPDATE students SET window_start = ?, window_count = ? WHERE id = ?",
                (window_start, count + 1, student_id),
            )
            tx.run(
                "INSERT INTO answers (room, question_id, student, value_number, value_choice, answered_at)"
                " VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (room, question_id, student) DO UPDATE SET"
                " value_number = excluded.value_number, value_choice = excluded.value_choice,"
                " answered_at = excluded.answered_at, changes = answers.changes + 1",
                (room, question_id, student_id, number, choice, now),
            )

    def answer_of(self, code, student_id, question_id):
        """A student's latest answer to a question (a float or a choice), or None."""
        question = self._question(question_id)
        with self._db.transaction(write=False) as tx:
            room = self._room(tx, code, live=False)
            self._student(tx, room, student_id, lock="")
            row = tx.one(
                "SELECT value_number, value_choice FROM answers"
                " WHERE room = ? AND question_id = ? AND student = ?",
                (room, question_id, student_id),
            )
        return None if row is None else _value(question, *row)

    # ------------------------------------------------------------ anyone (the projector)

    def results(self, code, question_id):
        """The room's answers to a question: the latest of each student (:class:`Results`)."""
        question = self._question(question_id)
        with self._db.transaction(write=False) as tx:
            room = self._room(tx, code, live=False)
            status = self._status(tx, room, question_id)
            rows = tx.all(
                "SELECT a.value_number, a.value_choice FROM answers a JOIN students s ON s.id = a.student"
                " WHERE a.room = ? AND a.question_id = ? ORDER BY s.seat",
                (room, question_id),
            )
        values = tuple(_value(question, *row) for row in rows)
        counts = {}
        if question.kind == lesson.CHOICE:
            counts = {choice: 0 for choice in question.choices}
            for v in values:
                counts[v] = counts.get(v, 0) + 1
        return Results(question_id, question.kind, status, values, MappingProxyType(counts))

    def state(self, code):
        """The room as the pages show it (:class:`RoomState`); readable after the room ended."""
        now = self._clock()
        with self._db.transaction(write=False) as tx:
            room = self._room(tx, code, live=False)
            joined, current, created, expires, closed = tx.one(
                "SELECT students, current_question, created_at, expires_at, closed_at"
                " FROM rooms WHERE code = ?",
                (room,),
            )
            asked = tuple(
                tuple(row)
                for row in tx.all(
                    "SELECT question_id, status FROM questions WHERE room = ? ORDER BY turn",
                    (room,),
                )
            )
            answers = 0
            if current is not None:
                (answers,) = tx.one(
                    "SELECT COUNT(*) FROM answers WHERE room = ? AND question_id = ?", (room, current)
                )
        status = dict(asked).get(current)
        closed, expired = closed is not None, now >= expires
        return RoomState(room, joined, current, status, answers, asked, created, expires, closed, expired)

    # ------------------------------------------------------------ checks (inside a transaction)

    def _question(self, question_id):
        if not isinstance(question_id, str) or len(question_id) > MAX_QUESTION_ID_CHARS:
            raise UnknownQuestion("That is not a question of the lesson.")
        try:
            return self._questions(question_id)
        except KeyError:
            raise UnknownQuestion("That is not a question of the lesson.") from None

    def _room(self, tx, code, live=True, lock=""):
        """The room's stored code; raise if there is none, or (with `live`) if it ended or expired."""
        room = codes.normalize_code(code)
        if room is None:
            raise UnknownRoom(
                f"That is not a room code: a code is {codes.CODE_LENGTH} letters and digits,"
                " as on the projector."
            )
        row = tx.one(f"SELECT expires_at, closed_at FROM rooms WHERE code = ?{lock}", (room,))
        if row is None:
            raise UnknownRoom("There is no room with this code: check the code on the projector.")
        expires, closed = row
        if live and closed is not None:
            raise RoomClosed("This room has ended.")
        if live and self._clock() >= expires:
            raise RoomExpired(
                f"This room has expired (a room lasts {self.limits.room_hours:g} hours): start a new one."
            )
        return room

    def _lecturer_room(self, tx, code, lecturer_key, live=True, lock=None):
        """The room, checked against its lecturer key; locked for the change to come (`lock` None)."""
        room = self._room(tx, code, live=False, lock=self._db.lock_update if lock is None else lock)
        (stored,) = tx.one("SELECT key_hash FROM rooms WHERE code = ?", (room,))
        if not codes.key_matches(lecturer_key, stored):
            raise WrongKey("That is not this room's lecturer key: nothing was changed.")
        return self._room(tx, room) if live else room

    def _status(self, tx, room, question_id, lock=""):
        row = tx.one(
            f"SELECT status FROM questions WHERE room = ? AND question_id = ?{lock}", (room, question_id)
        )
        return None if row is None else row[0]

    def _student(self, tx, room, student_id, lock=None):
        """The student's answers-per-second window; raise unless they joined this room."""
        if not isinstance(student_id, str) or not student_id or len(student_id) > codes.MAX_TOKEN_CHARS:
            row = None
        else:
            lock = self._db.lock_update if lock is None else lock
            row = tx.one(
                f"SELECT window_start, window_count FROM students WHERE id = ? AND room = ?{lock}",
                (student_id, room),
            )
        if row is None:
            raise UnknownStudent("This phone has not joined this room: join it with the room's code.")
        return row


# ---------------------------------------------------------------- answers


def _validated(question, value):
    """``(number, None)`` or ``(None, choice)`` for a valid answer to `question`; BadAnswer otherwise."""
    if question.kind == lesson.CHOICE:
        if isinstance(value, str) and len(value) <= MAX_CHOICE_CHARS:
            for choice in question.choices:
                if str(choice) == value:
                    return None, value
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            for choice in question.choices:
                if type(choice) is type(value) and choice == value:
                    return None, str(choice)
        raise BadAnswer("Pick one of the choices.")
    if isinstance(value, str):
        try:
            return lesson.parse_number(value), None
        except ValueError as error:
            raise BadAnswer(str(error)) from None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise BadAnswer("An answer to this question is a number, such as 2.9.")
    try:
        number = float(value)
    except (OverflowError, ValueError):
        number = math.inf
    try:  # the lesson's own check of the range, and its wording
        return lesson.parse_number(repr(number)), None
    except ValueError as error:
        raise BadAnswer(str(error)) from None


def _value(question, number, choice):
    """A stored answer as the question's kind of value: a float, or the choice itself."""
    if choice is None:
        return float(number)
    return next((c for c in question.choices if str(c) == choice), choice)


def _utc(seconds):
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
