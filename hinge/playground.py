r"""The numbers behind the playground page: the hinge graph, the in-figure slider's frames, the arithmetic.

The hinge graph is the loss of one example as a function of its correct class's score
t = s_y, every other score held fixed. Each term max(0, s_j + Δ - t) is a hinge with its
kink at s_j + Δ, so the curve is piecewise linear (piecewise quadratic when squared) and
is drawn exactly from its breakpoints. Every value comes from :mod:`hinge.losses`.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import numpy as np

from hinge._checks import VARIANTS, check_choice, check_inputs, check_margin
from hinge.losses import svm_loss, svm_terms
from hinge.params import _shorten, check_table

# The names the page shows (and puts in the link), and the variant each one means.
VARIANT_NAMES = {"Weston-Watkins": "weston_watkins", "Crammer-Singer": "crammer_singer"}
# The note's cat image first; the other classes start spread out so each kink is visible.
DEFAULT_SCORES = (3.2, 5.1, -1.7, 0.5, -2.4, 1.8, 4.0, -0.6, 2.7, -3.3)
# The note's table: one row per image (cat, car, frog), one score per class; image i is of class i.
NOTE_BATCH = ((3.2, 5.1, -1.7), (1.3, 4.9, 2.0), (2.2, 2.5, -3.1))
POINTS_PER_PIECE = 12  # a squared piece is a parabola: 12 chords are within 1/1152 of its curvature x width²
MAX_FRAMES = 41  # the in-figure slider's positions; each frame is a few numbers
MANY_CLASSES = 5  # from this many classes on, the page packs the score sliders and the terms panel tighter


@dataclass(frozen=True)
class Playground:
    """Everything the page draws for one example; arrays are float64."""

    scores: np.ndarray  # (C,) the scores used: the sliders' values times the scale
    label: int
    margin: float  # the margin used (scaled too when asked)
    variant: str
    squared: bool
    terms: np.ndarray  # (C,) the note's red values, 0 at the label
    loss: float
    highest_incorrect: float
    worst: int  # the incorrect class with the highest score (the lowest index on a tie)
    x_range: tuple  # (lo, hi) of the hinge graph
    curve_x: np.ndarray  # the loss curve: breakpoints (and a few points per parabola when squared)
    curve_y: np.ndarray
    class_curves: list  # per class, (x, y) of its own term's hinge over the range; None at the label
    frame_x: np.ndarray  # the in-figure slider's positions of t, the current score in place of one
    frame_loss: np.ndarray
    frame_terms: np.ndarray  # (len(frame_x), C)
    active_frame: int  # index of the current score in frame_x


def scaled(scores, *, margin, scale, scale_margin):
    """The scores (and margin, if `scale_margin`) multiplied by `scale`: (scores, margin).

    Examples
    --------
    >>> s, m = scaled([3.2, 5.1, -1.7], margin=1.0, scale=10.0, scale_margin=True)
    >>> s.tolist(), m
    ([32.0, 51.0, -17.0], 10.0)
    """
    scale = check_margin(scale)  # the same rule: a finite number >= 0
    s = np.asarray(scores, dtype=np.float64) * scale
    return s, check_margin(margin) * scale if scale_margin else check_margin(margin)


def kinks(scores, label, *, margin, variant="weston_watkins"):
    """Where the hinge graph bends: s_j + Δ for each incorrect j (only the highest for Crammer-Singer).

    Sorted, without repeats.

    Examples
    --------
    >>> kinks([3.2, 5.1, -1.7], 0, margin=1.0).round(10).tolist()
    [-0.7, 6.1]
    >>> kinks([3.2, 5.1, -1.7], 0, margin=1.0, variant="crammer_singer").round(10).tolist()
    [6.1]
    """
    s, y, _ = check_inputs(scores, label)
    check_choice("variant", variant, VARIANTS)
    others = np.delete(s[0], y[0])
    if variant == "crammer_singer":
        others = others.max(keepdims=True)
    return np.unique(others + check_margin(margin))


def loss_along(scores, label, t, *, margin, variant="weston_watkins", squared=False):
    """The loss and the per-class terms when the correct class's score is set to each value of `t`.

    Returns (loss of shape (n,), terms of shape (n, C)).

    Examples
    --------
    >>> loss, terms = loss_along([3.2, 5.1, -1.7], 0, [3.2, 6.1], margin=1.0)
    >>> loss.round(10).tolist(), terms.round(10).tolist()
    ([2.9, 0.0], [[0.0, 2.9, 0.0], [0.0, 0.0, 0.0]])
    """
    s, y, _ = check_inputs(scores, label)
    t = np.asarray(t, dtype=np.float64).reshape(-1)
    batch = np.repeat(s, len(t), axis=0)
    batch[:, y[0]] = t
    labels = np.full(len(t), y[0])
    loss = svm_loss(batch, labels, margin=margin, variant=variant, squared=squared, reduction="none")
    return loss, svm_terms(batch, labels, margin=margin, squared=squared)


def curve_points(lo, hi, bends, *, squared=False, points_per_piece=POINTS_PER_PIECE):
    """The x of an exact drawing of a piecewise linear curve on [lo, hi]: the ends and the bends inside.

    When `squared`, each piece is a parabola and gets `points_per_piece` equal chords.

    Examples
    --------
    >>> curve_points(0.0, 4.0, [1.0, 5.0]).tolist()
    [0.0, 1.0, 4.0]
    >>> curve_points(0.0, 2.0, [1.0], squared=True, points_per_piece=2).tolist()
    [0.0, 0.5, 1.0, 1.5, 2.0]
    """
    bends = np.asarray(bends, dtype=np.float64)
    x = np.unique(np.concatenate([[lo, hi], bends[(bends > lo) & (bends < hi)]]))
    if squared and len(x) > 1:
        steps = np.linspace(0.0, 1.0, points_per_piece + 1)[:-1]
        x = np.concatenate([(x[:-1, None] + np.diff(x)[:, None] * steps).reshape(-1), x[-1:]])
    return x


def graph_range(scores, label, bends):
    """The hinge graph's x range: the current score, the highest incorrect score and every bend, with room.

    Examples
    --------
    >>> graph_range([3.2, 5.1, -1.7], 0, [-0.7, 6.1])  # 6.8 wide, a quarter of it on each side
    (-2.4, 7.8)
    """
    s = np.asarray(scores, dtype=np.float64)
    highest = np.delete(s, label).max()
    anchors = np.concatenate([[s[label], highest], np.asarray(bends, dtype=np.float64)])
    lo, hi = float(anchors.min()), float(anchors.max())
    pad = max(1.0, 0.25 * (hi - lo))
    return round(lo - pad, 10), round(hi + pad, 10)


def nice_step(width, count):
    """The smallest of 1, 2, 2.5, 5 times a power of ten that covers `width` in at most `count` - 1 steps.

    Examples
    --------
    >>> nice_step(8.1, 41), nice_step(81, 41), nice_step(2.0, 41)
    (0.25, 2.5, 0.05)
    """
    raw = width / max(1, count - 1)
    power = 10.0 ** np.floor(np.log10(raw))
    return float(next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-12)))


def frame_positions(lo, hi, current, *, count=MAX_FRAMES):
    """Round positions on [lo, hi] for the in-figure slider, `current` in place of the nearest.

    Returns (positions, index of current). As `current` moves and [lo, hi] stays, there are
    always as many positions, so the slider keeps its shape and the browser only relabels it.

    Examples
    --------
    >>> x, i = frame_positions(0.0, 2.0, 1.23, count=5)
    >>> x.tolist(), i
    ([0.0, 0.5, 1.23, 1.5, 2.0], 2)
    >>> frame_positions(0.0, 2.0, 1.0, count=5)[0].tolist()
    [0.0, 0.5, 1.0, 1.5, 2.0]
    """
    step = nice_step(hi - lo, count)
    k = np.arange(np.ceil(lo / step - 1e-9), np.floor(hi / step + 1e-9) + 1)
    x = np.round(k * step, 10) + 0.0  # + 0.0: no -0.0
    # the nearest grid point is within half a step (or is an end), so the order holds
    i = int(np.argmin(np.abs(x - current)))
    x[i] = current
    return x, i


def score_at(position, *, scale=1.0, lo=-10.0, hi=10.0, step=0.1):
    """The correct class's slider value that puts its score where the in-figure slider was left.

    The in-figure slider moves the score the graph uses, k·s_y; the page's slider holds s_y,
    on its own grid of `step` within [lo, hi]. Returns None for anything but a finite number
    (the position comes from the browser).

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


def _term_curve(s, y, j, lo, hi, margin, squared):
    """Class j's own term along the range: one kink, at s_j + margin."""
    x = curve_points(lo, hi, [s[j] + margin], squared=squared)
    return x, loss_along(s, y, x, margin=margin, squared=squared)[1][:, j]


def playground(
    scores,
    label,
    *,
    margin=1.0,
    scale=1.0,
    scale_margin=False,
    variant="weston_watkins",
    squared=False,
    frames=MAX_FRAMES,
):
    r"""All the numbers of the playground for one example.

    Parameters
    ----------
    scores : array-like of shape (C,)
        The sliders' scores, before scaling.
    label : int
        The correct class.
    margin : float
        Δ >= 0.
    scale : float
        Every score is multiplied by it (the margin too when `scale_margin`).
    variant : {"weston_watkins", "crammer_singer"}
    squared : bool
    frames : int
        About how many positions the in-figure slider gets.

    Returns
    -------
    Playground

    Examples
    --------
    >>> p = playground([3.2, 5.1, -1.7], 0)
    >>> round(p.loss, 10), p.terms.round(10).tolist(), p.highest_incorrect, p.worst
    (2.9, [0.0, 2.9, 0.0], 5.1, 1)
    >>> p.curve_x.round(10).tolist(), p.curve_y.round(10).tolist()
    ([-2.4, -0.7, 6.1, 7.8], [10.2, 6.8, 0.0, 0.0])
    """
    s, m = scaled(scores, margin=margin, scale=scale, scale_margin=scale_margin)
    s2, y, _ = check_inputs(s, label)
    s, y = s2[0], int(y[0])
    options = {"margin": m, "variant": variant, "squared": squared}
    bends = kinks(s, y, margin=m, variant=variant)
    lo, hi = graph_range(s, y, bends)
    curve_x = curve_points(lo, hi, bends, squared=squared)
    curve_y, _ = loss_along(s, y, curve_x, **options)
    class_curves = [None if j == y else _term_curve(s, y, j, lo, hi, m, squared) for j in range(len(s))]
    frame_x, active = frame_positions(lo, hi, s[y], count=frames)
    frame_loss, frame_terms = loss_along(s, y, frame_x, **options)
    others = np.where(np.arange(len(s)) == y, -np.inf, s)
    worst = int(np.argmax(others))
    return Playground(
        scores=s,
        label=y,
        margin=m,
        variant=variant,
        squared=bool(squared),
        terms=svm_terms(s, y, margin=m, squared=squared),
        loss=svm_loss(s, y, **options),
        highest_incorrect=float(s[worst]),
        worst=worst,
        x_range=(lo, hi),
        curve_x=curve_x,
        curve_y=curve_y,
        class_curves=class_curves,
        frame_x=frame_x,
        frame_loss=frame_loss,
        frame_terms=frame_terms,
        active_frame=active,
    )


def number(value, *, digits=2):
    """A score or loss as the note writes it: at most `digits` decimals, no trailing zeros, never -0.

    Examples
    --------
    >>> number(2.8999999999999995), number(-1.7), number(5.266666), number(-0.0001), number(3.0)
    ('2.9', '-1.7', '5.27', '0', '3')
    """
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


MINUS = "\u2212"  # a typeset minus sign: a hyphen is too short to read from the back of a room


def _shown(value):
    """`value` as the arithmetic shows it: 2.9, or −1.7 with a true minus sign."""
    return number(value).replace("-", MINUS)


def _signed(value):
    """`value` to be subtracted: "3.2", or "(−3.2)" so the minus signs stay readable."""
    text = _shown(value)
    return f"({text})" if text.startswith(MINUS) else text


def arithmetic_rows(p, *, per_line=None):
    """The loss with its arithmetic written out, as the note does it, in aligned rows.

    Each row is ``(left, pieces)``: `left` is "L" on the first row and "" after it, so the
    rows line up after it; `pieces` are ``(text, role)`` with role "correct" for the correct
    score, "term" for a term's value, "total" for the loss and "" for the rest. The hinges
    go first, `per_line` a row (3, or 2 from five classes on, so ten classes still fit
    beside the sliders on a projector), then their values and the loss.

    Examples
    --------
    >>> for left, pieces in arithmetic_rows(playground([3.2, 5.1, -1.7], 0)):
    ...     print(f"{left:1} " + "".join(f"[{t}]" if role else t for t, role in pieces))
    L = max(0, 5.1 − [3.2] + 1) + max(0, −1.7 − [3.2] + 1)
      = [2.9] + [0] = [2.9]
    """
    per_line = per_line or (3 if len(p.scores) < 5 else 2)
    power = "²" if p.squared else ""
    incorrect = [j for j in range(len(p.scores)) if j != p.label]
    sy = (_signed(p.scores[p.label]), "correct")
    hinges = [
        [(f"max(0, {_shown(p.scores[j])} {MINUS} ", ""), sy, (f" + {_shown(p.margin)}){power}", "")]
        for j in incorrect
    ]
    plain = svm_terms(p.scores, p.label, margin=p.margin)  # the terms before squaring
    values = [[(_shown(plain[j]), "term")] + ([(power, "")] if power else []) for j in incorrect]
    if p.variant == "crammer_singer":
        join, end, start, before, after = ", ", ",", "\u2003", "max(", ")"
        tail = [("max(", ""), *_joined(values, ", "), (")", "")] if len(values) > 1 else values[0]
    else:
        join, end, start, before, after = " + ", "", "\u2003+ ", "", ""
        tail = _joined(values, " + ")
    chunks = [_joined(hinges[i : i + per_line], join) for i in range(0, len(hinges), per_line)]
    rows = []
    for i, chunk in enumerate(chunks):
        lead = [("= " + before, "")] if i == 0 else [(start, "")]
        trail = [(end, "")] if i < len(chunks) - 1 else [(after, "")]
        rows.append(("L" if i == 0 else "", [piece for piece in lead + chunk + trail if piece[0]]))
    rows.append(("", [("= ", ""), *tail, (" = ", ""), (_shown(p.loss), "total")]))
    return rows


def arithmetic_summary_rows(p):
    """The arithmetic of many classes in two rows, for a projector: the hinge once, then every value.

    The same ``(left, pieces)`` rows as :func:`arithmetic_rows`; the first writes the sum (or
    the max) over j ≠ y of the hinge with the correct score in it, the second every term's
    value and the loss.

    Examples
    --------
    >>> for left, pieces in arithmetic_summary_rows(playground([3.2, 5.1, -1.7, 0.5], 0)):
    ...     print(f"{left:1} " + "".join(f"[{t}]" if role else t for t, role in pieces))
    L = sum over j ≠ y of max(0, s_j − [3.2] + 1)
      = [2.9] + [0] + [0] = [2.9]
    """
    rows = arithmetic_rows(p, per_line=len(p.scores))
    power = "²" if p.squared else ""
    over = "max over j ≠ y of " if p.variant == "crammer_singer" else "sum over j ≠ y of "
    sy = (_signed(p.scores[p.label]), "correct")
    hinge = [(f"= {over}max(0, s_j {MINUS} ", ""), sy, (f" + {_shown(p.margin)}){power}", "")]
    return [("L", hinge), rows[-1]]


def used_values(scores, names, *, margin, scale, scale_margin, squared=False):
    """What the graph and the arithmetic use where the sliders show something else: (scores, margin).

    With k != 1 the score sliders hold s and the graph uses k·s; with "scale the margin too"
    the margin slider holds Δ and the graph uses Δ × k. Each is a short caption, or None
    when the slider's own value is the one used. `squared` changes neither (it is taken so
    the page's settings can be passed as they are).

    Examples
    --------
    >>> used_values([0.2, 5.1, -1.7], ["cat", "car", "frog"], margin=1.0, scale=4.0, scale_margin=True)
    ('the graph uses k·s: cat 0.8, car 20.4, frog −6.8', 'the graph uses Δ × k = 4')
    >>> used_values([0.2, 5.1], ["cat", "car"], margin=1.0, scale=1.0, scale_margin=True)
    (None, None)
    """
    s, m = scaled(scores, margin=margin, scale=scale, scale_margin=scale_margin)
    if scale == 1:
        return None, None
    text = ", ".join(f"{name} {_shown(v)}" for name, v in zip(names, s, strict=True))
    return f"the graph uses k·s: {text}", f"the graph uses Δ × k = {_shown(m)}" if scale_margin else None


def _joined(groups, separator):
    """The pieces of each group, one after another, with `separator` between groups."""
    out = []
    for i, group in enumerate(groups):
        out += ([(separator, "")] if i else []) + group
    return out


@dataclass(frozen=True)
class Batch:
    """The losses of an edited table of examples."""

    rows: list  # one per row: its scores as floats, or None where a cell is bad
    losses: list  # one per row: a float, or None where a cell is bad
    mean: float | None  # over the good rows; None when there is none
    messages: list  # one short Markdown message per bad row


def batch_losses(rows, labels, *, columns=None, margin=1.0, scale=1.0, scale_margin=False, **options):
    r"""Each row's loss, and their mean, for a table straight from an editor; bad rows get a message.

    `rows` are raw cells (numbers, None, NaN, text such as "-1e308"); a row with a bad cell
    is left out of the mean and the others keep working. `options` are `variant` and `squared`.

    Examples
    --------
    >>> cifar = [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]]
    >>> b = batch_losses(cifar, [0, 1, 2])
    >>> [round(v, 10) for v in b.losses], round(b.mean, 2), b.messages
    ([2.9, 0.0, 12.9], 5.27, [])
    >>> b = batch_losses([[3.2, None, -1.7], [1.3, 4.9, 2.0]], [0, 1], columns=["cat", "car", "frog"])
    >>> b.losses, b.mean, b.messages
    ([None, 0.0], 0.0, ['Row 1, car is empty.'])
    >>> typed = [["3.2", "5.1", "-1e308"], ["1.3", "4.9", "2e0"]]  # text cells, as typed
    >>> b = batch_losses(typed, [0, 1], columns=["cat", "car", "frog"])
    >>> b.rows, b.losses, b.messages
    ([None, [1.3, 4.9, 2.0]], [None, 0.0], ['Row 1, frog is too large (-1e+308; at most ±1e+06).'])
    """
    checked = check_table(rows, columns=columns)
    good = [i for i, (values, _) in enumerate(checked) if values is not None]
    losses = [None] * len(checked)
    mean = None
    if good:
        s, m = scaled([checked[i][0] for i in good], margin=margin, scale=scale, scale_margin=scale_margin)
        per_row = svm_loss(s, np.asarray([labels[i] for i in good]), margin=m, reduction="none", **options)
        for i, value in zip(good, per_row, strict=True):
            losses[i] = float(value)
        mean = float(per_row.mean())
    rows = [values for values, _ in checked]
    return Batch(rows=rows, losses=losses, mean=mean, messages=[why for _, why in checked if why])


def mean_latex(batch):
    r"""The note's average, written out: L = (2.9 + 0 + 12.9) / 3 = 5.27 (bad rows left out).

    Examples
    --------
    >>> print(mean_latex(batch_losses([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]], [0, 1, 2])))
    L = (2.9 + 0 + 12.9) / 3 = \mathbf{5.27}
    """
    good = [v for v in batch.losses if v is not None]
    if not good:
        return r"L = \text{(no complete row)}"
    return rf"L = ({' + '.join(number(v) for v in good)}) / {len(good)} = \mathbf{{{number(batch.mean)}}}"


def share_query(*, names, label, scores, margin, scale, scale_margin, variant, squared):
    """The query string of a link that reproduces the view: every control, in a fixed order.

    `names` are the shown classes, `label` the correct one's name, `variant` its shown name.

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


# The playground's controls that a link can set (bind="query-params"), and what each accepts.
SCORE_RANGE = (-10.0, 10.0)
LINK_RANGES = {"margin": (0.0, 5.0), "scale": (0.1, 10.0)}
LINK_SWITCHES = ("scale_margin", "squared")
CLASS_COUNTS = range(2, 11)
LINK_KEYS = ("classes", "label", "variant", *[f"s{j}" for j in range(10)], "margin", "scale", *LINK_SWITCHES)


def link_values(query):
    """The playground's own values of a link's query (a mapping of str to str), as given."""
    return {key: str(query[key]) for key in LINK_KEYS if key in query}


def _why_unusable(key, text, names):
    """Why the link's `text` for `key` cannot be used, or None when it can."""
    if key == "classes":
        return None if text in {str(c) for c in CLASS_COUNTS} else "is not a whole number from 2 to 10"
    if key == "label":
        return None if text in names else f"is not one of the {len(names)} classes ({', '.join(names)})"
    if key == "variant":
        return None if text in VARIANT_NAMES else f"is not {' or '.join(VARIANT_NAMES)}"
    if key in LINK_SWITCHES:
        return None if text.lower() in ("true", "false") else "is not true or false"
    lo, hi = LINK_RANGES.get(key, SCORE_RANGE)
    try:
        value = float(text)
    except ValueError:
        return "is not a number"
    if not np.isfinite(value):
        return "is not a number" if np.isnan(value) else "is infinite"
    return None if lo <= value <= hi else f"is out of range ({number(lo)} to {number(hi)})"


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

    `link` holds the link's values as given (see :func:`link_values`), `used` each drawn
    control's value, `names` the classes shown. A value is reported when its control shows
    something else (Streamlit leaves out what it cannot use), or, for a score of a class not
    shown, when it is unusable; those keys are returned to be taken out of the link.
    Returns (notices, keys to drop).

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
