"""The playground's controls: their ranges and defaults, the link that sets them, what callbacks put in them.

The page draws each control from a specification here (:mod:`hinge.links`' Number, Choice,
Toggle) and binds it to the link (``bind="query-params"``). Streamlit drops a link value it
cannot use without a word; :func:`link_notices` then says, for each, why and what is used.
The link's keys and spellings (``variant=Crammer-Singer``, ``scale_margin=true``) are a public
interface.
"""

from urllib.parse import urlencode

import numpy as np

from hinge import note, registry
from hinge._checks import check_margin
from hinge.links import Choice, Number, Toggle
from hinge.params import _shorten, cell_text
from hinge.playground import DEFAULT_SCORES
from hinge.playground_text import number

# The controls a link can set, by key.
CLASSES = Choice(tuple(str(c) for c in range(2, 11)), "3")  # a select box of whole numbers
VARIANT = Choice(tuple(registry.LOSSES[key].short for key in registry.VARIANTS), "Weston-Watkins")
SCORES = tuple(Number(-10.0, 10.0, v, 0.1) for v in DEFAULT_SCORES)  # each class's score slider, s0 to s9
SCORE = SCORES[0]  # their range and step
MARGIN = Number(0.0, 5.0, 1.0, 0.1)
SCALE = Number(0.1, 10.0, 1.0, 0.1)
SWITCHES = {"scale_margin": Toggle(False), "squared": Toggle(False)}
CLASS_COUNTS = range(int(CLASSES.options[0]), int(CLASSES.options[-1]) + 1)
NUMBERS = {**{f"s{j}": spec for j, spec in enumerate(SCORES)}, "margin": MARGIN, "scale": SCALE}
LINK_KEYS = (
    "classes",
    "label",
    "variant",
    *[f"s{j}" for j in range(len(SCORES))],
    "margin",
    "scale",
    *SWITCHES,
)
# The table of the note's batch: a row per image, a column per class; image i is of class i.
BATCH_IMAGES = tuple(f"{name} image" for name in note.IMAGES)
BATCH_COLUMNS = tuple(f"{name} score" for name in note.NOTE_CLASSES)  # the cells' names in messages


def slider(spec):
    """The keyword arguments of ``st.slider`` for a Number `spec`.

    Examples
    --------
    >>> slider(MARGIN), slider(SCORES[1])
    ({'min_value': 0.0, 'max_value': 5.0, 'value': 1.0, 'step': 0.1}, \
{'min_value': -10.0, 'max_value': 10.0, 'value': 5.1, 'step': 0.1})
    """
    return {"min_value": spec.lo, "max_value": spec.hi, "value": spec.default, "step": spec.step}


def default_index(spec):
    """The index of a Choice `spec`'s default among its options (a select box's `index`).

    Examples
    --------
    >>> default_index(CLASSES), default_index(VARIANT)
    (1, 0)
    """
    return spec.options.index(spec.default)


def variant_key(short):
    """The variant hinge's functions take for the switch's (and the link's) name of it.

    Examples
    --------
    >>> variant_key("Crammer-Singer")
    'crammer_singer'
    """
    return registry.by_short(short).key


def score_at(position, *, scale=1.0, lo=SCORE.lo, hi=SCORE.hi, step=SCORE.step):
    """The correct class's slider value that puts its score where the in-figure slider was left.

    The in-figure slider moves the score the graph uses, k·s_y; the page's slider holds s_y,
    on its own grid of `step` within [lo, hi].

    Parameters
    ----------
    position : object
        From the browser: anything but a finite number gives None.
    scale : float
        k, a finite number >= 0; 0 gives None.
    lo, hi, step : float
        The score slider's range and step.

    Returns
    -------
    float or None

    Examples
    --------
    >>> score_at(5.5), score_at(5.5, scale=2.0), score_at(25.0), score_at(float("nan"))
    (5.5, 2.8, 10.0, None)
    """
    scale = check_margin(scale)
    if isinstance(position, bool) or not isinstance(position, (int, float)) or not np.isfinite(position):
        return None
    if scale == 0:
        return None
    value = round(round(position / scale / step) * step, 10)
    return min(max(value, lo), hi) + 0.0  # + 0.0: no -0.0


def scrubbed(position, *, label, scale):
    """What the in-figure slider's end at `position` puts in the controls: {"s<label>": score}, or {}.

    Examples
    --------
    >>> scrubbed(5.5, label=0, scale=2.0), scrubbed("x", label=0, scale=1.0)
    ({'s0': 2.8}, {})
    """
    value = score_at(position, scale=scale)
    return {} if value is None else {f"s{label}": value}


def loaded(row, scores):
    """What loading row `row` of the note's table puts in the controls: the classes, the label, the scores.

    A score beyond a slider's range goes to its end.

    Parameters
    ----------
    row : int
        The image's row: its correct class is class `row`.
    scores : sequence of float
        The row's scores, one a class.

    Examples
    --------
    >>> loaded(2, [2.2, 25.0, -3.1])
    {'classes': 3, 'label': 'frog', 's0': 2.2, 's1': 10.0, 's2': -3.1}
    """
    values = {f"s{j}": min(max(v, SCORE.lo), SCORE.hi) for j, v in enumerate(scores)}
    return {"classes": len(scores), "label": note.CLASS_NAMES[row], **values}


def share_query(*, names, label, scores, margin, scale, scale_margin, variant, squared):
    """The query string of a link that reproduces the view: every control, in a fixed order.

    Parameters
    ----------
    names : sequence of C str
        The classes shown.
    label : str
        The correct class's name.
    scores : sequence of C float
        The sliders' scores.
    margin, scale, scale_margin, squared
        The page's settings.
    variant : str
        The variant's short name, as the switch shows it.

    Examples
    --------
    >>> share_query(names=["cat", "car"], label="car", scores=[3.2, 5.1], margin=1.0, scale=0.5,
    ...             scale_margin=True, variant="Crammer-Singer", squared=False)
    'classes=2&label=car&s0=3.2&s1=5.1&margin=1&scale=0.5&scale_margin=true&variant=Crammer-Singer&squared=false'
    """
    params = {"classes": len(names), "label": label}
    params.update({f"s{j}": number(v, digits=6) for j, v in enumerate(scores)})
    params.update(margin=number(margin, digits=6), scale=number(scale, digits=6))
    params.update(
        scale_margin=str(bool(scale_margin)).lower(), variant=variant, squared=str(bool(squared)).lower()
    )
    return urlencode(params)


def link_values(query):
    """The playground's own values of a link's query (a mapping of str to str), as given.

    Examples
    --------
    >>> link_values({"present": "1", "s0": "2", "classes": "4"})
    {'classes': '4', 's0': '2'}
    """
    return {key: str(query[key]) for key in LINK_KEYS if key in query}


def _why_unusable(key, text, names):
    """Why the link's `text` for `key` cannot be used, or None when it can."""
    if key == "classes":
        lo, hi = CLASSES.options[0], CLASSES.options[-1]
        return None if text in CLASSES.options else f"is not a whole number from {lo} to {hi}"
    if key == "label":
        return None if text in names else f"is not one of the {len(names)} classes ({', '.join(names)})"
    if key == "variant":
        return None if text in VARIANT.options else f"is not {' or '.join(VARIANT.options)}"
    if key in SWITCHES:
        return None if text.lower() in ("true", "false") else "is not true or false"
    spec, lo, hi = NUMBERS[key], number(NUMBERS[key].lo), number(NUMBERS[key].hi)
    try:
        value = float(text)
    except ValueError:
        return "is not a number"
    if not np.isfinite(value):
        return "is not a number" if np.isnan(value) else "is infinite"
    return None if spec.lo <= value <= spec.hi else f"is out of range ({lo} to {hi})"


def _used(key, text, value):
    """Whether the control's `value` is what the link's `text` asked for."""
    if isinstance(value, bool):
        return text.lower() == str(value).lower()
    if isinstance(value, str) or key == "classes":
        return text == str(value)
    try:
        return abs(float(text) - value) < 1e-9
    except ValueError:
        return False


def _shown_value(value):
    if isinstance(value, bool):
        return str(value).lower()
    return number(value) if isinstance(value, float) else value


def link_notices(link, used, names):
    """A short notice for each value of a link that the page could not use, and the keys to drop.

    A value is reported when its control shows something else (Streamlit leaves out what it
    cannot use), or, for a score of a class not shown, when it is unusable; those keys are
    to be taken out of the link.

    Parameters
    ----------
    link : dict of str to str
        The link's values as given (see :func:`link_values`).
    used : dict
        Each drawn control's value, by key.
    names : sequence of str
        The classes shown.

    Returns
    -------
    (notices, keys to drop) : (list of str, list of str)
        The notices are Markdown, the link's text in them shortened and escaped.

    Examples
    --------
    >>> link = {"classes": "abc", "s0": "NaN", "margin": "-1", "s1": "4", "s7": "x"}
    >>> used = {"classes": 3, "label": "cat", "s0": 3.2, "s1": 4.0, "s2": -1.7, "margin": 1.0}
    >>> notices, drop = link_notices(link, used, ["cat", "car", "frog"])
    >>> for n in notices: print(n)
    The link's `classes` = abc is not a whole number from 2 to 10: using 3.
    The link's `s0` = NaN is not a number: using 3.2.
    The link's `margin` = \\-1 is out of range (0 to 5): using 1.
    The link's `s7` = x is not a number: left out (3 classes are shown).
    >>> drop
    ['s7']
    """
    notices, drop = [], []
    for key, text in link.items():
        given = f"The link's `{key}` = {_shorten(text) or '(empty)'}"
        if key in used:
            if not _used(key, text, used[key]):
                why = _why_unusable(key, text, names) or "is not in the form a link writes it"
                notices.append(f"{given} {why}: using {_shown_value(used[key])}.")
        else:
            why = _why_unusable(key, text, names)
            if why is not None:
                notices.append(f"{given} {why}: left out ({len(names)} classes are shown).")
                drop.append(key)
    return notices, drop


def batch_table():
    """The editor's table of the note's batch: its images, and each class's scores as text cells.

    Text cells, read by :func:`hinge.playground.batch_losses`: the grid's number cells drop an
    "e" (-1e308 became -1308, silently).

    Examples
    --------
    >>> batch_table()["car"]
    ['5.1', '4.9', '2.5']
    """
    cells = {name: [cell_text(row[j]) for row in note.BATCH] for j, name in enumerate(note.NOTE_CLASSES)}
    return {"image": list(BATCH_IMAGES), **cells}


def batch_cells(edited):
    """The rows of scores of the edited table (as :func:`batch_table` lays it out), cells as they are.

    Examples
    --------
    >>> batch_cells(batch_table())[0]
    ['3.2', '5.1', '-1.7']
    """
    return [[edited[name][i] for name in note.NOTE_CLASSES] for i in range(len(BATCH_IMAGES))]
