r"""The note as a lesson: its steps, each a question to predict before the answer is shown.

This module is the single source of the lesson's questions. The Lesson page walks through
:data:`STEPS`; the classroom poll asks the room the same questions (a step's ``key`` is the
question's id). It is pure: no Streamlit, no figures. Each step is plain data (its title,
its text, the state of the live view it is about, its question) plus a function that
computes the answer from a state through the :mod:`hinge` API. Nothing is typed in: change
the state and the answer follows.

Adding a step is one entry in :data:`STEPS`.

A step's ``view`` is one of :data:`VIEWS`; its state holds that view's keys (plain numbers,
tuples and strings):

- "playground": scores, label, margin, scale, scale_margin, variant, squared (and, for the
  step about small changes, eps and seed: the size and the seed of the random change);
- "batch": rows, labels, margin, variant;
- "random": classes, sigma, margin, samples, seed;
- "cross_entropy": rows, labels, margin, variant, and row (the index of the row asked about);
- "nudge": scores, label, eps, seed, margin, variant.

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
>>> [step.key for step in STEPS][:4], len(STEPS)
(['cat', 'car', 'frog', 'batch'], 16)
"""

import math
import re
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from hinge import links, note, params, registry
from hinge.compare import compare_rows, lead, nudge
from hinge.compare_table import Examples
from hinge.compare_text import format_scores, format_value, nudge_metrics, results_table
from hinge.experiments import jitter_experiment, kink_experiment, margin_scaling, min_max_sweep, slack
from hinge.playground import batch_losses, playground
from hinge.playground_controls import BATCH_IMAGES, share_query
from hinge.playground_text import MINUS, arithmetic_rows, mean_latex, number
from hinge.random_scores import expected_random_loss, random_losses

NUMBER, CHOICE = "number", "choice"  # the kinds of question
YES, NO = "yes", "no"
VIEWS = ("playground", "batch", "random", "cross_entropy", "nudge")
MAX_PREDICTION = 1e6  # a number prediction beyond this is refused: no answer of the lesson is near it
MAX_PREDICTION_CHARS = 40
ABOUT = 0.05  # "about C − 1": the exact expectation within 5 % of it
SCORE_KEY = re.compile(r"s([0-9])")  # a control of one entry of the scores: s0 .. s9


@dataclass(frozen=True)
class Question:
    """What a step asks: a number to predict, or one of a few choices.

    ``tolerance`` is absolute (``relative=False``: |prediction − answer| <= tolerance) or a
    fraction of the answer (``relative=True``). ``digits`` is how many decimals the answer is
    written with (a relative question writes 3 significant digits instead).
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
    or two sentences (our Markdown). ``note`` says what the note states here, or where it is loose,
    written to follow a label "The note:" (it starts with a lower-case word, a number or a quote).
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
    :class:`Answer` from a state. ``note_value`` is the note's own number (or, for a choice,
    the note's own answer) where it states one.
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


def _significant(value):
    """`value` with 3 significant digits, as the cross-entropy page writes a loss: 0.000918, 3.38e-48."""
    text = format_value(abs(value))
    return MINUS + text if value < 0 else text


def shown(question, value):
    """The answer's `value` as the page writes it for `question`.

    Parameters
    ----------
    question : Question
    value : float or str
        A number question's answer, or one of a choice question's choices.

    Returns
    -------
    str
        At most `question.digits` decimals (a typeset minus, no trailing zeros); 3 significant
        digits for a relative question; a choice as it is.

    Examples
    --------
    >>> shown(Question("?"), 2.8999999999999995), shown(Question("?", relative=True), 0.000917915)
    ('2.9', '0.000918')
    >>> shown(Question("?", kind=CHOICE, choices=(YES, NO)), NO)
    'no'
    """
    if question.kind == CHOICE:
        return str(value)
    return _significant(value) if question.relative else _shown(value, question.digits)


def parse_number(text):
    """A learner's number prediction, read as they would write it; ValueError with a short message.

    Accepts "2.9", "2,9" (a decimal comma), " −1.7 " (a typeset minus), "1e-3".

    Parameters
    ----------
    text : str
        What the learner typed (anything: it is untrusted).

    Returns
    -------
    float
        Finite, within ±MAX_PREDICTION.

    Raises
    ------
    ValueError
        For text that is empty, too long, not a number, not finite or too large; the message
        is for the learner (it may quote their text: escape it before showing it as Markdown).

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
        raise ValueError(
            f"Type a number between {_shown(-MAX_PREDICTION, 0)} and {_shown(MAX_PREDICTION, 0)}."
        )
    return value


def check(question, value, prediction):
    """Compare a prediction (text or a number, or a choice) with the answer's `value`.

    A relative tolerance allows nothing for an answer of 0, and 0 is wrong for a tiny answer
    such as 3.38e-48.

    Parameters
    ----------
    question : Question
    value : float or str
        The answer (:attr:`Answer.value`).
    prediction : str, float or choice
        The learner's text or number (a number question), or their choice.

    Returns
    -------
    Verdict
        ``off_by`` is prediction − answer for a number question, None for a choice.

    Raises
    ------
    ValueError
        With a message for the learner, for a prediction that is not a number, or not one
        of the choices.

    Examples
    --------
    >>> q = Question("What is the loss?", tolerance=0.05)
    >>> check(q, 2.9, 2.94).right, check(q, 2.9, "3").right, round(check(q, 2.9, "3").off_by, 10)
    (True, False, 0.1)
    >>> tiny = Question("What is the cross-entropy?", tolerance=0.1, relative=True)
    >>> check(tiny, 3.38e-48, "0").message, check(tiny, 3.38e-48, "3.4e-48").right
    ('Off by 3.38e-48: the answer is 3.38e-48.', True)
    """
    if question.kind == CHOICE:
        if prediction not in question.choices:
            raise ValueError("Pick one of the choices.")
        right = prediction == value
        return Verdict(right, None, "Right." if right else f"Not quite: the answer is {value}.")
    if isinstance(prediction, bool):
        raise ValueError("Type a number first.")
    guess = prediction if isinstance(prediction, (int, float)) else parse_number(prediction)
    if not math.isfinite(guess):
        raise ValueError("Type a number first.")
    off = float(guess) - float(value)
    if question.relative:  # a hair of rounding slack, as a fraction too: 0 must stay wrong for 1e-48
        right = abs(off) <= question.tolerance * abs(value) * (1 + 1e-9)
    else:
        right = abs(off) <= question.tolerance + 1e-12
    if right:
        return Verdict(True, off, "Right.")
    if question.relative:
        gap, answer = _significant(abs(off)), _significant(value)
    else:
        gap, answer = _shown(abs(off), question.digits), _shown(value, question.digits)
    return Verdict(False, off, f"Off by {gap}: the answer is {answer}.")


# ---------------------------------------------------------------- the state, the controls, the link


def with_control(state, key, value):
    """The state with control `key` set to `value`: a state key, or "s0".."s9" for one score.

    On a "cross_entropy" state (rows and the row asked about) "s1" sets that row's score 1.
    A whole-number entry (classes, samples, seed) takes a whole number only.

    Parameters
    ----------
    state : mapping
        A step's state.
    key : str
        A key of `state`, or "s<j>" for entry j of its scores.
    value : real number
        Finite; not a bool.

    Returns
    -------
    MappingProxyType
        A new state; `state` is left as it is.

    Raises
    ------
    KeyError
        For a key the state has no entry for.
    ValueError
        For a value that is not a finite number (or not whole where a whole number is kept).

    Examples
    --------
    >>> car = by_key("car").state
    >>> with_control(car, "s1", 3.5)["scores"], with_control(car, "margin", 2)["margin"]
    ((1.3, 3.5, 2.0), 2.0)
    >>> with_control(by_key("ce_confident").state, "s2", 8.0)["rows"][0]
    (10.0, -2.0, 8.0)
    >>> with_control(car, "s7", 1.0)
    Traceback (most recent call last):
    ...
    KeyError: "no entry 's7' in this state"
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{key} takes a number. Got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{key} takes a finite number. Got {value!r}")
    new = dict(state)
    score = SCORE_KEY.fullmatch(str(key))
    if score:
        j = int(score.group(1))
        if "scores" in state and j < len(state["scores"]):
            new["scores"] = _replaced(state["scores"], j, float(value))
            return MappingProxyType(new)
        if "rows" in state and "row" in state and j < len(state["rows"][state["row"]]):
            row = state["row"]
            new["rows"] = _replaced(state["rows"], row, _replaced(state["rows"][row], j, float(value)))
            return MappingProxyType(new)
    if score or key not in state or isinstance(state[key], (bool, str, tuple)):
        raise KeyError(f"no entry {key!r} in this state")
    if isinstance(state[key], int):
        if value != int(value):
            raise ValueError(f"{key} takes a whole number. Got {value!r}")
        new[key] = int(value)
    else:
        new[key] = float(value)
    return MappingProxyType(new)


def control_value(state, key):
    """The state's number that control `key` sets: a state entry, or for "s<j>" score j.

    On a "cross_entropy" state "s<j>" is score j of the row asked about, as in :func:`with_control`.

    Parameters
    ----------
    state : mapping
        A step's state.
    key : str
        A control's key.

    Returns
    -------
    float or int

    Raises
    ------
    KeyError, IndexError
        For a key the state has no entry for.

    Examples
    --------
    >>> control_value(by_key("cat").state, "s1"), control_value(by_key("ce_zero").state, "s1")
    (5.1, -100.0)
    >>> control_value(by_key("random").state, "classes")
    3
    """
    score = SCORE_KEY.fullmatch(str(key))
    if score:
        scores = state["scores"] if "scores" in state else state["rows"][state["row"]]
        return scores[int(score.group(1))]
    return state[key]


def _replaced(items, i, value):
    return tuple(value if k == i else item for k, item in enumerate(items))


def playground_query(state):
    """The playground page's share query for a "playground" state; None for any other view's.

    A playground state is known by its ``scale`` (no other view has one).

    Parameters
    ----------
    state : mapping
        A step's state.

    Returns
    -------
    str or None
        The query string (no "?"), every control in the playground's fixed order, as
        :func:`hinge.playground_controls.share_query` writes it.

    Examples
    --------
    >>> playground_query(by_key("frog").state)
    'classes=3&label=frog&s0=2.2&s1=2.5&s2=-3.1&margin=1&scale=1&scale_margin=false&variant=Weston-Watkins&squared=false'
    >>> playground_query(by_key("batch").state) is None
    True
    """
    if "scale" not in state or "scores" not in state:
        return None
    names = note.CLASS_NAMES[: len(state["scores"])]
    return share_query(
        names=names,
        label=names[state["label"]],
        scores=state["scores"],
        margin=state["margin"],
        scale=state["scale"],
        scale_margin=state["scale_margin"],
        variant=registry.LOSSES[state["variant"]].short,
        squared=state.get("squared", False),
    )


def step_from_link(text):
    """The step a link's ``step`` value opens, 1-based in the link: (index into STEPS, notice or None).

    No value (None) opens step 1 without a notice. Anything else that is not a whole number
    from 1 to len(STEPS) opens step 1 with a short notice (Markdown, the link's text
    shortened and escaped). A whole number may be spelled as a float: "3.0" and "3e0" open
    step 3; "2.5" does not. A list (a repeated ``step``) is read when it has one value.

    Parameters
    ----------
    text : str, list of str or None
        The link's value (``st.query_params.get_all("step")`` gives a list); untrusted.

    Returns
    -------
    (index, notice) : (int, str or None)
        `index` is 0-based, for ``STEPS[index]``; `notice` is Markdown, None when the value
        was used as it is.

    Examples
    --------
    >>> step_from_link("3"), step_from_link("3.0"), step_from_link(None)
    ((2, None), (2, None), (0, None))
    >>> step_from_link("0")
    (0, '`step` is out of range (0; expected 1 to 16): using 1.')
    >>> step_from_link(["2", "5"])
    (0, '`step` is given 2 times: using 1.')
    """
    if isinstance(text, (list, tuple)):
        if len(text) > 1:
            return 0, f"`step` is given {len(text):,} times: using 1."
        text = text[0] if text else None
    if text is None:
        return 0, None
    if len(str(text)) > params.MAX_TEXT:
        return 0, f"`step` is too long ({len(str(text)):,} characters): using 1."
    fixed, notice = links.check_value("step", str(text), links.Number(1, len(STEPS), 1, 1))
    return (0, notice) if notice else (int(fixed) - 1, None)


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
        squared=state.get("squared", False),
    )


def _rows(p):
    """The playground's arithmetic rows as plain text lines."""
    return tuple(f"{left:1} " + "".join(text for text, _ in pieces) for left, pieces in arithmetic_rows(p))


def _listed(names):
    """cat, car and frog."""
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _terms_why(p):
    """Why the image's loss is what it is: which scores are within the margin of the correct one."""
    names, y = note.CLASS_NAMES, p.label
    incorrect = [j for j in range(len(p.scores)) if j != y]
    within = [j for j in incorrect if p.terms[j] > 0]
    below = [j for j in incorrect if p.terms[j] == 0]
    correct, margin = f"the {names[y]}'s {_shown(p.scores[y])}", _shown(p.margin)
    if not within:
        return (
            f"The {names[y]}'s score {_shown(p.scores[y])} beats every other score by at least the "
            f"margin {margin}: each term is 0, so the loss is 0."
        )
    them = _listed(f"the {names[j]}'s {_shown(p.scores[j])}" for j in within)
    one = len(within) == 1
    first = (
        f"{them[0].upper() + them[1:]} {'is' if one else 'are'} not at least the margin {margin} below "
        f"{correct}, so {'its term counts' if one else 'their terms add up'}: {_shown(p.loss)}."
    )
    if not below:
        return first
    rest = _listed(f"the {names[j]}'s {_shown(p.scores[j])}" for j in below)
    return first + f" {rest[0].upper() + rest[1:]} {'is' if len(below) == 1 else 'are'} far enough below: 0."


def _image_loss(state):
    p = _view(state)
    return Answer(p.loss, _shown(p.loss), _rows(p), _terms_why(p))


def _batch_mean(state):
    b = batch_losses(state["rows"], state["labels"], margin=state["margin"], variant=state["variant"])
    mean = re.sub(r"\\mathbf\{(.*)\}", r"\1", mean_latex(b))  # the playground's line, in plain text
    rows = tuple(f"{image}: L = {_shown(v)}" for image, v in zip(BATCH_IMAGES, b.losses, strict=True))
    top = int(np.argmax(b.losses))
    why = (
        f"The loss of a batch is the mean of its images' losses: {mean}. The largest, the "
        f"{BATCH_IMAGES[top]}'s {_shown(b.losses[top])}, pulls it up the most."
    )
    losses = note.IMAGE_LOSSES
    remark = (
        f"{_shown(note.BATCH_MEAN)} is ({' + '.join(_shown(v) for v in losses)}) / {len(losses)} = "
        f"{_shown(note.BATCH_MEAN, 4)}, rounded."
    )
    return Answer(b.mean, _shown(b.mean), (*rows, mean), why, remark)


def _slack_rows(p):
    """slack_j = s_y − s_j − Δ for each incorrect class, written out."""
    names, y, sl = note.CLASS_NAMES, p.label, slack(p.scores, p.label, margin=p.margin)
    return tuple(
        f"slack of {names[j]}: {_shown(p.scores[y])} {MINUS} {_shown(p.scores[j])} {MINUS} "
        f"{_shown(p.margin)} = {_shown(sl[j])}"
        for j in range(len(p.scores))
        if j != y
    )


def _small_change(state):
    """Does the loss change when each score moves by at most eps? No iff it is 0 and eps <= half the slack.

    jitter_experiment measures the Weston-Watkins loss: the step's state is that variant.
    """
    p, eps = _view(state), state["eps"]
    r = jitter_experiment(
        p.scores, p.label, size=eps, seed=state["seed"], margin=p.margin, class_names=note.CLASS_NAMES
    )
    unchanged = eps == 0 or (r.loss == 0 and eps <= r.safe_size)
    names, y = note.CLASS_NAMES, p.label
    tight = names[r.tightest]
    if unchanged:
        why = (
            f"Every score may move by up to {_shown(r.safe_size)} (half of the {tight}'s slack "
            f"{_shown(r.slack[r.tightest])}) and every margin is still met: the loss stays exactly 0. "
            "The loss is robust to small changes."
        )
    elif r.loss > 0:
        why = f"The loss is {_shown(r.loss)} already: a margin is not met, so moving a score moves the loss."
    else:
        why = (
            f"A change of {_shown(eps)} is more than half of the {tight}'s slack "
            f"{_shown(r.slack[r.tightest])}: raise the {tight}'s score and lower the {names[y]}'s by "
            f"{_shown(eps)} and its term wakes up."
        )
    jittered = (
        f"a random change of at most {_shown(eps)} (seed {state['seed']}): L = {number(r.jittered_loss)}"
    )
    value = NO if unchanged else YES
    return Answer(value, value, (*_rows(p), *_slack_rows(p), jittered), why)


def _fall(state):
    """How far the correct score may fall before the loss changes: the least slack, 0 if a term is on."""
    p = _view(state)
    sl = slack(p.scores, p.label, margin=p.margin)
    names, y, j = note.CLASS_NAMES, p.label, int(np.nanargmin(sl))
    value = max(0.0, float(sl[j]))
    if sl[j] < 0:
        why = f"The {names[j]}'s term is above 0 already: any fall of the {names[y]}'s score raises the loss."
    else:
        why = (
            f"The {names[y]}'s score {_shown(p.scores[y])} may fall until it is only the margin "
            f"{_shown(p.margin)} above the highest other score, the {names[j]}'s {_shown(p.scores[j])}. "
            f"If every score moves at once, each may move by half of it, {_shown(value / 2)}."
        )
    rows = (*_slack_rows(p), f"max(0, the smallest slack) = {_shown(value)}")
    return Answer(value, _shown(value), rows, why)


def _sweep(p):
    """The loss as the correct score moves over a range that reaches the point where it is 0."""
    sy = p.scores[p.label]
    lo = min(
        -10.0, float(p.scores.min()) - 5.0
    )  # below every kink s_j + Δ: the far left slope is the full one
    return min_max_sweep(
        p.scores, p.label, correct=sy, lo=lo, hi=max(15.0, p.zero_from + 5.0), margin=p.margin
    )


def _at_correct(p, value):
    """The playground's numbers with the correct score (as the graph uses it) set to `value`."""
    scores = _replaced(tuple(p.scores), p.label, value)
    return playground(scores, p.label, margin=p.margin, variant=p.variant, squared=p.squared)


def _minimum(state):
    p = _view(state)
    sweep = _sweep(p)
    value = float(sweep.profile.losses.min())
    names, y = note.CLASS_NAMES, p.label
    why = (
        f"Once the {names[y]}'s score reaches {_shown(p.zero_from)} (the highest other score, "
        f"{_shown(p.highest_incorrect)}, plus the margin {_shown(p.margin)}) every term is 0, and a sum of "
        f"max(0, ·) is never below 0. Cross-entropy never gets there: for the {names[y]}'s score from "
        f"{_shown(sweep.ce_xs[0])} to {_shown(sweep.ce_xs[-1])} its least value is "
        f"{_significant(sweep.ce_min)}."
    )
    return Answer(value, _shown(value), _rows(_at_correct(p, p.zero_from)), why)


def _maximum(state):
    p = _view(state)
    sweep = _sweep(p)
    bounded = sweep.rise == 0
    names, y, lo = note.CLASS_NAMES, p.label, float(sweep.profile.xs[0])
    far = _at_correct(p, lo)
    why = (
        f"Lower the {names[y]}'s score and the loss rises {_shown(sweep.rise)} per unit (once every "
        f"margin is broken), without bound: at {_shown(lo)} it is {_shown(far.loss)} already."
    )
    return Answer(YES if bounded else NO, YES if bounded else NO, _rows(far), why)


def _random(state):
    c, sigma, margin = state["classes"], state["sigma"], state["margin"]
    expected = float(expected_random_loss(c, sigma, margin=margin))
    svm, _ = random_losses(c, sigma, state["samples"], margin=margin, seed=state["seed"])
    c1 = (c - 1) * margin
    off = abs(expected / c1 - 1) if c1 else math.inf
    about = off <= ABOUT
    mc = f"{state['samples']:,} random examples average {_significant(float(svm.mean()))}"
    rows = (
        registry.EXPECTED_RANDOM_LOSS,
        f"C = {c}, Δ = {_shown(margin)}, σ = {_shown(sigma)}: E[L] = {_significant(expected)}",
        f"(C {MINUS} 1)·Δ = {_shown(c1)}",
        mc,
    )
    if about:
        why = (
            f"With scores nearly equal each of the C − 1 = {c - 1} terms is about max(0, 0 + Δ) = "
            f"{_shown(margin)}: E[L] = {_significant(expected)}, and {mc}."
        )
    else:
        why = (
            f"With σ = {_shown(sigma)} the scores are not small next to the margin Δ = {_shown(margin)}: "
            f"the terms are not about Δ, and E[L] = {_significant(expected)} is "
            f"{number(100 * off, digits=0)}% away from (C − 1)·Δ = {_shown(c1)}; {mc}."
        )
    at_one = _significant(float(expected_random_loss(c, 1.0, margin=margin)))
    remark = (
        f"“approximately C − 1” holds only while the scores are small next to the margin (and with "
        f"Δ = 1): at σ = 1 the expectation is already {at_one}. Push σ to see it go."
    )
    return Answer(expected, _significant(expected), rows, why, remark)


def _kink(state):
    """Is the loss differentiable along the correct score? (kink_experiment: Weston-Watkins, not squared.)"""
    p = _view(state)
    sy = float(p.scores[p.label])
    r = kink_experiment(
        p.scores, p.label, cls=p.label, value=sy, lo=sy - 5, hi=sy + 5, margin=p.margin, trials=1000,
        class_names=note.CLASS_NAMES,
    )  # fmt: skip
    left, right = r.subgradient
    names = note.CLASS_NAMES
    if r.at_kink:
        why = (
            f"At the {names[p.label]}'s score {_shown(sy)} a term is exactly at its hinge: the slope is "
            f"{_shown(left)} just below and {_shown(right)} just above, so there is no derivative, only a "
            f"subgradient (any slope from {_shown(left)} to {_shown(right)}). A score drawn at random from "
            f"{_shown(r.lo)} to {_shown(r.hi)} lands exactly on one with probability "
            f"{_significant(r.chance)}."
        )
    else:
        why = (
            f"No term is exactly at its hinge here: the slope is {_shown(left)} (the nearest hinge is "
            f"{_shown(r.nearest_kink)} away). The loss is differentiable everywhere but at its hinges."
        )
    rows = (*_rows(p), f"slope: {_shown(left)} below, {_shown(right)} above")
    return Answer(NO if r.at_kink else YES, NO if r.at_kink else YES, rows, why)


def _scaled(state):
    p = _view(state)
    k, margin = state["scale"], state["margin"]
    r = margin_scaling(state["scores"], state["label"], k=k, margin=margin)
    if state["scale_margin"]:
        why = (
            f"Scaling the scores and the margin by k = {_shown(k)} scales every term by k: "
            f"{_shown(p.loss)} = {_shown(k)} × {_shown(r.loss)}, the same terms zero and non-zero "
            f"({registry.SCALING})."
        )
    else:
        why = f"Only the scores are scaled, the margin stays {_shown(margin)}: the loss is {_shown(p.loss)}."
    remark = (
        f"margin {_shown(r.literal_margin)} with the scores ×{_shown(k)} gives “the exact same thing”. Read "
        f"literally it gives {_shown(r.literal_loss)} here, not {_shown(r.loss)}; what holds is "
        f"{registry.SCALING}: only the ratio of scores to margin matters, so Δ = 1 loses nothing."
    )
    return Answer(p.loss, _shown(p.loss), _rows(p), why, remark)


def _crammer_singer(state):
    p = _view(state)
    ww = _view({**state, "variant": "weston_watkins"})
    names, worst = note.CLASS_NAMES, p.worst
    why = (
        f"Only the highest incorrect score counts, the {names[worst]}'s {_shown(p.scores[worst])}: "
        f"{_shown(p.loss)}. The note's formula (Weston-Watkins) adds every term: {_shown(ww.loss)}."
    )
    remark = (
        f"its formula sums every term ({registry.LOSSES['weston_watkins'].short}); its diagram, "
        f"with one dash for the highest incorrect score, draws {registry.LOSSES['crammer_singer'].short} "
        "(the max). They agree when at most one term is above 0."
    )
    return Answer(p.loss, _shown(p.loss), _rows(p), why, remark)


def _comparison(state):
    """compare_rows of a "cross_entropy" state, and the results table's row of the row asked about."""
    rows, labels = state["rows"], state["labels"]
    c = compare_rows(rows, labels, margin=state["margin"], variant=state["variant"])
    examples = Examples([list(r) for r in rows], list(labels), list(range(1, len(rows) + 1)), [])
    return c, results_table(c, examples)[state["row"]]


def _results_rows(state, table_row):
    s = state["rows"][state["row"]]
    y = state["labels"][state["row"]]
    row = format_scores(s).replace("-", MINUS)
    terms = " + ".join(f"e^{_shown(v)}" for v in s)
    return (
        f"L = {MINUS}log(e^{_shown(s[y])} / ({terms}))",
        f"row {table_row['row']} {row}: lead {table_row['lead']}, SVM loss {table_row['SVM loss']}, "
        f"cross-entropy {table_row['cross-entropy']}, p(correct) {table_row['p(correct)']}",
    )


def _cross_entropy(state):
    c, table_row = _comparison(state)
    i = state["row"]
    value = float(c.cross_entropy[i])
    svm = "0: every margin is met" if c.svm[i] == 0 else f"{_shown(c.svm[i])}: a margin is not met"
    why = (
        f"The correct class's probability is {table_row['p(correct)']}, not 1, so −log of it is "
        f"{table_row['cross-entropy']} > 0. The SVM loss is {svm}."
    )
    return Answer(value, table_row["cross-entropy"], _results_rows(state, table_row), why)


def _cross_entropy_zero(state):
    c, table_row = _comparison(state)
    zero = math.isinf(c.log10_cross_entropy[state["row"]])  # log space: exact even where float64 underflows
    tiny = ": tiny, but not 0" if c.log10_cross_entropy[state["row"]] < -3 else ", not 0"
    why = (
        f"It is {table_row['cross-entropy']}{tiny}. Every e^s_j is above 0, so the correct class's "
        f"probability is {table_row['p(correct)']}, never exactly 1."
    )
    return Answer(YES if zero else NO, YES if zero else NO, _results_rows(state, table_row), why)


NUDGED = ("both", "only cross-entropy", "only the SVM loss", "neither")


def _nudge(state):
    n = nudge(
        state["scores"], state["label"], eps=state["eps"], seed=state["seed"], margin=state["margin"],
        variant=state["variant"],
    )  # fmt: skip
    svm, ce = n.svm_after != n.svm_before, n.log10_cross_entropy_after != n.log10_cross_entropy_before
    value = NUDGED[{(True, True): 0, (False, True): 1, (True, False): 2, (False, False): 3}[(svm, ce)]]
    moved = f"{format_scores(n.before)} → {format_scores(n.after)}".replace("-", MINUS)
    rows = (moved, *(f"{name}: {m['value']} ({m['delta']})" for name, m in nudge_metrics(n).items()))
    return Answer(value, value, rows, _nudge_why(n, state, svm, ce))


def _nudge_why(n, state, svm, ce):
    """Why each loss moved or not: the lead against the margin and ε; cross-entropy is never 0."""
    if not svm and n.svm_before == 0:
        first = (
            f"The correct score led by {_shown(lead(n.before, state['label']))}, and no score moved by more "
            f"than ε = {_shown(state['eps'])}: every margin ({_shown(state['margin'])}) is still met, so the "
            "SVM loss stays exactly 0."
        )
    elif not svm:
        first = f"No term of the SVM loss crossed its hinge: it stays {_shown(n.svm_before)}."
    else:
        first = (
            f"A margin is not met, so the SVM loss moves too: {_shown(n.svm_before)} → {_shown(n.svm_after)}."
        )
    if ce:
        ratio = f"×{n.cross_entropy_ratio:.4g}"
        return first + f" Cross-entropy is never 0, so any change of the scores moves it ({ratio})."
    return first + " Cross-entropy happens to stay the same with this nudge."


# ---------------------------------------------------------------- the steps' data


def _state(**entries):
    return MappingProxyType(entries)


def _image(name, **more):
    scores, label = note.IMAGES[name]
    entries = {"scores": tuple(scores), "label": label, "margin": 1.0, "scale": 1.0, "scale_margin": False}
    return _state(**{**entries, "variant": "weston_watkins", "squared": False, **more})


def _score_controls(state, lo=-10.0, hi=10.0, step=0.1):
    scores = state["scores"] if "scores" in state else state["rows"][state["row"]]
    return tuple(Control(f"s{j}", f"{note.CLASS_NAMES[j]} score", lo, hi, step) for j in range(len(scores)))


def _ce(row):
    return _state(rows=note.CE_ROWS, labels=note.CE_LABELS, margin=1.0, variant="weston_watkins", row=row)


def _scores_text(state):
    """cat 3.2, car 5.1, frog −1.7: a playground state's scores, for a step's text."""
    return ", ".join(f"{note.CLASS_NAMES[j]} {_shown(v)}" for j, v in enumerate(state["scores"]))


def _row_text(row):
    return format_scores(note.CE_ROWS[row]).replace("-", MINUS)


MARGIN = Control("margin", "margin Δ", 0.0, 5.0, 0.1)  # the playground's margin slider's range
SCALE = Control("scale", "scale k", 0.1, 10.0, 0.1)  # the playground's scale slider's range
YES_NO = (YES, NO)
CAT, CAR, FROG = _image("cat"), _image("car"), _image("frog")
SMALL_CHANGE = _image("car", eps=0.3, seed=0)
ON_THE_HINGE = _image("cat", scores=(6.1, *note.IMAGES["cat"][0][1:]))  # the cat's score at car's 5.1 + Δ
SCALED = _image("cat", scale=10.0, scale_margin=True)
LEADS = lead(note.CE_ROWS, note.CE_LABELS)
RANDOM = _state(classes=3, sigma=0.1, margin=1.0, samples=10_000, seed=0)
NUDGE = _state(
    scores=note.CE_ROWS[2], label=note.CE_LABELS[2], eps=0.5, seed=0, margin=1.0, variant="weston_watkins"
)

STEPS = (
    Step(
        key="cat",
        title="The cat image",
        text=(
            f"The note's first image is a cat. Its scores: {_scores_text(CAT)}. "
            f"Each incorrect class adds ${registry.TERM}$ with the margin Δ = {_shown(CAT['margin'])}."
        ),
        view="playground",
        state=CAT,
        question=Question("What is the loss of the cat image?"),
        solve=_image_loss,
        controls=(*_score_controls(CAT), MARGIN),
        note_value=note.IMAGE_LOSSES[0],
    ),
    Step(
        key="car",
        title="The car image",
        text=f"The second image is a car: {_scores_text(CAR)}.",
        view="playground",
        state=CAR,
        question=Question("What is the loss of the car image?"),
        solve=_image_loss,
        controls=(*_score_controls(CAR), MARGIN),
        note_value=note.IMAGE_LOSSES[1],
    ),
    Step(
        key="frog",
        title="The frog image",
        text=f"The third image is a frog: {_scores_text(FROG)}.",
        view="playground",
        state=FROG,
        question=Question("What is the loss of the frog image?"),
        solve=_image_loss,
        controls=(*_score_controls(FROG), MARGIN),
        note_value=note.IMAGE_LOSSES[2],
    ),
    Step(
        key="batch",
        title="The whole batch",
        text="The note's three images together are a batch. Its loss is one number for all three.",
        view="batch",
        state=_state(rows=note.BATCH, labels=note.BATCH_LABELS, margin=1.0, variant="weston_watkins"),
        question=Question("What is the loss of the batch of three images?"),
        solve=_batch_mean,
        controls=(MARGIN,),
        note_value=note.BATCH_MEAN,
    ),
    Step(
        key="car_small_change",
        title="The car's scores change a bit",
        text=(
            "A model's scores are never exact. Move every score of the car image by a little, "
            f"at most ε = {_shown(SMALL_CHANGE['eps'])} each, up or down."
        ),
        view="playground",
        state=SMALL_CHANGE,
        question=Question("Does the car image's loss change if its scores change a bit?", CHOICE, YES_NO),
        solve=_small_change,
        controls=(Control("eps", "change ε", 0.0, 3.0, 0.05), *_score_controls(SMALL_CHANGE)),
        note_value=NO,
    ),
    Step(
        key="car_slack",
        title="How far the car's score may fall",
        text="Hold the cat's and the frog's scores where they are and lower the car's own score.",
        view="playground",
        state=CAR,
        question=Question("How far may the car's score fall before its loss changes?"),
        solve=_fall,
        controls=(*_score_controls(CAR), MARGIN),
    ),
    Step(
        key="minimum",
        title="The least possible loss",
        text="Move the cat's score anywhere, up or down: the loss follows.",
        view="playground",
        state=CAT,
        question=Question("What is the minimum possible value of the hinge loss?"),
        solve=_minimum,
        controls=(*_score_controls(CAT), MARGIN),
        note_value=0.0,
    ),
    Step(
        key="maximum",
        title="The largest possible loss",
        text="Now lower the cat's score as far as you like.",
        view="playground",
        state=CAT,
        question=Question("Does the hinge loss have a maximum possible value?", CHOICE, YES_NO),
        solve=_maximum,
        controls=(*_score_controls(CAT), MARGIN),
        note_value=NO,  # "the max is infinity"
    ),
    Step(
        key="random",
        title="Random scores",
        text=(
            "A model that has learnt nothing gives random scores. Draw every score of "
            f"{RANDOM['classes']} classes at random, small: N(0, σ²) with σ = {_shown(RANDOM['sigma'])}."
        ),
        view="random",
        state=RANDOM,
        question=Question("What loss do you expect for these random scores?", tolerance=0.05, relative=True),
        solve=_random,
        controls=(
            Control("classes", "classes C", 2, 10, 1),
            Control("sigma", "spread σ", 0.01, 5.0, 0.01),
            MARGIN,
        ),
        note_value=RANDOM["classes"] - 1,  # the note's C − 1
    ),
    Step(
        key="kink",
        title="Differentiable?",
        text=(
            "Training follows the loss's slope. Here the cat's score is "
            f"{_shown(ON_THE_HINGE['scores'][0])}: the car's {_shown(ON_THE_HINGE['scores'][1])} plus the "
            "margin."
        ),
        view="playground",
        state=ON_THE_HINGE,
        question=Question("Is the hinge loss differentiable at this point?", CHOICE, YES_NO),
        solve=_kink,
        controls=_score_controls(ON_THE_HINGE),
        note_value=NO,  # "differentiable everywhere but the hinge"
    ),
    Step(
        key="margin_scale",
        title="Margin and scale",
        text=(
            f"Multiply the cat image's scores by k = {_shown(SCALED['scale'])}, and the margin too: "
            f"Δ = {_shown(SCALED['scale'] * SCALED['margin'])}."
        ),
        view="playground",
        state=SCALED,
        question=Question("With the scores and the margin both ×k, what is the cat image's loss?"),
        solve=_scaled,
        controls=(SCALE, MARGIN),
        note_value=10 * note.IMAGE_LOSSES[0],  # 29: the identity, k·L(s; Δ) with k = 10
    ),
    Step(
        key="crammer_singer",
        title="Sum or max: Weston-Watkins and Crammer-Singer",
        text=(
            "The note's diagram marks only the highest incorrect score. A loss that counts only "
            "that one (Crammer-Singer) takes the max of the terms instead of their sum."
        ),
        view="playground",
        state=_image("frog", variant="crammer_singer"),
        question=Question("With only the highest incorrect score counted, what is the frog image's loss?"),
        solve=_crammer_singer,
        controls=(*_score_controls(FROG), MARGIN),
        note_value=6.6,  # the number: the note states no Crammer-Singer value
    ),
    Step(
        key="ce_confident",
        title=f"Cross-entropy on {_row_text(0)}",
        text=(
            f"The note's last section compares both losses on three rows, the correct class first: "
            f"{_row_text(0)}, {_row_text(1)}, {_row_text(2)}. The SVM loss of each is 0. Cross-entropy "
            f"is −log of the correct class's softmax probability. Start with {_row_text(0)}."
        ),
        view="cross_entropy",
        state=_ce(0),
        question=Question(f"What is the cross-entropy of {_row_text(0)}?", tolerance=0.1, relative=True),
        solve=_cross_entropy,
        controls=_score_controls(_ce(0), -20.0, 20.0, 0.5),
        note_value=0.000918,  # the number: the note says only "greater than 0"
    ),
    Step(
        key="ce_close",
        title=f"Cross-entropy on {_row_text(1)}",
        text=f"The second row, {_row_text(1)}: the correct score leads by {_shown(LEADS[1])}, the margin.",
        view="cross_entropy",
        state=_ce(1),
        question=Question(f"What is the cross-entropy of {_row_text(1)}?", tolerance=0.1, relative=True),
        solve=_cross_entropy,
        controls=_score_controls(_ce(1), -20.0, 20.0, 0.5),
        note_value=0.551,  # the number
    ),
    Step(
        key="ce_zero",
        title=f"Cross-entropy on {_row_text(2)}",
        text=f"The third row, {_row_text(2)}: the correct score leads by {_shown(LEADS[2])}.",
        view="cross_entropy",
        state=_ce(2),
        question=Question(f"Is the cross-entropy of {_row_text(2)} exactly zero?", CHOICE, YES_NO),
        solve=_cross_entropy_zero,
        controls=_score_controls(_ce(2), -120.0, 20.0, 0.5),
        note_value=NO,  # "It is always non-zero"; the number: about 3.38e-48
    ),
    Step(
        key="nudge",
        title="A nudge",
        text=(
            f"Change the scores of {_row_text(2)} slightly: each by at most ε = {_shown(NUDGE['eps'])}, "
            f"at random (seed {NUDGE['seed']})."
        ),
        view="nudge",
        state=NUDGE,
        question=Question(
            f"Nudge the scores of {_row_text(2)} slightly: which loss changes?", CHOICE, NUDGED
        ),
        solve=_nudge,
        controls=(Control("eps", "change ε", 0.0, 10.0, 0.1), *_score_controls(NUDGE, -120.0, 20.0, 0.5)),
        note_value=NUDGED[1],  # "The cross-entropy loss will change ... SVM loss ... won't change"
    ),
)

_BY_KEY = {step.key: step for step in STEPS}
assert len(_BY_KEY) == len(STEPS), "every step needs its own key"


def by_key(key):
    """The step with this key.

    Parameters
    ----------
    key : str
        A step's :attr:`Step.key`.

    Returns
    -------
    Step

    Raises
    ------
    KeyError
        For a key no step has.

    Examples
    --------
    >>> by_key("frog").title, by_key("frog").answer().shown
    ('The frog image', '12.9')
    """
    return _BY_KEY[key]
