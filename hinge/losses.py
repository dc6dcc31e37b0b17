r"""The multi-class SVM (hinge) loss, its subgradient, and softmax cross-entropy, in numpy.

Each loss sits next to its gradient. Large batches are processed in row blocks that fit
in the CPU cache, with in-place operations, so a loss costs a few passes over cached
memory rather than several full-size temporaries.

Every public function takes the scores of one example, shape (C,), with an int label, or of
a batch, shape (N, C), with N labels; lists, float32 and float64 work (float32 stays float32).
Input is checked first (:mod:`hinge._checks`): anything else raises a ``ValueError`` that says
what was expected and what was given.
"""

import numpy as np

from hinge._checks import REDUCTIONS, VARIANTS, check_choice, check_inputs, check_margin, check_scores

# About 512 KiB of float64 per block: the working buffers stay in a 1-2 MiB L2 cache.
_BLOCK_ELEMENTS = 1 << 16


def _hinge_arguments(flat, at_label, c, margin, out):
    """Fill `out` with s_j - s_y + margin for every class j of the rows in `flat`.

    In that order: s_j - s_y is exact when the scores are close, so the hinge's kink is
    exact too, even for huge scores (s_j - (s_y - margin) would lose the margin at 1e308).
    """
    np.subtract(flat, np.repeat(flat[at_label], c), out=out)
    out += margin
    return out


def _svm(scores, labels, margin, variant, squared, reduction, want_grad):
    """Shared kernel: per-row losses (or their total) and, if asked, the gradient.

    Works on flat, contiguous row blocks: numpy's fast loops need long contiguous runs,
    and an (r, C) broadcast with a small C would fall back to a slow inner loop of C.
    """
    s, y, single = check_inputs(scores, labels)
    margin = check_margin(margin)
    check_choice("variant", variant, VARIANTS)
    check_choice("reduction", reduction, REDUCTIONS)
    n, c = s.shape
    step = min(n, max(1, _BLOCK_ELEMENTS // c))
    flat = s.reshape(-1)
    buf_all = np.empty(step * c, dtype=s.dtype)
    zeros = np.zeros(step * c, dtype=s.dtype)  # maximum(x, array) is ~2x faster than maximum(x, 0)
    ones = np.ones(c, dtype=s.dtype)
    row_starts = np.arange(0, step * c, c)
    per_row = np.empty(n, dtype=np.float64) if reduction == "none" or single else None
    total = 0.0
    # Weston-Watkins writes every entry; Crammer-Singer only two a row
    grad = (np.empty_like if variant == "weston_watkins" else np.zeros_like)(s) if want_grad else None
    grad_flat = grad.reshape(-1) if want_grad else None
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        r, m = hi - lo, (hi - lo) * c
        at_label = row_starts[:r] + y[lo:hi]  # flat index of each row's correct score
        block, buf = flat[lo * c : hi * c], buf_all[:m]
        _hinge_arguments(block, at_label, c, margin, buf)
        if variant == "weston_watkins":
            np.maximum(buf, zeros[:m], out=buf)
            buf[at_label] = 0  # the correct class is not summed over
            if want_grad:
                g = grad_flat[lo * c : hi * c]
                if squared:
                    np.multiply(buf, 2, out=g)  # d/ds_j of t**2 is 2t where t > 0
                else:
                    np.copyto(g, buf > zeros[:m])  # strictly > 0, as PyTorch does
                g[at_label] = 0 - g.reshape(r, c) @ ones  # 0 - x, not -x: no -0.0 on a quiet row
            if squared:
                np.multiply(buf, buf, out=buf)
            if per_row is not None:
                per_row[lo:hi] = buf.reshape(r, c) @ ones
            else:
                total += float(buf.sum(dtype=np.float64))
        else:  # crammer_singer: only the highest incorrect score counts
            buf[at_label] = -np.inf
            at_worst = row_starts[:r] + np.argmax(buf.reshape(r, c), axis=1)  # ties: lowest class
            worst_term = np.maximum(buf[at_worst], 0)
            if want_grad:
                g = grad_flat[lo * c : hi * c]
                slope = 2 * worst_term if squared else (worst_term > 0).astype(s.dtype)
                g[at_worst] = slope
                g[at_label] = 0 - slope
            row_loss = worst_term * worst_term if squared else worst_term
            if per_row is not None:
                per_row[lo:hi] = row_loss
            else:
                total += float(row_loss.sum(dtype=np.float64))
    return _reduce(per_row, total, n, single, reduction), _scale_grad(grad, n, single, reduction)


def _reduce(per_row, total, n, single, reduction):
    if single:
        return float(per_row[0])
    if reduction == "none":
        return per_row
    return total / n if reduction == "mean" else total


def _scale_grad(grad, n, single, reduction):
    if grad is None:
        return None
    if reduction == "mean" and not single:
        grad /= n
    return grad[0] if single else grad


def svm_loss(scores, labels, *, margin=1.0, variant="weston_watkins", squared=False, reduction="mean"):
    r"""Multi-class SVM (hinge) loss of one example or of a batch (by default its mean).

    For an example with scores s (one per class) and correct class y, each incorrect class j
    has the hinge term max(0, s_j - s_y + margin): zero once the correct score beats s_j by
    the margin, growing linearly below that. `variant` says how the terms make the loss:

    - ``"weston_watkins"`` (the note's formula, Weston & Watkins [1]_), the sum:
      L_i = sum_{j != y_i} max(0, s_j - s_{y_i} + margin)
    - ``"crammer_singer"`` (the note's diagram, where only the highest incorrect score
      counts, Crammer & Singer [2]_), the max:
      L_i = max(0, max_{j != y_i} s_j - s_{y_i} + margin)

    With ``squared=True`` each hinge term is squared before it is summed (or maximised): the
    squared hinge of the L2-SVM, which punishes a large violation more and is differentiable
    at the kink.

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)
        Class scores of one example, or of N examples (one row each), C >= 2. Finite numbers;
        float32 is computed in float32 (the losses summed in float64), anything else in float64.
    labels : int, or array-like of int of shape (N,)
        Index of the correct class, in 0..C-1: one int for one example, one per row for a batch.
    margin : float, default 1.0
        The required gap Δ >= 0 between the correct score and each incorrect one.
    variant : {"weston_watkins", "crammer_singer"}, default "weston_watkins"
        Sum of the hinge terms, or only the largest one (see above).
    squared : bool, default False
        Square each hinge term (the L2-SVM).
    reduction : {"mean", "sum", "none"}, default "mean"
        How a batch's per-example losses are combined; "none" returns them as an (N,) array.
        One example (scores of shape (C,)) always gives its own loss.

    Returns
    -------
    float or ndarray of shape (N,)
        The loss of one example, or the batch's mean ("mean") or total ("sum"); with
        ``reduction="none"`` on a batch, each example's loss (float64).

    Raises
    ------
    ValueError
        If `scores` is not a finite (C,) or (N, C) array of numbers with C >= 2 and N >= 1,
        `labels` is not one int (or N ints) in 0..C-1, `margin` is not a finite number >= 0,
        or `variant` or `reduction` is not one of the names above.

    See Also
    --------
    svm_grad : Its subgradient.
    svm_loss_and_grad : The loss and its subgradient from one pass.
    svm_terms : The per-class hinge terms (the note's red values).

    Notes
    -----
    PyTorch's ``torch.nn.functional.multi_margin_loss`` (``torch.nn.MultiMarginLoss``) is the
    Weston-Watkins loss divided by the number of classes: its documentation writes the loss of
    one example as ``sum_i max(0, margin - x[y] + x[i])**p / x.size(0)`` over i != y, where
    x.size(0) is C [3]_. So its numbers are ours / C, with ``p=2`` matching ``squared=True``,
    and its "mean" further divides by N as ours does. PyTorch has no Crammer-Singer variant.

    References
    ----------
    .. [1] J. Weston and C. Watkins, "Support vector machines for multi-class pattern
       recognition", in Proc. 7th European Symposium on Artificial Neural Networks (ESANN),
       1999, pp. 219-224.
    .. [2] K. Crammer and Y. Singer, "On the algorithmic implementation of multiclass
       kernel-based vector machines", Journal of Machine Learning Research 2:265-292, 2001.
    .. [3] https://docs.pytorch.org/docs/stable/generated/torch.nn.MultiMarginLoss.html

    Examples
    --------
    The note's cat image: max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = 2.9 + 0 = 2.9

    >>> from hinge import note
    >>> scores, label = note.IMAGES["cat"]
    >>> round(svm_loss(scores, label), 10)
    2.9

    The note's three images, each loss and their mean:

    >>> svm_loss(note.BATCH, note.BATCH_LABELS, reduction="none").round(10).tolist()
    [2.9, 0.0, 12.9]
    >>> round(svm_loss(note.BATCH, note.BATCH_LABELS), 2)  # (2.9 + 0 + 12.9) / 3
    5.27

    The frog image's terms are 6.3 (cat) and 6.6 (car): the sum, the max, and both squared.

    >>> frog, label = note.IMAGES["frog"]
    >>> round(svm_loss(frog, label), 10), round(svm_loss(frog, label, variant="crammer_singer"), 10)
    (12.9, 6.6)
    >>> round(svm_loss(frog, label, squared=True), 10)  # 6.3**2 + 6.6**2 = 39.69 + 43.56
    83.25
    >>> round(svm_loss(frog, label, variant="crammer_singer", squared=True), 10)
    43.56

    What PyTorch's ``multi_margin_loss(torch.tensor(note.BATCH), torch.tensor(note.BATCH_LABELS))``
    gives, computed here without torch: ours / C, C = 3.

    >>> round(svm_loss(note.BATCH, note.BATCH_LABELS) / 3, 4)  # 15.8 / 3 / 3
    1.7556

    Bad input says what was expected:

    >>> svm_loss([1.0, 2.0], 2)
    Traceback (most recent call last):
    ...
    ValueError: labels must be in 0..1 for 2 classes. Got 2
    """
    return _svm(scores, labels, margin, variant, squared, reduction, want_grad=False)[0]


def svm_grad(scores, labels, *, margin=1.0, variant="weston_watkins", squared=False, reduction="mean"):
    r"""Subgradient of :func:`svm_loss` with respect to the scores.

    A hinge term contributes where its argument s_j - s_y + margin is strictly > 0 (PyTorch's
    convention): +1 (or 2t when squared, t the term) on class j and the same amount
    subtracted at the label. With Crammer-Singer only the highest incorrect class gets the
    gradient; on a tie it goes to the lowest class index.

    Parameters
    ----------
    scores, labels, margin, variant, squared
        As for :func:`svm_loss`.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides by N (the gradient of the batch's mean); "sum" and "none" give each
        row the gradient of its own loss.

    Returns
    -------
    ndarray of the shape of `scores`, (C,) or (N, C)
        float32 for float32 scores, else float64.

    Raises
    ------
    ValueError
        On bad input, as :func:`svm_loss`.

    Examples
    --------
    >>> from hinge import note
    >>> svm_grad(*note.IMAGES["cat"]).tolist()  # only the car term (2.9) is active
    [-1.0, 1.0, 0.0]
    >>> frog, label = note.IMAGES["frog"]
    >>> svm_grad(frog, label, variant="crammer_singer").tolist()  # the car's 6.6 is the max
    [0.0, 1.0, -1.0]
    >>> svm_grad(frog, label, squared=True).round(10).tolist()  # 2 * 6.3, 2 * 6.6
    [12.6, 13.2, -25.8]
    >>> (svm_grad(note.BATCH, note.BATCH_LABELS) * 3).round(10).tolist()  # "mean": each row / N
    [[-1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, -2.0]]
    """
    return _svm(scores, labels, margin, variant, squared, reduction, want_grad=True)[1]


def svm_loss_and_grad(
    scores, labels, *, margin=1.0, variant="weston_watkins", squared=False, reduction="mean"
):
    """:func:`svm_loss` and :func:`svm_grad` from one pass over the scores.

    Parameters
    ----------
    scores, labels, margin, variant, squared, reduction
        As for :func:`svm_loss`.

    Returns
    -------
    loss : float, or ndarray of shape (N,)
        As :func:`svm_loss` returns it.
    grad : ndarray of the shape of `scores`
        As :func:`svm_grad` returns it.

    Raises
    ------
    ValueError
        On bad input, as :func:`svm_loss`.

    Examples
    --------
    >>> from hinge import note
    >>> loss, grad = svm_loss_and_grad(*note.IMAGES["cat"])
    >>> round(loss, 10), grad.tolist()
    (2.9, [-1.0, 1.0, 0.0])
    """
    return _svm(scores, labels, margin, variant, squared, reduction, want_grad=True)


def svm_terms(scores, labels, *, margin=1.0, squared=False):
    r"""Per-class hinge terms max(0, s_j - s_y + margin), squared if asked, 0 at the label.

    These are the note's red values: the Weston-Watkins loss is their sum over a row, the
    Crammer-Singer loss their max.

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)
        Class scores of one example, or of N examples.
    labels : int, or array-like of int of shape (N,)
        Index of the correct class of each example.
    margin : float, default 1.0
        The margin Δ >= 0.
    squared : bool, default False
        Square each term (the L2-SVM's terms).

    Returns
    -------
    ndarray of the shape of `scores`, (C,) or (N, C)
        float32 for float32 scores, else float64.

    Raises
    ------
    ValueError
        On bad scores, labels or margin, as :func:`svm_loss`.

    Examples
    --------
    >>> from hinge import note
    >>> svm_terms(*note.IMAGES["cat"]).round(10).tolist()
    [0.0, 2.9, 0.0]
    >>> svm_terms(note.BATCH, note.BATCH_LABELS).round(10).tolist()
    [[0.0, 2.9, 0.0], [0.0, 0.0, 0.0], [6.3, 6.6, 0.0]]
    """
    s, y, single = check_inputs(scores, labels)
    margin = check_margin(margin)
    n, c = s.shape
    at_label = np.arange(0, n * c, c) + y
    terms = np.empty_like(s)
    flat_terms = terms.reshape(-1)
    _hinge_arguments(s.reshape(-1), at_label, c, margin, flat_terms)
    np.maximum(flat_terms, 0, out=flat_terms)
    flat_terms[at_label] = 0
    if squared:
        np.square(terms, out=terms)
    return terms[0] if single else terms


def softmax(scores):
    r"""Softmax over the classes, exp(s_j) / sum_k exp(s_k), computed without overflow.

    Each row is shifted by its largest score first, so exp never overflows and the top
    class's entry is computed from exp(0) = 1.

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)
        Class scores of one example, or of N examples.

    Returns
    -------
    ndarray of the shape of `scores`
        Probabilities, each row summing to 1; float32 for float32 scores, else float64.

    Raises
    ------
    ValueError
        If `scores` is not a finite (C,) or (N, C) array of numbers with C >= 2.

    Examples
    --------
    >>> softmax([0.0, 0.0]).tolist()
    [0.5, 0.5]
    >>> softmax([[1000.0, 1000.0], [0.0, np.log(3.0)]]).round(10).tolist()  # no overflow
    [[0.5, 0.5], [0.25, 0.75]]
    """
    s, single = check_scores(scores)
    p = _shifted_exp(s)[3]
    p /= p.sum(axis=1, keepdims=True)
    return p[0] if single else p


def _shifted_exp(s):
    """Row indices, each row's top class and score m, and exp(s - m): no overflow, top entry 1."""
    rows = np.arange(s.shape[0])
    top = np.argmax(s, axis=1)
    m = s[rows, top]
    return rows, top, m, np.exp(s - m[:, None])


def log_sum_exp(scores):
    r"""log sum_j exp(s_j) of each row, without overflow or underflow: m + log sum_j exp(s_j - m).

    The one log-sum-exp of the package (cross-entropy in log space builds on it). A score of
    -inf is allowed and counts as exp(-inf) = 0, so ``log_sum_exp`` over "every class but one"
    is this with that class set to -inf.

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)
        Numbers or -inf; C >= 1. Computed in float64.

    Returns
    -------
    float or ndarray of shape (N,)
        A float for one row, shape (C,); a float64 array for N rows.

    Raises
    ------
    ValueError
        If `scores` is not 1-D or 2-D, has no columns, holds NaN or +inf, or is not numbers.

    Examples
    --------
    >>> round(log_sum_exp([1000.0, 1000.0]), 6)  # exp(1000) overflows; this does not
    1000.693147
    >>> log_sum_exp([[0.0, -np.inf], [0.0, 0.0]]).round(6).tolist()
    [0.0, 0.693147]
    """
    arr = np.asarray(scores, dtype=np.float64)
    single = arr.ndim == 1
    s = arr.reshape(1, -1) if single else arr
    if s.ndim != 2 or s.shape[1] == 0 or np.isnan(s).any() or (s == np.inf).any():
        raise ValueError(f"scores must be a (C,) or (N, C) array of numbers < inf. Got shape {arr.shape}")
    _, _, m, e = _shifted_exp(s)
    out = m + np.log(e.sum(axis=1))
    return float(out[0]) if single else out


def highest_incorrect(scores, labels):
    """The highest score among the incorrect classes of each example, and its class.

    On a tie the lowest class index is the one (as :func:`svm_grad` gives Crammer-Singer's
    gradient to it).

    This is the score the note's diagram marks on its axis, which the Crammer-Singer loss
    compares the correct score with.

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)
        Class scores of one example, or of N examples.
    labels : int, or array-like of int of shape (N,)
        Index of the correct class of each example.

    Returns
    -------
    value : float, or ndarray of shape (N,), float64
        The highest incorrect score of the example, or of each row.
    class : int, or ndarray of int of shape (N,)
        Its class index.

    Raises
    ------
    ValueError
        On bad scores or labels, as :func:`svm_loss`.

    Examples
    --------
    >>> from hinge import note
    >>> highest_incorrect(*note.IMAGES["cat"])  # the note's cat image: the car's score
    (5.1, 1)
    >>> values, classes = highest_incorrect([[10, 9, 9], [1, 7, 7]], [0, 2])
    >>> values.tolist(), classes.tolist()
    ([9.0, 7.0], [1, 1])
    """
    s, y, single = check_inputs(scores, labels)
    rows = np.arange(s.shape[0])
    others = s.astype(np.float64)  # a copy
    others[rows, y] = -np.inf
    worst = np.argmax(others, axis=1)
    values = others[rows, worst]
    return (float(values[0]), int(worst[0])) if single else (values, worst)


def _cross_entropy(scores, labels, reduction, want_loss, want_grad):
    """Shared kernel: one exp pass per row block gives the loss, the gradient, or both.

    As :func:`_svm`, on flat, contiguous row blocks that stay in the cache: exp is the one
    costly pass; the row sums are matrix-vector products with a vector of ones (BLAS), not
    ``sum(axis=1)``, whose loop of C a row is slow for a small C. The loss of each row is
    (m - s_y) + log1p(sum_{j != top} exp(s_j - m)): the top's exp(0) = 1 is left out of the
    sum and added by log1p, so a confident row keeps its tiny loss.
    """
    s, y, single = check_inputs(scores, labels)
    check_choice("reduction", reduction, REDUCTIONS)
    n, c = s.shape
    step = min(n, max(1, _BLOCK_ELEMENTS // c))
    flat = s.reshape(-1)
    buf_all = np.empty(step * c, dtype=s.dtype)
    ones = np.ones(c)  # float64: a float32 block's row sums are summed in float64
    row_starts = np.arange(0, step * c, c)
    per_row = np.empty(n) if want_loss else None
    grad = np.empty_like(s) if want_grad else None
    grad_flat = grad.reshape(-1) if want_grad else None
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        r, k = hi - lo, (hi - lo) * c
        block, buf = flat[lo * c : hi * c], buf_all[:k]
        starts = row_starts[:r]
        at_top = starts + np.argmax(block.reshape(r, c), axis=1)  # ties: the lowest class
        m = block[at_top]
        np.subtract(block, np.repeat(m, c), out=buf)
        np.exp(buf, out=buf)
        buf[at_top] = 0
        others = buf.reshape(r, c) @ ones  # sum_{j != top} exp(s_j - m), float64
        at_label = starts + y[lo:hi]
        if want_loss:
            per_row[lo:hi] = (m - block[at_label]).astype(np.float64) + np.log1p(others)
        if want_grad:
            buf[at_top] = 1
            g = grad_flat[lo * c : hi * c]
            np.multiply(buf, np.repeat(1.0 / (1.0 + others), c).astype(s.dtype, copy=False), out=g)  # softmax
            g[at_label] = 0
            g[at_label] = 0 - g.reshape(r, c) @ ones  # -sum_{j != y} p_j, not p_y - 1: never rounds to 0
    loss = _reduce(per_row, float(per_row.sum()), n, single, reduction) if want_loss else None
    return loss, _scale_grad(grad, n, single, reduction)


def cross_entropy(scores, labels, *, reduction="mean"):
    r"""Softmax cross-entropy, -log(exp(s_y) / sum_j exp(s_j)), in natural log.

    Computed as (m - s_y) + log1p(sum_{j != argmax} exp(s_j - m)) with m = max_j s_j, so a
    confident correct example keeps its tiny but non-zero loss instead of rounding to 0,
    and huge scores do not overflow.

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)
        Class scores of one example, or of N examples.
    labels : int, or array-like of int of shape (N,)
        Index of the correct class of each example.
    reduction : {"mean", "sum", "none"}, default "mean"
        How a batch's per-example losses are combined; "none" returns them as an (N,) array.

    Returns
    -------
    float or ndarray of shape (N,)
        The loss of one example, or the batch's mean ("mean") or total ("sum"); with
        ``reduction="none"`` on a batch, each example's loss (float64).

    Raises
    ------
    ValueError
        If `scores` is not a finite (C,) or (N, C) array of numbers with C >= 2, `labels` is
        not one int (or N ints) in 0..C-1, or `reduction` is not one of the names above.

    Examples
    --------
    The note's last section: three rows the SVM loss is 0 on, and cross-entropy is not.

    >>> from hinge import note
    >>> losses = cross_entropy(note.CE_ROWS, note.CE_LABELS, reduction="none")
    >>> [f"{loss:.3g}" for loss in losses]
    ['0.000918', '0.551', '3.38e-48']
    >>> f"{cross_entropy([10, -100, -100], 0):.3g}"  # log1p(2 e^-110), never exactly 0
    '3.38e-48'
    >>> cross_entropy([1000, -1000, 0], 1)
    2000.0
    """
    return _cross_entropy(scores, labels, reduction, want_loss=True, want_grad=False)[0]


def cross_entropy_grad(scores, labels, *, reduction="mean"):
    r"""Gradient of :func:`cross_entropy`: softmax(s) minus the one-hot label.

    The entry at the label is written as -sum_{j != y} p_j rather than p_y - 1, so it stays
    non-zero (e.g. about -3.4e-48 for [10, -100, -100]) where p_y rounds to 1.

    Parameters
    ----------
    scores, labels
        As for :func:`cross_entropy`.
    reduction : {"mean", "sum", "none"}, default "mean"
        "mean" divides by N (the gradient of the batch's mean); "sum" and "none" give each
        row the gradient of its own loss.

    Returns
    -------
    ndarray of the shape of `scores`, (C,) or (N, C)
        float32 for float32 scores, else float64; each row sums to 0 (up to rounding).

    Raises
    ------
    ValueError
        On bad input, as :func:`cross_entropy`.

    Examples
    --------
    >>> cross_entropy_grad([10, 9, 9], 0).round(4).tolist()  # softmax minus one-hot
    [-0.4239, 0.2119, 0.2119]
    >>> g = cross_entropy_grad([10, -100, -100], 0)
    >>> bool(g[0] < 0), f"{g[0]:.3g}"
    (True, '-3.38e-48')
    """
    return _cross_entropy(scores, labels, reduction, want_loss=False, want_grad=True)[1]


def cross_entropy_and_grad(scores, labels, *, reduction="mean"):
    """:func:`cross_entropy` and :func:`cross_entropy_grad` from one softmax.

    Parameters
    ----------
    scores, labels, reduction
        As for :func:`cross_entropy`.

    Returns
    -------
    loss : float, or ndarray of shape (N,)
        As :func:`cross_entropy` returns it.
    grad : ndarray of the shape of `scores`
        As :func:`cross_entropy_grad` returns it.

    Raises
    ------
    ValueError
        On bad input, as :func:`cross_entropy`.

    Examples
    --------
    >>> loss, grad = cross_entropy_and_grad([10, 9, 9], 0)
    >>> round(loss, 4), grad.round(4).tolist()
    (0.5514, [-0.4239, 0.2119, 0.2119])
    """
    return _cross_entropy(scores, labels, reduction, want_loss=True, want_grad=True)
