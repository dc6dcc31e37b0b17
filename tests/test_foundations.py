"""One home for each idea: the note's data, the loss registry, log-sum-exp, highest incorrect, nice steps."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import hinge
from hinge import note, registry
from hinge.losses import highest_incorrect, log_sum_exp
from hinge.ticks import nice_step


def test_the_notes_images_give_the_notes_losses():
    losses = hinge.svm_loss(note.BATCH, note.BATCH_LABELS, reduction="none")
    assert losses.round(10).tolist() == list(note.IMAGE_LOSSES) == [2.9, 0.0, 12.9]
    assert round(hinge.svm_loss(note.BATCH, note.BATCH_LABELS), 2) == round(note.BATCH_MEAN, 2) == 5.27
    assert [note.CLASS_NAMES[label] for _, label in note.IMAGES.values()] == list(note.IMAGES)


def test_the_notes_cross_entropy_rows_have_svm_loss_zero():
    assert hinge.svm_loss(note.CE_ROWS, note.CE_LABELS, reduction="none").tolist() == [0.0, 0.0, 0.0]
    assert f"{hinge.cross_entropy(note.CE_ROWS[2], note.CE_LABELS[2]):.3g}" == "3.38e-48"


def test_every_variant_of_the_registry_is_a_variant_of_svm_loss():
    assert registry.VARIANTS == ("weston_watkins", "crammer_singer")
    for key in registry.VARIANTS:
        assert hinge.svm_loss([3.2, 5.1, -1.7], 0, variant=key) == pytest.approx(2.9)
    with pytest.raises(ValueError, match="variant"):
        hinge.svm_loss([3.2, 5.1, -1.7], 0, variant="one_vs_all")


def test_registry_names_are_unique_and_found():
    for field in ("name", "short", "label", "latex"):
        values = [getattr(loss, field) for loss in registry.LOSSES.values()]
        assert len(set(values)) == len(values), field
    assert registry.get("softmax") is registry.LOSSES["cross_entropy"]
    assert registry.by_short("Weston-Watkins").key == "weston_watkins"
    with pytest.raises(ValueError, match="unknown loss"):
        registry.get("hinge")


def test_log_sum_exp_of_huge_and_tiny_scores():
    assert log_sum_exp([1000.0, 1000.0]) == pytest.approx(1000 + math.log(2))
    assert log_sum_exp([-1000.0, -1000.0, -1000.0]) == pytest.approx(-1000 + math.log(3))
    assert log_sum_exp([0.0, -np.inf]) == 0.0
    with pytest.raises(ValueError):
        log_sum_exp([0.0, np.nan])


@given(arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(2, 6)), elements=st.floats(-50, 50)))
def test_log_sum_exp_matches_a_plain_loop(s):
    expected = [math.log(sum(math.exp(v) for v in row)) for row in s]
    assert log_sum_exp(s) == pytest.approx(expected, rel=1e-12, abs=1e-12)


@given(
    arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(2, 6)), elements=st.integers(-3, 3)),
    st.data(),
)
def test_highest_incorrect_matches_a_plain_loop(s, data):
    labels = np.array([data.draw(st.integers(0, s.shape[1] - 1)) for _ in range(s.shape[0])])
    values, classes = highest_incorrect(s, labels)
    for i, (row, y) in enumerate(zip(s, labels, strict=True)):
        best = max(
            j for j in range(len(row)) if j != y and all(row[j] >= row[k] for k in range(len(row)) if k != y)
        )
        first = min(j for j in range(len(row)) if j != y and row[j] == row[best])
        assert (values[i], classes[i]) == (row[first], first)


def test_highest_incorrect_of_the_cat_image():
    assert highest_incorrect(*note.IMAGES["cat"]) == (5.1, 1)


@pytest.mark.parametrize(
    ("rough", "options", "expected"),
    [(8.1 / 40, {}, 0.25), (81 / 40, {}, 2.5), (0.05, {}, 0.05), (0.1, {"multiples": (1, 2, 5)}, 0.1),
     (0.33, {"multiples": (1, 2, 5), "smallest": 1}, 1),
     (146.7, {"multiples": (1, 2, 5), "smallest": 1}, 200),
     (3.0, {"multiples": (1, 2, 5)}, 5), (6.0, {"multiples": (1, 2, 5)}, 10)],
)  # fmt: skip
def test_nice_step(rough, options, expected):
    assert nice_step(rough, **options) == expected
