"""Strict parsing of untrusted text: URL query values and table cells.

Every parser returns a clean value and, when the input was rejected, a short message
that says what was wrong and what is used instead. Nothing here raises on bad text.
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
    """(value, None) for a finite number within ±limit, else (None, why)."""
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
    """A number from a URL value in [lo, hi], else (default, message)."""
    value, why = cell_to_float(text)
    if why is None and not lo <= value <= hi:
        why = f"is out of range ({value:g}; expected {lo:g} to {hi:g})"
    if why is not None:
        return default, f"`{name}` {why}: using {default:g}."
    return value, None


def parse_int(text, default, *, lo, hi, name):
    """A whole number from a URL value in [lo, hi], else (default, message)."""
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

    Returns (rows, message); rows is `default` when anything is wrong.
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
    """`length` whole numbers in [lo, hi] from "0,2,1", else (default, message)."""
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

    Examples
    --------
    >>> cell_text(3.2), cell_text(2.0), cell_text(-0.5), cell_text(1e-7)
    ('3.2', '2', '-0.5', '1e-07')
    """
    return _number(value)


def format_rows(rows):
    """The inverse of :func:`parse_rows`: "10,-2,3;10,9,9", shortest exact form of each number."""
    return ";".join(",".join(_number(v) for v in row) for row in rows)


def _number(v):
    v = float(v)
    return str(int(v)) if v == int(v) and abs(v) < 1e15 else repr(v)


def check_table(rows, *, columns=None, label_column=None, n_classes=None, limit=LIMIT):
    """Validate an edited table row by row.

    `rows` is a list of lists of raw cells (whatever the editor returned). Returns a list,
    one entry per row, of (values, None) or (None, "Row 2, car is empty."); `columns` names
    the columns in messages (default: "column 1", "column 2", ...).
    When `label_column` is given, that cell must be a whole number in 0..n_classes-1 and is
    returned as an int at the same position.
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
