"""Every page survives any link a student can mangle: no exception, ever; a value no control can use
gets a notice, and the page shows what it shows by default.

The one place for hostile links, a section a page, all driven by one list of hostile values
(HOSTILE, with FAR_OUT numbers) and one strategy (`query`). The wording of each control's notice
is pinned down with the page's own tests (test_app.py, test_compare_page.py, ...); here, the
values are thrown.
"""

import functools
import json
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from hinge.experiments_controls import TABS
from hinge.ui import PAGES as PAGES_MENU

ROOT = Path(__file__).resolve().parents[1]
PLAYGROUND = "app.py"  # the front page, through the router
CROSS_ENTROPY = "pages/1_Cross-entropy_vs_hinge.py"
QUESTIONS = "pages/2_Questions_as_experiments.py"
TRAINING = "pages/3_Train_a_linear_classifier.py"
LESSON = "pages/4_Lesson.py"
CLASSROOM = "pages/5_Classroom.py"
PAGES = [PLAYGROUND, *(path for path, _, url in PAGES_MENU if url)]

# Every key any page reads from the URL, plus keys no page knows.
KEYS = [
    "classes", "label", "margin", "scale", "scale_margin", "variant", "squared", "present",
    *[f"s{i}" for i in range(12)],
    "rows", "labels", "eps", "noise", "seed", "row", "k", "lr", "steps", "log",
    "C", "sigma", "samples", "jitter", "view", "loss", "loss2", "lam", "lambda", "step", "preset", "n",
    "spread",
    "points", "w", "init", "wseed", "delta", "data", "compare",
    "room", "key", "seat",
    "x", "y", "a", "b", "page", "embed", "embed_options", "__proto__", "",
]  # fmt: skip

HOSTILE = [
    "", " ", "nan", "NaN", "inf", "-inf", "Infinity", "1e308", "-1e308", "1e-320", "0", "-1", "-0", "999999",
    "3.5", "0x10", "1_000", "true", "false", "None", "null", "[]", "{}", "1,2,3", ";;;", "1,2;3", ",",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${{7*7}}", "'; DROP TABLE x;--",
    "%00", "\x00", "ü", "🐈", "∞", "١٢", "frog", "FROG", "cat ", "weston_watkins", "crammer_singer",
    "10,-2,3;10,9,9;10,-100,-100", "1" * 5000, ";".join(["1,2,3"] * 500), "1," * 3000,
    "abc", "99", "-99", "<b>x</b>",
]  # fmt: skip
# Where a page is opened many times over (a tab each, a hidden control each), a few of them, and
# numbers further out of range.
FAR_OUT = ["1e400", "-1e400", "1" * 400, "99999999999999999999", "x"]
TAB_VALUES = ["inf", "-1e400", "1" * 400, "nan", "<b>x</b>"]
HIDDEN_VALUES = ["inf", "-inf", "1e400", "nan", "99999999999999999999", "-1", "x"]
assert set(TAB_VALUES + HIDDEN_VALUES) <= set(HOSTILE + FAR_OUT)
STREAMLIT_QUERY_LIMIT = 524_288  # characters: Streamlit reads no parameter of a longer link, so says nothing

values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.floats().map(repr),
    st.integers(-(10**30), 10**30).map(str),
    st.lists(st.floats(allow_nan=True).map(lambda v: f"{v:g}"), max_size=12).map(",".join),
)
query = st.dictionaries(
    st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=8)),
    st.one_of(values, st.lists(values, min_size=2, max_size=3)),  # a list is a repeated key
    max_size=8,
)


def short(value):
    """A hostile value as a test id: its start and its length."""
    return repr(value if len(value) <= 16 else f"{value[:12]}…{len(value)}")


def run_with(page_file, params):
    at = AppTest.from_file(str(ROOT / page_file), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


def widget_keys_of(at):
    """The keys of every widget an AppTest run drew: the names a link can carry."""

    def walk(node, found):
        key = getattr(node, "key", None)
        if isinstance(key, str) and not key.startswith("$$"):
            found.add(key)
        children = getattr(node, "children", None)
        for child in children.values() if isinstance(children, dict) else []:
            walk(child, found)
        return found

    return sorted(walk(at._tree, set()))


def notices(at):
    return [w.value for w in at.warning] + [w.value for w in at.sidebar.warning if w not in at.warning]


def view(page_file, at):
    """What the page shows of its numbers, to compare with its default view."""
    if page_file == PLAYGROUND:  # the loss at the end of the written-out arithmetic
        (live,) = at.get("bidi_component")
        return json.loads(live.proto.json)["arithmetic"][-1][1][-1][0]
    if page_file == CROSS_ENTROPY:  # the table's cross-entropy of each row
        return [row["cross-entropy"] for row in at.table[0].value.to_dict("records")]
    if page_file == QUESTIONS:  # the open tab's computed finding, and its one (live) chart
        assert len(at.get("bidi_component")) == 1
        (finding,) = at.info
        return finding.value
    if page_file == LESSON:  # the step it opened: its heading
        return [h.value for h in at.subheader]
    if page_file == CLASSROOM:  # no room: Start a room, or join one
        return [b.label for b in at.button]
    return [m.value for m in at.markdown if "· step **" in m.value]  # the training page's status, a run each


@functools.cache
def default(page_file, base=()):
    """(widget keys, view) of the page opened with the usable link `base`, a tuple of (key, value)."""
    at = run_with(page_file, dict(base))
    assert not at.exception and not notices(at), (page_file, base)
    return widget_keys_of(at), view(page_file, at)


def falls_back(page_file, bad, base=(), *, accepted=()):
    """Open `page_file` with the link `base` + `bad`: no exception; unless a value of `bad` is one a
    control takes (`accepted`), a notice and the view of `base` alone."""
    at = run_with(page_file, {**dict(base), **bad})
    assert not at.exception, f"{page_file} with {bad!r}: {at.exception[0].value}"
    if set(bad.values()) & set(accepted):
        return at
    if len(urlencode({**dict(base), **bad})) <= STREAMLIT_QUERY_LIMIT:
        assert notices(at), f"{page_file} with {bad!r}: no notice"
    assert view(page_file, at) == default(page_file, base)[1], f"{page_file} with {bad!r}"
    return at


def every_key(page_file, value, base=()):
    """Every key any page reads, and every control the page shows, set to `value`."""
    return dict.fromkeys(KEYS + default(page_file, base)[0], value)


def test_the_default_views_the_pages_fall_back_to():
    assert default(PLAYGROUND)[1] == "2.9"
    assert default(CROSS_ENTROPY)[1] == ["0.000918", "0.551", "3.38e-48"]
    assert "Jitter 0.5 (seed 3)" in default(QUESTIONS)[1]
    (status,) = default(TRAINING)[1]
    assert "step **0** · total loss **6.267**" in status
    assert default(LESSON)[1] == ["1. The cat image"]


# --- every page: whatever the link ---------------------------------------------------------------


@pytest.mark.parametrize("page_file", PAGES)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=query, data=st.data())
def test_no_query_string_raises(page_file, params, data):
    # half the time, aim at the names this page really reads
    own = data.draw(st.dictionaries(st.sampled_from(default(page_file)[0]), values, max_size=6))
    at = run_with(page_file, {**params, **own})
    assert not at.exception, f"{page_file} with {params!r}: {at.exception[0].value if at.exception else ''}"


# Values that some control of the page takes (a margin of 0, a class name, a table of scores...):
# with every key set to one of them, the page shows something else than its default, rightly.
ACCEPTED = {
    PLAYGROUND: ["1e-320", "0", "-1", "-0", "3.5", "true", "frog"],
    CROSS_ENTROPY: ["1,2,3"],
    QUESTIONS: ["1e-320", "0", "-0", "١٢", "99"],
    TRAINING: ["1e-320", "0", "-0", "1_000", "true", "1,2,3", "١٢", "10,-2,3;10,9,9;10,-100,-100", "99"],
    LESSON: ["١٢"],  # step 12
    CLASSROOM: [],
}


@pytest.mark.parametrize("page_file", PAGES)
@pytest.mark.parametrize("value", HOSTILE, ids=short)
def test_every_known_key_with_every_hostile_value_gives_a_notice_and_the_default_view(page_file, value):
    at = falls_back(page_file, every_key(page_file, value), accepted=ACCEPTED[page_file])
    if page_file == PLAYGROUND:  # even with a value a control takes, every control stays in its range
        assert at.selectbox(key="classes").value in range(2, 11)
        assert 0 <= at.slider(key="margin").value <= 5


# Controls that only appear once another control is set: open them, then attack them.
UNLOCK = {
    CROSS_ENTROPY: {"nudge": "random noise"},
    TRAINING: {"data": "Random blobs", "compare": "true"},
}


@pytest.mark.parametrize(("page_file", "unlock"), UNLOCK.items())
@pytest.mark.parametrize("value", HIDDEN_VALUES, ids=short)
def test_controls_behind_other_controls_get_a_notice_for_hostile_values(page_file, unlock, value):
    base = tuple(unlock.items())
    hidden = sorted(set(default(page_file, base)[0]) - set(default(page_file)[0]))
    assert hidden, "the unlock parameters open at least one more control"
    falls_back(page_file, dict.fromkeys(hidden, value), base)


# --- the playground (app.py) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"variant": "hinge"}, {"variant": "weston_watkins"}, {"label": "ship"}, {"label": "FROG"},
        {"classes": "11"}, {"classes": "1"}, {"classes": "2.5"}, {"s0": "10.1"}, {"margin": "5.5"},
        {"scale": "0"}, {"squared": "maybe"}, {"s9": "1e308"},
        # the link of test_app_browser.py's test_a_garbage_link_shows_the_default_view
        {"classes": "inf", "label": "<b>x", "s0": "nan", "margin": "1e308", "variant": "hinge",
         "squared": "2"},
    ],
)  # fmt: skip
def test_the_playground_drops_an_unknown_or_out_of_range_value_for_the_default(bad):
    falls_back(PLAYGROUND, bad)


# --- the cross-entropy page -------------------------------------------------------------------------
# (its rows, labels and controls, each with its notice: test_compare_page.py; its seed:
# test_whole_number_links.py)


# --- the questions page: every tab ------------------------------------------------------------------

TAB_KEYS = ["jitter", "seed", "correct", "log", "classes", "sigma", "samples", "mc_margin", "mc_seed",
            "kink_class", "kink_at", "margin_image", "k", "margin", "variants_image", "variants_correct",
            "land_image", "land_x", "land_y", "land_loss", "land_view"]  # fmt: skip


@pytest.mark.parametrize("tab", TABS)
@pytest.mark.parametrize("value", TAB_VALUES, ids=short)
def test_every_tab_gives_a_notice_and_its_default_for_a_hostile_value_of_every_control(tab, value):
    falls_back(QUESTIONS, dict.fromkeys(TAB_KEYS, value), (("experiment", tab),))


@pytest.mark.parametrize(
    ("tab", "bad"),
    [
        (TABS[0], {"jitter": "abc", "seed": "-4"}),
        (TABS[2], {"classes": "1000", "sigma": "0.0007", "samples": "1e9", "mc_seed": "x"}),
        (TABS[3], {"kink_class": "<b>dog</b>", "kink_at": "inf"}),
        (TABS[4], {"k": "0", "margin": "-1", "margin_image": "horse"}),
        (TABS[6], {"land_loss": "mse", "land_view": "4-D", "land_x": "nan"}),
    ],
)
def test_bad_values_of_a_tabs_controls_fall_back_to_its_defaults(tab, bad):
    falls_back(QUESTIONS, bad, (("experiment", tab),))


def test_an_unknown_tab_falls_back_to_the_first():
    falls_back(QUESTIONS, {"experiment": "nonsense"})


# --- the training page ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "bad"),
    [
        ((), {"step": "abc"}), ((), {"step": "-4"}), ((), {"step": "inf"}), ((), {"step": "1e400"}),
        ((), {"loss": "hinge"}), ((), {"lam": "7"}),
        ((("data", "Random blobs"),), {"seed": "inf", "n": "inf"}),
        ((("init", "Random, from a seed"),), {"wseed": "-inf"}),
    ],
)  # fmt: skip
def test_invalid_control_values_in_the_training_link_are_dropped_for_the_default(base, bad):
    at = falls_back(TRAINING, bad, base)
    assert "step **0** · total loss" in view(TRAINING, at)[0]
