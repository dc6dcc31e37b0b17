"""The classroom poll's storage: rooms, the lesson's questions asked in them, the students' answers.

No Streamlit import: the Classroom page, the tests and the load tools all drive
:func:`open_store` directly. See :mod:`hinge.classroom.store`.
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
