"""hinge.links (one checker of link values for every page) and its Streamlit side in hinge.ui."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from hinge.links import Choice, Number, Toggle, check_link, check_value

CONTROLS = {
    "margin": Number(0.0, 5.0, 1.0, 0.1),
    "steps": Number(10, 500, 100, 10),
    "view": Choice(("3-D surface", "heat map"), "3-D surface", aliases={"surface": "3-D surface"}),
    "samples": Choice(("1,000", "10,000", "100,000"), "10,000", numbered=True),
    "log": Toggle(False),
}


@pytest.mark.parametrize(
    ("name", "text", "fixed", "notice"),
    [
        ("margin", "2.5", "2.5", None),
        ("margin", "2.50", "2.5", None),
        ("margin", "abc", None, "`margin` is not a number ('abc'): using 1."),
        ("margin", "-1", None, "`margin` is out of range (-1; expected 0 to 5): using 1."),
        ("margin", "nan", None, "`margin` is empty or NaN: using 1."),
        ("steps", "110.0", "110", None),
        ("steps", "1.5", None, "`steps` is not a whole number (1.5): using 100."),
        ("steps", "1e400", None, "`steps` is infinite: using 100."),
        ("view", "heat map", "heat map", None),
        ("view", " Surface ", "3-D surface", None),
        ("view", "<b>x</b>", None,
         "`view` must be one of '3-D surface', 'heat map' (not '\\<b\\>x\\</b\\>'): using '3-D surface'."),
        ("samples", "1e4", "10,000", None),
        ("samples", "10000", "10,000", None),
        ("samples", "5", None,
         "`samples` is not one of the slider's values (5; 1,000 to 100,000): using 10,000."),
        ("samples", "many", None, "`samples` is not a number ('many'): using 10,000."),
        ("log", "YES", "true", None),
        ("log", "0", "false", None),
        ("log", "maybe", None, "`log` must be one of true, false (not 'maybe'): using false."),
        ("log", "x" * 3000, None, "`log` is too long (3000 characters): using the default."),
    ],
)  # fmt: skip
def test_check_value(name, text, fixed, notice):
    assert check_value(name, text, CONTROLS[name]) == (fixed, notice)


def test_check_link_leaves_other_keys_and_good_values_alone():
    query = {"margin": "2", "present": "1", "view": "heat map", "steps": "abc"}
    assert check_link(query, CONTROLS) == (
        {"steps": None},
        ["`steps` is not a number ('abc'): using 100."],
    )


@given(st.dictionaries(st.sampled_from([*CONTROLS, "other"]), st.text(max_size=30), max_size=6))
def test_any_link_gives_fixes_that_check_clean(query):
    """Whatever a link holds, its fixed form is usable as it is: no fix and no notice the second time."""
    fixes, notices = check_link(query, CONTROLS)
    fixed = {name: text for name, text in {**query, **fixes}.items() if text is not None}
    assert check_link(fixed, CONTROLS) == ({}, [])
    assert len(notices) == sum(1 for text in fixes.values() if text is None)


def _editor_app():
    import streamlit as st

    from hinge import ui

    if st.button("forget", key="forget"):
        ui.forget_edits("t")
    st.session_state.drawn = ui.editor_drawn("t")
    edited = ui.versioned_editor("t", {"a": ["1", "2"]})
    st.write(f"rows {len(edited['a'])} version {ui.editor_version('t')}")


def test_a_versioned_editor_is_a_new_widget_after_forget_edits():
    at = AppTest.from_function(_editor_app, default_timeout=60).run()
    assert at.session_state.drawn is False
    assert at.markdown[0].value == "rows 2 version 0"
    at.run()
    assert at.session_state.drawn is True
    at.button(key="forget").click().run()
    assert at.session_state.drawn is False
    assert at.markdown[0].value == "rows 2 version 1"


def _link_app():
    import streamlit as st

    from hinge import links, ui

    controls = {"k": links.Number(0.0, 10.0, 1.0, 0.5), "view": links.Choice(("a", "b"), "a")}
    st.session_state.runs = st.session_state.get("runs", 0) + 1
    ui.correct_link(*links.check_link(st.query_params.to_dict(), controls), key="_checked")
    k = st.slider("k", 0.0, 10.0, 1.0, 0.5, key="k", bind="query-params")
    view = st.radio("view", ["a", "b"], key="view", bind="query-params")
    ui.keep_in_link("note", "x", default="x")
    st.write(f"k {k} view {view}")


def test_correct_link_drops_unusable_values_reruns_once_and_says_why():
    at = AppTest.from_function(_link_app, default_timeout=60)
    at.query_params.update({"k": "4.0", "view": "zebra", "note": "y"})
    at.run()
    assert [w.value for w in at.warning] == ["`view` must be one of 'a', 'b' (not 'zebra'): using 'a'."]
    assert at.markdown[0].value == "k 4.0 view a"
    assert at.session_state.runs == 2  # the check's one rerun
    assert "view" not in at.query_params and "note" not in at.query_params
    at.run()
    assert not at.warning
