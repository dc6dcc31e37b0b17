"""hinge.compare and its figures: the note's cross-entropy section, number by number.

References are the plain loops of tests/reference.py, in Python's `decimal` at 60 digits where
float64 is not enough: exact enough to check a cross-entropy of 10^-868, which float64 stores as 0.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hinge
from hinge import compare, compare_controls, compare_table, compare_text, logspace, note
from hinge.figures import compare as figures

import reference as ref

NOTE = [list(r) for r in note.CE_ROWS]


scores_rows = st.lists(
    st.floats(-1000, 1000, allow_nan=False).map(lambda v: round(v, 3)), min_size=2, max_size=6
)


# --- the note's numbers ---------------------------------------------------------------------------


def test_note_rows_have_svm_loss_zero_and_the_cross_entropies_of_the_note():
    c = compare.compare_rows(NOTE, [0, 0, 0])
    assert c.svm.tolist() == [0.0, 0.0, 0.0]
    assert [
        compare_text.format_value(v, lg) for v, lg in zip(c.cross_entropy, c.log10_cross_entropy, strict=True)
    ] == [
        "0.000918",
        "0.551",
        "3.38e-48",
    ]
    assert c.cross_entropy[0] == pytest.approx(math.log1p(math.exp(-12) + math.exp(-7)), rel=1e-15)
    assert c.cross_entropy[1] == pytest.approx(math.log1p(2 * math.exp(-1)), rel=1e-15)
    assert c.cross_entropy[2] == pytest.approx(3.3778e-48, rel=1e-4)
    assert c.lead.tolist() == [7.0, 1.0, 110.0]


def test_cross_entropy_that_underflows_is_shown_as_a_power_of_ten_from_log_space():
    assert hinge.cross_entropy([1000, -1000, -1000], 0) == 0.0  # float64 cannot hold it
    log_ce = logspace.log10_cross_entropy([1000, -1000, -1000], 0)
    assert log_ce == pytest.approx(ref.log10_cross_entropy([1000, -1000, -1000], 0), abs=1e-12)
    assert log_ce == pytest.approx(-868.2879, abs=1e-4)
    assert compare_text.format_value(0.0, log_ce) == "5.15e-869"
    c = compare.compare_rows([[1000, -1000, -1000]], [0])
    examples = compare_table.check_examples([[1000, -1000, -1000, 0]], 3, class_names="abc")
    table = compare_text.results_table(c, examples)
    assert table[0]["cross-entropy"] == "5.15e-869"
    assert table[0]["p(correct)"] == "1 − 5.15e-869"
    table = compare_text.probabilities_table(c, examples, "abc")
    assert table[0]["p(a)"] == "1 − 5.15e-869"
    assert table[0]["p(b)"] == "2.58e-869"


def test_format_value_matches_python_g_format_until_float64_runs_out():
    for v in (0.551, 0.000918, 3.3778e-48, 12.9, 2.0, 1e-300):
        assert compare_text.format_value(v) == f"{v:.3g}"
    assert compare_text.format_value(0.0) == "0"
    assert compare_text.format_value(0.0, -868.0) == "1e-868"
    assert compare_text.format_value(0.0, math.log10(9.996) - 400) == "1e-399"  # mantissa rounds up to 10


@settings(max_examples=200, deadline=None)
@given(st.floats(-5000, -300), st.integers(2, 4))
def test_format_value_from_logs_reads_the_same_as_decimal_scientific(log10_value, digits):
    text = compare_text.format_value(0.0, log10_value, digits=digits)
    mantissa, exponent = text.split("e")
    assert 1 <= float(mantissa) < 10
    assert float(mantissa) * 10 ** (int(exponent) - math.floor(log10_value)) == pytest.approx(
        10 ** (log10_value - math.floor(log10_value)), rel=10 ** (1 - digits)
    )


# --- log space against the decimal loop ------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(scores_rows, st.data())
def test_log10_cross_entropy_matches_a_decimal_loop_even_where_float64_underflows(row, data):
    y = data.draw(st.integers(0, len(row) - 1))
    expected = ref.log10_cross_entropy(row, y)
    assert logspace.log10_cross_entropy(row, y) == pytest.approx(expected, rel=1e-9, abs=1e-9)
    ce = hinge.cross_entropy(row, y)
    if ce > 1e-300:  # where hinge's value is a normal float, both agree
        assert math.log10(ce) == pytest.approx(expected, rel=1e-9, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(scores_rows, st.data())
def test_log10_softmax_and_the_correct_gradient_match_a_decimal_loop(row, data):
    y = data.draw(st.integers(0, len(row) - 1))
    np.testing.assert_allclose(logspace.log10_softmax(row), ref.log10_softmax(row), rtol=1e-9, atol=1e-9)
    assert logspace.log10_correct_grad(row, y) == pytest.approx(
        ref.log10_one_minus_p(row, y), rel=1e-9, abs=1e-9
    )


def test_batch_log10_cross_entropy_is_the_row_by_row_value():
    rows = [[10, -2, 3], [1000, -1000, -1000], [0, 0, 0]]
    assert logspace.log10_cross_entropy(rows, [0, 0, 2]).tolist() == [
        logspace.log10_cross_entropy(r, y) for r, y in zip(rows, [0, 0, 2], strict=True)
    ]


@settings(max_examples=100, deadline=None)
@given(scores_rows, st.data())
def test_lead_is_the_correct_score_minus_the_highest_other(row, data):
    y = data.draw(st.integers(0, len(row) - 1))
    assert compare.lead(row, y) == row[y] - max(s for j, s in enumerate(row) if j != y)


# --- nudge ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("eps", [0.5, -0.5, 0.01, 2.0])
@pytest.mark.parametrize("target", [None, 1, 2])
def test_nudging_a_note_row_leaves_svm_at_exactly_zero_while_cross_entropy_moves(eps, target):
    n = compare.nudge([10, -100, -100], 0, eps=eps, target=target, seed=3)
    assert (n.svm_before, n.svm_after, n.svm_change) == (0.0, 0.0, 0.0)
    assert n.cross_entropy_ratio != 1.0
    assert n.cross_entropy_after != n.cross_entropy_before
    assert "exactly 0" in compare_text.nudge_finding(n)


def test_nudge_ratio_is_exact_where_both_cross_entropies_underflow():
    n = compare.nudge([1000, -1000, -1000], 0, eps=1.0, target=1)
    assert n.cross_entropy_before == n.cross_entropy_after == 0.0
    assert n.cross_entropy_ratio == pytest.approx((math.e + 1) / 2, rel=1e-9)


def test_seeded_noise_is_reproducible_and_bounded_by_eps():
    a = compare.nudge([10, 9, 9], 0, eps=0.3, seed=7)
    b = compare.nudge([10, 9, 9], 0, eps=0.3, seed=7)
    np.testing.assert_array_equal(a.after, b.after)
    assert np.abs(a.after - a.before).max() <= 0.3
    assert not np.array_equal(a.after, compare.nudge([10, 9, 9], 0, eps=0.3, seed=8).after)


def test_nudge_that_breaks_a_margin_changes_the_svm_loss_and_says_so():
    n = compare.nudge([10, 9, 9], 0, eps=0.5, target=1)
    assert n.svm_after == 0.5
    assert "broke a margin" in compare_text.nudge_finding(n)
    n = compare.nudge(compare.CAT_ROW, 0, eps=0.5, target=1)
    assert "2.9 to 3.4: a margin is not met" in compare_text.nudge_finding(n)


# --- curves against the lead ----------------------------------------------------------------------


@pytest.mark.parametrize("n_classes", [2, 3, 10])
@pytest.mark.parametrize("margin", [0.0, 1.0, 2.5])
def test_lead_curves_hinge_is_zero_from_the_margin_and_cross_entropy_never(n_classes, margin):
    c = compare.lead_curves(-3, 120, n_classes, margin=margin)
    expected_svm = [(n_classes - 1) * max(0.0, margin - x) for x in c.svm_x]
    np.testing.assert_allclose(c.svm, expected_svm, atol=1e-12)
    assert len(c.svm_x) <= 3  # kinks only: the hinge is piecewise linear
    past = c.ce_x >= margin
    assert (c.svm_dense[past] == 0).all()
    assert (c.cross_entropy[c.ce_x < 30] > 0).all()
    assert np.isfinite(c.log10_cross_entropy).all()
    assert (np.diff(c.log10_cross_entropy) < 0).all()  # falls forever
    np.testing.assert_allclose(c.cross_entropy, np.log1p((n_classes - 1) * np.exp(-c.ce_x)), rtol=1e-12)


def test_correct_grad_curves_hinge_steps_to_exactly_zero_and_cross_entropy_stays_negative():
    g = compare.correct_grad_curves(-3, 120, 3, margin=1.0)
    assert g.svm_x.tolist() == [-3.0, 1.0, 1.0, 120.0]
    assert g.svm.tolist() == [-2.0, -2.0, 0.0, 0.0]
    assert np.isfinite(g.log10_cross_entropy).all()
    assert (g.cross_entropy[g.ce_x < 30] < 0).all()
    assert g.log10_cross_entropy[-1] == pytest.approx(ref.log10_one_minus_p([120, 0, 0], 0), abs=1e-9)


def test_table_rows_gradient_on_the_correct_score_hinge_zero_cross_entropy_not():
    c = compare.compare_rows(NOTE, [0, 0, 0])
    assert c.svm_correct_grad.tolist() == [0.0, 0.0, 0.0]
    assert (c.cross_entropy_correct_grad < 0).all()
    assert f"{c.cross_entropy_correct_grad[2]:.3g}" == "-3.38e-48"


def test_a_row_whose_lead_is_the_margin_sits_on_the_kink_with_an_interval_of_subgradients():
    c = compare.compare_rows(NOTE, [0, 0, 0])
    assert c.svm_correct_subgradient.tolist() == [[0.0, 0.0], [-2.0, 0.0], [0.0, 0.0]]  # [10,9,9]: lead 1 = Δ
    cs = compare.compare_rows(NOTE, [0, 0, 0], variant="crammer_singer")
    assert cs.svm_correct_subgradient[1].tolist() == [-1.0, 0.0]  # one term only
    # computed, not a fixed row: with Δ = 7 the first row ([10,-2,3], lead 7) is the one on the kink
    wide = compare.compare_rows(NOTE, [0, 0, 0], margin=7.0)
    assert wide.svm_correct_subgradient.tolist() == [[-1.0, 0.0], [-2.0, -2.0], [0.0, 0.0]]
    # each end is the one-sided slope of the loss along s_y
    for side, h in ((0, -1e-6), (1, 1e-6)):
        moved = [10 + h, 9, 9]
        slope = (hinge.svm_loss(moved, 0) - hinge.svm_loss([10, 9, 9], 0)) / h
        assert slope == pytest.approx(c.svm_correct_subgradient[1][side], abs=1e-6)


def _note_examples(margin=1.0, rows=NOTE):
    ex = compare_table.check_examples([[*r, 0] for r in rows], 3, class_names=("cat", "car", "frog"))
    return compare.compare_rows(ex.scores, ex.labels, margin=margin), ex


def test_the_findings_say_row_2_sits_on_the_kink_and_the_others_are_past_it():
    c, ex = _note_examples()
    lead_text = compare_text.lead_finding(c, ex, margin=1.0)
    assert (
        "rows 1 and 3 are past it and row 2 sits exactly on it, at the kink, all with SVM loss 0" in lead_text
    )
    assert "it never reaches 0, whatever the lead" in lead_text and "0 at no lead" not in lead_text
    grad_text = compare_text.grad_finding(c, ex)
    assert "row 2: SVM sits on a kink, its subgradient is the whole interval [−2, 0]" in grad_text
    assert "row 1: SVM exactly 0, cross-entropy −0.000917" in grad_text  # past the margin: 0, no interval
    assert "row 3: SVM exactly 0," in grad_text
    assert "the training below uses 0" in grad_text
    assert "(row 2 by exactly 1: it sits on the hinge's kink)" in compare_text.rows_finding(c, ex, margin=1.0)


def test_with_no_row_on_the_kink_the_findings_mention_none():
    c, ex = _note_examples(margin=2.0)  # [10,9,9] now misses the margin
    assert "kink" not in compare_text.lead_finding(c, ex, margin=2.0) + compare_text.grad_finding(c, ex)
    assert "rows 1 and 3 are past it, all with SVM loss 0." in compare_text.lead_finding(c, ex, margin=2.0)
    assert "row 2: SVM −2," in compare_text.grad_finding(c, ex)
    c, ex = _note_examples(rows=[[10, -2, 3]])
    assert "row 1 is past it, with SVM loss 0." in compare_text.lead_finding(c, ex, margin=1.0)


# --- training the scores --------------------------------------------------------------------------


def test_training_under_svm_stops_once_margins_are_met_and_cross_entropy_keeps_moving():
    svm = compare.train_scores(compare.CAT_ROW, 0, loss="svm", lr=0.1, steps=200)
    ce = compare.train_scores(compare.CAT_ROW, 0, loss="cross_entropy", lr=0.1, steps=200)
    assert svm.stopped_at == 15
    assert svm.loss[15:].tolist() == [0.0] * 186
    assert (svm.scores[15:] == svm.scores[15]).all()
    assert svm.last_move == 0.0
    assert ce.stopped_at is None and ce.last_move > 0
    leads = compare.lead(ce.scores, np.zeros(201, dtype=int))
    assert (np.diff(leads) > 0).all()  # drifting apart at every step
    assert (np.diff(ce.loss) < 0).all() and (ce.loss > 0).all()


def test_training_a_row_that_already_meets_its_margins_never_moves_under_svm():
    run = compare.train_scores([10, 9, 9], 0, loss="svm", lr=0.5, steps=50)
    assert run.stopped_at == 0
    assert (run.scores == [10, 9, 9]).all()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-5, 5).map(lambda v: round(v, 2)), min_size=2, max_size=5),
    st.data(),
    st.sampled_from([0.05, 0.1, 0.3]),
)
def test_svm_training_matches_a_plain_loop(row, data, lr):
    y = data.draw(st.integers(0, len(row) - 1))
    run = compare.train_scores(row, y, loss="svm", lr=lr, steps=25)
    s = [float(v) for v in row]
    for t in range(25):
        g = ref.svm_grad(s, y, 1.0)
        s = [a - lr * b for a, b in zip(s, g, strict=True)]
        np.testing.assert_allclose(run.scores[t + 1], s, atol=1e-9)


def test_training_finding_reports_the_stop_and_the_drift():
    svm = compare.train_scores(compare.CAT_ROW, 0, loss="svm", lr=0.1, steps=100)
    ce = compare.train_scores(compare.CAT_ROW, 0, loss="cross_entropy", lr=0.1, steps=100)
    text = compare_text.training_finding(svm, ce, 0)
    assert "met at step 15" in text and "remaining 85 steps" in text and "never stops" in text


# --- scale ----------------------------------------------------------------------------------------


def test_scaling_changes_cross_entropy_but_svm_stays_zero_once_margins_are_comfortably_met():
    curves = compare.scale_curves(NOTE, [0, 0, 0], k_max=10)
    for curve, lead in zip(curves, [7, 1, 110], strict=True):
        zero_from = 1 / lead
        assert (curve.svm_dense[curve.ce_x >= zero_from + 1e-9] == 0).all()
        assert (curve.svm_dense[curve.ce_x < zero_from - 1e-9] > 0).all()
        assert np.isfinite(curve.log10_cross_entropy).all()
        assert (np.diff(curve.log10_cross_entropy) < 0).all()  # sharper softmax, smaller loss
    svm, ce, _ = compare.scale_at(NOTE, [0, 0, 0], k=2.0)
    assert svm.tolist() == [0.0, 0.0, 0.0]
    assert ce[1] == pytest.approx(math.log1p(2 * math.exp(-2)), rel=1e-14)
    text = compare_text.scale_finding(NOTE, [0, 0, 0], [1, 2, 3], k=2.0, margin=1.0, variant="weston_watkins")
    assert "row 2: SVM 0, 0 for every k ≥ 1;" in text


def test_scale_curves_give_the_svm_at_its_kinks_only():
    (c,) = compare.scale_curves([[10, -2, 3]], [0], k_max=1)
    assert c.svm_x.tolist() == pytest.approx([0.0, 1 / 12, 1 / 7, 1.0])
    assert c.svm[0] == 2.0 and c.svm[-1] == 0.0


# --- the examples table ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "why"),
    [(None, "is empty"), ("abc", "is not a number"), (float("nan"), "NaN"), (float("inf"), "is infinite")],
)
def test_bad_cells_get_a_message_on_their_row_and_the_other_rows_keep_working(cell, why):
    table = [[10, -2, 3, 0], [10, cell, 9, 0], [10, -100, -100, 0]]
    ex = compare_table.check_examples(table, 3, class_names=("cat", "car", "frog"))
    assert ex.table_rows == [1, 3]
    assert ex.scores == [[10, -2, 3], [10, -100, -100]]
    assert len(ex.messages) == 1 and ex.messages[0].startswith("Row 2, car ") and why in ex.messages[0]


def test_a_label_outside_the_classes_is_a_bad_cell():
    ex = compare_table.check_examples([[1, 2, 3], [1, 2, 1.5]], 2, class_names=("cat", "car"))
    assert ex.table_rows == []
    assert ex.messages == ["Row 1, correct class is not a class index 0 to 1 (3).", ex.messages[1]]


def test_too_many_rows_are_cut_with_a_message():
    ex = compare_table.check_examples([[1, 2, 0]] * 25, 2, class_names=("cat", "car"))
    assert len(ex.scores) == 20
    assert "only the first 20" in ex.messages[0]


def test_rows_finding_states_the_note_claims_from_the_data():
    ex = compare_table.check_examples([[*r, 0] for r in NOTE], 3, class_names=("cat", "car", "frog"))
    c = compare.compare_rows(ex.scores, ex.labels)
    text = compare_text.rows_finding(c, ex, margin=1.0)
    assert "**SVM loss exactly 0** on rows 1, 2 and 3" in text
    assert "row 3: 3.38e-48" in text
    text = compare_text.rows_finding(compare.compare_rows(ex.scores, ex.labels, margin=2.0), ex, margin=2.0)
    assert "above 0 on row 2" in text


# --- figures --------------------------------------------------------------------------------------


def _comparison():
    return compare.compare_rows(NOTE, [0, 0, 0])


@pytest.mark.parametrize("log", [False, True])
def test_lead_figure_has_both_curves_the_rows_and_labelled_axes(log):
    c = _comparison()
    lo, hi = compare.lead_range(c.lead, 1.0)
    fig = figures.lead_figure(
        compare.lead_curves(lo, hi, 3), c, names=["row 1", "row 2", "row 3"], margin=1.0, log=log
    )
    names = [t.name for t in fig.data]
    rows = ["table rows: SVM", "table rows: cross-entropy"]
    assert names == ["SVM", "cross-entropy", *rows, "margin Δ", "margin Δ"]
    assert fig.layout.title.text and fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    line, label = fig.data[4:]  # the margin: traces, so that a press of Δ changes the figure's data alone
    assert list(line.x) == [1.0, 1.0] and list(line.y) == list(fig.layout.yaxis.range)
    assert list(label.text) == ["margin Δ = 1"] and list(label.x) == [1.0]
    assert label.y[0] == fig.layout.yaxis.range[0] and not fig.layout.shapes  # at the foot, inwards
    rows_ce = fig.data[3].y
    if log:
        np.testing.assert_allclose(rows_ce, c.log10_cross_entropy)
        assert -50 in fig.layout.yaxis.tickvals  # 3.38e-48 has a place on the axis
        assert np.isnan(fig.data[2].y).all()  # SVM 0: no logarithm, off the chart
    else:
        np.testing.assert_allclose(rows_ce, c.cross_entropy)
        assert list(fig.data[0].y) == [8.0, 0.0, 0.0]  # 2 * (1 - (-3)) at the left end
        assert list(fig.layout.yaxis.range) == pytest.approx([-0.4, 8.4])  # 0 to 8, 5% room each side


def test_gradient_figure_shows_the_magnitudes_on_a_log_axis():
    c = _comparison()
    fig = figures.correct_grad_figure(
        compare.correct_grad_curves(-3, 120, 3), c, names=["a", "b", "c"], margin=1.0, log=True
    )
    np.testing.assert_allclose(fig.data[3].y, c.log10_cross_entropy_correct_grad)
    assert fig.data[0].y[0] == pytest.approx(math.log10(2))
    kink = fig.data[4]  # row b, on the kink: |subgradient| from 0 (below the axis) up to 2
    assert kink.name == "row on a kink: subgradient set"
    assert list(kink.x) == [1.0, 1.0, None]
    assert kink.y[0] == fig.layout.yaxis.range[0] and kink.y[1] == pytest.approx(math.log10(2))


def test_gradient_figure_draws_the_subgradient_set_of_a_row_on_the_kink():
    c = _comparison()
    fig = figures.correct_grad_figure(
        compare.correct_grad_curves(-3, 120, 3), c, names=["a", "b", "c"], margin=1.0, log=False
    )
    kinks = [t for t in fig.data if t.name == "row on a kink: subgradient set"]
    assert len(kinks) == 1
    assert list(kinks[0].x) == [1.0, 1.0, None] and list(kinks[0].y) == [-2.0, 0.0, None]
    assert kinks[0].hovertext[0] == "b on a kink: any slope in [−2, 0]"
    wide = compare.compare_rows(NOTE, [0, 0, 0], margin=2.0)  # no row on the kink: no bar
    fig = figures.correct_grad_figure(compare.correct_grad_curves(-3, 120, 3, margin=2.0), wide,
                                      names=["a", "b", "c"], margin=2.0)  # fmt: skip
    assert [t.name for t in fig.data if "kink" in t.name] == []


def test_training_figure_is_lean_and_marks_where_the_svm_stops():
    svm = compare.train_scores(compare.CAT_ROW, 0, loss="svm", lr=0.1, steps=500)
    ce = compare.train_scores(compare.CAT_ROW, 0, loss="cross_entropy", lr=0.1, steps=500)
    fig = figures.training_figure(svm, ce, label=0, class_names=("cat", "car", "frog"))
    svm_traces = [t for t in fig.data if t.xaxis == "x"]
    assert len(svm_traces) == 3 and all(len(t.x) <= 4 for t in svm_traces)  # straight pieces, ends only
    assert list(svm_traces[0].x) == [0, 15, 500]
    assert any("step 15" in a.text for a in fig.layout.annotations)


def test_scale_figure_marks_each_row_at_k():
    curves = compare.scale_curves(NOTE, [0, 0, 0], k_max=3)
    at_k = compare.scale_at(NOTE, [0, 0, 0], k=0.5)
    fig = figures.scale_figure(curves, at_k, names=["r1", "r2", "r3"], k=0.5, log=True)
    markers = [t for t in fig.data if t.mode == "markers"]
    assert [m.y[0] for m in markers[1::2]] == pytest.approx(list(at_k[2]))
    assert "1" in fig.layout.yaxis2.ticktext and fig.layout.yaxis2.tickvals[-1] <= 1
    labels = [t for t in fig.data if t.mode == "text"]  # k's line in each panel, as traces
    assert [(list(t.text), t.xaxis, t.y[0]) for t in labels] == [
        (["k = 0.5"], "x", fig.layout.yaxis.range[0]), (["k = 0.5"], "x2", fig.layout.yaxis2.range[0])
    ]  # fmt: skip
    assert list(fig.layout.xaxis.range) == list(fig.layout.xaxis2.range) == pytest.approx([-0.09, 3.09])
    assert list(fig.layout.yaxis.range) == pytest.approx([-0.1, 2.1])  # [10, 9, 9]'s SVM: 2 at k = 0


def test_log_axis_labels_powers_of_ten():
    axis = figures.log_axis(-47.5, 0.5)
    assert axis["tickvals"] == [-50, -40, -30, -20, -10, 0]
    assert axis["ticktext"][0] == "10<sup>−50</sup>" and axis["ticktext"][-1] == "1"
    assert len(figures.log_axis(-8.7e6, 0.5)["tickvals"]) <= 7


@pytest.mark.parametrize("build", [figures.lead_figure, figures.correct_grad_figure])
def test_lead_charts_fit_a_phone_short_title_lines_legend_below_labels_inside(build):
    c = _comparison()
    lo, hi = compare.lead_range(c.lead, 1.0)
    curve = (compare.lead_curves if build is figures.lead_figure else compare.correct_grad_curves)(lo, hi, 3)
    fig = build(curve, c, names=["row 1", "row 2", "row 3"], margin=1.0, log=True)
    lines = [fig.layout.title.text, fig.layout.title.subtitle.text]
    assert all(len(line) <= 36 for line in lines), lines  # about 330 px at the title's size
    assert fig.layout.legend.y < 0  # under the chart, not between the title and the chart
    assert list(fig.layout.xaxis.range) == [min(curve.ce_x), max(curve.ce_x)]
    rows = next(t for t in fig.data if t.name == "table rows: cross-entropy")
    assert list(rows.textposition) == ["top right", "top right", "top left"]  # row 3 near the right edge
    note = next(a for a in fig.layout.annotations if "past Δ" in a.text)
    assert all(len(line) <= 26 for line in note.text.split("<br>"))


# --- the examples table's rules and the link's spellings (hinge.compare_table, hinge.compare_controls) ----


def test_resizing_the_table_keeps_what_was_typed_and_resets_labels_out_of_range():
    table = compare_table.Table([[10.0, "1e3", 3.0], [None, 9.0, "x"]], [2, None])
    assert table.resized(4) == compare_table.Table([[10.0, "1e3", 3.0, 0.0], [None, 9.0, "x", 0.0]], [2, 0])
    assert table.resized(2) == compare_table.Table([[10.0, "1e3"], [None, 9.0]], [0, 0])


def test_the_editors_columns_read_back_as_the_same_table():
    table = compare_table.Table([[10.0, -2.5], ["1e3", None]], [1, 0])
    data = table.columns(note.CLASS_NAMES)
    assert data == {"cat": ["10", "1e3"], "car": ["-2.5", None], "correct class": ["car", "cat"]}
    assert compare_table.Table.from_columns(data, note.CLASS_NAMES) == compare_table.Table(
        [["10", "-2.5"], ["1e3", None]], [1, 0]
    )


def test_a_table_comes_from_the_link_else_the_last_one():
    last = compare_table.Table([[1.0, 2.0]], [1])
    assert compare_table.table_from_link({}, last) == (last, [])
    table, notices = compare_table.table_from_link({"rows": "1,2,3;4,5,6", "labels": "2,9"}, last)
    assert table == compare_table.Table([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], [0, 0])
    assert notices == ["`labels` has a bad value '9' (expected whole numbers 0 to 2): using the defaults."]
    table, notices = compare_table.table_from_link({"rows": "1,abc"}, last)
    assert table == last and notices[0].startswith("`rows` row 1: a value")


def test_the_link_holds_the_rows_only_when_they_are_not_the_notes():
    note_rows = compare_table.check_examples(compare_table.NOTE_TABLE, 3, class_names=note.CLASS_NAMES)
    assert note_rows.link() == {}
    edited = compare_table.Table([[10.0, -2.0, 3.0], [10.0, 9.0, "9.5"], [None, 1.0, 2.0]], [0, 2, 0])
    examples = compare_table.check_examples(edited, 3, class_names=note.CLASS_NAMES)
    assert examples.link() == {"rows": "10,-2,3;10,9,9.5", "labels": "0,2"}
    assert examples.row(2) == ([10.0, 9.0, 9.5], 2) and examples.table_rows == [1, 2]


def test_the_training_starts_are_spelled_as_the_links_know_them():
    examples = compare_table.check_examples(compare_table.NOTE_TABLE, 3, class_names=note.CLASS_NAMES)
    options = compare_controls.start_options(examples)
    assert options == ["cat", "1", "2", "3"]
    labels = [compare_controls.start_label(o, examples) for o in options]
    assert labels == [
        "the note's cat image [3.2, 5.1, −1.7], correct: cat",
        "row 1: [10, -2, 3]",
        "row 2: [10, 9, 9]",
        "row 3: [10, -100, -100]",
    ]
    assert compare_controls.start_row("cat", examples) == ((3.2, 5.1, -1.7), 0)
    assert compare_controls.start_row("3", examples) == ([10.0, -100.0, -100.0], 0)
    choices = compare_controls.table_choices(examples, 3, note.CLASS_NAMES)
    assert choices["nudge_row"] == (["1", "2", "3"], "3") and choices["nudge_class"][1] == "car"
    assert choices["train"] == (labels, labels[0])


def test_the_variant_menu_reads_as_the_links_spell_it():
    assert compare_controls.CHOICE_CONTROLS["variant"] == {
        "weston_watkins": "sum over incorrect classes (the note's)",
        "crammer_singer": "highest incorrect class only",
    }
    seeds = [compare_controls.seed_from_link({"seed": s}) for s in ("42", "1.5", "-1", "99999")]
    assert seeds == [42, 0, 0, 0]


def test_nudge_metrics_say_no_change_or_the_ratio():
    n = compare.nudge(NOTE[2], 0, eps=0.5, target=1)
    assert compare_text.nudge_metrics(n) == {
        "SVM loss after": {"value": "0", "delta": "no change", "delta_color": "off", "delta_arrow": "off"},
        "Cross-entropy after": {
            "value": "4.47e-48", "delta": "×1.324", "delta_color": "off", "delta_arrow": "up",
        },
    }  # fmt: skip
    assert compare_text.nudge_line(3, n) == "Row 3: [10, -100, -100] → [10, -99.5, -100]"
    broken = compare_text.nudge_metrics(compare.nudge(NOTE[1], 0, eps=0.5, target=1))["SVM loss after"]
    assert broken == {"value": "0.5", "delta": "+0.5", "delta_color": "inverse", "delta_arrow": "auto"}


def test_a_new_visit_takes_the_link_then_the_last_good_rows_and_a_replaced_table_stays():
    state, new, notices = compare_table.visit(compare_table.TableState(), {}, drawn=False)
    assert new and state.base == compare_table.NOTE_TABLE and notices == []
    assert compare_table.visit(state, {"rows": "1,2"}, drawn=True)[1:] == (False, [])  # edits go on
    examples = compare_table.check_examples(
        compare_table.Table([[1.0, 2.0], [3.0, None]], [1, 0]), 2, class_names=note.CLASS_NAMES
    )
    state = compare_table.record_good_rows(state, examples)
    again, new, _ = compare_table.visit(state, {}, drawn=False)  # back from another page: no link
    assert new and again.base == compare_table.Table([[1.0, 2.0]], [1])
    reset = compare_table.replace_base(again, compare_table.NOTE_TABLE)
    after, new, _ = compare_table.visit(reset, {"rows": "1,2"}, drawn=False)  # the old link must not win
    assert not new and after.base == compare_table.NOTE_TABLE and not after.replaced


def test_changing_c_resizes_the_table_as_typed_not_its_base():
    state = compare_table.record_edits(compare_table.TableState(), compare_table.Table([["1e3", 2.0]], [1]))
    resized = compare_table.resize(state, 3)
    assert resized.base == compare_table.Table([["1e3", 2.0, 0.0]], [1]) and resized.replaced
