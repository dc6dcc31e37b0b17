"""The cross-entropy vs hinge page through AppTest: defaults, edits, bad cells, bad links."""

import base64
import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from hinge import compare_controls, compare_table

VISIT = compare_table.visit
PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "1_Cross-entropy_vs_hinge.py")


def run(**query):
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception[0].value
    return at


def results(at):
    """The comparison table as a list of row dicts (display strings)."""
    return at.table[0].value.to_dict("records")


def probabilities(at):
    """The table of every class's softmax probability, row dicts."""
    return at.table[1].value.to_dict("records")


def metrics(at):
    return {m.label: (m.value, m.delta) for m in at.metric}


def warnings(at):
    return [w.value for w in at.warning]


def text(at):
    return "\n".join(m.value for m in at.markdown)


def charts(at):
    """The figure of each live chart (ui.live_figure), in page order: lead, gradient, training, scale."""
    return [json.loads(json.loads(live.proto.json)["figure"]) for live in at.get("bidi_component")]


def chart_rows_ce(at):
    """The y values of the lead chart's row markers for cross-entropy (Plotly may send them as base64)."""
    spec = charts(at)[0]
    y = next(t for t in spec["data"] if t["name"] == "table rows: cross-entropy")["y"]
    if isinstance(y, dict):
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]).tolist()
    return y


def edit(at, edits):
    """Apply data-editor edits (as the browser sends them) and rerun."""
    version = at.session_state.get("_cmp_version", 0)  # hinge.ui.versioned_editor's key
    at.session_state[f"cmp_editor_{version}"] = {
        "edited_rows": {},
        "added_rows": [],
        "deleted_rows": [],
    } | edits
    at.run()
    assert not at.exception, at.exception[0].value
    return at


def test_defaults_show_the_notes_numbers_svm_zero_and_cross_entropy_never_zero():
    at = run()
    rows = results(at)
    assert [r["SVM loss"] for r in rows] == ["0", "0", "0"]
    assert [r["cross-entropy"] for r in rows] == ["0.000918", "0.551", "3.38e-48"]
    assert [r["lead"] for r in rows] == ["7", "1", "110"]
    assert rows[2]["p(correct)"] == "1 − 3.38e-48"
    assert probabilities(at)[2] == {"row": "3", "correct class": "cat", "p(cat)": "1 − 3.38e-48",
                                    "p(car)": "1.69e-48", "p(frog)": "1.69e-48"}  # fmt: skip
    assert warnings(at) == [] and not at.error
    assert "**SVM loss exactly 0** on rows 1, 2 and 3" in text(at)
    assert "rows 1 and 3 are past it and row 2 sits exactly on it, at the kink" in text(at)
    assert "row 2: SVM sits on a kink, its subgradient is the whole interval [−2, 0]" in text(at)
    assert "row 1: SVM exactly 0" in text(at)  # past the margin
    assert "it never reaches 0, whatever the lead" in text(at)
    assert metrics(at)["SVM loss after"] == ("0", "no change")  # the note's last row, nudged
    assert metrics(at)["Cross-entropy after"][0] == "4.47e-48"
    assert "met at step 15" in text(at)
    titles = [chart["layout"]["title"]["text"] for chart in charts(at)]
    assert titles == [
        "Hinge: 0 from the margin on", "The hinge's push stops at the margin", "Each score, step by step",
        "Both losses of k × scores",
    ]  # fmt: skip
    assert dict(at.query_params) == {}  # the note's rows need no link parameters


def test_editing_a_cell_updates_that_row_and_the_link():
    at = run()
    edit(at, {"edited_rows": {2: {"car": 9.5}}})
    rows = results(at)
    assert rows[2]["SVM loss"] == "0.5"  # 9.5 - 10 + 1
    assert rows[2]["lead"] == "0.5"
    assert rows[2]["cross-entropy"] != "3.38e-48"
    assert rows[0]["cross-entropy"] == "0.000918"  # the other rows are untouched
    assert at.query_params["rows"] == "10,-2,3;10,9,9;10,9.5,-100"
    assert at.query_params["labels"] == "0,0,0"


def test_bad_cells_get_a_message_and_the_other_rows_keep_working():
    at = run()
    edit(at, {"edited_rows": {1: {"frog": None}}, "added_rows": [{"cat": 1.0}]})
    assert warnings(at) == ["Row 2, frog is empty.", "Row 4, car is empty."]
    rows = results(at)
    assert [r["row"] for r in rows] == ["1", "3"]
    assert [r["cross-entropy"] for r in rows] == ["0.000918", "3.38e-48"]
    assert at.query_params["rows"] == "10,-2,3;10,-100,-100"  # only the good rows go in the link


def test_a_table_with_no_complete_row_says_so_instead_of_failing():
    at = run()
    edit(at, {"deleted_rows": [0, 1, 2], "added_rows": [{"cat": 1.0}]})
    assert at.error and "No complete row" in at.error[0].value
    assert not charts(at)


@pytest.mark.parametrize(
    ("widget", "key", "value"), [("slider", "margin", 2.0), ("selectbox", "variant", "crammer_singer")]
)
def test_margin_and_variant_rerun_only_the_sections_below_the_table(monkeypatch, widget, key, value):
    """Their callbacks rerun the sections' fragments: the table is not read again, every section follows.

    (After such a rerun AppTest knows only the sections' widgets: one change a test.)
    """
    at = run()
    visits = []
    monkeypatch.setattr(compare_table, "visit", lambda *a, **k: visits.append(1) or VISIT(*a, **k))
    getattr(at, widget)(key=key).set_value(value).run()
    assert not at.exception and visits == []  # the page above the sections did not run
    # [10, 9, 9] leads by 1: Δ = 2 misses both terms by 1; the highest one alone with Δ = 1 is 0
    svm = {"margin": ["0", "2", "0"], "variant": ["0", "0", "0"]}[key]
    assert [r["SVM loss"] for r in results(at)] == svm
    lead, _, training, scale = charts(at)
    if key == "margin":
        assert "at least the margin 2" in text(at) and "above 0 on row 2" in text(at)
        assert lead["data"][-1]["text"] == ["margin Δ = 2"]  # the margin's line's label
        assert "met at step 20" in text(at)  # the training follows: the cat's car term is 3.9, not 2.9
    else:
        assert "met at step 15" in text(at)
    assert training["layout"]["title"]["text"] and scale["layout"]["title"]["text"]
    assert "(log scale)" in lead["layout"]["yaxis"]["title"]["text"]  # the toggle's setting holds


def test_the_log_toggle_reruns_the_charts_with_log_axes_only(monkeypatch):
    at = run()
    visits = []
    monkeypatch.setattr(compare_table, "visit", lambda *a, **k: visits.append(1) or VISIT(*a, **k))
    at.toggle(key="log").set_value(False).run()
    assert not at.exception and visits == []
    lead, grad, scale = charts(at)  # the training's chart has no log axis: not drawn again
    assert [c["layout"]["yaxis"]["title"]["text"] for c in (lead, grad)] == ["loss", "∂L/∂s<sub>y</sub>"]
    assert "ticktext" not in scale["layout"]["yaxis2"]  # the cross-entropy panel is linear now


def test_a_share_link_restores_rows_labels_and_controls():
    at = run(rows="1000,-1000,-1000;1,2,3", labels="0,2", margin="2", eps="1")
    rows = results(at)
    assert [r["cross-entropy"] for r in rows] == ["5.15e-869", "0.408"]
    assert [r["correct class"] for r in probabilities(at)] == ["cat", "frog"]
    assert rows[1]["SVM loss"] == "1"  # lead 1 short of the margin 2 by 1, one term
    assert at.slider(key="margin").value == 2.0
    assert "5.15e-869" in text(at)


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ({"rows": "10,x,3"}, "`rows` row 1: a value is not a number"),
        ({"rows": "1,2;3"}, "`rows` row 2 has 1 values"),
        ({"rows": ";".join(["1,2"] * 30)}, "`rows` has 30 rows; at most 20"),
        ({"rows": "1" * 5000}, "`rows` is too long"),
        ({"rows": "1,2;3,4", "labels": "0,7"}, "`labels` has a bad value"),
        ({"rows": "1,2;3,4", "labels": "0"}, "`labels` has 1 values; expected 2"),
    ],
)
def test_bad_link_parameters_fall_back_with_a_notice_not_an_exception(query, notice):
    at = run(**query)
    assert any(w.startswith(notice) for w in warnings(at)), warnings(at)
    assert results(at)  # the page still works


@pytest.mark.parametrize(
    ("query", "notices"),
    [
        (
            {"margin": "abc", "eps": "nan", "k": "1e308", "lr": "-1", "steps": "x"},
            ["`margin` is not a number", "`eps` is empty or NaN", "`lr` is out of range", "`k` is too large",
             "`steps` is not a number"],
        ),
        ({"variant": "<b>x</b>", "nudge": "sideways"}, ["`variant` must be one of", "`nudge` must be"]),
        ({"log": "maybe", "seed": "-5"}, ["`seed` is out of range", "`log` must be one of"]),
        ({"nudge_class": "99", "nudge_row": "7", "train": "dog"},
         ["`nudge_class` must be one of 'cat', 'car', 'frog'", "`nudge_row` must be one of '1', '2', '3'",
          "`train` must be one of the options"]),
    ],
)  # fmt: skip
def test_bad_control_values_in_the_link_give_a_notice_and_defaults(query, notices):
    at = run(**query)
    assert sorted(w.split(" ", 1)[0] for w in warnings(at)) == sorted(n.split(" ", 1)[0] for n in notices)
    for notice in notices:
        assert any(w.startswith(notice) for w in warnings(at)), (notice, warnings(at))
    assert [r["cross-entropy"] for r in results(at)] == ["0.000918", "0.551", "3.38e-48"]
    assert "<b>" not in "".join(warnings(at))  # never echoed as HTML


def test_changing_the_margin_breaks_the_tight_row_only():
    at = run()
    at.slider(key="margin").set_value(2.0).run()
    rows = results(at)
    assert [r["SVM loss"] for r in rows] == ["0", "2", "0"]  # [10,9,9]: two terms of 9 - 10 + 2
    assert [r["cross-entropy"] for r in rows] == ["0.000918", "0.551", "3.38e-48"]  # no margin in CE


def test_the_nudge_moves_cross_entropy_and_not_the_svm_loss():
    at = run()
    before = metrics(at)
    at.slider(key="eps").set_value(1.5).run()
    after = metrics(at)
    assert after["SVM loss after"] == before["SVM loss after"] == ("0", "no change")
    assert after["Cross-entropy after"] != before["Cross-entropy after"]
    at.radio(key="nudge").set_value("noise").run()
    assert metrics(at)["SVM loss after"] == ("0", "no change")
    assert "exactly 0" in text(at)


def test_changing_the_number_of_classes_keeps_the_rows_and_adds_a_column():
    at = run()
    at.number_input(key="cmp_classes").set_value(4).run()
    assert not at.exception
    assert list(probabilities(at)[0])[-1] == "p(plane)"
    assert at.query_params["rows"] == "10,-2,3,0;10,9,9,0;10,-100,-100,0"
    at.button(key="cmp_reset").click().run()
    assert [r["cross-entropy"] for r in results(at)] == ["0.000918", "0.551", "3.38e-48"]


def test_notes_rows_keeps_the_editor_over_the_notes_rows_and_brings_them_back_after_an_edit():
    at = run()
    at.button(key="cmp_reset").click().run()  # the note's rows, unedited: the same editor, no new one
    assert "_cmp_version" not in at.session_state
    assert [r["cross-entropy"] for r in results(at)] == ["0.000918", "0.551", "3.38e-48"]
    edit(at, {"edited_rows": {2: {"car": "9.5"}}})
    assert [r["cross-entropy"] for r in results(at)][2] != "3.38e-48"
    at.button(key="cmp_reset").click().run()  # the whole page follows the note's rows again
    assert not at.exception
    assert at.session_state["_cmp_version"] == 1
    assert [r["cross-entropy"] for r in results(at)] == ["0.000918", "0.551", "3.38e-48"]
    assert "rows" not in at.query_params


def drawn_controls(monkeypatch):
    """The sections whose controls a run draws: each asks hinge.compare_controls for its options."""
    drawn = []
    for name, section in (("nudge_row_index", "nudge"), ("start_options", "training")):
        real = getattr(compare_controls, name)
        counted = lambda *a, real=real, s=section: drawn.append(s) or real(*a)  # noqa: E731
        monkeypatch.setattr(compare_controls, name, counted)
    return drawn


def test_a_margin_press_reruns_the_nudges_and_trainings_results_not_their_controls():
    at = run()
    with pytest.MonkeyPatch.context() as monkeypatch:
        drawn = drawn_controls(monkeypatch)
        at.slider(key="margin").set_value(2.0).run()
    assert not at.exception and drawn == []
    assert metrics(at)["SVM loss after"] == ("0", "no change")  # [10, -100, -100] still leads by far
    assert "met at step 20" in text(at)  # the training follows Δ


def test_training_a_row_that_meets_its_margins_says_the_svm_never_moves():
    at = run()
    at.selectbox(key="train").set_value("3").run()
    assert "the scores **never move**" in text(at)


def test_log_scale_puts_the_tiny_cross_entropy_on_the_chart():
    at = run()
    assert chart_rows_ce(at)[2] == pytest.approx(-47.4714, abs=1e-4)  # log10 of 3.38e-48
    at.toggle(key="log").set_value(False).run()
    assert chart_rows_ce(at)[1] == pytest.approx(0.5514, abs=1e-4)


NOISE = "random noise"  # what Streamlit puts in the link for the nudge radio's second option


@pytest.mark.parametrize(
    ("query", "notice", "link"),
    [
        ({"seed": "-1"}, "`seed` is out of range (-1; expected 0 to 9999): using 0.", {}),
        ({"nudge": NOISE, "seed": "-1"}, "`seed` is out of range", {"nudge": NOISE}),
        ({"nudge": NOISE, "seed": "2.5"}, "`seed` is not a whole number (2.5): using 0.", {"nudge": NOISE}),
        ({"nudge": NOISE, "seed": "1e400"}, "`seed` is infinite", {"nudge": NOISE}),
        ({"nudge": "noise"}, "`nudge` must be one of 'one score', 'random noise' (not 'noise')", {}),
        ({"variant": "crammer_singer"}, "`variant` must be one of", {}),
        ({"nudge": NOISE, "nudge_class": "zebra"}, "`nudge_class` must be one of", {"nudge": NOISE}),
        ({"train": "row 9"}, "`train` must be one of the options in its box", {}),
        ({"nudge_row": "0", "eps": "nan"}, "`nudge_row` must be one of '1', '2', '3' (not '0')", {}),
        ({"labels": "1,1,1"}, "`labels` is only read together with `rows`", {}),
        ({"margin": "abc", "steps": "7"}, "`margin` is not a number ('abc'): using 1.", {}),
    ],
)
def test_an_unusable_link_value_gets_a_notice_and_leaves_the_link(query, notice, link):
    at = run(**query)
    assert any(w.startswith(notice) for w in warnings(at)), warnings(at)
    assert dict(at.query_params) == link  # the link now says what the page shows


def test_a_link_seed_with_a_trailing_zero_is_used_and_the_link_keeps_it_whole():
    at = run(nudge=NOISE, seed="3.0")
    assert warnings(at) == []
    assert at.number_input(key="seed").value == 3
    assert dict(at.query_params) == {"nudge": NOISE, "seed": "3"}
    at.number_input(key="seed").set_value(7).run()
    assert at.query_params["seed"] == "7"
    at.number_input(key="seed").set_value(0).run()
    assert "seed" not in at.query_params  # the default needs no parameter


@pytest.mark.parametrize(
    "query",
    [
        {"variant": "highest incorrect class only"},  # what a share link carries
        {"log": "False"},  # Streamlit reads a toggle in any case
        {"nudge": NOISE, "seed": "12"},
        {"nudge_row": "2", "nudge_class": "frog"},
        {"seed": "5"},  # kept for when the noise is switched on
    ],
)
def test_a_usable_link_value_gets_no_notice_and_stays(query):
    at = run(**query)
    assert warnings(at) == []
    assert dict(at.query_params) == query


def test_the_link_variant_label_reaches_the_loss():
    at = run(variant="highest incorrect class only", margin="2")
    assert [r["SVM loss"] for r in results(at)] == ["0", "1", "0"]  # [10,9,9]: one term, 9 - 10 + 2


def test_a_score_cell_is_read_as_the_text_typed_in_it():
    at = run()
    cells = at.dataframe[0].value  # the editor: score cells hold text, in the shortest exact form
    assert cells["car"].tolist() == ["-2", "9", "-100"]
    edit(at, {"edited_rows": {0: {"car": "1e3"}, 2: {"frog": "-1e308"}}})
    assert warnings(at) == ["Row 3, frog is too large (-1e+308; at most ±1e+06)."]
    assert at.query_params["rows"] == "10,1000,3;10,9,9"
    assert results(at)[0]["SVM loss"] == "991"  # 1000 - 10 + 1


def test_the_correct_class_is_picked_by_name():
    at = run()
    assert at.dataframe[0].value["correct class"].tolist() == ["cat", "cat", "cat"]
    edit(at, {"edited_rows": {1: {"correct class": "frog"}}})
    assert at.query_params["labels"] == "0,2,0"
    assert probabilities(at)[1]["correct class"] == "frog"
    assert results(at)[1]["lead"] == "-1"  # frog 9 against cat 10
