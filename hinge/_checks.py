"""Input validation shared by every compute module: check once, then compute on clean arrays.

Each check returns the clean value (a contiguous float array, an int array, a float) or raises
a ``ValueError`` that says what was expected and what was given.
"""

import numbers

import numpy as np

from hinge.registry import VARIANTS

__all__ = [
    "REDUCTIONS",
    "VARIANTS",
    "check_choice",
    "check_inputs",
    "check_labels",
    "check_margin",
    "check_scores",
]
REDUCTIONS = ("mean", "sum", "none")


def check_scores(scores):
    """Return `scores` as a 2-D float array (float32 stays float32) and whether it was one example.

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)
        Class scores of one example, or of N >= 1 examples; C >= 2 finite numbers a row.

    Returns
    -------
    scores : ndarray of shape (1, C) or (N, C)
        C-contiguous, float32 for float32 input, else float64 (ints are converted).
    single : bool
        True when `scores` was one example, shape (C,).

    Raises
    ------
    ValueError
        If `scores` is ragged, not numeric, not 1-D or 2-D, an empty batch, has fewer than
        2 classes, or holds NaN or infinity.

    Examples
    --------
    >>> arr, single = check_scores([1, 2, 3])
    >>> arr.tolist(), arr.dtype.name, single
    ([[1.0, 2.0, 3.0]], 'float64', True)
    >>> check_scores(np.zeros((2, 3), dtype=np.float32))[0].dtype.name
    'float32'
    >>> check_scores([1.0, np.nan])
    Traceback (most recent call last):
    ...
    ValueError: scores must be finite: found NaN or infinity
    """
    try:
        arr = np.asarray(scores)
    except (ValueError, TypeError) as exc:  # ragged lists and the like
        raise ValueError(f"scores must be a rectangular array of numbers. Got: {exc}") from None
    if arr.dtype.kind not in "iuf":
        raise ValueError(f"scores must be numeric (int or float), got dtype {arr.dtype}: {_preview(scores)}")
    if arr.ndim not in (1, 2):
        raise ValueError(
            f"scores must have shape (C,) for one example or (N, C) for a batch. Got shape {arr.shape}"
        )
    single = arr.ndim == 1
    arr = arr.reshape(1, -1) if single else arr
    n, c = arr.shape
    if n == 0:
        raise ValueError("scores is an empty batch: expected at least one row, got shape (0, C)")
    if c < 2:
        raise ValueError(f"scores must have at least 2 classes (columns). Got {c}")
    # contiguous, so the kernels can work on flat views
    arr = np.ascontiguousarray(arr, dtype=np.float32 if arr.dtype == np.float32 else np.float64)
    # one pass: any NaN or infinity makes the sum non-finite; an overflowing sum of finite
    # scores is then told apart by the full element-wise check
    with np.errstate(over="ignore"):
        total = arr.sum()
    if not np.isfinite(total) and not np.isfinite(arr).all():
        raise ValueError("scores must be finite: found NaN or infinity")
    return arr, single


def check_labels(labels, n, c, single):
    """Return `labels` as an int array of shape (n,), each in range(c).

    Parameters
    ----------
    labels : int, or array-like of int of shape (n,)
        One class index for one example (`single`), else one per row of scores. A bool or
        a float is not a class index.
    n, c : int
        The number of rows and of classes of the scores.
    single : bool
        Whether the scores were one example (as :func:`check_scores` says).

    Returns
    -------
    ndarray of int (np.intp) of shape (n,)

    Raises
    ------
    ValueError
        If a label is not an integer, the labels' shape is not (n,), or a label is outside
        0..c-1.

    Examples
    --------
    >>> check_labels(2, 1, 3, True).tolist(), check_labels([0, 2], 2, 3, False).tolist()
    ([2], [0, 2])
    >>> check_labels([0, 3], 2, 3, False)
    Traceback (most recent call last):
    ...
    ValueError: labels must be in 0..2 for 3 classes. Got 3
    >>> check_labels(1.0, 1, 3, True)
    Traceback (most recent call last):
    ...
    ValueError: labels must be one integer class index for one example. Got: 1.0
    """
    if single:
        is_int = isinstance(labels, numbers.Integral) and not isinstance(labels, (bool, np.bool_))
        is_int_0d = isinstance(labels, np.ndarray) and labels.ndim == 0 and labels.dtype.kind in "iu"
        if not (is_int or is_int_0d):
            raise ValueError(
                f"labels must be one integer class index for one example. Got: {_preview(labels)}"
            )
        y = np.asarray([int(labels)])
    else:
        y = np.asarray(labels)
        if y.dtype.kind not in "iu":
            raise ValueError(f"labels must be integer class indices, got dtype {y.dtype}: {_preview(labels)}")
        if y.shape != (n,):
            raise ValueError(f"labels must have shape ({n},), one per row of scores. Got shape {y.shape}")
    if n and (y.min() < 0 or y.max() >= c):
        bad = y[(y < 0) | (y >= c)][0]
        raise ValueError(f"labels must be in 0..{c - 1} for {c} classes. Got {bad}")
    return y.astype(np.intp, copy=False)


def check_margin(margin):
    """Return the margin as a float; it must be a finite number >= 0.

    Parameters
    ----------
    margin : real number
        Any int or float type but bool; text is not read.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If `margin` is not a real number, is a bool, or is NaN, infinite or negative.

    Examples
    --------
    >>> check_margin(1), check_margin(np.float32(0.5))
    (1.0, 0.5)
    >>> check_margin(-0.1)
    Traceback (most recent call last):
    ...
    ValueError: margin must be finite and >= 0. Got -0.1
    """
    if isinstance(margin, (bool, np.bool_)) or not isinstance(margin, numbers.Real):
        raise ValueError(f"margin must be a number. Got: {_preview(margin)}")
    margin = float(margin)
    if not np.isfinite(margin) or margin < 0:
        raise ValueError(f"margin must be finite and >= 0. Got {margin}")
    return margin


def check_choice(name, value, choices):
    """Return `value` if it is one of `choices`, else raise.

    Parameters
    ----------
    name : str
        The option's name, for the message.
    value : object
        What was given; it must be a str.
    choices : sequence of str

    Returns
    -------
    str
        `value`.

    Raises
    ------
    ValueError
        If `value` is not a str among `choices`; the message lists them.

    Examples
    --------
    >>> check_choice("reduction", "sum", REDUCTIONS)
    'sum'
    >>> check_choice("reduction", "avg", REDUCTIONS)
    Traceback (most recent call last):
    ...
    ValueError: reduction must be one of 'mean', 'sum', 'none'. Got 'avg'
    """
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}. Got {value!r}")
    return value


def check_inputs(scores, labels):
    """Validate a (scores, labels) pair: :func:`check_scores`, then :func:`check_labels`.

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)
    labels : int, or array-like of int of shape (N,)

    Returns
    -------
    scores : ndarray of shape (1, C) or (N, C)
        As :func:`check_scores` returns it.
    labels : ndarray of int of shape (1,) or (N,)
    single : bool
        True when `scores` was one example.

    Raises
    ------
    ValueError
        On bad scores or labels (see the two checks).

    Examples
    --------
    >>> s, y, single = check_inputs([[1, 2, 3], [4, 5, 6]], [0, 2])
    >>> s.shape, y.tolist(), single
    ((2, 3), [0, 2], False)
    >>> check_inputs([[1, 2, 3], [4, 5, 6]], [0])
    Traceback (most recent call last):
    ...
    ValueError: labels must have shape (2,), one per row of scores. Got shape (1,)
    """
    s, single = check_scores(scores)
    y = check_labels(labels, s.shape[0], s.shape[1], single)
    return s, y, single


def _preview(value, limit=60):
    # what was given, in an error message: its repr, cut at `limit` characters
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
