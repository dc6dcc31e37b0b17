"""The numbers behind the "Questions as experiments" page (hinge.experiments, hinge.line_profile,
hinge.random_scores), their findings, figures and the page's link (hinge.experiments_controls)."""

import functools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hinge
from hinge import experiments as ex
from hinge import experiments_controls as ctl
from hinge import experiments_text as text
from hinge import landscape, registry
from hinge import random_scores as rs
from hinge.figures import experiments as fx
from hinge.line_profile import loss_profile
from hinge.note import IMAGES, NOTE_CLASSES

CAT, CAR, FROG = (IMAGES[n] for n in ("cat", "car", "frog"))
finite = st.floats(-50, 50, allow_nan=False)


# --------------------------------------------------------------------------------------------
# the loss along a line


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 6).flatmap(
        lambda c: st.tuples(
            st.lists(finite, min_size=c, max_size=c),
            st.lists(st.floats(-2, 2), min_size=c, max_size=c),
            st.integers(0, c - 1),
        )
    ),
    st.floats(0, 3),
    st.sampled_from(["weston_watkins", "crammer_singer"]),
    st.floats(0, 1),
)
def test_profile_breakpoints_reproduce_the_loss_everywhere_on_the_line(case, margin, variant, where):
    base, direction, label = case
    p = loss_profile(base, label, direction, lo=-5, hi=5, margin=margin, variant=variant)
    t = -5 + 10 * where
    exact = hinge.svm_loss(np.add(base, t * np.asarray(direction)), label, margin=margin, variant=variant)
    assert np.interp(t, p.xs, p.losses) == pytest.approx(exact, rel=1e-9, abs=1e-9)
    assert len(p.slopes) == len(p.xs) - 1


def test_profile_of_the_cat_score_has_the_notes_two_kinks_and_integer_slopes():
    base, direction = np.array([0.0, 5.1, -1.7]), np.array([1.0, 0, 0])
    p = loss_profile(base, 0, direction, lo=-6, hi=10)
    assert p.kinks.tolist() == pytest.approx([-0.7, 6.1])
    assert p.slopes.tolist() == [-2.0, -1.0, 0.0]
    assert p.slope_interval(6.1) == (-1.0, 0.0)  # a kink: the whole interval
    assert p.slope_interval(3.0) == (-1.0, -1.0)


# --------------------------------------------------------------------------------------------
# 1. jitter


def test_slack_of_the_car_is_what_each_score_may_move_before_the_loss_changes():
    assert ex.slack(*CAR).round(12).tolist()[::2] == [2.6, 1.9]
    assert math.isnan(ex.slack(*CAR)[1])


@pytest.mark.parametrize("seed", [2, 3, 4, 6, 9, 11])
def test_jitter_threshold_is_exact_zero_just_below_non_zero_just_above(seed):
    scores, label = CAR
    d = ex.jitter_direction(3, seed)
    t = ex.jitter_threshold(scores, label, d)
    assert math.isfinite(t) and t > 0
    below = hinge.svm_loss(np.add(scores, t * (1 - 1e-9) * d), label)
    above = hinge.svm_loss(np.add(scores, t * (1 + 1e-9) * d), label)
    assert below == 0.0
    assert above > 0.0


def test_any_jitter_below_half_the_smallest_slack_keeps_the_loss_zero_and_the_worst_one_just_above_does_not():
    scores, label = CAR
    r = ex.jitter_experiment(scores, label, size=0.5, seed=3)
    assert r.safe_size == pytest.approx(0.95)
    worst = np.array([0.0, -1.0, 1.0])  # the car falls, the frog (smallest slack) rises
    assert hinge.svm_loss(scores + 0.95 * (1 - 1e-9) * worst, label) == 0.0
    assert hinge.svm_loss(scores + 0.95 * (1 + 1e-9) * worst, label) > 0.0
    corners = np.array(np.meshgrid(*[[-1, 1]] * 3)).reshape(3, -1).T  # every worst-case direction
    assert hinge.svm_loss(scores + 0.95 * (1 - 1e-9) * corners, np.full(8, label), reduction="sum") == 0.0


def test_jitter_threshold_is_infinite_when_the_correct_score_rises_fastest_and_zero_when_already_violated():
    assert ex.jitter_threshold(*CAR, np.array([0.0, 1.0, 0.0])) == math.inf
    assert ex.jitter_threshold(*CAT, np.array([0.0, 1.0, 0.0])) == 0.0  # the cat's loss is 2.9 already


def test_jitter_finding_reports_the_computed_loss_and_threshold():
    quiet = ex.jitter_experiment(*CAR, size=0.5, seed=3)
    loud = ex.jitter_experiment(*CAR, size=2.0, seed=3)
    assert quiet.jittered_loss == 0.0 and "still exactly 0" in quiet.finding
    assert f"{quiet.threshold:.4g}" in quiet.finding and "1.395" in quiet.finding
    assert loud.jittered_loss > 0 and "still exactly 0" not in loud.finding
    assert f"{loud.jittered_loss:.4g}" in loud.finding


def test_the_jitter_result_carries_the_dashed_line_its_figure_draws():
    r = ex.jitter_experiment(*CAR, size=0.5, seed=3)
    assert r.correct_line == pytest.approx(r.jittered[1] - 1.0)
    assert r.tightest == 2 and r.class_names == NOTE_CLASSES  # the frog's slack 1.9 is the smallest
    assert "half of frog's slack 1.9" in r.finding


# --------------------------------------------------------------------------------------------
# 2. min and max


def test_hinge_falls_linearly_to_exactly_zero_and_stays_while_cross_entropy_never_reaches_zero():
    r = ex.min_max_sweep(*CAR, correct=8.0)
    p = r.profile
    assert r.zero_from == pytest.approx(3.0)  # the frog's 2.0 plus the margin
    assert np.all(p.losses[p.xs >= r.zero_from] == 0.0)
    assert p.slopes[0] == -2.0  # down the left: C - 1 terms, each slope 1, without bound
    assert p.losses[0] == pytest.approx(25.3)  # at -10: (1.3 + 11) + (2.0 + 11)
    assert r.svm_at == 0.0 and r.ce_at > 0
    assert np.all(r.ce > 0) and np.all(np.diff(r.ce) < 0)


# --------------------------------------------------------------------------------------------
# 3. random scores


def test_normal_cdf_and_pdf_match_known_values():
    assert rs.normal_cdf(0.0) == 0.5
    assert rs.normal_cdf(1.959963984540054) == pytest.approx(0.975, abs=1e-15)
    assert rs.normal_cdf(-8.0) == pytest.approx(6.22096057427178e-16, rel=1e-12)  # far tail, no cancellation
    assert rs.normal_pdf(0.0) == pytest.approx(1 / math.sqrt(2 * math.pi))


@pytest.mark.parametrize(
    ("n_classes", "sigma", "margin"),
    [(10, 1.0, 1.0), (3, 0.5, 1.0), (100, 2.0, 1.0), (5, 0.1, 0.5), (10, 3.0, 2.0), (2, 10.0, 1.0)],
)
def test_exact_expectation_matches_monte_carlo_within_five_standard_errors(n_classes, sigma, margin):
    svm, _ = rs.random_losses(n_classes, sigma, 200_000, margin=margin, seed=1)
    expected = float(rs.expected_random_loss(n_classes, sigma, margin=margin))
    sem = svm.std(ddof=1) / math.sqrt(svm.size)
    assert abs(svm.mean() - expected) < 5 * sem


def test_expectation_is_c_minus_one_only_while_sigma_is_small_next_to_the_margin():
    assert float(rs.expected_random_loss(10, 1e-3)) == 9.0
    assert float(rs.expected_random_loss(10, 0.0, margin=2.0)) == 18.0
    assert float(rs.expected_random_loss(10, 1.0)) == pytest.approx(10.7968, abs=1e-4)  # 20% above C - 1
    big = float(rs.expected_random_loss(10, 1000.0))
    assert big == pytest.approx(9 * (0.5 + 1000 / math.sqrt(math.pi)), rel=1e-6)  # (C - 1)(Δ/2 + σ/√π)


def test_cross_entropy_of_small_random_scores_is_log_c():
    r = rs.random_scores_experiment(10, 1e-3, 20_000)
    assert r.ce_mean == pytest.approx(math.log(10), abs=1e-5)
    assert r.ce_curve[0] == pytest.approx(math.log(10), abs=1e-5)
    assert r.ce_curve[-1] > 2 * math.log(10)  # σ = 10: far above log C


def test_monte_carlo_in_blocks_equals_one_unblocked_draw_and_is_seeded():
    svm, ce = rs.random_losses(100, 0.7, 3000, seed=5)  # 100 classes: two blocks
    s = np.random.default_rng(5).standard_normal((3000, 100)) * 0.7
    y = np.zeros(3000, dtype=int)
    np.testing.assert_allclose(svm, hinge.svm_loss(s, y, reduction="none"), rtol=1e-12)
    np.testing.assert_allclose(ce, hinge.cross_entropy(s, y, reduction="none"), rtol=1e-12)
    again, _ = rs.random_losses(100, 0.7, 3000, seed=5)
    other, _ = rs.random_losses(100, 0.7, 3000, seed=6)
    assert np.array_equal(svm, again) and not np.array_equal(svm, other)


def test_random_scores_finding_says_c_minus_one_fails_once_sigma_is_large():
    small = rs.random_scores_experiment(10, 0.01, 10_000)
    large = rs.random_scores_experiment(10, 3.0, 10_000)
    assert "σ is small next to the margin" in small.finding and "within" in small.finding
    assert "only holds while σ is small" in large.finding
    assert f"{large.svm_mean:.4g}" in large.finding
    assert small.svm_hist[0].sum() == 10_000


def test_the_random_scores_result_carries_c_minus_one_log_c_and_each_bins_share():
    r = rs.random_scores_experiment(10, 0.01, 1000, margin=2.0)
    assert r.c_minus_one == 18.0 and r.log_c == pytest.approx(2.302585092994046)
    assert r.off == pytest.approx(abs(r.expected / 18 - 1))
    assert r.svm_share.sum() == pytest.approx(1.0) and r.ce_share.sum() == pytest.approx(1.0)
    np.testing.assert_array_equal(r.svm_share, r.svm_hist[0] / 1000)


def test_the_monte_carlo_reports_its_progress_block_by_block_and_gives_the_same_numbers():
    done = []
    r = rs.random_scores_experiment(100, 0.7, 7000, seed=5, progress=done.append)  # 2621 rows a block
    assert done == pytest.approx([2621 / 7000, 5242 / 7000, 1.0])
    plain = rs.random_scores_experiment(100, 0.7, 7000, seed=5)
    assert (r.svm_mean, r.ce_mean, r.svm_sem) == (plain.svm_mean, plain.ce_mean, plain.svm_sem)


def test_the_cross_entropy_curve_is_kept_and_equals_a_fresh_monte_carlo():
    sigmas = np.geomspace(1e-3, 10, 5)
    first = rs.expected_cross_entropy_curve(7, sigmas, seed=3)
    z = np.random.default_rng(3).standard_normal((50_000 // 7, 7))
    y = np.zeros(len(z), dtype=int)
    fresh = [float(np.mean(hinge.cross_entropy(z * s, y, reduction="none"))) for s in sigmas]
    np.testing.assert_allclose(first, fresh, rtol=1e-12)
    first[:] = 0  # a caller's copy: changing it leaves the kept curve alone
    np.testing.assert_allclose(rs.expected_cross_entropy_curve(7, sigmas, seed=3), fresh, rtol=1e-12)
    assert not np.allclose(rs.expected_cross_entropy_curve(7, sigmas, seed=4), fresh)


# --------------------------------------------------------------------------------------------
# 4. differentiability


def test_subgradient_is_an_interval_at_a_kink_and_a_number_elsewhere():
    on = ex.kink_experiment(*CAT, cls=0, value=6.1, trials=10_000)
    off = ex.kink_experiment(*CAT, cls=0, value=3.0, trials=10_000)
    assert on.at_kink and on.subgradient == (-1.0, 0.0)
    assert not off.at_kink and off.subgradient == (-1.0, -1.0)
    assert "[-1, 0]" in on.finding and "slope -1" in off.finding


def test_an_incorrect_score_has_one_kink_at_the_correct_score_minus_the_margin():
    r = ex.kink_experiment(*CAT, cls=2, value=0.0, trials=10_000)
    assert r.profile.kinks.tolist() == pytest.approx([2.2])
    assert r.profile.slopes.tolist() == [0.0, 1.0]


def test_a_random_real_score_practically_never_lands_on_a_kink():
    r = ex.kink_experiment(*CAT, cls=0, value=3.0)
    assert 0 < r.chance < 1e-15
    assert r.hits == 0 and r.trials == 1_000_000


# --------------------------------------------------------------------------------------------
# 5. margin


@settings(max_examples=60, deadline=None)
@given(st.lists(finite, min_size=2, max_size=8), st.floats(0, 5), st.floats(0.01, 100), st.integers(0, 7))
def test_scaling_scores_and_margin_by_k_scales_the_loss_by_k(scores, margin, k, label):
    label %= len(scores)
    r = ex.margin_scaling(scores, label, k=k, margin=margin)
    assert r.scaled_loss == pytest.approx(k * r.loss, rel=1e-9, abs=1e-9)
    np.testing.assert_allclose(r.scaled_terms, k * r.terms, rtol=1e-9, atol=1e-9)


def test_the_notes_margin_sentence_read_literally_is_not_the_same_loss():
    r = ex.margin_scaling(*CAT, k=10, margin=1.0)
    assert r.loss == pytest.approx(2.9)
    assert r.scaled_loss == pytest.approx(29.0) and r.same_pattern
    assert r.literal_loss == pytest.approx(19.1)  # 51 - 32 + 0.1: margin 0.1 on scores x10
    assert "29" in r.finding and "19.1" in r.finding


def test_the_margin_result_carries_both_scaled_margins_and_the_ratio():
    r = ex.margin_scaling(*CAT, k=5, margin=0.5)
    assert (r.scaled_margin, r.literal_margin) == (2.5, 0.1)
    assert r.ratio == pytest.approx(5.0)
    assert math.isnan(ex.margin_scaling(*CAR, k=5).ratio)  # the car's loss is 0: no ratio
    assert "(both 0)" in ex.margin_scaling(*CAR, k=5).finding


# --------------------------------------------------------------------------------------------
# 6. three more


@pytest.mark.parametrize("example", [CAT, CAR, FROG])
def test_summing_over_every_class_adds_exactly_the_margin_and_the_mean_divides_by_c_minus_one(example):
    r = ex.loss_variants(*example, correct=2.0, margin=1.0)
    assert r.at["with_correct"] == pytest.approx(r.at["sum"] + 1.0, abs=1e-12)
    assert r.at["mean"] == pytest.approx(r.at["sum"] / 2)
    np.testing.assert_allclose(
        r.with_correct.losses, np.interp(r.with_correct.xs, r.profile.xs, r.profile.losses) + 1
    )
    best = r.profile.xs[np.argmin(r.profile.losses)]
    assert r.mean.xs[np.argmin(r.mean.losses)] == best  # the same scores are best


def test_squared_hinge_is_a_different_loss_not_a_rescaling():
    r = ex.loss_variants(*CAT, correct=3.2)
    assert r.at["sum"] == pytest.approx(2.9) and r.at["squared"] == pytest.approx(8.41)
    plain = np.interp(r.squared_xs, r.profile.xs, r.profile.losses)
    ratio = r.squared[plain > 0] / plain[plain > 0]
    assert ratio.max() / ratio.min() > 5  # squares punish big violations more, small ones less


# --------------------------------------------------------------------------------------------
# the loss landscape


def test_landscape_has_a_zero_floor_for_the_hinge_and_none_for_cross_entropy():
    hinge_land = landscape.loss_landscape(*CAT, x_class=0, y_class=1)
    ce_land = landscape.loss_landscape(*CAT, x_class=0, y_class=1, loss="cross_entropy")
    assert hinge_land.z.shape == (61, 61)
    assert hinge_land.point == pytest.approx((3.2, 5.1, 2.9))
    assert 0.1 < hinge_land.zero_share < 0.9 and ce_land.zero_share == 0.0
    i, j = 17, 44
    cell = [hinge_land.xs[j], hinge_land.ys[i], -1.7]
    assert hinge_land.z[i, j] == hinge.svm_loss(cell, 0)


def test_landscape_refuses_the_same_class_on_both_axes():
    with pytest.raises(ValueError, match="two different classes"):
        landscape.loss_landscape(*CAT, x_class=1, y_class=1)


@pytest.mark.parametrize(
    ("loss", "subject", "title", "name"),
    [("weston_watkins", "The hinge loss is 2.9", "The hinge loss (sum) over two scores",
      "Weston-Watkins multiclass SVM"),
     ("crammer_singer", "The Crammer-Singer loss is 2.9", "The max-only hinge over two scores",
      "Crammer-Singer (structured SVM)"),
     ("cross_entropy", "Cross-entropy is 2.04", "Cross-entropy over two scores", "Softmax cross-entropy")],
)  # fmt: skip
def test_each_landscape_is_named_in_its_finding_title_and_trace(loss, subject, title, name):
    land = landscape.loss_landscape(*CAT, x_class=0, y_class=1, loss=loss)
    assert land.finding.startswith(subject) and land.title == title and land.name == name
    fig = fx.landscape_figure(land, "cat", "car", view="heatmap")
    assert fig.layout.title.text == title and fig.data[0].name == name


def test_the_heat_map_is_the_grids_square_with_equal_units_not_a_range_widened_to_the_chart():
    land = landscape.loss_landscape(*CAT, x_class=0, y_class=1)
    fig = fx.landscape_figure(land, "cat", "car", view="heatmap")
    x, y = fig.layout.xaxis, fig.layout.yaxis
    assert list(x.range) == [land.xs[0], land.xs[-1]] and list(y.range) == [land.ys[0], land.ys[-1]]
    assert x.constrain == y.constrain == "domain"  # the plot shrinks to the square, its axes do not grow
    assert y.scaleanchor == "x" and y.scaleratio == 1  # the kinks' 45-degree lines stay at 45 degrees
    assert land.xs[0] < land.point[0] < land.xs[-1] and land.ys[0] < land.point[1] < land.ys[-1]


def test_a_sentences_numbers_have_four_significant_digits_and_no_exponent_for_everyday_sizes():
    assert [text.number(x) for x in (0.0, -0.0, 2.90000001, 1 / 3, 12345.6, math.inf)] == [
        "0", "0", "2.9", "0.3333", "1.235e+04", "∞"]  # fmt: skip
    assert [text.number(x) for x in (1e-4, 2e5)] == ["1.00e-04", "2.00e+05"]


# --------------------------------------------------------------------------------------------
# figures: titled, labelled, lean


@functools.cache  # built once a size: the tests only read them
def _all_figures(**style):
    return {
        "jitter": fx.jitter_figure(ex.jitter_experiment(*CAR, size=0.5, seed=3), NOTE_CLASSES, **style),
        "min_max": fx.min_max_figure(ex.min_max_sweep(*CAR, correct=4.9), **style),
        "random": fx.random_scores_figure(rs.random_scores_experiment(10, 0.01, 10_000), **style),
        "kink": fx.kink_figure(ex.kink_experiment(*CAT, cls=0, value=6.1, trials=1000), "cat", **style),
        "margin": fx.margin_figure(ex.margin_scaling(*CAT, k=10), NOTE_CLASSES, 0, **style),
        "variants": fx.variants_figure(ex.loss_variants(*CAT, correct=3.2), **style),
        "surface": fx.landscape_figure(
            landscape.loss_landscape(*CAT, x_class=0, y_class=1), "cat", "car", **style
        ),
        "heatmap": fx.landscape_figure(
            landscape.loss_landscape(*CAT, x_class=0, y_class=1), "cat", "car", view="heatmap", **style
        ),
    }


@pytest.mark.parametrize("name", list(_all_figures()))
def test_every_figure_has_a_title_axis_labels_and_lean_json(name):
    fig = _all_figures()[name]
    assert fig.layout.title.text
    if name == "surface":
        assert fig.layout.scene.xaxis.title.text == "score of cat"
        assert fig.layout.scene.zaxis.title.text == "loss"
    else:
        assert any(ax.title.text for ax in fig.select_xaxes())
        assert any(ax.title.text for ax in fig.select_yaxes())
    assert len(fig.to_json()) < 150_000


def test_piecewise_linear_curves_are_sent_as_breakpoints_only():
    fig = fx.min_max_figure(ex.min_max_sweep(*CAR, correct=4.9))
    hinge_trace = next(t for t in fig.data if t.name == "hinge loss")
    assert list(hinge_trace.x) == pytest.approx([-10, 2.3, 3.0, 15])


@pytest.mark.parametrize("name", ["jitter", "min_max", "random", "kink", "margin", "variants", "heatmap"])
def test_a_figure_built_for_the_projector_has_larger_text_and_room_for_it(name):
    small, large = _all_figures()[name], _all_figures(font_size=22)[name]
    assert (small.layout.font.size, large.layout.font.size) == (16, 22)
    assert large.layout.legend.font.size == 20 and large.layout.xaxis.tickfont.size == 20
    assert large.layout.height == round(small.layout.height * 22 / 16)
    assert large.layout.margin.t == round(small.layout.margin.t * 22 / 16)


def test_a_3d_surface_for_the_projector_keeps_its_height_and_scene_text_grows():
    small, large = _all_figures()["surface"], _all_figures(font_size=22)["surface"]
    assert large.layout.height == small.layout.height == 540
    assert large.layout.scene.xaxis.title.font.size == 22 and large.layout.scene.zaxis.tickfont.size == 20


# --------------------------------------------------------------------------------------------
# the link's values


def test_a_link_of_usable_values_as_the_controls_spell_them_needs_no_fix():
    link = {"experiment": ctl.TABS[2], "classes": "20", "sigma": "0.0125", "samples": "1,000,000",
            "k": "0.5", "jitter": "0.123456789", "log": "true", "land_loss": "cross-entropy",
            "land_x": "frog", "land_y": "cat"}  # fmt: skip
    assert ctl.check_link(link) == ({}, [])


@pytest.mark.parametrize(
    ("key", "value", "written"),
    [("classes", "20.0", "20"), ("seed", "7e0", "7"), ("jitter", "2.000", "2"), ("correct", "-0.0", "0"),
     ("sigma", "8.0", "8"), ("sigma", "1e-3", "0.001"), ("samples", "10000", "10,000"),
     ("samples", "1e6", "1,000,000"), ("k", "10.0", "10"), ("log", "TRUE", "true"),
     ("log", "1", "true"), ("log", "off", "false"),
     ("experiment", "Loss landscape", "Landscape"), ("experiment", "4 · differentiable?", "4 · Kinks"),
     ("experiment", "3", "3 · Random scores")],
)  # fmt: skip
def test_another_spelling_of_a_usable_value_is_rewritten_as_its_control_shows_it(key, value, written):
    fixes, notices = ctl.check_link({key: value})
    assert fixes == {key: written} and notices == []
    assert ctl.check_link({key: written}) == ({}, [])  # the corrected link is left alone


@pytest.mark.parametrize(
    ("key", "value", "notice"),
    [("classes", "101", "`classes` is out of range (101; expected 2 to 100): using 10."),
     ("seed", "1.5", "`seed` is not a whole number (1.5): using 3."),
     ("sigma", "0.3", "`sigma` is not one of the slider's values (0.3; 0.001 to 10): using 0.01."),
     ("samples", "-5",
      "`samples` is not one of the slider's values (-5; 1,000 to 1,000,000): using 100,000."),
     ("k", "abc", "`k` is not a number ('abc'): using 10."),
     ("log", "maybe", "`log` is not one of true, false ('maybe'): using false."),
     ("experiment", "<b>",
      "`experiment` is not a tab of this page ('\\<b\\>'): showing “1 · Small changes”."),
     ("kink_class", "dog", "`kink_class` is not one of cat, car, frog ('dog'): using cat."),
     ("land_view", "x" * 3000, "`land_view` is too long (3000 characters): using the default.")],
)  # fmt: skip
def test_an_unusable_value_is_dropped_with_a_notice_that_names_it(key, value, notice):
    assert ctl.check_link({key: value, "other": "kept"}) == ({key: None}, [notice])


def test_a_bad_correct_score_falls_back_to_the_chosen_images_own():
    fixes, notices = ctl.check_link({"variants_image": "car", "variants_correct": "nan"})
    assert fixes == {"variants_correct": None}
    assert notices == ["`variants_correct` is empty or NaN: using 4.9."]


def test_the_same_score_on_both_axes_drops_both_and_says_so():
    fixes, notices = ctl.check_link({"land_y": "cat"})  # x is cat by default
    assert fixes == {"land_y": None} and "`land_x` and `land_y` are both cat" in notices[0]


@settings(max_examples=80, deadline=None)
@given(st.dictionaries(st.sampled_from([*ctl.NUMBERS, *ctl.CHOICES]), st.text(max_size=12), max_size=6))
def test_a_checked_link_needs_no_second_fix(link):
    fixes, _ = ctl.check_link(link)
    fixed = {k: v for k, v in {**link, **fixes}.items() if v is not None}
    assert ctl.check_link(fixed) == ({}, [])


def test_the_landscape_switch_spells_each_loss_by_its_registry_label_as_links_do():
    assert {key: registry.LOSSES[key].label for key in landscape.LANDSCAPE_LOSSES} == ctl.LOSS_LABELS
    assert list(ctl.LOSS_LABELS.values()) == ["hinge (sum)", "hinge (max)", "cross-entropy"]  # link values
    assert (*registry.VARIANTS, "cross_entropy") == landscape.LANDSCAPE_LOSSES


@pytest.mark.parametrize(("image", "default"), [("cat", 3.2), ("car", 4.9), ("frog", -3.1)])
def test_the_three_more_slider_starts_at_the_chosen_images_own_correct_score(image, default):
    assert ctl.correct_slider(image) == (-4.0, 9.0, default, 0.1)


def test_the_same_score_on_both_landscape_axes_shows_cat_against_car_with_a_warning():
    assert ctl.landscape_axes("frog", "car") == ("frog", "car", None)
    assert ctl.landscape_axes("frog", "frog") == (
        "cat", "car", "Pick two different scores for the axes: showing cat against car.")  # fmt: skip
