"""The classroom store (hinge.classroom): every test runs on SQLite and on PostgreSQL.

PostgreSQL is a throwaway cluster (tests/pg.py) when Debian's programs are installed; CI
installs them. "Nothing changed" is checked by reading every table before and after a refused
request.
"""

import ast
import hashlib
import math
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pg import postgres_cluster  # noqa: F401 - the fixture

from hinge import lesson
from hinge.classroom import (
    BadAnswer,
    ClassroomError,
    Limits,
    QuestionNotOpen,
    RoomClosed,
    RoomExpired,
    RoomFull,
    TooManyAnswers,
    TooManyRooms,
    UnknownQuestion,
    UnknownRoom,
    UnknownStudent,
    WrongKey,
    backends,
    codes,
    open_store,
    schema,
)
from hinge.classroom import store as store_module

ROOT = Path(__file__).resolve().parents[1]
START = 1_800_000_000.0  # 2027-01-15, a fixed time for the injected clock
PICK = lesson.Question(
    "Which class has the largest score?", kind=lesson.CHOICE, choices=("cat", "car's", "frog")
)
FAST = Limits(answers_per_second=10**6)  # for tests that submit faster than any phone
TABLES = ("schema_version", "rooms", "questions", "students", "answers")


def questions(question_id):
    """The lesson's questions, plus a choice question (the lesson has none yet)."""
    return PICK if question_id == "pick" else lesson.by_key(question_id).question


class Clock:
    def __init__(self, now=START):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "classroom.sqlite3")
    return request.getfixturevalue("postgres_cluster").new_url()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(url, clock):
    with open_store(url, clock=clock, questions=questions) as s:
        yield s


def snapshot(store):
    """Every row of every table, in a stable order."""
    with store._db.transaction(write=False) as tx:
        return {t: sorted(map(tuple, tx.all(f"SELECT * FROM {t}")), key=repr) for t in TABLES}


def refused(store, error, call, *args):
    """`call(*args)` raises `error` (a ValueError with a message) and changes nothing; the message."""
    before = snapshot(store)
    with pytest.raises(error) as caught:
        call(*args)
        pytest.fail(f"{call.__name__}{tuple(repr(a)[:40] for a in args)} was not refused")
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, ClassroomError)
    message = str(caught.value)
    assert len(message) > 15 and "Traceback" not in message
    assert snapshot(store) == before
    return message


@pytest.fixture
def room(store):
    """A room on the cat question with two students: (code, key, [ann, bob])."""
    code, key = store.create_room()
    store.open_question(code, key, "cat")
    return code, key, [store.join(code), store.join(code)]


# ---------------------------------------------------------------- a room from start to end


def test_a_room_runs_through_the_lesson(store, clock):
    code, key = store.create_room()
    state = store.state(code)
    assert (state.joined, state.question_id, state.open_question, state.answers, state.live) == (
        0,
        None,
        None,
        0,
        True,
    )
    assert state.expires_at - state.created_at == 6 * 3600
    students = [store.join(code) for _ in range(3)]
    assert len(set(students)) == 3 and store.state(code).joined == 3

    store.open_question(code, key, "cat")
    for student, typed in zip(students, ["2.9", "3,5", "−1.7"], strict=True):
        clock.advance(0.5)
        store.submit(code, student, "cat", typed)
    results = store.results(code, "cat")
    assert (results.values, results.count, results.kind, results.status) == (
        (2.9, 3.5, -1.7),
        3,
        "number",
        "open",
    )
    assert store.answer_of(code, students[1], "cat") == 3.5
    state = store.state(code)
    assert (state.open_question, state.status, state.answers, state.revealed) == ("cat", "open", 3, False)

    store.reveal(code, key, "cat")
    state = store.state(code)
    assert (state.open_question, state.question_id, state.revealed) == (None, "cat", True)
    refused(store, QuestionNotOpen, store.submit, code, students[0], "cat", 2.9)
    # the correct answer and the share within tolerance come from the lesson, from these values
    right = [
        lesson.check(questions("cat"), lesson.by_key("cat").answer().value, v).right for v in results.values
    ]
    assert right == [True, False, False]

    store.open_question(code, key, "pick")
    store.submit(code, students[2], "pick", "car's")
    store.open_question(code, key, "car")  # the next one: pick closes
    store.submit(code, students[0], "car", 0)
    state = store.state(code)
    assert state.asked == (("cat", "revealed"), ("pick", "closed"), ("car", "open"))
    assert (state.open_question, state.answers) == ("car", 1)
    assert store.results(code, "pick").counts == {"cat": 0, "car's": 1, "frog": 0}

    store.close_room(code, key)
    state = store.state(code)
    assert (state.closed, state.live, state.open_question, state.asked[-1]) == (
        True,
        False,
        None,
        ("car", "closed"),
    )
    assert store.results(code, "cat").values == (2.9, 3.5, -1.7)  # still readable, and exportable
    refused(store, RoomClosed, store.join, code)
    refused(store, RoomClosed, store.submit, code, students[0], "car", 1)
    refused(store, RoomClosed, store.open_question, code, key, "frog")
    store.close_room(code, key)  # ending it twice is no error, and changes nothing more
    assert store.state(code).closed


def test_the_latest_answer_counts_one_per_student(store, room, clock):
    code, key, (ann, bob) = room
    for value in (1, 2, 3.25):
        clock.advance(1)
        store.submit(code, ann, "cat", value)
    store.submit(code, bob, "cat", "0")
    assert store.results(code, "cat").values == (3.25, 0.0)
    assert store.state(code).answers == 2
    lines = store.export_csv(code, key).splitlines()
    assert lines[0] == "question,student,answer,answered_at_utc,changes"
    assert lines[1] == "cat,1,3.25,2027-01-15T08:00:03.000Z,2"
    assert lines[2] == "cat,2,0.0,2027-01-15T08:00:03.000Z,0"
    assert ann not in "".join(lines) and bob not in "".join(lines)  # anonymous: seats, never the ids


def test_a_question_can_be_closed_and_reopened_until_it_is_revealed(store, room):
    code, key, (ann, _) = room
    store.close_question(code, key, "cat")
    assert store.state(code).open_question is None and store.state(code).status == "closed"
    refused(store, QuestionNotOpen, store.submit, code, ann, "cat", 2.9)
    store.open_question(code, key, "cat")
    store.submit(code, ann, "cat", 2.9)
    store.reveal(code, key, "cat")
    store.reveal(code, key, "cat")  # twice: no error, no change
    store.close_question(code, key, "cat")  # a revealed question stays revealed
    assert store.state(code).status == "revealed"
    refused(store, QuestionNotOpen, store.open_question, code, key, "cat")
    refused(store, QuestionNotOpen, store.reveal, code, key, "frog")  # never asked here
    refused(store, QuestionNotOpen, store.close_question, code, key, "frog")


def test_a_choice_question_counts_every_choice(store):
    code, key = store.create_room()
    store.open_question(code, key, "pick")
    picks = ["frog", "cat", "frog", "car's", "frog"]
    students = [store.join(code) for _ in picks]
    for student, pick in zip(students, picks, strict=True):
        store.submit(code, student, "pick", pick)
    results = store.results(code, "pick")
    assert results.values == tuple(picks) and results.kind == "choice"
    assert dict(results.counts) == {"cat": 1, "car's": 1, "frog": 3}
    assert store.results(code, "cat").status is None and store.results(code, "cat").values == ()


# ---------------------------------------------------------------- every bad value, key, id is refused


BAD_NUMBERS = [
    "abc", "", "   ", "nan", "NaN", "inf", "-inf", "1e308", "1e6000", "2.9" * 20, "1" * 100_000, "0x10",
    "2.9; DROP TABLE answers",
    float("nan"), float("inf"), -math.inf, 1e308, -1e308, 10**400, 1e6 + 1, np.float64("nan"), np.inf,
    True, False, None, [2.9], (2.9,), {"a": 1}, b"2.9", object(),
]  # fmt: skip
BAD_CHOICES = ["dog", "CAT", " cat", "", None, 1, True, ["cat"], "cat" * 1000, "car's'; --", b"cat"]


def test_a_bad_number_is_refused_and_nothing_changes(store, room):
    code, _, (ann, _) = room
    store.submit(code, ann, "cat", 1.5)
    for value in BAD_NUMBERS:
        refused(store, BadAnswer, store.submit, code, ann, "cat", value)
    assert store.results(code, "cat").values == (1.5,)


def test_the_numbers_that_are_answers(store, room, clock):
    code, _, (ann, _) = room
    for value, stored in [
        (2, 2.0), (-1e6, -1e6), (1e6, 1e6), ("1e-3", 0.001), (" 12.90 ", 12.9), (Fraction(1, 4), 0.25),
        (np.float64(2.5), 2.5), (np.int64(-3), -3.0), ("−1,7", -1.7),
    ]:  # fmt: skip
        clock.advance(1)
        store.submit(code, ann, "cat", value)
        assert store.answer_of(code, ann, "cat") == stored


def test_the_range_message_names_the_range(store, room):
    code, _, (ann, _) = room
    assert "1000000" in refused(store, BadAnswer, store.submit, code, ann, "cat", 1e308).replace(",", "")


def test_a_bad_choice_is_refused_and_nothing_changes(store):
    code, key = store.create_room()
    store.open_question(code, key, "pick")
    student = store.join(code)
    store.submit(code, student, "pick", "frog")
    for value in BAD_CHOICES:
        refused(store, BadAnswer, store.submit, code, student, "pick", value)
    assert store.results(code, "pick").values == ("frog",)


def bad_keys(key, other_key):
    return ["", None, 42, key + "x", key[:-1], key.upper() if key != key.upper() else key.lower(), other_key,
            hashlib.sha256(key.encode()).hexdigest(), "k" * 100_000, "\x00", "' OR '1'='1"]  # fmt: skip


def test_a_wrong_lecturer_key_changes_nothing(store, room):
    code, key, (ann, _) = room
    _, other_key = store.create_room()
    store.submit(code, ann, "cat", 2.9)
    lecturer_calls = [
        (store.open_question, "frog"), (store.close_question, "cat"), (store.reveal, "cat"),
        (store.close_room,), (store.export_csv,), (store.check_key,),
    ]  # fmt: skip
    for wrong in [*bad_keys(key, other_key), ann]:  # a student's id is no lecturer key either
        for call, *more in lecturer_calls:
            message = refused(store, WrongKey, call, code, wrong, *more)
            assert message == "That is not this room's lecturer key: nothing was changed."
    store.check_key(code, key)
    assert store.state(code).open_question == "cat" and store.results(code, "cat").values == (2.9,)


HOSTILE_CODES = [
    "",
    None,
    7,
    "'; DROP TABLE rooms; --",
    "A" * 100_000,
    "<script>",
    "4KX-9TQ0",
    "4KX9TQ",
    "ÄÖÜ4KX9",
]


def test_unknown_or_hostile_rooms_are_refused(store, room):
    code, key, (ann, _) = room
    unknown = next(c for c in iter(codes.new_code, None) if c != code)
    for bad in [*HOSTILE_CODES, unknown]:
        for call, *args in [
            (store.join,), (store.submit, ann, "cat", 2.9), (store.results, "cat"), (store.state,),
            (store.open_question, key, "cat"), (store.answer_of, ann, "cat"), (store.export_csv, key),
        ]:  # fmt: skip
            message = refused(store, UnknownRoom, call, bad, *args)
            assert "DROP" not in message and "<script>" not in message  # the input is never echoed
    # a code read out and typed in lower case, with a space or a dash, is the same room
    typed = f" {code[:3].lower()} - {code[3:].lower()} "
    assert store.state(typed).code == code
    store.submit(typed, ann, "cat", 1)
    assert store.results(code, "cat").values == (1.0,)


def test_unknown_students_and_questions_are_refused(store, room):
    code, key, (ann, _) = room
    other, other_key = store.create_room()
    store.open_question(other, other_key, "cat")
    stranger = store.join(other)  # joined another room: not this one
    for bad in [stranger, "", None, 5, ann + "x", "s" * 100_000, "' OR 1=1 --"]:
        refused(store, UnknownStudent, store.submit, code, bad, "cat", 2.9)
        refused(store, UnknownStudent, store.answer_of, code, bad, "cat")
    for bad in ["dog", "", None, 3, ["cat"], "cat" * 100, "CAT"]:
        refused(store, UnknownQuestion, store.submit, code, ann, bad, 2.9)
        refused(store, UnknownQuestion, store.open_question, code, key, bad)
        refused(store, UnknownQuestion, store.results, code, bad)
    refused(store, QuestionNotOpen, store.submit, code, ann, "frog", 2.9)  # a lesson question not open


def test_a_phone_takes_its_seat_back_and_only_its_own(store, room):
    """A phone's new session (a reload, a restarted server) rejoins with the id from its address."""
    code, key, (ann, bob) = room
    store.submit(code, ann, "cat", 2.9)
    assert store.rejoin(code, ann) == ann and store.rejoin(code.lower(), bob) == bob
    store.submit(code, ann, "cat", 3.1)  # the same seat: still one answer, the latest
    assert store.results(code, "cat").values == (3.1,) and store.state(code).joined == 2
    other, _ = store.create_room()
    stranger = store.join(other)
    for bad in [stranger, "", None, 5, ann + "x", ann[:-1], ann.upper(), "s" * 101, "' OR 1=1 --", "a\x00b"]:
        message = refused(store, UnknownStudent, store.rejoin, code, bad)
        assert "OR 1=1" not in message
    for bad in HOSTILE_CODES:
        refused(store, UnknownRoom, store.rejoin, bad, ann)
    store.reveal(code, key, "cat")
    store.close_room(code, key)
    assert store.rejoin(code, bob) == bob  # an ended room gives its seats back: the phone says it ended
    assert store.answer_of(code, ann, "cat") == 3.1


def test_seats_are_compared_in_constant_time(store, room, monkeypatch):
    code, _, (ann, _) = room
    seen = []
    real = codes.hmac.compare_digest
    monkeypatch.setattr(codes.hmac, "compare_digest", lambda a, b: seen.append((a, b)) or real(a, b))
    store.rejoin(code, ann)
    assert seen == [(ann.encode(), ann.encode())]


# ---------------------------------------------------------------- security of codes and keys


def test_room_codes_are_random_readable_and_long_enough():
    drawn = [codes.new_code() for _ in range(2000)]
    assert len(set(drawn)) == 2000
    assert set("".join(drawn)) == set(codes.ALPHABET)  # every character used, no other
    assert not set(codes.ALPHABET) & set("0O1IL2Z5S8B")
    assert codes.CODE_BITS >= 30 and codes.KEY_BITS >= 128
    assert len(codes.new_key()) >= 22 and len({codes.new_key() for _ in range(1000)}) == 1000


def test_the_lecturer_key_is_stored_only_as_its_hash(store):
    _, key = store.create_room()
    rows = repr(snapshot(store))
    assert key not in rows and hashlib.sha256(key.encode()).hexdigest() in rows


def test_keys_are_compared_in_constant_time(monkeypatch):
    seen = []
    real = codes.hmac.compare_digest
    monkeypatch.setattr(codes.hmac, "compare_digest", lambda a, b: seen.append((a, b)) or real(a, b))
    key = codes.new_key()
    assert codes.key_matches(key, codes.hash_key(key)) and not codes.key_matches("x", codes.hash_key(key))
    assert len(seen) == 2


def test_all_sql_is_parameterized():
    """No value is put into SQL text: every statement is a literal, but for our own lock clause."""
    calls = [
        node
        for module in (store_module, schema, backends)
        for node in ast.walk(ast.parse(Path(module.__file__).read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"run", "one", "all"}
    ]
    assert len(calls) >= 28
    for call in calls:
        sql = call.args[0]
        if isinstance(sql, ast.JoinedStr):
            formatted = [v.value for v in sql.values if isinstance(v, ast.FormattedValue)]
            assert all(isinstance(v, ast.Name) and v.id == "lock" for v in formatted), ast.unparse(call)
        elif isinstance(sql, ast.Name):  # the schema's own statements, constants
            assert sql.id in {"VERSION_TABLE", "statement"}, ast.unparse(call)
        else:
            assert isinstance(sql, ast.Constant) and isinstance(sql.value, str), ast.unparse(call)
    assert all(isinstance(statement, str) for migration in schema.MIGRATIONS for statement in migration)


# ---------------------------------------------------------------- expiry and limits


def test_rooms_expire(store, room, clock):
    code, key, (ann, _) = room
    store.submit(code, ann, "cat", 2.9)
    clock.advance(6 * 3600 - 1)
    store.submit(code, ann, "cat", 3.0)
    clock.advance(1)
    state = store.state(code)
    assert (state.expired, state.live, state.open_question) == (True, False, None)
    message = refused(store, RoomExpired, store.join, code)
    assert "6 hours" in message
    refused(store, RoomExpired, store.submit, code, ann, "cat", 1.0)
    refused(store, RoomExpired, store.open_question, code, key, "frog")
    refused(store, RoomExpired, store.reveal, code, key, "cat")
    assert store.results(code, "cat").values == (3.0,)  # its answers stay readable, and exportable
    assert store.export_csv(code, key).count("\n") == 2


def test_answers_per_second_are_limited(url, clock):
    with open_store(url, clock=clock, limits=Limits(answers_per_second=3)) as store:
        code, key = store.create_room()
        store.open_question(code, key, "cat")
        ann, bob = store.join(code), store.join(code)
        for i in range(3):
            store.submit(code, ann, "cat", i)
        message = refused(store, TooManyAnswers, store.submit, code, ann, "cat", 9)
        assert "3 a second" in message
        store.submit(code, bob, "cat", 1)  # the limit is each student's
        clock.advance(0.999)
        refused(store, TooManyAnswers, store.submit, code, ann, "cat", 9)
        clock.advance(0.001)
        store.submit(code, ann, "cat", 9)
        assert store.results(code, "cat").values == (9.0, 1.0)


def test_students_per_room_are_limited(url, clock):
    with open_store(url, clock=clock, limits=Limits(students_per_room=4)) as store:
        code, _ = store.create_room()
        other, _ = store.create_room()
        for _ in range(4):
            store.join(code)
        assert "4 students" in refused(store, RoomFull, store.join, code)
        store.join(other)
        assert store.state(code).joined == 4


def test_open_rooms_are_limited(url, clock):
    with open_store(url, clock=clock, limits=Limits(open_rooms=3, room_hours=1)) as store:
        rooms = [store.create_room() for _ in range(3)]
        assert "3 open rooms" in refused(store, TooManyRooms, store.create_room)
        store.close_room(*rooms[0])  # an ended room no longer counts
        store.create_room()
        refused(store, TooManyRooms, store.create_room)
        clock.advance(3600)  # nor do expired ones
        assert len({store.create_room() for _ in range(3)}) == 3


# ---------------------------------------------------------------- against a plain model


class Model:
    """What the store should do, as plain dicts and loops: statuses, answers, the rate windows."""

    def __init__(self, limits, now):
        self.limits, self.now, self.expires = limits, now, now + limits.room_hours * 3600
        self.status, self.current, self.closed = {}, None, False
        self.joined, self.answers, self.window = 0, {}, {}

    def live_error(self):
        if self.closed:
            return RoomClosed
        return RoomExpired if self.now >= self.expires else None

    def apply(self, op):
        """The error the store must raise for `op` (None: none), the model changed as the store must be."""
        kind, *args = op
        if kind == "tick":
            self.now += args[0]
            return None
        if kind == "end":
            self.closed = True
            self.status = {q: CLOSED_ if s == OPEN_ else s for q, s in self.status.items()}
            return None
        if kind == "join":
            if error := self.live_error():
                return error
            if self.joined >= self.limits.students_per_room:
                return RoomFull
            self.joined += 1
            return None
        if kind == "open":
            (q,) = args
            if error := self.live_error():
                return error
            if self.status.get(q) == REVEALED_:
                return QuestionNotOpen
            self.status = {p: CLOSED_ if s == OPEN_ else s for p, s in self.status.items()}
            self.status[q], self.current = OPEN_, q
            return None
        if kind in ("close", "reveal"):
            (q,) = args
            if error := self.live_error():
                return error
            if q not in self.status:
                return QuestionNotOpen
            if self.status[q] != REVEALED_:
                self.status[q] = CLOSED_ if kind == "close" else REVEALED_
            return None
        s, q, value, valid = args  # submit
        if not valid:
            return BadAnswer
        if error := self.live_error():
            return error
        if self.status.get(q) != OPEN_:
            return QuestionNotOpen
        if s >= self.joined:
            return UnknownStudent
        start, count = self.window.get(s, (-math.inf, 0))
        if not start <= self.now < start + 1:
            start, count = self.now, 0
        if count >= self.limits.answers_per_second:
            return TooManyAnswers
        self.window[s] = (start, count + 1)
        self.answers[q, s] = float(value) if q != "pick" else value
        return None


OPEN_, CLOSED_, REVEALED_ = "open", "closed", "revealed"
MODEL_QUESTIONS = ("cat", "pick", "car")
KINDS = ["submit"] * 10 + [
    "join",
    "open",
    "open",
    "close",
    "close",
    "reveal",
    "reveal",
    "tick",
    "tick",
    "end",
]
PREFIX = [("join",), ("join",), ("join",), ("open", "cat")]  # every run starts with students and a question


@st.composite
def operation(draw):
    kind = draw(st.sampled_from(KINDS))
    if kind == "tick":
        return ("tick", draw(st.sampled_from([0.0, 0.3, 0.7, 1.0, 6 * 3600])))
    if kind in ("join", "end"):
        return (kind,) if kind == "join" or draw(st.integers(0, 3)) == 0 else ("tick", 0.0)
    q = draw(st.sampled_from(["current", "current", *MODEL_QUESTIONS]))  # "current": the one last opened
    if kind != "submit":
        return (kind, q)
    s = draw(st.integers(0, 3))
    if draw(st.integers(0, 5)) == 0:  # now and then a bad one
        value = draw(st.sampled_from([math.nan, math.inf, "many", None, 1e7, "dog", True]))
        return ("submit", s, q, value, False)
    number = draw(st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-(10**6), 10**6))
    return ("submit", s, q, (number, draw(st.sampled_from(PICK.choices))), True)


@st.composite
def operations(draw):
    """A run of operations; now and then one answer sent several times at once (a double tap)."""
    ops = []
    for op in draw(st.lists(operation(), min_size=5, max_size=30)):
        ops += [op] * (draw(st.sampled_from([1, 1, 2, 3])) if op[0] == "submit" else 1)
    return ops


def resolved(op, current):
    """`op` with "current" as the question last opened, and a good answer of that question's kind."""
    op = tuple(current if part == "current" else part for part in op)
    if op[0] == "submit" and op[-1]:
        _, s, q, (number, choice), valid = op
        op = ("submit", s, q, choice if q == "pick" else number, valid)
    return op


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations())
def test_the_store_does_what_a_plain_model_does(url, clock, ops):
    limits = Limits(answers_per_second=2, students_per_room=4, open_rooms=10**6)
    with open_store(url, clock=clock, limits=limits, questions=questions) as store:
        code, key = store.create_room()
        model, students = Model(limits, clock.now), []
        for op in PREFIX + ops:
            op = resolved(op, model.current)
            expected = model.apply(op)
            kind, *args = op
            call = {
                "tick": lambda dt: clock.advance(dt),
                "end": lambda: store.close_room(code, key),
                "join": lambda: students.append(store.join(code)),
                "open": lambda q: store.open_question(code, key, q),
                "close": lambda q: store.close_question(code, key, q),
                "reveal": lambda q: store.reveal(code, key, q),
                "submit": lambda s, q, v, _: store.submit(
                    code, students[s] if s < len(students) else "nobody", q, v
                ),
            }[kind]
            if expected is None:
                call(*args)
            else:
                refused(store, expected, call, *args)
        state = store.state(code)
        assert (state.joined, state.question_id, state.closed) == (model.joined, model.current, model.closed)
        assert dict(state.asked) == model.status
        for q in MODEL_QUESTIONS:
            want = tuple(model.answers[q, s] for s in range(model.joined) if (q, s) in model.answers)
            assert store.results(code, q).values == want


# ---------------------------------------------------------------- concurrency, processes, crashes


def test_exact_counts_under_concurrency(url):
    """50 threads x 100 submissions, each thread for 10 students: every answer counted once, the latest."""
    threads, per_thread, students_each = 50, 100, 10
    with open_store(url, limits=FAST) as store:
        code, key = store.create_room()
        store.open_question(code, key, "cat")
        students = [[store.join(code) for _ in range(students_each)] for _ in range(threads)]
        errors, start = [], threading.Barrier(threads)

        def submit(t):
            try:
                start.wait()
                for i in range(per_thread):
                    store.submit(code, students[t][i % students_each], "cat", t * 1000 + i)
            except Exception as error:  # reported below
                errors.append(error)

        workers = [threading.Thread(target=submit, args=(t,)) for t in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert errors == []
        results = store.results(code, "cat")
        expected = [
            t * 1000 + i for t in range(threads) for i in range(per_thread - students_each, per_thread)
        ]
        assert results.count == threads * students_each == store.state(code).answers
        assert results.values == tuple(map(float, expected))  # in join order: thread by thread
        changes = sum(int(line.rsplit(",", 1)[1]) for line in store.export_csv(code, key).splitlines()[1:])
        assert changes == threads * per_thread - threads * students_each


WRITER = """
import sys
from hinge.classroom import Limits, open_store
url, code, students, count, synchronous = sys.argv[1:]
students, count = int(students), int(count)
store = open_store(url, limits=Limits(answers_per_second=10**6), synchronous=synchronous)
ids = [store.join(code) for _ in range(students)]
print("joined", *ids, flush=True)
i = 0
while i != count:  # count -1: until killed
    store.submit(code, ids[i % students], "cat", i)
    print("committed", i, flush=True)  # only after submit returned: the answer is committed
    i += 1
"""


def writer(url, code, students, count=-1, synchronous="FULL"):
    """A process that joins `students` and submits `count` answers (-1: until killed), saying each."""
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, code, str(students), str(count), synchronous],
        cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_nothing_committed_is_lost_when_the_server_is_killed(url):
    kill_and_restart(url)


def test_nothing_committed_is_lost_with_sqlite_synchronous_normal(tmp_path):
    """NORMAL skips the disk flush of each answer; a killed process still loses nothing (WAL)."""
    kill_and_restart(str(tmp_path / "classroom.sqlite3"), synchronous="NORMAL")


def kill_and_restart(url, synchronous="FULL"):
    """A server answering in a loop is killed (SIGKILL); restarted, every answer it committed is there."""
    students, kill_after = 20, 400
    with open_store(url) as store:
        code, key = store.create_room()
        store.open_question(code, key, "cat")
    process = writer(url, code, students, synchronous=synchronous)
    try:
        ids = process.stdout.readline().split()[1:]
        assert len(ids) == students
        for _ in range(kill_after):
            assert process.stdout.readline().startswith("committed")
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        rest = process.stdout.read().split("\n")  # whatever it printed before it died
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    reported = kill_after + sum(1 for line in rest if line.startswith("committed"))
    with open_store(
        url, limits=FAST
    ) as store:  # the server restarted: the schema is there, nothing to migrate
        assert store.schema_was == schema.LATEST
        state = store.state(code)
        assert (state.joined, state.open_question) == (students, "cat")
        for s, student in enumerate(ids):
            last_reported = max(i for i in range(reported) if i % students == s)
            in_flight = {reported} if reported % students == s else set()  # may have committed, unreported
            stored = store.answer_of(code, student, "cat")
            assert stored in {last_reported, *in_flight}, (s, stored, last_reported)
        store.submit(code, ids[0], "cat", 2.9)  # and the room carries on
        store.reveal(code, key, "cat")
        assert store.results(code, "cat").values[0] == 2.9


def test_processes_writing_at_once_lose_nothing(url):
    """4 server processes, 5 students and 100 answers each, at the same time, on one database."""
    processes, students, count = 4, 5, 100
    with open_store(url) as store:
        code, key = store.create_room()
        store.open_question(code, key, "cat")
        running = [writer(url, code, students, count) for _ in range(processes)]
        outputs = [p.communicate(timeout=240)[0].splitlines() for p in running]
        assert [p.returncode for p in running] == [0] * processes
        assert all(len(lines) == 1 + count for lines in outputs)
        results = store.results(code, "cat")
        assert results.count == processes * students == store.state(code).joined
        last = sorted(float(i) for i in range(count - students, count))
        assert sorted(results.values) == sorted(last * processes)
        changes = sum(int(line.rsplit(",", 1)[1]) for line in store.export_csv(code, key).splitlines()[1:])
        assert changes == processes * (count - students)


def test_two_stores_on_one_database_see_each_other(url):
    """Two servers (here two stores, own connections) on the same database: one room."""
    with open_store(url) as lecturer_side, open_store(url) as student_side:
        code, key = lecturer_side.create_room()
        lecturer_side.open_question(code, key, "frog")
        student = student_side.join(code)
        student_side.submit(code, student, "frog", 12.9)
        assert lecturer_side.results(code, "frog").values == (12.9,)
        refused(student_side, WrongKey, student_side.reveal, code, student, "frog")


def test_short_lived_threads_share_a_few_connections(url, monkeypatch):
    """Streamlit runs each script run in a new thread: connections are pooled, not one a thread."""
    with open_store(url, limits=FAST) as store:
        code, key = store.create_room()
        store.open_question(code, key, "cat")
        ann = store.join(code)
        opened, errors = [], []
        connect = store._db._connect
        monkeypatch.setattr(store._db, "_connect", lambda: opened.append(1) or connect())

        def script_run(i):
            try:
                store.state(code)
                store.submit(code, ann, "cat", i)
            except Exception as error:  # reported below
                errors.append(error)

        for i in range(100):
            run = threading.Thread(target=script_run, args=(i,))
            run.start()
            run.join()
        assert errors == [] and opened == [] and len(store._db._idle) == 1
        assert store.answer_of(code, ann, "cat") == 99.0


def test_the_store_carries_on_when_postgresql_restarts(postgres_cluster):  # noqa: F811 - the fixture
    with open_store(postgres_cluster.new_url(), limits=FAST) as store:
        code, key = store.create_room()
        store.open_question(code, key, "cat")
        ann = store.join(code)
        store.submit(code, ann, "cat", 1)
        postgres_cluster.restart()  # the pooled connection is dead now
        store.submit(code, ann, "cat", 2)
        assert store.results(code, "cat").values == (2.0,)


# ---------------------------------------------------------------- where the data lives, its schema


def test_the_default_store_is_a_sqlite_file_in_a_data_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(store_module.ENV_VAR, raising=False)
    monkeypatch.setattr(store_module, "SECRETS_PATH", tmp_path / "no secrets.toml")
    monkeypatch.setattr(store_module, "DEFAULT_PATH", tmp_path / "data" / "classroom.sqlite3")
    with open_store() as store:
        assert (store.kind, store.location) == ("sqlite", str(tmp_path / "data" / "classroom.sqlite3"))
        store.create_room()
    with sqlite3.connect(tmp_path / "data" / "classroom.sqlite3") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT COUNT(*) FROM rooms").fetchone() == (1,)
    elsewhere = tmp_path / "set" / "by env.sqlite3"
    monkeypatch.setenv(store_module.ENV_VAR, str(elsewhere))
    with open_store() as store:
        assert store.location == str(elsewhere) and elsewhere.exists()
    with open_store(f"sqlite:///{tmp_path}/url.sqlite3") as store:
        assert store.location == f"{tmp_path}/url.sqlite3"


def test_the_database_can_be_named_in_the_apps_secrets(tmp_path, monkeypatch):
    monkeypatch.delenv(store_module.ENV_VAR, raising=False)
    secrets_file = tmp_path / "secrets.toml"
    monkeypatch.setattr(store_module, "SECRETS_PATH", secrets_file)
    named = tmp_path / "from secrets.sqlite3"
    secrets_file.write_text(f'{store_module.ENV_VAR} = "{named}"\n[other]\nkey = 1\n')
    with open_store() as store:
        assert store.location == str(named)
    monkeypatch.setenv(store_module.ENV_VAR, str(tmp_path / "env wins.sqlite3"))
    with open_store() as store:
        assert store.location == str(tmp_path / "env wins.sqlite3")
    monkeypatch.delenv(store_module.ENV_VAR)
    monkeypatch.setattr(store_module, "DEFAULT_PATH", tmp_path / "default.sqlite3")
    for broken in ["not = [toml", f"{store_module.ENV_VAR} = 3", ""]:  # ignored: the default file
        secrets_file.write_text(broken)
        with open_store() as store:
            assert store.location == str(tmp_path / "default.sqlite3")


def test_the_schema_is_created_then_kept_and_a_newer_one_refused(url):
    with open_store(url) as store:
        assert store.schema_was == 0
        store.create_room()
    with open_store(url) as store:
        assert store.schema_was == schema.LATEST
        with store._db.transaction() as tx:
            assert [row[0] for row in tx.all("SELECT version FROM schema_version")] == list(
                range(1, schema.LATEST + 1)
            )
            tx.run("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (schema.LATEST + 1, 0.0))
    with pytest.raises(schema.NewerDatabase, match="schema version"):
        open_store(url)


def test_the_store_needs_neither_streamlit_nor_psycopg_for_sqlite():
    """Load tools and tests drive the store alone; psycopg is imported only for a PostgreSQL URL."""
    code = (
        "import sys, tempfile; from hinge.classroom import open_store;"
        " open_store(tempfile.mkdtemp() + '/c.sqlite3').create_room();"
        " print(sorted(m for m in ('streamlit', 'plotly', 'psycopg') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr


def test_the_postgresql_url_hides_its_password():
    _without_password = backends._without_password
    assert _without_password("postgresql://app:s3cret@db:5432/hinge") == "postgresql://app:***@db:5432/hinge"
    assert _without_password("postgresql://app@db/hinge") == "postgresql://app@db/hinge"
