"""hinge.linear: data presets, the five losses' gradients, and the training loop's guarantees."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hinge.linear import clicks, geometry, model, presets, training

import reference as ref

LOSSES = tuple(model.LOSSES)


def hinge_arguments(points, labels, weights, bias, margin):
    """Every hinge argument of every loss: finite differences are only valid away from 0 here."""
    s = model.class_scores(points, weights, bias)
    rows = np.arange(len(labels))
    correct = s[rows, labels][:, None]
    masked = s.copy()
    masked[rows, labels] = -np.inf
    top_other = masked.max(axis=1, keepdims=True)
    return np.concatenate([(s - correct + margin).ravel(), (top_other - correct + margin).ravel(),
                           (margin - s).ravel(), (margin + s).ravel()])  # fmt: skip


def test_classic_preset_is_cs231n_demo_data_and_start():
    points, labels = presets.classic_points()
    assert points.tolist()[:3] == [[0.5, 0.4], [0.8, 0.3], [0.3, 0.8]]
    assert points.tolist()[3:6] == [[-0.4, 0.3], [-0.3, 0.7], [-0.7, 0.2]]
    assert points.tolist()[6:] == [[0.7, -0.4], [0.5, -0.6], [-0.4, -0.5]]
    assert labels.tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    weights, bias = presets.initial_parameters(3)
    assert weights.tolist() == [[1, 2], [2, -4], [3, -1]]
    assert bias.tolist() == [0, 0.5, -0.5]


def test_classic_start_loss_is_the_demo_value():
    # point 0, scores [1.3, -0.1, 0.6]: max(0, -0.1 - 1.3 + 1) + max(0, 0.6 - 1.3 + 1) = 0 + 0.3
    points, labels = presets.classic_points()
    weights, bias = presets.initial_parameters(3)
    per_point = model.point_losses(model.class_scores(points, weights, bias), labels)
    assert per_point[0] == pytest.approx(0.3)
    data, reg, _, _ = model.objective(points, labels, weights, bias, reg=0.1)
    assert data == pytest.approx(sum(per_point) / 9) and data == pytest.approx(24.9 / 9)
    assert reg == pytest.approx(0.1 * 35)


@pytest.mark.parametrize("loss", LOSSES)
def test_objective_matches_a_plain_python_loop(loss):
    points, labels = presets.blob_points(12, 4, spread=0.5, seed=3)
    weights, bias = presets.initial_parameters(4, seed=5)
    data, reg, _, _ = model.objective(points, labels, weights, bias, loss=loss, margin=0.7, reg=0.3)
    ref_data, ref_reg = ref.objective(points, labels, weights, bias, loss, 0.7, 0.3)
    assert data == pytest.approx(ref_data, rel=1e-12)
    assert reg == pytest.approx(ref_reg, rel=1e-12)


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_matches_finite_differences_away_from_kinks(loss, seed):
    points, labels = presets.blob_points(15, 3 + seed, spread=0.6, seed=seed)
    weights, bias = presets.initial_parameters(3 + seed, seed=seed + 10)
    margin, reg, h = 1.0, 0.2, 1e-6
    assert np.abs(hinge_arguments(points, labels, weights, bias, margin)).min() > 1e-4  # no kink within h·|x|

    def total(w, b):
        data, reg_loss, _, _ = model.objective(points, labels, w, b, loss=loss, margin=margin, reg=reg)
        return data + reg_loss

    _, _, grad_w, grad_b = model.objective(points, labels, weights, bias, loss=loss, margin=margin, reg=reg)
    numeric_w = np.zeros_like(weights)
    for idx in np.ndindex(weights.shape):
        step = np.zeros_like(weights)
        step[idx] = h
        numeric_w[idx] = (total(weights + step, bias) - total(weights - step, bias)) / (2 * h)
    numeric_b = np.array(
        [(total(weights, bias + h * e) - total(weights, bias - h * e)) / (2 * h) for e in np.eye(len(bias))]
    )
    np.testing.assert_allclose(grad_w, numeric_w, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(grad_b, numeric_b, rtol=1e-6, atol=1e-7)
    assert np.abs(grad_w).max() > 0.01  # a gradient that is all zeros would pass trivially


def test_bias_is_not_regularized():
    points, labels = presets.classic_points()
    weights, bias = np.zeros((3, 2)), np.array([5.0, -3.0, 1.0])
    _, reg, _, _ = model.objective(points, labels, weights, bias, reg=10.0)
    assert reg == 0.0
    _, reg, _, _ = model.objective(points, labels, weights + 1, bias, reg=10.0)
    assert reg == 10.0 * 6


def test_weston_watkins_reaches_zero_data_loss_without_regularization_on_separable_data():
    points, labels = presets.classic_points()
    run = model.train(points, labels, *presets.initial_parameters(3), steps=500, reg=0.0, step_size=0.1)
    assert run.data_loss[0] > 2
    assert run.data_loss[-1] == 0.0
    assert run.accuracy[-1] == 1.0
    first_zero = int(np.argmax(run.data_loss == 0))
    # once every margin is met the hinge has no gradient: W stops moving, unlike softmax
    again = model.train(points, labels, *presets.initial_parameters(3), steps=first_zero, reg=0.0)
    np.testing.assert_array_equal(again.weights, run.weights)


def test_softmax_keeps_pushing_the_weights_apart_without_regularization():
    points, labels = presets.classic_points()
    start = presets.initial_parameters(3)
    runs = [model.train(points, labels, *start, steps=n, loss="softmax") for n in (500, 1000)]
    norms = [np.linalg.norm(run.weights) for run in runs]
    assert norms[1] > norms[0]


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("preset", ["classic", "xor"])
def test_regularized_total_loss_never_reaches_zero(loss, preset):
    points, labels = presets.classic_points() if preset == "classic" else presets.xor_points()
    c = int(labels.max()) + 1
    run = model.train(points, labels, *presets.initial_parameters(c, seed=4), steps=800, loss=loss, reg=0.05)
    assert run.total_loss.min() > 0.01
    assert run.total_loss[-1] < run.total_loss[0]


def test_training_is_deterministic_for_a_seed():
    points, labels = presets.blob_points(40, 4, seed=9)
    start = presets.initial_parameters(4, seed=2)
    runs = [model.train(points, labels, *start, steps=50, reg=0.1) for _ in "ab"]
    np.testing.assert_array_equal(runs[0].weights, runs[1].weights)
    np.testing.assert_array_equal(runs[0].total_loss, runs[1].total_loss)
    other = presets.blob_points(40, 4, seed=10)[0]
    assert not np.array_equal(points, other)
    np.testing.assert_array_equal(points, presets.blob_points(40, 4, seed=9)[0])


@pytest.mark.parametrize("loss", LOSSES)
def test_continuing_a_run_equals_training_for_the_total_number_of_steps(loss):
    points, labels = presets.xor_points()
    options = {"loss": loss, "margin": 1.0, "reg": 0.01, "step_size": 0.3}
    start = presets.initial_parameters(2, seed=1)
    whole = model.train(points, labels, *start, steps=30, **options)
    part = model.train(points, labels, *start, steps=12, **options)
    joined = model.continue_training(part, points, labels, steps=18, **options)
    assert joined.steps == 30
    np.testing.assert_array_equal(joined.weights, whole.weights)
    np.testing.assert_array_equal(joined.bias, whole.bias)
    np.testing.assert_array_equal(joined.total_loss, whole.total_loss)
    np.testing.assert_array_equal(joined.accuracy, whole.accuracy)


def test_zero_steps_measures_the_start():
    points, labels = presets.classic_points()
    run = model.train(points, labels, *presets.initial_parameters(3), steps=0, reg=0.1)
    assert run.steps == 0 and run.total_loss.tolist() == pytest.approx([24.9 / 9 + 3.5])
    assert run.accuracy.tolist() == pytest.approx([2 / 9])  # only points 0 and 2 start on the right side


def test_xor_cannot_be_learned_by_a_linear_classifier():
    points, labels = presets.xor_points()
    for loss in LOSSES:
        run = model.train(points, labels, *presets.initial_parameters(2, seed=0), steps=1500, loss=loss)
        assert run.accuracy.max() <= 0.75


def test_blobs_have_balanced_classes_and_the_asked_shape():
    points, labels = presets.blob_points(300, 5, spread=0.2, seed=1)
    assert points.shape == (300, 2)
    assert np.bincount(labels).tolist() == [60] * 5
    with pytest.raises(ValueError, match="2 to 5 classes"):
        presets.blob_points(10, 6)


def test_one_vs_all_pushes_scores_to_absolute_levels():
    # correct class needs s >= Δ, every other class s <= -Δ: scores [3, -2] for label 0 cost nothing
    loss, grad = model.one_vs_all_loss_and_grad([3.0, -2.0], 0)
    assert loss == 0.0 and grad.tolist() == [0.0, 0.0]
    # the multi-class hinge is happy with [5, 3] (gap 2 > 1); one-vs-all wants class 1 below -1
    loss, grad = model.one_vs_all_loss_and_grad([5.0, 3.0], 0)
    assert loss == 4.0 and grad.tolist() == [0.0, 1.0]
    loss, grad = model.one_vs_all_loss_and_grad([[0.5, 0.0], [0.0, 0.0]], [0, 1], reduction="sum")
    assert loss == 0.5 + 1 + 1 + 1 and grad.tolist() == [[-1.0, 1.0], [1.0, -1.0]]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.floats(-50, 50), min_size=3, max_size=3), min_size=1, max_size=6),
    st.floats(0, 3),
    st.data(),
)
def test_one_vs_all_matches_a_python_loop(rows, margin, data):
    labels = data.draw(st.lists(st.integers(0, 2), min_size=len(rows), max_size=len(rows)))
    per_row, _ = model.one_vs_all_loss_and_grad(rows, labels, margin=margin, reduction="none")
    expected = [ref.one_vs_all(r, y, margin) for r, y in zip(rows, labels, strict=True)]
    np.testing.assert_allclose(per_row, expected, rtol=1e-12, atol=1e-9)


def test_one_vs_all_rejects_bad_input_with_a_clear_message():
    with pytest.raises(ValueError, match=r"labels must be in 0\.\.1"):
        model.one_vs_all_loss_and_grad([[1.0, 2.0]], [2])
    with pytest.raises(ValueError, match="margin must be finite"):
        model.one_vs_all_loss_and_grad([1.0, 2.0], 0, margin=-1)


def test_train_rejects_mismatched_shapes():
    points, labels = presets.classic_points()
    with pytest.raises(ValueError, match="weights must be"):
        model.train(points, labels, np.zeros((3, 3)), np.zeros(3), steps=1)
    with pytest.raises(ValueError, match=r"labels must be in 0\.\.1"):
        model.train(points, labels, np.zeros((2, 2)), np.zeros(2), steps=1)
    with pytest.raises(ValueError, match="loss must be one of"):
        model.train(points, labels, *presets.initial_parameters(3), steps=1, loss="hinge")


def test_stopped_improving_waits_for_a_flat_window():
    assert not model.stopped_improving([5.0] * 20)  # too short to judge
    assert model.stopped_improving([5.0] * 21)
    assert not model.stopped_improving(np.linspace(5, 4, 21))
    assert model.stopped_improving([1.0, 1.1] * 15)  # oscillating without progress counts as stopped


def test_decision_grid_marks_the_winning_class():
    weights, bias = np.array([[1.0, 0.0], [-1.0, 0.0]]), np.zeros(2)
    axis, winners = geometry.decision_grid(weights, bias, 2.0, resolution=5)
    assert axis.tolist() == [-2, -1, 0, 1, 2]
    assert winners[0].tolist() == [1, 1, 0, 0, 0]  # ties at x = 0 go to the lower class
    assert (winners == winners[0]).all()


def test_zero_start_gives_the_notes_c_minus_one_loss():
    # the note: with equal scores every incorrect class costs Δ, so L = C - 1
    points, labels = presets.blob_points(20, 5, seed=0)
    weights, bias = presets.initial_parameters(5, seed="zeros")
    assert model.objective(points, labels, weights, bias)[0] == 4.0


def test_a_diverging_run_stops_at_its_last_finite_state():
    points, labels = presets.blob_points(30, 3, spread=0.5, seed=0)
    points = points * 1e5
    run = model.train(points, labels, *presets.initial_parameters(3, seed=0), steps=200, loss="squared_hinge")
    assert run.diverged and 0 < run.steps < 200
    assert np.isfinite(run.weights).all() and np.isfinite(run.total_loss).all()
    assert model.continue_training(run, points, labels, steps=10, loss="squared_hinge") is run


def test_train_to_reuses_a_shorter_run_and_retrains_for_a_longer_one():
    points, labels = presets.classic_points()
    start = presets.initial_parameters(3)
    at_5 = model.train(points, labels, *start, steps=5, reg=0.1)
    at_9 = model.train_to(at_5, points, labels, *start, steps=9, reg=0.1)
    back_to_3 = model.train_to(at_9, points, labels, *start, steps=3, reg=0.1)
    np.testing.assert_array_equal(
        at_9.total_loss, model.train(points, labels, *start, steps=9, reg=0.1).total_loss
    )
    assert back_to_3.steps == 3
    np.testing.assert_array_equal(back_to_3.total_loss, at_9.total_loss[:4])


def w_row_traces(fig):
    """The plane's traces of each class's zero-score line and W row."""
    return [t for t in fig.data if t.name.startswith("W row ")]


def classic_figure(weights=None, bias=None):
    from hinge.figures import linear as figures

    points, labels = presets.classic_points()
    start = presets.initial_parameters(3)
    weights = start[0] if weights is None else weights
    bias = start[1] if bias is None else bias
    snap = geometry.snapshot(points, labels, weights, bias)
    fig = figures.decision_figure(
        points, labels, snap, class_names=("cat", "car", "frog"), title="t",
    )  # fmt: skip
    return fig, snap


def test_decision_figure_draws_each_zero_score_line_inside_the_view_and_w_as_arrows():
    from hinge.figures import linear as figures

    fig, snap = classic_figure()
    extent = float(snap.grid[-1])
    weights, bias = presets.initial_parameters(3)
    # one trace a class: its zero-score line, a gap, and its W row ending in an arrowhead
    rows = w_row_traces(fig)
    assert [t.name for t in rows] == ["W row cat", "W row car", "W row frog"] and not fig.layout.shapes
    for trace, w, b in zip(rows, weights, bias, strict=True):
        (x0, x1, gap, foot_x, tip_x), (y0, y1, _, foot_y, tip_y) = trace.x, trace.y
        assert gap is None and list(trace.marker.size) == [0, 0, 0, 0, figures.ARROWHEAD]
        assert trace.marker.symbol == "arrow" and trace.marker.angleref == "previous"
        for x, y in ((x0, y0), (x1, y1)):
            assert abs(x) <= extent + 1e-9 and abs(y) <= extent + 1e-9
            assert w @ [x, y] + b == pytest.approx(0, abs=1e-9)  # on the line s_j = 0
        direction = np.array([tip_x - foot_x, tip_y - foot_y])
        assert direction @ w > 0 and abs(direction[0] * w[1] - direction[1] * w[0]) < 1e-9  # along +W_j


def test_decision_figure_outlines_exactly_the_points_with_loss():
    fig, snap = classic_figure()
    points = [t for t in fig.data if t.name in ("cat", "car", "frog")]
    widths = np.concatenate([np.atleast_1d(t.marker.line.width) for t in points])
    labels = presets.CLASSIC_LABELS
    losses = np.concatenate([snap.point_losses[labels == j] for j in range(3)])
    assert ((widths > 0) == (losses > 0)).all() and (losses == 0).any() and (losses > 0).any()


def test_a_zero_row_of_w_draws_no_line_and_no_arrow():
    weights = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    fig, _ = classic_figure(weights, np.zeros(3))
    rows = w_row_traces(fig)
    assert len(rows) == 3 and list(rows[0].x) == list(rows[0].y) == []  # still a trace: a step moves it
    assert all(len(t.x) == 5 for t in rows[1:])


def test_loss_curves_of_a_long_run_are_thinned_but_keep_the_last_step():
    from hinge.figures import linear as figures

    points, labels = presets.classic_points()
    run = model.train(points, labels, *presets.initial_parameters(3), steps=2000, reg=0.1)
    fig = figures.loss_curve_figure(run.data_loss, run.reg_loss, run.accuracy, title="t", max_points=300)
    total = fig.data[0]
    assert total.name == "total" and len(total.x) <= 300
    assert total.x[0] == 0 and total.x[-1] == 2000
    assert total.y[-1] == pytest.approx(run.total_loss[-1])


def test_table_rows_round_trip_to_points_and_parameters():
    points, labels = presets.points_from_rows([[0.5, 0.4, 0], [-0.4, 0.3, 1.0]])
    assert points.tolist() == [[0.5, 0.4], [-0.4, 0.3]]
    assert labels.tolist() == [0, 1] and labels.dtype.kind == "i"
    weights, bias = presets.initial_parameters(3)
    rows = presets.parameter_rows(weights, bias)
    assert rows == [[1.0, 2.0, 0.0], [2.0, -4.0, 0.5], [3.0, -1.0, -0.5]]  # the CS231n demo's start
    back_w, back_b = presets.parameters_from_rows(rows)
    assert back_w.tolist() == weights.tolist() and back_b.tolist() == bias.tolist()


ROWS = [[0.5, 0.4, 0], [-0.4, 0.3, 1], [0.7, -0.4, 2]]


def clicked(x, y, index=None, loss=0.0, *, as_streamlit=True):
    """A chart selection of one point, as Streamlit hands it over (customdata as {"0": ..., "1": ...})."""
    point = {"curve_number": 2, "point_number": 0, "point_index": 0, "x": x, "y": y}
    if index is not None:
        point["customdata"] = {"0": index, "1": loss} if as_streamlit else [index, loss]
    return {"selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}}


def test_move_add_and_remove_point_return_new_rows_and_leave_the_input_alone():
    assert clicks.move_point(ROWS, 1, -0.123, 0.987) == [[0.5, 0.4, 0], [-0.12, 0.99, 1], [0.7, -0.4, 2]]
    assert clicks.add_point(ROWS, 0.1, -0.0001, 2)[-1] == [0.1, 0.0, 2]  # rounded, and no -0.0
    assert str(clicks.add_point(ROWS, 0.1, -0.0001, 2)[-1][1]) == "0.0"
    assert clicks.remove_point(ROWS, 0) == ROWS[1:]
    assert ROWS == [[0.5, 0.4, 0], [-0.4, 0.3, 1], [0.7, -0.4, 2]]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: clicks.move_point(ROWS, 3, 0, 0), IndexError),
        (lambda: clicks.move_point(ROWS, -1, 0, 0), IndexError),
        (lambda: clicks.move_point(ROWS, True, 0, 0), IndexError),
        (lambda: clicks.remove_point(ROWS, 1.0), IndexError),
        (lambda: clicks.move_point(ROWS, 0, float("nan"), 0), ValueError),
        (lambda: clicks.move_point(ROWS, 0, 0, 101), ValueError),
        (lambda: clicks.add_point(ROWS, 0, 0, 5), ValueError),
        (lambda: clicks.add_point(ROWS, 0, 0, -1), ValueError),
    ],
)
def test_point_edits_reject_bad_indices_coordinates_and_classes(call, error):
    with pytest.raises(error):
        call()


def test_a_click_on_a_point_picks_it_and_a_second_click_lets_it_go():
    assert clicks.after_click(ROWS, None, clicked(-0.4, 0.3, 1)) == (None, 1)
    assert clicks.after_click(ROWS, 0, clicked(-0.4, 0.3, 1, as_streamlit=False)) == (None, 1)
    assert clicks.after_click(ROWS, 1, clicked(-0.4, 0.3, 1)) == (None, None)


def test_a_click_on_the_plane_moves_the_picked_point_and_keeps_it_picked():
    rows, picked = clicks.after_click(ROWS, 2, clicked(-1.1, 0.9))
    assert rows == [[0.5, 0.4, 0], [-0.4, 0.3, 1], [-1.1, 0.9, 2]] and picked == 2


def test_a_click_on_the_plane_adds_a_point_of_the_chosen_class_and_picks_it():
    rows, picked = clicks.after_click(ROWS, 0, clicked(0.2, 0.2), add_label=1)
    assert rows == [*ROWS, [0.2, 0.2, 1]] and picked == 3


@pytest.mark.parametrize(
    ("picked", "selection"),
    [
        (None, clicked(0.2, 0.2)),  # the plane, nothing picked
        (0, {"selection": {"points": []}}),  # a deselect
        (0, {}),
        (0, None),
        (0, "junk"),
        (0, {"selection": {"points": [{"x": 0.1, "y": 0.1}, {"x": 0.2, "y": 0.2}]}}),  # two points
        (0, clicked(0.5, 0.4, 7)),  # an index the data no longer has
        (0, clicked(0.9, 0.9, 1)),  # a stale index: point 1 is elsewhere now
        (0, clicked(0.5, 0.4, "x")),
        (0, clicked("a", 0.4)),
        (0, clicked(float("inf"), 0.4)),
        (0, clicked(500.0, 0.4)),  # outside the table's limits
        (0, {"selection": {"points": [{"y": 0.4}]}}),
    ],
)
def test_bad_or_stale_clicks_change_nothing(picked, selection):
    assert clicks.after_click(ROWS, picked, selection) == (None, picked)


def test_a_picked_index_beyond_the_rows_is_forgotten():
    assert clicks.after_click(ROWS, 9, clicked(0.1, 0.1)) == (None, None)


def test_click_grid_has_round_steps_and_covers_the_view():
    assert clicks.click_grid(1.2).tolist() == pytest.approx(np.arange(-12, 13) / 10)
    for extent in (1.2, 1.95, 3.0, 13.0, 0.07):
        grid = clicks.click_grid(extent)
        step = grid[1] - grid[0]
        assert grid[-1] <= extent + 1e-9 and grid[-1] + step > extent
        assert 12 <= len(grid) <= 50
        mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
        assert round(mantissa, 6) in (1, 2, 5)


def test_decision_figure_makes_the_free_plane_clickable_and_rings_the_picked_point():
    from hinge.figures import linear as figures

    points, labels = presets.classic_points()
    weights, bias = presets.initial_parameters(3)
    snap = geometry.snapshot(points, labels, weights, bias)
    grid = clicks.click_grid(snap.extent)
    fig = figures.decision_figure(
        points, labels, snap, class_names=("cat", "car", "frog"), title="t", click_grid=grid, picked=4,
    )  # fmt: skip
    plane = next(t for t in fig.data if t.name == "plane")
    # one invisible heatmap, a cell centred on each spot of the grid (0.1 apart over the view ±1.2)
    assert plane.type == "heatmap"
    assert list(plane.x) == list(plane.y) == pytest.approx(np.arange(-12, 13) / 10)
    assert np.shape(plane.z) == (25, 25) and not np.any(plane.z)
    assert all(colour == "rgba(0,0,0,0)" for _, colour in plane.colorscale)  # nothing drawn over the regions
    assert plane.showlegend is False and plane.showscale is False and plane.customdata is None
    ring = next(t for t in fig.data if t.name == "picked")
    assert (ring.x[0], ring.y[0]) == (-0.3, 0.7) and ring.customdata[0][0] == 4
    names = [t.name for t in fig.data]
    assert names.index("plane") < names.index("cat")  # under the points: a point near the cursor wins


# The page's training rules -----------------------------------------------------------------------------
def test_step_buttons_and_the_step_box_move_the_training_within_its_bounds():
    t = training.Training(step=10)
    assert training.step_by(t, 1).step == 11 and training.step_by(t, 25).step == 35
    assert training.step_by(t, training.MAX_STEPS).step == training.MAX_STEPS
    assert training.go_to(t, -3).step == 0 and training.go_to(t, 42).step == 42
    assert training.reset(training.Training(step=500, running=True)) == training.Training()
    assert isinstance(training.go_to(t, 12.0).step, int)


def test_a_frame_steps_only_while_running_and_run_toggles():
    t = training.toggle_run(training.Training(step=170, stopped="Stopped at step 170: ..."))
    assert t == training.Training(step=170, running=True)  # a new Run forgets why the last one stopped
    assert training.frame(t, 5) == training.Training(step=175, running=True)
    paused = training.toggle_run(t)
    assert training.frame(paused, 5) == paused


def test_a_run_stops_at_the_step_it_computed_once_the_loss_stops_improving():
    points, labels = presets.classic_points()
    start = presets.initial_parameters(3)
    t = training.Training(running=True)
    for _ in range(100):
        t = training.frame(t, 5)
        run = model.train(points, labels, *start, steps=t.step)
        after = training.after_frame(t, [run])
        if not after.running:
            break
        assert after == t  # still improving: nothing changes
    assert after.step == t.step == run.steps  # the last step computed, not one before
    assert after.stopped == f"Stopped at step {t.step}: the loss stopped improving."
    assert model.stopped_improving(run.total_loss)
    assert not model.stopped_improving(run.total_loss[:-5])  # one frame earlier it was still improving


def test_a_round_of_a_run_is_its_frames_steps_one_frame_apart_and_clipped_at_the_last_step():
    running = training.Training(step=170, running=True)
    assert training.round_steps(running, 5, 4) == [175, 180, 185, 190]
    assert training.round_steps(training.Training(step=2990, running=True), 5, 4) == [2995, 3000]
    assert training.round_steps(training.Training(step=170), 5, 4) == [170]  # paused: the step shown
    assert training.frames_a_round(side_by_side=False) == training.FRAMES_A_ROUND == 12
    assert training.frames_a_round(side_by_side=True) == 24
    # a round's frames fill the time to the next round: 13.3 frames a second, side by side too
    assert training.play_seconds(side_by_side=False) * 12 == pytest.approx(training.FRAME_SECONDS)
    assert training.play_seconds(side_by_side=True) * 24 == pytest.approx(2 * training.FRAME_SECONDS)


def test_a_paused_round_shows_every_frame_the_round_that_stopped_a_run_played_again():
    points, labels = presets.classic_points()
    start = presets.initial_parameters(3)
    steps = [165, 170, 175]
    runs = [[model.train(points, labels, *start, steps=s)] for s in steps]
    # paused (the page after a Run stopped itself), every frame, not only the first as a Run's stop rule
    # would give: a paused training never "runs" at any of them
    assert training.frames_to_stop(training.Training(step=175), steps, runs) == 3
    assert training.frames_to_stop(training.Training(step=175), [175], runs[-1:]) == 1


def test_rounds_of_frames_stop_at_the_step_that_one_frame_a_round_stops_at():
    """The stop rule is checked at every frame of a round: rounds of 4 frames stop the Run at the very
    step that frames one at a time did (issue 13 bug 6: the end state is the last step computed)."""
    points, labels = presets.classic_points()
    start = presets.initial_parameters(3)
    one_by_one = training.Training(running=True)
    while one_by_one.running:
        one_by_one = training.frame(one_by_one, 5)
        run = model.train(points, labels, *start, steps=one_by_one.step)
        one_by_one = training.after_frame(one_by_one, [run])
    t, rounds = training.Training(running=True), 0
    while t.running:
        steps = training.round_steps(t, 5, 4)
        runs_by_frame = [[model.train(points, labels, *start, steps=s)] for s in steps]
        shown = training.frames_to_stop(t, steps, runs_by_frame)
        t = training.after_frame(training.go_to(t, steps[shown - 1]), runs_by_frame[shown - 1])
        rounds += 1
    assert t.step == one_by_one.step == 195 and t.stopped == one_by_one.stopped
    assert rounds == 10 and shown == 3  # the last round, 185..200, stops at its third frame
    paused = training.Training(step=40)
    assert training.frames_to_stop(paused, [40], [[model.train(points, labels, *start, steps=40)]]) == 1


def test_a_run_stops_at_the_last_step_and_when_every_run_diverged():
    points, labels = presets.classic_points()
    start = presets.initial_parameters(3)
    improving = model.train(points, labels, *start, steps=3)
    at_end = training.after_frame(training.Training(step=training.MAX_STEPS, running=True), [improving])
    assert not at_end.running and at_end.step == training.MAX_STEPS
    diverged = model.train(points, labels, *start, steps=200, loss="squared_hinge", step_size=3.0, reg=1.0)
    assert diverged.diverged
    both = training.after_frame(training.Training(step=200, running=True), [diverged, improving])
    assert both.running  # one of two still learns
    alone = training.after_frame(training.Training(step=200, running=True), [diverged])
    assert not alone.running and alone.step == 200


def test_a_late_value_of_an_older_step_box_changes_nothing():
    t = training.Training(step=200)
    assert training.typed(t, 200, 40) == training.Training(step=40)
    assert training.typed(t, 175, 175) is t
    assert training.typed(training.Training(step=175, running=True), 170, 170).step == 175


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, presets.MAX_CLASSES).flatmap(
        lambda c: st.tuples(
            st.lists(st.floats(-3, 3), min_size=2 * c, max_size=2 * c),
            st.lists(st.floats(-2, 2), min_size=c, max_size=c),
        )
    )
)
def test_decision_regions_are_exactly_where_each_class_wins_and_tile_the_view(wb):
    weights, bias = np.reshape(wb[0], (-1, 2)), np.array(wb[1])
    extent = 1.5
    regions = geometry.decision_regions(weights, bias, extent)
    assert len(regions) == len(bias)

    def area(p):  # the shoelace formula
        q = np.roll(p, -1, axis=0)
        return 0.5 * abs((p[:, 0] * q[:, 1] - p[:, 1] * q[:, 0]).sum())

    total = sum(area(p) for p in regions if len(p) >= 3)
    assert total == pytest.approx((2 * extent) ** 2, rel=1e-6, abs=1e-9)  # no gap, no overlap
    grid = np.linspace(-extent, extent, 13)
    for x in np.column_stack([g.ravel() for g in np.meshgrid(grid, grid)]):
        scores = weights @ x + bias
        winner = int(np.argmax(scores))
        if np.sort(scores)[-2] > scores[winner] - 1e-6:
            continue  # on a boundary
        polygon = regions[winner]
        edges = np.roll(polygon, -1, axis=0) - polygon
        cross = edges[:, 0] * (x - polygon)[:, 1] - edges[:, 1] * (x - polygon)[:, 0]
        assert (cross >= -1e-9).all()  # inside the winner's polygon (its vertices go anticlockwise)


def test_decision_figure_draws_the_regions_as_polygons_and_keys_the_point_sizes():
    fig, snap = classic_figure()
    filled = [t for t in fig.data if t.fill == "toself"]
    assert [t.name for t in filled] == ["region cat", "region car", "region frog"]
    for trace, polygon in zip(filled, snap.regions, strict=True):
        ring = np.vstack([polygon, polygon[:1]])
        np.testing.assert_allclose(np.column_stack([trace.x, trace.y]), ring, atol=1e-5)
        assert trace.hoverinfo == "skip"
    key = [t.name for t in fig.data if t.showlegend is not False and t.customdata is None]
    assert key == ["small: no loss", "big, ringed: loss"]
    ringed = next(t for t in fig.data if t.name == "big, ringed: loss")
    plain = next(t for t in fig.data if t.name == "small: no loss")
    assert ringed.marker.size > plain.marker.size and ringed.marker.line.width > 0


def test_side_by_side_loss_curves_share_one_loss_axis():
    from hinge.figures import linear as figures

    points, labels = presets.classic_points()
    start = presets.initial_parameters(3)
    runs = [model.train(points, labels, *start, steps=20, loss=name) for name in LOSSES]
    shared = figures.shared_loss_range(*(r.total_loss for r in runs))
    assert shared == [0, pytest.approx(1.05 * max(r.total_loss.max() for r in runs))]
    ranges = {
        tuple(figures.loss_curve_figure(r.data_loss, r.reg_loss, r.accuracy, title="t", loss_range=shared)
              .layout.yaxis.range)
        for r in runs
    }  # fmt: skip
    assert ranges == {tuple(shared)}


# The page's rules and geometry, moved out of the page and the figure ------------------------------------
def test_the_cs231n_start_is_only_for_three_classes_others_start_from_the_w_seed():
    from hinge.linear.presets import CLASSIC_WEIGHTS

    assert training.start_seed("cs231n", 7, 3) == (None, None)
    seed, why = training.start_seed("cs231n", 7, 4)
    assert seed == 7 and why == "The CS231n demo's W and b are for 3 classes: 4 start from random W and b."
    assert training.start_seed("random", 7, 3) == (7, None)
    assert training.start_seed("zeros", 7, 5) == ("zeros", None)
    np.testing.assert_array_equal(presets.initial_parameters(3, seed=None)[0], CLASSIC_WEIGHTS)


def test_the_number_of_classes_grows_with_an_edited_point_of_a_new_class():
    _, labels = presets.classic_points()
    assert presets.class_count(labels, labels) == 3
    assert presets.class_count(labels, np.append(labels, 4)) == 5
    assert presets.class_count([0, 1], [0, 1], preset_classes=4) == 4  # blobs: the slider's C


def test_alerts_say_when_the_scores_overflowed_or_the_loss_grew():
    points, labels = presets.classic_points()
    start = presets.initial_parameters(3)
    diverged = model.train(points, labels, *start, steps=200, loss="squared_hinge", step_size=3.0, reg=1.0)
    assert diverged.diverged
    kind, text = training.alert(diverged, "Squared hinge (L2-SVM)")
    assert (kind, text) == (
        "error",
        f"Squared hinge (L2-SVM): the scores overflowed at step {diverged.steps + 1}. Lower the step size.",
    )
    assert training.alert(model.train(points, labels, *start, steps=20, reg=0.1), "x") is None
    grew = model.train(points, labels, *start, steps=3, loss="squared_hinge", step_size=1.0, reg=1.0)
    assert not grew.diverged and grew.total_loss[-1] > 10 * grew.total_loss[0] + 1
    kind, text = training.alert(grew, "Squared")
    assert kind == "warning" and text == (
        f"Squared: the loss grew from {grew.total_loss[0]:.3g} to {grew.total_loss[-1]:.3g}. "
        "The step size is too large for it."
    )


def test_the_status_line_gives_the_step_the_loss_and_its_parts_and_the_accuracy():
    points, labels = presets.classic_points()
    run = model.train(points, labels, *presets.initial_parameters(3), steps=0, reg=0.1)
    assert training.status(run, "Weston-Watkins multiclass SVM") == (
        "**Weston-Watkins multiclass SVM** · step **0** · total loss **6.267** = data 2.767 + "
        "regularization 3.5 · accuracy **22%**"
    )


def test_a_run_is_continued_only_for_the_same_points_start_and_options():
    points, labels = presets.classic_points()
    problem = (points, labels, *presets.initial_parameters(3))
    options = {"loss": "softmax", "margin": 1.0, "reg": 0.1, "step_size": 0.1}
    key = training.run_key(problem, options)
    assert key == training.run_key(tuple(a.copy() for a in problem), dict(reversed(options.items())))
    moved = points.copy()
    moved[0, 0] += 1e-9
    assert training.run_key((moved, *problem[1:]), options) != key
    assert training.run_key(problem, {**options, "reg": 0.3}) != key
    assert len(key) == 40


def test_a_run_redraws_every_frame_seconds_twice_as_long_side_by_side():
    running = training.Training(running=True)
    assert training.frame_seconds(running, side_by_side=False) == training.FRAME_SECONDS == 0.9
    assert training.frame_seconds(running, side_by_side=True) == 1.8
    assert training.frame_seconds(training.Training(), side_by_side=True) is None


def test_zero_lines_end_on_the_view_square_and_arrows_start_at_the_foot_of_each_line():
    weights, bias = presets.initial_parameters(3)
    extent = 1.2
    for w, b, arrow in zip(weights, bias, geometry.w_arrows(weights, bias, extent), strict=True):
        ends = geometry.zero_line(w, b, extent)
        assert ends.shape == (2, 2) and np.allclose(ends @ w + b, 0)
        assert np.isclose(np.abs(ends).max(axis=1), extent).all()  # both ends on the square's edge
        foot, tip = arrow
        np.testing.assert_allclose(foot, -b * w / (w @ w))
        np.testing.assert_allclose(tip - foot, 0.6 * extent / np.linalg.norm(weights, axis=1).max() * w)
    assert geometry.zero_line(np.array([1.0, 0.0]), -5.0, 1.2) is None  # x = 5: out of view
    assert geometry.w_arrows(np.zeros((2, 2)), np.ones(2), 1.0) == [None, None]
    snap = geometry.snapshot(*presets.classic_points(), weights, bias)
    assert snap.extent == geometry.view_extent(presets.CLASSIC_POINTS) == 1.2  # the least: 1.3 · 0.8 < 1.2
    assert len(snap.zero_lines) == len(snap.arrows) == 3


def test_delete_removes_the_picked_point_unless_it_is_the_last_or_gone():
    rows = [[0.5, 0.4, 0], [-0.4, 0.3, 1]]
    assert clicks.after_delete(rows, 0, 0) == ([[-0.4, 0.3, 1]], None)
    assert clicks.after_delete(rows, 5, 1) == (None, 1)
    assert clicks.after_delete(rows, None, None) == (None, None)
    assert clicks.after_delete(rows[:1], 0, 0) == (None, 0)
    assert [clicks.kept_pick(p, 2) for p in (0, 1, 2, -1, None, "1")] == [0, 1, None, None, None, None]


def test_table_rows_from_a_link_an_edit_and_for_the_link():
    from hinge.linear import controls

    cols = {"columns": controls.POINT_COLUMNS, "label_column": 2, "n_classes": 5}
    assert controls.rows_from_link("0.5,0.4,0;1,2,4", "points", **cols) == (
        [[0.5, 0.4, 0.0], [1.0, 2.0, 4.0]],
        [],
    )
    rows, notices = controls.rows_from_link("0.5,0.4,9", "points", **cols)
    assert rows is None and len(notices) == 1 and notices[0].startswith("`points` in the link: ")
    assert notices[0].endswith("Using the defaults.")
    rows, notices = controls.checked_rows([[0.5, 0.4, 0], [None, 0.3, 1]], **cols)
    assert (
        rows == [[0.5, 0.4, 0]]
        and len(notices) == 1
        and notices[0].endswith("It is left out until it is fixed.")
    )
    assert controls.rows_for_link("points", [[0.5, 0.4, 0]], [[0.5, 0.4, 0.0]]) == (None, None)
    assert controls.rows_for_link("points", [[0.5, 0.4, 1]], [[0.5, 0.4, 0]]) == ("0.5,0.4,1", None)
    many = [[10.25, -10.25, 1]] * 300
    text, notice = controls.rows_for_link("points", many, [])
    assert text is None and notice.startswith("The edited points are too long for a share link (")


def test_the_controls_spell_the_link_as_the_menus_show_it_with_the_registry_names_and_formulas():
    from hinge import registry
    from hinge.linear import controls

    assert [controls.loss_name(key) for key in controls.LOSSES] == [
        "Weston-Watkins multiclass SVM", "Crammer-Singer (structured SVM)", "One-vs-all binary hinge",
        "Squared hinge (L2-SVM)", "Softmax cross-entropy",
    ]  # fmt: skip
    assert controls.LOSSES[controls.SECOND_LOSS] == "softmax"
    shown = controls.shown_controls(
        preset="blobs", init="zeros", loss="softmax", loss2="one_vs_all", compare=False, margin=0.5, reg=0.01,
        step_size=0.3, blobs={"n_points": 60, "n_classes": 4, "spread": 0.3, "seed": 0},
    )  # fmt: skip
    assert shown == {
        "data": ("Random blobs", controls.MENU), "init": ("All zeros", controls.MENU),
        "loss": ("Softmax cross-entropy", controls.MENU), "loss2": ("One-vs-all binary hinge", controls.MENU),
        "compare": (False, "true or false"), "delta": (0.5, "a number from 0 to 3"),
        "lam": (0.01, "one of 0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1"),
        "lr": (0.3, "one of 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3"),
        "n": (60, "a whole number from 6 to 300"), "classes": (4, "a whole number from 2 to 5"),
        "spread": (0.3, "a number from 0.05 to 1"),
    }  # fmt: skip
    ww = r"L_i = \sum_{j \neq y_i} \max(0,\; s_j - s_{y_i} + \Delta)"
    assert controls.formulas(["weston_watkins", "softmax", "weston_watkins"]) == (
        r"L = \frac{1}{N}\sum_i L_i + \lambda \sum W^2, \qquad " + ww + r" \quad\text{vs}\quad "
        + r"L_i = -\ln \big(e^{s_{y_i}} \,/\, \sum_j e^{s_j}\big)"
    )  # fmt: skip
    assert registry.get("squared_hinge").latex == ww + "^2"
    assert (controls.chart_height(False, False), controls.chart_height(True, False)) == (500, 440)
    assert (controls.chart_height(False, True), controls.chart_height(True, True)) == (430, 390)
