r"""Cross-entropy against the SVM loss on the same scores: the numbers behind the comparison page.

Every loss value comes from :mod:`hinge.losses`. What is added here is what a float64 cannot
show by itself: the logarithm of a cross-entropy (and of a probability, and of a gradient) so
small that it underflows to 0, computed in log space, and the experiments of the note's last
section (nudge a row, follow the lead, train the scores, scale them).
"""

import math
from dataclasses import dataclass

import numpy as np

from hinge._checks import check_inputs, check_scores
from hinge.experiments import loss_profile
from hinge.losses import cross_entropy, cross_entropy_grad, softmax, svm_grad, svm_loss
from hinge.params import MAX_ROWS, _shorten, check_table, format_rows, parse_float, parse_int

LN10 = math.log(10.0)
_TINY = 1e-300  # below this a float64 loses digits (subnormals) or is 0: switch to log space
_SERIES_FROM = -30.0  # log(log1p(e^z)) = z - e^z/2 + O(e^2z) is exact in float64 below this z

NOTE_ROWS = ((10.0, -2.0, 3.0), (10.0, 9.0, 9.0), (10.0, -100.0, -100.0))
NOTE_LABELS = (0, 0, 0)
CAT_ROW = (3.2, 5.1, -1.7)  # the note's cat image, correct class 0: SVM loss 2.9

# The page's controls that live in the link: name -> (lowest, highest, default, step).
NUMBER_CONTROLS = {
    "margin": (0.0, 5.0, 1.0, 0.1),
    "eps": (-5.0, 5.0, 0.5, 0.1),
    "lr": (0.01, 2.0, 0.1, 0.01),
    "k": (0.0, 10.0, 1.0, 0.1),
    "steps": (10, 500, 100, 10),
    "seed": (0, 9999, 0, 1),
}
# The page's choices that live in the link: name -> {value: its label}. Streamlit puts the
# label in the link (`variant=highest incorrect class only`), so a link is checked against labels.
CHOICE_CONTROLS = {
    "variant": {
        "weston_watkins": "sum over incorrect classes (the note's)",
        "crammer_singer": "highest incorrect class only",
    },
    "nudge": {"one": "one score", "noise": "random noise"},
}
TOGGLE_CONTROLS = {"log": True}  # a toggle reads true or false, in any case


def _choice_notice(name, text, labels, default):
    listed = ", ".join(f"'{label}'" for label in labels)
    options = f"one of {listed}" if len(listed) <= 80 else "one of the options in its box"
    return f"`{name}` must be {options} (not '{_shorten(text)}'): using '{default}'."


def link_notices(query, choices=None):
    """The page's link values that cannot be used, with a message each: {name: message}.

    `query` maps names to the raw URL strings. Streamlit drops such values silently (the
    control falls back to its default); this says so. `choices` adds the page's other
    choices, whose options depend on the table: name -> (labels, default label).

    >>> for notice in link_notices({"margin": "abc", "steps": "7", "nudge": "noise", "k": "2"}).values():
    ...     print(notice)
    `margin` is not a number ('abc'): using 1.
    `steps` is out of range (7; expected 10 to 500): using 100.
    `nudge` must be one of 'one score', 'random noise' (not 'noise'): using 'one score'.
    >>> link_notices({"variant": "highest incorrect class only", "log": "False", "steps": "110"})
    {}
    """
    notices = {}
    for name, (lo, hi, default, _) in NUMBER_CONTROLS.items():
        if name in query:
            parse = parse_int if isinstance(default, int) else parse_float
            notices[name] = parse(query[name], default, lo=lo, hi=hi, name=name)[1]
    options = {
        name: (list(labels.values()), next(iter(labels.values()))) for name, labels in CHOICE_CONTROLS.items()
    }
    for name, (labels, default) in {**options, **(choices or {})}.items():
        if name in query and query[name] not in labels:
            notices[name] = _choice_notice(name, query[name], labels, default)
    for name, default in TOGGLE_CONTROLS.items():
        if name in query and str(query[name]).lower() not in ("true", "false"):
            why = f"must be one of true, false (not '{_shorten(query[name])}')"
            notices[name] = f"`{name}` {why}: using {str(default).lower()}."
    return {name: text for name, text in notices.items() if text}


def _log_others(scores, labels):
    """z = log sum_{j != y} exp(s_j - s_y), per row, without overflow or underflow."""
    s, y, single = check_inputs(scores, labels)
    rows = np.arange(s.shape[0])
    d = s.astype(np.float64) - s[rows, y][:, None]
    d[rows, y] = -np.inf
    top = d.max(axis=1)
    z = top + np.log(np.exp(d - top[:, None]).sum(axis=1))
    return z, single


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

    Examples
    --------
    >>> round(log10_correct_grad([10, -100, -100], 0), 4)  # the gradient is -3.38e-48
    -47.4714
    """
    z, single = _log_others(scores, labels)
    return _one(-np.logaddexp(0.0, -z) / LN10, single)


def log10_softmax(scores):
    r"""log10 of the softmax probabilities, s_j - log sum_k exp(s_k), never -inf for finite scores.

    Examples
    --------
    >>> log10_softmax([1000, -1000, -1000]).round(2).tolist()  # 1 and two 10^-868.6
    [0.0, -868.59, -868.59]
    """
    s, single = check_scores(scores)
    s = s.astype(np.float64)
    top = s.max(axis=1, keepdims=True)
    log_total = top + np.log(np.exp(s - top).sum(axis=1, keepdims=True))
    out = (s - log_total) / LN10
    return out[0] if single else out


def format_value(value, log10_value=None, *, digits=3):
    """A non-negative value with `digits` significant digits, never shown as 0 unless it is 0.

    Fixed notation down to 1e-4, scientific below; where the float64 `value` has underflowed
    (0 or subnormal) the digits come from `log10_value`, computed in log space.

    Examples
    --------
    >>> format_value(0.000918), format_value(0.5514), format_value(3.3778e-48)
    ('0.000918', '0.551', '3.38e-48')
    >>> format_value(0.0, -868.28)
    '5.25e-869'
    >>> format_value(0.0)
    '0'
    """
    value = float(value)
    if value >= _TINY or log10_value is None or not math.isfinite(log10_value):
        return f"{value:.{digits}g}"
    exponent = math.floor(log10_value)
    mantissa = round(10 ** (log10_value - exponent), digits - 1)
    if mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{mantissa:.{digits}g}e{exponent:+03d}"


def lead(scores, labels):
    r"""The correct class's lead: s_y minus the highest incorrect score (negative when it loses).

    Examples
    --------
    >>> lead([[10, -2, 3], [10, 9, 9], [10, -100, -100]], [0, 0, 0]).tolist()
    [7.0, 1.0, 110.0]
    """
    s, y, single = check_inputs(scores, labels)
    rows = np.arange(s.shape[0])
    others = s.astype(np.float64)
    others[rows, y] = -np.inf
    return _one(s[rows, y] - others.max(axis=1), single)


def correct_subgradient(scores, labels, *, margin=1.0, variant="weston_watkins"):
    r"""The SVM loss's subgradient set with respect to the correct score, [left, right] per row.

    As the questions page finds it (:func:`hinge.experiments.loss_profile`): the loss along
    s_y, its slope on each side. Where a margin is met exactly (s_y - s_j = Δ) the loss has a
    kink and the subgradient is the whole interval between the two slopes.

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
    >>> c = compare_rows(NOTE_ROWS, NOTE_LABELS)
    >>> c.svm.tolist(), [format_value(v) for v in c.cross_entropy]
    ([0.0, 0.0, 0.0], ['0.000918', '0.551', '3.38e-48'])
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
    """An x range for the lead charts: the margin, 0 and every row's lead, with some room."""
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


def train_scores(scores, label, *, loss, lr, steps, margin=1.0, variant="weston_watkins"):
    r"""Gradient descent on the scores themselves: s <- s - lr * dL/ds, for `steps` steps.

    ``loss`` is "svm" or "cross_entropy". The SVM's gradient is exactly 0 once every margin
    is met, so the scores stop there; cross-entropy's never is, so they drift apart forever.

    Examples
    --------
    The note's cat image: the SVM loss 2.9 shrinks by 2 * 0.1 a step until the margin is met.

    >>> svm = train_scores([3.2, 5.1, -1.7], 0, loss="svm", lr=0.1, steps=30)
    >>> svm.stopped_at, float(svm.loss[-1])
    (15, 0.0)
    >>> ce = train_scores([3.2, 5.1, -1.7], 0, loss="cross_entropy", lr=0.1, steps=30)
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
        path[t + 1] = path[t] - lr * grad
    labels = np.full(steps + 1, y)
    if loss == "svm":
        values = svm_loss(path, labels, margin=margin, variant=variant, reduction="none")
        with np.errstate(divide="ignore"):
            logs = np.log10(values)
    else:
        values = cross_entropy(path, labels, reduction="none")
        logs = log10_cross_entropy(path, labels)
    moved = np.flatnonzero((path[1:] != path[:-1]).any(axis=1))
    if len(moved) == 0:
        stopped_at = 0
    elif moved[-1] < steps - 1:
        stopped_at = int(moved[-1]) + 1
    else:
        stopped_at = None
    return Training(scores=path, loss=values, log10_loss=logs, stopped_at=stopped_at)


def scale_curves(scores, labels, *, k_max=10.0, margin=1.0, variant="weston_watkins", samples=81):
    r"""Both losses of every row of k * scores, for k from 0 to `k_max`.

    The SVM loss is piecewise linear in k, with kinks where k (s_y - s_j) = margin, so it is
    given at those k only; cross-entropy is sampled. Returns one :class:`Curve` per row.

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


@dataclass(frozen=True)
class Examples:
    """The examples table after checking: good rows, their labels and where they came from."""

    scores: list  # good rows only
    labels: list
    table_rows: list  # for each good row, its 1-based row number in the table
    messages: list  # one per bad row (Markdown, user text escaped)


def check_examples(table, n_classes, *, class_names, max_rows=MAX_ROWS):
    """Check an edited examples table: `table` is a list of rows [s_0, ..., s_{C-1}, label].

    Bad rows are reported (one message each) and left out; the others are kept.
    """
    columns = [*class_names[:n_classes], "correct class"]
    scores, labels, table_rows, messages = [], [], [], []
    if len(table) > max_rows:
        messages.append(f"The table has {len(table)} rows; only the first {max_rows} are used.")
        table = table[:max_rows]
    checked = check_table(table, columns=columns, label_column=n_classes, n_classes=n_classes)
    for i, (values, why) in enumerate(checked, 1):
        if why is not None:
            messages.append(why)
            continue
        scores.append(values[:n_classes])
        labels.append(values[n_classes])
        table_rows.append(i)
    return Examples(scores=scores, labels=labels, table_rows=table_rows, messages=messages)


def cell_text(value):
    """What a score cell of the examples table shows: the shortest exact form of a number.

    Cells hold text, read back by :func:`check_examples`: a number cell of the table widget
    drops the "e" of 1e3 as it is typed (1e3 became 13), text keeps what was typed. Text a
    user typed (or an empty cell) is shown as it is.

    >>> cell_text(10.0), cell_text(0.1), cell_text(-1e-7), cell_text("1e3"), cell_text(None)
    ('10', '0.1', '-1e-07', '1e3', None)
    """
    if value is None or isinstance(value, str):
        return value
    return format_rows([[value]])


def label_cell(label, class_names):
    """The correct class's cell: its name for a class index, else the cell as it is (None for empty).

    >>> label_cell(2, ["cat", "car", "frog"]), label_cell(7, ["cat", "car", "frog"])
    ('frog', None)
    """
    if isinstance(label, int | float) and label == label and 0 <= label < len(class_names):
        return class_names[int(label)]
    return None


def label_index(cell, class_names):
    """The inverse of :func:`label_cell`: a class index from its name; other cells as they are.

    >>> label_index("frog", ["cat", "car", "frog"]), label_index(None, ["cat", "car", "frog"])
    (2, None)
    """
    return list(class_names).index(cell) if cell in class_names else cell


def format_scores(scores):
    """[10, -99.5, -100]: a row of scores, 4 significant digits each.

    >>> format_scores([10.0, -99.5, -100.0])
    '[10, -99.5, -100]'
    """
    return "[" + ", ".join(f"{float(v):.4g}" for v in scores) + "]"


def _probability(comparison, i, j, label):
    """p_j of row i for a table. Within 0.001 of 1 it is written 1 − (1 − p), its gap computed in
    log space, so the correct class of [10, -100, -100] reads 1 − 3.38e-48 and not 1."""
    c = comparison
    p = c.probabilities[i][j]
    if j == label and p > 0.999:
        gap = -c.cross_entropy_correct_grad[i]  # 1 - p_y, which is also |d CE / d s_y|
        return f"1 − {format_value(gap, c.log10_cross_entropy_correct_grad[i])}"
    return format_value(p, c.log10_probabilities[i][j])


def results_table(comparison, examples):
    """One dict of display strings per good row: lead, both losses, the correct class's probability.

    Five narrow columns, so that the table fits a phone; every class's probability is in
    :func:`probabilities_table`.
    """
    c = comparison
    return [
        {
            "row": str(row),
            "lead": f"{c.lead[i]:g}",
            "SVM loss": format_value(c.svm[i]),
            "cross-entropy": format_value(c.cross_entropy[i], c.log10_cross_entropy[i]),
            "p(correct)": _probability(c, i, examples.labels[i], examples.labels[i]),
        }
        for i, row in enumerate(examples.table_rows)
    ]


def probabilities_table(comparison, examples, class_names):
    """One dict of display strings per good row: its correct class and every softmax probability."""
    c = comparison
    table = []
    for i, row in enumerate(examples.table_rows):
        label = examples.labels[i]
        entry = {"row": str(row), "correct class": class_names[label]}
        for j in range(len(c.probabilities[i])):
            entry[f"p({class_names[j]})"] = _probability(c, i, j, label)
        table.append(entry)
    return table


def _rows_text(numbers):
    numbers = [str(n) for n in numbers]
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    return f"rows {', '.join(numbers[:-1])} and {numbers[-1]}"


def on_the_kink(comparison, examples):
    """The rows whose lead is exactly the margin: SVM loss 0, and a kink in it along s_y."""
    c = comparison
    left, right = c.svm_correct_subgradient.T
    return [
        r for r, v, a, b in zip(examples.table_rows, c.svm, left, right, strict=True) if v == 0 and a != b
    ]


def _interval(left, right):
    """[−2, 0]: a subgradient set, with the minus signs of the page's text."""
    return "[" + ", ".join(f"{v:g}".replace("-", "−") for v in (left, right)) + "]"


def rows_finding(comparison, examples, *, margin):
    """What the table shows, in the note's words, computed from it (Markdown)."""
    c, rows = comparison, examples.table_rows
    met = [r for r, v in zip(rows, c.svm, strict=True) if v == 0]
    unmet = [r for r, v in zip(rows, c.svm, strict=True) if v != 0]
    lowest = int(np.argmin(c.log10_cross_entropy))
    parts = []
    on = on_the_kink(comparison, examples)
    if met:
        exactly = (
            f" ({_rows_text(on)} by exactly {margin:g}: {'it sits' if len(on) == 1 else 'they sit'} "
            "on the hinge's kink)"
            if on
            else ""
        )
        parts.append(
            f"**SVM loss exactly 0** on {_rows_text(met)}: the correct score leads every other by at "
            f"least the margin {margin:g}{exactly}, so the SVM is perfectly happy."
        )
    if unmet:
        parts.append(f"The SVM loss is above 0 on {_rows_text(unmet)}: a margin is not met there.")
    parts.append(
        "**Cross-entropy is above 0 on every row**, even the most confident one, "
        f"{_rows_text([rows[lowest]])}: "
        f"{format_value(c.cross_entropy[lowest], c.log10_cross_entropy[lowest])}. "
        "The probability of the correct class is never exactly 1."
    )
    return " ".join(parts)


def nudge_finding(n):
    """The change of each loss after a nudge (Markdown)."""
    ce_before = format_value(n.cross_entropy_before, n.log10_cross_entropy_before)
    ce_after = format_value(n.cross_entropy_after, n.log10_cross_entropy_after)
    ratio = n.cross_entropy_ratio
    ce_text = f"cross-entropy went from {ce_before} to {ce_after} (×{ratio:.4g})"
    if n.svm_change == 0 and n.svm_before == 0:
        svm_text = "The SVM loss stayed **exactly 0**: every margin is still met, so it doesn't care"
    elif n.svm_change == 0:
        svm_text = f"The SVM loss stayed at {n.svm_before:.4g}"
    elif n.svm_before == 0:
        svm_text = f"The SVM loss went from 0 to {n.svm_after:.4g}: the nudge broke a margin"
    else:
        svm_text = (
            f"The SVM loss went from {n.svm_before:.4g} to {n.svm_after:.4g}: "
            "a margin is not met, so it responds too"
        )
    if ratio == 1:
        return f"{svm_text}; {ce_text}: this nudge happens to leave it unchanged (try another)."
    return f"{svm_text}; **{ce_text}**: it always responds."


def grad_finding(comparison, examples):
    """The gradient on each row's correct score, for both losses (Markdown)."""
    c = comparison
    parts = []
    kinks = []
    for i, row in enumerate(examples.table_rows):
        svm, (left, right) = c.svm_correct_grad[i], c.svm_correct_subgradient[i]
        ce = format_value(-c.cross_entropy_correct_grad[i], c.log10_cross_entropy_correct_grad[i])
        if left != right:
            svm_text = f"sits on a kink, its subgradient is the whole interval {_interval(left, right)}"
            kinks.append(f"{svm:g}".replace("-", "−"))
        else:
            svm_text = "exactly 0" if svm == 0 else f"{svm:g}".replace("-", "−")
        parts.append(f"row {row}: SVM {svm_text}, cross-entropy −{ce}")
    kink_text = (
        f" At a kink any slope of the interval is a subgradient; the training below uses {kinks[0]}."
        if len(set(kinks)) == 1
        else " At a kink any slope of the interval is a subgradient."
        if kinks
        else ""
    )
    return (
        "∂L/∂s_y on "
        + "; ".join(parts)
        + ". Cross-entropy's is negative on every row: it always pushes."
        + kink_text
    )


def training_finding(svm, ce, label):
    """How the two runs ended (Markdown)."""
    steps = len(svm.scores) - 1
    if svm.stopped_at is None:
        svm_text = (
            f"Under the SVM loss the margins are not met yet after {steps} steps "
            f"(loss {svm.loss[-1]:.4g}): give it more steps or a larger step size."
        )
    elif svm.stopped_at == 0:
        svm_text = (
            "Under the SVM loss the scores **never move**: every margin is met from the start (loss 0)."
        )
    else:
        svm_text = (
            f"Under the SVM loss the margins are met at step {svm.stopped_at} (loss 0) and the scores "
            f"**do not move in the remaining {steps - svm.stopped_at} steps**."
        )
    lead_start, lead_end = lead(ce.scores[0], label), lead(ce.scores[-1], label)
    ce_loss = format_value(ce.loss[-1], ce.log10_loss[-1])
    if ce.last_move > 0:
        ce_text = (
            f"Under cross-entropy the lead grows from {lead_start:.4g} to {lead_end:.4g}, the loss is still "
            f"{ce_loss}, and the last step still moved a score by {ce.last_move:.3g}: **it never stops**."
        )
    else:
        ce_text = (
            f"Under cross-entropy the loss is {ce_loss}: its gradient is not 0, but a step of "
            "that size no longer changes a float64 score."
        )
    return f"{svm_text} {ce_text}"


def scale_at(scores, labels, *, k, margin=1.0, variant="weston_watkins"):
    """(SVM, cross-entropy, log10 cross-entropy) of k × scores, one value per row.

    >>> svm, ce, log_ce = scale_at([[10, 9, 9]], [0], k=0.5)
    >>> svm.tolist(), round(float(ce[0]), 4)  # two margins short by 0.5 each; log(1 + 2 e^-0.5)
    ([1.0], 0.7944)
    """
    s = np.asarray(scores, dtype=np.float64) * k
    svm = svm_loss(s, labels, margin=margin, variant=variant, reduction="none")
    return svm, cross_entropy(s, labels, reduction="none"), log10_cross_entropy(s, labels)


def scale_finding(scores, labels, table_rows, *, k, margin, variant):
    """Both losses of k × scores for every row at the chosen k (Markdown)."""
    svm, ce, log_ce = scale_at(scores, labels, k=k, margin=margin, variant=variant)
    leads = lead(np.asarray(scores, dtype=np.float64), labels)
    parts = []
    for i, row in enumerate(table_rows):
        # k * lead >= margin meets every margin (the lead is the smallest gap)
        if leads[i] > 0:
            since = f", 0 for every k ≥ {margin / leads[i]:.3g}"
        else:
            since = ", 0 for every k" if leads[i] == 0 and margin == 0 else ", never 0"
        parts.append(
            f"row {row}: SVM {format_value(svm[i])}{since}; cross-entropy {format_value(ce[i], log_ce[i])}"
        )
    return f"At k = {k:g}: " + "; ".join(parts) + "."


def lead_finding(comparison, examples, *, margin):
    """Where the rows sit on the lead curves (Markdown)."""
    c = comparison
    far = int(np.argmax(c.lead))
    ce = format_value(c.cross_entropy[far], c.log10_cross_entropy[far])
    on = on_the_kink(comparison, examples)
    past = [r for r, v in zip(examples.table_rows, c.lead, strict=True) if v >= margin and r not in on]
    where = []
    if past:
        where.append(f"{_rows_text(past)} {'is' if len(past) == 1 else 'are'} past it")
    if on:
        where.append(f"{_rows_text(on)} {'sits' if len(on) == 1 else 'sit'} exactly on it, at the kink")
    svm_text = f"The SVM loss reaches 0 at lead = Δ = {margin:g} and stays flat"
    if where:
        every = "all" if len(past) + len(on) > 1 else ""
        svm_text += f": {' and '.join(where)}, {every + ' ' if every else ''}with SVM loss 0. "
    else:
        svm_text += "; no row is past it yet. "
    return (
        f"{svm_text}Cross-entropy keeps falling: at row {examples.table_rows[far]}'s lead of "
        f"{c.lead[far]:g} it is still {ce} (10^{c.log10_cross_entropy[far]:.1f}), and it never reaches "
        "0, whatever the lead."
    )
