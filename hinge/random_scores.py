"""If all the scores were random, what loss would we expect? The exact expectation and a Monte Carlo.

The note answers "approximately C - 1". With C i.i.d. N(0, σ²) scores the hinge loss's
expectation has a closed form, :data:`hinge.registry.EXPECTED_RANDOM_LOSS`
(:func:`expected_random_loss`), which is (C - 1)·Δ only while σ is small next to the margin Δ;
:func:`random_scores_experiment` checks it against seeded random examples, with
cross-entropy's log C alongside.
"""

import functools
import math
from dataclasses import dataclass

import numpy as np

from hinge import experiments_text as text
from hinge._checks import check_margin
from hinge.losses import cross_entropy, svm_loss

_MC_BLOCK_ELEMENTS = 1 << 18  # 2 MiB of float64 scores per block: 1e6 x 100 never sits in memory


def normal_cdf(x):
    """Φ(x) of the standard normal, elementwise over an array of any shape.

    math.erfc keeps the far left tail accurate.

    >>> float(normal_cdf(0.0))
    0.5
    """
    x = np.asarray(x, dtype=np.float64)
    return np.vectorize(lambda v: 0.5 * math.erfc(-v / math.sqrt(2)), otypes=[np.float64])(x)


def normal_pdf(x):
    """φ(x) of the standard normal, elementwise over an array of any shape.

    >>> round(float(normal_pdf(0.0)), 6)
    0.398942
    """
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)


def expected_random_loss(n_classes, sigma, *, margin=1.0):
    r"""Exact E[L] of the (Weston-Watkins) hinge loss when all C scores are i.i.d. N(0, σ²).

    Each term's argument s_j - s_y + Δ is N(μ, τ²) with μ = Δ and τ = σ√2, and for
    X ~ N(μ, τ²), E[max(0, X)] = μΦ(μ/τ) + τφ(μ/τ); summed over the C - 1 incorrect classes,
    that is :data:`hinge.registry.EXPECTED_RANDOM_LOSS`: (C - 1)Δ while σ ≪ Δ, about
    (C - 1)σ/√π once σ ≫ Δ.

    Parameters
    ----------
    n_classes : int
        C, at least 2.
    sigma : float or array-like of any shape
        The scores' standard deviation σ ≥ 0.
    margin : float, default 1.0

    Returns
    -------
    ndarray of the shape of `sigma`

    Examples
    --------
    >>> float(expected_random_loss(10, 1e-3))  # the note's C - 1
    9.0
    >>> round(float(expected_random_loss(10, 1.0)), 4)
    10.7968
    """
    if n_classes < 2:
        raise ValueError(f"n_classes must be at least 2. Got {n_classes}")
    margin = check_margin(margin)
    sigma = np.asarray(sigma, dtype=np.float64)
    tau = sigma * math.sqrt(2)
    z = margin / np.where(tau > 0, tau, 1.0)
    per_term = np.where(tau > 0, margin * normal_cdf(z) + tau * normal_pdf(z), margin)  # σ = 0: exactly Δ
    return (n_classes - 1) * per_term


def random_losses(n_classes, sigma, n_samples, *, margin=1.0, seed=0, progress=None):
    """Per-example hinge and cross-entropy losses of `n_samples` examples with i.i.d. N(0, σ²) scores.

    The scores are drawn and scored in blocks, so 1e6 examples of 100 classes never sit in
    memory at once; the same seed gives the same losses. The correct class is 0: with i.i.d.
    scores which class is correct does not matter. `progress`, if given, is called after each
    block with the share of the examples done so far (a float in (0, 1]).

    Returns
    -------
    svm, ce : ndarray of shape (n_samples,)

    Examples
    --------
    >>> svm, ce = random_losses(10, 0.0, 3)
    >>> svm.tolist(), ce.round(4).tolist()  # equal scores: every term is Δ, cross-entropy log C
    ([9.0, 9.0, 9.0], [2.3026, 2.3026, 2.3026])
    """
    rng = np.random.default_rng(seed)
    rows = max(1, _MC_BLOCK_ELEMENTS // n_classes)
    labels = np.zeros(rows, dtype=np.intp)
    svm, ce = np.empty(n_samples), np.empty(n_samples)
    for lo in range(0, n_samples, rows):
        hi = min(n_samples, lo + rows)
        s = rng.standard_normal((hi - lo, n_classes))
        s *= sigma
        svm[lo:hi] = svm_loss(s, labels[: hi - lo], margin=margin, reduction="none")
        ce[lo:hi] = cross_entropy(s, labels[: hi - lo], reduction="none")
        if progress is not None:
            progress(hi / n_samples)
    return svm, ce


def expected_cross_entropy_curve(n_classes, sigmas, *, n_samples=None, seed=0):
    """Monte Carlo E[cross-entropy] at each σ of `sigmas` (shape (m,)), from one set of standard normals.

    One set for every σ makes a smooth curve. Returns an ndarray of shape (m,).
    The last few curves are kept (they depend on C and the seed only, not on the sample the
    page draws): a change of σ, Δ or the sample size does not compute the curve again.
    """
    n = n_samples or max(1000, 50_000 // n_classes)  # 50,000 scores a σ: 41 σ take 30 ms, not 120
    sigmas = tuple(float(s) for s in np.asarray(sigmas, dtype=np.float64).ravel())
    return _cross_entropy_curve(int(n_classes), sigmas, int(n), int(seed)).copy()


@functools.lru_cache(maxsize=32)
def _cross_entropy_curve(n_classes, sigmas, n, seed):
    z = np.random.default_rng(seed).standard_normal((n, n_classes))
    labels = np.zeros(n, dtype=np.intp)
    return np.array([cross_entropy(z * s, labels) for s in sigmas])


def _sem(values):
    """Standard error of the mean of `values`."""
    return float(values.std(ddof=1) / math.sqrt(values.size)) if values.size > 1 else math.nan


@dataclass(frozen=True)
class RandomScoresResult:
    """Question 3: per-example losses of random scores, their means and the exact expectation."""

    n_classes: int
    sigma: float
    n_samples: int
    margin: float
    seed: int
    svm_mean: float
    svm_sem: float  # standard error of the sample mean
    ce_mean: float
    ce_sem: float
    expected: float  # the exact E[L]
    c_minus_one: float  # (C - 1)·Δ: the note's "approximately C - 1"
    log_c: float  # cross-entropy's counterpart, log C
    off: float  # |E[L] / ((C - 1)·Δ) - 1|: how far the exact expectation is from (C - 1)·Δ
    svm_hist: tuple  # (counts, edges)
    ce_hist: tuple
    svm_share: np.ndarray  # each bin's share of the examples
    ce_share: np.ndarray
    sigmas: np.ndarray  # for the E[L]-against-σ curve
    expected_curve: np.ndarray
    ce_curve: np.ndarray  # Monte Carlo: cross-entropy has no closed-form expectation here

    @property
    def finding(self):
        return text.random_scores(self)


def random_scores_experiment(
    n_classes, sigma, n_samples, *, margin=1.0, seed=0, bins=60, n_curve=41, progress=None
):
    """The note's "random scores give about C - 1", checked by Monte Carlo against the exact E[L].

    Parameters
    ----------
    n_classes : int
        C, at least 2.
    sigma : float
        The scores' standard deviation.
    n_samples : int
        How many random examples, at least 1.
    margin : float, default 1.0
    seed : int, default 0
    bins : int, default 60
        Bins of each histogram of per-example losses.
    n_curve : int, default 41
        Points of the expected-loss curves, σ from 0.001 to 10.
    progress : callable, optional
        Called with the share of the Monte Carlo done (a float in (0, 1]) after each block
        of examples (see :func:`random_losses`): a page can show it, and stop there.

    Returns
    -------
    RandomScoresResult

    Examples
    --------
    >>> r = random_scores_experiment(10, 0.01, 1000)
    >>> r.expected, r.c_minus_one, round(r.log_c, 4)
    (9.0, 9.0, 2.3026)
    """
    if n_classes < 2 or n_samples < 1:
        raise ValueError(f"need n_classes >= 2 and n_samples >= 1. Got {n_classes}, {n_samples}")
    svm, ce = random_losses(n_classes, sigma, n_samples, margin=margin, seed=seed, progress=progress)
    expected = float(expected_random_loss(n_classes, sigma, margin=margin))
    sigmas = np.geomspace(1e-3, 10, n_curve)
    c1 = (n_classes - 1) * margin
    svm_hist, ce_hist = np.histogram(svm, bins=bins), np.histogram(ce, bins=bins)
    return RandomScoresResult(
        n_classes=n_classes,
        sigma=float(sigma),
        n_samples=n_samples,
        margin=margin,
        seed=seed,
        svm_mean=float(svm.mean()),
        svm_sem=_sem(svm),
        ce_mean=float(ce.mean()),
        ce_sem=_sem(ce),
        expected=expected,
        c_minus_one=c1,
        log_c=math.log(n_classes),
        off=abs(expected / c1 - 1) if c1 else math.inf,
        svm_hist=svm_hist,
        ce_hist=ce_hist,
        svm_share=svm_hist[0] / svm_hist[0].sum(),
        ce_share=ce_hist[0] / ce_hist[0].sum(),
        sigmas=sigmas,
        expected_curve=expected_random_loss(n_classes, sigmas, margin=margin),
        ce_curve=expected_cross_entropy_curve(n_classes, sigmas, seed=seed),
    )
