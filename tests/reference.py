r"""The losses written straight from the note's formulas, one score at a time, in plain Python.

Every test file that checks a number of :mod:`hinge` against an independent value takes it from
here: plain loops over Python floats (and, for the values float64 cannot hold, 60-digit decimals),
no numpy, so no kernel of the package can agree with itself by accident. One example at a time:
`scores` is a list of C numbers, `label` the index of the correct class.

The note's formulas (the source note, multiclass-svm-loss.md):

- SVM loss, "Math": :math:`L_i = \sum_{j \neq y_i} \max(0, s_j - s_{y_i} + 1)`, with the margin
  1 written Δ here; the cat image [3.2, 5.1, -1.7] gives 2.9 + 0 = 2.9, the car 0, the frog 12.9,
  the batch (2.9 + 0 + 12.9) / 3 = 5.27 ("Example").
- Cross-entropy, "Cross-Entropy Loss vs SVM Loss": :math:`L_i = -\log(e^{s_{y_i}} / \sum_j e^{s_j})`;
  the rows [10, -2, 3], [10, 9, 9], [10, -100, -100] with label 0 have SVM loss 0 and
  cross-entropy 0.000918, 0.551 and 3.38e-48.

>>> images = [([3.2, 5.1, -1.7], 0), ([1.3, 4.9, 2.0], 1), ([2.2, 2.5, -3.1], 2)]
>>> [round(svm_loss(s, y), 10) for s, y in images], round(sum(svm_loss(s, y) for s, y in images) / 3, 2)
([2.9, 0.0, 12.9], 5.27)
>>> [f"{cross_entropy(row, 0):.3g}" for row in ([10, -2, 3], [10, 9, 9])]
['0.000918', '0.551']
>>> f"{10 ** log10_cross_entropy([10, -100, -100], 0):.3g}"
'3.38e-48'
"""

import math
from decimal import Decimal, localcontext

DIGITS = 60  # the decimals' precision: exact enough for a cross-entropy of 10^-868


# --- the multiclass SVM (hinge) loss ------------------------------------------------------------


def hinge_terms(scores, label, margin=1.0, squared=False):
    """The note's red values: max(0, s_j - s_y + Δ) for each class j, 0 for the correct class.

    The cat image's terms are [0, 2.9, 0] (the car's term only), squared [0, 8.41, 0].

    >>> [round(t, 10) for t in hinge_terms([3.2, 5.1, -1.7], 0)]
    [0.0, 2.9, 0.0]
    """
    terms = []
    for j, s_j in enumerate(scores):
        term = 0.0 if j == label else max(0.0, s_j - scores[label] + margin)
        terms.append(term * term if squared else term)
    return terms


def highest_incorrect(scores, label):
    """(value, class) of the highest score of a class other than `label`; the lowest class on a tie.

    The note's diagram marks this score on the score axis: for the cat image, the car's 5.1.

    >>> highest_incorrect([3.2, 5.1, -1.7], 0), highest_incorrect([0.0, 2.0, 2.0], 0)
    ((5.1, 1), (2.0, 1))
    """
    best = None
    for j, s_j in enumerate(scores):
        if j != label and (best is None or s_j > scores[best]):
            best = j
    return scores[best], best


def svm_loss(scores, label, margin=1.0, variant="weston_watkins", squared=False):
    """One example's SVM loss: the note's sum of the terms (Weston & Watkins 1999), or their largest,
    the term of the highest incorrect score (Crammer & Singer 2001).

    The frog image [2.2, 2.5, -3.1] (label 2) gives 6.3 + 6.6 = 12.9, Crammer-Singer 6.6.

    >>> frog = [2.2, 2.5, -3.1]
    >>> round(svm_loss(frog, 2), 10), round(svm_loss(frog, 2, variant="crammer_singer"), 10)
    (12.9, 6.6)
    """
    terms = hinge_terms(scores, label, margin, squared)
    if variant == "weston_watkins":
        return sum(terms)
    if variant == "crammer_singer":
        return max(terms)
    raise ValueError(f"unknown variant {variant!r}")


def svm_grad(scores, label, margin=1.0, variant="weston_watkins", squared=False):
    """A subgradient of :func:`svm_loss` with respect to the scores: for each term above zero, +slope on
    its class and -slope on the correct class (slope 1, or 2·term for the squared hinge).

    At a kink (a term exactly 0) the term contributes nothing; Crammer-Singer's single term is the
    highest incorrect class's, the lowest class on a tie. The cat image's gradient is [-1, 1, 0]:
    only the car's term is above zero ("Is SVM Loss differentiable?": everywhere but the hinge).

    >>> svm_grad([3.2, 5.1, -1.7], 0), svm_grad([0.0, 2.0, 2.0], 0, variant="crammer_singer")
    ([-1.0, 1.0, 0.0], [-1.0, 1.0, 0.0])
    """
    active = [j for j, s_j in enumerate(scores) if j != label and s_j - scores[label] + margin > 0]
    if variant == "crammer_singer":
        worst = highest_incorrect(scores, label)[1]
        active = [worst] if worst in active else []
    grad = [0.0] * len(scores)
    for j in active:
        slope = 2 * (scores[j] - scores[label] + margin) if squared else 1.0
        grad[j] += slope
        grad[label] -= slope
    return grad


def one_vs_all(scores, label, margin=1.0):
    """The one-vs-all binary hinge: max(0, Δ - s_y) + the sum over j ≠ y of max(0, Δ + s_j).

    >>> one_vs_all([3.2, 5.1, -1.7], 0)
    6.1
    """
    total = max(0.0, margin - scores[label])
    for j, s_j in enumerate(scores):
        if j != label:
            total += max(0.0, margin + s_j)
    return total


# --- softmax and cross-entropy ------------------------------------------------------------------


def softmax(scores):
    """e^(s_j - max s) / the sum over k of e^(s_k - max s): the probabilities, without overflow.

    >>> softmax([0.0, 0.0, 0.0, 0.0])
    [0.25, 0.25, 0.25, 0.25]
    """
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def cross_entropy(scores, label):
    """-log(softmax(s)_y) = max s - s_y + log(sum over j of e^(s_j - max s)).

    >>> round(cross_entropy([10, 9, 9], 0), 3)
    0.551
    """
    top = max(scores)
    return top - scores[label] + math.log(sum(math.exp(s - top) for s in scores))


def cross_entropy_grad(scores, label):
    """The gradient of :func:`cross_entropy`: softmax(s)_j, minus 1 for the correct class.

    >>> [round(g, 4) for g in cross_entropy_grad([0.0, 0.0], 1)]
    [0.5, -0.5]
    """
    return [p - (j == label) for j, p in enumerate(softmax(scores))]


def loss(scores, label, name, margin=1.0):
    """One example's loss by the name :mod:`hinge.linear` gives it (the five losses of the training page).

    >>> [round(loss([3.2, 5.1, -1.7], 0, name), 4) for name in ("weston_watkins", "squared_hinge")]
    [2.9, 8.41]
    """
    if name in ("weston_watkins", "crammer_singer"):
        return svm_loss(scores, label, margin, variant=name)
    if name == "squared_hinge":
        return svm_loss(scores, label, margin, squared=True)
    if name == "one_vs_all":
        return one_vs_all(scores, label, margin)
    if name in ("softmax", "cross_entropy"):
        return cross_entropy(scores, label)
    raise ValueError(f"unknown loss {name!r}")


def objective(points, labels, weights, bias, loss_name, margin, reg):
    """The training page's objective, (mean data loss, reg · the sum of the squared weights), of a
    linear model with scores s_k = w_k · x + b_k (`weights` K rows of 2, `bias` K numbers).

    >>> objective([(1.0, 0.0)], [0], [(1.0, 0.0), (0.0, 1.0)], [0.0, 0.0], "weston_watkins", 1.0, 0.1)
    (0.0, 0.2)
    """
    data = 0.0
    for (x, y), label in zip(points, labels, strict=True):
        scores = [w[0] * x + w[1] * y + b for w, b in zip(weights, bias, strict=True)]
        data += loss(scores, label, loss_name, margin)
    return data / len(points), reg * sum(w[0] ** 2 + w[1] ** 2 for w in weights)


# --- in 60-digit decimals: the values float64 cannot hold -----------------------------------------


def _others(scores, label):
    """The sum over j ≠ y of e^(s_j - s_y), one term at a time, in decimals."""
    return sum((Decimal(s) - Decimal(scores[label])).exp() for j, s in enumerate(scores) if j != label)


def log10_cross_entropy(scores, label):
    """log10 of ln(1 + the sum over j ≠ y of e^(s_j - s_y)): the cross-entropy's power of ten, even
    where float64 would store the cross-entropy as 0 (the row [1000, -1000, -1000] gives 10^-868.3).

    >>> round(log10_cross_entropy([1000, -1000, -1000], 0), 4)
    -868.2879
    """
    with localcontext() as context:
        context.prec = DIGITS
        total = _others(scores, label)
        if total < Decimal("1e-12"):  # 1 + total would round to 1 even at 60 digits: the series of ln(1 + x)
            return float((total * (1 - total / 2 + total * total / 3)).log10())
        return float((1 + total).ln().log10())


def log10_softmax(scores):
    """log10 of each class's softmax probability, in decimals.

    >>> [round(v, 6) for v in log10_softmax([0, 0])]
    [-0.30103, -0.30103]
    """
    with localcontext() as context:
        context.prec = DIGITS
        total = sum(Decimal(s).exp() for s in scores)
        return [float((Decimal(s).exp() / total).log10()) for s in scores]


def log10_one_minus_p(scores, label):
    """log10 of 1 - softmax(s)_y, the size of the cross-entropy's gradient on the correct score.

    >>> round(log10_one_minus_p([0, 0], 0), 6)
    -0.30103
    """
    with localcontext() as context:
        context.prec = DIGITS
        others = _others(scores, label)
        return float((others / (1 + others)).log10())
