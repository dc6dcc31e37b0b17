r"""The cross-entropy page's words: its findings, its tables' text and how it writes a number.

Numbers come in from :mod:`hinge.compare` (a :class:`hinge.compare.Comparison`, a
:class:`hinge.compare.Nudge`, :class:`hinge.compare.Training` runs); Markdown and display
strings go out. Nothing here is user text: table cells the user typed never reach it.
"""

import math

import numpy as np

from hinge.compare import lead, scale_at

_TINY = 1e-300  # below this a float64 loses digits (subnormals) or is 0: its digits come from the log


def format_value(value, log10_value=None, *, digits=3):
    """A non-negative value with `digits` significant digits, never shown as 0 unless it is 0.

    Fixed notation down to 1e-4, scientific below; where the float64 `value` has underflowed
    (0 or subnormal) the digits come from `log10_value`, computed in log space.

    Parameters
    ----------
    value : float
    log10_value : float, optional
        log10 of the value, from :mod:`hinge.logspace`.
    digits : int

    Returns
    -------
    str

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


def format_scores(scores):
    """[10, -99.5, -100]: a row of scores, 4 significant digits each.

    >>> format_scores([10.0, -99.5, -100.0])
    '[10, -99.5, -100]'
    """
    return "[" + ", ".join(f"{float(v):.4g}" for v in scores) + "]"


def rows_inline(rows):
    """Rows of scores on one line, without spaces: the reset button's help names the note's rows so.

    >>> rows_inline([[10.0, -2.0, 3.0], [10.0, 9.0, 9.0]])
    '[10,-2,3], [10,9,9]'
    """
    return ", ".join("[" + ",".join(f"{float(v):g}" for v in row) + "]" for row in rows)


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

    Parameters
    ----------
    comparison : hinge.compare.Comparison
        Both losses of the good rows, from :func:`hinge.compare.compare_rows`.
    examples : hinge.compare_table.Examples
        The good rows, for their numbers in the table.

    Returns
    -------
    list of dict
        N rows {"row", "lead", "SVM loss", "cross-entropy", "p(correct)"}, all str.
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
    """One dict of display strings per good row: its correct class and every softmax probability.

    Parameters
    ----------
    comparison : hinge.compare.Comparison
        Both losses of the good rows, from :func:`hinge.compare.compare_rows`.
    examples : hinge.compare_table.Examples
        The good rows, for their numbers in the table.
    class_names : sequence of str
        At least C names.

    Returns
    -------
    list of dict
        N rows {"row", "correct class", "p(<class>)" for each of the C classes}, all str.
    """
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
    """The rows whose lead is exactly the margin: SVM loss 0, and a kink in it along s_y.

    Parameters
    ----------
    comparison : hinge.compare.Comparison
        Both losses of the good rows, from :func:`hinge.compare.compare_rows`.
    examples : hinge.compare_table.Examples
        The good rows, for their numbers in the table.

    Returns
    -------
    list of int
        Their numbers in the table.
    """
    c = comparison
    left, right = c.svm_correct_subgradient.T
    return [
        r for r, v, a, b in zip(examples.table_rows, c.svm, left, right, strict=True) if v == 0 and a != b
    ]


def _interval(left, right):
    """[−2, 0]: a subgradient set, with the minus signs of the page's text."""
    return "[" + ", ".join(f"{v:g}".replace("-", "−") for v in (left, right)) + "]"


def rows_finding(comparison, examples, *, margin):
    """What the table shows, in the note's words, computed from it (Markdown).

    Parameters
    ----------
    comparison : hinge.compare.Comparison
        Both losses of the good rows, from :func:`hinge.compare.compare_rows`.
    examples : hinge.compare_table.Examples
        The good rows, for their numbers in the table.
    margin : float
        Δ, as the comparison used it.

    Returns
    -------
    str
    """
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


def row_names(table_rows):
    """The charts' name of each good row: its number in the table.

    >>> row_names([1, 3])
    ['row 1', 'row 3']
    """
    return [f"row {r}" for r in table_rows]


def nudge_line(table_row, n):
    """Row 3: [10, -100, -100] → [10, -99.5, -100]: the nudged row before and after.

    `table_row` is the row's number in the table, `n` a :class:`hinge.compare.Nudge` of it.
    """
    return f"Row {table_row}: {format_scores(n.before)} → {format_scores(n.after)}"


def nudge_metrics(n):
    """Both losses after a nudge, as metrics: {label: keyword arguments of a metric}.

    The SVM's change is a difference (no change at all is said so, without an arrow); the
    cross-entropy's a ratio, from the logs, so that it is exact where both values underflow.

    Parameters
    ----------
    n : hinge.compare.Nudge

    Returns
    -------
    dict
        {"SVM loss after": {...}, "Cross-entropy after": {...}}: value, delta, delta_color and
        delta_arrow of each, for ``st.metric``.
    """
    same = n.svm_change == 0
    ratio = n.cross_entropy_ratio
    return {
        "SVM loss after": {
            "value": format_value(n.svm_after),
            "delta": "no change" if same else f"{n.svm_change:+.4g}",
            "delta_color": "off" if same else "inverse",
            "delta_arrow": "off" if same else "auto",
        },
        "Cross-entropy after": {
            "value": format_value(n.cross_entropy_after, n.log10_cross_entropy_after),
            "delta": f"×{ratio:.4g}",
            "delta_color": "off",
            "delta_arrow": "up" if ratio > 1 else "down" if ratio < 1 else "off",
        },
    }


def nudge_finding(n):
    """The change of each loss after a nudge (Markdown), from a :class:`hinge.compare.Nudge` `n`."""
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
    """The gradient on each row's correct score, for both losses (Markdown).

    Parameters
    ----------
    comparison : hinge.compare.Comparison
        Both losses of the good rows, from :func:`hinge.compare.compare_rows`.
    examples : hinge.compare_table.Examples
        The good rows, for their numbers in the table.

    Returns
    -------
    str
    """
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
    """How the two runs ended (Markdown).

    Parameters
    ----------
    svm, ce : hinge.compare.Training
        Gradient descent from the same scores under each loss (:func:`hinge.compare.train_scores`).
    label : int
        The correct class.

    Returns
    -------
    str
    """
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


def scale_finding(scores, labels, table_rows, *, k, margin, variant):
    """Both losses of k × scores for every row at the chosen k (Markdown).

    Parameters
    ----------
    scores : array-like of shape (N, C)
        The good rows.
    labels : array-like of int of shape (N,)
    table_rows : list of int
        Their numbers in the table.
    k : float
    margin, variant
        The SVM loss, as :func:`hinge.compare.scale_at` takes them.

    Returns
    -------
    str
    """
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
    """Where the rows sit on the lead curves (Markdown).

    Parameters
    ----------
    comparison : hinge.compare.Comparison
        Both losses of the good rows, from :func:`hinge.compare.compare_rows`.
    examples : hinge.compare_table.Examples
        The good rows, for their numbers in the table.
    margin : float

    Returns
    -------
    str
    """
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
