"""The Classroom page's parts: a room started, projected and run by the lecturer, answered on phones.

One store a server process (``st.cache_resource``, keyed by the database's address, so a test
that names its own file gets its own store). A session is one of three things:

- the **lecturer's** (the room's code and its lecturer key in session_state, never in the
  link or on the page); a lecturer link, ``?room=CODE&key=KEY``, saved as a file, gives a new
  session the room back: the key is read once, moved to session_state, and taken out of the
  link at once. The browser also keeps code and key in a cookie (:data:`COOKIE`, SameSite=Strict,
  until the room expires; cleared when it ends): a new session with no room in its link (the
  server was restarted, the page reloaded) gets the room back from it, with nothing in the
  projected address;
- a **student's** (``?room=CODE`` in the link, or a typed code; the student's id in
  session_state and in the phone's own link as ``seat=``), who sees the open question, answers
  it and, after the reveal, the answer. A new session whose link has the room and a seat of it
  (a reloaded phone, a restarted server) takes that seat back: one phone, one seat. The join
  link and its QR code never carry a seat;
- nobody's yet: Start a room, or type a code to join.

Everything the store refuses is shown as its message, as text (see :func:`plain`). The live
parts are fragments that poll ``store.state`` (a few reads): the projector every second, a
phone every 1.2 to 1.8 s (its own period, 1.5 s on average).
"""

import os
import random
import re
import time

import streamlit as st

from hinge import classroom, lesson
from hinge.classroom.codes import CODE_LENGTH
from hinge.figures import classroom as figures
from hinge.qr import qr_png
from hinge.ui.charts import live_figure
from hinge.ui.lesson import draw_view
from hinge.ui.links import drop_from_link, keep_in_link
from hinge.ui.page import chart_font_size, explain, show_notices
from hinge.ui.workarounds import set_cookie

ROOM, KEY, SEAT = "room", "key", "seat"  # the link's keys
COOKIE = "hinge_classroom_lecturer"  # the browser's copy of "CODE.KEY", for a new session
COOKIE_WRITTEN = "classroom_cookie"  # session: the cookie's value as this session last set it
LECTURER = "classroom_lecturer"  # session: (code, lecturer key) of the room this session runs
STUDENT = "classroom_students"  # session: {room code: this phone's student id}
NOTICES = "classroom_notices"  # session: refusals to show on the next run
PICK = "classroom_pick"  # the lecturer's question box: an index into lesson.STEPS
CHART = "classroom_chart"  # the projector's live chart
PROJECTOR_EVERY = 1.0  # seconds between the projector's polls: the chart is at most this old
PHONE_EVERY = (1.2, 1.8)  # seconds between a phone's polls, each phone its own: 1.5 on average, and
# phones that joined at one moment (a QR code shown to the hall) drift apart instead of polling together
PHONE_PERIOD = "classroom_phone_every"  # session: this phone's seconds between polls
STEPS = lesson.STEPS
PHONE = "classroom_phone"  # the container of a phone's question: its tap targets are large
PHONE_CSS = f"""<style>
.st-key-{PHONE} button {{ min-height: 48px; font-size: 1.1rem; }}
.st-key-{PHONE} [data-baseweb="input"] {{ min-height: 48px; font-size: 1.1rem; }}
</style>"""
BOARD = "classroom_board"  # the projector's room code, QR code and join link
BOARD_CSS = f"""<style>
.st-key-{BOARD} [data-testid="stMetricValue"] p {{ font-size: 3rem !important; font-weight: 700; }}
.st-key-{BOARD} [data-testid="stImage"] img {{ width: min(100%, 25vh) !important; height: auto !important;
  image-rendering: pixelated; }}
</style>"""  # the code large enough for the back of the hall (the projector's type is for prose); the QR
# code a quarter of the window's height: 180 px on a 1280x720 projector, 270 px on a 1920x1080 one
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|<>~$:])")  # what could make a link, an image, a style


def plain(text):
    """`text` (which may quote what someone typed) escaped so that Markdown shows it as it is.

    >>> print(plain("**bold** [x](javascript:alert(1)) <b> 2.5"))
    \\*\\*bold\\*\\* \\[x\\]\\(javascript\\:alert\\(1\\)\\) \\<b\\> 2.5
    """
    return _MARKDOWN.sub(r"\\\1", str(text))


def store():
    """The process's classroom store (the environment's database, else the default file)."""
    return _store(os.environ.get(classroom.ENV_VAR))


@st.cache_resource(show_spinner=False)
def _store(url):
    return classroom.open_store(url)


def _notice(error):
    st.session_state.setdefault(NOTICES, []).append(plain(error))


def _show_notices():
    show_notices(st.session_state.pop(NOTICES, []))


def _title(i):
    return f"{i + 1} · {STEPS[i].title}"


def _index(question_id):
    return next((i for i, step in enumerate(STEPS) if step.key == question_id), None)


# ---------------------------------------------------------------------------------- the page


def show_page():
    """The whole page: who this session is decides what it shows."""
    _take_lecturer_link()
    _show_notices()
    if LECTURER in st.session_state:
        _lecturer(*st.session_state[LECTURER])
        return
    code = _room_from_link()
    if code is not None:
        _student(code)
    elif not _take_lecturer_cookie():
        drop_from_link([SEAT])
        _start_or_join()
    else:
        _lecturer(*st.session_state[LECTURER])


def _take_lecturer_link():
    """A lecturer link's key goes into the session and out of the link, before anything is drawn."""
    if KEY not in st.query_params:
        return
    key, rooms = st.query_params.get(KEY), st.query_params.get_all(ROOM)
    drop_from_link([KEY])
    code = classroom.normalize_code(rooms[0]) if len(rooms) == 1 else None
    try:
        store().check_key(code, key)
    except classroom.ClassroomError as error:
        _notice(error)
        return
    st.session_state[LECTURER] = (code, key)
    drop_from_link([ROOM, SEAT])  # the projected address shows no room either: the lecturer's own view


def _take_lecturer_cookie():
    """A new session with no room in its link: the room this browser's lecturer runs, from the cookie.

    True when the cookie gave the room back. A cookie that is no room's (a room since deleted, a
    value typed by hand) is cleared, without a word: it is nobody's link.
    """
    value = st.context.cookies.get(COOKIE) if st.context.cookies else None
    if not value or COOKIE_WRITTEN in st.session_state:  # none, or this session cleared it
        return False
    code, _, key = value.partition(".")
    try:
        store().check_key(code, key)
    except classroom.ClassroomError:
        _keep_cookie(None)
        return False
    st.session_state[LECTURER] = (classroom.normalize_code(code), key)
    st.session_state[COOKIE_WRITTEN] = value
    return True


def _keep_cookie(value, seconds=0):
    """Have the browser keep `value` in :data:`COOKIE` for `seconds` (None: forget it); once a change."""
    if st.session_state.get(COOKIE_WRITTEN, st.context.cookies.get(COOKIE)) != value:
        set_cookie(COOKIE, value, seconds)
    st.session_state[COOKIE_WRITTEN] = value


def _room_from_link():
    """The room code the link names, or None; a bad value is taken out of the link with a notice."""
    values = st.query_params.get_all(ROOM)
    if not values:
        return None
    code = classroom.normalize_code(values[0]) if len(values) == 1 else None
    if code is None:
        drop_from_link([ROOM, SEAT])
        show_notices([f"That link's room code cannot be a room: a code is {CODE_LENGTH} letters and digits."])
    return code


def _start_or_join():
    explain(
        "A lecturer starts a room and projects this page; the students open the link (or type the "
        "code) on their phones, anonymously, and answer the lesson's questions as the lecturer asks them."
    )
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Lecturer")
        st.button("Start a room", key="classroom_start", type="primary", on_click=_start)
    with right:
        st.subheader("Student")
        with st.form("classroom_join", border=False):
            st.text_input("Room code", key="classroom_code", max_chars=28, placeholder="as on the projector")
            joined = st.form_submit_button("Join", type="primary")
        if joined:
            code = classroom.normalize_code(st.session_state.get("classroom_code"))
            if code is None:
                show_notices(
                    [f"That is not a room code: it is {CODE_LENGTH} letters and digits, as on the projector."]
                )
            else:
                keep_in_link(ROOM, code)
                st.rerun()


def _start():
    try:
        st.session_state[LECTURER] = store().create_room()
    except classroom.ClassroomError as error:
        _notice(error)


# ---------------------------------------------------------------------------------- the lecturer


def _join_link(code):
    """The address students open: this page's, with the room in it."""
    url = st.context.url or ""
    page = url.split("?", 1)[0] if url else "/Classroom"
    return f"{page}?{ROOM}={code}"


def _lecturer(code, key):
    db = store()
    try:
        state = db.state(code)
    except classroom.ClassroomError as error:
        st.session_state.pop(LECTURER, None)
        _keep_cookie(None)
        show_notices([plain(error)])
        return
    if state.live:
        _controls(code, key, state)
    else:
        ended = "expired" if state.expired and not state.closed else "ended"
        st.info(f"This room has {ended}. Its answers stay here to download.")
        st.button("Start a new room", key="classroom_restart", on_click=_start)
    link = _join_link(code)
    if state.revealed:  # the answers beside the answer and why: the first screen of a 1280x720 projector
        answers, why = st.columns(2, gap="medium")
        with answers:
            _projector(code)
            st.caption(f"Join with the code **{classroom.display_code(code)}**, or open {plain(link)}")
        with why:
            _revealed(code, state.question_id)
    else:  # the room code, its QR code and link, beside the answers coming in
        board, live = st.columns([1, 2.4], gap="medium")
        with board, st.container(key=BOARD):
            st.html(BOARD_CSS)
            st.metric("Join with the code", classroom.display_code(code))
            st.image(qr_png(link), width=400)
            st.caption(f"or open {plain(link)}")
        with live:
            _projector(code)
    _downloads(code, key)
    if state.live:  # last: the cookie's script takes no room above anything
        _keep_cookie(f"{code}.{key}", state.expires_at - time.time())
    else:
        _keep_cookie(None)


def _controls(code, key, state):
    """The question box and the lecturer's buttons; each one a store call with the key."""
    current = _index(state.question_id)
    if PICK not in st.session_state and current is not None:
        st.session_state[PICK] = current
    row = st.container(horizontal=True, vertical_alignment="bottom")
    with row:
        st.selectbox("Question", range(len(STEPS)), format_func=_title, key=PICK, width=300)
        st.button("Open", key="classroom_open", type="primary", on_click=_open_picked, args=(code, key))
        on = state.question_id
        is_open = state.status == "open"
        st.button(
            "Close",
            key="classroom_close",
            disabled=not is_open,
            on_click=_act,
            args=("close_question", code, key, on),
        )
        st.button(
            "Reveal",
            key="classroom_reveal",
            disabled=on is None or state.revealed,
            on_click=_act,
            args=("reveal", code, key, on),
        )
        st.button(
            "Next",
            key="classroom_next",
            disabled=current is None or current + 1 >= len(STEPS),
            on_click=_next,
            args=(code, key, current),
        )
        st.button("End the room", key="classroom_end", on_click=_act, args=("close_room", code, key))


def _act(name, *args):
    try:
        getattr(store(), name)(*args)
    except classroom.ClassroomError as error:
        _notice(error)


def _open_picked(code, key):
    """Open the question in the box as it is when the button is pressed."""
    _act("open_question", code, key, STEPS[st.session_state.get(PICK) or 0].key)


def _next(code, key, current):
    st.session_state[PICK] = current + 1
    _act("open_question", code, key, STEPS[current + 1].key)


def _downloads(code, key):
    row = st.container(horizontal=True)
    try:
        csv = store().export_csv(code, key)
    except classroom.ClassroomError as error:
        show_notices([plain(error)])
        return
    row.download_button(
        "Download the answers (CSV)",
        csv,
        file_name=f"classroom-{code}.csv",
        mime="text/csv",
        key="classroom_csv",
        on_click="ignore",
    )
    lecturer_link = f"{_join_link(code)}&{KEY}={key}"
    row.download_button(
        "Save the lecturer link",
        lecturer_link + "\n",
        file_name=f"classroom-{code}-lecturer.txt",
        mime="text/plain",
        key="classroom_lecturer_link",
        on_click="ignore",
        help="A file with a link that gives this room back to you after a reload. Keep it private: "
        "it is the room's key.",
    )


@st.fragment(run_every=PROJECTOR_EVERY)
def _projector(code):
    """Students joined, answers in, and the chart of the answers: polled every second."""
    db = store()
    try:
        state = db.state(code)
        results = db.results(code, state.question_id) if state.question_id else None
    except classroom.ClassroomError as error:
        show_notices([plain(error)])
        return
    question = "no question yet" if state.question_id is None else f"question {_index(state.question_id) + 1}"
    st.markdown(f"#### {state.joined} joined · {state.answers} answered · {question}")
    if results is None:
        st.markdown("Pick a question and open it.")
        return
    step = lesson.by_key(state.question_id)
    st.markdown(f"**{step.question.prompt}** ({_status_words(state.status)})")
    live_figure(_answers_figure(step, results, revealed=state.revealed), key=CHART)


def _status_words(status):
    return {"open": "open for answers", "closed": "closed", "revealed": "answer revealed"}.get(status, "")


def _answers_figure(step, results, *, revealed):
    font = chart_font_size()
    answer = step.answer() if revealed else None
    height = figures.REVEALED_HEIGHT if revealed else figures.HEIGHT  # revealed: beside the answer
    if step.question.kind == lesson.CHOICE:
        return figures.choice_answers_figure(
            results.counts, answer=None if answer is None else answer.value, font_size=font, height=height
        )
    return figures.number_answers_figure(
        results.values,
        question=step.question,
        answer=None if answer is None else answer.value,
        answer_shown=None if answer is None else answer.shown,
        font_size=font,
        height=height,
    )


def _revealed(code, question_id):
    """After the reveal: the answer, the share of the room within tolerance, the step's view and why."""
    step, answer = lesson.by_key(question_id), lesson.by_key(question_id).answer()
    results = store().results(code, question_id)
    right = figures.right_count(step.question, answer.value, results.values)
    n = results.count
    share = f"{right} of {n} ({100 * right / n:.0f} %)" if n else "nobody"
    st.subheader(f"The answer: {answer.shown}")
    within = "" if step.question.kind == lesson.CHOICE else _tolerance(step.question)
    st.markdown(f"{share} answered right{within}.")
    if answer.arithmetic:
        st.code("\n".join(answer.arithmetic), language=None, wrap_lines=True)
    if answer.why:
        st.markdown(answer.why)
    draw_view(step.view, dict(step.state), revealed=True)


def _tolerance(question):
    if question.relative:
        return f", within {100 * question.tolerance:g} % of it"
    return f", within ±{question.tolerance:g} of it"


# ---------------------------------------------------------------------------------- a student


def _student(code):
    ids = st.session_state.setdefault(STUDENT, {})
    if code not in ids:
        try:
            ids[code] = _seat(code)
        except classroom.ClassroomError as error:
            drop_from_link([ROOM, SEAT])
            show_notices([plain(error)])
            _start_or_join()
            return
    keep_in_link(SEAT, ids[code])  # this phone's own address: a reload keeps the seat
    st.html(PHONE_CSS)
    st.caption(f"Room {classroom.display_code(code)}")
    every = st.session_state.setdefault(PHONE_PERIOD, round(random.uniform(*PHONE_EVERY), 2))
    with st.container(key=PHONE):
        st.fragment(run_every=every)(_phone)(code, ids[code])


def _seat(code):
    """This phone's seat in the room: the one its link names, if the room has it, else a new one."""
    seats = st.query_params.get_all(SEAT)
    if seats:
        try:
            if len(seats) != 1:
                raise classroom.UnknownStudent("That link has two seats or more: this phone has a new seat.")
            return store().rejoin(code, seats[0])
        except classroom.UnknownStudent as error:
            show_notices([plain(error)])
    return store().join(code)


def _phone(code, student_id):
    """The open question and this phone's answer; the answer after the reveal; else waiting."""
    db = store()
    try:
        state = db.state(code)
        question_id = state.question_id
        mine = db.answer_of(code, student_id, question_id) if question_id else None
    except classroom.ClassroomError as error:
        show_notices([plain(error)])
        return
    if not state.live:
        st.info(f"This room has {'ended' if state.closed else 'expired'}. Thank you!")
    elif state.open_question:
        _ask(code, student_id, lesson.by_key(question_id), mine)
    elif state.revealed:
        _reveal_on_phone(lesson.by_key(question_id), mine)
    else:
        st.info("Waiting for the next question …")


def _ask(code, student_id, step, mine):
    q = step.question
    st.markdown(f"**{q.prompt}**")
    if q.kind == lesson.CHOICE:
        for i, choice in enumerate(q.choices):
            if st.button(
                str(choice),
                key=f"classroom_choice_{step.key}_{i}",
                width="stretch",
                type="primary" if choice == mine else "secondary",
            ):
                mine = _send(code, student_id, step, choice, mine)
    else:
        with st.form(f"classroom_form_{step.key}", border=False):
            st.text_input(
                "Your answer",
                key=f"classroom_answer_{step.key}",
                max_chars=lesson.MAX_PREDICTION_CHARS,
                placeholder="a number, such as 1.5",
            )
            sent = st.form_submit_button("Send", type="primary", width="stretch")
        if sent:
            typed = st.session_state.get(f"classroom_answer_{step.key}", "")
            mine = _send(code, student_id, step, typed, mine)
    if mine is not None:
        st.success(f"Your answer: {lesson.shown(q, mine)}. You may change it until the reveal.")


def _send(code, student_id, step, value, mine):
    """Submit; the store's answer back (the latest counts), or the old one and its message."""
    try:
        store().submit(code, student_id, step.key, value)
    except classroom.ClassroomError as error:
        show_notices([plain(error)])
        return mine
    return store().answer_of(code, student_id, step.key)


def _reveal_on_phone(step, mine):
    answer = step.answer()
    st.markdown(f"**{step.question.prompt}**")
    if mine is None:
        st.info(f"You did not answer. The answer: **{answer.shown}**")
    else:
        verdict = lesson.check(step.question, answer.value, mine)
        said = f"Your answer: {lesson.shown(step.question, mine)}. "
        if verdict.right:
            st.success(f"{said}Right: the answer is **{answer.shown}**.")
        else:
            st.error(said + plain(verdict.message))
    if answer.why:
        st.markdown(answer.why)
    st.caption("Waiting for the next question …")
