"""The lesson's model (hinge.lesson): every answer against plain-loop references, the note's numbers,
the controls, checking a prediction, and the link's step."""

import math
import random
from urllib.parse import parse_qs

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hinge import lesson, note, registry
from hinge import playground_controls as pc
from hinge.lesson import CHOICE, NO, YES

import reference as ref

# The steps' keys are the classroom poll's question ids and the summary's links: they must not change.
KEYS = (
    "cat", "car", "frog", "batch", "car_small_change", "car_slack", "minimum", "maximum", "random",
    "kink", "margin_scale", "crammer_singer", "ce_confident", "ce_close", "ce_zero", "nudge",
)  # fmt: skip
# The contract between the model and the page: the keys each view's state has.
VIEW_KEYS = {
    "playground": {"scores", "label", "margin", "scale", "scale_margin", "variant"},
    "batch": {"rows", "labels", "margin", "variant"},
    "random": {"classes", "sigma", "margin", "samples", "seed"},
    "cross_entropy": {"rows", "labels", "margin", "variant"},
    "nudge": {"scores", "label", "eps", "seed", "margin", "variant"},
}
# The numbers the note (or the issue, for what the note leaves out) states.
NOTE_NUMBERS = {
    "cat": 2.9, "car": 0.0, "frog": 12.9, "batch": 5.27, "minimum": 0.0, "random": 2.0,
    "margin_scale": 29.0, "crammer_singer": 6.6, "ce_confident": 0.000918, "ce_close": 0.551,
}  # fmt: skip
NOTE_CHOICES = {
    "car_small_change": NO,
    "maximum": NO,
    "kink": NO,
    "ce_zero": NO,
    "nudge": "only cross-entropy",
}
IDS = [step.key for step in lesson.STEPS]
CONTROL_KEYS = {"margin", "scale", "sigma", "eps", "classes", *(f"s{j}" for j in range(10))}  # the contract's


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


# ---------------------------------------------------------------- plain-loop answers


def _used(state):
    """The scores and the margin the playground's graph uses: both times k when the margin is scaled."""
    k = state["scale"]
    return [k * s for s in state["scores"]], state["margin"] * (k if state["scale_margin"] else 1.0)


def _image(state):
    scores, margin = _used(state)
    return ref.svm_loss(scores, state["label"], margin, state["variant"])


def _slacks(state):
    scores, margin = _used(state)
    y = state["label"]
    return [scores[y] - s - margin for j, s in enumerate(scores) if j != y]


def _small_change(state):
    """No iff no change of at most eps moves the loss: it is 0 and the worst change (an incorrect score
    up by eps, the correct one down by eps) keeps every margin."""
    eps = state["eps"]
    return NO if eps == 0 or (_image(state) == 0 and eps <= min(_slacks(state)) / 2) else YES


def _kink(state):
    scores, margin = _used(state)
    y = state["label"]
    on = any(
        abs(s - scores[y] + margin) <= 1e-9 * max(1.0, abs(scores[y])) for j, s in enumerate(scores) if j != y
    )
    return NO if on else YES


def _random(state):
    """(C − 1)(μΦ(μ/τ) + τφ(μ/τ)), μ = Δ, τ = σ√2: the expectation of C − 1 terms max(0, N(μ, τ²))."""
    c, margin, tau = state["classes"], state["margin"], state["sigma"] * math.sqrt(2)
    z = margin / tau
    phi = math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    return (c - 1) * (margin * 0.5 * math.erfc(-z / math.sqrt(2)) + tau * phi)


def _row(state):
    return list(state["rows"][state["row"]]), state["labels"][state["row"]]


def _cross_entropy(state):
    return 10 ** ref.log10_cross_entropy(*_row(state))


def _nudge(state):
    """The same seeded noise (numpy's generator: data, not a formula), the losses from the plain loops."""
    before = list(state["scores"])
    noise = np.random.default_rng(state["seed"]).uniform(-state["eps"], state["eps"], len(before))
    after = [s + float(d) for s, d in zip(before, noise, strict=True)]
    y, m, v = state["label"], state["margin"], state["variant"]
    svm = ref.svm_loss(after, y, m, v) != ref.svm_loss(before, y, m, v)
    ce = ref.log10_cross_entropy(after, y) != ref.log10_cross_entropy(before, y)
    return {
        (True, True): "both",
        (False, True): "only cross-entropy",
        (True, False): "only the SVM loss",
    }.get((svm, ce), "neither")


REFERENCE = {
    "cat": _image,
    "car": _image,
    "frog": _image,
    "batch": lambda s: (
        sum(
            ref.svm_loss(list(r), y, s["margin"], s["variant"])
            for r, y in zip(s["rows"], s["labels"], strict=True)
        )
        / len(s["rows"])
    ),
    "car_small_change": _small_change,
    "car_slack": lambda s: max(0.0, min(_slacks(s))),
    "minimum": lambda s: 0.0,
    "maximum": lambda s: NO,
    "random": _random,
    "kink": _kink,
    "margin_scale": _image,
    "crammer_singer": _image,
    "ce_confident": _cross_entropy,
    "ce_close": _cross_entropy,
    "ce_zero": lambda s: YES if ref.log10_cross_entropy(*_row(s)) == -math.inf else NO,
    "nudge": _nudge,
}


def agrees(step, state, answer):
    expected = REFERENCE[step.key](state)
    if step.question.kind == CHOICE:
        return answer.value == expected
    # a relative question's answer may be 3.38e-48: no absolute slack there
    return math.isclose(answer.value, expected, rel_tol=1e-9, abs_tol=0 if step.question.relative else 1e-9)


# ---------------------------------------------------------------- the steps as they stand


def test_the_steps_keys_are_unique_and_stable():
    assert tuple(IDS) == KEYS
    assert [lesson.by_key(key).key for key in KEYS] == list(KEYS)
    with pytest.raises(KeyError):
        lesson.by_key("dog")


def test_there_are_12_to_16_steps_in_the_notes_order():
    assert 12 <= len(lesson.STEPS) <= 16
    # the note's order: its example, its questions, then cross-entropy against the SVM loss
    assert IDS.index("batch") < IDS.index("car_small_change") < IDS.index("minimum") < IDS.index("random")
    assert IDS.index("random") < IDS.index("kink") < IDS.index("margin_scale") < IDS.index("ce_confident")


@pytest.mark.parametrize("step", lesson.STEPS, ids=IDS)
def test_each_answer_equals_the_plain_loop_reference(step):
    assert agrees(step, step.state, step.answer())


@pytest.mark.parametrize("step", lesson.STEPS, ids=IDS)
def test_each_state_has_its_views_keys_and_plain_values(step):
    assert step.view in lesson.VIEWS
    assert VIEW_KEYS[step.view] <= set(step.state)
    for value in step.state.values():
        assert isinstance(value, (int, float, str, bool, tuple)), value
    if step.view == "cross_entropy":
        assert step.state["rows"] == note.CE_ROWS and 0 <= step.state["row"] < len(note.CE_ROWS)
    if "variant" in step.state:
        assert step.state["variant"] in registry.VARIANTS


@pytest.mark.parametrize("key", NOTE_NUMBERS)
def test_the_answer_is_the_notes_number(key):
    step = lesson.by_key(key)
    answer = step.answer()
    assert step.note_value is not None and math.isclose(
        step.note_value, NOTE_NUMBERS[key], rel_tol=1e-3, abs_tol=1e-12
    )
    assert answer.shown == lesson.shown(step.question, NOTE_NUMBERS[key])  # written as the note writes it
    assert lesson.check(step.question, answer.value, NOTE_NUMBERS[key]).right
    assert math.isclose(answer.value, step.note_value, rel_tol=1e-3, abs_tol=1e-12)


@pytest.mark.parametrize("key", NOTE_CHOICES)
def test_the_choice_is_the_notes_answer(key):
    step = lesson.by_key(key)
    assert step.answer().value == step.note_value == NOTE_CHOICES[key]


def test_the_notes_numbers_come_from_the_notes_data():
    assert lesson.by_key("cat").note_value == note.IMAGE_LOSSES[0]
    assert lesson.by_key("frog").note_value == note.IMAGE_LOSSES[2]
    assert lesson.by_key("batch").note_value == note.BATCH_MEAN
    assert lesson.by_key("batch").answer().note == "5.27 is (2.9 + 0 + 12.9) / 3 = 5.2667, rounded."


def test_cross_entropy_of_the_last_row_is_about_3_38e_48_and_not_0():
    answer = lesson.by_key("ce_zero").answer()
    assert answer.why.startswith("It is 3.38e-48: tiny, but not 0.")
    assert f"{10 ** ref.log10_cross_entropy([10, -100, -100], 0):.3g}" == "3.38e-48"
    assert any("cross-entropy 3.38e-48" in row for row in answer.arithmetic)


def test_the_car_may_fall_by_its_least_slack_and_the_loss_wakes_just_beyond():
    step = lesson.by_key("car_slack")
    fall = step.answer().value
    assert round(fall, 10) == 1.9  # 4.9 − 2.0 − 1: the frog's slack
    scores, y = list(note.IMAGES["car"][0]), note.IMAGES["car"][1]
    assert ref.svm_loss([*scores[:y], scores[y] - fall, *scores[y + 1 :]], y) == 0
    assert ref.svm_loss([*scores[:y], scores[y] - fall - 0.01, *scores[y + 1 :]], y) > 0


def test_small_changes_of_the_car_never_move_its_loss_and_a_larger_one_does():
    step = lesson.by_key("car_small_change")
    eps = step.state["eps"]
    rng = random.Random(0)
    car, y = note.IMAGES["car"]
    for _ in range(500):  # any change of at most eps keeps the loss at 0
        assert ref.svm_loss([s + rng.uniform(-eps, eps) for s in car], y) == 0
    big = lesson.with_control(step.state, "eps", 1.0)  # more than half the frog's slack 1.9
    assert step.answer(big).value == YES
    assert ref.svm_loss([car[0], car[1] - 1.0, car[2] + 1.0], y) > 0  # the change that wakes the frog's term


def test_the_loss_has_no_maximum_and_reaches_its_minimum_0():
    cat, y = note.IMAGES["cat"]
    down = [ref.svm_loss([t, *cat[1:]], y) for t in (-10.0, -100.0, -1000.0)]
    assert down[0] < down[1] < down[2]
    assert ref.svm_loss([6.1, *cat[1:]], y) == 0  # the car's 5.1 plus the margin
    assert "25.4" in lesson.by_key("maximum").answer().why


def test_the_kink_step_sits_on_the_hinge_and_leaves_it_when_the_cat_score_moves():
    step = lesson.by_key("kink")
    assert step.answer().value == NO
    assert step.answer(lesson.with_control(step.state, "s0", 6.2)).value == YES
    scores = list(step.state["scores"])
    h = 1e-6
    left = (ref.svm_loss(scores, 0) - ref.svm_loss([scores[0] - h, *scores[1:]], 0)) / h
    right = (ref.svm_loss([scores[0] + h, *scores[1:]], 0) - ref.svm_loss(scores, 0)) / h
    assert round(left, 6) == -1 and round(right, 6) == 0  # two slopes: no derivative


def test_margin_and_scale_give_k_times_the_loss_and_the_note_read_literally_does_not():
    answer = lesson.by_key("margin_scale").answer()
    cat, y = note.IMAGES["cat"]
    assert close(answer.value, 10 * ref.svm_loss(list(cat), y))
    literal = ref.svm_loss([10 * s for s in cat], y, margin=0.1)
    assert round(literal, 10) == 19.1 and "19.1" in answer.note and registry.SCALING in answer.note


def test_crammer_singer_on_the_frog_keeps_only_the_largest_term():
    answer = lesson.by_key("crammer_singer").answer()
    assert close(answer.value, max(ref.hinge_terms([2.2, 2.5, -3.1], 2)))
    assert "Weston-Watkins" in answer.note and "Crammer-Singer" in answer.note


def test_the_random_step_says_where_c_minus_1_stops_holding():
    step = lesson.by_key("random")
    assert step.note_value == step.state["classes"] - 1
    wide = step.answer(lesson.with_control(step.state, "sigma", 3.0))
    assert not lesson.check(step.question, wide.value, step.state["classes"] - 1).right
    assert "away from (C − 1)·Δ = 2" in wide.why
    assert "only while the scores are small next to the margin" in step.answer().note


@pytest.mark.parametrize("step", lesson.STEPS, ids=IDS)
def test_each_answer_is_written_out_in_plain_text(step):
    answer = step.answer()
    assert answer.arithmetic and all(isinstance(row, str) and "<" not in row for row in answer.arithmetic)
    assert answer.why and "<" not in answer.why
    assert answer.shown == lesson.shown(step.question, answer.value)
    if step.question.kind == CHOICE:
        assert answer.value in step.question.choices
        assert len(set(step.question.choices)) == len(step.question.choices) >= 2
    else:
        assert any(answer.shown in row for row in answer.arithmetic)
        assert lesson.check(
            step.question, answer.value, answer.shown
        ).right  # the shown answer counts as right


def test_the_image_steps_arithmetic_is_the_playgrounds():
    assert lesson.by_key("cat").answer().arithmetic == (
        "L = max(0, 5.1 − 3.2 + 1) + max(0, −1.7 − 3.2 + 1)",
        "  = 2.9 + 0 = 2.9",
    )
    assert lesson.by_key("crammer_singer").answer().arithmetic[-1] == "  = max(6.3, 6.6) = 6.6"
    assert lesson.by_key("batch").answer().arithmetic[-1] == "L = (2.9 + 0 + 12.9) / 3 = 5.27"


# ---------------------------------------------------------------- the controls


@pytest.mark.parametrize("step", lesson.STEPS, ids=IDS)
def test_each_control_sets_an_entry_of_its_views_state_from_a_range_that_holds_it(step):
    assert step.controls
    assert len({c.key for c in step.controls}) == len(step.controls)
    assert {c.key for c in step.controls} <= CONTROL_KEYS
    for control in step.controls:
        assert control.lo < control.hi and control.step > 0
        for value in (control.lo, control.hi):
            moved = lesson.with_control(step.state, control.key, value)
            assert set(moved) == set(step.state)
            assert moved != step.state or _current(step.state, control.key) == value
        current = _current(step.state, control.key)
        assert control.lo <= current <= control.hi
        assert abs(round((current - control.lo) / control.step) * control.step + control.lo - current) < 1e-9


def _current(state, key):
    value = lesson.control_value(state, key)
    assert lesson.control_value(lesson.with_control(state, key, value), key) == value  # a round trip
    return value


def test_with_control_returns_a_new_state_and_refuses_what_no_control_sets():
    state = lesson.by_key("random").state
    assert lesson.with_control(state, "classes", 5.0)["classes"] == 5
    assert state["classes"] == 3
    for key, value in (
        ("classes", 2.5),
        ("sigma", math.nan),
        ("sigma", math.inf),
        ("sigma", True),
        ("sigma", "1"),
    ):
        with pytest.raises(ValueError):
            lesson.with_control(state, key, value)
    for key in ("s0", "variant", "nope", ""):
        with pytest.raises(KeyError):
            lesson.with_control(state, key, 1.0)
    with pytest.raises(KeyError):
        lesson.with_control(lesson.by_key("cat").state, "s3", 1.0)  # three classes: s0 to s2


def _on_grid(control):
    n = round((control.hi - control.lo) / control.step)
    return st.integers(0, n).map(lambda i: round(control.lo + i * control.step, 10))


@pytest.mark.parametrize("step", lesson.STEPS, ids=IDS)
@settings(max_examples=25)
@given(data=st.data())
def test_the_answer_follows_the_controls_and_equals_the_reference(step, data):
    state = step.state
    for control in step.controls:
        if data.draw(st.booleans(), label=f"move {control.key}"):
            state = lesson.with_control(state, control.key, data.draw(_on_grid(control), label=control.key))
    answer = step.answer(state)
    assert agrees(step, state, answer)
    assert answer.shown == lesson.shown(step.question, answer.value)
    if step.question.kind == CHOICE:
        assert answer.value in step.question.choices
    assert answer.why and answer.arithmetic


def test_a_moved_control_moves_the_answer():
    cat = lesson.by_key("cat")
    assert cat.answer(lesson.with_control(cat.state, "s1", 4.0)).shown == "1.8"
    assert lesson.by_key("car_slack").answer({"margin": 2.0}).shown == "0.9"
    scale = lesson.by_key("margin_scale")
    assert scale.answer(lesson.with_control(scale.state, "scale", 2.0)).shown == "5.8"
    ce = lesson.by_key("ce_zero")
    assert ce.answer(lesson.with_control(ce.state, "s1", 9.0)).why.startswith("It is 0.313, not 0.")


# ---------------------------------------------------------------- the playground's link


@pytest.mark.parametrize("step", lesson.STEPS, ids=IDS)
def test_the_playground_link_holds_the_state_and_other_views_have_none(step):
    query = lesson.playground_query(step.state)
    if step.view != "playground":
        assert query is None
        return
    link = {key: values[0] for key, values in parse_qs(query).items()}
    state = step.state
    names = note.CLASS_NAMES[: int(link["classes"])]
    assert len(names) == len(state["scores"]) and link["label"] == names[state["label"]]
    assert [float(link[f"s{j}"]) for j in range(len(names))] == list(state["scores"])
    assert (float(link["margin"]), float(link["scale"])) == (state["margin"], state["scale"])
    assert link["scale_margin"] == str(state["scale_margin"]).lower()
    assert pc.variant_key(link["variant"]) == state["variant"]
    for key, spec in pc.NUMBERS.items():  # every value within the playground's sliders
        if key in link:
            assert spec.lo <= float(link[key]) <= spec.hi


# ---------------------------------------------------------------- checking a prediction


number_questions = st.sampled_from([s.question for s in lesson.STEPS if s.question.kind != CHOICE])


def _allowed(question, value):
    return question.tolerance * abs(value) if question.relative else question.tolerance


@given(number_questions, st.floats(1e-60, 1e3), st.floats(0, 0.98))
def test_a_prediction_within_the_tolerance_is_right(question, value, fraction):
    for sign in (1, -1):
        verdict = lesson.check(question, value, value + sign * fraction * _allowed(question, value))
        assert verdict.right and verdict.message == "Right."


@given(number_questions, st.floats(1e-60, 1e3), st.floats(1.02, 1e3))
def test_a_prediction_outside_the_tolerance_is_wrong_and_says_by_how_much(question, value, factor):
    guess = value + factor * _allowed(question, value)
    if abs(guess) > lesson.MAX_PREDICTION:
        return
    verdict = lesson.check(question, value, guess)
    assert not verdict.right and math.isclose(verdict.off_by, guess - value)
    assert verdict.message.endswith(f"the answer is {lesson.shown(question, value)}.")


def test_2_9_and_2_90_are_both_right_and_0_is_wrong_for_a_tiny_cross_entropy():
    cat = lesson.by_key("cat")
    for text in ("2.9", "2.90", "2,9", " 2.9 ", "2.94"):
        assert lesson.check(cat.question, cat.answer().value, text).right, text
    assert not lesson.check(cat.question, cat.answer().value, "3").right
    confident = lesson.by_key("ce_confident")
    value = confident.answer().value
    assert lesson.check(confident.question, value, "0.0009").right
    assert lesson.check(confident.question, value, "9.18e-4").right
    assert not lesson.check(confident.question, value, "0").right
    assert not lesson.check(confident.question, value, "0.0012").right


@given(st.sampled_from([s for s in lesson.STEPS if s.question.kind == CHOICE]), st.data())
def test_a_choice_is_right_exactly_when_it_is_the_answer(step, data):
    answer = step.answer().value
    pick = data.draw(st.sampled_from(step.question.choices))
    verdict = lesson.check(step.question, answer, pick)
    assert verdict.right == (pick == answer)
    assert verdict.off_by is None
    with pytest.raises(ValueError, match="Pick one of the choices"):
        lesson.check(
            step.question, answer, data.draw(st.text().filter(lambda t: t not in step.question.choices))
        )


@pytest.mark.parametrize(
    "text", ["", "   ", "abc", "nan", "NaN", "inf", "-inf", "1e308", "-1e309", "1,2,3", "0x10", "<b>1</b>",
             "2..9", "1e", "9" * 41, "--1", None, "١٢"],
)  # fmt: skip
def test_parse_number_refuses_hostile_text_with_a_message(text):
    try:
        value = lesson.parse_number(text)
    except ValueError as error:
        assert str(error) and len(str(error)) < 120
    else:  # what Python reads as a number ("١٢" is 12 in Arabic-Indic digits) must still be in range
        assert math.isfinite(value) and abs(value) <= lesson.MAX_PREDICTION


@given(st.text(max_size=60))
def test_parse_number_gives_a_finite_number_or_a_value_error(text):
    try:
        value = lesson.parse_number(text)
    except ValueError:
        return
    assert math.isfinite(value) and abs(value) <= lesson.MAX_PREDICTION


def test_check_refuses_a_prediction_that_is_not_a_number():
    question = lesson.by_key("cat").question
    for bad in ("abc", "", "nan", True, math.nan, math.inf):
        with pytest.raises(ValueError):
            lesson.check(question, 2.9, bad)


# ---------------------------------------------------------------- ?step=


@pytest.mark.parametrize(
    ("text", "index"),
    [("1", 0), ("16", 15), ("3.0", 2), (" 4 ", 3), ("1e1", 9), (["5"], 4), (None, 0), ([], 0)],
)
def test_step_from_link_reads_a_whole_number_from_1(text, index):
    assert lesson.step_from_link(text) == (index, None)


@pytest.mark.parametrize(
    "text",
    ["abc", "NaN", "nan", "inf", "0", "-1", "17", "1e308", "2.5", "", "1,2,3",
     ",".join(map(str, range(1, 5000))), ["1", "2"], [str(i) for i in range(10_000)],
     "<script>alert(1)</script>", "`code`", "9" * 3000, 3.5],
)  # fmt: skip
def test_step_from_link_gives_step_1_and_a_short_notice_for_anything_else(text):
    index, notice = lesson.step_from_link(text)
    assert index == 0
    assert notice and len(notice) < 160 and "using 1" in notice
    assert "<script>" not in notice and "`code`" not in notice  # the link's text is escaped


@given(st.one_of(st.text(max_size=50), st.lists(st.text(max_size=5), max_size=5), st.floats(), st.integers()))
def test_step_from_link_never_fails(text):
    index, notice = lesson.step_from_link(text)
    assert 0 <= index < len(lesson.STEPS)
    assert notice is None or (isinstance(notice, str) and index == 0)


@pytest.mark.parametrize("step", lesson.STEPS, ids=IDS)
def test_a_note_reads_after_the_label_the_note(step):
    remark = step.answer().note
    assert not remark or remark[0].islower() or remark[0].isdigit() or remark[0] == "“", remark


def test_the_nudge_says_why_the_svm_loss_stays_and_cross_entropy_moves():
    step = lesson.by_key("nudge")
    why = step.answer().why
    assert why.startswith("The correct score led by 110, and no score moved by more than ε = 0.5")
    assert "the SVM loss stays exactly 0" in why and "Cross-entropy is never 0" in why
    near = step.answer(lesson.with_control(step.state, "s1", 9.8))  # a lead of 0.2: a margin is not met
    assert near.value == "both" and near.why.startswith("A margin is not met, so the SVM loss moves too")
