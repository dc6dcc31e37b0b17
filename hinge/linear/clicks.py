"""Direct manipulation: points picked, moved, added and deleted by clicking the plane.

Pure rules on the points table's rows ([x1, x2, class] each). A click comes as the chart's selection
state, the dict Streamlit's ``st.plotly_chart(on_select=...)`` hands over; reading it is here, next
to what the click does, so the page only passes it on.
"""

import numpy as np

from hinge.linear.presets import MAX_CLASSES
from hinge.ticks import nice_step

MAX_COORDINATE = 100.0  # the points table's limit


def click_grid(extent, *, cells=24):
    """Coordinates along each axis of the invisible grid that makes the plane clickable.

    A round step (1, 2 or 5 times a power of ten) giving about `cells` cells across [-extent, extent],
    so a click lands on tidy coordinates.

    Examples
    --------
    >>> click_grid(1.2).tolist()[:3], len(click_grid(1.2))
    ([-1.2, -1.1, -1.0], 25)
    """
    step = nice_step(2 * extent / cells, multiples=(1, 2, 5))
    k = int(np.floor(extent / step + 1e-9))
    return (np.arange(-k, k + 1) * step).round(10)


def _coordinate(value):
    value = float(value)
    if not (np.isfinite(value) and abs(value) <= MAX_COORDINATE):
        raise ValueError(f"a coordinate must be finite and within ±{MAX_COORDINATE:g}. Got {value}")
    return round(value, 2) + 0.0  # 2 decimals, as the table shows them; + 0.0: no -0.0


def _checked_index(rows, index):
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < len(rows):
        raise IndexError(f"no point {index!r}: there are {len(rows)}")
    return int(index)


def move_point(rows, index, x, y):
    """Table rows (x1, x2, class) with point `index` moved to (x, y), rounded to 2 decimals; a new list.

    Examples
    --------
    >>> move_point([[0, 0, 1], [1, 1, 0]], 1, 0.504, -0.2)
    [[0, 0, 1], [0.5, -0.2, 0]]
    """
    index = _checked_index(rows, index)
    moved = [list(row) for row in rows]
    moved[index][:2] = [_coordinate(x), _coordinate(y)]
    return moved


def add_point(rows, x, y, label, *, n_classes=MAX_CLASSES):
    """Table rows with a point of class `label` added at (x, y) at the end; a new list.

    Examples
    --------
    >>> add_point([[0, 0, 1]], 0.25, 1, 2)
    [[0, 0, 1], [0.25, 1.0, 2]]
    """
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= label < n_classes:
        raise ValueError(f"the class must be a whole number in 0..{n_classes - 1}. Got {label!r}")
    return [list(row) for row in rows] + [[_coordinate(x), _coordinate(y), int(label)]]


def remove_point(rows, index):
    """Table rows without point `index`; a new list.

    Examples
    --------
    >>> remove_point([[0, 0, 1], [1, 1, 0]], 0)
    [[1, 1, 0]]
    """
    index = _checked_index(rows, index)
    return [list(row) for i, row in enumerate(rows) if i != index]


def _clicked_point(rows, point):
    """The index of the data point a chart click selected, if it is still that point of `rows`, else None."""
    custom = point.get("customdata")
    if isinstance(custom, dict):  # Streamlit hands a typed array over as {"0": ..., "1": ...}
        custom = [custom.get("0")]
    try:
        whole = isinstance(custom, (list, tuple)) and float(custom[0]).is_integer()
        index = int(custom[0]) if whole else None
        x, y = float(point["x"]), float(point["y"])
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    if index is None or not 0 <= index < len(rows) or not np.allclose(rows[index][:2], [x, y], atol=1e-9):
        return None  # a stale click: the data changed since the chart was drawn
    return index


def kept_pick(picked, n_rows):
    """The picked point's index while it is one of `n_rows` points, else None.

    >>> kept_pick(2, 3), kept_pick(3, 3), kept_pick(None, 3)
    (2, None, None)
    """
    return picked if isinstance(picked, int) and 0 <= picked < n_rows else None


def after_delete(rows, index, picked):
    """What Delete does: (rows without point `index` and no point picked), or (None, `picked`) when
    `index` is no point of `rows` or it is the last point left.

    >>> after_delete([[0, 0, 1], [1, 1, 0]], 1, 1), after_delete([[0, 0, 1]], 0, 0)
    (([[0, 0, 1]], None), (None, 0))
    """
    if isinstance(index, int) and 0 <= index < len(rows) and len(rows) > 1:
        return remove_point(rows, index), None
    return None, picked


def after_click(rows, picked, selection, *, add_label=None):
    """What a click on the plane does: (new rows or None when they are unchanged, the picked point).

    A click on a data point picks it (a second click on it lets it go). A click elsewhere on the plane
    moves the picked point there, or, with `add_label`, adds a point of that class there (and picks it).
    Anything else (no point, several, a stale index, a click outside, bad values) changes nothing.

    Parameters
    ----------
    rows : list of [x1, x2, class]
        The points as the chart showed them.
    picked : int or None
        The picked point's index.
    selection : dict
        The chart's selection state: ``{"selection": {"points": [{"x", "y", "customdata", ...}]}}``;
        data points carry their index as ``customdata[0]`` (a list, or Streamlit's ``{"0": index, ...}``),
        the plane's click grid has no customdata.
    add_label : int or None

    Examples
    --------
    >>> rows = [[0.5, 0.4, 0], [-0.4, 0.3, 1]]
    >>> after_click(rows, None, {"selection": {"points": [{"x": -0.4, "y": 0.3, "customdata": [1, 0.0]}]}})
    (None, 1)
    >>> after_click(rows, 1, {"selection": {"points": [{"x": 0.2, "y": -0.6}]}})
    ([[0.5, 0.4, 0], [0.2, -0.6, 1]], 1)
    """
    picked = kept_pick(picked, len(rows))
    try:
        points = selection["selection"]["points"]
    except (KeyError, TypeError):
        return None, picked
    if not isinstance(points, list) or len(points) != 1 or not isinstance(points[0], dict):
        return None, picked
    point = points[0]
    if point.get("customdata") is not None:
        index = _clicked_point(rows, point)
        if index is None:
            return None, picked
        return None, None if index == picked else index
    try:
        if add_label is not None:
            return add_point(rows, point["x"], point["y"], add_label), len(rows)
        if picked is not None:
            return move_point(rows, picked, point["x"], point["y"]), picked
    except (KeyError, TypeError, ValueError, IndexError):
        pass
    return None, picked
