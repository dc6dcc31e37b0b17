r"""The playground's words: numbers as the note writes them, the loss's arithmetic written out, captions.

Plain text and ``(text, role)`` pieces, never HTML: the page's live chart shows them as text.
"""

from hinge.losses import svm_terms
from hinge.playground import MANY_CLASSES, scaled

MINUS = "\u2212"  # a typeset minus sign: a hyphen is too short to read from the back of a room


def number(value, *, digits=2):
    """A score or loss as the note writes it: at most `digits` decimals, no trailing zeros, never -0.

    Examples
    --------
    >>> number(2.8999999999999995), number(-1.7), number(5.266666), number(-0.0001), number(3.0)
    ('2.9', '-1.7', '5.27', '0', '3')
    >>> number(1e6, digits=0), number(-20.0, digits=0), number(100.0)
    ('1000000', '-20', '100')
    """
    text = f"{value:.{digits}f}"
    if "." in text:  # only a fraction's trailing zeros: 1000000 keeps its own
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _shown(value):
    """`value` as the arithmetic shows it: 2.9, or −1.7 with a true minus sign."""
    return number(value).replace("-", MINUS)


def _signed(value):
    """`value` to be subtracted: "3.2", or "(−3.2)" so the minus signs stay readable."""
    text = _shown(value)
    return f"({text})" if text.startswith(MINUS) else text


def _joined(groups, separator):
    """The pieces of each group, one after another, with `separator` between groups."""
    out = []
    for i, group in enumerate(groups):
        out += ([(separator, "")] if i else []) + group
    return out


def arithmetic_rows(p, *, per_line=None):
    """The loss with its arithmetic written out, as the note does it, in aligned rows.

    The hinges go first, `per_line` a row (3, or 2 from five classes on, so ten classes
    still fit beside the sliders on a projector), then their values and the loss.

    Parameters
    ----------
    p : hinge.playground.Playground
    per_line : int, optional

    Returns
    -------
    list of (left, pieces)
        `left` is "L" on the first row and "" after it, so the rows line up after it;
        `pieces` are ``(text, role)`` with role "correct" for the correct score, "term" for
        a term's value, "total" for the loss and "" for the rest.

    Examples
    --------
    >>> from hinge import note
    >>> from hinge.playground import playground
    >>> for left, pieces in arithmetic_rows(playground(*note.IMAGES["cat"])):
    ...     print(f"{left:1} " + "".join(f"[{t}]" if role else t for t, role in pieces))
    L = max(0, 5.1 − [3.2] + 1) + max(0, −1.7 − [3.2] + 1)
      = [2.9] + [0] = [2.9]
    """
    per_line = per_line or (3 if len(p.scores) < MANY_CLASSES else 2)
    power = "²" if p.squared else ""
    incorrect = [j for j in range(len(p.scores)) if j != p.label]
    sy = (_signed(p.scores[p.label]), "correct")
    hinges = [
        [(f"max(0, {_shown(p.scores[j])} {MINUS} ", ""), sy, (f" + {_shown(p.margin)}){power}", "")]
        for j in incorrect
    ]
    plain = svm_terms(p.scores, p.label, margin=p.margin)  # the terms before squaring
    values = [[(_shown(plain[j]), "term")] + ([(power, "")] if power else []) for j in incorrect]
    if p.variant == "crammer_singer":
        join, end, start, before, after = ", ", ",", "\u2003", "max(", ")"
        tail = [("max(", ""), *_joined(values, ", "), (")", "")] if len(values) > 1 else values[0]
    else:
        join, end, start, before, after = " + ", "", "\u2003+ ", "", ""
        tail = _joined(values, " + ")
    chunks = [_joined(hinges[i : i + per_line], join) for i in range(0, len(hinges), per_line)]
    rows = []
    for i, chunk in enumerate(chunks):
        lead = [("= " + before, "")] if i == 0 else [(start, "")]
        trail = [(end, "")] if i < len(chunks) - 1 else [(after, "")]
        rows.append(("L" if i == 0 else "", [piece for piece in lead + chunk + trail if piece[0]]))
    rows.append(("", [("= ", ""), *tail, (" = ", ""), (_shown(p.loss), "total")]))
    return rows


def arithmetic_summary_rows(p):
    """The arithmetic of many classes in two rows, for a projector: the hinge once, then every value.

    The same ``(left, pieces)`` rows as :func:`arithmetic_rows`; the first writes the sum (or
    the max) over j ≠ y of the hinge with the correct score in it, the second every term's
    value and the loss.

    Examples
    --------
    >>> from hinge.playground import DEFAULT_SCORES, playground
    >>> for left, pieces in arithmetic_summary_rows(playground(DEFAULT_SCORES[:4], 0)):
    ...     print(f"{left:1} " + "".join(f"[{t}]" if role else t for t, role in pieces))
    L = sum over j ≠ y of max(0, s_j − [3.2] + 1)
      = [2.9] + [0] + [0] = [2.9]
    """
    rows = arithmetic_rows(p, per_line=len(p.scores))
    power = "²" if p.squared else ""
    over = "max over j ≠ y of " if p.variant == "crammer_singer" else "sum over j ≠ y of "
    sy = (_signed(p.scores[p.label]), "correct")
    hinge = [(f"= {over}max(0, s_j {MINUS} ", ""), sy, (f" + {_shown(p.margin)}){power}", "")]
    return [("L", hinge), rows[-1]]


def shown_arithmetic(p, *, presenting=False):
    """The arithmetic the page shows under its graph: :func:`arithmetic_rows`, 3 hinges a row.

    On a projector many classes' hinges would run off the screen: from
    :data:`~hinge.playground.MANY_CLASSES` on they are written once
    (:func:`arithmetic_summary_rows`). Off a projector, :func:`arithmetic_rows` chooses.

    Examples
    --------
    >>> from hinge.playground import DEFAULT_SCORES, playground
    >>> [len(shown_arithmetic(playground(DEFAULT_SCORES, 0), presenting=on)) for on in (False, True)]
    [6, 2]
    """
    if presenting and len(p.scores) >= MANY_CLASSES:
        return arithmetic_summary_rows(p)
    return arithmetic_rows(p, per_line=3 if presenting else None)


def used_values(scores, names, *, margin, scale, scale_margin, squared=False):
    """What the graph and the arithmetic use where the sliders show something else.

    With k != 1 the score sliders hold s and the graph uses k·s; with "scale the margin too"
    the margin slider holds Δ and the graph uses Δ × k.

    Parameters
    ----------
    scores : sequence of C float
        The sliders' scores.
    names : sequence of C str
    margin, scale, scale_margin
        The page's settings.
    squared : bool
        Changes neither caption: taken so the page's settings can be passed as they are.

    Returns
    -------
    (scores, margin) : (str or None, str or None)
        A short caption each, or None where the slider's own value is the one used.

    Examples
    --------
    >>> used_values([0.2, 5.0, -1.5], ["cat", "car", "frog"], margin=1.0, scale=4.0, scale_margin=True)
    ('the graph uses k·s: cat 0.8, car 20, frog −6', 'the graph uses Δ × k = 4')
    >>> used_values([0.2, 5.1], ["cat", "car"], margin=1.0, scale=1.0, scale_margin=True)
    (None, None)
    """
    s, m = scaled(scores, margin=margin, scale=scale, scale_margin=scale_margin)
    if scale == 1:
        return None, None
    text = ", ".join(f"{name} {_shown(v)}" for name, v in zip(names, s, strict=True))
    return f"the graph uses k·s: {text}", f"the graph uses Δ × k = {_shown(m)}" if scale_margin else None


def mean_latex(batch):
    r"""The note's average, written out: L = (2.9 + 0 + 12.9) / 3 = 5.27 (bad rows left out).

    Parameters
    ----------
    batch : hinge.playground.Batch

    Returns
    -------
    str
        LaTeX.

    Examples
    --------
    >>> from hinge import note
    >>> from hinge.playground import batch_losses
    >>> print(mean_latex(batch_losses(note.BATCH, note.BATCH_LABELS)))
    L = (2.9 + 0 + 12.9) / 3 = \mathbf{5.27}
    """
    good = [v for v in batch.losses if v is not None]
    if not good:
        return r"L = \text{(no complete row)}"
    return rf"L = ({' + '.join(number(v) for v in good)}) / {len(good)} = \mathbf{{{number(batch.mean)}}}"


def image_losses(images, losses):
    r"""Each image's loss, a Markdown line each: "**cat image**: $L = 2.9$", or "left out".

    Parameters
    ----------
    images : sequence of N str
        Our own names of the table's rows (never user text).
    losses : sequence of N (float or None)
        None where a row has a bad cell.

    Examples
    --------
    >>> image_losses(["cat image", "car image"], [2.9000000000000004, None])
    '**cat image**: $L = 2.9$  \n**car image**: left out'
    """
    return "  \n".join(
        f"**{image}**: " + ("left out" if loss is None else f"$L = {number(loss)}$")
        for image, loss in zip(images, losses, strict=True)
    )
