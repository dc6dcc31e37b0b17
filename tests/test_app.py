"""The playground page (app.py) through Streamlit's AppTest: values, controls, links, garbage links."""

import json
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

import hinge
from hinge.playground_text import number

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def run(params=None):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception[0].value
    return at


def live(at):
    """What the page hands to its live chart (ui.live_figure): the figure, arithmetic, link."""
    return json.loads(at.get("bidi_component")[0].proto.json)


def chart(at):
    return json.loads(live(at)["figure"])


def arithmetic(at):
    """The written-out arithmetic as text, one string a row."""
    return ["".join(text for text, _ in pieces) for _, pieces in live(at)["arithmetic"]]


def shown_loss(at):
    """The loss at the end of the written-out arithmetic, the piece marked "total"."""
    text, role = live(at)["arithmetic"][-1][1][-1]
    assert role == "total"
    return text


def point(at):
    d = chart(at)
    trace = next(t for t in d["data"] if t.get("name") == "this example")
    return trace["x"][0], trace["y"][0]


def test_the_default_view_is_the_notes_cat_image_with_loss_2_9():
    at = run()
    assert shown_loss(at) == "2.9"
    assert arithmetic(at) == ["= max(0, 5.1 − 3.2 + 1) + max(0, −1.7 − 3.2 + 1)", "= 2.9 + 0 = 2.9"]
    assert point(at) == (3.2, 2.9)
    assert [at.slider(key=f"s{j}").value for j in range(3)] == [3.2, 5.1, -1.7]
    assert at.selectbox(key="label").value == "cat"


def test_the_chart_gets_its_frames_the_apps_font_and_plotly_from_this_server():
    at = run()
    data = json.loads(at.get("bidi_component")[0].proto.json)
    d = json.loads(data["figure"])
    steps = d["layout"]["sliders"][0]["steps"]
    assert len(d["frames"]) == len(steps) > 10  # one frame a position of the in-figure slider
    assert [s["args"][0][0] for s in steps] == [f["name"] for f in d["frames"]]
    assert d["layout"]["font"] == {"size": 16, "family": '"Source Sans", sans-serif', "color": "#31333F"}
    assert data["plotly_src"] == "/component/hinge.ui.workarounds.plotly_js/plotly.min.js"
    assert data["config"]["displaylogo"] is False


def test_presentation_mode_enlarges_the_charts_text_and_keeps_the_arithmetic_on_the_first_screen():
    at = run({"present": "1"})
    d = chart(at)
    assert d["layout"]["font"]["size"] == 22
    assert d["layout"]["xaxis"]["tickfont"]["size"] == 22  # the figure builder's axes follow too
    assert d["layout"]["height"] == 310 and d["layout"]["xaxis"]["title"]["text"] == ""  # compact
    # the chart's column is wide enough for the note's two rows; the batch's result is above the graph
    assert arithmetic(at) == ["= max(0, 5.1 − 3.2 + 1) + max(0, −1.7 − 3.2 + 1)", "= 2.9 + 0 = 2.9"]
    assert any(
        m.value == r"**The note's batch:** $L = (2.9 + 0 + 12.9) / 3 = \mathbf{5.27}$" for m in at.markdown
    )
    at = run({"present": "1", "classes": "10"})  # nine hinges would run off the screen: once, then the values
    assert arithmetic(at) == [
        "= sum over j ≠ y of max(0, s_j − 3.2 + 1)",
        "= 2.9 + 0 + 0 + 0 + 0 + 1.8 + 0 + 0.5 + 0 = 5.2",
    ]


def test_the_class_correct_class_and_variant_controls_are_on_the_page_not_in_the_sidebar():
    at = run({"present": "1"})
    assert [w.key for w in at.sidebar.selectbox] == [] and [w.key for w in at.sidebar.radio] == []
    assert at.selectbox(key="classes").value == 3 and at.radio(key="variant").value == "Weston-Watkins"


def test_moving_a_score_changes_the_loss_to_what_hinge_gives():
    at = run()
    at.slider(key="s1").set_value(3.0).run()
    expected = hinge.svm_loss([3.2, 3.0, -1.7], 0)
    assert shown_loss(at) == number(expected) == "0.8"
    at.slider(key="s0").set_value(-2.0).run()
    assert shown_loss(at) == number(hinge.svm_loss([-2.0, 3.0, -1.7], 0)) == "7.3"
    assert point(at) == (-2.0, 7.3)  # 6 for the car, 1.3 for the frog


def test_moving_the_margin_changes_the_loss_to_what_hinge_gives():
    at = run()
    at.slider(key="margin").set_value(3.5).run()
    assert shown_loss(at) == number(hinge.svm_loss([3.2, 5.1, -1.7], 0, margin=3.5)) == "5.4"


def test_the_variant_squared_and_scale_controls_reach_the_loss():
    at = run()
    at.radio(key="variant").set_value("Crammer-Singer").run()
    at.toggle(key="squared").set_value(True).run()
    at.slider(key="scale").set_value(2.0).run()
    expected = hinge.svm_loss([6.4, 10.2, -3.4], 0, variant="crammer_singer", squared=True)
    assert shown_loss(at) == number(expected) == "23.04"  # (10.2 - 6.4 + 1)^2
    at.toggle(key="scale_margin").set_value(True).run()
    assert shown_loss(at) == number(
        hinge.svm_loss([6.4, 10.2, -3.4], 0, margin=2.0, variant="crammer_singer", squared=True)
    )


def test_a_link_reproduces_its_view():
    params = {
        "classes": "5", "label": "frog", "s0": "1.5", "s3": "2.5", "margin": "0.5", "scale": "2",
        "scale_margin": "true", "variant": "Crammer-Singer", "squared": "true",
    }  # fmt: skip
    at = run(params)
    assert at.selectbox(key="classes").value == 5
    assert at.selectbox(key="label").value == "frog"
    assert at.slider(key="s0").value == 1.5 and at.slider(key="s3").value == 2.5
    assert at.radio(key="variant").value == "Crammer-Singer" and at.toggle(key="squared").value is True
    scores = [2 * s for s in [1.5, 5.1, -1.7, 2.5, -2.4]]
    expected = hinge.svm_loss(scores, 2, margin=1.0, variant="crammer_singer", squared=True)
    assert shown_loss(at) == number(expected)


def test_the_shown_share_link_reproduces_the_view():
    at = run()
    at.selectbox(key="label").set_value("car").run()
    at.slider(key="s2").set_value(4.4).run()
    at.slider(key="margin").set_value(2.0).run()
    link = live(at)["share_query"]  # the browser puts this page's address in front
    assert link.startswith("classes=3&label=car&s0=3.2&s1=5.1&s2=4.4&margin=2&")
    again = run(dict(parse_qsl(link)))
    assert shown_loss(again) == shown_loss(at) == number(hinge.svm_loss([3.2, 5.1, 4.4], 1, margin=2.0))


def test_loading_an_image_of_the_batch_puts_it_in_the_sliders():
    at = run()
    at.button(key="load2").click().run()
    assert at.selectbox(key="label").value == "frog"
    assert [at.slider(key=f"s{j}").value for j in range(3)] == [2.2, 2.5, -3.1]
    assert shown_loss(at) == "12.9"


def test_the_batch_shows_each_image_and_the_notes_average():
    at = run()
    losses = next(m.value for m in at.markdown if m.value.startswith("**cat image**"))
    assert losses.split("  \n") == [
        "**cat image**: $L = 2.9$",
        "**car image**: $L = 0$",
        "**frog image**: $L = 12.9$",
    ]
    assert at.latex[-1].value.strip("$\n") == r"L = (2.9 + 0 + 12.9) / 3 = \mathbf{5.27}"
    at.slider(key="margin").set_value(0.0).run()
    expected = hinge.svm_loss([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]], [0, 1, 2], margin=0.0)
    assert at.latex[-1].value.strip("$\n").endswith(rf"\mathbf{{{number(expected)}}}")


def test_more_classes_add_sliders_with_their_own_scores():
    at = run({"classes": "10"})
    assert len(at.slider) == 10 + 2  # a score a class, the margin and the scale
    assert shown_loss(at) == number(hinge.svm_loss(list(hinge.playground.DEFAULT_SCORES), 0))


def notices(at):
    return [w.value for w in at.warning]


SCORES = hinge.playground.DEFAULT_SCORES
BAD_LINK_VALUES = [
    ("classes", "abc", "is not a whole number from 2 to 10: using 3."),
    ("classes", "11", "is not a whole number from 2 to 10: using 3."),
    ("label", "FROG", "is not one of the 10 classes (cat, car, frog, plane, ship, truck, deer, dog, horse, "
     "bird): using cat."),
    ("variant", "hinge", "is not Weston-Watkins or Crammer-Singer: using Weston-Watkins."),
    *[(f"s{j}", "NaN", f"is not a number: using {number(SCORES[j])}.") for j in range(10)],
    ("s3", "10.5", "is out of range (-10 to 10): using 0.5."),
    ("margin", "-1", "is out of range (0 to 5): using 1."),
    ("scale", "0", "is out of range (0.1 to 10): using 1."),
    ("scale_margin", "maybe", "is not true or false: using false."),
    ("squared", "2", "is not true or false: using false."),
]  # fmt: skip


@pytest.mark.parametrize(("key", "value", "why"), BAD_LINK_VALUES)
def test_each_unusable_link_value_gets_a_notice_and_the_link_then_matches_the_view(key, value, why):
    """Bug 7: classes=abc, s0=NaN, margin=-1 were dropped without a word."""
    at = run({"classes": "10", key: value} if key != "classes" else {key: value})
    shown = value.replace("-", "\\-").replace(".", "\\.")  # Markdown-escaped, so shown as typed
    assert notices(at) == [f"The link's `{key}` = {shown} {why}"]
    used = why.rsplit("using ", 1)[1].rstrip(".")
    control = at.session_state[key]
    assert (str(control).lower() if isinstance(control, bool) else number(control)
            if isinstance(control, float) else str(control)) == used  # fmt: skip
    assert key not in at.query_params  # the link now says what the page shows: the default
    at.slider(key="margin").set_value(2.0).run()
    assert notices(at) == []  # said once, when the link opens


def test_a_score_for_a_class_not_shown_is_left_out_of_the_link_when_it_is_unusable():
    at = run({"s5": "NaN", "s6": "1.5"})
    assert notices(at) == ["The link's `s5` = NaN is not a number: left out (3 classes are shown)."]
    assert "s5" not in at.query_params and at.query_params["s6"] == "1.5"
    assert shown_loss(at) == "2.9"


def test_a_link_of_usable_values_gets_no_notice():
    params = {"classes": "4", "label": "car", "s0": "1e0", "s3": "-0.5", "margin": "0", "scale": "2",
              "scale_margin": "TRUE", "variant": "Crammer-Singer", "squared": "false"}  # fmt: skip
    at = run(params)
    assert notices(at) == []
    assert at.slider(key="s0").value == 1.0 and at.toggle(key="scale_margin").value is True


def captions(at):
    return [c.value for c in at.caption]


def test_with_a_scale_the_page_says_which_scores_and_margin_the_graph_uses():
    """With k = 4 the sliders read 0.20 while the graph uses 0.8; with Δ × k the margin reads 1.00 for 4."""
    at = run({"s0": "0.2", "scale": "4"})
    assert at.slider(key="s0").value == 0.2
    assert "the graph uses k·s: cat 0.8, car 20.4, frog −6.8" in captions(at)
    assert point(at)[0] == 0.8  # what the graph does use
    assert not any(c.startswith("the graph uses Δ") for c in captions(at))  # Δ is the slider's
    at.toggle(key="scale_margin").set_value(True).run()
    assert "the graph uses Δ × k = 4" in captions(at)
    assert chart(at)["layout"]["annotations"][-2]["text"] == "margin<br>Δ = 4"
    at.slider(key="scale").set_value(1.0).run()
    assert not any(c.startswith("the graph uses") for c in captions(at))  # k = 1: the sliders' values


def test_the_issues_bad_link_gets_one_notice_a_line_for_each_value_and_the_default_view():
    at = run({"classes": "abc", "s0": "NaN", "margin": "-1"})
    assert notices(at) == [
        "The link's `classes` = abc is not a whole number from 2 to 10: using 3.  \n"
        "The link's `s0` = NaN is not a number: using 3.2.  \n"
        "The link's `margin` = \\-1 is out of range (0 to 5): using 1."
    ]
    assert shown_loss(at) == "2.9" and dict(at.query_params) == {}
