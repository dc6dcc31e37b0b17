r"""One checker of a page's link values, from a specification of its controls (plain Python, no Streamlit).

A share link holds each control's value as text, and Streamlit drops a value it cannot use
without a word (or, for some controls, fails on it). A page describes its link-bound controls
once, as :class:`Number`, :class:`Choice` and :class:`Toggle` specifications, and
:func:`check_link` reads a link against them before the controls are drawn: which values must
be rewritten (spelled as the control shows them, ``k=5`` for ``k=5.0``) or dropped (the control
then shows its default), and a short notice for each unusable value. The page applies the
fixes with ``hinge.ui.correct_link``.

Notices are Markdown; the link's text in them is shortened and escaped (``params._shorten``).

Examples
--------
>>> controls = {"margin": Number(0.0, 5.0, 1.0, 0.1), "view": Choice(("surface", "heat map"), "surface"),
...             "log": Toggle(True)}
>>> fixes, notices = check_link({"margin": "2.50", "view": "3d", "log": "yes", "other": "x"}, controls)
>>> fixes
{'margin': '2.5', 'view': None, 'log': 'true'}
>>> notices
["`view` must be one of 'surface', 'heat map' (not '3d'): using 'surface'."]
"""

import math
from dataclasses import dataclass, field

from hinge import params

YES = ("true", "1", "yes", "on")
NO = ("false", "0", "no", "off")


@dataclass(frozen=True)
class Number:
    """A slider or number box: a number in [lo, hi]; whole when `default` is an int."""

    lo: float
    hi: float
    default: float
    step: float = None

    @property
    def whole(self):
        return isinstance(self.default, int)


@dataclass(frozen=True)
class Choice:
    """A select box, radio, segmented control or select slider: one of `options`, as the control shows it.

    `aliases` maps other spellings (compared in lower case, stripped) to an option: old names
    a link may still carry. With `numbered`, options are numbers ("10,000", "0.01") and any
    spelling of the same number ("1e4", "10000") names one.
    """

    options: tuple
    default: str
    aliases: dict = field(default_factory=dict)
    numbered: bool = False


@dataclass(frozen=True)
class Toggle:
    """A toggle or checkbox: true or false (also 1/0, yes/no, on/off, in any case)."""

    default: bool


def as_number(text):
    """The finite number a link value spells ("10,000", "1e4", " 8.0 "), or None.

    >>> as_number("10,000"), as_number(" 8.0 "), as_number("inf"), as_number("x")
    (10000.0, 8.0, None, None)
    """
    try:
        value = float(str(text).replace(",", "").replace("_", "").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def number_text(value):
    """The shortest exact spelling of a number: 3, not 3.0.

    >>> number_text(3.0), number_text(0.25), number_text(7)
    ('3', '0.25', '7')
    """
    return str(int(value)) if value == int(value) else repr(float(value))


def _listed(options):
    listed = ", ".join(f"'{option}'" for option in options)
    return f"one of {listed}" if len(listed) <= 80 else "one of the options in its box"


def check_value(name, text, spec):
    """How the link should spell control `name`'s `text`, and why it cannot be used.

    Returns ``(fixed, notice)``: `fixed` is the text to keep (``text`` itself when it is
    usable as it is) or None to drop it; `notice` is None for a usable value.

    >>> check_value("steps", "7", Number(10, 500, 100, 10))
    (None, '`steps` is out of range (7; expected 10 to 500): using 100.')
    >>> check_value("samples", "1e4", Choice(("1,000", "10,000"), "1,000", numbered=True))
    ('10,000', None)
    """
    text = str(text)
    if len(text) > params.MAX_TEXT:
        return None, f"`{name}` is too long ({len(text)} characters): using the default."
    if isinstance(spec, Number):
        parse = params.parse_int if spec.whole else params.parse_float
        value, why = parse(text, spec.default, lo=spec.lo, hi=spec.hi, name=name)
        return (None, why) if why else (number_text(value), None)
    if isinstance(spec, Toggle):
        word = text.strip().lower()
        if word in YES + NO:
            return ("true" if word in YES else "false"), None
        default = str(spec.default).lower()
        return None, f"`{name}` must be one of true, false (not '{params._shorten(text)}'): using {default}."
    return _check_choice(name, text, spec)


def _check_choice(name, text, spec):
    if text in spec.options:
        return text, None
    alias = spec.aliases.get(text.strip().lower())
    if alias is not None:
        return alias, None
    given = params._shorten(text)
    if spec.numbered and (value := as_number(text)) is not None:
        match = [option for option in spec.options if as_number(option) == value]
        if match:
            return match[0], None
        lo, hi = spec.options[0], spec.options[-1]
        return (
            None,
            f"`{name}` is not one of the slider's values ({value:g}; {lo} to {hi}): using {spec.default}.",
        )
    if spec.numbered:
        return None, f"`{name}` is not a number ('{given}'): using {spec.default}."
    return None, f"`{name}` must be {_listed(spec.options)} (not '{given}'): using '{spec.default}'."


def check_link(query, controls):
    """Check a link's values against the page's `controls` ({name: Number | Choice | Toggle}).

    `query` maps the link's keys to their (untrusted) text; keys of no control are left alone.
    Returns ``(fixes, notices)``: `fixes` maps each key whose text must change to its new text,
    or to None to drop it; `notices` holds one message per unusable value, in the order of
    `controls`.

    >>> check_link({"k": "5.0", "seed": "-4"}, {"seed": Number(0, 99, 3, 1), "k": Number(0.1, 10.0, 1.0)})
    ({'seed': None, 'k': '5'}, ['`seed` is out of range (-4; expected 0 to 99): using 3.'])
    """
    fixes, notices = {}, []
    for name, spec in controls.items():
        if name not in query:
            continue
        text = str(query[name])
        fixed, notice = check_value(name, text, spec)
        if fixed != text:
            fixes[name] = fixed
        if notice:
            notices.append(notice)
    return fixes, notices
