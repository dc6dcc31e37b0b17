"""AppTest of the "Questions as experiments" page: every tab's default view, a changed control, bad URLs."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import hinge
from hinge import experiments as ex

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "2_Questions_as_experiments.py")
TABS = ex.TABS


def open_tab(tab, **params):
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["experiment"] = tab
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def finding(at):
    assert not at.exception, at.exception
    assert len(at.info) == 1
    return at.info[0].value


def chart(at):
    charts = at.get("plotly_chart")
    assert len(charts) == 1  # only the open tab runs
    return json.loads(charts[0].proto.spec)


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


# a changed control changes the computed finding


def test_a_bigger_jitter_makes_the_cars_loss_non_zero():
    at = open_tab(TABS[0])
    at.slider(key="jitter").set_value(2.0).run()
    text = finding(at)
    scores, label = ex.NOTE_EXAMPLES["car"]
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


@pytest.mark.parametrize(
    "params",
    [
        {"experiment": "nonsense"},
        {"experiment": TABS[0], "jitter": "abc", "seed": "-4"},
        {"experiment": TABS[2], "classes": "1000", "sigma": "0.0007", "samples": "1e9", "mc_seed": "x"},
        {"experiment": TABS[3], "kink_class": "<b>dog</b>", "kink_at": "inf"},
        {"experiment": TABS[4], "k": "0", "margin": "-1", "margin_image": "horse"},
        {"experiment": TABS[6], "land_loss": "mse", "land_view": "4-D", "land_x": "nan"},
    ],
)
def test_bad_url_values_fall_back_to_defaults(params):
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    assert len(at.info) == 1


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


@pytest.mark.parametrize("tab", TABS)
@pytest.mark.parametrize("value", ["inf", "-1e400", "1" * 400, "nan", "<b>x</b>"])
def test_every_tab_survives_a_hostile_value_for_every_control(tab, value):
    keys = ["jitter", "seed", "correct", "log", "classes", "sigma", "samples", "mc_margin", "mc_seed",
            "kink_class", "kink_at", "margin_image", "k", "margin", "variants_image", "variants_correct",
            "land_image", "land_x", "land_y", "land_loss", "land_view"]  # fmt: skip
    at = open_tab(tab, **dict.fromkeys(keys, value))
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) == 1
