r"""The losses the app names, and their formulas, defined once: every page, figure and experiment
takes a loss's name, short name, menu label and LaTeX from here.

A loss is known by its `key`, the internal name :mod:`hinge.losses` and :mod:`hinge.linear`
take. Some labels are also the values of share links (``variant=Crammer-Singer`` on the
playground, ``land_loss=hinge (max)`` on the questions page): those are a public interface and
must not change.

Examples
--------
>>> LOSSES["crammer_singer"].short, LOSSES["crammer_singer"].in_note
('Crammer-Singer', "the note's diagram")
>>> [LOSSES[key].short for key in VARIANTS]
['Weston-Watkins', 'Crammer-Singer']
>>> by_short("Crammer-Singer").key, get("softmax").key
('crammer_singer', 'cross_entropy')
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Loss:
    """One loss: its internal name and every way the app writes it.

    Attributes
    ----------
    key : str
        The internal name hinge's functions take (``svm_loss(variant=...)``,
        ``linear.train(loss=...)``).
    name, short, label, rule : str
        Its full name, its short name, its landscape-switch label and its rule in words (see
        the comments below; `short`, `label` and `rule` are also link values).
    latex : str
        The per-example loss L_i, in LaTeX.
    in_note : str
        Which part of the note describes it ("" if none).
    aliases : tuple of str
        Other keys that mean it.
    """

    key: str  # what hinge's functions take: svm_loss(variant=...), linear.train(loss=...)
    name: str  # the full name, for a menu of losses and a chart's title
    short: str  # one or two words, for legends and the playground's variant switch (a link value)
    label: str  # the questions page's landscape switch (a link value)
    rule: str  # which scores count, in words: the cross-entropy page's variant menu (a link value)
    latex: str  # the per-example loss L_i, in LaTeX
    in_note: str = ""  # which part of the note describes it
    aliases: tuple = field(default=())  # other keys that mean it (the training page's link says softmax)


_TERM = r"\max(0,\; s_j - s_{y_i} + \Delta)"
LOSSES = {
    loss.key: loss
    for loss in (
        Loss(
            "weston_watkins", "Weston-Watkins multiclass SVM", "Weston-Watkins", "hinge (sum)",
            "sum over incorrect classes (the note's)", rf"L_i = \sum_{{j \neq y_i}} {_TERM}",
            in_note="the note's formula",
        ),
        Loss(
            "crammer_singer", "Crammer-Singer (structured SVM)", "Crammer-Singer", "hinge (max)",
            "highest incorrect class only", r"L_i = \max(0,\; \max_{j \neq y_i} s_j - s_{y_i} + \Delta)",
            in_note="the note's diagram",
        ),
        Loss(
            "one_vs_all", "One-vs-all binary hinge", "one-vs-all", "one-vs-all",
            "every class against the rest",
            r"L_i = \max(0,\; \Delta - s_{y_i}) + \sum_{j \neq y_i} \max(0,\; \Delta + s_j)",
        ),
        Loss(
            "squared_hinge", "Squared hinge (L2-SVM)", "squared hinge", "squared hinge",
            "sum of squared terms", rf"L_i = \sum_{{j \neq y_i}} {_TERM}^2",
        ),
        Loss(
            "cross_entropy", "Softmax cross-entropy", "cross-entropy", "cross-entropy",
            "every class, through the softmax", r"L_i = -\ln \big(e^{s_{y_i}} \,/\, \sum_j e^{s_j}\big)",
            aliases=("softmax",),
        ),
    )
}  # fmt: skip
VARIANTS = ("weston_watkins", "crammer_singer")  # the two multi-class SVM losses of hinge.svm_loss

# The note's formulas that are not one loss.
TERM = r"\max(0,\ s_j - s_y + \Delta)"  # one incorrect class's term of the hinge loss
OBJECTIVE = r"L = \frac{1}{N}\sum_i L_i + \lambda \sum W^2"  # the training objective (CS231n's)
SCALING = "L(k·s; k·Δ) = k·L(s; Δ)"  # margin and scale: the identity the note's sentence loosely states
# E[L] of the Weston-Watkins loss for C i.i.d. N(0, σ²) scores (hinge.experiments.expected_random_loss)
EXPECTED_RANDOM_LOSS = "E[L] = (C − 1)(μΦ(μ/τ) + τφ(μ/τ)) with μ = Δ, τ = σ√2"


def get(key):
    """The :class:`Loss` of `key` or of one of its aliases.

    Parameters
    ----------
    key : str
        A key of :data:`LOSSES`, or an alias ("softmax").

    Returns
    -------
    Loss

    Raises
    ------
    ValueError
        For any other name; the message lists the keys.

    Examples
    --------
    >>> get("softmax").name
    'Softmax cross-entropy'
    >>> get("hinge")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown loss 'hinge': expected one of weston_watkins, crammer_singer, ...
    """
    for loss in LOSSES.values():
        if key == loss.key or key in loss.aliases:
            return loss
    raise ValueError(f"unknown loss {key!r}: expected one of {', '.join(LOSSES)}")


def by_short(short):
    """The :class:`Loss` whose short name is `short` (the playground's link spells variants so).

    Parameters
    ----------
    short : str
        A :attr:`Loss.short`, exactly ("Crammer-Singer").

    Returns
    -------
    Loss

    Raises
    ------
    ValueError
        If no loss has that short name.

    Examples
    --------
    >>> by_short("Weston-Watkins").key
    'weston_watkins'
    """
    for loss in LOSSES.values():
        if loss.short == short:
            return loss
    raise ValueError(f"no loss is called {short!r}")
