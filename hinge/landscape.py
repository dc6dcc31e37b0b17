"""The loss over two scores: a grid of the loss as two scores move, the others fixed.

The questions page draws it as a 3-D surface or a heat map: the hinge's kinks are creases
where a term switches on, its flat floor is where every margin is met; cross-entropy has
neither.
"""

from dataclasses import dataclass

import numpy as np

from hinge import experiments_text as text
from hinge._checks import check_choice, check_inputs
from hinge.losses import cross_entropy, svm_loss
from hinge.registry import LOSSES, VARIANTS

LANDSCAPE_LOSSES = (*VARIANTS, "cross_entropy")  # the landscape's losses, in its switch's order


@dataclass(frozen=True)
class Landscape:
    """The loss over a grid of two scores, the other scores fixed."""

    xs: np.ndarray  # (n,) values of score x_class
    ys: np.ndarray  # (n,) values of score y_class
    z: np.ndarray  # (n, n) loss, z[i, j] at (xs[j], ys[i])
    point: tuple  # (x, y, loss) of the current scores
    loss: str
    zero_share: float  # share of the grid where the loss is exactly 0
    z_min: float  # the smallest loss on the grid

    @property
    def name(self):
        """The loss's full name (:mod:`hinge.registry`)."""
        return LOSSES[self.loss].name

    @property
    def title(self):
        return text.landscape_title(self.loss)

    @property
    def finding(self):
        return text.landscape(self)


def loss_landscape(scores, label, *, x_class, y_class, loss="weston_watkins", margin=1.0, span=6.0, n=61):
    """The loss over a grid of two scores (centred on the current ones), the others fixed.

    Parameters
    ----------
    scores : array-like of shape (C,)
    label : int
    x_class, y_class : int
        The two classes whose scores span the grid; different.
    loss : one of LANDSCAPE_LOSSES, default "weston_watkins"
    margin : float, default 1.0
    span : float, default 6.0
        The grid reaches this far either side of each current score.
    n : int, default 61
        Grid points along each axis.

    Returns
    -------
    Landscape
        The grid's axes (shape (n,) each) and losses (shape (n, n)).

    Examples
    --------
    >>> from hinge.note import IMAGES
    >>> land = loss_landscape(*IMAGES["cat"], x_class=0, y_class=1)
    >>> land.z.shape, round(land.point[2], 10), round(100 * land.zero_share, 2)
    ((61, 61), 2.9, 29.05)
    """
    s, y, _ = check_inputs(scores, label)
    s, label = s[0].astype(np.float64), int(y[0])
    check_choice("loss", loss, LANDSCAPE_LOSSES)
    if x_class == y_class or not (0 <= x_class < s.size and 0 <= y_class < s.size):
        raise ValueError(f"x_class and y_class must be two different classes 0 to {s.size - 1}")
    xs = np.linspace(s[x_class] - span, s[x_class] + span, n)
    ys = np.linspace(s[y_class] - span, s[y_class] + span, n)
    gx, gy = np.meshgrid(xs, ys)
    rows = np.repeat(s[None, :], n * n, axis=0)
    rows[:, x_class], rows[:, y_class] = gx.ravel(), gy.ravel()
    labels = np.full(n * n, label)
    if loss == "cross_entropy":
        z, here = cross_entropy(rows, labels, reduction="none"), cross_entropy(s, label)
    else:
        z = svm_loss(rows, labels, margin=margin, variant=loss, reduction="none")
        here = svm_loss(s, label, margin=margin, variant=loss)
    z = z.reshape(n, n)
    point = (float(s[x_class]), float(s[y_class]), float(here))
    return Landscape(xs, ys, z, point, loss, float((z == 0).mean()), float(z.min()))
