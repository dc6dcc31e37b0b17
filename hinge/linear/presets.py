"""The points the classifier learns from and where it starts: CS231n's demo, blobs, XOR.

Stanford CS231n's "linear classification loss visualization" demo gives the 9 points and the
starting W and b; the other presets are drawn from a seed, so a link reproduces them.
"""

import numpy as np

from hinge._checks import check_choice

PRESETS = {
    "classic": "CS231n's 9 points",
    "blobs": "Random blobs",
    "xor": "Not linearly separable (XOR)",
}
MAX_CLASSES = 5

# Stanford CS231n's "linear classification loss visualization" demo: its data and start.
CLASSIC_POINTS = np.array(
    [[0.5, 0.4], [0.8, 0.3], [0.3, 0.8],
     [-0.4, 0.3], [-0.3, 0.7], [-0.7, 0.2],
     [0.7, -0.4], [0.5, -0.6], [-0.4, -0.5]]
)  # fmt: skip
CLASSIC_LABELS = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])
CLASSIC_WEIGHTS = np.array([[1.0, 2.0], [2.0, -4.0], [3.0, -1.0]])
CLASSIC_BIAS = np.array([0.0, 0.5, -0.5])


def classic_points():
    """CS231n's demo data: 9 points, 3 classes of 3.

    Returns
    -------
    points : ndarray of shape (9, 2)
    labels : ndarray of int of shape (9,)
    """
    return CLASSIC_POINTS.copy(), CLASSIC_LABELS.copy()


def preset_points(preset, *, n_points=60, n_classes=3, spread=0.3, seed=0):
    """Points and labels of one of :data:`PRESETS`; blobs use the other options.

    Parameters
    ----------
    preset : {"classic", "blobs", "xor"}
    n_points, n_classes, spread, seed
        For "blobs" only, see :func:`blob_points`.

    Returns
    -------
    points : ndarray of shape (N, 2)
    labels : ndarray of int of shape (N,)

    Examples
    --------
    >>> preset_points("xor")[0].shape, preset_points("blobs", n_points=7)[1].tolist()
    ((12, 2), [0, 1, 2, 0, 1, 2, 0])
    """
    check_choice("preset", preset, tuple(PRESETS))
    if preset == "classic":
        return classic_points()
    if preset == "xor":
        return xor_points()
    return blob_points(n_points, n_classes, spread=spread, seed=seed)


def blob_points(n_points, n_classes, *, spread=0.3, seed=0):
    """`n_points` points in `n_classes` round Gaussian blobs, centres evenly on a circle of radius 1.5,
    rounded to 2 decimals.

    Point i belongs to class i mod n_classes, so the classes are as equal as they can be.

    Parameters
    ----------
    n_points : int >= 1
    n_classes : int, 2 to :data:`MAX_CLASSES`
    spread : float
        The standard deviation of each blob.
    seed : int

    Returns
    -------
    points : ndarray of shape (n_points, 2)
    labels : ndarray of int of shape (n_points,)

    Examples
    --------
    >>> points, labels = blob_points(6, 3, seed=1)
    >>> points.shape, labels.tolist()
    ((6, 2), [0, 1, 2, 0, 1, 2])
    """
    if not 2 <= n_classes <= MAX_CLASSES or n_points < 1:
        raise ValueError(f"need 2 to {MAX_CLASSES} classes and at least 1 point. Got {n_classes}, {n_points}")
    rng = np.random.default_rng(seed)
    labels = np.arange(n_points) % n_classes
    angle = 2 * np.pi * np.arange(n_classes) / n_classes + np.pi / 2
    centres = 1.5 * np.column_stack([np.cos(angle), np.sin(angle)])
    points = centres[labels] + spread * rng.standard_normal((n_points, 2))
    return points.round(2), labels  # 2 decimals: they read well in the table and fit in a link


def xor_points():
    """Two classes in opposite quadrants (XOR): no line separates them, the best is 3 of 4 clusters.

    Returns
    -------
    points : ndarray of shape (12, 2)
    labels : ndarray of int of shape (12,)
    """
    offsets = np.array([[0.0, 0.0], [0.15, 0.1], [-0.1, 0.15]])
    corners = np.array([[0.6, 0.6], [-0.6, -0.6], [-0.6, 0.6], [0.6, -0.6]])
    points = (corners[:, None, :] + offsets[None, :, :] * np.sign(corners)[:, None, :]).reshape(-1, 2)
    return points, np.repeat([0, 0, 1, 1], 3)


def class_count(preset_labels, labels, *, preset_classes=None):
    """How many classes the classifier scores: the preset's (`preset_classes`, else its labels'),
    or more when an edited point has a higher class.

    Examples
    --------
    >>> class_count([0, 1, 2], [0, 4]), class_count([0, 1], [0], preset_classes=3)
    (5, 3)
    """
    preset_classes = int(np.max(preset_labels)) + 1 if preset_classes is None else preset_classes
    return max(preset_classes, int(np.max(labels)) + 1)


def initial_parameters(n_classes, *, seed=None):
    """Starting W and b: CS231n's start for 3 classes and no seed, zeros for seed "zeros",
    else uniform W in [-2, 2] and b in [-1, 1] from the seed, rounded to 2 decimals so they read well.

    Parameters
    ----------
    n_classes : int
    seed : None, "zeros" or int

    Returns
    -------
    weights : ndarray of shape (n_classes, 2)
    bias : ndarray of shape (n_classes,)

    Examples
    --------
    >>> initial_parameters(3)[0].tolist()
    [[1.0, 2.0], [2.0, -4.0], [3.0, -1.0]]
    """
    if seed is None and n_classes == 3:
        return CLASSIC_WEIGHTS.copy(), CLASSIC_BIAS.copy()
    if seed == "zeros":
        return np.zeros((n_classes, 2)), np.zeros(n_classes)
    rng = np.random.default_rng(0 if seed is None else seed)
    return rng.uniform(-2, 2, (n_classes, 2)).round(2), rng.uniform(-1, 1, n_classes).round(2)


def points_from_rows(rows):
    """Table rows (x1, x2, class) as points and labels.

    Returns
    -------
    points : ndarray of shape (N, 2)
    labels : ndarray of int of shape (N,)
    """
    table = np.asarray(rows, dtype=float).reshape(-1, 3)
    return table[:, :2], table[:, 2].astype(int)


def point_rows(points, labels):
    """The inverse of :func:`points_from_rows`: one row [x1, x2, class] a point, as Python numbers.

    >>> point_rows(np.array([[0.5, 0.4]]), np.array([2]))
    [[0.5, 0.4, 2]]
    """
    return [[x, y, int(c)] for (x, y), c in zip(points.tolist(), labels, strict=True)]


def parameter_rows(weights, bias):
    """W (C, 2) and b (C,) as table rows [w1, w2, b], one per class."""
    return np.column_stack([weights, bias]).tolist()


def parameters_from_rows(rows):
    """The inverse of :func:`parameter_rows`.

    Returns
    -------
    weights : ndarray of shape (C, 2)
    bias : ndarray of shape (C,)
    """
    table = np.asarray(rows, dtype=float).reshape(-1, 3)
    return table[:, :2], table[:, 2]
