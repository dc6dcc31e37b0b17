r"""A linear classifier s = Wx + b on 2-D points, trained by full-batch gradient descent.

Five losses (four hinge losses and softmax cross-entropy), L2 regularization and a deterministic
training loop. The multi-class hinge losses and cross-entropy come from :mod:`hinge.losses`; the
one-vs-all binary hinge lives here. Loss keys are those of :mod:`hinge.registry` (cross-entropy
by its alias "softmax", as the training page's link has always spelled it).

The objective is the CS231n one (:data:`hinge.registry.OBJECTIVE`): mean data loss + λ·ΣW²
(the bias is not regularized).
"""

from dataclasses import dataclass

import numpy as np

from hinge._checks import REDUCTIONS, check_choice, check_inputs, check_margin
from hinge.losses import cross_entropy, cross_entropy_and_grad, svm_loss, svm_loss_and_grad

# The losses this module trains with, in the page's menu order; names and formulas: hinge.registry.
LOSSES = ("weston_watkins", "crammer_singer", "one_vs_all", "squared_hinge", "softmax")


def class_scores(points, weights, bias):
    """Scores s = Wx + b of every point.

    Parameters
    ----------
    points : ndarray of shape (N, 2)
    weights : ndarray of shape (C, 2)
    bias : ndarray of shape (C,)

    Returns
    -------
    ndarray of shape (N, C)
    """
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

    >>> from hinge import note
    >>> loss, grad = one_vs_all_loss_and_grad(*note.IMAGES["cat"])
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
    """Mean data loss of a batch and its gradient with respect to the scores.

    Parameters
    ----------
    scores : ndarray of shape (N, C)
    labels : ndarray of int of shape (N,)
    loss : one of :data:`LOSSES`
    margin : float
        Δ (softmax has none).

    Returns
    -------
    (loss, grad): a float and the gradient, of shape (N, C).
    """
    if loss == "softmax":
        return cross_entropy_and_grad(scores, labels)
    if loss == "one_vs_all":
        return one_vs_all_loss_and_grad(scores, labels, margin=margin)
    return svm_loss_and_grad(scores, labels, margin=margin, **_svm_options(loss))


def point_losses(scores, labels, *, loss="weston_watkins", margin=1.0):
    """Every point's own data loss L_i, an ndarray of shape (N,); the arguments as for
    :func:`data_loss_and_grad`."""
    if loss == "softmax":
        return cross_entropy(scores, labels, reduction="none")
    if loss == "one_vs_all":
        return one_vs_all_loss_and_grad(scores, labels, margin=margin, reduction="none")[0]
    return svm_loss(scores, labels, margin=margin, reduction="none", **_svm_options(loss))


def _svm_options(loss):
    """The arguments of :func:`hinge.svm_loss` that make it the multi-class SVM loss `loss`."""
    check_choice("loss", loss, LOSSES)
    variant = "crammer_singer" if loss == "crammer_singer" else "weston_watkins"
    return {"variant": variant, "squared": loss == "squared_hinge"}


def objective(points, labels, weights, bias, *, loss="weston_watkins", margin=1.0, reg=0.0):
    r"""Data loss, regularization loss λ·ΣW², and the gradient of their sum.

    Parameters
    ----------
    points : ndarray of shape (N, 2)
    labels : ndarray of int of shape (N,)
    weights : ndarray of shape (C, 2)
    bias : ndarray of shape (C,)
    loss : one of :data:`LOSSES`
    margin, reg : float
        Δ and the regularization strength λ.

    Returns
    -------
    data_loss : float
    reg_loss : float
    grad_weights : ndarray of shape (C, 2)
    grad_bias : ndarray of shape (C,)

    Examples
    --------
    CS231n's demo at its start (Weston-Watkins, Δ = 1, λ = 0.1):

    >>> from hinge.linear.presets import classic_points, initial_parameters
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
    >>> from hinge.linear.presets import classic_points, initial_parameters
    >>> points, labels = classic_points()
    >>> run = train(points, labels, *initial_parameters(3), steps=100, reg=0.1)
    >>> round(float(run.total_loss[0]), 4), bool(run.total_loss[-1] < 1)
    (6.2667, True)
    """
    points, labels, weights, bias = _checked(points, labels, weights, bias, steps, loss, reg, step_size)
    options = {"loss": loss, "margin": check_margin(margin), "reg": float(reg), "step_size": float(step_size)}
    return _descend(points, labels, weights, bias, steps, **options)


def continue_training(run, points, labels, *, steps, **options):
    """`run` trained for `steps` more steps with the same data and options: a longer Run.

    Parameters
    ----------
    run : Run
        A run of :func:`train` on `points` and `labels`; a diverged run is returned as it is.
    points : ndarray of shape (N, 2)
    labels : ndarray of int of shape (N,)
    steps : int >= 0
    **options
        The options of :func:`train` the run was trained with.
    """
    if run.diverged:
        return run
    more = train(points, labels, run.weights, run.bias, steps=steps, **options)
    history = (
        np.concatenate([old[:-1], new]) for old, new in zip(_history(run), _history(more), strict=True)
    )
    return Run(more.weights, more.bias, *history, diverged=more.diverged)


def train_to(previous, points, labels, weights, bias, *, steps, **options):
    """The run of `steps` steps from (weights, bias), reusing `previous` (a shorter run of the same
    problem, or None) so an animation costs one step a frame, not the whole run again.

    Parameters
    ----------
    previous : Run or None
        Only a run of the same points, labels, start and options may be given (see
        :func:`hinge.linear.training.run_key`); a longer one is not used.
    points, labels, weights, bias, steps, **options
        As for :func:`train`.

    Returns
    -------
    Run, the same as ``train(points, labels, weights, bias, steps=steps, **options)``.
    """
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
    check_choice("loss", loss, LOSSES)
    if not (isinstance(steps, (int, np.integer)) and steps >= 0):
        raise ValueError(f"steps must be a whole number >= 0. Got {steps!r}")
    if not (np.isfinite(reg) and reg >= 0 and np.isfinite(step_size) and step_size > 0):
        raise ValueError(f"reg must be >= 0 and step_size > 0. Got {reg}, {step_size}")
    return points, labels, weights, bias


def stopped_improving(total_loss, *, window=20, rel_tol=1e-4):
    """True once the total loss fell by less than rel_tol (relative) over the last `window` steps.

    Parameters
    ----------
    total_loss : array-like of shape (T + 1,)
        The total loss at steps 0..T.
    window : int
    rel_tol : float

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
