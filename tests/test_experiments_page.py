"""AppTest of the "Questions as experiments" page: every tab's default view, a changed control, bad URLs."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import hinge
from hinge import experiments as ex
from hinge.experiments_controls import TABS
from hinge.note import IMAGES

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "2_Questions_as_experiments.py")


def open_tab(tab, **params):
    return open_link(experiment=tab, **params)


def open_link(**params):
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def finding(at):
    assert not at.exception, at.exception
    assert len(at.info) == 1
    return at.info[0].value


def chart(at):
    """The figure the open tab hands to its live chart (ui.live_figure: updated in place)."""
    charts = at.get("bidi_component")
    assert len(charts) == 1 and not at.get("plotly_chart")  # only the open tab runs
    return json.loads(json.loads(charts[0].proto.json)["figure"])


# default views: the finding carries the computed numbers, the chart is there


@pytest.mark.parametrize(
    ("tab", "expected"),
    [
        (TABS[0], ["still exactly 0", "1.395", "0.95"]),  # seed 3: wakes at 1.395; safe below 0.95
        (TABS[1], ["exactly 0", "from 3 up", "cross-entropy is 0.07913"]),
        (TABS[2], ["100,000 random examples", "C = 10", "exact expectation 9", "log C = 2.303"]),
        (TABS[3], ["sits on a kink", "[-1, 0]", "0 of 1,000,000 seeded draws"]),
        (TABS[4], ["gives 2.9", "gives 29 = 10 × 2.9", "gives 19.1"]),
        (TABS[5], ["3.9 = 2.9 + 1", "1.45 = sum ÷ 2", "squared hinge gives 8.41"]),
        (TABS[6], ["The hinge loss is 2.9", "exactly 0 on 29.05% of this grid"]),
    ],
)
def test_each_experiment_opens_with_its_computed_finding_and_one_chart(tab, expected):
    at = open_tab(tab)
    text = finding(at)
    for piece in expected:
        assert piece in text
    spec = chart(at)
    assert spec["layout"]["title"]["text"]
    assert spec["data"]


def test_a_tab_opened_before_stays_drawn_with_its_finding_after_a_switch():
    at = open_tab(TABS[0])
    at.session_state["experiment"] = TABS[1]
    at.run()
    assert not at.exception
    findings = [[info.value for info in tab.info] for tab in at.tabs]
    assert len(findings) == len(TABS) and not any(findings[2:])  # the tabs not opened yet: nothing
    assert "Jitter 0.5 (seed 3)" in findings[0][0] and "At correct score 4.9" in findings[1][0]
    assert len(at.get("bidi_component")) == 2  # each with its chart
    at.session_state["experiment"] = TABS[0]
    at.run()  # back: the same two, nothing drawn twice
    assert [len(tab.info) for tab in at.tabs] == [1, 1, 0, 0, 0, 0, 0]
    assert "Jitter 0.5 (seed 3)" in at.tabs[0].info[0].value


# a changed control changes the computed finding


def test_a_bigger_jitter_makes_the_cars_loss_non_zero():
    at = open_tab(TABS[0])
    at.slider(key="jitter").set_value(2.0).run()
    text = finding(at)
    scores, label = IMAGES["car"]
    loss = hinge.svm_loss(scores + 2.0 * ex.jitter_direction(3, 3), label)
    assert loss > 0 and f"gives loss {loss:.4g};" in text and "still exactly 0" not in text


def test_pulling_the_correct_score_down_makes_the_hinge_grow_two_per_unit():
    at = open_tab(TABS[1])
    at.slider(key="correct").set_value(-5.0).run()
    text = finding(at)
    assert "hinge loss is 15.3" in text and "rising 2 per unit" in text


def test_large_sigma_breaks_c_minus_one_and_the_finding_says_so():
    at = open_tab(TABS[2])
    at.slider(key="classes").set_value(100)
    at.select_slider(key="sigma").set_value(1.0).run()
    text = finding(at)
    assert "C = 100" in text and "only holds while σ is small next to the margin" in text
    assert "exact expectation 118.8" in text  # 99 × 1.19963


def test_moving_off_the_kink_gives_a_single_slope():
    at = open_tab(TABS[3])
    at.slider(key="kink_at").set_value(3.0).run()
    assert "differentiable with slope -1" in finding(at)


def test_an_incorrect_score_has_its_kink_at_the_correct_score_minus_the_margin():
    at = open_tab(TABS[3], kink_class="frog", kink_at="2.2")
    assert "sits on a kink" in finding(at) and "1 kink on" in finding(at)


def test_another_scale_k_keeps_the_identity():
    at = open_tab(TABS[4])
    at.select_slider(key="k").set_value(2.0).run()
    assert "With k = 2" in finding(at) and "5.8 = 2 × 2.9" in finding(at)


def test_the_frog_image_in_three_more():
    at = open_tab(TABS[5], variants_image="frog")
    at.slider(key="variants_correct").set_value(-3.1).run()
    assert "12.9 + 1" in finding(at)


def test_cross_entropy_landscape_has_no_zero_floor_and_the_heat_map_view_is_a_heatmap():
    at = open_tab(TABS[6], land_loss="cross-entropy", land_view="heat map")
    assert "Cross-entropy is" in finding(at) and "exactly 0 on 0% of this grid" in finding(at)
    assert chart(at)["data"][0]["type"] == "heatmap"
    assert chart(open_tab(TABS[6]))["data"][0]["type"] == "surface"


def test_same_class_on_both_axes_warns_and_falls_back():
    at = open_tab(TABS[6], land_x="car", land_y="car")
    assert not at.exception
    assert "two different scores" in at.warning[0].value
    assert "score of cat" in json.dumps(chart(at)["layout"]["scene"])


# bad URL values fall back to the defaults, without a traceback


def test_bad_numbers_in_the_link_are_named_in_a_warning_and_the_defaults_are_used():
    at = open_tab(TABS[0], jitter="abc", seed="inf")  # an integer control given "inf" must not fail
    assert "Jitter 0.5 (seed 3)" in finding(at)
    warnings = [w.value for w in at.warning]
    assert any("`jitter` is not a number" in w and "using 0.5" in w for w in warnings)
    assert any("`seed` is infinite: using 3" in w for w in warnings)
    assert "seed" not in at.query_params


def test_a_number_out_of_range_in_the_link_is_named_and_replaced():
    at = open_tab(TABS[2], classes="1000", samples="10,000")
    assert "`classes` is out of range (1000; expected 2 to 100): using 10." in at.warning[0].value
    assert "10,000 random examples with C = 10" in finding(at)


# every value of the link the page reads: an unusable one is named in a notice and removed from
# the link (the control shows its default); a usable one in another spelling is rewritten as shown


@pytest.mark.parametrize(
    ("tab", "key", "value", "notice", "expected"),
    [
        (None, "experiment", "nonsense", "`experiment` is not a tab of this page", "Jitter 0.5 (seed 3)"),
        (TABS[0], "jitter", "abc", "`jitter` is not a number ('abc'): using 0.5", "Jitter 0.5 (seed 3)"),
        (TABS[0], "seed", "2.5", "`seed` is not a whole number (2.5): using 3", "Jitter 0.5 (seed 3)"),
        (
            TABS[1],
            "correct",
            "99",
            "`correct` is out of range (99; expected -10 to 15)",
            "At correct score 4.9",
        ),
        (
            TABS[1],
            "log",
            "abc",
            "`log` is not one of true, false ('abc'): using false",
            "At correct score 4.9",
        ),
        (TABS[2], "classes", "1", "`classes` is out of range (1; expected 2 to 100): using 10", "C = 10"),
        (TABS[2], "sigma", "0.0007", "`sigma` is not one of the slider's values (0.0007", "σ = 0.01"),
        (TABS[2], "samples", "1e9", "`samples` is not one of the slider's values", "100,000 random"),
        (TABS[2], "mc_margin", "0", "`mc_margin` is out of range (0; expected 0.1 to 5)", "Δ = 1"),
        (TABS[2], "mc_seed", "-1", "`mc_seed` is out of range (-1; expected 0 to 99): using 0", "C = 10"),
        (TABS[3], "kink_class", "<b>dog</b>", "`kink_class` is not one of cat, car, frog", "At cat = 6.1"),
        (TABS[3], "kink_at", "nan", "`kink_at` is empty or NaN: using 6.1", "At cat = 6.1"),
        (TABS[4], "margin_image", "horse", "`margin_image` is not one of cat, car, frog", "gives 2.9"),
        (TABS[4], "k", "3", "`k` is not one of the slider's values (3; 0.1 to 10): using 10", "k = 10"),
        (TABS[4], "margin", "-1", "`margin` is out of range (-1; expected 0 to 3): using 1", "Δ = 1 gives"),
        (TABS[5], "variants_image", "dog", "`variants_image` is not one of cat, car, frog", "score 3.2"),
        (TABS[5], "variants_correct", "inf", "`variants_correct` is infinite: using 3.2", "score 3.2"),
        (TABS[6], "land_image", "x", "`land_image` is not one of cat, car, frog ('x'): using cat", "2.9"),
        (TABS[6], "land_x", "nan", "`land_x` is not one of cat, car, frog ('nan'): using cat", "2.9"),
        (TABS[6], "land_y", "dog", "`land_y` is not one of cat, car, frog ('dog'): using car", "2.9"),
        (
            TABS[6],
            "land_loss",
            "mse",
            "`land_loss` is not one of hinge (sum), hinge (max), cross-entropy",
            "2.9",
        ),
        (TABS[6], "land_view", "4-D", "`land_view` is not one of 3-D surface, heat map ('4\\-D')", "2.9"),
        (TABS[6], "land_margin", "-1", "`land_margin` is out of range (-1; expected 0 to 3): using 1", "2.9"),
    ],
)
def test_an_unusable_link_value_is_named_and_removed_from_the_link(tab, key, value, notice, expected):
    at = open_tab(tab, **{key: value}) if tab else open_link(**{key: value})
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1 and notice in warnings[0]
    assert key not in at.query_params  # the link now says what the page shows: the default
    assert expected in finding(at)


def test_the_frog_images_own_correct_score_is_the_default_a_bad_value_falls_back_to():
    at = open_tab(TABS[5], variants_image="frog", variants_correct="x")
    assert at.warning[0].value == "`variants_correct` is not a number ('x'): using -3.1."
    assert "At correct score -3.1" in finding(at) and "variants_correct" not in at.query_params


def test_the_same_class_on_both_axes_is_named_and_both_are_removed_from_the_link():
    at = open_tab(TABS[6], land_x="frog", land_y="frog")
    assert "`land_x` and `land_y` are both frog" in at.warning[0].value
    assert "land_x" not in at.query_params and "land_y" not in at.query_params


@pytest.mark.parametrize(
    ("tab", "key", "value", "written", "expected"),
    [
        (TABS[0], "seed", "5.0", "5", "(seed 5)"),
        (TABS[0], "jitter", "2.00", "2", "Jitter 2 (seed 3)"),
        (TABS[2], "classes", "20.0", "20", "C = 20"),
        (TABS[2], "mc_seed", "4.0", "4", "C = 10"),
        (TABS[2], "samples", "10000", "10,000", "10,000 random examples"),
        (TABS[2], "samples", "1e4", "10,000", "10,000 random examples"),
        (TABS[2], "sigma", "1.0", "1", "σ = 1"),
        (TABS[4], "k", "2.0", "2", "With k = 2"),
        (TABS[1], "log", "TRUE", "true", "At correct score 4.9"),
        (None, "experiment", "Loss landscape", TABS[6], "The hinge loss is 2.9"),  # a link from before
        (None, "experiment", "4", TABS[3], "sits on a kink"),
    ],
)
def test_a_usable_value_in_another_spelling_is_used_and_the_link_spells_it_as_shown(
    tab, key, value, written, expected
):
    at = open_tab(tab, **{key: value}) if tab else open_link(**{key: value})
    assert not at.warning
    assert at.query_params[key] == written
    assert expected in finding(at)


@pytest.mark.parametrize(
    ("tab", "key", "some"),
    [(TABS[2], "sigma", ["0.001", "0.0125", "1", "8", "10"]), (TABS[2], "samples", ["1,000", "1,000,000"]),
     (TABS[4], "k", ["0.1", "1", "2", "10"])],
)  # fmt: skip
def test_sliders_of_numbered_options_show_and_link_whole_numbers_without_a_decimal_point(tab, key, some):
    options = open_tab(tab).select_slider(key=key).options  # what the slider shows and the link carries
    assert set(some) <= set(options)
    assert not [o for o in options if o.endswith(".0")]


# the Monte Carlo: a setting seen before is not drawn again; a large one reports its progress


def test_a_monte_carlo_setting_seen_before_is_not_computed_again(monkeypatch):
    from hinge import random_scores as rs

    calls, compute = [], rs.random_scores_experiment
    monkeypatch.setattr(rs, "random_scores_experiment", lambda *a, **k: calls.append(a) or compute(*a, **k))
    at = open_tab(TABS[2], mc_seed="93", samples="1,000")
    at.slider(key="classes").set_value(20).run()
    at.slider(key="classes").set_value(10).run()  # back to a setting drawn before: kept
    assert "1,000 random examples with C = 10" in finding(at)
    assert calls == [(10, 0.01, 1000), (20, 0.01, 1000)]
    assert not at.get("progress")  # a small one: no progress bar


def test_a_million_examples_report_their_progress_and_the_bar_is_gone_at_the_end(monkeypatch):
    from hinge import random_scores as rs

    shares, compute = [], rs.random_scores_experiment

    def recording(*args, progress=None, **kwargs):
        assert progress is not None  # 1e6 x 10 scores: over ctl.PROGRESS_FROM
        return compute(*args, progress=lambda done: (shares.append(done), progress(done)), **kwargs)

    monkeypatch.setattr(rs, "random_scores_experiment", recording)
    at = open_tab(TABS[2], mc_seed="94", samples="1,000,000")
    assert "1,000,000 random examples with C = 10" in finding(at)
    assert len(shares) == 39 and shares == sorted(shares) and shares[-1] == 1.0  # 26214 rows a block
    assert not at.get("progress")


def test_a_computation_shows_its_bar_only_once_it_has_taken_a_while_and_each_percent_once(monkeypatch):
    from hinge.ui import progress as progress_module

    clock, drawn = [0.0], []

    class Slot:
        def progress(self, share, text):
            drawn.append((share, text))

    monkeypatch.setattr(progress_module.time, "monotonic", lambda: clock[0])
    report = progress_module.progress_after(Slot(), 0.15, "Drawing…")
    for now, share in ((0.05, 0.25), (0.10, 0.5), (0.2, 0.501), (0.25, 0.509), (0.3, 0.75), (0.4, 1.0)):
        clock[0] = now
        report(share)
    # nothing in the first 0.15 s; 0.509 is still 50%: not drawn again
    assert drawn == [(0.501, "Drawing… 50%"), (0.75, "Drawing… 75%"), (1.0, "Drawing… 100%")]


def test_the_random_scores_tab_keeps_its_elements_places_with_and_without_a_progress_bar():
    at = open_tab(TABS[2], samples="1,000,000", mc_seed="95")  # drawn, with a bar (then emptied)
    before = [type(e).__name__ for e in at.main]
    at.slider(key="classes").set_value(11).run()
    at.slider(key="classes").set_value(10).run()  # kept from the first run: no bar this time
    assert "1,000,000 random examples with C = 10" in finding(at)
    assert [type(e).__name__ for e in at.main] == before


# the landscape's margin: a larger Δ shrinks the flat floor; cross-entropy has none to set


def test_a_larger_margin_shrinks_the_landscapes_flat_floor():
    at = open_tab(TABS[6])
    assert "exactly 0 on 29.05% of this grid" in finding(at)
    at.slider(key="land_margin").set_value(3.0).run()
    land = hinge.landscape.loss_landscape(*IMAGES["cat"], x_class=0, y_class=1, margin=3.0)
    assert 0 < land.zero_share < 0.2905
    assert f"exactly 0 on {100 * land.zero_share:.4g}% of this grid" in finding(at)
    assert open_tab(TABS[6], land_loss="cross-entropy").slider(key="land_margin").disabled
