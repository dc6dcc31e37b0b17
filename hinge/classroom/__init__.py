"""The classroom poll's storage: rooms, the lesson's questions asked in them, the students' answers.

No Streamlit import: the Classroom page, the tests and the load tools all drive
:func:`open_store` directly. See :mod:`hinge.classroom.store`.

For the pages: open one store per server process (``st.cache_resource``), from
``st.secrets``' URL when there is one, else ``open_store()`` (the environment's
``HINGE_CLASSROOM_DB``, else ``data/classroom.sqlite3``); it is safe to share between
sessions' threads. Keep the lecturer key in the session (and the lecturer's own browser) only,
never in a projected address; a student's id may go in that phone's own address, so that a new
session (a reload, a restarted server) takes the seat back with ``rejoin(code, student_id)``,
never in the join link. Every refusal is a :class:`ClassroomError` (a ``ValueError``) whose
message is for the person: show ``str(error)`` as plain text. ``state(code)`` is what a
page polls each second (a few reads); ``display_code`` is how the projector shows a code.
"""

from hinge.classroom.codes import display_code, normalize_code
from hinge.classroom.store import (
    ENV_VAR,
    BadAnswer,
    ClassroomError,
    LimitReached,
    Limits,
    QuestionNotOpen,
    Results,
    RoomClosed,
    RoomExpired,
    RoomFull,
    RoomState,
    Store,
    TooManyAnswers,
    TooManyRooms,
    UnknownQuestion,
    UnknownRoom,
    UnknownStudent,
    WrongKey,
    open_store,
)

__all__ = [
    "ENV_VAR",
    "BadAnswer",
    "ClassroomError",
    "LimitReached",
    "Limits",
    "QuestionNotOpen",
    "Results",
    "RoomClosed",
    "RoomExpired",
    "RoomFull",
    "RoomState",
    "Store",
    "TooManyAnswers",
    "TooManyRooms",
    "UnknownQuestion",
    "UnknownRoom",
    "UnknownStudent",
    "WrongKey",
    "display_code",
    "normalize_code",
    "open_store",
]
