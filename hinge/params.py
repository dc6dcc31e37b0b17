"""Strict parsing of untrusted text: URL query values and table cells.

Every parser returns a clean value and, when the input was rejected, a short message
that says what was wrong and what is used instead. Nothing here raises on bad text.
Messages are Markdown (a page shows them with ``st.warning``): the untrusted text they quote
is cut short and its Markdown characters are escaped, so it is shown, never rendered.
"""

import math

MAX_TEXT = 2000  # longer URL values are refused outright, before any parsing
MAX_ROWS = 20
MAX_COLS = 10
LIMIT = 1e6  # scores and coordinates beyond this are refused: they teach nothing and break charts


_MARKDOWN = set("\\`*_{}[]()#+-.!<>|~$:")


def _shorten(text, limit=40):
    """Untrusted text, cut short and with Markdown escaped: messages are shown as Markdown."""
    text = str(text)
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return "".join("\\" + ch if ch in _MARKDOWN else ch for ch in text)


def cell_to_float(cell, *, limit=LIMIT):
    """(value, None) for a finite number within ±limit, else (None, why).

    Parameters
    ----------
    cell : str, number or None
        A URL value or a table cell as the editor returns it (an emptied number cell is NaN).
    limit : float, default LIMIT (1e6)
        The largest magnitude accepted.

    Returns
    -------
    value : float or None
        The number, or None when `cell` was rejected.
    why : str or None
        Why it was rejected, to follow a name ("is empty", "is not a number ('abc')", ...).

    Examples
    --------
    >>> cell_to_float(" 2.5 "), cell_to_float("")
    ((2.5, None), (None, 'is empty'))
    >>> cell_to_float("abc"), cell_to_float("1e9")
    ((None, "is not a number ('abc')"), (None, 'is too large (1e+09; at most ±1e+06)'))
    """
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None, "is empty"
    if isinstance(cell, bool):
        return None, f"is not a number ({cell!r})"
    try:
        value = float(cell.strip() if isinstance(cell, str) else cell)
    except (TypeError, ValueError, OverflowError):
        return None, f"is not a number ('{_shorten(cell)}')"
    if math.isnan(value):  # an emptied numeric cell arrives as NaN
        return None, "is empty or NaN"
    if math.isinf(value):
        return None, "is infinite"
    if abs(value) > limit:
        return None, f"is too large ({value:g}; at most ±{limit:g})"
    return value, None


def parse_float(text, default, *, lo, hi, name):
    """A number from a URL value in [lo, hi], else (default, message).

    Parameters
    ----------
    text : str or None
        The URL value.
    default : float
        What is used when `text` is rejected.
    lo, hi : float
        The range accepted, ends included.
    name : str
        The URL key, for the message.

    Returns
    -------
    value : float
        The number, or `default`.
    message : str or None
        None when `text` was used; else what was wrong and what is used instead.

    Examples
    --------
    >>> parse_float("1.5", 1.0, lo=0, hi=10, name="margin")
    (1.5, None)
    >>> parse_float("-5", 1.0, lo=0, hi=10, name="margin")
    (1.0, '`margin` is out of range (-5; expected 0 to 10): using 1.')
    """
    value, why = cell_to_float(text)
    if why is None and not lo <= value <= hi:
        why = f"is out of range ({value:g}; expected {lo:g} to {hi:g})"
    if why is not None:
        return default, f"`{name}` {why}: using {default:g}."
    return value, None


def parse_int(text, default, *, lo, hi, name):
    """A whole number from a URL value in [lo, hi], else (default, message).

    Parameters
    ----------
    text : str or None
        The URL value; "3" and "3.0" are 3, "2.5" is not a whole number.
    default : int
        What is used when `text` is rejected.
    lo, hi : int
        The range accepted, ends included.
    name : str
        The URL key, for the message.

    Returns
    -------
    value : int
        The number, or `default`.
    message : str or None
        None when `text` was used; else what was wrong and what is used instead.

    Examples
    --------
    >>> parse_int("3", 0, lo=0, hi=9, name="label")
    (3, None)
    >>> parse_int("2.5", 0, lo=0, hi=9, name="label")
    (0, '`label` is not a whole number (2.5): using 0.')
    """
    value, why = cell_to_float(text)
    if why is None and value != int(value):
        why = f"is not a whole number ({value:g})"
    if why is None and not lo <= value <= hi:
        why = f"is out of range ({value:g}; expected {lo} to {hi})"
    if why is not None:
        return default, f"`{name}` {why}: using {default}."
    return int(value), None


def parse_rows(text, default, *, name="rows", min_cols=2, max_cols=MAX_COLS, max_rows=MAX_ROWS):
    """Rows of numbers from "10,-2,3;10,9,9": every row the same length, all finite.

    Parameters
    ----------
    text : str or None
        Rows separated by ";", numbers by ","; None (no such key in the URL) gives `default`
        without a message.
    default : list of list of float
        What is used when anything is wrong.
    name : str, default "rows"
        The URL key, for the message.
    min_cols, max_cols : int, default 2 and MAX_COLS (10)
        How many numbers a row may have.
    max_rows : int, default MAX_ROWS (20)
        How many rows there may be.

    Returns
    -------
    rows : list of list of float, R rows of C numbers
        The rows, or `default`.
    message : str or None
        None when `text` was used (or was None); else what was wrong.

    Examples
    --------
    >>> parse_rows("10,-2,3;10,9,9", [[0.0, 0.0]])
    ([[10.0, -2.0, 3.0], [10.0, 9.0, 9.0]], None)
    >>> parse_rows("1,x", [[0.0, 0.0]])
    ([[0.0, 0.0]], "`rows` row 1: a value is not a number ('x'): using the defaults.")
    """
    if text is None:
        return default, None
    why = None
    if len(text) > MAX_TEXT:
        why = f"is too long ({len(text)} characters; at most {MAX_TEXT})"
    else:
        parts = [p for p in text.split(";") if p.strip()] if text.strip() else []
        if not parts:
            why = "is empty"
        elif len(parts) > max_rows:
            why = f"has {len(parts)} rows; at most {max_rows}"
    rows = []
    if why is None:
        for i, part in enumerate(parts, 1):
            cells = part.split(",")
            if not min_cols <= len(cells) <= max_cols:
                why = f"row {i} has {len(cells)} values; expected {min_cols} to {max_cols}"
                break
            values = [cell_to_float(c) for c in cells]
            bad = next((w for _, w in values if w is not None), None)
            if bad is not None:
                why = f"row {i}: a value {bad}"
                break
            rows.append([v for v, _ in values])
        if why is None and len({len(r) for r in rows}) > 1:
            why = "has rows of different lengths"
    if why is not None:
        return default, f"`{name}` {why}: using the defaults."
    return rows, None


def parse_int_list(text, default, *, lo, hi, length, name="labels"):
    """`length` whole numbers in [lo, hi] from "0,2,1", else (default, message).

    Parameters
    ----------
    text : str or None
        Numbers separated by ","; None (no such key in the URL) gives `default` without a
        message.
    default : list of int
        What is used when anything is wrong.
    lo, hi : int
        The range of each number, ends included.
    length : int
        How many numbers there must be.
    name : str, default "labels"
        The URL key, for the message.

    Returns
    -------
    values : list of int of length `length`
        The numbers, or `default`.
    message : str or None
        None when `text` was used (or was None); else what was wrong.

    Examples
    --------
    >>> parse_int_list("0,2,1", [0, 0, 0], lo=0, hi=2, length=3)
    ([0, 2, 1], None)
    >>> parse_int_list("0,1", [0, 0, 0], lo=0, hi=2, length=3)
    ([0, 0, 0], '`labels` has 2 values; expected 3: using the defaults.')
    """
    if text is None:
        return default, None
    why = None
    cells = text.split(",") if len(text) <= MAX_TEXT else None
    if cells is None:
        why = f"is too long ({len(text)} characters)"
    elif len(cells) != length:
        why = f"has {len(cells)} values; expected {length}"
    else:
        values = []
        for c in cells:
            v, w = parse_int(c, None, lo=lo, hi=hi, name=name)
            if w is not None:
                why = f"has a bad value '{_shorten(c)}' (expected whole numbers {lo} to {hi})"
                break
            values.append(v)
    if why is not None:
        return default, f"`{name}` {why}: using the defaults."
    return values, None


def cell_text(value):
    """A number as a table's text cell shows it: its shortest exact form, whole numbers without ".0".

    For an editable table of numbers, use text columns with these cells and read them back
    with :func:`check_table` (or :func:`cell_to_float`): Python's float() reads 1e-3 and -1e308
    as typed, and a value out of range or not a number gets a message. A grid's number cells
    drop the letter "e" from what is typed (-1e308 became -1308, or 0), silently.

    Parameters
    ----------
    value : float or int

    Returns
    -------
    str

    Examples
    --------
    >>> cell_text(3.2), cell_text(2.0), cell_text(-0.5), cell_text(1e-7)
    ('3.2', '2', '-0.5', '1e-07')
    """
    return _number(value)


def format_rows(rows):
    """The inverse of :func:`parse_rows`: "10,-2,3;10,9,9", shortest exact form of each number.

    Parameters
    ----------
    rows : sequence of sequences of float, R rows of C numbers

    Returns
    -------
    str

    Examples
    --------
    >>> format_rows([[10.0, -2.0, 3.0], [10, 9, 9.5]])
    '10,-2,3;10,9,9.5'
    >>> parse_rows(format_rows([[0.1, 1e-07]]), None)
    ([[0.1, 1e-07]], None)
    """
    return ";".join(",".join(_number(v) for v in row) for row in rows)


def _number(v):
    # whole numbers without ".0"; from 1e15 on, repr's exponent form (int() would print spurious digits)
    v = float(v)
    return str(int(v)) if v == int(v) and abs(v) < 1e15 else repr(v)


def check_table(rows, *, columns=None, label_column=None, n_classes=None, limit=LIMIT):
    """Validate an edited table row by row.

    Parameters
    ----------
    rows : list of list of cells, R rows
        The raw cells, whatever the editor returned (str, numbers, None, NaN).
    columns : list of str, optional
        The columns' names in messages (default: "column 1", "column 2", ...).
    label_column : int, optional
        The index of a column of class indices: its cell must be a whole number in
        0..n_classes-1 and is returned as an int at the same position.
    n_classes : int, optional
        The number of classes, with `label_column`.
    limit : float, default LIMIT (1e6)
        The largest magnitude accepted in a cell.

    Returns
    -------
    list of R tuples
        (values, None) for a good row, its values as floats (the label an int), or
        (None, "Row 2, car is empty.") for a bad one: its first bad cell, as a sentence.

    Examples
    --------
    >>> rows = [["3.2", "5.1", "0"], ["1.3", "", "1"], ["1", "2", "3"]]
    >>> for row in check_table(rows, columns=["cat", "car", "label"], label_column=2, n_classes=3):
    ...     print(row)
    ([3.2, 5.1, 0], None)
    (None, 'Row 2, car is empty.')
    (None, 'Row 3, label is not a class index 0 to 2 (3).')
    """
    checked = []
    for i, cells in enumerate(rows, 1):
        values, why = [], None
        for j, cell in enumerate(cells):
            v, w = cell_to_float(cell, limit=limit)
            if w is None and j == label_column and (v != int(v) or not 0 <= v < n_classes):
                w = f"is not a class index 0 to {n_classes - 1} ({v:g})"
            if w is not None:
                name = columns[j] if columns else f"column {j + 1}"
                why = f"Row {i}, {name} {w}."
                break
            values.append(int(v) if j == label_column else v)
        checked.append((None, why) if why else (values, None))
    return checked
