"""hinge: the multi-class SVM (hinge) loss and softmax cross-entropy, exact and fast, in numpy."""

__all__ = [
    "cross_entropy",
    "cross_entropy_and_grad",
    "cross_entropy_grad",
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
