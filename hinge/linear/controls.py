"""The training page's controls: their options, ranges and defaults, and how the link spells them.

Share links write a menu's choice as its label (``loss=Softmax cross-entropy``, ``data=Random blobs``):
those spellings are a public interface. :func:`link_notices` says which link values the page could
not use, from what its controls show (:func:`shown_controls`).
"""

from hinge import params, registry
from hinge.linear import model
from hinge.linear.presets import MAX_CLASSES, PRESETS
from hinge.params import _shorten, cell_to_float

LOSSES = model.LOSSES  # the loss menus' options, in order: their labels are the registry's names
INITS = {"cs231n": "CS231n demo's W and b", "random": "Random, from a seed", "zeros": "All zeros"}
LAMBDAS = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
STEP_SIZES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
SPEEDS = (1, 2, 5, 10, 25)  # steps a frame while running; the third is the default
SECOND_LOSS = 4  # the second loss's menu starts at softmax cross-entropy
# Sliders and number boxes: (label, lowest, highest, default, step)
N_POINTS = ("Points N", 6, 300, 60, 1)
N_CLASSES = ("Classes C", 2, MAX_CLASSES, 3, 1)
SPREAD = ("Spread", 0.05, 1.0, 0.3, 0.05)
MARGIN = ("Margin Δ", 0.0, 3.0, 1.0, 0.1)
SEEDS = (0, 9999)  # the data seed and the W seed
N_STEPS = ("N", 1, 1000, 10)  # the +N button's N
POINT_COLUMNS = ("x₁", "x₂", "class")
W_COLUMNS = ("w₁", "w₂", "b")
MENU = "one of the menu's choices"


def number(value):
    """A number as the controls write it: ``0.0001``, ``3``.

    >>> number(0.0001), number(3.0)
    ('0.0001', '3')
    """
    return f"{value:g}"


def loss_name(key):
    """A loss's menu label (and link spelling): its name in :mod:`hinge.registry`.

    >>> [loss_name(key) for key in LOSSES][::4]
    ['Weston-Watkins multiclass SVM', 'Softmax cross-entropy']
    """
    return registry.get(key).name


def formulas(losses):
    r"""The objective and each of `losses`' L_i (once each), in LaTeX, from :mod:`hinge.registry`.

    >>> formulas(["softmax", "softmax"]).count("L_i ="), formulas(["softmax", "one_vs_all"]).count("vs")
    (1, 1)
    """
    return (
        registry.OBJECTIVE
        + r", \qquad "
        + r" \quad\text{vs}\quad ".join(registry.get(key).latex for key in dict.fromkeys(losses))
    )


def chart_height(side_by_side, presenting):
    """The charts' height in pixels: lower side by side, and lower on a projector (one screen).

    >>> chart_height(False, False), chart_height(True, True)
    (500, 390)
    """
    if presenting:
        return 390 if side_by_side else 430  # side by side: four charts in a row
    return 440 if side_by_side else 500


def click_modes(n_classes):
    """What a click on the plane does: "move", or a class to add (0..n_classes-1)."""
    return ["move", *range(n_classes)]


def _between(spec, *, whole=False):
    _, low, high, _, _ = spec
    return f"a {'whole ' if whole else ''}number from {number(low)} to {number(high)}"


def shown_controls(*, preset, init, loss, loss2, compare, margin, reg, step_size, blobs=None):
    """What the sidebar shows for each value a link can set, for :func:`link_notices`.

    `blobs` holds the blob options (n_points, n_classes, spread) when the preset is "blobs".

    Returns
    -------
    dict: link key -> (the value shown, what the control takes, in words).
    """
    shown = {
        "data": (PRESETS[preset], MENU), "init": (INITS[init], MENU),
        "loss": (loss_name(loss), MENU), "loss2": (loss_name(loss2), MENU),
        "compare": (compare, "true or false"),
        "delta": (margin, _between(MARGIN)), "lam": (reg, "one of " + ", ".join(map(number, LAMBDAS))),
        "lr": (step_size, "one of " + ", ".join(map(number, STEP_SIZES))),
    }  # fmt: skip
    if blobs is not None:
        shown |= {
            "n": (blobs["n_points"], _between(N_POINTS, whole=True)),
            "classes": (blobs["n_classes"], _between(N_CLASSES, whole=True)),
            "spread": (blobs["spread"], _between(SPREAD)),
        }
    return shown


def link_notices(link, shown):
    """A notice for every link value the page could not use, from what the page shows instead.

    `link` maps names to the link's text; `shown` maps each control's name to (the value it shows,
    what it takes): a number, a bool, or an option's label as the link writes it. Streamlit drops
    or clips an unusable value without a word; this says what was given and what is used.

    Examples
    --------
    >>> for notice in link_notices(
    ...     {"n": "1000", "lam": "0.10", "loss": "hinge"},
    ...     {"n": (60, "a whole number from 6 to 300"), "lam": (0.1, "a listed value"),
    ...      "loss": ("Softmax cross-entropy", "one of the menu's choices")},
    ... ):
    ...     print(notice)
    `n` in the link is 1000, not a whole number from 6 to 300: using 60.
    `loss` in the link is hinge, not one of the menu's choices: using Softmax cross-entropy.
    """
    notices = []
    for name, (value, takes) in shown.items():
        raw = link.get(name)
        if raw is None:
            continue
        if isinstance(value, bool):
            usable = raw.strip().lower() == str(value).lower()
        elif isinstance(value, (int, float)):
            number, _ = cell_to_float(raw)
            usable = number is not None and abs(number - value) <= 1e-9 * max(1.0, abs(value))
        else:
            usable = raw == value
        if not usable:
            given = _shorten(raw) or "empty"
            notices.append(f"`{name}` in the link is {given}, not {takes}: using {_shown(value)}.")
    return notices


def _shown(value):
    if isinstance(value, bool):
        return str(value).lower()
    return f"{value:g}" if isinstance(value, float) else value


# The two tables, points and the starting W: what a link or an edit puts in them ---------------------------
def rows_from_link(text, name, *, columns, label_column=None, n_classes=None):
    """The rows of link value `text` (table `name`), checked cell by cell.

    Returns
    -------
    (rows or None, notices): None and a notice when any cell cannot be used (the table keeps its
    default), None and no notice when the link has no such table.

    Examples
    --------
    >>> rows_from_link("0.5,0.4,0;1,2,1", "points", columns=POINT_COLUMNS, label_column=2, n_classes=5)
    ([[0.5, 0.4, 0.0], [1.0, 2.0, 1.0]], [])
    >>> rows_from_link(None, "w", columns=W_COLUMNS)
    (None, [])
    """
    rows, why = params.parse_rows(text, None, name=name, min_cols=3, max_cols=3, max_rows=params.MAX_TEXT)
    if rows is None:
        return None, [why] if why else []
    checked = params.check_table(rows, columns=columns, label_column=label_column, n_classes=n_classes)
    bad = [f"`{name}` in the link: {msg}" for _, msg in checked if msg]
    return (None, [" ".join([*bad[:3], "Using the defaults."])]) if bad else (rows, [])


def checked_rows(raw, *, columns, label_column=None, n_classes=None):
    """The complete rows of an edited table, and a message for every row left out for a bad cell."""
    checked = params.check_table(raw, columns=columns, label_column=label_column, n_classes=n_classes)
    rows = [values for values, msg in checked if msg is None]
    return rows, [f"{msg} It is left out until it is fixed." for _, msg in checked if msg]


def rows_for_link(name, rows, default_rows):
    """How table `name` goes into the link: (text, None); (None, None) for the default rows, which the
    link leaves out; or (None, a notice) when the text is too long for a link.

    >>> rows_for_link("w", [[1, 2, 0]], [[1.0, 2.0, 0.0]]), rows_for_link("w", [[1, 2.5, 0]], [[1, 2, 0]])
    ((None, None), ('1,2.5,0', None))
    """
    if [list(map(float, r)) for r in rows] == [list(map(float, r)) for r in default_rows]:
        return None, None
    text = params.format_rows(rows)
    if len(text) > params.MAX_TEXT:
        return (
            None,
            f"The edited {name} are too long for a share link ({len(text)} characters): kept here only.",
        )
    return text, None
