"""The Classroom page through AppTest: the lecturer's room (start, open, the counts, reveal), a student's
phone (join from the link, answer, change it, the reveal), hostile room values and forged lecturer links.

The students of a lecturer test, and the lecturer of a student test, are the store driven from here,
on the same database file as the page's (HINGE_CLASSROOM_DB, a temporary file)."""

import os
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from hinge import classroom, lesson

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "5_Classroom.py")
LECTURER_BUTTONS = (
    "classroom_open",
    "classroom_close",
    "classroom_reveal",
    "classroom_next",
    "classroom_end",
)
CAT = lesson.by_key("cat")  # a number question: the answer 2.9, right within ±0.05
KINK = lesson.by_key("kink")  # a choice question (yes / no)


@pytest.fixture(scope="module", autouse=True)
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("classroom") / "classroom.sqlite3"
    old = os.environ.get(classroom.ENV_VAR)
    os.environ[classroom.ENV_VAR] = str(path)
    with classroom.open_store(path) as store:
        yield store
    if old is None:
        del os.environ[classroom.ENV_VAR]
    else:
        os.environ[classroom.ENV_VAR] = old


def run(at=None, **query):
    if at is None:
        at = AppTest.from_file(PAGE, default_timeout=60)
        for name, value in query.items():
            at.query_params[name] = value
    at = at.run()
    assert not at.exception, at.exception[0].value
    return at


def texts(at):
    """Every text the page shows (Markdown, notices, headings, captions, code), one string."""
    parts = []
    for kind in ("markdown", "warning", "error", "success", "info", "subheader", "caption", "code", "title"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label}: {m.value}" for m in at.metric]
    return "\n".join(parts)


def counts(at):
    """The projector's line of counts: 'N joined · M answered · question K'."""
    (line,) = [m.value for m in at.markdown if " joined · " in m.value]
    return line.removeprefix("#### ")


def button_keys(at):
    return {b.key for b in at.button}


def downloads(at):
    return [d.proto.label for d in at.get("download_button")]


def send_button(at):
    (button,) = [b for b in at.button if b.label == "Send"]
    return button


def lecturer_with_room():
    at = run()
    at = run(at.button(key="classroom_start").click())
    code, key = at.session_state[classroom_ui().LECTURER]
    return at, code, key


def classroom_ui():
    from hinge.ui import classroom as ui_classroom

    return ui_classroom


# ---------------------------------------------------------------------------------- the lecturer


def test_lecturer_runs_a_question_counts_then_reveal(database):
    at, code, key = lecturer_with_room()
    assert classroom.display_code(code) in texts(at)
    assert at.image, "the join QR code"
    assert downloads(at) == ["Download the answers (CSV)", "Save the lecturer link"]
    assert counts(at) == "0 joined · 0 answered · no question yet"
    at.selectbox(key="classroom_pick").set_value(0)
    at = run(at.button(key="classroom_open").click())
    assert database.state(code).open_question == "cat"
    students = [database.join(code) for _ in range(4)]
    for student, value in zip(students[:3], ("2.9", "2.94", "3.5"), strict=True):
        database.submit(code, student, "cat", value)
    database.submit(code, students[0], "cat", "1")  # a change: the latest counts, still one answer
    at = run(at)
    assert counts(at) == "4 joined · 3 answered · question 1"
    assert CAT.question.prompt in texts(at)
    assert "The answer" not in texts(at)  # nothing of the answer before the reveal
    at = run(at.button(key="classroom_reveal").click())
    assert database.state(code).revealed
    shown = texts(at)
    assert "The answer: 2.9" in shown
    assert "1 of 3 (33 %) answered right, within ±0.05 of it." in shown  # 2.94 only: 1 and 3.5 are off
    assert key not in shown and all(key not in str(v) for v in at.query_params.values())
    csv = database.export_csv(code, key)
    assert csv.count("\ncat,") == 3


def test_lecturer_next_close_and_end(database):
    at, code, _ = lecturer_with_room()
    at.selectbox(key="classroom_pick").set_value(0)
    at = run(at.button(key="classroom_open").click())
    at = run(at.button(key="classroom_next").click())
    assert database.state(code).question_id == lesson.STEPS[1].key
    assert at.selectbox(key="classroom_pick").value == 1
    at = run(at.button(key="classroom_close").click())
    assert database.state(code).status == "closed"
    at = run(at.button(key="classroom_end").click())
    assert not database.state(code).live
    assert "This room has ended" in texts(at)
    assert "classroom_open" not in button_keys(at)


def test_choice_question_bars_and_reveal(database):
    at, code, _ = lecturer_with_room()
    at.selectbox(key="classroom_pick").set_value(lesson.STEPS.index(KINK))
    at = run(at.button(key="classroom_open").click())
    for value in ("yes", "no", "no"):
        database.submit(code, database.join(code), "kink", value)
    at = run(at)
    assert counts(at) == f"3 joined · 3 answered · question {lesson.STEPS.index(KINK) + 1}"
    at = run(at.button(key="classroom_reveal").click())
    answer = KINK.answer()
    right = sum(v == answer.value for v in ("yes", "no", "no"))
    assert f"The answer: {answer.shown}" in texts(at)
    assert f"{right} of 3 ({100 * right / 3:.0f} %) answered right." in texts(at)


# ---------------------------------------------------------------------------------- a student


def room_with(database, question=None):
    code, key = database.create_room()
    if question is not None:
        database.open_question(code, key, question)
    return code, key


def test_student_waits_answers_changes_and_sees_the_reveal(database):
    code, key = room_with(database)
    at = run(room=code)
    assert "Waiting for the next question" in texts(at)
    assert not button_keys(at) & set(LECTURER_BUTTONS) and not at.selectbox
    assert not downloads(at)  # neither the answers nor the lecturer link
    assert database.state(code).joined == 1
    database.open_question(code, key, "cat")
    at = run(at)
    assert CAT.question.prompt in texts(at)
    at.text_input(key="classroom_answer_cat").input("abc")
    at = run(send_button(at).click())
    assert '"abc" is not a number' in texts(at)
    assert database.results(code, "cat").count == 0
    at.text_input(key="classroom_answer_cat").input("3.5")
    at = run(send_button(at).click())
    assert "Your answer: 3.5. You may change it until the reveal." in texts(at)
    at.text_input(key="classroom_answer_cat").input("2,9")
    at = run(send_button(at).click())
    assert database.results(code, "cat").values == (2.9,)
    database.reveal(code, key, "cat")
    at = run(at)
    shown = texts(at)
    assert "Your answer: 2.9. Right: the answer is **2.9**." in shown
    assert CAT.answer().why in shown


def test_student_choice_wrong_then_reveal(database):
    code, key = room_with(database, "kink")
    at = run(room=classroom.display_code(code).lower())  # as typed from the projector
    wrong = next(c for c in KINK.question.choices if c != KINK.answer().value)
    (button,) = [b for b in at.button if b.label == wrong]
    at = run(button.click())
    assert database.results(code, "kink").values == (wrong,)
    database.reveal(code, key, "kink")
    at = run(at)
    assert f"Your answer: {wrong}." in texts(at) and at.error


def test_typed_code_joins(database):
    code, _ = room_with(database, "cat")
    at = run()
    at.text_input(key="classroom_code").input(code.lower())
    at = run(next(b for b in at.button if b.label == "Join").click())
    assert at.query_params["room"] == code
    assert CAT.question.prompt in texts(at)


@pytest.mark.parametrize(
    "value",
    ["", "x" * 5000, "<script>alert(1)</script>", "4KX-0TQR", "**bold**", "../../etc/passwd", "4KX9TQR\n"],
)
def test_hostile_room_values_give_a_notice(value):
    at = run(room=value)
    assert at.warning, "a notice"
    assert "<script>" not in texts(at) and "x" * 100 not in texts(at)
    assert not button_keys(at) & set(LECTURER_BUTTONS)


def test_unknown_and_repeated_rooms(database):
    at = run(room="4KX9TQR")  # a code's shape, no such room
    assert "There is no room with this code" in texts(at)
    code, _ = room_with(database)
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["room"] = [code, code]
    at = run(at)
    assert at.warning and database.state(code).joined == 0


def test_ended_room_tells_the_student(database):
    code, key = room_with(database)
    database.close_room(code, key)
    at = run(room=code)
    assert "This room has ended." in texts(at)


def test_a_phone_keeps_its_seat_in_its_own_link_and_takes_it_back(database):
    """A new session (a reloaded phone, a restarted server) with the room and its seat: the same seat."""
    code, _ = room_with(database, "cat")
    at = run(room=code)
    seat = at.session_state[classroom_ui().STUDENT][code]
    assert at.query_params["seat"] == seat and at.query_params["room"] == code
    at.text_input(key="classroom_answer_cat").input("2.9")
    run(send_button(at).click())
    again = run(room=code, seat=seat)  # a new session: AppTest's own
    assert "Your answer: 2.9. You may change it until the reveal." in texts(again)
    assert not again.warning and again.session_state[classroom_ui().STUDENT][code] == seat
    assert database.state(code).joined == 1
    again.text_input(key="classroom_answer_cat").input("3")
    run(send_button(again).click())
    assert database.results(code, "cat").values == (3.0,)  # the same seat: one answer, the latest


@pytest.mark.parametrize(
    "seat", ["", "x", "<b>x</b>", "**x**", "s" * 5000, "' OR 1=1 --", "a\x00b", "other room's seat", "twice"]
)
def test_a_seat_the_room_does_not_have_gives_a_notice_and_a_new_seat(database, seat):
    code, _ = room_with(database, "cat")
    other, _ = room_with(database)
    mine = database.join(code)
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["room"] = code
    forged = {"other room's seat": database.join(other), "twice": [mine, mine]}
    at.query_params["seat"] = forged.get(seat, seat)
    at = run(at)
    (notice,) = [w.value for w in at.warning]
    assert "this phone has a new seat" in notice and "<b>" not in texts(at) and "OR 1=1" not in texts(at)
    new = at.session_state[classroom_ui().STUDENT][code]
    assert new != mine and at.query_params["seat"] == new
    assert database.state(code).joined == 2 and CAT.question.prompt in texts(at)


# ---------------------------------------------------------------------------------- the key


def test_lecturer_link_moves_the_key_into_the_session(database):
    code, key = room_with(database, "cat")
    at = run(room=code, key=key)
    assert "key" not in at.query_params and "room" not in at.query_params
    assert {"classroom_open", "classroom_reveal"} <= button_keys(at)
    assert key not in texts(at)
    at = run(at.button(key="classroom_reveal").click())
    assert database.state(code).revealed


def cookie_scripts(at):
    return [h.proto.body for h in at.get("html") if classroom_ui().COOKIE in h.proto.body]


def test_the_lecturer_cookie_is_set_for_the_rooms_life_and_cleared_when_it_ends(database):
    """The browser's copy of the room (for a new session after a restart): set once, cleared at the end."""
    at, code, key = lecturer_with_room()
    (script,) = cookie_scripts(at)
    cookie = f"{classroom_ui().COOKIE}={code}.{key}; Max-Age="
    assert cookie in script and "; Path=/; SameSite=Strict" in script
    seconds = int(script.split("Max-Age=")[1].split(";")[0])
    assert database.limits.room_hours * 3600 - 120 <= seconds <= database.limits.room_hours * 3600
    assert key not in texts(at)
    at = run(at)
    assert cookie_scripts(at) == []  # once: the browser has it
    at = run(at.button(key="classroom_end").click())
    (script,) = cookie_scripts(at)
    assert f"{classroom_ui().COOKIE}=; Max-Age=0; Path=/" in script and key not in script


@pytest.mark.parametrize("forged", ["", "x", "y" * 500, "<b>k</b>"])
def test_forged_lecturer_link_changes_nothing(database, forged):
    code, _ = room_with(database, "cat")
    before = database.state(code)
    at = run(room=code, key=forged)
    assert "key" not in at.query_params
    assert "That is not this room's lecturer key" in texts(at)
    assert not button_keys(at) & set(LECTURER_BUTTONS)
    after = database.state(code)
    for name in ("question_id", "status", "closed", "asked"):
        assert getattr(after, name) == getattr(before, name), name


def test_typed_text_is_shown_as_text(database):
    code, _ = room_with(database, "cat")
    at = run(room=code)
    at.text_input(key="classroom_answer_cat").input("[x](javascript:1) <b>")
    at = run(send_button(at).click())
    (notice,) = at.warning
    assert notice.value == r'"\[x\]\(javascript\:1\) \<b\>" is not a number\: type one such as 2.9.'
    assert database.results(code, "cat").count == 0


# ---------------------------------------------------------------------------------- the figures


def test_the_charts_hide_the_answer_until_the_reveal():
    from hinge.figures import CORRECT
    from hinge.figures import classroom as figures

    counts = {"yes": 1, "no": 2}
    before = figures.choice_answers_figure(counts)
    assert list(before.data[0].y) == [1, 2] and len(set(before.data[0].marker.color)) == 1
    after = figures.choice_answers_figure(counts, answer="no")
    assert list(after.data[0].marker.color) == [figures.OTHER, CORRECT]
    values = [2.9, 2.94, 3.5]
    hidden = figures.number_answers_figure(values, question=CAT.question)
    assert list(hidden.data[0].x) == values and not hidden.layout.shapes and not hidden.layout.annotations
    shown = figures.number_answers_figure(values, question=CAT.question, answer=2.9, answer_shown="2.9")
    band, line = shown.layout.shapes
    assert (band.x0, band.x1, line.x0) == (2.85, 2.95, 2.9)
    assert shown.layout.annotations[0].text == "answer 2.9"
    # the bins do not move with the answer: the same for any answer, edges on the band's grid
    assert hidden.data[0].xbins == shown.data[0].xbins
    assert (hidden.data[0].xbins.start, hidden.data[0].xbins.size) == (2.85, 0.1)


def test_an_expired_room_says_so(database):
    hours = database.limits.room_hours + 1
    path = os.environ[classroom.ENV_VAR]
    with classroom.open_store(path, clock=lambda: time.time() - hours * 3600) as earlier:
        code, key = earlier.create_room()  # started `hours` ago: expired now
    at = run(room=code)
    assert "This room has expired" in texts(at)
    at = run(room=code, key=key)  # its lecturer, from the saved link: the answers stay downloadable
    assert "This room has expired. Its answers stay here to download." in texts(at)
    assert "classroom_open" not in button_keys(at) and downloads(at)


def test_new_answers_give_the_chart_a_new_data_revision_so_its_axes_are_drawn_again():
    """The live chart moves bars in place while only their data differs, keeping the old axes: a
    bar taller than the last tallest was cut off. A new revision makes it draw the whole chart."""
    from hinge.figures import classroom as figures

    def revision(values):
        return figures.number_answers_figure(values, question=CAT.question).layout.datarevision

    assert revision([2.9, 3.0]) == revision([3.0, 2.9])  # the same answers, in any order
    assert revision([2.9, 3.0]) != revision([2.9, 2.94, 3.0])  # one bar grows from 1 to 2
    assert revision([2.9]) != revision([4.5])  # an answer right of the last
    choices = figures.choice_answers_figure
    assert (
        choices({"yes": 1, "no": 2}).layout.datarevision == choices({"yes": 1, "no": 2}).layout.datarevision
    )
    assert (
        choices({"yes": 1, "no": 2}).layout.datarevision != choices({"yes": 1, "no": 3}).layout.datarevision
    )
    assert len(revision([float(i) for i in range(1000)])) == 16  # a digest: the chart's JSON stays lean
