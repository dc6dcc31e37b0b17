r"""The experiments of the note's last section: cross-entropy against the SVM loss on the same scores.

Every loss value comes from :mod:`hinge.losses`, every logarithm of one too small for a float64
from :mod:`hinge.logspace`. Here: both losses row by row (:func:`compare_rows`), a nudged row,
the losses against the correct class's lead, gradient descent on the scores themselves, and
scaled scores. The words about them are in :mod:`hinge.compare_text`.
"""

from dataclasses import dataclass

import numpy as np

from hinge import note
from hinge._checks import check_inputs
from hinge.line_profile import loss_profile
from hinge.logspace import log10_correct_grad, log10_cross_entropy, log10_softmax
from hinge.losses import cross_entropy, cross_entropy_grad, highest_incorrect, softmax, svm_grad, svm_loss

CAT_ROW = note.IMAGES["cat"][0]  # the note's cat image, correct class 0: SVM loss 2.9


def lead(scores, labels):
    r"""The correct class's lead: s_y minus the highest incorrect score (negative when it loses).

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)
    labels : int, or array-like of int of shape (N,)

    Returns
    -------
    float, or ndarray of shape (N,)

    Examples
    --------
    >>> lead(note.CE_ROWS, note.CE_LABELS).tolist()
    [7.0, 1.0, 110.0]
    """
    s, y, single = check_inputs(scores, labels)
    highest, _ = highest_incorrect(s, y)
    out = s[np.arange(s.shape[0]), y] - highest
    return float(out[0]) if single else out


def correct_subgradient(scores, labels, *, margin=1.0, variant="weston_watkins"):
    r"""The SVM loss's subgradient set with respect to the correct score, [left, right] per row.

    As the questions page finds it (:func:`hinge.line_profile.loss_profile`): the loss along
    s_y, its slope on each side. Where a margin is met exactly (s_y - s_j = Δ) the loss has a
    kink and the subgradient is the whole interval between the two slopes.

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)
    labels : int, or array-like of int of shape (N,)
    margin : float, default 1.0
        Δ, the margin of the SVM loss.
    variant : {"weston_watkins", "crammer_singer"}
        Which SVM loss (:data:`hinge.registry.VARIANTS`).

    Returns
    -------
    ndarray of shape (N, 2)
        [left, right] slope of each row's SVM loss along s_y; left == right away from a kink.

    Examples
    --------
    [10, 9, 9] leads by exactly Δ = 1: below, two terms each fall by 1 per unit of s_y.

    >>> correct_subgradient([[10, 9, 9], [10, -2, 3]], [0, 0]).tolist()
    [[-2.0, 0.0], [0.0, 0.0]]
    """
    s, y, _ = check_inputs(np.atleast_2d(scores), np.atleast_1d(labels))
    out = np.empty((s.shape[0], 2))
    for i, (row, label) in enumerate(zip(s.astype(np.float64), y, strict=True)):
        at, along = row[label], np.eye(len(row))[label]
        profile = loss_profile(
            row - at * along, label, along, lo=at - 1, hi=at + 1, margin=margin, variant=variant
        )
        out[i] = profile.slope_interval(at)
    return out


@dataclass(frozen=True)
class Comparison:
    """Both losses, the probabilities and the gradient on the correct score, row by row."""

    svm: np.ndarray  # (N,)
    cross_entropy: np.ndarray  # (N,), may underflow to 0
    log10_cross_entropy: np.ndarray  # (N,), never -inf
    probabilities: np.ndarray  # (N, C)
    log10_probabilities: np.ndarray  # (N, C)
    lead: np.ndarray  # (N,)
    svm_correct_grad: np.ndarray  # (N,): d SVM / d s_y, the subgradient hinge.svm_grad picks
    svm_correct_subgradient: np.ndarray  # (N, 2): every d SVM / d s_y, [left, right]; an interval at a kink
    cross_entropy_correct_grad: np.ndarray  # (N,): d CE / d s_y, < 0 always (may underflow)
    log10_cross_entropy_correct_grad: np.ndarray  # (N,): log10 |d CE / d s_y|


def compare_rows(scores, labels, *, margin=1.0, variant="weston_watkins"):
    r"""Both losses side by side for every row of `scores`.

    Parameters
    ----------
    scores : array-like of shape (N, C)
    labels : array-like of int of shape (N,)
    margin : float, default 1.0
    variant : {"weston_watkins", "crammer_singer"}

    Returns
    -------
    Comparison

    Examples
    --------
    >>> c = compare_rows(note.CE_ROWS, note.CE_LABELS)
    >>> c.svm.tolist(), [f"{v:.3g}" for v in c.cross_entropy], c.lead.tolist()
    ([0.0, 0.0, 0.0], ['0.000918', '0.551', '3.38e-48'], [7.0, 1.0, 110.0])
    """
    s, y, _ = check_inputs(np.atleast_2d(scores), np.atleast_1d(labels))
    rows = np.arange(s.shape[0])
    options = {"margin": margin, "variant": variant, "reduction": "none"}
    return Comparison(
        svm=svm_loss(s, y, **options),
        cross_entropy=cross_entropy(s, y, reduction="none"),
        log10_cross_entropy=log10_cross_entropy(s, y),
        probabilities=softmax(s),
        log10_probabilities=log10_softmax(s),
        lead=lead(s, y),
        svm_correct_grad=svm_grad(s, y, **options)[rows, y],
        svm_correct_subgradient=correct_subgradient(s, y, margin=margin, variant=variant),
        cross_entropy_correct_grad=cross_entropy_grad(s, y, reduction="none")[rows, y],
        log10_cross_entropy_correct_grad=log10_correct_grad(s, y),
    )


@dataclass(frozen=True)
class Nudge:
    """One row before and after a small change of its scores."""

    before: np.ndarray
    after: np.ndarray
    svm_before: float
    svm_after: float
    cross_entropy_before: float
    cross_entropy_after: float
    log10_cross_entropy_before: float
    log10_cross_entropy_after: float

    @property
    def svm_change(self):
        return self.svm_after - self.svm_before

    @property
    def cross_entropy_ratio(self):
        """after / before, from the logs: exact even where both values underflow."""
        return 10 ** (self.log10_cross_entropy_after - self.log10_cross_entropy_before)


def nudge(scores, label, *, eps, target=None, seed=0, margin=1.0, variant="weston_watkins"):
    r"""Add `eps` to the score of class `target`, or (``target=None``) seeded uniform noise in [-eps, eps].

    Parameters
    ----------
    scores : array-like of shape (C,)
        One row of scores.
    label : int
        Its correct class.
    eps : float
        The change of the score, or the half-width of the noise.
    target : int or None
        The class whose score changes; None for noise on every score.
    seed : int
        The noise's seed (numpy's default_rng): the same seed, the same noise.
    margin : float, default 1.0
        Δ, the margin of the SVM loss.
    variant : {"weston_watkins", "crammer_singer"}
        Which SVM loss (:data:`hinge.registry.VARIANTS`).

    Returns
    -------
    Nudge

    Examples
    --------
    The note's last row: moving an incorrect score by 0.5 leaves the SVM loss at exactly 0,
    while the cross-entropy grows by (e^0.5 + 1) / 2, about 1.32 times.

    >>> n = nudge([10, -100, -100], 0, eps=0.5, target=1)
    >>> n.svm_before, n.svm_after, round(n.cross_entropy_ratio, 4)
    (0.0, 0.0, 1.3244)
    """
    before, y, single = check_inputs(scores, label)
    if not single:
        raise ValueError(f"nudge takes one row of scores, shape (C,). Got shape {np.shape(scores)}")
    before = before[0].astype(np.float64)
    if target is None:
        after = before + np.random.default_rng(seed).uniform(-abs(eps), abs(eps), before.shape)
    else:
        after = before.copy()
        after[target] += eps
    y = int(y[0])
    options = {"margin": margin, "variant": variant}
    return Nudge(
        before=before,
        after=after,
        svm_before=svm_loss(before, y, **options),
        svm_after=svm_loss(after, y, **options),
        cross_entropy_before=cross_entropy(before, y),
        cross_entropy_after=cross_entropy(after, y),
        log10_cross_entropy_before=log10_cross_entropy(before, y),
        log10_cross_entropy_after=log10_cross_entropy(after, y),
    )


@dataclass(frozen=True)
class Curve:
    """A loss (or gradient) against a control: the piecewise-linear SVM at its kinks, CE sampled."""

    svm_x: np.ndarray
    svm: np.ndarray
    ce_x: np.ndarray
    cross_entropy: np.ndarray
    log10_cross_entropy: np.ndarray
    svm_dense: np.ndarray  # the SVM loss at ce_x too: on a log axis its straight pieces bend


def lead_range(leads, margin):
    """An x range for the lead charts: the margin, 0 and every row's lead, with some room.

    Parameters
    ----------
    leads : array-like of shape (N,)
        Each row's lead (:func:`lead`).
    margin : float

    Returns
    -------
    (lo, hi) : (float, float)

    Examples
    --------
    >>> lead_range([7, 1, 110], 1.0)
    (-3.0, 119.04)
    """
    leads = np.asarray(leads, dtype=np.float64)
    lo = min(-3.0, float(leads.min(initial=0.0)) - 1.0)
    hi = max(margin + 4.0, float(leads.max(initial=0.0)))
    return lo, hi + 0.08 * (hi - lo)


def _lead_samples(lo, hi, margin, samples):
    """Evenly spaced leads, plus a few just short of the margin, where a log axis plunges to -inf."""
    near = margin - np.logspace(-1, -6, 6) * max(1.0, margin)
    return np.union1d(np.linspace(lo, hi, samples), near[(near > lo) & (near < hi)])


def _tied_rows(leads, n_classes):
    """Scores [lead, 0, ..., 0] with label 0: every incorrect score at the highest one."""
    s = np.zeros((len(leads), n_classes))
    s[:, 0] = leads
    return s, np.zeros(len(leads), dtype=int)


def lead_curves(lo, hi, n_classes, *, margin=1.0, variant="weston_watkins", samples=121):
    r"""Both losses against the lead, for C classes whose incorrect scores all equal the highest one.

    That is the worst case for a given lead: a row with lower other scores sits on or below
    both curves. The SVM loss is piecewise linear, so it is given at its kink (the margin) only.

    Parameters
    ----------
    lo, hi : float
        The range of leads.
    n_classes : int
        C, the number of classes.
    margin : float, default 1.0
        Δ, the margin of the SVM loss.
    variant : {"weston_watkins", "crammer_singer"}
        Which SVM loss (:data:`hinge.registry.VARIANTS`).
    samples : int
        How many leads cross-entropy is sampled at (plus a few just short of the margin).

    Returns
    -------
    Curve
        ``svm_x`` of shape (2,) or (3,), ``ce_x`` of shape (M,) with M >= `samples`.

    Examples
    --------
    >>> c = lead_curves(-2, 4, 3)
    >>> c.svm_x.tolist(), c.svm.tolist()  # 2 (1 - lead) until the margin, then 0
    ([-2.0, 1.0, 4.0], [6.0, 0.0, 0.0])
    """
    svm_x = np.array(sorted({float(lo), float(hi)} | ({float(margin)} if lo < margin < hi else set())))
    ce_x = _lead_samples(lo, hi, margin, samples)
    s, y = _tied_rows(svm_x, n_classes)
    t, yt = _tied_rows(ce_x, n_classes)
    return Curve(
        svm_x=svm_x,
        svm=svm_loss(s, y, margin=margin, variant=variant, reduction="none"),
        ce_x=ce_x,
        cross_entropy=cross_entropy(t, yt, reduction="none"),
        log10_cross_entropy=log10_cross_entropy(t, yt),
        svm_dense=svm_loss(t, yt, margin=margin, variant=variant, reduction="none"),
    )


def correct_grad_curves(lo, hi, n_classes, *, margin=1.0, variant="weston_watkins", samples=121):
    r"""d loss / d s_y against the lead, for tied incorrect scores, as a :class:`Curve`.

    ``log10_cross_entropy`` holds log10 |d CE / d s_y|.

    The SVM's is a step: -(C-1) (Weston-Watkins) or -1 (Crammer-Singer) short of the margin,
    exactly 0 from it on.

    Parameters
    ----------
    lo, hi, n_classes, margin, variant, samples
        As :func:`lead_curves`.

    Returns
    -------
    Curve
        ``svm`` holds d SVM / d s_y (the step's two ends at the margin), ``cross_entropy``
        d CE / d s_y, ``log10_cross_entropy`` log10 |d CE / d s_y|.

    Examples
    --------
    >>> g = correct_grad_curves(-2, 4, 3)
    >>> g.svm_x.tolist(), g.svm.tolist()
    ([-2.0, 1.0, 1.0, 4.0], [-2.0, -2.0, 0.0, 0.0])
    """
    x = np.array(sorted({float(lo), float(hi)}))
    if lo < margin < hi:
        x = np.array([lo, margin, margin, hi], dtype=np.float64)
    s, y = _tied_rows(x, n_classes)
    svm = svm_grad(s, y, margin=margin, variant=variant, reduction="none")[:, 0]
    if len(x) == 4:  # the left end of the step: the value just short of the margin
        svm[1] = svm[0]
    ce_x = _lead_samples(lo, hi, margin, samples)
    t, yt = _tied_rows(ce_x, n_classes)
    dense = svm_grad(t, yt, margin=margin, variant=variant, reduction="none")[:, 0]
    return Curve(
        svm_x=x,
        svm=svm,
        ce_x=ce_x,
        cross_entropy=cross_entropy_grad(t, yt, reduction="none")[:, 0],
        log10_cross_entropy=log10_correct_grad(t, yt),
        svm_dense=dense,
    )


@dataclass(frozen=True)
class Training:
    """Gradient descent on one row's scores: scores[t] after t steps, the loss at each step."""

    scores: np.ndarray  # (steps + 1, C)
    loss: np.ndarray  # (steps + 1,)
    log10_loss: np.ndarray  # (steps + 1,); cross-entropy only, else a copy of log10(loss)
    stopped_at: int | None  # first step after which the scores never move again, or None

    @property
    def last_move(self):
        """How far the scores moved in the last step (largest change of one score)."""
        if len(self.scores) < 2:
            return 0.0
        return float(np.abs(self.scores[-1] - self.scores[-2]).max())


def _stopped_at(path):
    """The first step after which the scores of `path` (steps + 1, C) never move again; None if they do."""
    moved = np.flatnonzero((path[1:] != path[:-1]).any(axis=1))
    if len(moved) == 0:
        return 0
    return int(moved[-1]) + 1 if moved[-1] < len(path) - 2 else None


def train_scores(scores, label, *, loss, lr, steps, margin=1.0, variant="weston_watkins"):
    r"""Gradient descent on the scores themselves: s <- s - lr * dL/ds, for `steps` steps.

    ``loss`` is "svm" or "cross_entropy". The SVM's gradient is exactly 0 once every margin
    is met, so the scores stop there; cross-entropy's never is, so they drift apart forever.

    Parameters
    ----------
    scores : array-like of shape (C,)
        The starting scores.
    label : int
        The correct class.
    loss : {"svm", "cross_entropy"}
    lr : float
        The step size.
    steps : int
        How many steps.
    margin : float, default 1.0
        Δ, the margin of the SVM loss.
    variant : {"weston_watkins", "crammer_singer"}
        Which SVM loss (:data:`hinge.registry.VARIANTS`).

    Returns
    -------
    Training
        ``scores`` of shape (steps + 1, C), ``loss`` and ``log10_loss`` of shape (steps + 1,).

    Raises
    ------
    ValueError
        For another `loss`, or more than one row of scores.

    Examples
    --------
    The note's cat image: the SVM loss 2.9 shrinks by 2 * 0.1 a step until the margin is met.

    >>> svm = train_scores(CAT_ROW, 0, loss="svm", lr=0.1, steps=30)
    >>> svm.stopped_at, float(svm.loss[-1])
    (15, 0.0)
    >>> ce = train_scores(CAT_ROW, 0, loss="cross_entropy", lr=0.1, steps=30)
    >>> ce.stopped_at is None and ce.last_move > 0
    True
    """
    if loss not in ("svm", "cross_entropy"):
        raise ValueError(f"loss must be 'svm' or 'cross_entropy'. Got {loss!r}")
    s, y, single = check_inputs(scores, label)
    if not single:
        raise ValueError(f"train_scores takes one row of scores, shape (C,). Got shape {np.shape(scores)}")
    y = int(y[0])
    path = np.empty((steps + 1, s.shape[1]))
    path[0] = s[0]
    for t in range(steps):
        if loss == "svm":
            grad = svm_grad(path[t], y, margin=margin, variant=variant)
        else:
            grad = cross_entropy_grad(path[t], y)
        if not grad.any():  # a gradient of exactly 0 is met again at every later step: the scores stay
            path[t + 1 :] = path[t]
            break
        path[t + 1] = path[t] - lr * grad
    labels = np.full(steps + 1, y)
    if loss == "svm":
        values = svm_loss(path, labels, margin=margin, variant=variant, reduction="none")
        with np.errstate(divide="ignore"):
            logs = np.log10(values)
    else:
        values = cross_entropy(path, labels, reduction="none")
        logs = log10_cross_entropy(path, labels)
    return Training(scores=path, loss=values, log10_loss=logs, stopped_at=_stopped_at(path))


def scale_k_max(k):
    """Where the scale chart's k axis ends: past the chosen `k` (a float), and at least at 3.

    >>> scale_k_max(1.0), scale_k_max(4.0)
    (3.0, 6.0)
    """
    return max(3.0, 1.5 * k)


def scale_curves(scores, labels, *, k_max=10.0, margin=1.0, variant="weston_watkins", samples=81):
    r"""Both losses of every row of k * scores, for k from 0 to `k_max`.

    The SVM loss is piecewise linear in k, with kinks where k (s_y - s_j) = margin, so it is
    given at those k only; cross-entropy is sampled.

    Parameters
    ----------
    scores : array-like of shape (N, C)
    labels : array-like of int of shape (N,)
    k_max : float
        The largest k (:func:`scale_k_max`).
    margin : float, default 1.0
        Δ, the margin of the SVM loss.
    variant : {"weston_watkins", "crammer_singer"}
        Which SVM loss (:data:`hinge.registry.VARIANTS`).
    samples : int
        How many k cross-entropy is sampled at.

    Returns
    -------
    list of Curve
        One per row, against k.

    Examples
    --------
    [10, 9, 9] has a lead of 1: its SVM loss 2 (1 - k) reaches 0 at k = 1 and stays there.

    >>> (c,) = scale_curves([[10, 9, 9]], [0], k_max=3)
    >>> c.svm_x.tolist(), c.svm.tolist()
    ([0.0, 1.0, 3.0], [2.0, 0.0, 0.0])
    """
    s, y, _ = check_inputs(np.atleast_2d(scores), np.atleast_1d(labels))
    s = s.astype(np.float64)
    ce_x = np.linspace(0.0, k_max, samples)
    curves = []
    for row, label in zip(s, y, strict=True):
        gaps = row[label] - np.delete(row, label)
        kinks = {float(margin / g) for g in gaps if g > 0 and margin / g < k_max}
        svm_x = np.array(sorted({0.0, float(k_max)} | kinks))
        labels_svm = np.full(len(svm_x), label)
        labels_ce = np.full(len(ce_x), label)
        scaled = ce_x[:, None] * row
        options = {"margin": margin, "variant": variant, "reduction": "none"}
        curves.append(
            Curve(
                svm_x=svm_x,
                svm=svm_loss(svm_x[:, None] * row, labels_svm, **options),
                ce_x=ce_x,
                cross_entropy=cross_entropy(scaled, labels_ce, reduction="none"),
                log10_cross_entropy=log10_cross_entropy(scaled, labels_ce),
                svm_dense=svm_loss(scaled, labels_ce, **options),
            )
        )
    return curves


def scale_at(scores, labels, *, k, margin=1.0, variant="weston_watkins"):
    """(SVM, cross-entropy, log10 cross-entropy) of k × scores, each an ndarray of shape (N,).

    `scores` is (N, C), `labels` (N,); `margin` and `variant` as :func:`compare_rows`.

    >>> svm, ce, log_ce = scale_at([[10, 9, 9]], [0], k=0.5)
    >>> svm.tolist(), round(float(ce[0]), 4)  # two margins short by 0.5 each; log(1 + 2 e^-0.5)
    ([1.0], 0.7944)
    """
    s = np.asarray(scores, dtype=np.float64) * k
    svm = svm_loss(s, labels, margin=margin, variant=variant, reduction="none")
    return svm, cross_entropy(s, labels, reduction="none"), log10_cross_entropy(s, labels)
