r"""The note as a lesson: its steps, each a question to predict before the answer is shown.

This module is the single source of the lesson's questions. The Lesson page walks through
:data:`STEPS`; the classroom poll asks the room the same questions (a step's ``key`` is the
question's id). It is pure: no Streamlit, no figures. Each step is plain data (its title,
its text, the state of the live view it is about, its question) plus a function that
computes the answer from a state through the :mod:`hinge` API. Nothing is typed in: change
the state and the answer follows.

Adding a step is one entry in :data:`STEPS`.

Examples
--------
>>> cat = by_key("cat")
>>> answer = cat.answer()
>>> answer.shown, math.isclose(answer.value, cat.note_value)
('2.9', True)
>>> check(cat.question, answer.value, "2.90").right, check(cat.question, answer.value, "3.5").right
(True, False)
>>> cat.answer({"scores": (4.0, 5.1, -1.7)}).shown  # the cat's score moved to 4: the answer follows
'2.1'
"""

import math
from dataclasses import dataclass, field
from types import MappingProxyType

from hinge import note, registry
from hinge.playground import playground
from hinge.playground_text import MINUS, arithmetic_rows, number

NUMBER, CHOICE = "number", "choice"  # the kinds of question
MAX_PREDICTION = 1e6  # a number prediction beyond this is refused: no answer of the lesson is near it
MAX_PREDICTION_CHARS = 40


@dataclass(frozen=True)
class Question:
    """What a step asks: a number to predict, or one of a few choices.

    ``tolerance`` is absolute (``relative=False``: |prediction − answer| <= tolerance) or a
    fraction of the answer (``relative=True``). ``digits`` is how many decimals the answer is
    written with.
    """

    prompt: str
    kind: str = NUMBER
    choices: tuple = ()
    tolerance: float = 0.05
    relative: bool = False
    digits: int = 2


@dataclass(frozen=True)
class Answer:
    """A step's answer for one state, computed, never typed in.

    ``value`` is a float (a number question) or one of the question's choices. ``arithmetic``
    is rows of plain text (never HTML), written out as the playground writes it. ``why`` is one
    or two sentences (our Markdown). ``note`` says what the note states here, or where it is loose.
    """

    value: object
    shown: str
    arithmetic: tuple = ()
    why: str = ""
    note: str = ""


@dataclass(frozen=True)
class Control:
    """A number the learner may push after the reveal: the state key it sets and a slider's range."""

    key: str
    label: str
    lo: float
    hi: float
    step: float


@dataclass(frozen=True)
class Step:
    """One step of the lesson.

    ``key`` is stable (links and the classroom poll name the question by it). ``view`` names
    the live view the page draws for ``state`` ("playground", ...). ``solve`` computes the
    :class:`Answer` from a state. ``note_value`` is the note's own number where it states one.
    """

    key: str
    title: str
    text: str
    view: str
    state: MappingProxyType
    question: Question
    solve: object = field(repr=False)
    controls: tuple = ()
    note_value: object = None

    def answer(self, state=None):
        """The answer for this step's state, with `state`'s entries in place of its own."""
        return self.solve({**self.state, **(state or {})})


@dataclass(frozen=True)
class Verdict:
    """How a prediction compares with the answer: right or not, and by how much for a number."""

    right: bool
    off_by: float = None  # prediction − answer (number questions)
    message: str = ""


def _shown(value, digits=2):
    return number(value, digits=digits).replace("-", MINUS)


def parse_number(text):
    """A learner's number prediction, read as they would write it; ValueError with a short message.

    Accepts "2.9", "2,9" (a decimal comma), " −1.7 " (a typeset minus), "1e-3".

    Examples
    --------
    >>> parse_number("2,9"), parse_number("−1.7"), parse_number(" 12.90 ")
    (2.9, -1.7, 12.9)
    >>> parse_number("abc")
    Traceback (most recent call last):
    ...
    ValueError: "abc" is not a number: type one such as 2.9.
    """
    raw = str(text)
    if len(raw) > MAX_PREDICTION_CHARS:
        raise ValueError(f"That is too long for a number (at most {MAX_PREDICTION_CHARS} characters).")
    cleaned = raw.strip().replace(MINUS, "-").replace(",", ".")
    if not cleaned:
        raise ValueError("Type a number first.")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f'"{raw.strip()}" is not a number: type one such as 2.9.') from None
    if not math.isfinite(value) or abs(value) > MAX_PREDICTION:
        raise ValueError(f"Type a number between {_shown(-MAX_PREDICTION, 0)} and {_shown(MAX_PREDICTION, 0)}.")
    return value


def check(question, value, prediction):
    """Compare a prediction (text or a number, or a choice) with the answer's `value`.

    Raises ValueError (with a message for the learner) for a prediction that is not a number,
    or not one of the choices.

    Examples
    --------
    >>> q = Question("What is the loss?", tolerance=0.05)
    >>> check(q, 2.9, 2.94).right, check(q, 2.9, "3").right, round(check(q, 2.9, "3").off_by, 10)
    (True, False, 0.1)
    """
    if question.kind == CHOICE:
        if prediction not in question.choices:
            raise ValueError("Pick one of the choices.")
        right = prediction == value
        return Verdict(right, None, "Right." if right else f"Not quite: the answer is {value}.")
    guess = prediction if isinstance(prediction, (int, float)) else parse_number(prediction)
    off = float(guess) - float(value)
    allowed = question.tolerance * abs(value) if question.relative else question.tolerance
    right = abs(off) <= allowed + 1e-12
    if right:
        return Verdict(True, off, "Right.")
    return Verdict(False, off, f"Off by {_shown(abs(off), question.digits)}: the answer is {_shown(value, question.digits)}.")


# ---------------------------------------------------------------- the steps' answers


def _view(state):
    """The playground's numbers for a state of the "playground" view."""
    return playground(
        state["scores"],
        state["label"],
        margin=state.get("margin", 1.0),
        scale=state.get("scale", 1.0),
        scale_margin=state.get("scale_margin", False),
        variant=state.get("variant", "weston_watkins"),
    )


def _rows(p):
    """The playground's arithmetic rows as plain text lines."""
    return tuple(f"{left:1} " + "".join(text for text, _ in pieces) for left, pieces in arithmetic_rows(p))


def _image_loss(why):
    def solve(state):
        p = _view(state)
        return Answer(p.loss, _shown(p.loss), _rows(p), why)

    return solve


def _state(**entries):
    return MappingProxyType(entries)


def _image(name, **more):
    scores, label = note.IMAGES[name]
    return _state(scores=tuple(scores), label=label, margin=1.0, **more)


def _score_controls(state):
    return tuple(
        Control(f"s{j}", f"{note.CLASS_NAMES[j]} score", -10.0, 10.0, 0.1) for j in range(len(state["scores"]))
    )


WW = registry.LOSSES["weston_watkins"]

STEPS = (
    Step(
        key="cat",
        title="The cat image",
        text=(
            "The note's first image is a cat. Its scores: cat 3.2, car 5.1, frog −1.7. "
            f"Each incorrect class adds ${registry.TERM}$ with the margin Δ = 1."
        ),
        view="playground",
        state=_image("cat"),
        question=Question("What is the loss of the cat image?"),
        solve=_image_loss("The car's score beats the cat's by 1.9, plus the margin: 2.9. The frog is far below: 0."),
        controls=_score_controls(_image("cat")),
        note_value=note.IMAGE_LOSSES[0],
    ),
    Step(
        key="car",
        title="The car image",
        text="The second image is a car: cat 1.3, car 4.9, frog 2.0.",
        view="playground",
        state=_image("car"),
        question=Question("What is the loss of the car image?"),
        solve=_image_loss("The car's score beats every other score by more than the margin: each term is 0."),
        controls=_score_controls(_image("car")),
        note_value=note.IMAGE_LOSSES[1],
    ),
    Step(
        key="frog",
        title="The frog image",
        text="The third image is a frog: cat 2.2, car 2.5, frog −3.1.",
        view="playground",
        state=_image("frog"),
        question=Question("What is the loss of the frog image?"),
        solve=_image_loss("The frog's score is the lowest of all: both terms are large."),
        controls=_score_controls(_image("frog")),
        note_value=note.IMAGE_LOSSES[2],
    ),
)

_BY_KEY = {step.key: step for step in STEPS}
assert len(_BY_KEY) == len(STEPS), "every step needs its own key"


def by_key(key):
    """The step with this key; KeyError for another."""
    return _BY_KEY[key]
