"""Whole-number controls in a link (ui.whole_number_input and the training page's step): a bad value
gives a notice and the link is corrected to what is shown; whole numbers are written without ".0"."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
TRAIN = str(ROOT / "pages" / "3_Train_a_linear_classifier.py")
COMPARE = str(ROOT / "pages" / "1_Cross-entropy_vs_hinge.py")


def open_page(page, **query):
    at = AppTest.from_file(page, default_timeout=60)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def notices(at):
    return [w.value for w in at.warning] + [w.value for w in at.sidebar.warning if w not in at.warning]


def said(at, start, end):
    return any(n.startswith(start) and n.endswith(end) for n in notices(at))


def step_shown(at):
    (box,) = [n for n in at.number_input if n.label == "Go to step"]
    return box.value


@pytest.mark.parametrize("given", ["abc", "-1", "1e400", "inf", "-inf", "12.5", "nan", "3001", ""])
def test_a_bad_step_in_the_link_gives_a_notice_and_leaves_the_link(given):
    at = open_page(TRAIN, step=given)
    assert not at.exception
    shown = given.replace("-", "\\-").replace(".", "\\.") or "empty"
    assert f"`step` in the link is {shown}, not a whole number from 0 to 3000: using 0." in notices(at)
    assert step_shown(at) == 0
    assert "step" not in at.query_params  # step 0 is the default: the link no longer carries it


@pytest.mark.parametrize(
    ("key", "given"), [("wseed", "1.5"), ("wseed", "-1"), ("wseed", "inf"), ("seed", "1e400")]
)
def test_a_bad_seed_in_the_link_gives_a_notice_and_is_taken_out(key, given):
    at = open_page(TRAIN, init="Random, from a seed", data="Random blobs", **{key: given})
    assert not at.exception
    assert said(at, f"`{key}` in the link is ", "using 0."), notices(at)
    assert at.number_input(key=key).value == 0
    assert key not in at.query_params


def test_whole_numbers_in_the_link_are_written_without_a_decimal_point():
    at = open_page(TRAIN, step="175.0", wseed="1.0", init="Random, from a seed")
    assert not at.exception and not notices(at)
    assert step_shown(at) == 175 and at.number_input(key="wseed").value == 1
    assert at.query_params["step"] == "175" and at.query_params["wseed"] == "1"
    at.button(key="lin_step1").click().run()
    assert at.query_params["step"] == "176"
    at.run()  # the step reran the training view's results alone: the sidebar's button after a full run
    at.button(key="lin_random").click().run()
    assert at.query_params["wseed"] == "2"


def test_stepping_and_randomising_write_whole_numbers():
    at = open_page(TRAIN)
    at.number_input(key="lin_n").set_value(25).run()
    at.button(key="lin_stepn").click().run()
    at.run()  # (as above)
    at.button(key="lin_random").click().run()  # a new start: back to step 0
    assert at.query_params["wseed"] == "1" and "step" not in at.query_params
    at.button(key="lin_stepn").click().run()
    assert at.query_params["step"] == "25"


@pytest.mark.parametrize("given", ["-1", "1e400", "inf", "2.5", "x"])
def test_the_cross_entropy_pages_noise_seed_gives_a_notice_and_leaves_the_link(given):
    at = open_page(COMPARE, nudge="random noise", seed=given)
    assert not at.exception
    # the page's own link check names it (compare.link_notices), once
    assert [n for n in notices(at) if n.startswith("`seed`")] == [n for n in notices(at) if "seed" in n]
    assert len([n for n in notices(at) if "seed" in n]) == 1 and said(at, "`seed` ", "using 0."), notices(at)
    assert at.number_input(key="seed").value == 0
    assert "seed" not in at.query_params


def test_the_cross_entropy_pages_noise_seed_is_written_without_a_decimal_point():
    at = open_page(COMPARE, nudge="random noise", seed="5.0")
    assert not at.exception
    assert at.number_input(key="seed").value == 5 and at.query_params["seed"] == "5"
    at.number_input(key="seed").set_value(6).run()
    assert at.query_params["seed"] == "6"
