"""The findings of the questions page: one sentence per experiment, written from its result's numbers.

Each function takes a result of :mod:`hinge.experiments`, :mod:`hinge.random_scores` or
:mod:`hinge.landscape` and returns the sentence the page shows under the question (each
result's ``finding``). Only words live here: every number a sentence states is a field of
the result.

Examples
--------
>>> from hinge.experiments import margin_scaling
>>> from hinge.note import IMAGES
>>> print(margin(margin_scaling(*IMAGES["cat"], k=10)))  # doctest: +NORMALIZE_WHITESPACE
With k = 10: s with Δ = 1 gives 2.9, k·s with k·Δ = 10 gives 29 = 10 × 2.9, the same terms zero and
non-zero; read literally, the note's k·s with Δ/k = 0.1 gives 19.1.
"""

import math

# How a landscape's finding names its loss, and the chart's title (short enough for a phone).
# Verbatim: the registry's names (hinge.registry) read differently in a sentence.
LANDSCAPE_WORDS = {
    "weston_watkins": ("The hinge loss", "The hinge loss (sum) over two scores"),
    "crammer_singer": ("The Crammer-Singer loss", "The max-only hinge over two scores"),
    "cross_entropy": ("Cross-entropy", "Cross-entropy over two scores"),
}


def number(x):
    """A number for a sentence: 4 significant digits, no exponent for everyday sizes.

    >>> number(0.0), number(2.9000000001), number(math.inf), number(123456.0), number(1e-4)
    ('0', '2.9', '∞', '1.23e+05', '1.00e-04')
    """
    if x == 0:
        return "0"
    if math.isinf(x):
        return "∞"
    return f"{x:.4g}" if 1e-3 <= abs(x) < 1e5 else f"{x:.2e}"


def _plural(n, word):
    return f"{n} {word}{'' if n == 1 else 's'}"


def jitter(r):
    """1. Small changes: the jittered loss, where it wakes along this direction, the safe size."""
    head = (
        f"Jitter {number(r.size)} (seed {r.seed}) gives loss {number(r.jittered_loss)}"
        + (" — still exactly 0" if r.jittered_loss == 0 else "")
        + (
            f"; along this direction the loss first becomes non-zero at jitter {number(r.threshold)}"
            if math.isfinite(r.threshold)
            else "; along this direction it never becomes non-zero (the car score never falls behind)"
        )
    )
    tight = r.tightest
    return head + (
        f", and any jitter below {number(r.safe_size)} (half of {r.class_names[tight]}'s slack "
        f"{number(r.slack[tight])}) keeps it 0 whatever the direction."
    )


def min_max(r):
    """2. Min and max: the hinge loss at the correct score (0, or rising without bound); cross-entropy's."""
    state = (
        f"the hinge loss is exactly 0 (it is from {number(r.zero_from)} up)"
        if r.svm_at == 0
        else f"the hinge loss is {number(r.svm_at)}, rising {number(r.rise)} per unit further down, "
        "without bound"
    )
    return (
        f"At correct score {number(r.correct)} {state}; cross-entropy is {number(r.ce_at)} — "
        f"positive everywhere, its smallest value on this range is {number(r.ce_min)}."
    )


def random_scores(r):
    """3. Random scores: the sample's mean loss against the exact E[L] and (C - 1)·Δ; cross-entropy's."""
    c1, margin = number(r.c_minus_one), number(r.margin)
    if r.off < 0.01:
        pct = "0.01%" if r.off < 1e-4 else f"{100 * r.off:.2g}%"
        verdict = f"within {pct} of (C − 1)·Δ = {c1}: σ is small next to the margin Δ = {margin}"
    else:
        verdict = (
            f"{number(100 * r.off)}% away from (C − 1)·Δ = {c1}: "
            f"C − 1 only holds while σ is small next to the margin Δ = {margin}"
        )
    return (
        f"{r.n_samples:,} random examples with C = {r.n_classes}, σ = {number(r.sigma)} average a hinge "
        f"loss of {number(r.svm_mean)} (exact expectation {number(r.expected)}), {verdict}; "
        f"cross-entropy averages {number(r.ce_mean)} against log C = {number(r.log_c)}."
    )


def kink(r):
    """4. Kinks: the subgradient here (an interval on a kink), and how rarely a random score hits one."""
    left, right = r.subgradient
    if r.at_kink:
        where = f"sits on a kink: the subgradient is the whole interval [{number(left)}, {number(right)}]"
    else:
        where = f"is differentiable with slope {number(left)} (nearest kink {number(r.nearest_kink)} away)"
    n = r.profile.kinks.size
    return (
        f"At {r.class_name} = {number(r.value)} the loss {where}; {_plural(n, 'kink')} on "
        f"[{number(r.lo)}, {number(r.hi)}] {'is' if n == 1 else 'are'} hit by a uniformly random score "
        f"with probability {number(r.chance)}, "
        f"and {r.hits:,} of {r.trials:,} seeded draws hit one."
    )


def margin(r):
    """5. Margin: k·s with k·Δ rescales the loss by k; k·s with Δ/k (the note, literally) does not."""
    identity = (
        f"k·s with k·Δ = {number(r.scaled_margin)} gives {number(r.scaled_loss)}"
        + (f" = {number(r.ratio)} × {number(r.loss)}" if r.loss else " (both 0)")
        + (", the same terms zero and non-zero" if r.same_pattern else "")
    )
    return (
        f"With k = {number(r.k)}: s with Δ = {number(r.margin)} gives {number(r.loss)}, {identity}; "
        f"read literally, the note's k·s with Δ/k = {number(r.literal_margin)} gives "
        f"{number(r.literal_loss)}."
    )


def variants(r):
    """6. Three more: with the correct class (+Δ), the mean (÷ C - 1, same best), the squared hinge."""
    at = r.at
    added = "varying" if r.added is None else number(r.added)
    return (
        f"At correct score {number(r.correct)}: including the correct class gives "
        f"{number(at['with_correct'])} = {number(at['sum'])} + {added} (exactly Δ everywhere); "
        f"the mean gives {number(at['mean'])} = sum ÷ {r.n_incorrect}, best from the same score "
        f"({number(r.best_mean)} vs {number(r.best)}); the squared hinge gives {number(at['squared'])}, "
        "a different curve, not a rescaling."
    )


def landscape(r):
    """The landscape: the loss at the current scores, and how much of the grid is its flat floor."""
    subject = LANDSCAPE_WORDS[r.loss][0]
    return (
        f"{subject} is {number(r.point[2])} at the current scores; it is exactly 0 on "
        f"{number(100 * r.zero_share)}% of this grid"
        + (f" (its smallest value here is {number(r.z_min)})" if r.zero_share == 0 else ", the flat floor")
        + "."
    )


def landscape_title(loss):
    """The landscape chart's title for `loss` (a key of :data:`LANDSCAPE_WORDS`)."""
    return LANDSCAPE_WORDS[loss][1]
