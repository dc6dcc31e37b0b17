"""Every page survives any query string a student can mangle: no exception, ever."""

import functools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from hinge.ui import PAGES as PAGES_MENU

ROOT = Path(__file__).resolve().parents[1]
# the front page through the router (app.py), then every other page
PAGES = ["app.py", *(path for path, _, url in PAGES_MENU if url)]

# Every key any page reads from the URL, plus keys no page knows.
KEYS = [
    "classes", "label", "margin", "scale", "scale_margin", "variant", "squared", "present",
    *[f"s{i}" for i in range(12)],
    "rows", "labels", "eps", "noise", "seed", "row", "k", "lr", "steps", "log",
    "C", "sigma", "samples", "jitter", "view", "loss", "loss2", "lam", "lambda", "step", "preset", "n",
    "spread",
    "points", "w", "init", "wseed", "delta", "data", "compare",
    "x", "y", "a", "b", "page", "embed", "embed_options", "__proto__", "",
]  # fmt: skip

HOSTILE = [
    "", " ", "nan", "NaN", "inf", "-inf", "Infinity", "1e308", "-1e308", "1e-320", "0", "-1", "-0", "999999",
    "3.5", "0x10", "1_000", "true", "false", "None", "null", "[]", "{}", "1,2,3", ";;;", "1,2;3", ",",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${{7*7}}", "'; DROP TABLE x;--",
    "%00", "\x00", "ü", "🐈", "∞", "١٢", "frog", "FROG", "cat ", "weston_watkins", "crammer_singer",
    "10,-2,3;10,9,9;10,-100,-100", "1" * 5000, ";".join(["1,2,3"] * 500), "1," * 3000,
]  # fmt: skip

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


@functools.cache
def widget_keys(page):
    """The widget keys of the page's default view."""
    return widget_keys_of(AppTest.from_file(str(ROOT / page), default_timeout=60).run())


def run_with(page, params):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at


@pytest.mark.parametrize("page", PAGES)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=query, data=st.data())
def test_no_query_string_raises(page, params, data):
    # half the time, aim at the names this page really reads
    own = data.draw(st.dictionaries(st.sampled_from(widget_keys(page)), values, max_size=6))
    at = run_with(page, {**params, **own})
    assert not at.exception, f"{page} with {params!r}: {at.exception[0].value if at.exception else ''}"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("value", HOSTILE)
def test_every_known_key_survives_every_hostile_value(page, value):
    at = run_with(page, dict.fromkeys(KEYS + widget_keys(page), value))
    assert not at.exception, f"{page} with every key = {value[:40]!r}: {at.exception[0].value}"


# Controls that only appear once another control is set: open them, then attack them.
UNLOCK = {
    "pages/1_Cross-entropy_vs_hinge.py": {"nudge": "random noise"},
    "pages/3_Train_a_linear_classifier.py": {"data": "Random blobs", "compare": "true"},
}


@pytest.mark.parametrize(("page", "unlock"), UNLOCK.items())
@pytest.mark.parametrize("value", ["inf", "-inf", "1e400", "nan", "99999999999999999999", "-1", "x"])
def test_controls_behind_other_controls_survive_hostile_values(page, unlock, value):
    at = run_with(page, unlock)
    hidden = sorted(set(widget_keys_of(at)) - set(widget_keys(page)))
    assert hidden, "the unlock parameters open at least one more control"
    at = run_with(page, {**unlock, **dict.fromkeys(hidden, value)})
    assert not at.exception, f"{page} with {hidden} = {value!r}: {at.exception[0].value}"
