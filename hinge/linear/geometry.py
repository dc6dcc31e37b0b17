"""The plane's geometry: where each class wins, each class's zero-score line and W's arrows.

The figure draws these; it computes nothing of them (see :func:`hinge.figures.linear.decision_figure`).
"""

from dataclasses import dataclass

import numpy as np

from hinge.linear.model import class_scores, objective, point_losses


def decision_grid(weights, bias, extent, *, resolution=80):
    """The winning class argmax_j s_j on a resolution × resolution grid over [-extent, extent]².

    Parameters
    ----------
    weights : ndarray of shape (C, 2)
    bias : ndarray of shape (C,)
    extent : float
    resolution : int

    Returns
    -------
    axis : ndarray of shape (resolution,)
    winners : ndarray of int of shape (resolution, resolution), rows along y
    """
    axis = np.linspace(-extent, extent, resolution)
    gx, gy = np.meshgrid(axis, axis)
    scores = np.column_stack([gx.ravel(), gy.ravel()]) @ weights.T + bias
    return axis, scores.argmax(axis=1).reshape(resolution, resolution)


def decision_regions(weights, bias, extent):
    """Where each class wins, exactly: the polygon {x in [-extent, extent]² : s_j(x) >= s_k(x) for all k}.

    A linear classifier's regions are convex: the view square cut by one half-plane
    (w_j - w_k)·x + (b_j - b_k) >= 0 per other class k. Drawn as polygons their edges are the
    true boundaries, not a grid's staircase, and cost C² cuts of a few vertices, not a grid.

    Returns a list of C arrays of shape (K, 2), each polygon's vertices in order around it
    (K = 0 where the class wins nowhere in view).

    Examples
    --------
    >>> left, right = decision_regions(np.array([[-1.0, 0.0], [1.0, 0.0]]), np.zeros(2), 2.0)
    >>> left.tolist()
    [[-2.0, -2.0], [0.0, -2.0], [0.0, 2.0], [-2.0, 2.0]]
    """
    e = float(extent)
    square = np.array([[-e, -e], [e, -e], [e, e], [-e, e]])
    regions = []
    for j in range(len(bias)):
        polygon = square
        for k in range(len(bias)):
            if k != j and len(polygon):  # a tie goes to the lower class, as argmax gives it
                polygon = _clip(polygon, weights[j] - weights[k], bias[j] - bias[k], strict=k < j)
        regions.append(polygon)
    return regions


def _clip(polygon, normal, offset, *, strict=False):
    """The part of a convex polygon where normal·x + offset >= 0, or > 0 (one Sutherland-Hodgman pass)."""
    values = polygon @ normal + offset
    inside = values > 0 if strict else values >= 0
    kept = []
    for i in range(len(polygon)):
        j = (i + 1) % len(polygon)
        if inside[i]:
            kept.append(polygon[i])
        if inside[i] != inside[j]:  # the edge crosses the boundary: keep the crossing
            kept.append(polygon[i] + values[i] / (values[i] - values[j]) * (polygon[j] - polygon[i]))
    return np.array(kept).reshape(-1, 2)


def view_extent(points, *, minimum=1.2, pad=1.3):
    """Half-width of a square view centred on the origin that shows every point with room around it.

    >>> view_extent(np.array([[0.5, -2.0]])), view_extent(np.empty((0, 2)))
    (2.6, 1.2)
    """
    return float(max(minimum, pad * np.abs(points).max())) if len(points) else minimum


def zero_line(w, b, extent):
    """The ends of the segment {x : w·x + b = 0} inside the square [-extent, extent]², or None.

    Parameters
    ----------
    w : ndarray of shape (2,)
    b : float
    extent : float

    Returns
    -------
    ndarray of shape (2, 2), one end a row, or None when the line misses the square (or w = 0).

    Examples
    --------
    >>> zero_line(np.array([1.0, 0.0]), -0.5, 2.0).tolist()
    [[0.5, -2.0], [0.5, 2.0]]
    """
    ends = []
    for axis in (0, 1):
        other = 1 - axis
        if abs(w[other]) < 1e-12:
            continue
        for edge in (-extent, extent):
            cross = -(b + w[axis] * edge) / w[other]
            if -extent - 1e-9 <= cross <= extent + 1e-9:
                point = [0.0, 0.0]
                point[axis], point[other] = edge, cross
                ends.append(point)
    ends = np.unique(np.round(ends, 12), axis=0) if ends else np.empty((0, 2))
    return ends[[0, -1]] if len(ends) >= 2 else None


def w_arrows(weights, bias, extent):
    """Each class's row of W as an arrow: from the point of its zero line closest to the origin (kept in
    the view), along w_j, the longest row 0.6·extent long.

    Parameters
    ----------
    weights : ndarray of shape (C, 2)
    bias : ndarray of shape (C,)
    extent : float

    Returns
    -------
    list of C entries: (foot, tip), each of shape (2,), or None for a zero row.

    Examples
    --------
    >>> foot, tip = w_arrows(np.array([[2.0, 0.0], [0.0, 0.0]]), np.array([-1.0, 0.0]), 1.0)[0]
    >>> foot.tolist(), tip.tolist()
    ([0.5, 0.0], [1.1, 0.0])
    """
    scale = 0.6 * extent / max(float(np.linalg.norm(weights, axis=1).max()), 1e-12)
    arrows = []
    for w, b in zip(weights, bias, strict=True):
        norm2 = float(w @ w)
        if norm2 > 1e-24:
            foot = np.clip(-b * w / norm2, -extent, extent)  # where the line is closest to the origin
            arrows.append((foot, foot + scale * w))
        else:
            arrows.append(None)
    return arrows


@dataclass(frozen=True)
class Snapshot:
    """Everything the page shows about one (W, b): per-point scores and losses, the gradient, the regions.

    Shapes: scores (N, C), point_losses (N,), grad_weights (C, 2), grad_bias (C,), grid (R,),
    winners (R, R); regions, zero_lines and arrows have one entry per class.
    """

    scores: np.ndarray
    point_losses: np.ndarray
    data_loss: float
    reg_loss: float
    grad_weights: np.ndarray
    grad_bias: np.ndarray
    grid: np.ndarray
    winners: np.ndarray
    regions: list  # each class's region as a polygon, see decision_regions
    zero_lines: list  # each class's zero-score line in view, see zero_line
    arrows: list  # each class's row of W, see w_arrows

    @property
    def extent(self):
        """Half-width of the square view."""
        return float(self.grid[-1])


def snapshot(points, labels, weights, bias, *, loss="weston_watkins", margin=1.0, reg=0.0, resolution=80):
    """A :class:`Snapshot` of the classifier (W, b) on `points`, regions over a view that shows them all.

    Parameters
    ----------
    points : ndarray of shape (N, 2)
    labels : ndarray of int of shape (N,)
    weights : ndarray of shape (C, 2)
    bias : ndarray of shape (C,)
    loss, margin, reg
        As for :func:`hinge.linear.model.objective`.
    resolution : int
        The side of the winners' grid.
    """
    scores = class_scores(points, weights, bias)
    data, reg_loss, grad_w, grad_b = objective(
        points, labels, weights, bias, loss=loss, margin=margin, reg=reg
    )
    extent = view_extent(points)
    grid, winners = decision_grid(weights, bias, extent, resolution=resolution)
    per_point = point_losses(scores, labels, loss=loss, margin=margin)
    regions = decision_regions(weights, bias, extent)
    lines = [zero_line(w, b, float(grid[-1])) for w, b in zip(weights, bias, strict=True)]
    arrows = w_arrows(weights, bias, float(grid[-1]))
    return Snapshot(scores, per_point, data, reg_loss, grad_w, grad_b, grid, winners, regions, lines, arrows)
