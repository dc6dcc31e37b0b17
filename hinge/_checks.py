"""Input validation shared by every compute module: check once, then compute on clean arrays."""

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
    """Return `scores` as a 2-D float array (float32 stays float32) and whether it was one example."""
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
    """Return `labels` as an int array of shape (n,), each in range(c)."""
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
    """Return the margin as a float; it must be a finite number >= 0."""
    if isinstance(margin, (bool, np.bool_)) or not isinstance(margin, numbers.Real):
        raise ValueError(f"margin must be a number. Got: {_preview(margin)}")
    margin = float(margin)
    if not np.isfinite(margin) or margin < 0:
        raise ValueError(f"margin must be finite and >= 0. Got {margin}")
    return margin


def check_choice(name, value, choices):
    """Raise unless `value` is one of `choices`."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}. Got {value!r}")
    return value


def check_inputs(scores, labels):
    """Validate a (scores, labels) pair; return (2-D scores, int labels, was it one example)."""
    s, single = check_scores(scores)
    y = check_labels(labels, s.shape[0], s.shape[1], single)
    return s, y, single


def _preview(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
