r"""The note's questions as experiments: every number the "Questions as experiments" page shows.

Each experiment is one function that returns a small result object of plain numbers and
numpy arrays plus a one-sentence ``finding`` computed from those numbers. The losses come
from :mod:`hinge.losses`; this module only moves scores around and measures.

Piecewise-linear curves are returned as their breakpoints (exact, and a few points only):
candidate kinks are every point where two scores, or a score and another shifted by the
margin, meet; the loss and its exact slope (:func:`hinge.svm_grad` at each segment's
midpoint) are evaluated there and breakpoints where the slope does not change are dropped.

The page's controls are described here too (their ranges, options and how a link spells
them), with :func:`check_link`, which checks a link's values before the controls are drawn.
"""

import math
from dataclasses import dataclass

import numpy as np

from hinge import params
from hinge._checks import check_choice, check_inputs, check_margin
from hinge.losses import cross_entropy, svm_grad, svm_loss, svm_terms

# The page shows one tab per experiment, in the note's order, then the landscape. Short names:
# all seven fit one line on a 1280-pixel projector in presentation mode.
TABS = [
    "1 · Small changes",
    "2 · Min, max",
    "3 · Random scores",
    "4 · Kinks",
    "5 · Margin",
    "6 · Variants",
    "Landscape",
]
_OLD_TABS = ("", "2 · Min and max", "", "4 · Differentiable?", "", "6 · Three more", "Loss landscape")
# What else a link may call a tab (any case): the names links carried before, and its number.
TAB_ALIASES = {
    **{
        name.lower(): tab
        for names in (TABS, _OLD_TABS)
        for name, tab in zip(names, TABS, strict=True)
        if name
    },
    **{str(i): tab for i, tab in enumerate(TABS, 1)},
}

# The note's three CIFAR-10 images: scores for (cat, car, frog) and the correct class.
NOTE_CLASSES = ("cat", "car", "frog")
NOTE_EXAMPLES = {
    "cat": ((3.2, 5.1, -1.7), 0),
    "car": ((1.3, 4.9, 2.0), 1),
    "frog": ((2.2, 2.5, -3.1), 2),
}
LANDSCAPE_LOSSES = ("weston_watkins", "crammer_singer", "cross_entropy")
_MC_BLOCK_ELEMENTS = 1 << 18  # 2 MiB of float64 scores per block: 1e6 x 100 never sits in memory


def _fmt(x):
    """A number for a sentence: 4 significant digits, no exponent for everyday sizes."""
    if x == 0:
        return "0"
    if math.isinf(x):
        return "∞"
    return f"{x:.4g}" if 1e-3 <= abs(x) < 1e5 else f"{x:.2e}"


# --------------------------------------------------------------------------------------------
# The loss along a line in score space


@dataclass(frozen=True)
class Profile:
    """A piecewise-linear loss along a line: breakpoints, values there, slope of each segment."""

    xs: np.ndarray  # (m,) breakpoints, lo and hi included
    losses: np.ndarray  # (m,)
    slopes: np.ndarray  # (m - 1,) exact slope between consecutive breakpoints

    @property
    def kinks(self):
        """The interior breakpoints: where the slope changes."""
        return self.xs[1:-1]

    def slope_interval(self, x, *, atol=1e-9):
        """The subgradient set at `x` as (left, right); one number twice where differentiable."""
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
    label : int
    lo, hi : float
        The range of t, lo < hi.
    margin : float, default 1.0
    variant : {"weston_watkins", "crammer_singer"}

    Returns
    -------
    Profile

    Examples
    --------
    The cat image as its correct score moves from 0 to 8: kinks where it passes 5.1 + 1 and -1.7 + 1.

    >>> p = loss_profile([0, 5.1, -1.7], 0, [1, 0, 0], lo=0, hi=8)
    >>> p.kinks.round(10).tolist(), p.slopes.tolist()
    ([6.1], [-1.0, 0.0])
    """
    base, _, _ = check_inputs(base, label)
    base, direction = base[0], np.asarray(direction, dtype=np.float64)
    margin = check_margin(margin)
    check_choice("variant", variant, ("weston_watkins", "crammer_singer"))
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


def _one_score(scores, label, cls):
    """(base, direction) moving only score `cls`: base + t·e_cls has exactly t at `cls`."""
    s, _, _ = check_inputs(scores, label)
    base = s[0].astype(np.float64)
    if not 0 <= cls < base.size:
        raise ValueError(f"cls must be a class index 0 to {base.size - 1}. Got {cls}")
    base[cls] = 0.0
    direction = np.zeros_like(base)
    direction[cls] = 1.0
    return base, direction


def _with_score(scores, cls, xs):
    rows = np.repeat(np.asarray(scores, dtype=np.float64)[None, :], len(xs), axis=0)
    rows[:, cls] = xs
    return rows


# --------------------------------------------------------------------------------------------
# 1. What happens to the loss if the car's scores change a bit?


def slack(scores, label, *, margin=1.0):
    """How far each incorrect score may rise (or the correct one fall) before the loss changes.

    slack_j = s_y - s_j - Δ for j != y; NaN at the correct class. A negative slack means
    that term is already non-zero.

    Examples
    --------
    >>> slack([1.3, 4.9, 2.0], 1).round(10).tolist()  # the car: cat 2.6, frog 1.9
    [2.6, nan, 1.9]
    """
    s, y, _ = check_inputs(scores, label)
    margin = check_margin(margin)
    s, y = s[0].astype(np.float64), int(y[0])
    out = s[y] - s - margin
    out[y] = np.nan
    return out


def jitter_direction(n_classes, seed):
    """A seeded random direction, scaled so its largest entry is ±1: jitter size = largest change."""
    d = np.random.default_rng(seed).uniform(-1.0, 1.0, n_classes)
    return d / np.abs(d).max()


@dataclass(frozen=True)
class JitterResult:
    scores: np.ndarray
    jittered: np.ndarray
    label: int
    margin: float
    size: float
    slack: np.ndarray
    safe_size: float  # any jitter moving every score by at most this keeps the loss at 0
    threshold: float  # along this seed's direction the loss is 0 up to here, > 0 just beyond
    loss: float
    jittered_loss: float
    profile: Profile
    finding: str


def jitter_threshold(scores, label, direction, *, margin=1.0):
    """The jitter size t at which the loss of ``scores + t·direction`` first becomes non-zero.

    Term j is max(0, t·(d_j - d_y) - slack_j), so it wakes at t = slack_j / (d_j - d_y) when
    d_j > d_y, and never otherwise. 0 if the loss is already non-zero; inf if it never wakes.
    """
    sl = slack(scores, label, margin=margin)
    d = np.asarray(direction, dtype=np.float64)
    y = int(label)
    if np.nanmin(sl) < 0:
        return 0.0
    rate = d - d[y]
    waking = (rate > 0) & ~np.isnan(sl)
    return float((sl[waking] / rate[waking]).min()) if waking.any() else math.inf


def jitter_experiment(scores, label, *, size, seed, margin=1.0, max_size=3.0, class_names=NOTE_CLASSES):
    """Jitter every score by at most `size` (seeded) and measure the slack and the wake-up size."""
    s, _, _ = check_inputs(scores, label)
    s = s[0].astype(np.float64)
    label = int(label)
    d = jitter_direction(s.size, seed)
    sl = slack(s, label, margin=margin)
    threshold = jitter_threshold(s, label, d, margin=margin)
    jittered = s + size * d
    profile = loss_profile(s, label, d, lo=0.0, hi=max(max_size, size), margin=margin)
    safe = max(0.0, float(np.nanmin(sl)) / 2)
    tight = int(np.nanargmin(sl))
    jl = svm_loss(jittered, label, margin=margin)
    names = list(class_names)
    head = (
        f"Jitter {_fmt(size)} (seed {seed}) gives loss {_fmt(jl)}"
        + (" — still exactly 0" if jl == 0 else "")
        + (
            f"; along this direction the loss first becomes non-zero at jitter {_fmt(threshold)}"
            if math.isfinite(threshold)
            else "; along this direction it never becomes non-zero (the car score never falls behind)"
        )
    )
    tail = (
        f", and any jitter below {_fmt(safe)} (half of {names[tight]}'s slack {_fmt(sl[tight])}) "
        "keeps it 0 whatever the direction."
    )
    return JitterResult(
        scores=s,
        jittered=jittered,
        label=label,
        margin=margin,
        size=float(size),
        slack=sl,
        safe_size=safe,
        threshold=threshold,
        loss=svm_loss(s, label, margin=margin),
        jittered_loss=jl,
        profile=profile,
        finding=head + tail,
    )


# --------------------------------------------------------------------------------------------
# 2. What are the min and max possible values?


@dataclass(frozen=True)
class SweepResult:
    correct: float
    profile: Profile  # hinge loss as the correct score moves
    ce_xs: np.ndarray
    ce: np.ndarray  # cross-entropy on the same scores
    svm_at: float
    ce_at: float
    zero_from: float  # the hinge loss is exactly 0 from here on
    finding: str


def min_max_sweep(scores, label, *, correct, lo=-10.0, hi=15.0, margin=1.0, n_ce=161):
    """Move the correct score over [lo, hi]: the hinge loss reaches exactly 0, cross-entropy never."""
    base, direction = _one_score(scores, label, label)
    profile = loss_profile(base, label, direction, lo=lo, hi=hi, margin=margin)
    ce_xs = np.linspace(lo, hi, n_ce)
    rows = _with_score(base, label, ce_xs)
    ce = cross_entropy(rows, np.full(n_ce, label), reduction="none")
    here = _with_score(base, label, [correct])[0]
    svm_at = svm_loss(here, label, margin=margin)
    ce_at = cross_entropy(here, label)
    zero_from = float(np.delete(base, label).max() + margin)
    steep = -profile.slopes[0]
    state = (
        f"the hinge loss is exactly 0 (it is from {_fmt(zero_from)} up)"
        if svm_at == 0
        else f"the hinge loss is {_fmt(svm_at)}, rising {_fmt(steep)} per unit further down, without bound"
    )
    finding = (
        f"At correct score {_fmt(correct)} {state}; cross-entropy is {_fmt(ce_at)} — "
        f"positive everywhere, its smallest value on this range is {_fmt(ce.min())}."
    )
    return SweepResult(correct, profile, ce_xs, ce, svm_at, ce_at, zero_from, finding)


# --------------------------------------------------------------------------------------------
# 3. If all the scores were random, what loss would we expect?


def normal_cdf(x):
    """Φ(x) of the standard normal, elementwise (math.erfc keeps the far left tail accurate)."""
    x = np.asarray(x, dtype=np.float64)
    return np.vectorize(lambda v: 0.5 * math.erfc(-v / math.sqrt(2)), otypes=[np.float64])(x)


def normal_pdf(x):
    """φ(x) of the standard normal, elementwise."""
    x = np.asarray(x, dtype=np.float64)
    return np.exp(-0.5 * x * x) / math.sqrt(2 * math.pi)


def expected_random_loss(n_classes, sigma, *, margin=1.0):
    r"""Exact E[L] of the (Weston-Watkins) hinge loss when all C scores are i.i.d. N(0, σ²).

    Each term's argument s_j - s_y + Δ is N(μ, τ²) with μ = Δ and τ = σ√2, and for
    X ~ N(μ, τ²), E[max(0, X)] = μΦ(μ/τ) + τφ(μ/τ). So
    E[L] = (C - 1)(μΦ(μ/τ) + τφ(μ/τ)): (C - 1)Δ while σ ≪ Δ, about (C - 1)σ/√π once σ ≫ Δ.

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


@dataclass(frozen=True)
class RandomScoresResult:
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
    svm_hist: tuple  # (counts, edges)
    ce_hist: tuple
    sigmas: np.ndarray  # for the E[L]-against-σ curve
    expected_curve: np.ndarray
    ce_curve: np.ndarray  # Monte Carlo: cross-entropy has no closed-form expectation here
    finding: str


def random_losses(n_classes, sigma, n_samples, *, margin=1.0, seed=0):
    """Per-example hinge and cross-entropy losses of `n_samples` examples with i.i.d. N(0, σ²) scores.

    The scores are drawn and scored in blocks, so 1e6 examples of 100 classes never sit in
    memory at once; the same seed gives the same losses. The correct class is 0: with i.i.d.
    scores which class is correct does not matter.
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
    return svm, ce


def expected_cross_entropy_curve(n_classes, sigmas, *, n_samples=None, seed=0):
    """Monte Carlo E[cross-entropy] at each σ, from one set of standard normals (a smooth curve)."""
    n = n_samples or max(2000, 200_000 // n_classes)
    z = np.random.default_rng(seed).standard_normal((n, n_classes))
    labels = np.zeros(n, dtype=np.intp)
    return np.array([cross_entropy(z * s, labels) for s in sigmas])


def _sem(values):
    """Standard error of the mean of `values`."""
    return float(values.std(ddof=1) / math.sqrt(values.size)) if values.size > 1 else math.nan


def random_scores_experiment(n_classes, sigma, n_samples, *, margin=1.0, seed=0, bins=60, n_curve=41):
    """The note's "random scores give about C - 1", checked by Monte Carlo against the exact E[L]."""
    if n_classes < 2 or n_samples < 1:
        raise ValueError(f"need n_classes >= 2 and n_samples >= 1. Got {n_classes}, {n_samples}")
    svm, ce = random_losses(n_classes, sigma, n_samples, margin=margin, seed=seed)
    n = n_samples
    expected = float(expected_random_loss(n_classes, sigma, margin=margin))
    sigmas = np.geomspace(1e-3, 10, n_curve)
    svm_mean, ce_mean = float(svm.mean()), float(ce.mean())
    c1, logc = (n_classes - 1) * margin, math.log(n_classes)
    off = abs(expected / c1 - 1) if c1 else math.inf
    if off < 0.01:
        pct = "0.01%" if off < 1e-4 else f"{100 * off:.2g}%"
        verdict = f"within {pct} of (C − 1)·Δ = {_fmt(c1)}: σ is small next to the margin Δ = {_fmt(margin)}"
    else:
        verdict = (
            f"{_fmt(100 * off)}% away from (C − 1)·Δ = {_fmt(c1)}: "
            f"C − 1 only holds while σ is small next to the margin Δ = {_fmt(margin)}"
        )
    finding = (
        f"{n:,} random examples with C = {n_classes}, σ = {_fmt(sigma)} average a hinge loss of "
        f"{_fmt(svm_mean)} (exact expectation {_fmt(expected)}), {verdict}; "
        f"cross-entropy averages {_fmt(ce_mean)} against log C = {_fmt(logc)}."
    )
    return RandomScoresResult(
        n_classes=n_classes,
        sigma=float(sigma),
        n_samples=n,
        margin=margin,
        seed=seed,
        svm_mean=svm_mean,
        svm_sem=_sem(svm),
        ce_mean=ce_mean,
        ce_sem=_sem(ce),
        expected=expected,
        svm_hist=np.histogram(svm, bins=bins),
        ce_hist=np.histogram(ce, bins=bins),
        sigmas=sigmas,
        expected_curve=expected_random_loss(n_classes, sigmas, margin=margin),
        ce_curve=expected_cross_entropy_curve(n_classes, sigmas, seed=seed),
        finding=finding,
    )


# --------------------------------------------------------------------------------------------
# 4. Is the SVM loss differentiable?


@dataclass(frozen=True)
class KinkResult:
    cls: int
    value: float
    profile: Profile
    loss: float
    subgradient: tuple  # (left, right) slopes at value: an interval at a kink
    at_kink: bool
    chance: float  # chance that a uniformly drawn score in [lo, hi] lands exactly on a kink
    hits: int  # of `trials` seeded uniform draws, how many landed exactly on a kink
    trials: int
    finding: str


def kink_experiment(
    scores,
    label,
    *,
    cls,
    value,
    lo=-6.0,
    hi=10.0,
    margin=1.0,
    trials=1_000_000,
    seed=0,
    class_names=NOTE_CLASSES,
):
    """The loss and its subgradient as one score moves; how often a real score hits a kink."""
    base, direction = _one_score(scores, label, cls)
    profile = loss_profile(base, label, direction, lo=lo, hi=hi, margin=margin)
    left, right = profile.slope_interval(value)
    kinks = profile.kinks
    here = _with_score(base, cls, [value])[0]
    # a score rounded to the nearest double equals a kink k when it falls within k's spacing
    chance = float(np.spacing(np.abs(kinks)).sum() / (hi - lo)) if kinks.size else 0.0
    draws = np.random.default_rng(seed).uniform(lo, hi, trials)
    hits = int(np.isin(draws, kinks).sum())
    name = class_names[cls] if cls < len(class_names) else f"class {cls}"
    if left != right:
        where = f"sits on a kink: the subgradient is the whole interval [{_fmt(left)}, {_fmt(right)}]"
    else:
        gap = float(np.abs(kinks - value).min()) if kinks.size else math.inf
        where = f"is differentiable with slope {_fmt(left)} (nearest kink {_fmt(gap)} away)"
    count = f"{kinks.size} kink{'' if kinks.size == 1 else 's'}"
    finding = (
        f"At {name} = {_fmt(value)} the loss {where}; {count} on [{_fmt(lo)}, {_fmt(hi)}] "
        f"{'is' if kinks.size == 1 else 'are'} hit by a uniformly random score "
        f"with probability {_fmt(chance)}, "
        f"and {hits:,} of {trials:,} seeded draws hit one."
    )
    return KinkResult(
        cls,
        float(value),
        profile,
        svm_loss(here, label, margin=margin),
        (left, right),
        left != right,
        chance,
        hits,
        trials,
        finding,
    )


# --------------------------------------------------------------------------------------------
# 5. How does changing the margin affect the problem?


@dataclass(frozen=True)
class MarginResult:
    k: float
    margin: float
    terms: np.ndarray  # s with Δ
    scaled_terms: np.ndarray  # k·s with k·Δ: the identity
    literal_terms: np.ndarray  # k·s with Δ/k: the note's sentence read literally
    loss: float
    scaled_loss: float
    literal_loss: float
    same_pattern: bool
    finding: str


def margin_scaling(scores, label, *, k, margin=1.0):
    r"""L(k·s; k·Δ) = k·L(s; Δ): scaling scores and margin together only rescales the loss.

    Examples
    --------
    >>> r = margin_scaling([3.2, 5.1, -1.7], 0, k=10)
    >>> round(r.loss, 10), round(r.scaled_loss, 10), r.same_pattern
    (2.9, 29.0, True)
    """
    s, y, _ = check_inputs(scores, label)
    s, y = s[0].astype(np.float64), int(y[0])
    margin = check_margin(margin)
    if not (k > 0 and math.isfinite(k)):
        raise ValueError(f"k must be a finite number > 0. Got {k}")
    terms = svm_terms(s, y, margin=margin)
    scaled = svm_terms(k * s, y, margin=k * margin)
    literal = svm_terms(k * s, y, margin=margin / k)
    loss, scaled_loss, literal_loss = (float(t.sum()) for t in (terms, scaled, literal))
    same = bool(np.array_equal(terms > 0, scaled > 0))
    ratio = scaled_loss / loss if loss else math.nan
    identity = (
        f"k·s with k·Δ = {_fmt(k * margin)} gives {_fmt(scaled_loss)}"
        + (f" = {_fmt(ratio)} × {_fmt(loss)}" if loss else " (both 0)")
        + (", the same terms zero and non-zero" if same else "")
    )
    finding = (
        f"With k = {_fmt(k)}: s with Δ = {_fmt(margin)} gives {_fmt(loss)}, {identity}; "
        f"read literally, the note's k·s with Δ/k = {_fmt(margin / k)} gives {_fmt(literal_loss)}."
    )
    return MarginResult(k, margin, terms, scaled, literal, loss, scaled_loss, literal_loss, same, finding)


# --------------------------------------------------------------------------------------------
# 6. Three more: sum including the correct class, mean instead of sum, squared hinge


@dataclass(frozen=True)
class VariantsResult:
    correct: float
    profile: Profile  # the note's loss
    with_correct: Profile  # summing over every class, the correct one too
    mean: Profile  # mean over the C - 1 incorrect classes
    squared_xs: np.ndarray
    squared: np.ndarray  # the squared hinge, sampled (it is piecewise quadratic)
    at: dict  # each variant's value at `correct`
    finding: str


def loss_variants(scores, label, *, correct, lo=-4.0, hi=9.0, margin=1.0, n_squared=121):
    """Three changes to the loss, each as a curve over the correct score.

    Summing over every class includes max(0, s_y - s_y + Δ) = Δ, computed here as the loss
    with the correct score duplicated as an extra class.
    """
    base, direction = _one_score(scores, label, label)
    c = base.size
    profile = loss_profile(base, label, direction, lo=lo, hi=hi, margin=margin)
    with_correct = loss_profile(
        np.append(base, 0.0), label, np.append(direction, 1.0), lo=lo, hi=hi, margin=margin
    )
    mean = Profile(profile.xs, profile.losses / (c - 1), profile.slopes / (c - 1))
    xs = np.unique(np.concatenate([np.linspace(lo, hi, n_squared), profile.xs]))
    squared = svm_loss(
        _with_score(base, label, xs), np.full(xs.size, label), margin=margin, squared=True, reduction="none"
    )
    here = _with_score(base, label, [correct])[0]
    at = {
        "sum": svm_loss(here, label, margin=margin),
        "with_correct": svm_loss(np.append(here, correct), label, margin=margin),
        "squared": svm_loss(here, label, margin=margin, squared=True),
    }
    at["mean"] = at["sum"] / (c - 1)
    added = np.unique(np.round(with_correct.losses - profile.losses, 12))
    best = profile.xs[np.flatnonzero(profile.losses == profile.losses.min())[0]]
    best_mean = mean.xs[np.flatnonzero(mean.losses == mean.losses.min())[0]]
    finding = (
        f"At correct score {_fmt(correct)}: including the correct class gives {_fmt(at['with_correct'])} = "
        f"{_fmt(at['sum'])} + {_fmt(added[0]) if added.size == 1 else 'varying'} (exactly Δ everywhere); "
        f"the mean gives {_fmt(at['mean'])} = sum ÷ {c - 1}, best from the same score ({_fmt(best_mean)} "
        f"vs {_fmt(best)}); the squared hinge gives {_fmt(at['squared'])}, "
        "a different curve, not a rescaling."
    )
    return VariantsResult(float(correct), profile, with_correct, mean, xs, squared, at, finding)


# --------------------------------------------------------------------------------------------
# The loss landscape


@dataclass(frozen=True)
class Landscape:
    xs: np.ndarray  # (n,) values of score x_class
    ys: np.ndarray  # (n,) values of score y_class
    z: np.ndarray  # (n, n) loss, z[i, j] at (xs[j], ys[i])
    point: tuple  # (x, y, loss) of the current scores
    loss: str
    zero_share: float  # share of the grid where the loss is exactly 0
    finding: str


def loss_landscape(scores, label, *, x_class, y_class, loss="weston_watkins", margin=1.0, span=6.0, n=61):
    """The loss over a grid of two scores (centred on the current ones), the others fixed."""
    s, _, _ = check_inputs(scores, label)
    s, label = s[0].astype(np.float64), int(label)
    check_choice("loss", loss, LANDSCAPE_LOSSES)
    if x_class == y_class or not (0 <= x_class < s.size and 0 <= y_class < s.size):
        raise ValueError(f"x_class and y_class must be two different classes 0 to {s.size - 1}")
    xs = np.linspace(s[x_class] - span, s[x_class] + span, n)
    ys = np.linspace(s[y_class] - span, s[y_class] + span, n)
    gx, gy = np.meshgrid(xs, ys)
    rows = np.repeat(s[None, :], n * n, axis=0)
    rows[:, x_class], rows[:, y_class] = gx.ravel(), gy.ravel()
    labels = np.full(n * n, label)
    if loss == "cross_entropy":
        z, here = cross_entropy(rows, labels, reduction="none"), cross_entropy(s, label)
    else:
        z = svm_loss(rows, labels, margin=margin, variant=loss, reduction="none")
        here = svm_loss(s, label, margin=margin, variant=loss)
    z = z.reshape(n, n)
    share = float((z == 0).mean())
    name = {
        "weston_watkins": "The hinge loss",
        "crammer_singer": "The Crammer-Singer loss",
        "cross_entropy": "Cross-entropy",
    }[loss]
    finding = (
        f"{name} is {_fmt(here)} at the current scores; it is exactly 0 on {_fmt(100 * share)}% of this grid"
        + (f" (its smallest value here is {_fmt(z.min())})" if share == 0 else ", the flat floor")
        + "."
    )
    return Landscape(xs, ys, z, (float(s[x_class]), float(s[y_class]), float(here)), loss, share, finding)


# --------------------------------------------------------------------------------------------
# The page's controls as a link carries them, and the check of a link's values

DECADE = (1, 1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.3, 8)  # ten steps a decade: σ on a log scale
SIGMAS = (*(round(m * 10.0**e, 6) for e in range(-3, 1) for m in DECADE), 10.0)
SAMPLES = (1_000, 10_000, 100_000, 1_000_000)
SCALES = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0)
LOSS_LABELS = {
    "weston_watkins": "hinge (sum)",
    "crammer_singer": "hinge (max)",
    "cross_entropy": "cross-entropy",
}
VIEWS = ("3-D surface", "heat map")
# Every slider: (lo, hi, default, step), keyed by its name in the link; an int default makes it whole.
NUMBERS = {
    "jitter": (0.0, 3.0, 0.5, 0.01),
    "seed": (0, 99, 3, 1),
    "correct": (-10.0, 15.0, 4.9, 0.1),
    "classes": (2, 100, 10, 1),
    "mc_margin": (0.1, 5.0, 1.0, 0.1),
    "mc_seed": (0, 99, 0, 1),
    "kink_at": (-6.0, 10.0, 6.1, 0.1),
    "margin": (0.0, 3.0, 1.0, 0.1),
    "variants_correct": (-4.0, 9.0, 3.2, 0.1),  # the default is the chosen image's own correct score
}


def option_text(value):
    """How a slider of numbered options shows a value, and so how the link spells it: 8, not 8.0."""
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


# Every other control: the link's spellings of its options (what the control shows), and its default.
CHOICES = {
    "experiment": (tuple(TABS), TABS[0]),
    "log": (("true", "false"), "false"),
    "sigma": (tuple(map(option_text, SIGMAS)), "0.01"),
    "samples": (tuple(map(option_text, SAMPLES)), "100,000"),
    "k": (tuple(map(option_text, SCALES)), "10"),
    "land_loss": (tuple(LOSS_LABELS.values()), LOSS_LABELS["weston_watkins"]),
    "land_view": (VIEWS, VIEWS[0]),
    **{key: (NOTE_CLASSES, default) for key, default in (
        ("kink_class", "cat"), ("margin_image", "cat"), ("variants_image", "cat"), ("land_image", "cat"),
        ("land_x", "cat"), ("land_y", "car"))},
}  # fmt: skip
_YES, _NO = ("true", "1", "yes", "on"), ("false", "0", "no", "off")
NUMBERED = ("sigma", "samples", "k")  # choices that are numbers: "8.0", "1e4" or "10000" name one too


def _as_number(text):
    """The number a link value spells ("10,000", "1e4", " 8.0 "), or None."""
    try:
        value = float(str(text).replace(",", "").replace("_", "").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _number_text(value):
    """The shortest exact spelling of a number: 3, not 3.0."""
    return str(int(value)) if value == int(value) else repr(float(value))


def _check_number(key, text, *, default=None):
    """(how the link should spell `text`, or None to drop it; a notice or None) for slider `key`."""
    lo, hi, spec_default, _ = NUMBERS[key]
    default = spec_default if default is None else default
    parse = params.parse_int if isinstance(spec_default, int) else params.parse_float
    value, why = parse(text, default, lo=lo, hi=hi, name=key)
    if why:
        return None, why
    return _number_text(value), None


def _check_choice(key, text):
    options, default = CHOICES[key]
    if text in options:
        return text, None
    if key == "experiment":  # links made before the tabs were renamed, and "3" for the third tab
        alias = TAB_ALIASES.get(text.strip().lower())
        if alias:
            return alias, None
    if key == "log" and (word := text.strip().lower()) in _YES + _NO:  # as present=1 is read
        return ("true" if word in _YES else "false"), None
    if key in NUMBERED and (value := _as_number(text)) is not None:
        match = [o for o in options if _as_number(o) == value]
        if match:
            return match[0], None
        lo, hi = options[0], options[-1]
        return None, f"`{key}` is not one of the slider's values ({value:g}; {lo} to {hi}): using {default}."
    if key in NUMBERED:
        return None, f"`{key}` is not a number ('{params._shorten(text)}'): using {default}."
    if key == "experiment":
        return (
            None,
            f"`experiment` is not a tab of this page ('{params._shorten(text)}'): showing “{default}”.",
        )
    return None, f"`{key}` is not one of {', '.join(options)} ('{params._shorten(text)}'): using {default}."


def check_link(query):
    """Check a link's values for the page's controls before they are drawn.

    `query` maps a link's keys to their (untrusted) text. Returns ``(fixes, notices)``:
    ``fixes`` maps each key whose value must change to its corrected text (how the control
    spells it: ``k=5`` for ``k=5.0``), or to None when the value is unusable and the key is
    dropped so the control shows its default; ``notices`` says, for each unusable value,
    what was wrong and what is used instead. Keys of other controls are left alone.

    >>> check_link({"k": "5.0", "seed": "-4", "land_view": "heat map"})
    ({'seed': None, 'k': '5'}, ['`seed` is out of range (-4; expected 0 to 99): using 3.'])
    """
    fixes, notices, kept = {}, [], {}
    for key in (*NUMBERS, *CHOICES):
        if key not in query or key == "variants_correct":
            continue
        text = str(query[key])
        if len(text) > params.MAX_TEXT:
            fixed, why = None, f"`{key}` is too long ({len(text)} characters): using the default."
        elif key in NUMBERS:
            fixed, why = _check_number(key, text)
        else:
            fixed, why = _check_choice(key, text)
        kept[key] = fixed
        if fixed != text:
            fixes[key] = fixed
        if why:
            notices.append(why)
    if "variants_correct" in query:  # its default is the chosen image's own correct score
        scores, label = NOTE_EXAMPLES[kept.get("variants_image") or CHOICES["variants_image"][1]]
        text = str(query["variants_correct"])[: params.MAX_TEXT + 1]
        fixed, why = _check_number("variants_correct", text, default=scores[label])
        if fixed != text:
            fixes["variants_correct"] = fixed
        notices += [why] if why else []
    x = kept.get("land_x") or CHOICES["land_x"][1]
    y = kept.get("land_y") or CHOICES["land_y"][1]
    if x == y:
        fixes.update({key: None for key in ("land_x", "land_y") if key in query})
        notices.append(f"`land_x` and `land_y` are both {x}: pick two different scores for the axes; "
                       "showing cat against car.")  # fmt: skip
    return fixes, notices
