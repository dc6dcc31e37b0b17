r"""The cross-entropy page's controls: their ranges, options and spellings in the share link.

The link's keys and values are a public interface: a value here that a link spells
(a number's range, a choice's label) must not change. :func:`link_notices` checks a link
against them (through :mod:`hinge.links`), so that a value the page cannot use is reported
rather than silently dropped.
"""

from hinge import note, registry
from hinge.compare_text import format_scores
from hinge.links import Choice, Number, check_value
from hinge.params import _shorten, parse_int

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
    "variant": {key: registry.LOSSES[key].rule for key in registry.VARIANTS},
    "nudge": {"one": "one score", "noise": "random noise"},
}
TOGGLE_CONTROLS = {"log": True}  # a toggle reads true or false, in any case


def _specs():
    """The link's specification of the page's fixed controls: {name: hinge.links.Number | Choice}."""
    numbers = {name: Number(*control) for name, control in NUMBER_CONTROLS.items()}
    choices = {
        name: Choice(tuple(labels.values()), next(iter(labels.values())))
        for name, labels in CHOICE_CONTROLS.items()
    }
    return numbers | choices


def _unusable(query, specs):
    """{name: notice} of each value in `query` its spec cannot use (by hinge.links.check_value)."""
    notices = {name: check_value(name, query[name], spec)[1] for name, spec in specs.items() if name in query}
    return {name: notice for name, notice in notices.items() if notice}


def check_link(query):
    """The page's link values that cannot be used: (their names, a message each).

    `query` maps names to the raw URL strings. Streamlit drops such values silently (the
    control falls back to its default); this says so, and the page takes them out of the link.
    Numbers and choices are read by :func:`hinge.links.check_value`; the toggle as Streamlit
    reads it, true or false in any case (a link's `log=False` stays as it is).

    >>> names, notices = check_link({"margin": "abc", "steps": "7", "nudge": "noise", "k": "2"})
    >>> names
    ['margin', 'steps', 'nudge']
    >>> for notice in notices:
    ...     print(notice)
    `margin` is not a number ('abc'): using 1.
    `steps` is out of range (7; expected 10 to 500): using 100.
    `nudge` must be one of 'one score', 'random noise' (not 'noise'): using 'one score'.
    >>> check_link({"variant": "highest incorrect class only", "log": "False", "steps": "110"})
    ([], [])
    """
    bad = _unusable(query, _specs())
    for name, default in TOGGLE_CONTROLS.items():
        if name in query and str(query[name]).lower() not in ("true", "false"):
            why = f"must be one of true, false (not '{_shorten(query[name])}')"
            bad[name] = f"`{name}` {why}: using {str(default).lower()}."
    return list(bad), list(bad.values())


def check_table_link(query, examples, n_classes, class_names):
    """Like :func:`check_link`, for the choices whose options come from the table (:func:`table_choices`).

    >>> from hinge.compare_table import Examples
    >>> rows = Examples(scores=[[1, 2], [3, 4]], labels=[0, 1], table_rows=[1, 2], messages=[])
    >>> check_table_link({"nudge_row": "7", "nudge_class": "car", "margin": "x"}, rows, 2, note.CLASS_NAMES)
    (['nudge_row'], ["`nudge_row` must be one of '1', '2' (not '7'): using '2'."])
    """
    choices = table_choices(examples, n_classes, class_names)
    bad = _unusable(
        query, {name: Choice(tuple(labels), default) for name, (labels, default) in choices.items()}
    )
    return list(bad), list(bad.values())


def seed_from_link(query):
    """The noise seed the link asks for, or the default: a bad one is reported by :func:`check_link`.

    >>> seed_from_link({"seed": "42"}), seed_from_link({"seed": "abc"}), seed_from_link({})
    (42, 0, 0)
    """
    lo, hi, default, _ = NUMBER_CONTROLS["seed"]
    return parse_int(query.get("seed"), default, lo=lo, hi=hi, name="seed")[0]


def nudge_row_index(examples):
    """Which row is nudged unless the link says: the last good one (its place in the row menu).

    >>> from hinge.compare_table import Examples
    >>> nudge_row_index(Examples(scores=[[1, 2], [3, 4]], labels=[0, 1], table_rows=[1, 3], messages=[]))
    1
    """
    return len(examples.table_rows) - 1


def start_options(examples):
    """The training's starting rows: the note's cat image, then each good row of the table by number.

    >>> from hinge.compare_table import Examples
    >>> start_options(Examples(scores=[[1, 2], [3, 4]], labels=[0, 1], table_rows=[1, 3], messages=[]))
    ['cat', '1', '3']
    """
    return ["cat", *map(str, examples.table_rows)]


def start_label(option, examples):
    """How a starting row reads in its menu, and so in the link (`train=...`): keep it verbatim.

    >>> from hinge.compare_table import Examples
    >>> rows = Examples(scores=[[10.0, -99.5]], labels=[0], table_rows=[2], messages=[])
    >>> start_label("cat", rows)
    "the note's cat image [3.2, 5.1, −1.7], correct: cat"
    >>> start_label("2", rows)
    'row 2: [10, -99.5]'
    """
    if option == "cat":
        scores, label = note.IMAGES["cat"]
        shown = format_scores(scores).replace("-", "−")
        return f"the note's cat image {shown}, correct: {note.CLASS_NAMES[label]}"
    return f"row {option}: {format_scores(examples.row(int(option))[0])}"


def start_row(option, examples):
    """(scores, label) of a starting row: the note's cat image or a row of the table.

    `option` is one of :func:`start_options`, `examples` a :class:`hinge.compare_table.Examples`;
    scores is a sequence of C floats.
    """
    if option == "cat":
        return note.IMAGES["cat"]
    return examples.row(int(option))


def table_choices(examples, n_classes, class_names):
    """The link's choices whose options come from the table: name -> (labels, default label).

    Parameters
    ----------
    examples : hinge.compare_table.Examples
        The good rows.
    n_classes : int
        C.
    class_names : sequence of str

    Returns
    -------
    dict
        {"nudge_row", "nudge_class", "train"}: each a (list of str, str).
    """
    options = start_options(examples)
    return {
        "nudge_row": ([str(r) for r in examples.table_rows], str(examples.table_rows[-1])),
        "nudge_class": (list(class_names[:n_classes]), class_names[1]),
        "train": ([start_label(o, examples) for o in options], start_label("cat", examples)),
    }
