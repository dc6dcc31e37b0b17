"""hinge: the multi-class SVM (hinge) loss and softmax cross-entropy, exact and fast, in numpy.

The losses of :mod:`hinge.losses` are importable from the package itself (``hinge.svm_loss``);
the rest is in its modules: :mod:`hinge.note` (the note's data), :mod:`hinge.registry` (loss
names and formulas), :mod:`hinge.params` (untrusted link values and table cells), and the
compute modules behind each page.

Examples
--------
>>> import hinge
>>> round(hinge.svm_loss([[1.0, 2.0, 0.0]], [0]), 10)  # max(0, 2 - 1 + 1) + max(0, 0 - 1 + 1)
2.0
"""

__all__ = [
    "cross_entropy",
    "cross_entropy_and_grad",
    "cross_entropy_grad",
    "highest_incorrect",
    "log_sum_exp",
    "softmax",
    "svm_grad",
    "svm_loss",
    "svm_loss_and_grad",
    "svm_terms",
]


def __getattr__(name):
    """The losses, from hinge.losses on first use.

    Importing the package stays cheap: the app's first run sends its menu before numpy
    loads (see hinge.ui.navigation).
    """
    if name in __all__:
        from hinge import losses

        return getattr(losses, name)
    raise AttributeError(f"module 'hinge' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *__all__])
