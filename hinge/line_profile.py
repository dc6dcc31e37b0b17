"""The hinge loss along a line in score space, as exact breakpoints.

A piecewise-linear curve is returned as its breakpoints (exact, and a few points only):
candidate kinks are every point where two scores, or a score and another shifted by the
margin, meet; the loss and its exact slope (:func:`hinge.svm_grad` at each segment's
midpoint) are evaluated there, and breakpoints where the slope does not change are dropped.

The questions page draws its curves from these (:mod:`hinge.experiments`), and the
cross-entropy page finds where a loss is zero with them (:mod:`hinge.compare`).
"""

from dataclasses import dataclass

import numpy as np

from hinge._checks import check_choice, check_inputs, check_margin
from hinge.losses import svm_grad, svm_loss
from hinge.registry import VARIANTS


@dataclass(frozen=True)
class Profile:
    """A piecewise-linear loss along a line: breakpoints, values there, slope of each segment."""

    xs: np.ndarray  # (m,) breakpoints, lo and hi included
    losses: np.ndarray  # (m,)
    slopes: np.ndarray  # (m - 1,) exact slope between consecutive breakpoints

    @property
    def kinks(self):
        """The interior breakpoints, shape (m - 2,): where the slope changes."""
        return self.xs[1:-1]

    def slope_interval(self, x, *, atol=1e-9):
        """The subgradient set at `x` as ``(left, right)``; one number twice where differentiable.

        Examples
        --------
        >>> p = Profile(np.array([0.0, 1.0, 2.0]), np.array([1.0, 0.0, 0.0]), np.array([-1.0, 0.0]))
        >>> p.slope_interval(1.0), p.slope_interval(0.5)
        ((-1.0, 0.0), (-1.0, -1.0))
        """
        x = float(x)
        near = np.flatnonzero(np.abs(self.kinks - x) <= atol * max(1.0, abs(x)))
        if near.size:
            i = near[0]
            return float(self.slopes[i]), float(self.slopes[i + 1])
        i = int(np.clip(np.searchsorted(self.xs, x) - 1, 0, len(self.slopes) - 1))
        return float(self.slopes[i]), float(self.slopes[i])


def _rows(base, direction, ts):
    return base[None, :] + np.asarray(ts, dtype=np.float64)[:, None] * direction[None, :]


def _meeting_points(base, direction, margin):
    """Every t at which two scores along base + t·direction are equal or exactly `margin` apart."""
    db = base[:, None] - base[None, :]
    dd = direction[:, None] - direction[None, :]
    moving = dd != 0
    with np.errstate(over="ignore"):  # a meeting point past float range is ±inf: outside any [lo, hi]
        ts = [-(db[moving] + shift) / dd[moving] for shift in (0.0, margin, -margin)]
    return np.concatenate(ts)


def loss_profile(base, label, direction, *, lo, hi, margin=1.0, variant="weston_watkins"):
    """The hinge loss of ``base + t·direction`` for t in [lo, hi], as exact breakpoints.

    Parameters
    ----------
    base, direction : array-like of shape (C,)
        A point in score space and the direction the line leaves it in.
    label : int
        The correct class.
    lo, hi : float
        The range of t, lo < hi.
    margin : float, default 1.0
    variant : {"weston_watkins", "crammer_singer"}

    Returns
    -------
    Profile
        Breakpoints ``xs`` of shape (m,) (lo and hi included), the loss there, and the
        slope of each of the m - 1 segments.

    Examples
    --------
    The cat image as its correct score moves from 0 to 8: a kink where it passes 5.1 + 1.

    >>> from hinge.note import IMAGES
    >>> scores, label = IMAGES["cat"]
    >>> p = loss_profile([0, *scores[1:]], label, [1, 0, 0], lo=0, hi=8)
    >>> p.kinks.round(10).tolist(), p.slopes.tolist()
    ([6.1], [-1.0, 0.0])
    """
    base, _, _ = check_inputs(base, label)
    base, direction = base[0], np.asarray(direction, dtype=np.float64)
    margin = check_margin(margin)
    check_choice("variant", variant, VARIANTS)
    lo, hi = float(lo), float(hi)
    cand = _meeting_points(base, direction, margin)
    xs = np.unique(np.concatenate([[lo, hi], cand[(cand > lo) & (cand < hi)]]))
    labels = np.full(len(xs), label)
    losses = svm_loss(_rows(base, direction, xs), labels, margin=margin, variant=variant, reduction="none")
    mids = (xs[:-1] + xs[1:]) / 2
    grads = svm_grad(
        _rows(base, direction, mids), labels[:-1], margin=margin, variant=variant, reduction="none"
    )
    slopes = grads @ direction
    keep = np.ones(len(xs), dtype=bool)
    keep[1:-1] = slopes[1:] != slopes[:-1]  # a breakpoint only where the slope changes
    kept = np.flatnonzero(keep)
    return Profile(xs=xs[kept], losses=losses[kept], slopes=slopes[kept[:-1]])


def one_score(scores, label, cls):
    """The line along which only score `cls` moves: ``base + t·e_cls`` has exactly t at `cls`.

    Parameters
    ----------
    scores : array-like of shape (C,)
    label : int
    cls : int
        The class whose score moves, 0 to C - 1.

    Returns
    -------
    base, direction : ndarray of shape (C,)
        `scores` with 0 at `cls`, and the unit vector of `cls`.

    Examples
    --------
    >>> base, direction = one_score([1.0, 2.0, 3.0], 0, 1)
    >>> base.tolist(), direction.tolist()
    ([1.0, 0.0, 3.0], [0.0, 1.0, 0.0])
    """
    s, _, _ = check_inputs(scores, label)
    base = s[0].astype(np.float64)
    if not 0 <= cls < base.size:
        raise ValueError(f"cls must be a class index 0 to {base.size - 1}. Got {cls}")
    base[cls] = 0.0
    direction = np.zeros_like(base)
    direction[cls] = 1.0
    return base, direction


def with_score(scores, cls, xs):
    """One row of `scores` (shape (C,)) for each value in `xs` (shape (n,)), score `cls` set to it.

    Returns
    -------
    ndarray of shape (n, C)

    Examples
    --------
    >>> with_score([1.0, 2.0], 1, [5.0, 6.0]).tolist()
    [[1.0, 5.0], [1.0, 6.0]]
    """
    rows = np.repeat(np.asarray(scores, dtype=np.float64)[None, :], len(xs), axis=0)
    rows[:, cls] = xs
    return rows
