r"""Cross-entropy in log space: the logarithm of a loss, a probability or a gradient too small for a float64.

A cross-entropy of 10^-868 underflows to 0 in float64; its log10, -868.29, does not. Each
function here is built on :func:`hinge.losses.log_sum_exp` (the one log-sum-exp of the package)
and returns log10 values, finite for every finite score.
"""

import math

import numpy as np

from hinge._checks import check_inputs, check_scores
from hinge.losses import log_sum_exp

LN10 = math.log(10.0)
_SERIES_FROM = -30.0  # log(log1p(e^z)) = z - e^z/2 + O(e^2z) is exact in float64 below this z


def _log_others(scores, labels):
    """z = log sum_{j != y} exp(s_j - s_y) of each row: the log-sum-exp of the row without class y, - s_y."""
    s, y, single = check_inputs(scores, labels)
    rows = np.arange(s.shape[0])
    others = s.astype(np.float64)  # a copy
    others[rows, y] = -np.inf
    return log_sum_exp(others) - s[rows, y], single


def _one(values, single):
    return float(values[0]) if single else values


def log10_cross_entropy(scores, labels):
    r"""log10 of the softmax cross-entropy, computed in log space: finite where the loss underflows.

    With z = log sum_{j != y} exp(s_j - s_y) the loss is log(1 + e^z), so its natural log is
    log(log1p(e^z)) while e^z is representable, and z - e^z / 2 (the series, exact in float64)
    when z < -30. A cross-entropy is never exactly 0, so this is never -inf.

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)
    labels : int, or array-like of int of shape (N,)

    Returns
    -------
    float, or ndarray of shape (N,)

    Examples
    --------
    >>> round(log10_cross_entropy([10, -100, -100], 0), 4)  # 3.38e-48
    -47.4714
    >>> round(log10_cross_entropy([1000, -1000, -1000], 0), 2)  # float64 gives 0.0 here
    -868.29
    """
    z, single = _log_others(scores, labels)
    with np.errstate(under="ignore"):
        near = np.log(np.logaddexp(0.0, np.maximum(z, _SERIES_FROM)))
        series = z - np.exp(np.minimum(z, _SERIES_FROM)) / 2
    return _one(np.where(z < _SERIES_FROM, series, near) / LN10, single)


def log10_correct_grad(scores, labels):
    r"""log10 of |d cross-entropy / d s_y| = 1 - p_y = sum_{j != y} p_j, in log space.

    1 - p_y = e^z / (1 + e^z), so its log is -log(1 + e^-z): finite for every finite score,
    which is the note's "cross-entropy will always try to drive the scores apart".

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)
    labels : int, or array-like of int of shape (N,)

    Returns
    -------
    float, or ndarray of shape (N,)

    Examples
    --------
    >>> round(log10_correct_grad([10, -100, -100], 0), 4)  # the gradient is -3.38e-48
    -47.4714
    """
    z, single = _log_others(scores, labels)
    return _one(-np.logaddexp(0.0, -z) / LN10, single)


def log10_softmax(scores):
    r"""log10 of the softmax probabilities, s_j - log sum_k exp(s_k), never -inf for finite scores.

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)

    Returns
    -------
    ndarray of shape (C,) or (N, C)

    Examples
    --------
    >>> log10_softmax([1000, -1000, -1000]).round(2).tolist()  # 1 and two 10^-868.6
    [0.0, -868.59, -868.59]
    """
    s, single = check_scores(scores)
    s = s.astype(np.float64)
    out = (s - log_sum_exp(s)[:, None]) / LN10
    return out[0] if single else out
