r"""A linear classifier s = Wx + b on 2-D points, trained by full-batch gradient descent.

Data presets, the model, five losses (four hinge losses and softmax cross-entropy), L2
regularization and a deterministic training loop. The multi-class hinge losses and
cross-entropy come from :mod:`hinge.losses`; the one-vs-all binary hinge lives here.

The objective is the CS231n one: mean data loss + λ·ΣW² (the bias is not regularized).
"""

from dataclasses import dataclass

import numpy as np

from hinge._checks import REDUCTIONS, check_choice, check_inputs, check_margin
from hinge.losses import cross_entropy, cross_entropy_and_grad, svm_loss, svm_loss_and_grad
from hinge.params import _shorten, cell_to_float

LOSSES = {
    "weston_watkins": "Weston-Watkins multiclass SVM",
    "crammer_singer": "Crammer-Singer (structured SVM)",
    "one_vs_all": "One-vs-all binary hinge",
    "squared_hinge": "Squared hinge (L2-SVM)",
    "softmax": "Softmax cross-entropy",
}
PRESETS = {
    "classic": "CS231n's 9 points",
    "blobs": "Random blobs",
    "xor": "Not linearly separable (XOR)",
}
MAX_CLASSES = 5
MAX_STEPS = 3000

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
    """CS231n's demo data: 9 points, 3 classes of 3. Returns (points (9, 2), labels (9,))."""
    return CLASSIC_POINTS.copy(), CLASSIC_LABELS.copy()


def preset_points(preset, *, n_points=60, n_classes=3, spread=0.3, seed=0):
    """Points and labels of one of :data:`PRESETS`; blobs use the other options."""
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

    Returns (points (12, 2), labels (12,)).
    """
    offsets = np.array([[0.0, 0.0], [0.15, 0.1], [-0.1, 0.15]])
    corners = np.array([[0.6, 0.6], [-0.6, -0.6], [-0.6, 0.6], [0.6, -0.6]])
    points = (corners[:, None, :] + offsets[None, :, :] * np.sign(corners)[:, None, :]).reshape(-1, 2)
    return points, np.repeat([0, 0, 1, 1], 3)


def initial_parameters(n_classes, *, seed=None):
    """Starting W (C, 2) and b (C,): CS231n's start for 3 classes and no seed, zeros for seed "zeros",
    else uniform W in [-2, 2] and b in [-1, 1] from the seed, rounded to 2 decimals so they read well.

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
    """Table rows (x1, x2, class) as points of shape (N, 2) and integer labels of shape (N,)."""
    table = np.asarray(rows, dtype=float).reshape(-1, 3)
    return table[:, :2], table[:, 2].astype(int)


def parameter_rows(weights, bias):
    """W and b as table rows (w1, w2, b), one per class."""
    return np.column_stack([weights, bias]).tolist()


def parameters_from_rows(rows):
    """The inverse of :func:`parameter_rows`: W of shape (C, 2) and b of shape (C,)."""
    table = np.asarray(rows, dtype=float).reshape(-1, 3)
    return table[:, :2], table[:, 2]


def class_scores(points, weights, bias):
    """Scores s = Wx + b of every point: shape (N, C)."""
    return points @ weights.T + bias


def one_vs_all_loss_and_grad(scores, labels, *, margin=1.0, reduction="mean"):
    r"""One-vs-all binary hinge: every class is its own two-class SVM with targets t = ±1.

    L_i = sum_j max(0, Δ - t_ij s_j), with t_ij = +1 for the correct class j = y_i and -1
    otherwise. Unlike the multi-class hinge, scores are pushed to absolute levels (above Δ
    for the correct class, below -Δ for the rest), not only apart from each other.

    Parameters
    ----------
    scores : array-like of shape (C,) or (N, C)
    labels : int, or array-like of int of shape (N,)
    margin : float, default 1.0
    reduction : {"mean", "sum", "none"}

    Returns
    -------
    (loss, grad): the loss as in :func:`hinge.svm_loss`, and its subgradient with respect to
    the scores (a term counts where its argument is strictly > 0), of the shape of `scores`.

    Examples
    --------
    The note's cat: max(0, 1 - 3.2) + max(0, 1 + 5.1) + max(0, 1 - 1.7) = 0 + 6.1 + 0

    >>> loss, grad = one_vs_all_loss_and_grad([3.2, 5.1, -1.7], 0)
    >>> round(loss, 10), grad.tolist()
    (6.1, [0.0, 1.0, 0.0])
    """
    s, y, single = check_inputs(scores, labels)
    margin = check_margin(margin)
    check_choice("reduction", reduction, REDUCTIONS)
    n, c = s.shape
    at_label = np.arange(0, n * c, c) + y  # flat index of each row's correct score
    terms = s + margin  # an incorrect class: Δ + s_j
    flat_terms = terms.reshape(-1)
    flat_terms[at_label] = margin - s.reshape(-1)[at_label]  # the correct class: Δ - s_y
    np.maximum(terms, 0, out=terms)
    grad = (terms > 0).astype(s.dtype)
    flat_grad = grad.reshape(-1)
    flat_grad[at_label] = 0 - flat_grad[at_label]  # 0 - x: no -0.0
    if single:
        return float(terms.sum()), grad[0]
    if reduction == "none":
        return terms @ np.ones(c), grad
    if reduction == "sum":
        return float(terms.sum()), grad
    grad /= n
    return float(terms.sum()) / n, grad


def data_loss_and_grad(scores, labels, *, loss="weston_watkins", margin=1.0):
    """Mean data loss of a batch and its gradient with respect to the scores, for any of :data:`LOSSES`."""
    if loss == "softmax":
        return cross_entropy_and_grad(scores, labels)
    if loss == "one_vs_all":
        return one_vs_all_loss_and_grad(scores, labels, margin=margin)
    check_choice("loss", loss, tuple(LOSSES))
    variant = "crammer_singer" if loss == "crammer_singer" else "weston_watkins"
    return svm_loss_and_grad(scores, labels, margin=margin, variant=variant, squared=loss == "squared_hinge")


def point_losses(scores, labels, *, loss="weston_watkins", margin=1.0):
    """Every point's own data loss L_i, shape (N,)."""
    if loss == "softmax":
        return cross_entropy(scores, labels, reduction="none")
    if loss == "one_vs_all":
        return one_vs_all_loss_and_grad(scores, labels, margin=margin, reduction="none")[0]
    check_choice("loss", loss, tuple(LOSSES))
    variant = "crammer_singer" if loss == "crammer_singer" else "weston_watkins"
    squared = loss == "squared_hinge"
    return svm_loss(scores, labels, margin=margin, variant=variant, squared=squared, reduction="none")


def objective(points, labels, weights, bias, *, loss="weston_watkins", margin=1.0, reg=0.0):
    r"""Data loss, regularization loss λ·ΣW², and the gradient of their sum.

    Returns
    -------
    (data_loss, reg_loss, grad_weights (C, 2), grad_bias (C,))

    Examples
    --------
    CS231n's demo at its start (Weston-Watkins, Δ = 1, λ = 0.1):

    >>> points, labels = classic_points()
    >>> w, b = initial_parameters(3)
    >>> data, reg, gw, gb = objective(points, labels, w, b, reg=0.1)
    >>> round(data, 4), round(reg, 4)
    (2.7667, 3.5)
    """
    inputs, params, reg_mask = _augmented(points, weights, bias, reg)
    _, data, reg_loss, grad = _evaluate(inputs, labels, params, reg_mask, loss, margin)
    return data, reg_loss, grad[:, :2], grad[:, 2]


def _augmented(points, weights, bias, reg):
    """Points with a column of ones and [W | b]: s = Wx + b becomes one matrix product."""
    inputs = np.column_stack([points, np.ones(len(points))])
    params = np.column_stack([weights, bias])
    reg_mask = np.zeros_like(params)
    reg_mask[:, :2] = 2 * reg  # d/dW of λ·ΣW² is 2λW; the bias is not regularized
    return inputs, params, reg_mask


def _evaluate(inputs, labels, params, reg_mask, loss, margin, scores=None):
    """Scores, data loss, regularization loss and the gradient with respect to [W | b]."""
    scores = inputs @ params.T if scores is None else scores
    data, grad_scores = data_loss_and_grad(scores, labels, loss=loss, margin=margin)
    reg_grad = reg_mask * params
    return scores, data, 0.5 * float(np.vdot(params, reg_grad)), grad_scores.T @ inputs + reg_grad


@dataclass(frozen=True)
class Run:
    """A training run: parameters after `steps` steps and the history at steps 0..steps.

    data_loss, reg_loss and accuracy have `steps + 1` entries; entry t is measured at the
    parameters after t steps. A run that diverged has fewer steps than were asked for.
    """

    weights: np.ndarray
    bias: np.ndarray
    data_loss: np.ndarray
    reg_loss: np.ndarray
    accuracy: np.ndarray
    diverged: bool = False  # the steps overflowed: the run stops at its last finite state

    @property
    def steps(self):
        return len(self.data_loss) - 1

    @property
    def total_loss(self):
        return self.data_loss + self.reg_loss


def train(points, labels, weights, bias, *, steps, loss="weston_watkins", margin=1.0, reg=0.0, step_size=0.1):
    r"""`steps` full-batch gradient steps W <- W - step_size · dL/dW (and the same for b).

    Deterministic: the same inputs give bit-for-bit the same run, and continuing a run with
    :func:`continue_training` gives exactly what training for the total number of steps gives.

    Parameters
    ----------
    points : ndarray of shape (N, 2)
    labels : ndarray of int of shape (N,), each in 0..C-1
    weights : ndarray of shape (C, 2)
    bias : ndarray of shape (C,)
    steps : int >= 0
    loss : one of :data:`LOSSES`
    margin, reg, step_size : float
        Δ, the regularization strength λ (>= 0) and the step size (> 0).

    Returns
    -------
    Run

    Examples
    --------
    >>> points, labels = classic_points()
    >>> run = train(points, labels, *initial_parameters(3), steps=100, reg=0.1)
    >>> round(float(run.total_loss[0]), 4), bool(run.total_loss[-1] < 1)
    (6.2667, True)
    """
    points, labels, weights, bias = _checked(points, labels, weights, bias, steps, loss, reg, step_size)
    options = {"loss": loss, "margin": check_margin(margin), "reg": float(reg), "step_size": float(step_size)}
    return _descend(points, labels, weights, bias, steps, **options)


def continue_training(run, points, labels, *, steps, **options):
    """`run` trained for `steps` more steps with the same data and options: a longer Run."""
    if run.diverged:
        return run
    more = train(points, labels, run.weights, run.bias, steps=steps, **options)
    history = (
        np.concatenate([old[:-1], new]) for old, new in zip(_history(run), _history(more), strict=True)
    )
    return Run(more.weights, more.bias, *history, diverged=more.diverged)


def train_to(previous, points, labels, weights, bias, *, steps, **options):
    """The run of `steps` steps from (weights, bias), reusing `previous` (a shorter run of the same
    problem, or None) so an animation costs one step a frame, not the whole run again."""
    if previous is not None and previous.steps <= steps and (previous.steps < steps or not previous.diverged):
        return continue_training(previous, points, labels, steps=steps - previous.steps, **options)
    return train(points, labels, weights, bias, steps=steps, **options)


def _history(run):
    return run.data_loss, run.reg_loss, run.accuracy


def _descend(points, labels, weights, bias, steps, *, loss, margin, reg, step_size):
    data_loss, reg_loss, accuracy = np.empty(steps + 1), np.empty(steps + 1), np.empty(steps + 1)
    inputs, params, reg_mask = _augmented(points, weights, bias, reg)
    t, scores, previous, diverged = 0, inputs @ params.T, None, False
    with np.errstate(over="ignore", invalid="ignore"):
        while True:
            _, data, regularization, grad = _evaluate(inputs, labels, params, reg_mask, loss, margin, scores)
            if not np.isfinite(data + regularization):  # overflow: stop at the last finite state
                if previous is None:
                    raise ValueError("the loss overflows at the start: use smaller points or weights")
                params, t, diverged = previous, t - 1, True
                break
            data_loss[t], reg_loss[t] = data, regularization
            accuracy[t] = np.count_nonzero(scores.argmax(axis=1) == labels)
            if t == steps:
                break
            previous, params = params, params - step_size * grad
            scores = inputs @ params.T
            t += 1
            if not np.isfinite(scores.sum()):
                params, t, diverged = previous, t - 1, True
                break
    accuracy /= len(labels)
    weights, bias = np.ascontiguousarray(params[:, :2]), params[:, 2].copy()
    return Run(weights, bias, data_loss[: t + 1], reg_loss[: t + 1], accuracy[: t + 1], diverged=diverged)


def _checked(points, labels, weights, bias, steps, loss, reg, step_size):
    points = np.asarray(points, dtype=np.float64)
    weights = np.asarray(weights, dtype=np.float64)
    bias = np.asarray(bias, dtype=np.float64)
    if points.ndim != 2 or points.shape[1] != 2 or len(points) == 0:
        raise ValueError(f"points must have shape (N, 2) with N >= 1. Got {points.shape}")
    c = weights.shape[0] if weights.ndim == 2 else 0
    if weights.shape != (c, 2) or c < 2 or bias.shape != (c,):
        raise ValueError(
            f"weights must be (C, 2) and bias (C,) with C >= 2. Got {weights.shape} and {bias.shape}"
        )
    if not (np.isfinite(points).all() and np.isfinite(weights).all() and np.isfinite(bias).all()):
        raise ValueError("points, weights and bias must be finite")
    _, labels, _ = check_inputs(np.zeros((len(points), c)), labels)
    check_choice("loss", loss, tuple(LOSSES))
    if not (isinstance(steps, (int, np.integer)) and steps >= 0):
        raise ValueError(f"steps must be a whole number >= 0. Got {steps!r}")
    if not (np.isfinite(reg) and reg >= 0 and np.isfinite(step_size) and step_size > 0):
        raise ValueError(f"reg must be >= 0 and step_size > 0. Got {reg}, {step_size}")
    return points, labels, weights, bias


def stopped_improving(total_loss, *, window=20, rel_tol=1e-4):
    """True once the total loss fell by less than rel_tol (relative) over the last `window` steps.

    Examples
    --------
    >>> stopped_improving([3.0] * 30), stopped_improving(list(range(30, 0, -1)))
    (True, False)
    """
    total_loss = np.asarray(total_loss)
    if len(total_loss) <= window:
        return False
    before, now = total_loss[-window - 1], total_loss[-1]
    return bool(before - now <= rel_tol * max(abs(now), 1e-12))


# The page's training controls: Step, +N, Run/Pause, Reset, as pure rules on where the training is -----
@dataclass(frozen=True)
class Training:
    """Where the page's training is: the step shown, whether Run is on, and why the last Run stopped.

    The page keeps one of these in its session and changes it only through the functions below,
    never through a widget's value: a Run's frames and a number box that the browser sends back
    late cannot disagree about the step (see :func:`after_frame`).
    """

    step: int = 0
    running: bool = False
    stopped: str | None = None  # why the last Run stopped, to say once


def go_to(training, step):
    """`training` at `step`, clipped to 0..MAX_STEPS.

    >>> go_to(Training(), 5000).step, go_to(Training(step=3), -2).step
    (3000, 0)
    """
    return Training(int(min(max(int(step), 0), MAX_STEPS)), training.running, training.stopped)


def typed(training, shown, value):
    """The step `value` typed into a Step box that showed step `shown`.

    Taken only when the box showed the current step: a browser can send the value of an older
    box late (a Run's frame it had not drawn yet), which must not take the step back.

    >>> typed(Training(step=195), 195, 40).step, typed(Training(step=195, running=True), 190, 190)
    (40, Training(step=195, running=True, stopped=None))
    """
    return go_to(training, value) if shown == training.step else training


def step_by(training, steps):
    """`steps` steps ahead (the Step and +N buttons).

    >>> step_by(Training(step=10), 5)
    Training(step=15, running=False, stopped=None)
    """
    return go_to(training, training.step + int(steps))


def reset(training):
    """Back to step 0, paused."""
    return Training()


def toggle_run(training):
    """Run on (from where it is) or off; a new Run forgets why the last one stopped."""
    return Training(training.step, not training.running, None)


def frame(training, steps):
    """One frame of a Run: `steps` steps ahead while running, else unchanged.

    >>> frame(Training(step=170, running=True), 5).step, frame(Training(step=170), 5).step
    (175, 170)
    """
    return step_by(training, steps) if training.running else training


def after_frame(training, runs):
    """The Run's stop rule, on the runs computed at `training.step`: paused at that very step once
    the last step is reached or every run diverged or stopped improving, else unchanged.

    The step is kept as computed: the state that ends a Run is the last step computed.

    >>> points, labels = classic_points()
    >>> run = train(points, labels, *initial_parameters(3), steps=200)
    >>> after_frame(Training(step=200, running=True), [run])
    Training(step=200, running=False, stopped='Stopped at step 200: the loss stopped improving.')
    """
    if not training.running:
        return training
    if training.step >= MAX_STEPS:
        return Training(training.step, False, f"Stopped at step {training.step}: the last step.")
    if all(r.diverged or stopped_improving(r.total_loss) for r in runs):
        return Training(training.step, False, f"Stopped at step {training.step}: the loss stopped improving.")
    return training


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


def decision_grid(weights, bias, extent, *, resolution=80):
    """The winning class argmax_j s_j on a resolution × resolution grid over [-extent, extent]².

    Returns (axis values (resolution,), winners (resolution, resolution) of int, rows along y).
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
    """Half-width of a square view centred on the origin that shows every point with room around it."""
    return float(max(minimum, pad * np.abs(points).max())) if len(points) else minimum


@dataclass(frozen=True)
class Snapshot:
    """Everything the page shows about one (W, b): per-point scores and losses, the gradient, the regions."""

    scores: np.ndarray
    point_losses: np.ndarray
    data_loss: float
    reg_loss: float
    grad_weights: np.ndarray
    grad_bias: np.ndarray
    grid: np.ndarray
    winners: np.ndarray
    regions: list  # each class's region as a polygon, see decision_regions


def snapshot(points, labels, weights, bias, *, loss="weston_watkins", margin=1.0, reg=0.0, resolution=80):
    """A :class:`Snapshot` of the classifier (W, b) on `points`, regions over a view that shows them all."""
    scores = class_scores(points, weights, bias)
    data, reg_loss, grad_w, grad_b = objective(
        points, labels, weights, bias, loss=loss, margin=margin, reg=reg
    )
    extent = view_extent(points)
    grid, winners = decision_grid(weights, bias, extent, resolution=resolution)
    per_point = point_losses(scores, labels, loss=loss, margin=margin)
    regions = decision_regions(weights, bias, extent)
    return Snapshot(scores, per_point, data, reg_loss, grad_w, grad_b, grid, winners, regions)


# Direct manipulation: points picked, moved, added and deleted by clicking the plane -------------------------
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
    raw = 2 * extent / cells
    power = 10.0 ** np.floor(np.log10(raw))
    step = power * min((m for m in (1, 2, 5, 10) if m * power >= raw - 1e-12), default=10)
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
    picked = picked if isinstance(picked, int) and 0 <= picked < len(rows) else None
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
