"""The `hinge` losses: the note's numbers, a plain-loop reference, gradients, invariances, bad input."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import hinge
from hinge import losses

import reference as ref

CIFAR = [[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]]  # cat, car, frog images
CIFAR_LABELS = [0, 1, 2]
CONTRAST = [[10, -2, 3], [10, 9, 9], [10, -100, -100]]  # the note's cross-entropy section


# --- the note's worked examples --------------------------------------------------------


def test_the_notes_cat_car_frog_losses_are_2_9_0_and_12_9():
    per_image = hinge.svm_loss(CIFAR, CIFAR_LABELS, reduction="none")
    assert per_image == pytest.approx([2.9, 0.0, 12.9], abs=1e-12)
    assert per_image[1] == 0.0  # exactly: the car's margins are all met


def test_the_notes_batch_loss_is_the_average_5_27():
    assert hinge.svm_loss(CIFAR, CIFAR_LABELS) == pytest.approx((2.9 + 0 + 12.9) / 3, abs=1e-12)
    assert round(hinge.svm_loss(CIFAR, CIFAR_LABELS), 2) == 5.27
    assert hinge.svm_loss(CIFAR, CIFAR_LABELS, reduction="sum") == pytest.approx(15.8, abs=1e-12)


def test_cat_terms_are_the_notes_red_values():
    assert hinge.svm_terms(CIFAR[0], 0).tolist() == pytest.approx([0.0, 2.9, 0.0], abs=1e-12)
    terms = hinge.svm_terms(CIFAR, CIFAR_LABELS)
    assert terms.shape == (3, 3)
    assert terms[2].tolist() == pytest.approx([6.3, 6.6, 0.0], abs=1e-12)


def test_one_example_returns_a_python_float():
    assert type(hinge.svm_loss(CIFAR[0], 0)) is float
    assert type(hinge.cross_entropy(CIFAR[0], 0)) is float
    assert type(hinge.svm_loss(CIFAR, CIFAR_LABELS)) is float


@pytest.mark.parametrize(("row", "expected"), [(CONTRAST[0], 0.000918), (CONTRAST[1], 0.551)])
def test_cross_entropy_of_the_notes_rows(row, expected):
    assert hinge.svm_loss(row, 0) == 0.0
    assert hinge.cross_entropy(row, 0) == pytest.approx(expected, rel=1e-3)


def test_cross_entropy_of_a_confident_row_is_tiny_but_never_zero():
    value = hinge.cross_entropy(CONTRAST[2], 0)
    assert value == pytest.approx(2 * math.exp(-110), rel=1e-12)  # log1p(2e^-110) = 3.38e-48
    assert f"{value:.3g}" == "3.38e-48"
    assert hinge.svm_loss(CONTRAST[2], 0) == 0.0


def test_cross_entropy_does_not_overflow_on_huge_scores():
    assert hinge.cross_entropy([1000, -1000, 0], 1) == 2000.0
    assert hinge.cross_entropy([1000, -1000, 0], 0) == pytest.approx(math.exp(-1000), abs=0)


def test_cross_entropy_batch_reductions():
    per_row = hinge.cross_entropy(CONTRAST, [0, 0, 0], reduction="none")
    assert per_row.tolist() == pytest.approx([0.000918, 0.551, 3.38e-48], rel=1e-3)
    assert hinge.cross_entropy(CONTRAST, [0, 0, 0]) == pytest.approx(per_row.mean(), rel=1e-15)
    assert hinge.cross_entropy(CONTRAST, [0, 0, 0], reduction="sum") == pytest.approx(per_row.sum())


def test_cross_entropy_gradient_is_never_exactly_zero_on_the_correct_score():
    g = hinge.cross_entropy_grad(CONTRAST[2], 0)
    assert g[0] == pytest.approx(-2 * math.exp(-110), rel=1e-12)
    assert g.sum() == pytest.approx(0, abs=1e-60)


def test_softmax_rows_sum_to_one_and_do_not_overflow():
    p = hinge.softmax([[1000.0, 0.0, -1000.0], [0.0, 0.0, 0.0]])
    assert p[0].tolist() == pytest.approx([1.0, math.exp(-1000), 0.0])
    assert p[1].tolist() == pytest.approx([1 / 3] * 3)


def test_crammer_singer_counts_only_the_highest_incorrect_score():
    assert hinge.svm_loss(CIFAR, CIFAR_LABELS, variant="crammer_singer", reduction="none").tolist() == (
        pytest.approx([2.9, 0.0, 6.6], abs=1e-12)
    )


def test_crammer_singer_tie_sends_the_gradient_to_the_lowest_class_index():
    g = hinge.svm_grad([0.0, 2.0, 2.0], 0, variant="crammer_singer")
    assert g.tolist() == [-1.0, 1.0, 0.0]


def test_gradient_of_the_cat_image():
    assert hinge.svm_grad(CIFAR[0], 0).tolist() == [-1.0, 1.0, 0.0]
    g = hinge.svm_grad(CIFAR, CIFAR_LABELS)  # mean: each row's gradient / 3
    assert g == pytest.approx(np.array([[-1 / 3, 1 / 3, 0], [0, 0, 0], [1 / 3, 1 / 3, -2 / 3]]))
    assert not np.signbit(g[1]).any()  # an inactive row is +0.0, not -0.0


def test_a_term_exactly_at_the_kink_has_zero_gradient():
    # s_j - s_y + margin == 0 exactly: the term is 0 and (strictly > 0) contributes nothing
    assert hinge.svm_grad([2.0, 1.0], 0).tolist() == [0.0, 0.0]
    assert hinge.svm_loss([2.0, 1.0], 0) == 0.0


def test_huge_scores_keep_the_margin():
    # s_j - (s_y - margin) would round the margin away at 1e308
    assert hinge.svm_loss([1e308, 1e308, 1.0], 0) == 1.0


def test_float32_and_lists_work():
    s32 = np.asarray(CIFAR, dtype=np.float32)
    assert hinge.svm_loss(s32, CIFAR_LABELS) == pytest.approx(5.2667, abs=1e-4)
    assert hinge.svm_grad(s32, CIFAR_LABELS).dtype == np.float32
    assert hinge.cross_entropy(s32, np.array(CIFAR_LABELS)) == pytest.approx(
        hinge.cross_entropy(CIFAR, CIFAR_LABELS), rel=1e-5
    )
    assert hinge.svm_loss([[1, 2], [3, 4]], [1, 0]) == 1.0  # int scores


def test_loss_and_grad_together_match_the_separate_calls():
    loss, grad = hinge.svm_loss_and_grad(CIFAR, CIFAR_LABELS, squared=True)
    assert loss == hinge.svm_loss(CIFAR, CIFAR_LABELS, squared=True)
    assert np.array_equal(grad, hinge.svm_grad(CIFAR, CIFAR_LABELS, squared=True))


# --- properties against the loop reference ------------------------------------------------

finite = st.floats(-50, 50, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 2))


@st.composite
def batches(draw, max_rows=6, max_classes=7):
    c = draw(st.integers(2, max_classes))
    n = draw(st.integers(1, max_rows))
    scores = draw(arrays(np.float64, (n, c), elements=finite))
    labels = draw(arrays(np.int64, (n,), elements=st.integers(0, c - 1)))
    return scores, labels


margins = st.floats(0, 5).map(lambda v: round(v, 1))
options = st.sampled_from(
    [("weston_watkins", False), ("weston_watkins", True), ("crammer_singer", False), ("crammer_singer", True)]
)


@given(batches(), margins, options)
def test_loss_matches_the_loop_reference(batch, margin, option):
    scores, labels = batch
    variant, squared = option
    got = hinge.svm_loss(scores, labels, margin=margin, variant=variant, squared=squared, reduction="none")
    want = [ref.svm_loss(list(r), y, margin, variant, squared) for r, y in zip(scores, labels, strict=True)]
    assert got.tolist() == pytest.approx(want, rel=1e-12, abs=1e-9)
    mean = hinge.svm_loss(scores, labels, margin=margin, variant=variant, squared=squared)
    assert mean == pytest.approx(sum(want) / len(want), rel=1e-12, abs=1e-9)


@given(batches(), margins, st.booleans())
def test_terms_match_the_loop_reference(batch, margin, squared):
    scores, labels = batch
    got = hinge.svm_terms(scores, labels, margin=margin, squared=squared)
    want = [ref.hinge_terms(list(r), y, margin, squared) for r, y in zip(scores, labels, strict=True)]
    assert got == pytest.approx(np.array(want), rel=1e-12, abs=1e-9)


@given(batches(), margins, options, st.sampled_from(["mean", "sum", "none"]))
def test_gradient_matches_the_loop_reference(batch, margin, option, reduction):
    scores, labels = batch
    variant, squared = option
    # the reference breaks Crammer-Singer ties like the package: lowest index
    got = hinge.svm_grad(scores, labels, margin=margin, variant=variant, squared=squared, reduction=reduction)
    want = np.array(
        [ref.svm_grad(list(r), y, margin, variant, squared) for r, y in zip(scores, labels, strict=True)]
    )
    if reduction == "mean":
        want /= len(labels)
    assert got.shape == scores.shape
    assert got == pytest.approx(want, rel=1e-12, abs=1e-9)


@given(batches(max_rows=3), margins, options)
@settings(max_examples=60)
def test_gradient_matches_finite_differences_away_from_the_kinks(batch, margin, option):
    scores, labels = batch
    variant, squared = option
    args = scores - scores[np.arange(len(labels)), labels][:, None] + margin
    args[np.arange(len(labels)), labels] = -1.0
    assume(np.abs(args).min() > 1e-3)  # no term at its kink
    if variant == "crammer_singer":  # nor a tie for the highest incorrect score
        masked = np.where(np.arange(scores.shape[1]) == labels[:, None], -np.inf, scores)
        top2 = np.sort(masked, axis=1)[:, -2:]
        assume(np.all(top2[:, 1] - top2[:, 0] > 1e-3))
    grad = hinge.svm_grad(scores, labels, margin=margin, variant=variant, squared=squared, reduction="sum")
    h = 1e-6
    for idx in np.ndindex(*scores.shape):
        up, down = scores.copy(), scores.copy()
        up[idx] += h
        down[idx] -= h
        kw = {"margin": margin, "variant": variant, "squared": squared, "reduction": "sum"}
        numeric = (hinge.svm_loss(up, labels, **kw) - hinge.svm_loss(down, labels, **kw)) / (2 * h)
        assert grad[idx] == pytest.approx(numeric, rel=1e-4, abs=1e-4)


@given(batches(max_rows=3))
@settings(max_examples=60)
def test_cross_entropy_gradient_matches_finite_differences(batch):
    scores, labels = batch
    scores = scores / 10  # keep the softmax away from 0/1, where differences lose every digit
    grad = hinge.cross_entropy_grad(scores, labels, reduction="sum")
    h = 1e-6
    for idx in np.ndindex(*scores.shape):
        up, down = scores.copy(), scores.copy()
        up[idx] += h
        down[idx] -= h
        numeric = (
            hinge.cross_entropy(up, labels, reduction="sum")
            - hinge.cross_entropy(down, labels, reduction="sum")
        ) / (2 * h)
        assert grad[idx] == pytest.approx(numeric, rel=1e-4, abs=1e-6)


@given(batches())
def test_cross_entropy_matches_the_loop_reference(batch):
    scores, labels = batch
    got = hinge.cross_entropy(scores, labels, reduction="none")
    want = [ref.cross_entropy(list(r), y) for r, y in zip(scores, labels, strict=True)]
    assert got.tolist() == pytest.approx(want, rel=1e-9, abs=1e-12)


@given(batches())
def test_softmax_and_the_cross_entropy_gradient_match_the_loop_reference(batch):
    scores, labels = batch
    want_p = [ref.softmax(list(r)) for r in scores]
    assert hinge.softmax(scores) == pytest.approx(np.array(want_p), rel=1e-9, abs=1e-300)
    want_g = [ref.cross_entropy_grad(list(r), y) for r, y in zip(scores, labels, strict=True)]
    grad = hinge.cross_entropy_grad(scores, labels, reduction="none")
    assert grad == pytest.approx(np.array(want_g), rel=1e-9, abs=1e-12)


@given(batches(), margins, options, st.integers(-20, 20))
def test_adding_a_constant_to_every_score_changes_nothing(batch, margin, option, shift):
    scores, labels = batch
    variant, squared = option
    kw = {"margin": margin, "variant": variant, "squared": squared, "reduction": "none"}
    # integer shifts of 2-decimal scores keep the differences exact up to rounding
    assert hinge.svm_loss(scores + shift, labels, **kw).tolist() == pytest.approx(
        hinge.svm_loss(scores, labels, **kw).tolist(), abs=1e-9
    )
    assert hinge.cross_entropy(scores + shift, labels, reduction="none").tolist() == pytest.approx(
        hinge.cross_entropy(scores, labels, reduction="none").tolist(), rel=1e-9, abs=1e-12
    )


@given(batches(), margins, options, st.randoms(use_true_random=False))
def test_permuting_the_classes_with_the_label_changes_nothing(batch, margin, option, rnd):
    scores, labels = batch
    variant, squared = option
    perm = list(range(scores.shape[1]))
    rnd.shuffle(perm)
    inverse = np.argsort(perm)  # new column k holds old class perm[k]
    kw = {"margin": margin, "variant": variant, "squared": squared, "reduction": "none"}
    assert hinge.svm_loss(scores[:, perm], inverse[labels], **kw).tolist() == pytest.approx(
        hinge.svm_loss(scores, labels, **kw).tolist(), rel=1e-12, abs=1e-12
    )


@given(batches(), margins, st.sampled_from(["weston_watkins", "crammer_singer"]), st.floats(0.01, 100))
def test_scaling_scores_and_margin_by_k_scales_the_loss_by_k(batch, margin, variant, k):
    scores, labels = batch
    kw = {"variant": variant, "reduction": "none"}
    scaled = hinge.svm_loss(k * scores, labels, margin=k * margin, **kw)
    assert scaled.tolist() == pytest.approx(
        (k * hinge.svm_loss(scores, labels, margin=margin, **kw)).tolist(), rel=1e-9, abs=1e-9
    )


@given(batches(), margins, options)
def test_loss_is_never_negative_and_zero_once_every_margin_is_met(batch, margin, option):
    scores, labels = batch
    variant, squared = option
    kw = {"margin": margin, "variant": variant, "squared": squared, "reduction": "none"}
    assert (hinge.svm_loss(scores, labels, **kw) >= 0).all()
    # lift each correct score to exactly margin above its highest rival: every margin met
    rows = np.arange(len(labels))
    rivals = np.where(np.arange(scores.shape[1]) == labels[:, None], -np.inf, scores).max(axis=1)
    met = scores.copy()
    met[rows, labels] = rivals + margin + 1.0
    assert hinge.svm_loss(met, labels, **kw).tolist() == [0.0] * len(labels)


def test_blocked_kernel_agrees_with_the_reference_across_block_boundaries(monkeypatch):
    monkeypatch.setattr(losses, "_BLOCK_ELEMENTS", 16)  # 16 // 5 = 3 rows a block, last one partial
    rng = np.random.default_rng(7)
    scores = rng.normal(size=(10, 5)).round(3)
    labels = rng.integers(0, 5, 10)
    for variant in ("weston_watkins", "crammer_singer"):
        for squared in (False, True):
            got = hinge.svm_loss(scores, labels, variant=variant, squared=squared, reduction="none")
            want = [
                ref.svm_loss(list(r), y, 1.0, variant, squared) for r, y in zip(scores, labels, strict=True)
            ]
            assert got.tolist() == pytest.approx(want, rel=1e-12)
            total = hinge.svm_loss(scores, labels, variant=variant, squared=squared, reduction="sum")
            assert total == pytest.approx(sum(want), rel=1e-12)
            grad = hinge.svm_grad(scores, labels, variant=variant, squared=squared, reduction="none")
            want_grad = [
                ref.svm_grad(list(r), y, 1.0, variant, squared) for r, y in zip(scores, labels, strict=True)
            ]
            assert grad == pytest.approx(np.array(want_grad), rel=1e-12)


def test_blocked_cross_entropy_agrees_with_the_reference_across_block_boundaries(monkeypatch):
    monkeypatch.setattr(losses, "_BLOCK_ELEMENTS", 16)  # 3 rows a block, last one partial
    scores = np.random.default_rng(8).normal(size=(10, 5)).round(3)
    scores[4] = [10, -100, -100, -100, 3]  # a confident row: its tiny loss survives in every block
    scores[7] = [2, 2, 0, 2, 1]  # a three-way tie at the top
    labels = np.array([0, 1, 2, 3, 0, 4, 1, 3, 2, 0])
    rows = list(zip(scores.tolist(), labels.tolist(), strict=True))
    got = hinge.cross_entropy(scores, labels, reduction="none")
    assert got.tolist() == pytest.approx([ref.cross_entropy(r, y) for r, y in rows], rel=1e-12)
    assert got[4] == pytest.approx(math.log1p(3 * math.exp(-110) + math.exp(-7)), rel=1e-12)
    grad = hinge.cross_entropy_grad(scores, labels, reduction="none")
    assert grad == pytest.approx(np.array([ref.cross_entropy_grad(r, y) for r, y in rows]), rel=1e-12)


def test_non_contiguous_input_gives_the_same_result():
    rng = np.random.default_rng(3)
    scores = rng.normal(size=(6, 4))
    labels = rng.integers(0, 4, 6)
    fortran = np.asfortranarray(scores)
    assert hinge.svm_grad(fortran, labels).tolist() == hinge.svm_grad(scores, labels).tolist()
    strided = np.repeat(scores, 2, axis=1)[:, ::2]
    assert hinge.svm_loss(strided, labels) == hinge.svm_loss(scores, labels)


# --- bad input: a clear ValueError, never a wrong number -----------------------------------

BAD = [
    ("nan score", [1.0, float("nan"), 2.0], 0, {}, "finite"),
    ("infinite score", [1.0, float("inf"), 2.0], 0, {}, "finite"),
    ("text scores", ["a", "b"], 0, {}, "numeric"),
    ("ragged rows", [[1, 2], [3]], [0, 0], {}, "rectangular"),
    ("3-D input", np.zeros((2, 2, 2)), [0, 0], {}, "shape"),
    ("a scalar", 3.0, 0, {}, "shape"),
    ("one class", [1.0], 0, {}, "at least 2 classes"),
    ("empty batch", np.zeros((0, 3)), [], {}, "empty batch"),
    ("float label", [1.0, 2.0], 1.0, {}, "integer"),
    ("bool label", [1.0, 2.0], True, {}, "integer"),
    ("text labels", [[1.0, 2.0]], ["a"], {}, "integer"),
    ("label out of range", [1.0, 2.0], 2, {}, "0..1"),
    ("negative label", [[1.0, 2.0]], [-1], {}, "0..1"),
    ("labels too short", [[1.0, 2.0], [3.0, 4.0]], [0], {}, "shape (2,)"),
    ("negative margin", [1.0, 2.0], 0, {"margin": -1}, "margin"),
    ("nan margin", [1.0, 2.0], 0, {"margin": float("nan")}, "margin"),
    ("infinite margin", [1.0, 2.0], 0, {"margin": float("inf")}, "margin"),
    ("text margin", [1.0, 2.0], 0, {"margin": "1"}, "margin must be a number"),
    ("unknown variant", [1.0, 2.0], 0, {"variant": "ovr"}, "variant must be one of"),
    ("unknown reduction", [1.0, 2.0], 0, {"reduction": "max"}, "reduction must be one of"),
]


@pytest.mark.parametrize(("case", "scores", "labels", "kw", "message"), BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("fn", [hinge.svm_loss, hinge.svm_grad])
def test_bad_input_raises_a_value_error_that_names_the_problem(fn, case, scores, labels, kw, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        fn(scores, labels, **kw)


@pytest.mark.parametrize(
    ("case", "scores", "labels", "kw", "message"), BAD[:14], ids=[b[0] for b in BAD[:14]]
)
@pytest.mark.parametrize("fn", [hinge.cross_entropy, hinge.cross_entropy_grad, hinge.svm_terms])
def test_bad_input_raises_in_every_function(fn, case, scores, labels, kw, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        fn(scores, labels)


def test_softmax_rejects_bad_scores():
    with pytest.raises(ValueError, match="finite"):
        hinge.softmax([1.0, float("nan")])
    with pytest.raises(ValueError, match="at least 2 classes"):
        hinge.softmax([[1.0], [2.0]])


def test_an_overflowing_sum_of_finite_scores_is_not_mistaken_for_infinity():
    # 1e308 + 1e308 overflows, yet every score is finite
    assert hinge.svm_loss([1e308, 1e308, 0.0], 0) == 1.0


@given(batches(), st.sampled_from(["mean", "sum", "none"]))
def test_cross_entropy_and_grad_together_match_the_separate_calls(batch, reduction):
    scores, labels = batch
    loss, grad = hinge.cross_entropy_and_grad(scores, labels, reduction=reduction)
    assert np.array_equal(loss, hinge.cross_entropy(scores, labels, reduction=reduction))
    assert np.array_equal(grad, hinge.cross_entropy_grad(scores, labels, reduction=reduction))
