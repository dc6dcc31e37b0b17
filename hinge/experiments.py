r"""The note's questions as experiments: the numbers the "Questions as experiments" page shows.

Each experiment is one function that returns a small result object of plain numbers and
numpy arrays; its ``finding`` is the sentence :mod:`hinge.experiments_text` writes from
those numbers. The losses come from :mod:`hinge.losses`, curves along a line from
:mod:`hinge.line_profile`; this module only moves scores around and measures. The random
scores' experiment (question 3) is :mod:`hinge.random_scores`, the loss over two scores
:mod:`hinge.landscape`; the page's controls and link are :mod:`hinge.experiments_controls`.
"""

import functools
import math
from dataclasses import dataclass

import numpy as np

from hinge import experiments_text as text
from hinge._checks import check_inputs, check_margin
from hinge.line_profile import Profile, loss_profile, one_score, with_score
from hinge.losses import cross_entropy, svm_loss, svm_terms
from hinge.note import NOTE_CLASSES


def _one_row(scores, label):
    """`scores` (shape (C,)) as float64 and `label` as an int, checked."""
    s, y, _ = check_inputs(scores, label)
    return s[0].astype(np.float64), int(y[0])


# --------------------------------------------------------------------------------------------
# 1. What happens to the loss if the car's scores change a bit?


def slack(scores, label, *, margin=1.0):
    """How far each incorrect score may rise (or the correct one fall) before the loss changes.

    slack_j = s_y - s_j - Δ for j != y; NaN at the correct class. A negative slack means
    that term is already non-zero.

    Parameters
    ----------
    scores : array-like of shape (C,)
    label : int
    margin : float, default 1.0

    Returns
    -------
    ndarray of shape (C,)

    Examples
    --------
    >>> from hinge.note import IMAGES
    >>> slack(*IMAGES["car"]).round(10).tolist()  # cat 2.6, frog 1.9
    [2.6, nan, 1.9]
    """
    s, y = _one_row(scores, label)
    margin = check_margin(margin)
    out = s[y] - s - margin
    out[y] = np.nan
    return out


def jitter_direction(n_classes, seed):
    """A seeded random direction of shape (n_classes,), scaled so its largest entry is ±1.

    So a jitter's size is the largest change of any score.

    >>> float(np.abs(jitter_direction(3, 0)).max())
    1.0
    """
    d = np.random.default_rng(seed).uniform(-1.0, 1.0, n_classes)
    return d / np.abs(d).max()


def jitter_threshold(scores, label, direction, *, margin=1.0):
    """The jitter size t at which the loss of ``scores + t·direction`` first becomes non-zero.

    Term j is max(0, t·(d_j - d_y) - slack_j), so it wakes at t = slack_j / (d_j - d_y) when
    d_j > d_y, and never otherwise.

    Parameters
    ----------
    scores, direction : array-like of shape (C,)
    label : int
    margin : float, default 1.0

    Returns
    -------
    float
        0 if the loss is already non-zero; inf if it never wakes.

    Examples
    --------
    >>> jitter_threshold([0.0, 3.0], 1, [1.0, 0.0])  # slack 2, closing at rate 1
    2.0
    """
    sl = slack(scores, label, margin=margin)
    d = np.asarray(direction, dtype=np.float64)
    y = int(label)
    if np.nanmin(sl) < 0:
        return 0.0
    rate = d - d[y]
    waking = (rate > 0) & ~np.isnan(sl)
    return float((sl[waking] / rate[waking]).min()) if waking.any() else math.inf


@dataclass(frozen=True)
class JitterResult:
    """Question 1: the scores before and after a seeded jitter, each class's slack, and the loss."""

    scores: np.ndarray
    jittered: np.ndarray
    label: int
    margin: float
    size: float
    seed: int
    slack: np.ndarray
    tightest: int  # the class with the smallest slack
    class_names: tuple
    safe_size: float  # any jitter moving every score by at most this keeps the loss at 0
    threshold: float  # along this seed's direction the loss is 0 up to here, > 0 just beyond
    loss: float
    jittered_loss: float
    profile: Profile
    correct_line: float  # the jittered correct score minus Δ: an incorrect score above it has a term

    @property
    def finding(self):
        return text.jitter(self)


def jitter_experiment(scores, label, *, size, seed, margin=1.0, max_size=3.0, class_names=NOTE_CLASSES):
    """Jitter every score by at most `size` (seeded) and measure the slack and the wake-up size.

    Parameters
    ----------
    scores : array-like of shape (C,)
    label : int
    size : float
        The jitter's size: the most any score moves.
    seed : int
        The jitter's direction (:func:`jitter_direction`).
    margin : float, default 1.0
    max_size : float, default 3.0
        The loss is profiled for jitter sizes up to this (or `size`, if larger).
    class_names : sequence of str, default the note's

    Returns
    -------
    JitterResult
    """
    s, label = _one_row(scores, label)
    d = jitter_direction(s.size, seed)
    sl = slack(s, label, margin=margin)
    jittered = s + size * d
    return JitterResult(
        scores=s,
        jittered=jittered,
        label=label,
        margin=margin,
        size=float(size),
        seed=seed,
        slack=sl,
        tightest=int(np.nanargmin(sl)),
        class_names=tuple(class_names),
        safe_size=max(0.0, float(np.nanmin(sl)) / 2),
        threshold=jitter_threshold(s, label, d, margin=margin),
        loss=svm_loss(s, label, margin=margin),
        jittered_loss=svm_loss(jittered, label, margin=margin),
        profile=loss_profile(s, label, d, lo=0.0, hi=max(max_size, size), margin=margin),
        correct_line=jittered[label] - margin,
    )


# --------------------------------------------------------------------------------------------
# 2. What are the min and max possible values?


@dataclass(frozen=True)
class SweepResult:
    """Question 2: the hinge loss and cross-entropy as the correct score moves."""

    correct: float
    profile: Profile  # hinge loss as the correct score moves
    ce_xs: np.ndarray
    ce: np.ndarray  # cross-entropy on the same scores
    svm_at: float
    ce_at: float
    zero_from: float  # the hinge loss is exactly 0 from here on
    rise: float  # how fast the hinge loss grows as the correct score falls, far down
    ce_min: float  # cross-entropy's smallest value on the range: still above 0

    @property
    def finding(self):
        return text.min_max(self)


def min_max_sweep(scores, label, *, correct, lo=-10.0, hi=15.0, margin=1.0, n_ce=161):
    """Move the correct score over [lo, hi]: the hinge loss reaches exactly 0, cross-entropy never.

    Parameters
    ----------
    scores : array-like of shape (C,)
    label : int
    correct : float
        The correct score to mark.
    lo, hi : float
        The range the correct score moves over.
    margin : float, default 1.0
    n_ce : int, default 161
        Points of the cross-entropy curve (the hinge loss comes as exact breakpoints).

    Returns
    -------
    SweepResult

    Examples
    --------
    >>> from hinge.note import IMAGES
    >>> r = min_max_sweep(*IMAGES["car"], correct=8.0)
    >>> round(r.zero_from, 10), r.svm_at, r.rise
    (3.0, 0.0, 2.0)
    """
    base, direction = one_score(scores, label, label)
    profile = loss_profile(base, label, direction, lo=lo, hi=hi, margin=margin)
    ce_xs = np.linspace(lo, hi, n_ce)
    ce = cross_entropy(with_score(base, label, ce_xs), np.full(n_ce, label), reduction="none")
    here = with_score(base, label, [correct])[0]
    return SweepResult(
        correct=correct,
        profile=profile,
        ce_xs=ce_xs,
        ce=ce,
        svm_at=svm_loss(here, label, margin=margin),
        ce_at=cross_entropy(here, label),
        zero_from=float(np.delete(base, label).max() + margin),
        rise=float(-profile.slopes[0]),
        ce_min=float(ce.min()),
    )


# --------------------------------------------------------------------------------------------
# 3. If all the scores were random, what loss would we expect? See hinge.random_scores.
# 4. Is the SVM loss differentiable?


@dataclass(frozen=True)
class KinkResult:
    """Question 4: the loss and its subgradient as one score moves, and how often a kink is hit."""

    cls: int
    class_name: str
    value: float
    profile: Profile
    loss: float
    subgradient: tuple  # (left, right) slopes at value: an interval at a kink
    at_kink: bool
    nearest_kink: float  # the distance from value to the nearest kink (inf if none)
    lo: float  # the range the score moves over
    hi: float
    chance: float  # chance that a uniformly drawn score in [lo, hi] lands exactly on a kink
    hits: int  # of `trials` seeded uniform draws, how many landed exactly on a kink
    trials: int

    @property
    def finding(self):
        return text.kink(self)


def kink_experiment(
    scores, label, *, cls, value, lo=-6.0, hi=10.0, margin=1.0, trials=1_000_000, seed=0,
    class_names=NOTE_CLASSES,
):  # fmt: skip
    """The loss and its subgradient as one score moves; how often a real score hits a kink.

    Parameters
    ----------
    scores : array-like of shape (C,)
    label : int
    cls : int
        The class whose score moves.
    value : float
        Its value, where the subgradient is measured.
    lo, hi : float
        The range the score moves over.
    margin : float, default 1.0
    trials : int, default 1,000,000
        Seeded uniform draws in [lo, hi] counted for landing exactly on a kink.
    seed : int, default 0
    class_names : sequence of str, default the note's

    Returns
    -------
    KinkResult

    Examples
    --------
    >>> from hinge.note import IMAGES
    >>> r = kink_experiment(*IMAGES["cat"], cls=0, value=6.1, trials=10)
    >>> r.at_kink, r.subgradient
    (True, (-1.0, 0.0))
    """
    base, direction = one_score(scores, label, cls)
    profile = loss_profile(base, label, direction, lo=lo, hi=hi, margin=margin)
    left, right = profile.slope_interval(value)
    kinks = profile.kinks
    here = with_score(base, cls, [value])[0]
    draws = _sorted_draws(seed, float(lo), float(hi), trials)
    kinks_hit = np.unique(kinks)
    return KinkResult(
        cls=cls,
        class_name=class_names[cls] if cls < len(class_names) else f"class {cls}",
        value=float(value),
        profile=profile,
        loss=svm_loss(here, label, margin=margin),
        subgradient=(left, right),
        at_kink=left != right,
        nearest_kink=float(np.abs(kinks - value).min()) if kinks.size else math.inf,
        lo=lo,
        hi=hi,
        # a score rounded to the nearest double equals a kink k when it falls within k's spacing
        chance=float(np.spacing(np.abs(kinks)).sum() / (hi - lo)) if kinks.size else 0.0,
        hits=int(
            (np.searchsorted(draws, kinks_hit, "right") - np.searchsorted(draws, kinks_hit, "left")).sum()
        ),
        trials=trials,
    )


@functools.lru_cache(maxsize=4)
def _sorted_draws(seed, lo, hi, trials):
    """`trials` seeded uniform draws in [lo, hi], sorted and kept: a kink's hits are two binary searches.

    Counting them with np.isin drew and searched a million numbers at each key press (40 ms).
    """
    draws = np.sort(np.random.default_rng(seed).uniform(lo, hi, trials))
    draws.flags.writeable = False
    return draws


# --------------------------------------------------------------------------------------------
# 5. How does changing the margin affect the problem?


@dataclass(frozen=True)
class MarginResult:
    """Question 5: the hinge terms of s with Δ, of k·s with k·Δ, and of k·s with Δ/k."""

    k: float
    margin: float
    scaled_margin: float  # k·Δ
    literal_margin: float  # Δ/k
    terms: np.ndarray  # s with Δ
    scaled_terms: np.ndarray  # k·s with k·Δ: the identity
    literal_terms: np.ndarray  # k·s with Δ/k: the note's sentence read literally
    loss: float
    scaled_loss: float
    literal_loss: float
    ratio: float  # scaled_loss / loss (NaN when the loss is 0): k, by the identity
    same_pattern: bool

    @property
    def finding(self):
        return text.margin(self)


def margin_scaling(scores, label, *, k, margin=1.0):
    r"""Scaling scores and margin together only rescales the loss: :data:`hinge.registry.SCALING`.

    Parameters
    ----------
    scores : array-like of shape (C,)
    label : int
    k : float
        The scale, finite and > 0.
    margin : float, default 1.0

    Returns
    -------
    MarginResult
        The terms (shape (C,)) and loss of s with Δ, of k·s with k·Δ, and of k·s with Δ/k.

    Examples
    --------
    >>> from hinge.note import IMAGES
    >>> r = margin_scaling(*IMAGES["cat"], k=10)
    >>> round(r.loss, 10), round(r.scaled_loss, 10), r.same_pattern
    (2.9, 29.0, True)
    """
    s, y = _one_row(scores, label)
    margin = check_margin(margin)
    if not (k > 0 and math.isfinite(k)):
        raise ValueError(f"k must be a finite number > 0. Got {k}")
    terms = svm_terms(s, y, margin=margin)
    scaled = svm_terms(k * s, y, margin=k * margin)
    literal = svm_terms(k * s, y, margin=margin / k)
    loss, scaled_loss, literal_loss = (float(t.sum()) for t in (terms, scaled, literal))
    return MarginResult(
        k=k,
        margin=margin,
        scaled_margin=k * margin,
        literal_margin=margin / k,
        terms=terms,
        scaled_terms=scaled,
        literal_terms=literal,
        loss=loss,
        scaled_loss=scaled_loss,
        literal_loss=literal_loss,
        ratio=scaled_loss / loss if loss else math.nan,
        same_pattern=bool(np.array_equal(terms > 0, scaled > 0)),
    )


# --------------------------------------------------------------------------------------------
# 6. Three more: sum including the correct class, mean instead of sum, squared hinge


@dataclass(frozen=True)
class VariantsResult:
    """Three more: the note's loss, with the correct class, the mean and the squared hinge."""

    correct: float
    profile: Profile  # the note's loss
    with_correct: Profile  # summing over every class, the correct one too
    mean: Profile  # mean over the C - 1 incorrect classes
    squared_xs: np.ndarray
    squared: np.ndarray  # the squared hinge, sampled (it is piecewise quadratic)
    at: dict  # each variant's value at `correct`
    added: float  # what including the correct class adds, the same everywhere (None if it varied)
    n_incorrect: int  # C - 1: what the mean divides by
    best: float  # the first correct score where the note's loss is smallest
    best_mean: float  # the same for the mean

    @property
    def finding(self):
        return text.variants(self)


def _first_lowest(profile):
    return profile.xs[np.flatnonzero(profile.losses == profile.losses.min())[0]]


def loss_variants(scores, label, *, correct, lo=-4.0, hi=9.0, margin=1.0, n_squared=121):
    """Three changes to the loss, each as a curve over the correct score.

    Summing over every class includes max(0, s_y - s_y + Δ) = Δ, computed here as the loss
    with the correct score duplicated as an extra class.

    Parameters
    ----------
    scores : array-like of shape (C,)
    label : int
    correct : float
        The correct score at which each variant's value is given.
    lo, hi : float
        The range the correct score moves over.
    margin : float, default 1.0
    n_squared : int, default 121
        Points of the squared hinge's curve (besides the note's breakpoints).

    Returns
    -------
    VariantsResult

    Examples
    --------
    >>> from hinge.note import IMAGES
    >>> r = loss_variants(*IMAGES["cat"], correct=3.2)
    >>> {name: round(value, 10) for name, value in r.at.items()}
    {'sum': 2.9, 'with_correct': 3.9, 'squared': 8.41, 'mean': 1.45}
    """
    base, direction = one_score(scores, label, label)
    c = base.size
    profile = loss_profile(base, label, direction, lo=lo, hi=hi, margin=margin)
    with_correct = loss_profile(
        np.append(base, 0.0), label, np.append(direction, 1.0), lo=lo, hi=hi, margin=margin
    )
    mean = Profile(profile.xs, profile.losses / (c - 1), profile.slopes / (c - 1))
    xs = np.unique(np.concatenate([np.linspace(lo, hi, n_squared), profile.xs]))
    squared = svm_loss(
        with_score(base, label, xs), np.full(xs.size, label), margin=margin, squared=True, reduction="none"
    )
    here = with_score(base, label, [correct])[0]
    at = {
        "sum": svm_loss(here, label, margin=margin),
        "with_correct": svm_loss(np.append(here, correct), label, margin=margin),
        "squared": svm_loss(here, label, margin=margin, squared=True),
    }
    at["mean"] = at["sum"] / (c - 1)
    added = np.unique(np.round(with_correct.losses - profile.losses, 12))
    return VariantsResult(
        correct=float(correct),
        profile=profile,
        with_correct=with_correct,
        mean=mean,
        squared_xs=xs,
        squared=squared,
        at=at,
        added=float(added[0]) if added.size == 1 else None,
        n_incorrect=c - 1,
        best=_first_lowest(profile),
        best_mean=_first_lowest(mean),
    )
