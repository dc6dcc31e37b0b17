"""hinge: the multi-class SVM (hinge) loss and softmax cross-entropy, exact and fast, in numpy."""

from hinge.losses import (
    cross_entropy,
    cross_entropy_and_grad,
    cross_entropy_grad,
    softmax,
    svm_grad,
    svm_loss,
    svm_loss_and_grad,
    svm_terms,
)

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
