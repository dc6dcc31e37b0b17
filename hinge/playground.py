r"""The numbers behind the playground page: the hinge graph, the in-figure slider's frames, the batch.

The hinge graph is the loss of one example as a function of its correct class's score
t = s_y, every other score held fixed. Each term max(0, s_j + Δ - t) is a hinge with its
kink at s_j + Δ, so the curve is piecewise linear (piecewise quadratic when squared) and
is drawn exactly from its breakpoints. Every value comes from :mod:`hinge.losses`.

The words of the page (the arithmetic written out) are in :mod:`hinge.playground_text`, its
controls and its link in :mod:`hinge.playground_controls`.
"""

from dataclasses import dataclass

import numpy as np

from hinge import note
from hinge._checks import VARIANTS, check_choice, check_inputs, check_margin
from hinge.losses import highest_incorrect, svm_loss, svm_terms
from hinge.params import check_table
from hinge.ticks import nice_step

# The note's cat image first; the other classes start spread out so each kink is visible.
DEFAULT_SCORES = (*note.IMAGES["cat"][0], 0.5, -2.4, 1.8, 4.0, -0.6, 2.7, -3.3)
POINTS_PER_PIECE = 12  # a squared piece is a parabola: 12 chords are within 1/1152 of its curvature x width²
MAX_FRAMES = 41  # the in-figure slider's positions; each frame is a few numbers
MANY_CLASSES = 5  # from this many classes on, the page packs the score sliders and the terms panel tighter


@dataclass(frozen=True)
class Playground:
    """Everything the page draws for one example; arrays are float64, C is the number of classes."""

    scores: np.ndarray  # (C,) the scores used: the sliders' values times the scale
    label: int
    margin: float  # the margin used (scaled too when asked)
    variant: str
    squared: bool
    terms: np.ndarray  # (C,) the note's red values, 0 at the label
    counted: np.ndarray  # (C,) bool: the terms the loss adds up (Crammer-Singer: the highest incorrect only)
    loss: float
    highest_incorrect: float
    worst: int  # the incorrect class with the highest score (the lowest index on a tie)
    zero_from: float  # the highest incorrect score plus the margin: from there on the loss is 0
    x_range: tuple  # (lo, hi) of the hinge graph
    curve_x: np.ndarray  # the loss curve: breakpoints (and a few points per parabola when squared)
    curve_y: np.ndarray
    class_curves: list  # per class, (x, y) of its own term's hinge over the range; None at the label
    frame_x: np.ndarray  # the in-figure slider's positions of t, the current score in place of one
    frame_loss: np.ndarray
    frame_terms: np.ndarray  # (len(frame_x), C)
    active_frame: int  # index of the current score in frame_x


def scaled(scores, *, margin, scale, scale_margin):
    """The scores (and the margin, if `scale_margin`) multiplied by `scale`.

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)
    margin, scale : float
        Each a finite number >= 0.
    scale_margin : bool

    Returns
    -------
    (scores, margin) : (ndarray of the shape of `scores`, float)

    Examples
    --------
    >>> s, m = scaled(note.IMAGES["cat"][0], margin=1.0, scale=10.0, scale_margin=True)
    >>> s.tolist(), m
    ([32.0, 51.0, -17.0], 10.0)
    """
    scale = check_margin(scale)  # the same rule: a finite number >= 0
    s = np.asarray(scores, dtype=np.float64) * scale
    return s, check_margin(margin) * scale if scale_margin else check_margin(margin)


def kinks(scores, label, *, margin, variant="weston_watkins"):
    """Where the hinge graph bends: s_j + Δ for each incorrect j (only the highest for Crammer-Singer).

    Parameters
    ----------
    scores : array-like of shape (C,)
    label : int
    margin : float
    variant : {"weston_watkins", "crammer_singer"}

    Returns
    -------
    ndarray of shape (K,)
        Sorted, without repeats; K <= C - 1.

    Examples
    --------
    >>> cat, y = note.IMAGES["cat"]
    >>> kinks(cat, y, margin=1.0).round(10).tolist()
    [-0.7, 6.1]
    >>> kinks(cat, y, margin=1.0, variant="crammer_singer").round(10).tolist()
    [6.1]
    """
    s, y, _ = check_inputs(scores, label)
    check_choice("variant", variant, VARIANTS)
    return _kinks(s[0], y[0], check_margin(margin), variant, highest_incorrect(s[0], y[0])[0])


def _kinks(s, y, margin, variant, highest):
    """:func:`kinks` of checked scores, given their highest incorrect score."""
    others = np.array([highest]) if variant == "crammer_singer" else np.delete(s, y)
    return np.unique(others + margin)


def loss_along(scores, label, t, *, margin, variant="weston_watkins", squared=False):
    """The loss and the per-class terms when the correct class's score is set to each value of `t`.

    Parameters
    ----------
    scores : array-like of shape (C,)
    label : int
    t : array-like of shape (n,)
        The values to put in place of the correct class's score.
    margin, variant, squared
        As :func:`hinge.losses.svm_loss` takes them.

    Returns
    -------
    (loss, terms) : (ndarray of shape (n,), ndarray of shape (n, C))

    Examples
    --------
    >>> loss, terms = loss_along(*note.IMAGES["cat"], [3.2, 6.1], margin=1.0)
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

    Parameters
    ----------
    lo, hi : float
    bends : array-like of shape (K,)
    squared : bool
        Each piece is a parabola: it gets `points_per_piece` equal chords.
    points_per_piece : int

    Returns
    -------
    ndarray of shape (n,)
        Ascending, from `lo` to `hi`.

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

    Parameters
    ----------
    scores : array-like of shape (C,)
    label : int
    bends : array-like of shape (K,)

    Returns
    -------
    (lo, hi) : (float, float)

    Examples
    --------
    >>> graph_range(*note.IMAGES["cat"], [-0.7, 6.1])  # 6.8 wide, a quarter of it on each side
    (-2.4, 7.8)
    """
    s = np.asarray(scores, dtype=np.float64)
    return _graph_range(s[label], highest_incorrect(s, label)[0], bends)


def _graph_range(correct, highest, bends):
    """:func:`graph_range` from the correct score and the highest incorrect one."""
    anchors = np.concatenate([[correct, highest], np.asarray(bends, dtype=np.float64)])
    lo, hi = float(anchors.min()), float(anchors.max())
    pad = max(1.0, 0.25 * (hi - lo))
    return round(lo - pad, 10), round(hi + pad, 10)


def frame_positions(lo, hi, current, *, count=MAX_FRAMES):
    """Round positions on [lo, hi] for the in-figure slider, `current` in place of the nearest.

    As `current` moves and [lo, hi] stays, there are always as many positions, so the
    slider keeps its shape and the browser only relabels it.

    Parameters
    ----------
    lo, hi : float
    current : float
        The correct class's score, within [lo, hi].
    count : int
        At most this many positions: a round step that covers [lo, hi] in count - 1 steps.

    Returns
    -------
    (positions, index) : (ndarray of shape (n,), int)
        Ascending positions, and the index of `current` among them.

    Examples
    --------
    >>> x, i = frame_positions(0.0, 2.0, 1.23, count=5)
    >>> x.tolist(), i
    ([0.0, 0.5, 1.23, 1.5, 2.0], 2)
    >>> frame_positions(0.0, 2.0, 1.0, count=5)[0].tolist()
    [0.0, 0.5, 1.0, 1.5, 2.0]
    """
    step = nice_step((hi - lo) / max(1, count - 1))
    k = np.arange(np.ceil(lo / step - 1e-9), np.floor(hi / step + 1e-9) + 1)
    x = np.round(k * step, 10) + 0.0  # + 0.0: no -0.0
    # the nearest grid point is within half a step (or is an end), so the order holds
    i = int(np.argmin(np.abs(x - current)))
    x[i] = current
    return x, i


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
    >>> p = playground(*note.IMAGES["cat"])
    >>> round(p.loss, 10), p.terms.round(10).tolist(), p.highest_incorrect, p.worst
    (2.9, [0.0, 2.9, 0.0], 5.1, 1)
    >>> p.curve_x.round(10).tolist(), p.curve_y.round(10).tolist()
    ([-2.4, -0.7, 6.1, 7.8], [10.2, 6.8, 0.0, 0.0])
    """
    s, m = scaled(scores, margin=margin, scale=scale, scale_margin=scale_margin)
    s2, y, _ = check_inputs(s, label)
    s, y = s2[0], int(y[0])
    check_choice("variant", variant, VARIANTS)
    highest, worst = highest_incorrect(s, y)
    counted = np.arange(len(s)) == worst if variant == "crammer_singer" else np.ones(len(s), dtype=bool)
    return Playground(
        scores=s,
        label=y,
        margin=m,
        variant=variant,
        squared=bool(squared),
        terms=svm_terms(s, y, margin=m, squared=squared),
        counted=counted,
        loss=svm_loss(s, y, margin=m, variant=variant, squared=squared),
        highest_incorrect=highest,
        worst=worst,
        zero_from=highest + m,
        **_graph(s, y, highest, frames, margin=m, variant=variant, squared=squared),
    )


def _graph(s, y, highest, frames, **options):
    """The hinge graph of checked scores: its range, its curves and the in-figure slider's frames."""
    m, squared = options["margin"], options["squared"]
    bends = _kinks(s, y, m, options["variant"], highest)
    lo, hi = _graph_range(s[y], highest, bends)
    curve_x = curve_points(lo, hi, bends, squared=squared)
    frame_x, active = frame_positions(lo, hi, s[y], count=frames)
    frame_loss, frame_terms = loss_along(s, y, frame_x, **options)
    return {
        "x_range": (lo, hi),
        "curve_x": curve_x,
        "curve_y": loss_along(s, y, curve_x, **options)[0],
        "class_curves": [None if j == y else _term_curve(s, y, j, lo, hi, m, squared) for j in range(len(s))],
        "frame_x": frame_x,
        "frame_loss": frame_loss,
        "frame_terms": frame_terms,
        "active_frame": active,
    }


@dataclass(frozen=True)
class Batch:
    """The losses of an edited table of examples."""

    rows: list  # one per row: its scores as floats, or None where a cell is bad
    losses: list  # one per row: a float, or None where a cell is bad
    mean: float | None  # over the good rows; None when there is none
    messages: list  # one short Markdown message per bad row


def batch_losses(rows, labels, *, columns=None, margin=1.0, scale=1.0, scale_margin=False, **options):
    r"""Each row's loss, and their mean, for a table straight from an editor; bad rows get a message.

    A row with a bad cell is left out of the mean and the others keep working.

    Parameters
    ----------
    rows : sequence of N sequences of C cells
        Raw cells: numbers, None, NaN, text such as "-1e308".
    labels : sequence of N int
    columns : sequence of C str, optional
        The columns' names, for the messages.
    margin, scale, scale_margin
        As :func:`playground` takes them.
    **options
        `variant` and `squared`, as :func:`hinge.losses.svm_loss` takes them.

    Returns
    -------
    Batch

    Examples
    --------
    >>> b = batch_losses(note.BATCH, note.BATCH_LABELS)
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
