"""The playground's numbers (hinge.playground) and its figure (hinge.figures.playground)."""

import json
import math

import numpy as np
import plotly.io as pio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hinge
from hinge import note
from hinge import playground as pg
from hinge import playground_controls as pc
from hinge import playground_text as words
from hinge.figures.playground import playground_figure, playground_spec

import reference as ref

NAMES = ["cat", "car", "frog", "plane", "ship", "truck", "deer", "dog", "horse", "bird"]
CAT = [3.2, 5.1, -1.7]


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# Scores on the sliders' 0.1 grid, and anywhere in between.
score = st.one_of(st.integers(-100, 100).map(lambda i: i / 10), st.floats(-10, 10, allow_nan=False))
example = st.integers(2, 10).flatmap(
    lambda c: st.tuples(st.lists(score, min_size=c, max_size=c), st.integers(0, c - 1))
)
variants = st.sampled_from(["weston_watkins", "crammer_singer"])
margins = st.one_of(st.sampled_from([0.0, 1.0, 0.1]), st.floats(0, 5))


def test_the_notes_cat_image_gives_2_9_with_the_car_term_only():
    p = pg.playground(CAT, 0)
    assert round(p.loss, 10) == 2.9
    assert p.terms.round(10).tolist() == [0.0, 2.9, 0.0]
    assert (p.highest_incorrect, p.worst) == (5.1, 1)


def test_the_hinge_graph_of_the_cat_image_bends_at_each_incorrect_score_plus_the_margin():
    p = pg.playground(CAT, 0)
    assert p.curve_x.round(10).tolist() == [-2.4, -0.7, 6.1, 7.8]
    assert p.curve_y.round(10).tolist() == [10.2, 6.8, 0.0, 0.0]  # 8.5 + 1.7, then car alone, then zero


def test_crammer_singer_bends_only_once_at_the_highest_incorrect_score_plus_the_margin():
    p = pg.playground(CAT, 0, variant="crammer_singer")
    assert pg.kinks(CAT, 0, margin=1.0, variant="crammer_singer").round(10).tolist() == [6.1]
    assert len(p.curve_x) == 3  # the two ends and the one kink
    assert round(p.loss, 10) == 2.9


@settings(max_examples=200, deadline=None)
@given(example, margins, variants)
def test_kinks_are_exactly_each_incorrect_score_plus_the_margin(ex, margin, variant):
    scores, label = ex
    others = [s for j, s in enumerate(scores) if j != label]
    expected = sorted({s + margin for s in others}) if variant == "weston_watkins" else [max(others) + margin]
    assert pg.kinks(scores, label, margin=margin, variant=variant).tolist() == expected


@settings(max_examples=200, deadline=None)
@given(example, margins, variants)
def test_the_loss_curve_is_exact_between_its_breakpoints(ex, margin, variant):
    """Linear between consecutive points: the loop reference at each midpoint is the chord's midpoint."""
    scores, label = ex
    p = pg.playground(scores, label, margin=margin, variant=variant)
    lo, hi = p.x_range
    kinks = pg.kinks(scores, label, margin=margin, variant=variant)
    assert set(kinks[(kinks > lo) & (kinks < hi)]) <= set(p.curve_x)
    assert p.curve_x[0] == lo and p.curve_x[-1] == hi
    for x, y in zip(p.curve_x, p.curve_y, strict=True):
        s = list(scores)
        s[label] = x
        assert close(y, ref.svm_loss(s, label, margin, variant))
    for a, b, ya, yb in zip(p.curve_x, p.curve_x[1:], p.curve_y, p.curve_y[1:], strict=False):
        s = list(scores)
        s[label] = (a + b) / 2
        assert math.isclose(
            ref.svm_loss(s, label, margin, variant), (ya + yb) / 2, rel_tol=1e-9, abs_tol=1e-7
        )


@settings(max_examples=100, deadline=None)
@given(example, margins, variants)
def test_the_squared_curve_passes_through_the_reference_at_every_point_and_kink(ex, margin, variant):
    scores, label = ex
    p = pg.playground(scores, label, margin=margin, variant=variant, squared=True)
    lo, hi = p.x_range
    kinks = pg.kinks(scores, label, margin=margin, variant=variant)
    assert set(kinks[(kinks > lo) & (kinks < hi)]) <= set(p.curve_x)
    for x, y in zip(p.curve_x, p.curve_y, strict=True):
        s = list(scores)
        s[label] = x
        assert math.isclose(y, ref.svm_loss(s, label, margin, variant, True), rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=100, deadline=None)
@given(example, margins, variants, st.booleans())
def test_the_graph_shows_the_point_the_tick_and_every_kink(ex, margin, variant, squared):
    scores, label = ex
    p = pg.playground(scores, label, margin=margin, variant=variant, squared=squared)
    lo, hi = p.x_range
    assert lo < scores[label] < hi and lo < p.highest_incorrect < hi
    assert all(lo < k < hi for k in pg.kinks(scores, label, margin=margin, variant=variant))
    assert close(p.loss, ref.svm_loss(scores, label, margin, variant, squared))


@settings(max_examples=100, deadline=None)
@given(example, margins, variants, st.booleans())
def test_frames_hold_the_current_score_and_the_reference_loss_at_every_position(ex, margin, variant, squared):
    scores, label = ex
    p = pg.playground(scores, label, margin=margin, variant=variant, squared=squared)
    assert p.frame_x[p.active_frame] == scores[label]
    assert len(p.frame_x) <= pg.MAX_FRAMES + 1  # the grid, both ends in; the score in place of one
    assert np.all(np.diff(p.frame_x) > 0)
    for x, loss, terms in zip(p.frame_x, p.frame_loss, p.frame_terms, strict=True):
        s = list(scores)
        s[label] = x
        assert close(loss, ref.svm_loss(s, label, margin, variant, squared))
        assert terms[label] == 0


def test_scaling_the_scores_by_10_is_a_tenth_of_the_margin_times_10():
    """The note: margin 1 -> 0.1 with the scores scaled up 10x gives the same thing."""
    big = pg.playground(CAT, 0, margin=1.0, scale=10.0)
    small = pg.playground(CAT, 0, margin=0.1)
    assert math.isclose(big.loss, 10 * small.loss)


def test_scaling_the_margin_too_scales_the_loss_by_k():
    p = pg.playground(CAT, 0, margin=1.0, scale=3.0, scale_margin=True)
    assert p.margin == 3.0
    assert math.isclose(p.loss, 3 * 2.9)
    assert p.scores.tolist() == [3.2 * 3, 5.1 * 3, -1.7 * 3]


def written(rows):
    """Rows as text, each marked piece in [brackets]: correct score, term values, the loss."""
    return ["".join(f"[{t}]" if role else t for t, role in pieces) for _, pieces in rows]


def test_the_arithmetic_is_written_out_like_the_note():
    rows = words.arithmetic_rows(pg.playground(CAT, 0))
    assert [left for left, _ in rows] == ["L", ""]  # the rows line up after "L"
    assert written(rows) == [
        "= max(0, 5.1 − [3.2] + 1) + max(0, −1.7 − [3.2] + 1)",
        "= [2.9] + [0] = [2.9]",
    ]
    roles = [role for _, pieces in rows for _, role in pieces if role]
    assert roles == ["correct", "correct", "term", "term", "total"]


def test_the_arithmetic_squares_and_takes_the_max_when_asked():
    rows = words.arithmetic_rows(pg.playground(CAT, 0, squared=True, variant="crammer_singer"))
    assert written(rows) == [
        "= max(max(0, 5.1 − [3.2] + 1)², max(0, −1.7 − [3.2] + 1)²)",
        "= max([2.9]², [0]²) = [8.41]",  # 2.9 squared
    ]


def test_the_arithmetic_of_a_negative_correct_score_keeps_its_minus_readable():
    rows = words.arithmetic_rows(pg.playground([-1.2, 0.5], 0))
    assert written(rows) == ["= max(0, 0.5 − [(−1.2)] + 1)", "= [2.7] = [2.7]"]


def test_ten_classes_are_written_two_hinges_a_row_and_one_in_presentation():
    view = pg.playground(pg.DEFAULT_SCORES, 0)
    rows = written(words.arithmetic_rows(view))
    assert len(rows) == 6  # 9 hinges, two a row, then the values
    assert rows[1].startswith("\u2003+ max(0, 0.5 − [3.2] + 1) + max(")
    assert len(words.arithmetic_rows(view, per_line=1)) == 10
    maxed = written(words.arithmetic_rows(pg.playground(pg.DEFAULT_SCORES, 0, variant="crammer_singer")))
    assert rows[0].endswith("+ 1)") and maxed[0].endswith("+ 1),") and maxed[-2].endswith("+ 1))")


def test_the_notes_batch_gives_2_9_0_12_9_and_5_27():
    b = pg.batch_losses(note.BATCH, [0, 1, 2])
    assert [round(v, 10) for v in b.losses] == [2.9, 0.0, 12.9]
    assert round(b.mean, 2) == 5.27 and b.messages == []
    assert words.mean_latex(b) == r"L = (2.9 + 0 + 12.9) / 3 = \mathbf{5.27}"


@pytest.mark.parametrize(
    ("cell", "why"), [(None, "is empty"), (float("nan"), "is empty or NaN"), ("abc", "is not a number")]
)
def test_a_bad_cell_gets_a_message_on_its_row_and_the_other_rows_keep_working(cell, why):
    rows = [list(r) for r in note.BATCH]
    rows[1][1] = cell
    b = pg.batch_losses(rows, [0, 1, 2], columns=["cat score", "car score", "frog score"])
    assert b.losses[1] is None
    assert [round(b.losses[0], 10), round(b.losses[2], 10)] == [2.9, 12.9]
    assert round(b.mean, 10) == 7.9  # (2.9 + 12.9) / 2
    assert len(b.messages) == 1 and b.messages[0].startswith(f"Row 2, car score {why}")
    assert words.mean_latex(b) == r"L = (2.9 + 12.9) / 2 = \mathbf{7.9}"


def test_the_batch_follows_the_margin_the_scale_and_the_variant():
    b = pg.batch_losses(note.BATCH, [0, 1, 2], margin=2.0, scale=2.0, variant="crammer_singer", squared=True)
    expected = [
        ref.svm_loss([2 * v for v in r], i, 2.0, "crammer_singer", True) for i, r in enumerate(note.BATCH)
    ]
    assert all(close(a, b) for a, b in zip(b.losses, expected, strict=True))


def test_the_share_query_names_every_control_in_order():
    query = pc.share_query(
        names=NAMES[:3], label="frog", scores=[3.2, 5.1, -1.7], margin=0.5, scale=2.0,
        scale_margin=True, variant="Crammer-Singer", squared=True,
    )  # fmt: skip
    assert query == (
        "classes=3&label=frog&s0=3.2&s1=5.1&s2=-1.7&margin=0.5&scale=2"
        "&scale_margin=true&variant=Crammer-Singer&squared=true"
    )


@pytest.mark.parametrize(
    ("value", "text"), [(2.8999999999999995, "2.9"), (-0.0001, "0"), (12.0, "12"), (5.2666, "5.27")]
)
def test_numbers_are_written_as_the_note_writes_them(value, text):
    assert words.number(value) == text


# The figure ---------------------------------------------------------------------------------------


def spec(fig):
    return json.loads(pio.to_json(fig, validate=False))


def by_name(d, name):
    return next(t for t in d["data"] if t.get("name") == name)


def test_the_figure_holds_the_curve_the_point_and_the_terms_of_the_cat_image():
    p = pg.playground(CAT, 0)
    d = spec(playground_figure(p, NAMES[:3]))
    curve, point, bars = by_name(d, "loss L"), by_name(d, "this example"), by_name(d, "terms")
    assert curve["x"] == [-2.4, -0.7, 6.1, 7.8] and curve["y"] == [10.2, 6.8, 0.0, 0.0]
    assert point["x"] == [3.2] and point["y"] == [2.9] and point["text"] == ["L = 2.9"]
    assert bars["y"] == [0.0, 2.9, 0.0] and bars["text"] == ["✓", "2.9", "0"]
    assert [t["name"] for t in d["data"]][:2] == ["car's term", "frog's term"]  # the faint hinges


def test_the_margin_band_runs_from_the_highest_incorrect_score_to_it_plus_the_margin():
    d = spec(playground_figure(pg.playground(CAT, 0, margin=2.0), NAMES[:3]))
    band, zero = (s for s in d["layout"]["shapes"] if s["type"] == "rect")
    assert (band["x0"], band["x1"]) == (5.1, 7.1)
    assert zero["x0"] == 7.1 and zero["x1"] == d["layout"]["xaxis"]["range"][1]
    tick = next(s for s in d["layout"]["shapes"] if s["type"] == "line")
    assert tick["x0"] == tick["x1"] == 5.1
    assert "car 5.1" in d["layout"]["xaxis"]["ticktext"][-1]


def test_the_faint_hinges_are_named_under_their_left_ends_until_the_names_would_pile_up():
    def names_on_the_graph(classes):
        p = pg.playground(pg.DEFAULT_SCORES[:classes], 0)
        notes = spec(playground_figure(p, NAMES[:classes]))["layout"]["annotations"]
        return [a["text"] for a in notes if a["xref"] == "x" and a["yref"] == "y"]

    assert names_on_the_graph(3) == ["car", "frog"]
    assert names_on_the_graph(4) == ["car", "frog", "plane"]
    assert names_on_the_graph(5) == []  # ten names piled on one another at the left edge
    assert names_on_the_graph(10) == []


def test_crammer_singer_draws_no_faint_hinges_and_dims_the_terms_that_do_not_count():
    d = spec(playground_figure(pg.playground(CAT, 0, variant="crammer_singer"), NAMES[:3]))
    assert [t["name"] for t in d["data"]] == ["loss L", "this example", "terms"]
    assert by_name(d, "terms")["marker"]["opacity"] == [0.35, 1.0, 0.35]


def test_the_in_figure_slider_keeps_its_shape_while_the_correct_score_moves_in_its_range():
    """So a key press on that score only relabels the slider in the browser (live_chart.js)."""
    shapes = {}
    for s in np.round(np.arange(1.0, 5.5, 0.1), 1):
        p = pg.playground([s, 5.1, -1.7], 0)
        shapes.setdefault(p.x_range, set()).add(len(p.frame_x))
        assert p.frame_x[p.active_frame] == s
    assert len(shapes) == 1 and all(len(counts) == 1 for counts in shapes.values())


def test_every_frame_moves_the_point_and_the_bars_to_the_computed_values():
    p = pg.playground(CAT, 0)
    d = spec(playground_figure(p, NAMES[:3]))
    names = [t["name"] for t in d["data"]]
    point, bars = names.index("this example"), names.index("terms")
    slider = d["layout"]["sliders"][0]
    assert len(d["frames"]) == len(slider["steps"]) == len(p.frame_x)
    assert slider["active"] == p.active_frame
    for frame, step, x, loss, terms in zip(
        d["frames"], slider["steps"], p.frame_x, p.frame_loss, p.frame_terms, strict=True
    ):
        assert frame["traces"] == [point, bars]
        assert step["args"][0] == [frame["name"]]
        assert step["args"][1]["frame"]["redraw"] is False  # in the browser, no server round trip
        assert frame["data"][0]["x"] == [round(x, 6)] and frame["data"][0]["y"] == [round(loss, 6)]
        assert frame["data"][1]["y"] == np.round(terms, 6).tolist()
    active = d["frames"][slider["active"]]["data"][0]
    assert active["x"] == [3.2] and active["text"] == ["L = 2.9"]


def test_the_figure_json_stays_lean_even_with_ten_classes_and_squared_hinges():
    fig = playground_figure(pg.playground(pg.DEFAULT_SCORES, 0, squared=True), NAMES)
    assert len(pio.to_json(fig, validate=False)) < 30_000
    assert (
        spec(playground_figure(pg.playground(CAT, 0), NAMES[:3]))["layout"]["template"].get("layout", {})
        == {}
    )


def test_presentation_font_size_reaches_the_axes():
    d = spec(playground_figure(pg.playground(CAT, 0), NAMES[:3], font_size=22))
    assert d["layout"]["xaxis"]["tickfont"]["size"] == 22
    assert d["layout"]["yaxis"]["title"]["font"]["size"] == 22


def test_hinge_agrees_with_the_page_numbers():
    """The page's numbers are hinge's: a second formula nowhere."""
    p = pg.playground([1.0, 2.0, 3.0, -1.0], 2, margin=0.7, variant="crammer_singer", squared=True)
    assert p.loss == hinge.svm_loss(
        [1.0, 2.0, 3.0, -1.0], 2, margin=0.7, variant="crammer_singer", squared=True
    )


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"variant": "crammer_singer"},
        {"squared": True},
        {"margin": 0.0},
        {"scale": 10.0, "scale_margin": True},
    ],
)
@pytest.mark.parametrize("classes", [2, 3, 10])
def test_the_figure_built_without_validation_is_valid_plotly(options, classes):
    """The builder skips Plotly's validation for speed; here every attribute is validated once."""
    import plotly.graph_objects as go

    p = pg.playground(pg.DEFAULT_SCORES[:classes], classes - 1, **options)
    d = spec(playground_figure(p, NAMES[:classes]))
    go.Figure(d)  # raises ValueError on any unknown attribute or bad value
    for frame in d["frames"]:
        go.Frame(frame)
    # the page sends the plain spec itself: the standard encoder takes it (no numpy in it),
    # and it is this same figure
    assert json.loads(json.dumps(playground_spec(p, NAMES[:classes]))) == d


def test_the_in_figure_sliders_position_becomes_the_score_slider_value_on_its_grid():
    assert pc.score_at(5.5) == 5.5
    assert pc.score_at(5.5, scale=2.0) == 2.8  # the graph uses k·s: 2.75 on the slider's 0.1 grid
    assert pc.score_at(0.8, scale=4.0) == 0.2
    assert pc.score_at(-0.04) == 0.0 and math.copysign(1, pc.score_at(-0.04)) == 1.0
    assert pc.score_at(25.0) == 10.0 and pc.score_at(-25.0) == -10.0  # the slider's ends
    for bad in (float("nan"), float("inf"), "5.5", None, True, [5.5]):
        assert pc.score_at(bad) is None  # the position comes from the browser


def test_text_cells_in_scientific_notation_are_read_as_typed_or_refused_with_a_message():
    b = pg.batch_losses([["3.2", "5.1", "-1e308"], ["1.3", "4.9e0", "2"], ["2.2", "2.5", "1e-1"]], [0, 1, 2])
    assert b.rows == [None, [1.3, 4.9, 2.0], [2.2, 2.5, 0.1]]
    assert b.messages == ["Row 1, column 3 is too large (-1e+308; at most ±1e+06)."]
    assert [None if v is None else round(v, 10) for v in b.losses] == [None, 0.0, 6.5]  # 3.1 + 3.4


def test_a_table_cell_shows_a_number_in_its_shortest_exact_form():
    from hinge.params import cell_text

    assert [cell_text(v) for v in (3.2, -1.7, 2.0, 0.0, 1e-7, 123456.0)] == [
        "3.2",
        "-1.7",
        "2",
        "0",
        "1e-07",
        "123456",
    ]


NAMES3 = ["cat", "car", "frog"]
USED3 = {"classes": 3, "label": "cat", "variant": "Weston-Watkins", "s0": 3.2, "s1": 5.1, "s2": -1.7,
         "margin": 1.0, "scale": 1.0, "scale_margin": False, "squared": False}  # fmt: skip


def test_a_link_value_its_control_did_not_take_gets_a_notice_with_what_is_used_instead():
    link = {"classes": "abc", "s0": "NaN", "margin": "-1", "squared": "yes", "label": "cat"}
    notices, drop = pc.link_notices(link, USED3, NAMES3)
    assert notices == [
        "The link's `classes` = abc is not a whole number from 2 to 10: using 3.",
        "The link's `s0` = NaN is not a number: using 3.2.",
        "The link's `margin` = \\-1 is out of range (0 to 5): using 1.",
        "The link's `squared` = yes is not true or false: using false.",
    ]  # label=cat was used: no word about it
    assert drop == []


def test_a_link_value_is_shown_as_text_never_as_markdown_or_html():
    notices, _ = pc.link_notices({"label": "<b>*x*</b>"}, USED3, NAMES3)
    assert notices == [
        "The link's `label` = \\<b\\>\\*x\\*\\</b\\> is not one of the 3 classes (cat, car, frog): using cat."
    ]


def test_a_score_for_a_class_not_shown_is_dropped_only_when_unusable():
    notices, drop = pc.link_notices({"s7": "inf", "s8": "2"}, USED3, NAMES3)
    assert notices == ["The link's `s7` = inf is infinite: left out (3 classes are shown)."]
    assert drop == ["s7"]


def test_link_values_keep_only_the_playgrounds_keys_as_text():
    assert pc.link_values({"present": "1", "s0": "2", "classes": "4", "x": "y"}) == {
        "classes": "4",
        "s0": "2",
    }


def test_many_classes_on_a_projector_write_the_hinge_once_then_every_value():
    rows = written(words.arithmetic_summary_rows(pg.playground(pg.DEFAULT_SCORES, 0, squared=True)))
    assert rows == [
        "= sum over j ≠ y of max(0, s_j − [3.2] + 1)²",
        "= [2.9]² + [0]² + [0]² + [0]² + [0]² + [1.8]² + [0]² + [0.5]² + [0]² = [11.9]",
    ]
    maxed = written(words.arithmetic_summary_rows(pg.playground(CAT, 0, variant="crammer_singer")))
    assert maxed == ["= max over j ≠ y of max(0, s_j − [3.2] + 1)", "= max([2.9], [0]) = [2.9]"]


# The page's pure helpers: its controls, its callbacks, its words -----------------------------------


def test_the_controls_specs_are_the_sliders_and_the_links_ranges():
    assert pc.slider(pc.MARGIN) == {"min_value": 0.0, "max_value": 5.0, "value": 1.0, "step": 0.1}
    assert pc.slider(pc.SCORES[0]) == {"min_value": -10.0, "max_value": 10.0, "value": 3.2, "step": 0.1}
    assert [pc.slider(spec)["value"] for spec in pc.SCORES] == list(pg.DEFAULT_SCORES)
    assert pc.VARIANT.options == ("Weston-Watkins", "Crammer-Singer")  # link values: never renamed
    assert [pc.variant_key(v) for v in pc.VARIANT.options] == ["weston_watkins", "crammer_singer"]
    assert list(pc.CLASS_COUNTS) == list(range(2, 11)) and pc.CLASSES.default == "3"
    assert pg.DEFAULT_SCORES[:3] == (3.2, 5.1, -1.7) and len(pg.DEFAULT_SCORES) == 10


def test_loading_an_image_sets_the_classes_the_label_and_the_scores_clamped_to_the_sliders():
    assert pc.loaded(1, [1.3, 4.9, 2.0]) == {"classes": 3, "label": "car", "s0": 1.3, "s1": 4.9, "s2": 2.0}
    assert pc.loaded(0, [1e6, -25.0, 0.0]) == {
        "classes": 3,
        "label": "cat",
        "s0": 10.0,
        "s1": -10.0,
        "s2": 0.0,
    }


def test_the_end_of_a_drag_moves_only_the_correct_class_slider_and_nothing_for_garbage():
    assert pc.scrubbed(5.5, label=2, scale=1.0) == {"s2": 5.5}
    assert pc.scrubbed(0.8, label=0, scale=4.0) == {"s0": 0.2}
    for bad in (float("nan"), "5.5", None, True):
        assert pc.scrubbed(bad, label=0, scale=1.0) == {}


def test_the_batch_table_holds_the_notes_scores_as_text_and_reads_back_as_rows():
    table = pc.batch_table()
    assert table["image"] == ["cat image", "car image", "frog image"]
    assert table["cat"] == ["3.2", "1.3", "2.2"] and table["frog"] == ["-1.7", "2", "-3.1"]
    assert pc.batch_cells(table) == [["3.2", "5.1", "-1.7"], ["1.3", "4.9", "2"], ["2.2", "2.5", "-3.1"]]
    b = pg.batch_losses(pc.batch_cells(table), note.BATCH_LABELS, columns=pc.BATCH_COLUMNS)
    assert [round(v, 10) for v in b.losses] == [2.9, 0.0, 12.9]
    assert words.image_losses(pc.BATCH_IMAGES, b.losses) == (
        "**cat image**: $L = 2.9$  \n**car image**: $L = 0$  \n**frog image**: $L = 12.9$"
    )


def test_a_projector_writes_many_classes_once_and_few_three_hinges_a_row():
    ten = pg.playground(pg.DEFAULT_SCORES, 0)
    assert words.shown_arithmetic(ten, presenting=True) == words.arithmetic_summary_rows(ten)
    assert words.shown_arithmetic(ten) == words.arithmetic_rows(ten)  # two hinges a row
    four = pg.playground(pg.DEFAULT_SCORES[:4], 0)
    assert words.shown_arithmetic(four, presenting=True) == words.arithmetic_rows(four, per_line=3)


def test_the_terms_that_count_and_where_the_loss_reaches_zero_come_from_hinge():
    ww, cs = (pg.playground(CAT, 0, margin=2.0, variant=v) for v in ("weston_watkins", "crammer_singer"))
    assert ww.counted.tolist() == [True, True, True] and cs.counted.tolist() == [False, True, False]
    assert ww.zero_from == cs.zero_from == 5.1 + 2.0  # the car's score plus the margin
