"""AppTest for the linear-classifier page: default view, stepping, every loss, share links, bad input."""

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from hinge import note, registry
from hinge.linear import controls, geometry, model, presets, training

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "3_Train_a_linear_classifier.py")


def open_page(**query):
    at = AppTest.from_file(PAGE, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def status(at):
    """The status lines under the controls: '**Weston-Watkins ...** · step **3** · total loss ...'."""
    return [m.value for m in at.markdown if "· step **" in m.value]


# the training view's own widgets: the step buttons above the charts, the boxes under them (not the step's)
VIEW_WIDGETS = {"lin_step1", "lin_stepn", "lin_run", "lin_reset", "lin_n", "lin_click_mode", "lin_delete"}


def shown_step(at):
    """The value of the "Go to step" box (keyed by the step it shows, so found by its label)."""
    (box,) = [n for n in at.number_input if n.label == "Go to step"]
    return box.value


def values(array):
    """A Plotly array from the chart JSON: a plain list, or Plotly's typed {"bdata", "dtype", "shape"}."""
    if not isinstance(array, dict):
        return np.asarray(array)
    flat = np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
    return flat.reshape([int(n) for n in str(array.get("shape", len(flat))).split(",")])


def components(at):
    """The data of every custom component of the page (live charts and tables), in page order."""
    return [json.loads(c.proto.json) for c in at.get("bidi_component")]


def charts(at):
    """The figures the page hands to its live charts (ui.live_figure), in page order: plane, curves, ..."""
    return [json.loads(c["figure"]) for c in components(at) if "figure" in c]


def tables(at):
    """The tables under the charts (session.show_table), in page order: the scores table, the W table
    (then the second loss's), each as {column: [its cells' text]}."""
    return [
        {name: [row[j] for row in t["rows"]] for j, name in enumerate(t["columns"])}
        for t in components(at) if "rows" in t
    ]  # fmt: skip


def plane_spec(at, index=0):
    return charts(at)[2 * index]


def curve_spec(at, index=0):
    return charts(at)[2 * index + 1]


def class_traces(plane):
    """The names of the point traces in the legend (the picked ring, the click grid and the key to the
    point sizes are not)."""
    return [
        t["name"] for t in plane["data"]
        if t.get("mode") == "markers" and t.get("showlegend", True) and "customdata" in t
    ]  # fmt: skip


def regions(plane):
    """The filled decision regions, by class name: their vertices as an (K + 1, 2) closed ring."""
    return {
        t["name"].removeprefix("region "): np.column_stack([values(t["x"]), values(t["y"])])
        for t in plane["data"] if t.get("fill") == "toself"
    }  # fmt: skip


def classic_run(steps, **options):
    points, labels = presets.classic_points()
    return model.train(points, labels, *presets.initial_parameters(3), steps=steps, **options)


def test_default_view_is_cs231n_demo_at_step_zero():
    at = open_page()
    assert not at.exception
    assert status(at) == [
        "**Weston-Watkins multiclass SVM** · step **0** · total loss **6.267** = data 2.767 + "
        "regularization 3.5 · accuracy **22%**"
    ]
    plane = plane_spec(at)
    drawn = regions(plane)
    assert list(drawn) == ["cat", "car", "frog"]
    points, _ = presets.classic_points()
    exact = geometry.decision_regions(*presets.initial_parameters(3), geometry.view_extent(points))
    for ring, polygon in zip(drawn.values(), exact, strict=True):
        np.testing.assert_allclose(ring, np.vstack([polygon, polygon[:1]]), atol=1e-5)
    assert plane["layout"]["title"]["text"] == "Weston-Watkins multiclass SVM, step 0"
    names = class_traces(plane)
    assert names == ["cat", "car", "frog"]
    assert sum(t["name"].startswith("W row ") for t in plane["data"]) == 3  # one W-row arrow per class
    assert not at.warning


def test_one_step_moves_the_classifier_and_lowers_the_loss():
    at = open_page()
    before = regions(plane_spec(at))
    at.button(key="lin_step1").click().run()
    assert not at.exception
    assert shown_step(at) == 1
    # paused, a step reruns the view's results alone (the step box is theirs), not the buttons above them
    drawn = {getattr(e, "key", None) for e in at.main}
    assert "lin_step_1" in drawn and not drawn & VIEW_WIDGETS
    expected = classic_run(1, reg=0.1)
    assert f"total loss **{expected.total_loss[-1]:.4g}**" in status(at)[0]
    assert expected.total_loss[-1] < expected.total_loss[0]
    after = regions(plane_spec(at))
    assert after.keys() == before.keys()
    assert any(after[c].shape != before[c].shape or not np.allclose(after[c], before[c]) for c in after)
    curve = curve_spec(at)
    total = next(t for t in curve["data"] if t.get("name") == "total")
    assert values(total["x"]).tolist() == [0, 1]
    assert values(total["y"]).tolist() == pytest.approx(expected.total_loss.round(6).tolist())


def test_n_steps_jumps_ahead_and_reset_returns_to_zero():
    at = open_page()
    at.number_input(key="lin_n").set_value(25).run()
    at.button(key="lin_stepn").click().run()
    assert shown_step(at) == 25
    expected = classic_run(25, reg=0.1)
    assert f"accuracy **{expected.accuracy[-1]:.0%}**" in status(at)[0]
    assert "step **25**" in status(at)[0]
    at.run()  # the step reran the view's results alone: AppTest knows the buttons again after a full run
    at.button(key="lin_reset").click().run()
    assert shown_step(at) == 0
    assert "step **0**" in status(at)[0]


@pytest.mark.parametrize("loss", list(model.LOSSES))
def test_each_loss_trains_and_shows_its_own_numbers(loss):
    at = open_page(step="30")
    at.selectbox(key="loss").set_value(loss).run()
    assert not at.exception
    expected = classic_run(30, loss=loss, reg=0.1)
    line = status(at)[0]
    assert line.startswith(f"**{registry.get(loss).name}** · step **30**")
    assert f"total loss **{expected.total_loss[-1]:.4g}**" in line
    assert plane_spec(at)["layout"]["title"]["text"] == f"{registry.get(loss).name}, step 30"


def test_share_link_reproduces_step_40_of_the_softmax_run():
    at = open_page(step="40", loss="Softmax cross-entropy", lam="0.01", lr="0.3", delta="0.5")
    assert not at.exception and not at.warning
    expected = classic_run(40, loss="softmax", reg=0.01, step_size=0.3, margin=0.5)
    line = status(at)[0]
    assert line.startswith("**Softmax cross-entropy** · step **40**")
    assert f"total loss **{expected.total_loss[-1]:.4g}**" in line
    points_table, w_table = tables(at)
    np.testing.assert_allclose([float(w) for w in w_table["w₁"]], expected.weights[:, 0].round(3))
    assert w_table["class"] == ["cat", "car", "frog"]
    points, labels = presets.classic_points()
    snap = geometry.snapshot(
        points, labels, expected.weights, expected.bias, loss="softmax", margin=0.5, reg=0.01
    )
    assert [float(v) for v in points_table["loss"]] == pytest.approx(snap.point_losses.round(4).tolist())
    assert points_table["class"] == [note.CLASS_NAMES[y] for y in labels]


def test_side_by_side_trains_both_losses_from_the_same_start():
    at = open_page(compare="true", loss2="Softmax cross-entropy", step="20", lam="0")
    assert not at.exception
    lines = status(at)
    assert len(lines) == 2 and len(charts(at)) == 4
    ww, softmax = classic_run(20, reg=0.0), classic_run(20, loss="softmax", reg=0.0)
    assert f"total loss **{ww.total_loss[-1]:.4g}**" in lines[0]
    assert f"total loss **{softmax.total_loss[-1]:.4g}**" in lines[1]


def test_run_steps_each_frame_and_stops_by_itself_when_the_loss_stops_improving():
    at = open_page(lam="0")
    at.selectbox(key="lin_speed").set_value(10).run()  # rounds of 80 steps: it stops in the third
    at.run()  # the speed reran the view's results alone: AppTest knows the buttons again after a full run
    at.button(key="lin_run").click().run()
    assert at.session_state["lin_training"].running
    for _ in range(60):
        if not at.session_state["lin_training"].running:
            break
        at.run()
    assert not at.exception
    assert not at.session_state["lin_training"].running
    step = shown_step(at)
    assert 0 < step < training.MAX_STEPS
    run = classic_run(step, reg=0.0)
    assert run.data_loss[-1] == 0.0  # Weston-Watkins met every margin, so the loss stopped improving
    assert model.stopped_improving(run.total_loss)
    # the page, paused, plays the frames of the round that stopped the Run: no jump to its last step
    plane = json.loads(at.get("bidi_component")[0].proto.json)
    titles = [json.loads(f)["layout"]["title"]["text"].rsplit(" ", 1)[-1] for f in plane["play"]]
    span = training.FRAMES_A_ROUND * 10  # a round's steps: its frames, 10 steps apart
    first = (step - 1) // span * span + 10  # the round's first frame
    assert step > first and titles == [str(s) for s in range(first, step, 10)]


def test_each_round_of_a_run_hands_the_charts_its_frames_one_a_speed_apart():
    """A Run's page reruns once a round: the live charts get the round's earlier frames to draw in
    turn (ui.live_figure's play), the last frame as the figure, whose step the page is at."""
    at = open_page(lam="0")
    at.button(key="lin_run").click().run()  # the page again, running: the first round
    at.run()
    step = shown_step(at)
    frames = training.FRAMES_A_ROUND
    assert step % (5 * frames) == 0 and step > 0 and at.session_state["lin_training"].running
    plane, curves = (json.loads(c.proto.json) for c in at.get("bidi_component")[:2])
    assert plane["in_place"] and curves["in_place"]  # drawn with Plotly.animate and relayout
    name = registry.get("weston_watkins").name
    titles = [json.loads(f)["layout"]["title"]["text"] for f in plane["play"]]
    assert titles == [f"{name}, step {s}" for s in range(step - 5 * (frames - 1), step, 5)]
    assert json.loads(plane["figure"])["layout"]["title"]["text"] == f"{name}, step {step}"
    assert plane["play_ms"] == curves["play_ms"] == 75  # 12 frames in the 0.9 s to the next round
    run = classic_run(step - 5 * (frames - 2), reg=0.0)  # the second frame's step
    total = next(t for t in json.loads(curves["play"][1])["data"] if t.get("name") == "total")
    np.testing.assert_allclose(values(total["y"]), np.round(run.total_loss, 6))
    # every frame has the same traces as the last, the click grid too: each is drawn in place
    kinds = [
        [(t["type"], t.get("name")) for t in json.loads(f)["data"]] for f in [*plane["play"], plane["figure"]]
    ]
    assert all(k == kinds[-1] for k in kinds) and ("heatmap", "plane") in kinds[-1]
    at.button(key="lin_run").click().run()  # paused: one figure, nothing to play
    assert all(not c["play"] for c in components(at) if "figure" in c)


def step_box(at):
    (box,) = [n for n in at.number_input if n.label == "Go to step"]
    return box


def run_to_the_end(at):
    """Press Run and rerun until it stops; returns the Step box (id, value) as the browser last drew it."""
    at.button(key="lin_run").click().run()
    drawn = None
    for _ in range(60):
        if "Pause" not in at.button(key="lin_run").label:
            return drawn
        drawn = step_box(at)._widget_state  # its id and the value it shows
        at.run()
    raise AssertionError("Run did not stop")


def test_a_late_value_of_the_step_box_from_a_run_frame_does_not_take_the_finished_run_back():
    """The race of issue 13 bug 6, by construction: the browser sends the Step box's value as it
    drew it one round before the end (step 80, say: a round is 12 frames of 10 steps) after the Run
    stopped at 200."""
    at = open_page(lam="0")
    at.selectbox(key="lin_speed").set_value(10).run()
    at.run()  # the buttons again (see above)
    last = next(
        s for s in range(10, training.MAX_STEPS, 10) if model.stopped_improving(classic_run(s).total_loss)
    )
    drawn = run_to_the_end(at)
    assert shown_step(at) == last and f"step **{last}**" in status(at)[0]
    assert 0 < last - drawn.double_value <= training.FRAMES_A_ROUND * 10
    late = at._tree.get_widget_states()
    late.widgets.append(drawn)  # that frame's box, with the value it showed
    at._run(widget_state=late)
    assert not at.exception
    assert "▶ Run" in at.button(key="lin_run").label
    assert shown_step(at) == last
    assert f"step **{last}**" in status(at)[0]
    assert at.query_params["step"] == str(last)


def test_blobs_preset_with_five_classes_starts_from_a_seeded_random_w():
    at = open_page(data="Random blobs", classes="5", n="100", seed="7", step="10")
    assert not at.exception
    assert any("for 3 classes" in c.value for c in at.sidebar.caption)  # CS231n's W does not fit 5 classes
    plane = plane_spec(at)
    assert class_traces(plane) == [
        "cat", "car", "frog", "plane", "ship"
    ]  # fmt: skip
    points, labels = presets.blob_points(100, 5, spread=0.3, seed=7)
    expected = model.train(points, labels, *presets.initial_parameters(5, seed=0), steps=10, reg=0.1)
    assert f"total loss **{expected.total_loss[-1]:.4g}**" in status(at)[0]


def test_points_and_w_in_the_link_replace_the_preset_and_the_start():
    at = open_page(points="0,0,0;1,1,1;2,0,1", w="1,0,0;0,1,0;0,0,1", step="3")
    assert not at.exception and not at.warning
    points, labels = np.array([[0.0, 0], [1, 1], [2, 0]]), np.array([0, 1, 1])
    weights, bias = np.array([[1.0, 0], [0, 1], [0, 0]]), np.array([0.0, 0, 1])
    expected = model.train(points, labels, weights, bias, steps=3, reg=0.1)
    assert f"total loss **{expected.total_loss[-1]:.4g}**" in status(at)[0]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"points": "1,2;3"}, "`points`"),
        ({"points": "0,0,9"}, "not a class index"),
        ({"points": "0,nan,1"}, "`points`"),
        ({"w": "1,2,3"}, "1 rows but there are 3 classes"),
        ({"w": "1,2,3;x,1,1;0,0,0"}, "`w`"),
    ],
)
def test_bad_link_values_warn_and_fall_back_to_defaults(query, message):
    at = open_page(**query)
    assert not at.exception
    assert any(message in w.value for w in at.warning), [w.value for w in at.warning]
    assert "step **0** · total loss **6.267**" in status(at)[0]


def test_an_emptied_point_cell_gets_a_row_message_and_the_rest_still_trains():
    at = open_page()
    edits = {"edited_rows": {"1": {"x₁": None}}, "added_rows": [], "deleted_rows": []}
    at.session_state["lin_points_editor_0_9"] = edits
    at.run()
    assert not at.exception
    assert any(w.value.startswith("Row 2, x₁ is empty") for w in at.warning), [w.value for w in at.warning]
    points, labels = presets.classic_points()
    keep = np.arange(9) != 1
    expected = model.train(points[keep], labels[keep], *presets.initial_parameters(3), steps=0, reg=0.1)
    assert f"total loss **{expected.total_loss[-1]:.4g}**" in status(at)[0]


def test_a_diverging_step_size_is_reported_not_raised():
    at = open_page(loss="Squared hinge (L2-SVM)", lr="3", lam="1", step="200")
    assert not at.exception
    assert any("overflowed" in e.value for e in at.error)


def test_editing_a_point_trains_on_it_and_puts_the_points_in_the_link():
    at = open_page(step="5")
    at.session_state["lin_points_editor_0_9"] = {
        "edited_rows": {"0": {"x₁": -0.5}},
        "added_rows": [{"x₁": 0.1, "x₂": 0.1, "class": 2}],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception and not at.warning
    points, labels = presets.classic_points()
    points[0, 0] = -0.5
    points, labels = np.vstack([points, [0.1, 0.1]]), np.append(labels, 2)
    expected = model.train(points, labels, *presets.initial_parameters(3), steps=5, reg=0.1)
    assert f"total loss **{expected.total_loss[-1]:.4g}**" in status(at)[0]
    assert at.query_params["points"] == (
        "-0.5,0.4,0;0.8,0.3,0;0.3,0.8,0;-0.4,0.3,1;-0.3,0.7,1;-0.7,0.2,1;0.7,-0.4,2;0.5,-0.6,2;-0.4,-0.5,2;0.1,0.1,2"
    )
    at.button(key="lin_points_reset").click().run()
    assert "points" not in at.query_params
    assert "step **5**" in status(at)[0]


def test_editing_w_restarts_from_the_edited_start():
    at = open_page(step="12")
    edits = {"edited_rows": {"1": {"w₂": 4.0}}, "added_rows": [], "deleted_rows": []}
    at.session_state["lin_w_editor_0_3"] = edits
    at.run()
    assert not at.exception and not at.warning
    weights, bias = presets.initial_parameters(3)
    weights[1, 1] = 4.0
    points, labels = presets.classic_points()
    expected = model.train(points, labels, weights, bias, steps=0, reg=0.1)
    assert f"step **0** · total loss **{expected.total_loss[-1]:.4g}**" in status(at)[0]
    assert at.query_params["w"] == "1,2,0;2,4,0.5;3,-1,-0.5"


def test_randomise_starts_from_a_new_seeded_w_at_step_zero():
    at = open_page(step="12")
    at.button(key="lin_random").click().run()
    assert not at.exception
    assert at.selectbox(key="init").value == "random" and at.number_input(key="wseed").value == 1
    points, labels = presets.classic_points()
    expected = model.train(points, labels, *presets.initial_parameters(3, seed=1), steps=0, reg=0.1)
    assert f"step **0** · total loss **{expected.total_loss[-1]:.4g}**" in status(at)[0]


def chart_click(x, y, index=None):
    """What the decision chart's on_select callback queues: one clicked point, as Streamlit reports it."""
    point = {"curve_number": 2, "point_number": 0, "point_index": 0, "x": x, "y": y}
    if index is not None:
        point["customdata"] = {"0": index, "1": 0.5}
    return ("click", {"selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}})


def click(at, x, y, index=None):
    at.session_state["lin_pending"] = chart_click(x, y, index)
    return at.run()


def picked_ring(at):
    return [(*values(t["x"]), *values(t["y"])) for t in plane_spec(at)["data"] if t.get("name") == "picked"]


def test_clicking_a_point_then_the_plane_moves_it_in_the_table_the_charts_and_the_link():
    at = click(open_page(step="5"), 0.5, 0.4, 0)
    assert not at.exception and not at.warning
    assert at.session_state["lin_picked"] == 0 and picked_ring(at) == [(0.5, 0.4)]
    assert "points" not in at.query_params
    click(at, -0.8, -1.0)
    assert not at.exception and not at.warning
    assert at.query_params["points"].startswith("-0.8,-1,0;0.8,0.3,0;")
    assert at.session_state["lin_points_base"][0] == [-0.8, -1.0, 0]
    assert tables(at)[0]["x₁"][0] == "-0.8"  # the scores table follows
    assert picked_ring(at) == [(-0.8, -1.0)]  # still picked: the next click moves it again
    points, labels = presets.classic_points()
    points[0] = [-0.8, -1.0]
    expected = model.train(points, labels, *presets.initial_parameters(3), steps=5, reg=0.1)
    assert f"step **5** · total loss **{expected.total_loss[-1]:.4g}**" in status(at)[0]


def test_a_click_on_the_plane_adds_a_point_of_the_chosen_class_and_delete_removes_it():
    at = open_page()
    at.selectbox(key="lin_click_mode").set_value(2).run()
    click(at, 0.1, 0.2)
    assert not at.exception
    assert at.query_params["points"].endswith(";-0.4,-0.5,2;0.1,0.2,2")
    assert at.session_state["lin_picked"] == 9 and not at.button(key="lin_delete").disabled
    at.button(key="lin_delete").click().run()
    assert not at.exception
    assert "points" not in at.query_params  # back to the preset's 9 points
    assert at.session_state["lin_picked"] is None and at.button(key="lin_delete").disabled
    assert "total loss **6.267**" in status(at)[0]


def test_stale_and_empty_clicks_change_nothing_and_raise_nothing():
    at = open_page()
    click(at, 0.9, 0.9, 1)  # point 1 is not there: a click on a chart of older data
    click(at, 0.3, 0.3)  # the plane, with nothing picked
    at.session_state["lin_pending"] = ("click", {"selection": {"points": []}})
    at.run()
    at.session_state["lin_pending"] = ("delete", 42)
    at.run()
    assert not at.exception and not at.warning
    assert "points" not in at.query_params and at.session_state["lin_picked"] is None
    assert "total loss **6.267**" in status(at)[0]


def test_choosing_other_points_forgets_the_picked_one():
    at = click(open_page(), 0.5, 0.4, 0)
    at.selectbox(key="data").set_value("xor").run()
    assert not at.exception
    assert at.session_state["lin_picked"] is None and picked_ring(at) == []


BLOBS = {"data": "Random blobs"}
MENU = "not one of the menu's choices: using"


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ({"loss": "hinge"}, f"`loss` in the link is hinge, {MENU} Weston-Watkins"),
        ({"data": "blobs"}, f"`data` in the link is blobs, {MENU} CS231n's 9"),
        ({"init": "x"}, f"`init` in the link is x, {MENU} CS231n demo's W"),
        ({"compare": "yes"}, "`compare` in the link is yes, not true or false: using false."),
        ({"delta": "-1"}, "`delta` in the link is \\-1, not a number from 0 to 3: using 1."),
        ({"lam": "7"}, "`lam` in the link is 7, not one of 0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1: "
                       "using 0.1."),
        ({"lr": "x"}, "`lr` in the link is x, not one of 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3: "
                      "using 0.1."),
        ({**BLOBS, "n": "1000"}, "`n` in the link is 1000, not a whole number from 6 to 300: using 60."),
        ({**BLOBS, "classes": "9"}, "`classes` in the link is 9, not a whole number from 2 to 5: using 3."),
        ({**BLOBS, "spread": "nan"}, "`spread` in the link is nan, not a number from 0.05 to 1: using 0.3."),
    ],
)  # fmt: skip
def test_every_unusable_control_value_in_the_link_gets_a_notice(query, notice):
    at = open_page(**query)
    assert not at.exception
    assert [w.value for w in at.warning if w.value.startswith(notice)], [w.value for w in at.warning]
    assert "step **0** · total loss" in status(at)[0]
    assert not set(query) - {"data"} & set(at.query_params)  # Streamlit dropped them from the link too


def test_usable_control_values_in_the_link_get_no_notice():
    at = open_page(
        loss="Softmax cross-entropy", compare="true", loss2="Weston-Watkins multiclass SVM", lam="0.01",
        lr="1", delta="2", data="Random blobs", n="50", classes="4", spread="0.5",
        init="Random, from a seed", wseed="3", step="7",
    )  # fmt: skip
    assert not at.exception and not at.warning and not at.sidebar.warning


def test_one_reset_button_and_it_goes_back_to_step_zero_keeping_the_start():
    at = open_page(step="30", w="1,0,0;0,1,0;0,0,1")
    resets = [b for b in at.button if "reset" in b.label.lower().split()]
    assert [b.label for b in resets] == ["Reset to step 0"]
    resets[0].click().run()
    assert shown_step(at) == 0 and "step" not in at.query_params
    assert at.query_params["w"] == "1,0,0;0,1,0;0,0,1"  # the edited start stays
    assert not any(b.help for b in at.button if b.key in ("lin_step1", "lin_stepn", "lin_run", "lin_reset"))


def test_side_by_side_loss_charts_share_one_loss_axis():
    at = open_page(compare="true", loss2="Softmax cross-entropy", step="20")
    ranges = [curve_spec(at, i)["layout"]["yaxis"]["range"] for i in (0, 1)]
    ww, softmax = classic_run(20, reg=0.1), classic_run(20, loss="softmax", reg=0.1)
    top = max(ww.total_loss.max(), softmax.total_loss.max())
    assert ranges[0] == ranges[1] == [0, pytest.approx(1.05 * top)]


def test_the_plane_has_a_legend_for_what_a_points_size_means():
    plane = plane_spec(open_page())
    key = [t for t in plane["data"] if t.get("name") in ("small: no loss", "big, ringed: loss")]
    assert [t["name"] for t in key] == ["small: no loss", "big, ringed: loss"]
    assert all(t.get("showlegend", True) for t in key)
    assert key[1]["marker"]["size"] > key[0]["marker"]["size"]


@pytest.fixture
def full_runs(monkeypatch):
    """How many times the page drew its points table: once a full run, never in the training view."""
    from hinge.ui import training as session

    tables = []
    drawn = session.points_table
    monkeypatch.setattr(session, "points_table", lambda *a: tables.append(1) or drawn(*a))
    return tables


@pytest.mark.parametrize(
    ("widget", "key", "value", "options"),
    [
        ("slider", "delta", 0.5, {"margin": 0.5}),
        ("select_slider", "lam", 0.01, {"reg": 0.01}),
        ("select_slider", "lr", 0.3, {"step_size": 0.3}),
        ("selectbox", "loss", "crammer_singer", {"loss": "crammer_singer"}),
    ],
)
def test_the_loss_and_training_settings_rerun_the_views_results_alone(full_runs, widget, key, value, options):
    """Δ, λ, the step size and a loss rerun the fragment of the training view's results, which follow
    them: the sidebar and the points and W tables (the full run's) are not drawn again, nor the step
    buttons above the charts and the boxes under them (the view's).

    (After such a rerun AppTest knows only what the fragment drew: one change a test.)
    """
    at = open_page(step="30")
    assert at.button(key="lin_step1") and at.number_input(key="lin_n")
    getattr(at, widget)(key=key).set_value(value).run()
    assert not at.exception and len(full_runs) == 1
    drawn = {getattr(e, "key", None) for e in at.main}
    assert not drawn & VIEW_WIDGETS
    assert "lin_step_30" in drawn  # the step box is the results'
    settings = {"loss": "weston_watkins", "reg": 0.1} | options
    loss = settings.pop("loss")
    expected = classic_run(30, loss=loss, **settings)
    assert status(at) == [
        f"**{registry.get(loss).name}** · step **30** · total loss **{expected.total_loss[-1]:.4g}** = data "
        f"{expected.data_loss[-1]:.4g} + regularization {expected.reg_loss[-1]:.4g} · accuracy "
        f"**{expected.accuracy[-1]:.0%}**"
    ]
    assert controls.formulas([loss]) in at.latex[0].value  # the formulas under the view follow the loss
    assert plane_spec(at)["layout"]["title"]["text"] == f"{registry.get(loss).name}, step 30"


def test_a_loss_that_turns_the_margin_off_and_the_data_rerun_the_page(full_runs):
    at = open_page()
    at.selectbox(key="loss").set_value("softmax").run()  # no margin: the page disables the Δ slider
    assert len(full_runs) == 2 and at.slider(key="delta").disabled
    at.selectbox(key="loss").set_value("one_vs_all").run()
    assert len(full_runs) == 3 and not at.slider(key="delta").disabled
    at.selectbox(key="data").set_value("xor").run()
    assert len(full_runs) == 4
